/* policy_repo.h — the policy texts kept in the book, one per SHA-256, with their first use.
 *
 * Every policy that decides something (a subsidy application, a voucher) is stored at first use,
 * so later steps (award, show, redeem) and audits re-run exactly those rules from the book, from
 * any directory or host. Implemented per backend (src/store/sql/policy_repo.c). */
#ifndef HS_INSTRUMENT_POLICY_REPO_H
#define HS_INSTRUMENT_POLICY_REPO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/error.h"
#include "store/book.h"
#include "store/store.h"

/* One stored policy version (without its text). */
typedef struct {
    char sha256[65];
    char policy_id[96];
    char version[64];
    char path[512];         /* the file it was read from at first use */
    hs_date first_used;     /* the decision date of the first use */
    char first_used_by[32]; /* the operation: subsidy.apply, subsidy.match, voucher.issue, ... */
    char first_subject[64]; /* the record it decided first (application or voucher id) */
    int64_t stored_ns;      /* when it was stored (the transaction's clock) */
    size_t text_len;
} policy_version_rec;

/* Inside tx: stores rec with its text unless a version with that SHA-256 is stored (then
 * *existed is true and nothing changes). HS_STORAGE on a failed write. */
hs_status policy_repo_put(hs_tx *tx, const policy_version_rec *rec, const char *text, size_t len,
                          bool *existed, hs_error *err);
/* Inside tx: the version stored under sha256 and a malloc'd copy of its text (caller frees; NUL
 * terminated, *len bytes). *found false (and *text NULL) if there is none. */
hs_status policy_repo_get(hs_tx *tx, const char *sha256, policy_version_rec *rec, char **text,
                          size_t *len, bool *found, hs_error *err);
/* As policy_repo_get, read-only on the store outside any transaction. */
hs_status policy_repo_find(hs_store *s, const char *sha256, policy_version_rec *rec, char **text,
                           size_t *len, bool *found, hs_error *err);
/* Calls fn for each stored version (of policy_id, or all if NULL), by policy id then first use. */
hs_status policy_repo_each(hs_store *s, const char *policy_id,
                           hs_status (*fn)(void *ctx, const policy_version_rec *rec, hs_error *err),
                           void *ctx, hs_error *err);

#endif
