/* h_policy_reform.c — POST /api/v1/policies/{id}/reform: a reform and its cost over HTTP
 * (src/ops/policy_reform.h), answering the bytes `huoshui policy reform --json` prints. Analysts
 * and admins (the route table says who). Body: {"on", "set"?: {NAME: VALUE}, "rule_off"?: [RULE],
 * "from"?, and exactly one of "registry": true | "firms_csv": "CSV text"}; a firms_csv is at most
 * POLICY_REFORM_CSV_MAX bytes and is read from a private temporary file removed before the
 * answer. Nothing is stored in the book. Bad members are 422 naming the field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/policy_reform.h"
#include "ops/policy_source.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/paging.h"

#define POLICY_REFORM_CSV_MAX (512u * 1024u) /* bytes of an inline firms_csv */

static void respond_invalid(http_response *resp, const char *field, const char *msg) {
    hs_error err = {0};
    hs_invalid_field(&err, field, "%s", msg);
    http_respond_error(resp, &err, true, NULL);
}

/* Member rule_off: an array of at most POLICY_REFORM_RULES_OFF_MAX strings into names[]. */
static bool rules_off(route_call *call, http_response *resp, const char **names, size_t *n) {
    const json_t *v = json_object_get(call->body, "rule_off");
    *n = 0;
    if (v == NULL)
        return true;
    if (!json_is_array(v) || json_array_size(v) > POLICY_REFORM_RULES_OFF_MAX) {
        respond_invalid(resp, "rule_off", "rule_off must be an array of at most 32 rule names");
        return false;
    }
    size_t i;
    const json_t *r;
    json_array_foreach(v, i, r) {
        if (!json_is_string(r) || json_string_length(r) == 0 || json_string_length(r) > 128) {
            respond_invalid(resp, "rule_off", "rule_off must hold rule names (strings)");
            return false;
        }
        names[(*n)++] = json_string_value(r);
    }
    return true;
}

/* The inline CSV written to a private temporary file; its path in `path` (unlinked by caller). */
static bool csv_file(http_response *resp, const char *text, char *path, size_t len) {
    const char *dir = getenv("TMPDIR");
    snprintf(path, len, "%s/huoshui-reform-XXXXXX", dir != NULL && dir[0] ? dir : "/tmp");
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    size_t n = strlen(text);
    bool ok = f != NULL && fwrite(text, 1, n, f) == n;
    if (f != NULL)
        ok = fclose(f) == 0 && ok;
    else if (fd >= 0)
        close(fd);
    if (!ok) {
        if (fd >= 0)
            unlink(path);
        hs_error err = {0};
        hs_fail(&err, HS_STORAGE, "cannot keep the firms_csv for reading");
        http_respond_error(resp, &err, false, NULL);
    }
    return ok;
}

void h_policy_reform(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"on",       "from",      "set", "rule_off",
                                          "registry", "firms_csv", NULL};
    hs_date on, from;
    bool registry = false;
    const char *csv = NULL;
    const char *off[POLICY_REFORM_RULES_OFF_MAX];
    size_t noff = 0;
    if (!only_fields(call, resp, allowed) || !date_field(call, resp, "on", true, &on) ||
        !date_field(call, resp, "from", false, &from) ||
        !bool_field(call, resp, "registry", &registry) ||
        !string_field(call, resp, "firms_csv", false, &csv) || !rules_off(call, resp, off, &noff))
        return;
    const json_t *set = json_object_get(call->body, "set");
    if (set != NULL && !json_is_object(set)) {
        respond_invalid(resp, "set", "set must be an object {NAME: VALUE}");
        return;
    }
    if (registry == (csv != NULL)) {
        respond_invalid(resp, csv ? "firms_csv" : "registry",
                        "give exactly one of \"registry\": true and \"firms_csv\"");
        return;
    }
    if (csv != NULL && strlen(csv) > POLICY_REFORM_CSV_MAX) {
        respond_invalid(resp, "firms_csv", "firms_csv is larger than 512 KiB");
        return;
    }
    policy_doc d;
    hs_error err = {0};
    if (policy_doc_resolve(call->ctx, route_param(call->match, "id"), "id", &d, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    char path[512] = "";
    if (csv != NULL && !csv_file(resp, csv, path, sizeof path)) {
        policy_doc_free(&d);
        return;
    }
    ops_policy_reform_req req = {.policy = &d,
                                 .on = on,
                                 .has_from = json_object_get(call->body, "from") != NULL,
                                 .from = from,
                                 .set = set,
                                 .set_field = "set",
                                 .rule_off = off,
                                 .rule_off_count = noff,
                                 .rule_off_field = "rule_off",
                                 .firms_csv = csv != NULL ? path : NULL,
                                 .firms_field = "firms_csv",
                                 .threads = 1};
    ops_policy_reform_result r;
    hs_status st = ops_policy_reform(call->ctx, &req, &r, &err);
    if (path[0] != '\0')
        unlink(path);
    policy_doc_free(&d);
    json_t *v = st == HS_OK ? view_policy_reform(&r) : NULL;
    ops_policy_reform_free(&r);
    if (st != HS_OK) {
        /* the temporary file's name is ours, not the caller's: say firms_csv instead */
        char *at = path[0] ? strstr(err.msg, path) : NULL;
        if (at != NULL) {
            size_t plen = strlen(path);
            memmove(at + 9, at + plen, strlen(at + plen) + 1);
            memcpy(at, "firms_csv", 9);
        }
        http_respond_error(resp, &err, err.status == HS_INPUT, NULL);
        return;
    }
    respond_view(resp, v);
}
