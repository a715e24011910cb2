/* policy_ops.h — operations on the policies kept in the book. */
#ifndef HS_OPS_POLICY_OPS_H
#define HS_OPS_POLICY_OPS_H

#include <jansson.h>

#include "instrument/policy_repo.h"
#include "ops/ops.h"

/* The stored versions (of policy `policy_id`, or every policy if NULL) as a JSON array of
 * view_policy_version, by policy id then first use (*out owned by the caller). HS_NOT_FOUND if a
 * policy_id is given and the book holds no version of it. Read-only. */
hs_status ops_policy_history(const hs_ctx *ctx, const char *policy_id, json_t **out, hs_error *err);
/* One stored version: {policy, version, label, sha256, path, first_used, first_used_by,
 * first_subject, bytes}. Returns a new reference. */
json_t *view_policy_version(const policy_version_rec *r);

#endif
