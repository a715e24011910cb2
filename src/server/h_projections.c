/* h_projections.c — the Monte Carlo projection of a programme over HTTP (POST /api/v1/projections),
 * on src/ops/project_run.h with the caller's context: the same run as `huoshui project run --json`
 * (or, with "compare": true, `project compare --json`), from the live book on the server's date
 * or "on", through the shipped policies (never a file named by the request), with what-if "set"
 * entries. Analysts project every programme; officers those they hold. A run stores its targets'
 * probabilities for `report targets` unless "store" is false (a comparison stores nothing). The
 * run is CPU-bound and synchronous, so paths and years are capped. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ops/project_run.h"
#include "ops/project_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/paging.h"

#define PROJECTION_PATHS_MAX 20000 /* paths in one request */

static void respond_invalid(http_response *resp, const char *field, const char *msg) {
    hs_error err = {0};
    hs_invalid_field(&err, field, "%s", msg);
    http_respond_error(resp, &err, true, NULL);
}

/* An optional integer member in lo..hi (*out unchanged when absent). */
static bool int_member(route_call *call, http_response *resp, const char *name, int64_t lo,
                       int64_t hi, int64_t *out) {
    json_t *v = json_object_get(call->body, name);
    if (v == NULL)
        return true;
    if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi) {
        *out = json_integer_value(v);
        return true;
    }
    char msg[96];
    snprintf(msg, sizeof msg, "%s is an integer from %lld to %lld", name, (long long)lo,
             (long long)hi);
    respond_invalid(resp, name, msg);
    return false;
}

/* The "set" member: an array of at most PROJECTION_SETS_MAX strings (borrowed into sets). */
static bool sets_member(route_call *call, http_response *resp, const char **sets, size_t *n) {
    json_t *v = json_object_get(call->body, "set");
    *n = 0;
    if (v == NULL)
        return true;
    bool ok = json_is_array(v) && json_array_size(v) <= PROJECTION_SETS_MAX;
    size_t i;
    json_t *s;
    json_array_foreach(v, i, s) {
        ok = ok && json_is_string(s) && json_string_length(s) < 512;
        if (ok)
            sets[(*n)++] = json_string_value(s);
    }
    if (!ok)
        respond_invalid(resp, "set",
                        "set is an array of at most 32 \"POLICY.PARAM=VALUE\" or "
                        "\"model.NAME=VALUE\" strings");
    return ok;
}

void h_projection_run(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"programme", "years",   "paths", "seed", "on",
                                          "set",       "compare", "store", NULL};
    const char *programme;
    hs_date on;
    bool compare, no_store = false;
    int64_t years = 10, paths = 10000, seed = 1;
    const char *sets[PROJECTION_SETS_MAX];
    size_t n_sets;
    if (!only_fields(call, resp, allowed) ||
        !string_field(call, resp, "programme", true, &programme) ||
        !int_member(call, resp, "years", 1, MC_YEARS_MAX, &years) ||
        !int_member(call, resp, "paths", 1, PROJECTION_PATHS_MAX, &paths) ||
        !int_member(call, resp, "seed", 0, INT64_MAX, &seed) ||
        !date_field(call, resp, "on", false, &on) || !bool_field(call, resp, "compare", &compare) ||
        !sets_member(call, resp, sets, &n_sets))
        return;
    json_t *store = json_object_get(call->body, "store");
    if (store != NULL && !json_is_boolean(store)) {
        respond_invalid(resp, "store", "store must be true or false");
        return;
    }
    no_store = json_is_false(store);
    hs_error err = {0};
    if (call->caller->role != HS_ROLE_ANALYST &&
        !route_record_visible(call->caller, programme, NULL)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "programme",
                     "%s (%s) may not project programme '%.64s': not in its scope",
                     call->caller->user, role_name(call->caller->role), programme);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    ops_projection_req r = {
        .req = {.programme = programme, .on = on, .new_fund_size_fen = 100000000000LL},
        .sets = sets,
        .n_sets = n_sets,
        .run = {.years = (int)years,
                .paths = paths,
                .seed = (uint64_t)seed,
                .threads = cores < 1   ? 1
                           : cores > 8 ? 8
                                       : (int)cores}};
    if (compare) {
        ops_comparison c;
        if (ops_project_compare(call->ctx, &r, &c, &err) != HS_OK) {
            http_respond_error(resp, &err, true, NULL);
            return;
        }
        char set_text[1024] = "";
        for (size_t i = 0; i < n_sets; i++)
            snprintf(set_text + strlen(set_text), sizeof set_text - strlen(set_text), "%s%s",
                     i ? " " : "", sets[i]);
        json_t *v = view_comparison(&c.base.snap, &c.base.result, &c.variant.result,
                                    &c.base.summary, &c.variant.summary, r.run.seed, set_text);
        ops_comparison_free(&c);
        respond_view(resp, v);
        return;
    }
    ops_projection p;
    if (ops_project_run(call->ctx, &r, !no_store, &p, &err) != HS_OK) {
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    json_t *v = view_projection(&p.snap, &p.summary, r.run.seed);
    ops_projection_free(&p);
    respond_view(resp, v);
}
