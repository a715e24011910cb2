/* secret.h — the secrets of authentication: session ids, bearer tokens and CSRF tokens, made of
 * 32 random bytes (libsodium randombytes_buf) and printed as base64url without padding (43
 * characters; bearer tokens carry the public prefix "hs_" so a leaked one is greppable).
 *
 * A secret is never stored: the book keeps only its digest, BLOB of AUTH_DIGEST_BYTES = BLAKE2b-256
 * (crypto_generichash, unkeyed) of the printed text, and looks secrets up by that digest. The CSRF
 * token of a session is not stored at all: it is derived from the session id as
 * BLAKE2b-256 keyed by the session id's 32 bytes over "huoshui.csrf.v1", so only a holder of the
 * session id can compute it, and the book's digests reveal neither. Comparisons run in constant
 * time (sodium_memcmp over fixed-length digests). */
#ifndef HS_AUTH_SECRET_H
#define HS_AUTH_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTH_SECRET_MAX 96   /* a printed secret with its NUL: "hs_" + 43 base64url characters */
#define AUTH_SECRET_BYTES 32 /* random bytes in every secret */
#define AUTH_DIGEST_BYTES 32 /* BLAKE2b-256 */
#define AUTH_TOKEN_PREFIX "hs_"

typedef enum {
    AUTH_SECRET_SESSION = 0, /* base64url of 32 random bytes */
    AUTH_SECRET_BEARER = 1,  /* "hs_" + base64url of 32 random bytes */
} auth_secret_kind;

/* Makes a new secret of `kind` into out (NUL-terminated). Needs sodium_init() to have succeeded
 * (auth_crypto_init); never fails otherwise. */
void auth_secret_new(auth_secret_kind kind, char out[AUTH_SECRET_MAX]);

/* True if `text` has the exact shape of a secret of `kind` (length, prefix, base64url alphabet).
 * Cheap; used to refuse junk before any lookup. */
bool auth_secret_well_formed(auth_secret_kind kind, const char *text);

/* The stored digest of a printed secret: BLAKE2b-256 of its bytes (any length; NULL is treated
 * as ""). */
void auth_secret_digest(const char *text, uint8_t out[AUTH_DIGEST_BYTES]);

#define AUTH_TOKEN_LABEL_LEN 11 /* "hs_" + 8 hex digits */

/* The public name of a bearer token in lists: "hs_" + the first 4 bytes of its digest in hex
 * (computable from a leaked token, revealing nothing of it). out holds >= AUTH_TOKEN_LABEL_LEN + 1
 * bytes. */
void auth_token_label(const uint8_t digest[AUTH_DIGEST_BYTES], char *out);
/* The label of the printed token `token` (its digest's label). */
void auth_token_label_of(const char *token, char *out);

/* The CSRF token of the session whose id is `session_id` (a well-formed AUTH_SECRET_SESSION):
 * base64url of BLAKE2b-256 keyed by the id's 32 decoded bytes over "huoshui.csrf.v1". Returns false
 * (out set to "") if the id is not well formed. */
bool auth_csrf_token(const char *session_id, char out[AUTH_SECRET_MAX]);

/* True iff a and b are the same string, in time independent of where they differ: both are hashed
 * to BLAKE2b-256 and the digests compared with sodium_memcmp. NULL equals nothing (not even NULL).
 */
bool auth_secret_equal(const char *a, const char *b);

/* True iff the two digests are equal (sodium_memcmp). */
bool auth_digest_equal(const uint8_t a[AUTH_DIGEST_BYTES], const uint8_t b[AUTH_DIGEST_BYTES]);

/* Initialises libsodium once (sodium_init is idempotent and thread-safe). False if the library
 * cannot start (no entropy source): every secret or password operation must then fail. */
bool auth_crypto_init(void);

#endif
