/* audit_repo.c — the audit chain on SQLite (see store/audit_log.h). The only file with the audit
 * module's SQL.
 *
 * Per-connection state (the installed request and the change count at the mark) is a heap block
 * owned by the connection: it is the user data of the SQL function huoshui_audit_slot(), which
 * returns its address, and SQLite frees it (slot_free) when the connection closes. That keeps it
 * out of the store's struct and out of any process-global. */
#include "store/audit_log.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_store.h"

typedef struct {
    bool have_request;
    audit_request request;
    bool marked;
    int64_t changes_at_mark;
} audit_slot;

static void slot_fn(sqlite3_context *c, int argc, sqlite3_value **argv) {
    (void)argc;
    (void)argv;
    sqlite3_result_int64(c, (sqlite3_int64)(intptr_t)sqlite3_user_data(c));
}

static void slot_free(void *p) {
    free(p);
}

/* The connection's slot, created on first use; NULL when out of memory or SQLite refuses. */
static audit_slot *slot_of(hs_store *s) {
    sqlite3 *db = store_sqlite(s);
    sqlite3_stmt *q;
    if (store_stmt_cached(s, "SELECT huoshui_audit_slot()", &q) == SQLITE_OK) {
        audit_slot *slot = NULL;
        if (sqlite3_step(q) == SQLITE_ROW)
            slot = (audit_slot *)(intptr_t)sqlite3_column_int64(q, 0);
        store_stmt_release(q);
        return slot;
    }
    audit_slot *slot = calloc(1, sizeof *slot);
    if (slot == NULL)
        return NULL;
    if (sqlite3_create_function_v2(db, "huoshui_audit_slot", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                   slot, slot_fn, NULL, NULL, slot_free) != SQLITE_OK)
        return NULL; /* SQLite called slot_free already */
    return slot;
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
    slot->changes_at_mark = sqlite3_total_changes64(store_sqlite(s));
    return HS_OK;
}

/* Runs a one-row, one-integer query with ?1 bound to `key` (if not NULL); *found says if a row
 * came back. */
static hs_status get_int(hs_store *s, const char *sql, const char *key, int64_t *out, bool *found,
                         const char *what, hs_error *err) {
    sqlite3_stmt *q;
    *out = 0;
    *found = false;
    if (store_stmt_cached(s, sql, &q) != SQLITE_OK)
        return store_fail(s, err, what);
    if (key != NULL)
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *found = sqlite3_column_type(q, 0) != SQLITE_NULL;
        *out = sqlite3_column_int64(q, 0);
    }
    store_stmt_release(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? HS_OK : store_fail(s, err, what);
}

/* The last entry's seq and hash (0 and the genesis hash for an empty chain). */
static hs_status last_entry(hs_store *s, int64_t *seq, char hash[AUDIT_HEX_LEN], hs_error *err) {
    sqlite3_stmt *q;
    *seq = 0;
    snprintf(hash, AUDIT_HEX_LEN, "%s", audit_genesis_hash());
    if (store_stmt_cached(s, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &q) !=
        SQLITE_OK)
        return store_fail(s, err, "reading the audit chain's last entry");
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(q, 0);
        store_column_text(q, 1, hash, AUDIT_HEX_LEN);
    }
    store_stmt_release(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_fail(s, err, "reading the audit chain's last entry");
    if (!audit_hex_valid(hash) || *seq < 0 || *seq == INT64_MAX)
        return hs_fail_code(
            err, HS_STORAGE, "audit_chain_broken", NULL,
            "%s: the last audit entry (%lld) is damaged; run `huoshui audit verify`", store_path(s),
            (long long)*seq);
    return HS_OK;
}

static hs_status insert_entry(hs_store *s, const audit_entry *e, hs_error *err) {
    sqlite3_stmt *q;
    if (store_stmt_cached(s,
                          "INSERT INTO audit_log(seq, time_ns, actor, action, object, "
                          "body_sha256, result, prev_hash, hash) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          &q) != SQLITE_OK)
        return store_fail(s, err, "appending to the audit chain");
    sqlite3_bind_int64(q, 1, e->seq);
    sqlite3_bind_int64(q, 2, e->time_ns);
    const char *text[] = {e->actor,  e->action,    e->object, e->body_sha256,
                          e->result, e->prev_hash, e->hash};
    for (int i = 0; i < 7; i++)
        sqlite3_bind_text(q, 3 + i, text[i], -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    store_stmt_release(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "appending to the audit chain");
}

/* Records which transfers entry `seq` committed: those after the last one already attributed. */
static hs_status link_transfers(hs_store *s, int64_t seq, hs_error *err) {
    int64_t before, last, covered;
    bool found;
    hs_status st = audit_log_transfer_span(s, &before, &last, err);
    if (st == HS_OK)
        st = get_int(s, "SELECT last_seq FROM audit_transfers ORDER BY audit_seq DESC LIMIT 1",
                     NULL, &covered, &found, "reading the audit transfer links", err);
    if (st != HS_OK)
        return st;
    if (!found)
        covered = before;
    if (last <= covered)
        return HS_OK;
    sqlite3_stmt *q;
    if (store_stmt_cached(s,
                          "INSERT INTO audit_transfers(audit_seq, first_seq, last_seq) "
                          "VALUES (?1, ?2, ?3)",
                          &q) != SQLITE_OK)
        return store_fail(s, err, "linking transfers to the audit chain");
    sqlite3_bind_int64(q, 1, seq);
    sqlite3_bind_int64(q, 2, covered + 1);
    sqlite3_bind_int64(q, 3, last);
    int rc = sqlite3_step(q);
    store_stmt_release(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, "linking transfers to the audit chain");
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
    if (slot->marked && sqlite3_total_changes64(store_sqlite(s)) == slot->changes_at_mark)
        return HS_OK; /* nothing changed: nothing to record */
    audit_entry e;
    memset(&e, 0, sizeof e);
    hs_status st = last_entry(s, &e.seq, e.prev_hash, err);
    if (st != HS_OK)
        return st;
    e.seq++;
    e.time_ns = now_ns;
    audit_request req;
    if (system_action != NULL)
        req = audit_request_make("system", system_action, "", NULL, 0);
    else if (slot->have_request)
        req = slot->request;
    else
        req = audit_request_make("unattributed", "book.commit", "", NULL, 0);
    snprintf(e.actor, sizeof e.actor, "%s", req.actor);
    snprintf(e.action, sizeof e.action, "%s", req.action);
    snprintf(e.object, sizeof e.object, "%s", req.object);
    snprintf(e.body_sha256, sizeof e.body_sha256, "%s", req.body_sha256);
    snprintf(e.result, sizeof e.result, "%s", "ok");
    if (!audit_entry_hash(&e, e.hash))
        return hs_fail(err, HS_STORAGE, "%s: cannot hash the audit entry (libsodium)",
                       store_path(s));
    assert(audit_hex_valid(e.hash) && e.seq >= 1);
    if ((st = insert_entry(s, &e, err)) == HS_OK && (st = link_transfers(s, e.seq, err)) == HS_OK) {
        slot->changes_at_mark = sqlite3_total_changes64(store_sqlite(s));
        if (seq != NULL)
            *seq = e.seq;
    }
    return st;
}

/* Fills e from a row of (seq, time_ns, actor, action, object, body_sha256, result, prev_hash,
 * hash). */
static void read_entry(sqlite3_stmt *q, audit_entry *e) {
    memset(e, 0, sizeof *e);
    e->seq = sqlite3_column_int64(q, 0);
    e->time_ns = sqlite3_column_int64(q, 1);
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
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT seq, time_ns, actor, action, object, body_sha256, result, "
                           "prev_hash, hash FROM audit_log WHERE seq > ?1 "
                           "AND (?2 IS NULL OR actor = ?2) AND (?3 IS NULL OR object = ?3) "
                           "ORDER BY seq LIMIT ?4",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading the audit chain");
    sqlite3_bind_int64(q, 1, f->after_seq);
    if (f->actor != NULL && f->actor[0] != '\0')
        sqlite3_bind_text(q, 2, f->actor, -1, SQLITE_STATIC);
    if (f->object != NULL && f->object[0] != '\0')
        sqlite3_bind_text(q, 3, f->object, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, f->limit > 0 ? f->limit : -1);
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        audit_entry e;
        read_entry(q, &e);
        st = fn(ctx, &e, err);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = store_fail(s, err, "reading the audit chain");
    sqlite3_finalize(q);
    return st;
}

hs_status audit_log_links_each(hs_store *s,
                               hs_status (*fn)(void *ctx, int64_t audit_seq, int64_t first_seq,
                                               int64_t last_seq, hs_error *err),
                               void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT audit_seq, first_seq, last_seq FROM audit_transfers "
                           "ORDER BY audit_seq",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "reading the audit transfer links");
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
        st = fn(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                sqlite3_column_int64(q, 2), err);
    if (st == HS_OK && rc != SQLITE_DONE)
        st = store_fail(s, err, "reading the audit transfer links");
    sqlite3_finalize(q);
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

hs_status audit_log_seq_of_transfer(hs_store *s, const char *transfer_id, int64_t *audit_seq,
                                    bool *found, hs_error *err) {
    int64_t tseq;
    *audit_seq = 0;
    hs_status st = get_int(s, "SELECT seq FROM transfers WHERE id = ?1", transfer_id, &tseq, found,
                           "reading a transfer", err);
    if (st != HS_OK || !*found)
        return st;
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)tseq);
    bool linked;
    return get_int(s,
                   "SELECT audit_seq FROM audit_transfers WHERE last_seq >= CAST(?1 AS INTEGER) "
                   "AND first_seq <= CAST(?1 AS INTEGER) ORDER BY last_seq LIMIT 1",
                   key, audit_seq, &linked, "reading the audit transfer links", err);
}
