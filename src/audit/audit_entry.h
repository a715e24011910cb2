/* audit_entry.h — one entry of the audit chain and its hash: pure functions, no storage, shared by
 * every backend (SQLite today, PostgreSQL next) and by the verifier.
 *
 * The chain. Every committed state change of the book appends one entry (see audit_repo.h for
 * when). Entry k's hash is BLAKE2b-256 (libsodium crypto_generichash, 32-byte output, no key) of
 * the 32 raw bytes of entry k-1's hash (32 zero bytes for entry 1) followed by the canonical
 * encoding of entry k. Editing, deleting, inserting or reordering entries therefore breaks either
 * the sequence (1, 2, 3, ... with no gap), an entry's own hash, or the next entry's prev_hash.
 * The chain is unkeyed: it shows tampering by anyone who does not recompute every later hash; an
 * auditor who keeps the head hash printed by `audit verify` detects even that.
 *
 * Canonical encoding (version 1), bytes, no terminator:
 *   "huoshui-audit-v1\n" then, for each field in this order, its decimal byte length, ':', its
 *   bytes and '\n':  seq (decimal), time_ns (decimal), actor, action, object, body_sha256 (64
 *   lowercase hex digits), result.
 * Length prefixes make it unambiguous for any bytes in a field. Hashes are kept as 64 lowercase
 * hex digits. */
#ifndef HS_AUDIT_AUDIT_ENTRY_H
#define HS_AUDIT_AUDIT_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_HASH_BYTES 32
#define AUDIT_HEX_LEN 65 /* 64 hex digits and the NUL */
#define AUDIT_ACTOR_MAX 64
#define AUDIT_ACTION_MAX 96
#define AUDIT_OBJECT_MAX 256
#define AUDIT_RESULT_MAX 16

typedef struct {
    int64_t seq;                     /* 1, 2, 3, ... */
    int64_t time_ns;                 /* the committing transaction's clock */
    char actor[AUDIT_ACTOR_MAX];     /* "alice", "cli:root", "system" */
    char action[AUDIT_ACTION_MAX];   /* "subsidy.pay", "POST /api/v1/transfers" */
    char object[AUDIT_OBJECT_MAX];   /* the id acted on, or "" */
    char body_sha256[AUDIT_HEX_LEN]; /* SHA-256 of the request body, hex */
    char result[AUDIT_RESULT_MAX];   /* "ok" */
    char prev_hash[AUDIT_HEX_LEN];   /* hash of entry seq-1; 64 zeros for entry 1 */
    char hash[AUDIT_HEX_LEN];        /* audit_entry_hash of this entry */
} audit_entry;

/* The prev_hash of the first entry: 64 '0' digits. Static storage. */
const char *audit_genesis_hash(void);

/* Writes the canonical encoding of e (fields above; prev_hash and hash are not part of it) into
 * buf[0..len) and returns its length; when that exceeds len, buf holds a prefix and the caller
 * retries with the returned size. buf may be NULL when len is 0. */
size_t audit_canonical(const audit_entry *e, unsigned char *buf, size_t len);

/* Computes e's hash from e->prev_hash and the canonical encoding into out (64 hex digits + NUL).
 * Returns false, out set to "", when prev_hash is not 64 hex digits or libsodium cannot start. */
bool audit_entry_hash(const audit_entry *e, char out[AUDIT_HEX_LEN]);

/* SHA-256 of data[0..len) as 64 lowercase hex digits (out). False if libsodium cannot start. */
bool audit_sha256_hex(const void *data, size_t len, char out[AUDIT_HEX_LEN]);

/* True if text is exactly 64 lowercase hex digits. */
bool audit_hex_valid(const char *text);

#endif
