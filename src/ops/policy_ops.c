/* policy_ops.c — the policy history of the book (see policy_ops.h). */
#include "ops/policy_ops.h"

#include <stdio.h>

json_t *view_policy_version(const policy_version_rec *r) {
    char d[DATE_TEXT_LEN], label[192];
    snprintf(label, sizeof label, "%s@%s", r->policy_id, r->version);
    json_t *o = json_object();
    json_object_set_new(o, "policy", json_string(r->policy_id));
    json_object_set_new(o, "version", json_string(r->version));
    json_object_set_new(o, "label", json_string(label));
    json_object_set_new(o, "sha256", json_string(r->sha256));
    json_object_set_new(o, "path", json_string(r->path));
    json_object_set_new(o, "first_used", json_string(date_format(r->first_used, d)));
    json_object_set_new(o, "first_used_by", json_string(r->first_used_by));
    json_object_set_new(o, "first_subject", json_string(r->first_subject));
    json_object_set_new(o, "bytes", json_integer((json_int_t)r->text_len));
    return o;
}

static hs_status add_version(void *ctx, const policy_version_rec *r, hs_error *err) {
    json_t *o = view_policy_version(r);
    if (o == NULL || json_array_append_new(ctx, o) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

hs_status ops_policy_history(const hs_ctx *ctx, const char *policy_id, json_t **out,
                             hs_error *err) {
    *out = json_array();
    if (*out == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    hs_status st = policy_repo_each(ctx->store, policy_id, add_version, *out, err);
    if (st == HS_OK && policy_id != NULL && json_array_size(*out) == 0)
        st = hs_not_found(err, "ID", "the book holds no version of policy '%s'", policy_id);
    if (st != HS_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return st;
}
