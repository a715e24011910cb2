/* audit_repo.c — the audit chain in the book (see store/audit_log.h). The only file with the audit
 * module's SQL.
 *
 * Per-connection state (the installed request, the change count at the mark and what is known of
 * the chain's tail) is a heap block owned by the store (store_audit_slot; store_close frees it),
 * one per connection, so it is out of any process-global.
 *
 * The tail cache. Appending an entry needs the last entry's seq and hash and the last transfer
 * already attributed to an entry; after this connection appended one it knows all three, so the
 * next append reads none of them back. They are kept only while store_cache_epoch is unchanged:
 * any rollback (which may undo the entry just written) and any commit by another connection
 * (another writer, or an edit behind huoshui's back) change the epoch, and the next append then
 * reads the tail from the book again. */
#include "store/audit_log.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql/sql_store.h"

typedef struct {
    bool have_request;
    audit_request request;
    bool marked;
    int64_t changes_at_mark;
    /* the chain's tail as of store_cache_epoch == tail_epoch, when tail_known */
    bool tail_known;
    uint64_t tail_epoch;
    int64_t tail_seq;              /* the last entry's seq (0: empty chain) */
    char tail_hash[AUDIT_HEX_LEN]; /* its hash (the genesis hash for an empty chain) */
    int64_t covered_transfer_seq;  /* the last transfer seq attributed (or transfers_before) */
} audit_slot;

/* The connection's slot, created on first use; NULL when out of memory. */
static audit_slot *slot_of(hs_store *s) {
    void **ref = store_audit_slot(s);
    if (*ref == NULL)
        *ref = calloc(1, sizeof(audit_slot));
    return *ref;
}

hs_status audit_log_set_request(hs_store *s, const audit_request *req, hs_error *err) {
    assert(s != NULL);
    audit_slot *slot = slot_of(s);
    if (slot == NULL)
        return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL,
                            "%s: no memory for the audit request", store_path(s));
    slot->have_request = req != NULL;
    if (req != NULL)
        slot->request = *req;
    return HS_OK;
}

hs_status audit_log_mark(hs_store *s, hs_error *err) {
    assert(s != NULL && store_in_txn(s));
    audit_slot *slot = slot_of(s);
    if (slot == NULL)
        return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL,
                            "%s: no memory for the audit state", store_path(s));
    slot->marked = true;
    slot->changes_at_mark = store_changes(s);
    return HS_OK;
}

/* Runs a one-row, one-integer query with ?1 bound to `key` (if not NULL); *found says if a row
 * came back. */
static hs_status get_int(hs_store *s, const char *sql, const char *key, int64_t *out, bool *found,
                         const char *what, hs_error *err) {
    db_stmt *q;
    *out = 0;
    *found = false;
    if (store_stmt_cached(s, sql, &q) != DB_OK)
        return store_fail(s, err, what);
    if (key != NULL)
        db_bind_text(q, 1, key);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *found = !db_column_is_null(q, 0);
        *out = db_column_int64(q, 0);
    }
    store_stmt_release(q);
    return rc == DB_ROW || rc == DB_DONE ? HS_OK : store_fail(s, err, what);
}

/* The last entry's seq, hash and last covered transfer (0, the genesis hash and *covered
 * untouched for an empty chain). */
static hs_status last_entry(hs_store *s, int64_t *seq, char hash[AUDIT_HEX_LEN], int64_t *covered,
                            hs_error *err) {
    db_stmt *q;
    *seq = 0;
    snprintf(hash, AUDIT_HEX_LEN, "%s", audit_genesis_hash());
    if (store_stmt_cached(
            s, "SELECT seq, hash, last_transfer_seq FROM audit_log ORDER BY seq DESC LIMIT 1",
            &q) != DB_OK)
        return store_fail(s, err, "reading the audit chain's last entry");
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *seq = db_column_int64(q, 0);
        store_column_text(q, 1, hash, AUDIT_HEX_LEN);
        *covered = db_column_int64(q, 2);
    }
    store_stmt_release(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading the audit chain's last entry");
    if (!audit_hex_valid(hash) || *seq < 0 || *seq == INT64_MAX || *covered < 0)
        return hs_fail_code(
            err, HS_STORAGE, "audit_chain_broken", NULL,
            "%s: the last audit entry (%lld) is damaged; run `huoshui audit verify`", store_path(s),
            (long long)*seq);
    return HS_OK;
}

/* Appends entry e, which committed transfers first_transfer_seq..last_transfer_seq (none when
 * first > last; last is then every transfer covered so far). */
static hs_status insert_entry(hs_store *s, const audit_entry *e, int64_t first_transfer_seq,
                              int64_t last_transfer_seq, hs_error *err) {
    assert(first_transfer_seq >= 1 && last_transfer_seq >= first_transfer_seq - 1);
    db_stmt *q;
    if (store_stmt_cached(
            s,
            "INSERT INTO audit_log(seq, time_ns, actor, action, object, "
            "body_sha256, result, prev_hash, hash, first_transfer_seq, "
            "last_transfer_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            &q) != DB_OK)
        return store_fail(s, err, "appending to the audit chain");
    db_bind_int64(q, 1, e->seq);
    db_bind_int64(q, 10, first_transfer_seq);
    db_bind_int64(q, 11, last_transfer_seq);
    db_bind_int64(q, 2, e->time_ns);
    const char *text[] = {e->actor,  e->action,    e->object, e->body_sha256,
                          e->result, e->prev_hash, e->hash};
    for (int i = 0; i < 7; i++)
        db_bind_text(q, 3 + i, text[i]);
    int rc = db_step(q);
    store_stmt_release(q);
    return rc == DB_DONE ? HS_OK : store_fail(s, err, "appending to the audit chain");
}

/* Reads the tail (last entry, last attributed transfer) from the book into the slot. */
static hs_status load_tail(hs_store *s, audit_slot *slot, hs_error *err) {
    slot->tail_known = false;
    int64_t covered = -1;
    bool found;
    /* the chain's start (what an empty chain covers); the last entry's range overrides it */
    hs_status st = get_int(s, "SELECT value FROM audit_meta WHERE key = ?1", "transfers_before",
                           &covered, &found, "reading the audit chain's start", err);
    if (st == HS_OK)
        st = last_entry(s, &slot->tail_seq, slot->tail_hash, &covered, err);
    if (st != HS_OK)
        return st;
    slot->covered_transfer_seq = covered;
    slot->tail_epoch = store_cache_epoch(s);
    slot->tail_known = true;
    return HS_OK;
}

/* The transfers the entry being appended committed: those after `covered` up to the book's last
 * one; *last gets that last transfer seq (== covered when there are none). */
static hs_status transfers_committed(hs_store *s, int64_t covered, int64_t *last, hs_error *err) {
    bool found;
    hs_status st = get_int(s, "SELECT max(seq) FROM transfers", NULL, last, &found,
                           "reading the last transfer", err);
    if (st == HS_OK && *last < covered)
        *last = covered; /* none (a book's seqs only grow; an older book's chain starts later) */
    return st;
}

/* Copies text into a fixed field (the request's fields fit: same sizes as the entry's). */
static void copy_field(char *dst, size_t len, const char *src) {
    size_t n = strnlen(src, len - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

hs_status audit_log_append(hs_store *s, int64_t now_ns, const char *system_action, int64_t *seq,
                           hs_error *err) {
    assert(s != NULL && store_in_txn(s));
    if (seq != NULL)
        *seq = 0;
    audit_slot *slot = slot_of(s);
    if (slot == NULL)
        return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL,
                            "%s: no memory for the audit state", store_path(s));
    if (slot->marked && store_changes(s) == slot->changes_at_mark)
        return HS_OK; /* nothing changed: nothing to record */
    hs_status st;
    if ((!slot->tail_known || slot->tail_epoch != store_cache_epoch(s)) &&
        (st = load_tail(s, slot, err)) != HS_OK)
        return st;
    assert(slot->tail_known && audit_hex_valid(slot->tail_hash) && slot->tail_seq >= 0);
    audit_entry e;
    memset(&e, 0, sizeof e);
    e.seq = slot->tail_seq + 1;
    memcpy(e.prev_hash, slot->tail_hash, sizeof e.prev_hash);
    e.time_ns = now_ns;
    audit_request req;
    if (system_action != NULL)
        req = audit_request_make("system", system_action, "", NULL, 0);
    else if (slot->have_request)
        req = slot->request;
    else
        req = audit_request_make("unattributed", "book.commit", "", NULL, 0);
    copy_field(e.actor, sizeof e.actor, req.actor);
    copy_field(e.action, sizeof e.action, req.action);
    copy_field(e.object, sizeof e.object, req.object);
    copy_field(e.body_sha256, sizeof e.body_sha256, req.body_sha256);
    copy_field(e.result, sizeof e.result, "ok");
    if (!audit_entry_hash(&e, e.hash))
        return hs_fail(err, HS_STORAGE, "%s: cannot hash the audit entry (libsodium)",
                       store_path(s));
    assert(audit_hex_valid(e.hash) && e.seq >= 1);
    int64_t last = 0;
    if ((st = transfers_committed(s, slot->covered_transfer_seq, &last, err)) != HS_OK ||
        (st = insert_entry(s, &e, slot->covered_transfer_seq + 1, last, err)) != HS_OK) {
        slot->tail_known = false; /* the caller rolls back; read the tail again next time */
        return st;
    }
    slot->tail_seq = e.seq;
    memcpy(slot->tail_hash, e.hash, sizeof slot->tail_hash);
    slot->covered_transfer_seq = last;
    slot->changes_at_mark = store_changes(s);
    if (seq != NULL)
        *seq = e.seq;
    return HS_OK;
}

/* Fills e from a row of (seq, time_ns, actor, action, object, body_sha256, result, prev_hash,
 * hash). */
static void read_entry(db_stmt *q, audit_entry *e) {
    memset(e, 0, sizeof *e);
    e->seq = db_column_int64(q, 0);
    e->time_ns = db_column_int64(q, 1);
    store_column_text(q, 2, e->actor, sizeof e->actor);
    store_column_text(q, 3, e->action, sizeof e->action);
    store_column_text(q, 4, e->object, sizeof e->object);
    store_column_text(q, 5, e->body_sha256, sizeof e->body_sha256);
    store_column_text(q, 6, e->result, sizeof e->result);
    store_column_text(q, 7, e->prev_hash, sizeof e->prev_hash);
    store_column_text(q, 8, e->hash, sizeof e->hash);
}

hs_status audit_log_each(hs_store *s, const audit_log_filter *filter,
                         hs_status (*fn)(void *ctx, const audit_entry *e, hs_error *err), void *ctx,
                         hs_error *err) {
    assert(s != NULL && fn != NULL);
    audit_log_filter all = {0};
    const audit_log_filter *f = filter != NULL ? filter : &all;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT seq, time_ns, actor, action, object, body_sha256, result, "
                   "prev_hash, hash FROM audit_log WHERE seq > ?1 "
                   "AND (?2 IS NULL OR actor = ?2) AND (?3 IS NULL OR object = ?3) "
                   "ORDER BY seq LIMIT ?4",
                   &q) != DB_OK)
        return store_fail(s, err, "reading the audit chain");
    db_bind_int64(q, 1, f->after_seq);
    if (f->actor != NULL && f->actor[0] != '\0')
        db_bind_text(q, 2, f->actor);
    if (f->object != NULL && f->object[0] != '\0')
        db_bind_text(q, 3, f->object);
    db_bind_int64(q, 4, f->limit > 0 ? f->limit : INT64_MAX);
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        audit_entry e;
        read_entry(q, &e);
        st = fn(ctx, &e, err);
    }
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading the audit chain");
    db_finalize(q);
    return st;
}

hs_status audit_log_links_each(hs_store *s,
                               hs_status (*fn)(void *ctx, int64_t audit_seq, int64_t first_seq,
                                               int64_t last_seq, hs_error *err),
                               void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT seq, first_transfer_seq, last_transfer_seq FROM audit_log "
                   "ORDER BY seq",
                   &q) != DB_OK)
        return store_fail(s, err, "reading the audit transfer links");
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW)
        st = fn(ctx, db_column_int64(q, 0), db_column_int64(q, 1), db_column_int64(q, 2), err);
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "reading the audit transfer links");
    db_finalize(q);
    return st;
}

hs_status audit_log_transfer_span(hs_store *s, int64_t *before, int64_t *last, hs_error *err) {
    bool found;
    hs_status st = get_int(s, "SELECT value FROM audit_meta WHERE key = ?1", "transfers_before",
                           before, &found, "reading the audit chain's start", err);
    if (st == HS_OK)
        st = get_int(s, "SELECT max(seq) FROM transfers", NULL, last, &found,
                     "reading the last transfer", err);
    return st;
}

/* Entry seq's transfer range (*found false if there is no entry seq). */
static hs_status entry_range(hs_store *s, int64_t seq, int64_t *first, int64_t *last, bool *found,
                             hs_error *err) {
    db_stmt *q;
    *first = *last = 0;
    *found = false;
    if (store_stmt_cached(s,
                          "SELECT first_transfer_seq, last_transfer_seq FROM audit_log "
                          "WHERE seq = ?1",
                          &q) != DB_OK)
        return store_fail(s, err, "reading the audit transfer links");
    db_bind_int64(q, 1, seq);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *first = db_column_int64(q, 0);
        *last = db_column_int64(q, 1);
        *found = true;
    }
    store_stmt_release(q);
    return rc == DB_ROW || rc == DB_DONE ? HS_OK
                                         : store_fail(s, err, "reading the audit transfer links");
}

hs_status audit_log_seq_of_transfer(hs_store *s, const char *transfer_id, int64_t *audit_seq,
                                    bool *found, hs_error *err) {
    int64_t tseq, tail;
    *audit_seq = 0;
    hs_status st = get_int(s, "SELECT seq FROM transfers WHERE id = ?1", transfer_id, &tseq, found,
                           "reading a transfer", err);
    bool any;
    if (st != HS_OK || !*found ||
        (st = get_int(s, "SELECT max(seq) FROM audit_log", NULL, &tail, &any,
                      "reading the audit chain's last entry", err)) != HS_OK ||
        !any)
        return st;
    /* Entries are numbered 1..tail without gaps and their last_transfer_seq never decreases, so
     * the entry holding tseq is the first whose range ends at or after it: a binary search of
     * point reads (no index to keep up on every commit). */
    int64_t lo = 1, hi = tail, first, last;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        bool row;
        if ((st = entry_range(s, mid, &first, &last, &row, err)) != HS_OK)
            return st;
        if (row && last >= tseq)
            hi = mid;
        else
            lo = mid + 1;
    }
    bool row;
    if ((st = entry_range(s, lo, &first, &last, &row, err)) != HS_OK)
        return st;
    if (row && first <= tseq && tseq <= last)
        *audit_seq = lo;
    return HS_OK;
}

hs_status audit_log_transfers_of(hs_store *s, int64_t audit_seq, int64_t *first_seq,
                                 int64_t *last_seq, bool *linked, hs_error *err) {
    assert(s != NULL && first_seq != NULL && last_seq != NULL && linked != NULL);
    bool found;
    int64_t first, last;
    *first_seq = *last_seq = 0;
    *linked = false;
    hs_status st = entry_range(s, audit_seq, &first, &last, &found, err);
    if (st == HS_OK && found && last >= first) {
        *first_seq = first;
        *last_seq = last;
        *linked = true;
    }
    return st;
}
