/* book.c — account creation and atomic, durable transfer batches (see book.h). */
#include "store/book.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger/engine.h"
#include "store/audit_log.h"

/* Commits the open transaction after appending its audit entry (store/audit_log.h: one entry if
 * anything changed since the mark, attributed to the installed request, or to "system" with
 * `system_action`); on failure everything is rolled back. */
static hs_status commit_audited(hs_store *s, int64_t now_ns, const char *system_action,
                                hs_error *err) {
    assert(store_in_txn(s));
    hs_status st = audit_log_append(s, now_ns, system_action, NULL, err);
    if (st != HS_OK) {
        store_rollback(s);
        return st;
    }
    return store_commit(s, err);
}

/* Creates or confirms one account inside an open transaction (see hs_tx_account_ensure). */
static hs_status account_upsert(hs_store *s, const char *name, const char *kind, uint32_t flags,
                                const char *owner, hs_account *out, bool *existed, hs_error *err) {
    assert(store_in_txn(s));
    if (owner == NULL)
        owner = "";
    if (strlen(owner) >= ACCOUNT_OWNER_MAX)
        return hs_invalid_field(err, "owner", "account owner '%s' is too long", owner);
    char why[256];
    if (!account_name_valid(name, why, sizeof why))
        return hs_fail(err, HS_INPUT, "%s", why);
    if (!account_kind_valid(kind))
        return hs_fail(err, HS_INPUT, "unknown account kind '%s' (known: %s)", kind,
                       account_kinds_text());
    bool found = false;
    hs_status st = store_account_by_name(s, name, out, &found, err);
    if (st != HS_OK)
        return st;
    *existed = found;
    if (found) {
        if (strcmp(out->kind, kind) != 0)
            return hs_fail(err, HS_INPUT, "account %s exists with kind '%s', not '%s'", name,
                           out->kind, kind);
        if (out->flags != flags)
            return hs_fail(err, HS_INPUT, "account %s exists with limit '%s', not '%s'", name,
                           account_limit_text(out->flags), account_limit_text(flags));
        if (strcmp(out->owner, owner) != 0)
            return hs_fail_code(err, HS_INPUT, "account_owned_by_module", "account",
                                "account %s exists owned by '%s', not by '%s' ('' is free)", name,
                                out->owner, owner);
        return HS_OK;
    }
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->kind, sizeof out->kind, "%s", kind);
    out->flags = flags;
    snprintf(out->owner, sizeof out->owner, "%s", owner);
    out->created_ts = hs_clock_now_ns(store_clock(s));
    return store_account_insert(s, out, err);
}

hs_status book_account_create(hs_store *s, const char *name, const char *kind, uint32_t flags,
                              hs_account *out, bool *existed, hs_error *err) {
    hs_status st = store_begin(s, err);
    if (st != HS_OK)
        return st;
    if ((st = audit_log_mark(s, err)) == HS_OK)
        st = account_upsert(s, name, kind, flags, NULL, out, existed, err);
    if (st != HS_OK || *existed) {
        store_rollback(s);
        return st;
    }
    return commit_audited(s, hs_clock_now_ns(store_clock(s)), NULL, err);
}

hs_status book_accounts_create(hs_store *s, const book_account_spec *specs, size_t n,
                               size_t *created, size_t *failed_at, hs_error *err) {
    *created = 0;
    hs_status st = store_begin(s, err);
    if (st == HS_OK && (st = audit_log_mark(s, err)) != HS_OK)
        store_rollback(s);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        hs_account a;
        bool existed;
        st = account_upsert(s, specs[i].name, specs[i].kind, specs[i].flags, NULL, &a, &existed,
                            err);
        if (st != HS_OK)
            *failed_at = i;
        else if (!existed)
            (*created)++;
    }
    if (st != HS_OK) {
        store_rollback(s);
        return st;
    }
    return commit_audited(s, hs_clock_now_ns(store_clock(s)), NULL, err);
}

static hs_status expire_one(void *ctx, const char *id, hs_error *err) {
    return ledger_batch_expire(ctx, id, err);
}

/* End of the chunk that starts at `from`: at most BOOK_CHUNK_EVENTS events, extended so that a
 * linked chain is never split. */
static size_t chunk_end(const hs_transfer *events, size_t n, size_t from) {
    size_t end = from + BOOK_CHUNK_EVENTS < n ? from + BOOK_CHUNK_EVENTS : n;
    while (end < n && (events[end - 1].flags & TRANSFER_LINKED))
        end++;
    assert(end > from && end <= n);
    return end;
}

static void summarize(const transfer_result *results, size_t n, size_t base, book_summary *sum) {
    size_t seen = sum->applied + sum->existed + sum->refused;
    for (size_t i = 0; i < n; i++) {
        if (results[i] == TR_OK)
            sum->applied++;
        else if (results[i] == TR_EXISTS)
            sum->existed++;
        else if (sum->refused++ == 0)
            sum->first_refused = base + i;
    }
    assert(sum->applied + sum->existed + sum->refused == seen + n);
}

/* Applies one chunk through a fresh engine batch and writes its outputs. */
static hs_status apply_chunk_once(hs_tx *txn, const hs_transfer *events, size_t n,
                                  transfer_result *results, hs_error *err) {
    assert(txn != NULL && store_in_txn(txn->store) && n > 0);
    int64_t last_ts;
    hs_status st = store_last_ts(txn->store, &last_ts, err);
    if (st != HS_OK)
        return st;
    ledger_io io = store_ledger_io(txn->store);
    ledger_batch *b = ledger_batch_new(&io, txn->now_ns, last_ts, txn->today);
    if (b == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    ledger_batch_free_accounts_only(b, txn->free_accounts_only);
    st = ledger_batch_apply(b, events, n, results, err);
    if (st == HS_OK)
        st = store_save_batch(txn->store, b, err);
    ledger_batch_free(b);
    return st;
}

_Static_assert(TR_EXISTS_WITH_DIFFERENT_DATE - TR_EXISTS_WITH_DIFFERENT_FLAGS == 8,
               "the exists_with_different_* results are one contiguous range");

/* Whether any event the optimistic run refused has an id the book already holds (its answer
 * must then be "exists", whatever the refusal said). Probes only the refused events' ids. */
static hs_status refused_id_taken(hs_store *s, const hs_transfer *events,
                                  const transfer_result *results, size_t n, bool *taken,
                                  hs_error *err) {
    ledger_io io = store_ledger_io(s);
    *taken = false;
    for (size_t i = 0; i < n && !*taken; i++) {
        if (results[i] == TR_OK || results[i] == TR_EXISTS ||
            (results[i] >= TR_EXISTS_WITH_DIFFERENT_FLAGS &&
             results[i] <= TR_EXISTS_WITH_DIFFERENT_DATE))
            continue; /* applied, or answered by an id the run already saw */
        const char *id = events[i].id;
        hs_status st = io.transfers_exist(io.ctx, &id, 1, taken, err);
        if (st != HS_OK)
            return st;
    }
    return HS_OK;
}

/* Applies one chunk as a step of the transaction. Client ids are almost always new, so the step
 * first runs with the id probe skipped (the transfers table's unique index is the check). If an id
 * turns out to be taken — an insert hits it, or an event the run refused has it (a retry is
 * answered "exists" even when applying it again would be refused) — the step is undone and redone
 * with the probe. Either way the chunk writes and answers exactly what one probed run does. */
static hs_status apply_chunk(hs_tx *txn, const hs_transfer *events, size_t n,
                             transfer_result *results, hs_error *err) {
    hs_store *s = txn->store;
    hs_error first = {0};
    assert(store_in_txn(s) && n > 0);
    hs_status st = store_step_begin(s, true, err);
    if (st != HS_OK)
        return st;
    st = apply_chunk_once(txn, events, n, results, &first);
    if (st == HS_OK) {
        bool taken;
        store_step_probe_ids(s);
        if ((st = refused_id_taken(s, events, results, n, &taken, err)) != HS_OK)
            return st;
        if (!taken)
            return store_step_end(s, err);
    } else if (st != HS_STORAGE || strcmp(first.code, "transfer_id_taken") != 0) {
        if (err != NULL)
            *err = first;
        return st; /* the caller rolls the transaction back */
    }
    if ((st = store_step_undo(s, err)) != HS_OK || (st = store_step_begin(s, false, err)) != HS_OK)
        return st;
    st = apply_chunk_once(txn, events, n, results, err);
    if (st != HS_OK)
        return st;
    /* the probed run gave every event a result */
    assert(results[0] < TR_RESULT_COUNT && results[n - 1] < TR_RESULT_COUNT);
    return store_step_end(s, err);
}

/* Releases every pending transfer whose timeout has passed, in its own committed step so that a
 * rolled-back batch never undoes an expiry. Runs inside an open transaction; leaves one open. */
static hs_status sweep_due(hs_tx *txn, hs_error *err) {
    bool any = false;
    hs_status st = store_any_due(txn->store, txn->now_ns, &any, err);
    if (st != HS_OK || !any)
        return st;
    int64_t last_ts;
    if ((st = store_last_ts(txn->store, &last_ts, err)) != HS_OK)
        return st;
    ledger_io io = store_ledger_io(txn->store);
    ledger_batch *b = ledger_batch_new(&io, txn->now_ns, last_ts, txn->today);
    if (b == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    st = store_due_pendings(txn->store, txn->now_ns, expire_one, b, err);
    if (st == HS_OK)
        st = store_save_batch(txn->store, b, err);
    ledger_batch_free(b);
    if (st == HS_OK)
        st = commit_audited(txn->store, txn->now_ns, "ledger.expire", err);
    if (st == HS_OK)
        st = store_begin(txn->store, err);
    return st;
}

hs_status hs_tx_begin(hs_store *s, hs_tx *txn, hs_error *err) {
    memset(txn, 0, sizeof *txn);
    txn->store = s;
    hs_status st = store_begin(s, err);
    if (st != HS_OK)
        return st;
    /* the clock is read after the lock is held, so timestamps follow commit order */
    txn->now_ns = hs_clock_now_ns(store_clock(s));
    txn->today = hs_clock_today(store_clock(s));
    st = audit_log_mark(s, err);
    if (st == HS_OK)
        st = sweep_due(txn, err);
    if (st == HS_OK) /* the operation's own changes are counted from here */
        st = audit_log_mark(s, err);
    if (st != HS_OK)
        store_rollback(s);
    return st;
}

hs_status hs_tx_transfer(hs_tx *txn, const hs_transfer *events, size_t n, transfer_result *results,
                         hs_error *err) {
    assert(txn != NULL && store_in_txn(txn->store) && (n == 0 || (events && results)));
    size_t from = 0;
    while (from < n) {
        size_t to = chunk_end(events, n, from);
        hs_status st = apply_chunk(txn, events + from, to - from, results + from, err);
        if (st != HS_OK)
            return st;
        summarize(results + from, to - from, txn->events_seen + from, &txn->summary);
        from = to;
    }
    txn->events_seen += n;
    return HS_OK;
}

hs_status hs_tx_commit(hs_tx *txn, hs_error *err) {
    assert(txn != NULL && store_in_txn(txn->store));
    return commit_audited(txn->store, txn->now_ns, NULL, err);
}

void hs_tx_rollback(hs_tx *txn) {
    store_rollback(txn->store);
}

hs_status hs_tx_account_ensure(hs_tx *tx, const char *name, const char *kind, uint32_t flags,
                               const char *owner, hs_account *out, bool *existed, hs_error *err) {
    assert(tx != NULL && tx->store != NULL);
    hs_account scratch;
    bool scratch_existed;
    hs_status st = account_upsert(tx->store, name, kind, flags, owner, out ? out : &scratch,
                                  existed ? existed : &scratch_existed, err);
    assert(st != HS_OK || (out ? out : &scratch)->id > 0);
    return st;
}

hs_status hs_tx_account_get(hs_tx *tx, const char *name, hs_account *out, bool *found,
                            hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return store_account_by_name(tx->store, name, out, found, err);
}

hs_status book_transfer(hs_store *s, const hs_transfer *events, size_t n, transfer_result *results,
                        bool all_or_nothing, book_summary *summary, hs_error *err) {
    hs_tx txn;
    hs_status st = hs_tx_begin(s, &txn, err);
    if (st == HS_OK)
        st = hs_tx_transfer(&txn, events, n, results, err);
    if (summary != NULL)
        *summary = txn.summary;
    if (st != HS_OK) {
        hs_tx_rollback(&txn);
        return st;
    }
    book_summary *sum = &txn.summary;
    if (sum->refused > 0)
        hs_fail_code(err, transfer_result_status(results[sum->first_refused]),
                     transfer_result_name(results[sum->first_refused]), NULL, "transfer %s: %s%s",
                     events[sum->first_refused].id,
                     transfer_result_name(results[sum->first_refused]),
                     all_or_nothing ? " (nothing applied)" : "");
    if (all_or_nothing && sum->refused > 0) {
        hs_tx_rollback(&txn);
        if (summary != NULL)
            summary->applied = 0;
        return transfer_result_status(results[sum->first_refused]);
    }
    hs_error commit_err = {0};
    if ((st = hs_tx_commit(&txn, &commit_err)) != HS_OK) {
        if (err != NULL)
            *err = commit_err;
        return st;
    }
    return sum->refused > 0 ? transfer_result_status(results[sum->first_refused]) : HS_OK;
}
