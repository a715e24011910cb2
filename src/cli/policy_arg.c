/* policy_arg.c — --policy as the version in force on a day (see policy_arg.h). */
#include "cli/policy_arg.h"

#include <assert.h>
#include <stdio.h>

#include "ops/policy_versions.h"

hs_status cli_policy_doc_on(const hs_ctx *ctx, const char *cmd, const char *ref, hs_date on,
                            const char *field, policy_doc *d, hs_error *err) {
    assert(ctx != NULL && cmd != NULL && ref != NULL && field != NULL && d != NULL);
    bool switched = false;
    hs_status st = policy_doc_on(ctx, ref, field, on, d, &switched, err);
    if (st == HS_OK && switched) {
        char day[DATE_TEXT_LEN];
        fprintf(stderr, "%s: %s is amended: using %s version %s (%s), in force on %s\n", cmd, ref,
                policy_id(d->policy), policy_version(d->policy), d->name, date_format(on, day));
    }
    return st;
}
