/* idempotency_repo.h — the answers the HTTP API gave to money-moving requests, by (user,
 * Idempotency-Key), so that a retry gets the original status and body instead of paying twice.
 *
 * A record is written inside the same transaction as the transfers it answers for, so a key is
 * stored exactly when its outcome is. Keys are scoped per user: two users may use the same key.
 * Implemented per backend (src/store/sql/idempotency_repo.c, module "server"). */
#ifndef HS_STORE_IDEMPOTENCY_REPO_H
#define HS_STORE_IDEMPOTENCY_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "store/book.h"
#include "store/store.h"

#define IDEM_KEY_MAX 256 /* bytes of a key, NUL included */

typedef struct {
    char request_sha256[65]; /* SHA-256 (hex) of the request the key was first used with */
    int response_code;       /* the HTTP status answered */
    char *response_body;     /* malloc'd, NUL-terminated; the caller frees */
    size_t response_len;
    int64_t created_ns;
} idem_record;

/* Inside tx: the record of (user, key); *found false (out->response_body NULL) if none. */
hs_status idem_repo_get(hs_tx *tx, const char *user, const char *key, idem_record *out, bool *found,
                        hs_error *err);
/* As idem_repo_get, read-only outside any transaction (a retry's fast path). */
hs_status idem_repo_find(hs_store *s, const char *user, const char *key, idem_record *out,
                         bool *found, hs_error *err);
/* Inside tx: stores the record of (user, key), which must not exist yet (HS_STORAGE if it does:
 * the caller looked first in the same transaction). created_ns is the transaction's now. */
hs_status idem_repo_put(hs_tx *tx, const char *user, const char *key, const idem_record *rec,
                        hs_error *err);

#endif
