/* policy_scope.c — a request's policy, resolved and checked against the caller (policy_scope.h). */
#include "server/policy_scope.h"

#include <assert.h>
#include <stdio.h>

#include "server/body_fields.h"
#include "server/routes.h"

bool policy_in_scope(route_call *call, http_response *resp, const char *field, const char *ref,
                     hs_instrument instrument, const char *firm, policy_doc *doc, char *programme,
                     size_t programme_cap) {
    assert(call != NULL && ref != NULL && doc != NULL && programme_cap > 0);
    hs_error err = {0};
    instrument_policy ip = {0};
    if (policy_doc_resolve(call->ctx, ref, field, doc, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    if (doc->origin != POLICY_FROM_SHIPPED) {
        /* a version only the book still holds (an earlier decision's) may have been amended
         * since: an applicant must not pick the one that suits it */
        hs_invalid_field(&err, field,
                         "policy '%.100s' resolves to a version the book stored (%s@%s), not one "
                         "shipped under the data dir: new decisions take the shipped versions",
                         ref, policy_id(doc->policy), policy_version(doc->policy));
        policy_doc_free(doc);
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    if (ops_instrument_policy(doc, instrument, &ip, &err) != HS_OK) {
        if (err.field[0] == '\0')
            snprintf(err.field, sizeof err.field, "%s", field);
        policy_doc_free(doc);
        http_respond_error(resp, &err, true, NULL);
        return false;
    }
    snprintf(programme, programme_cap, "%s", ip.programme);
    instrument_policy_free(&ip);
    if (route_record_visible(call->caller, programme, firm))
        return true;
    hs_fail_code(&err, HS_REFUSED, "forbidden", field,
                 "%s (%s) may not act under policy '%.100s' of programme '%.64s'%s%.20s: not in "
                 "its scope",
                 call->caller->user, role_name(call->caller->role), ref, programme,
                 firm ? " for firm " : "", firm ? firm : "");
    policy_doc_free(doc);
    http_respond_error(resp, &err, false, NULL);
    return false;
}

bool programme_in_scope(route_call *call, http_response *resp, const char *what,
                        const char **programme) {
    if (!string_field(call, resp, "programme", true, programme))
        return false;
    if (route_record_visible(call->caller, *programme, NULL))
        return true;
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", "programme",
                 "%s (%s) may not %s programme '%.64s': not in its scope", call->caller->user,
                 role_name(call->caller->role), what, *programme);
    http_respond_error(resp, &err, false, NULL);
    return false;
}
