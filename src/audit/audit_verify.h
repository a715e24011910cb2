/* audit_verify.h — checking the audit chain of a book (what `huoshui audit verify` and `huoshui
 * check` run): every entry is recomputed in sequence order, and the transfer links are checked
 * against the entries and the ledger. */
#ifndef HS_AUDIT_AUDIT_VERIFY_H
#define HS_AUDIT_AUDIT_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/audit_entry.h"
#include "base/error.h"
#include "store/store.h"

typedef struct {
    bool ok;                       /* the chain and its links are intact */
    int64_t entries;               /* entries read */
    int64_t broken_seq;            /* when !ok: the first sequence at fault */
    char head_hash[AUDIT_HEX_LEN]; /* the last entry's hash (the genesis hash if none) */
    char why[512];                 /* when !ok: what is wrong at broken_seq */
} audit_verify_report;

/* Verifies the chain of `s`, reading only (no transaction; a read-only book can be verified).
 * The chain is intact when its entries are numbered 1, 2, ... without gap, entry 1's prev_hash is
 * the genesis hash, each later prev_hash is the previous entry's hash, and each hash equals
 * audit_entry_hash of the entry as stored; and when every transfers link names an existing entry,
 * the links cover the transfers written since the chain began in order, without gap or overlap.
 * Otherwise out->ok is false with the first sequence at fault and why (an entry edited: its own
 * hash; deleted: the missing sequence; inserted or reordered: the first entry out of place).
 * HS_OK in both cases; HS_STORAGE only if the book cannot be read. */
hs_status audit_verify(hs_store *s, audit_verify_report *out, hs_error *err);

#endif
