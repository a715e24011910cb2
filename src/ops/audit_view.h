/* audit_view.h — the JSON view of an audit entry: what `huoshui audit log --json` prints per entry
 * and what GET /api/v1/audit returns, byte for byte. */
#ifndef HS_OPS_AUDIT_VIEW_H
#define HS_OPS_AUDIT_VIEW_H

#include <jansson.h>

#include "audit/audit_entry.h"
#include "audit/audit_verify.h"

/* One entry: seq, time_ns, time (UTC, "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"), actor, action, object,
 * body_sha256, result, prev_hash, hash. New reference (NULL only when out of memory). */
json_t *view_audit_entry(const audit_entry *e);

/* `audit verify --json`: ok, entries, head_hash, and broken_seq and why when not ok. New
 * reference. */
json_t *view_audit_verify(const audit_verify_report *r);

#endif
