/* engine.c — the batch state machine: validate, apply, undo on failure.
 *
 * Working set: accounts loaded on first use (by name or id) into `accounts`; stored transfers
 * loaded on first use into `loaded`; new transfers appended to `created`. `xfer_index` maps a
 * transfer id to its slot (value >= 0: created[value]; value < 0: loaded[-value - 1]). The three
 * indexes are idxmaps: they hold hashes and slots, the keys stay in the slots (no copy per key).
 * Every change to an account or a loaded pending transfer first pushes its old value on `undo`, so
 * a failed event or linked chain is rolled back to a mark exactly. */
#include "ledger/engine.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/idxmap.h"

typedef struct {
    hs_account a;
    bool changed;
} account_slot;

typedef struct {
    hs_transfer t;
    bool changed;
} loaded_slot;

typedef enum { UNDO_ACCOUNT, UNDO_LOADED, UNDO_CREATED } undo_kind;

typedef struct {
    undo_kind kind;
    size_t slot;
    hs_account account;  /* previous value, if UNDO_ACCOUNT */
    bool changed;        /* previous changed flag */
    pending_state state; /* previous state, if a loaded transfer */
    hs_date resolved_date;
} undo_entry;

typedef struct {
    size_t undo_count, created_count, index_count;
} undo_mark;

struct ledger_batch {
    ledger_io io;
    int64_t now_ns, last_ts;
    hs_date today;
    account_slot *accounts;
    size_t account_count, account_capacity;
    idxmap account_by_name, account_by_id; /* -> index in accounts */
    hs_transfer *created;
    size_t created_count, created_capacity;
    loaded_slot *loaded;
    size_t loaded_count, loaded_capacity;
    idxmap xfer_index;
    undo_entry *undo;
    size_t undo_count, undo_capacity;
    size_t resolved_count, cursor; /* iteration state of ledger_batch_resolved */
    const char **probe_ids;        /* scratch for io.transfers_exist: ids of the events applied */
    bool *stored;                  /* stored[i]: the book holds a transfer with events[i]'s id */
    size_t probe_capacity;
    bool free_accounts_only; /* refuse events touching an account a module owns */
};

#define GROW(ptr, count, capacity)                                                                 \
    ((count) < (capacity) || grow_array((void **)&(ptr), &(capacity), sizeof *(ptr)))

static bool grow_array(void **ptr, size_t *capacity, size_t elem) {
    size_t cap = *capacity ? *capacity * 2 : 64;
    void *p = realloc(*ptr, cap * elem);
    if (p == NULL)
        return false;
    *ptr = p;
    *capacity = cap;
    return true;
}

ledger_batch *ledger_batch_new(const ledger_io *io, int64_t now_ns, int64_t last_ts,
                               hs_date today) {
    assert(io != NULL && io->account_by_name != NULL && io->account_by_id != NULL &&
           io->transfer_by_id != NULL);
    ledger_batch *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->io = *io;
    b->now_ns = now_ns;
    b->last_ts = last_ts;
    b->today = today;
    idxmap_init(&b->account_by_name);
    idxmap_init(&b->account_by_id);
    idxmap_init(&b->xfer_index);
    assert(b->account_count == 0 && b->created_count == 0);
    return b;
}

void ledger_batch_free(ledger_batch *b) {
    if (b == NULL)
        return;
    idxmap_free(&b->account_by_name);
    idxmap_free(&b->account_by_id);
    idxmap_free(&b->xfer_index);
    free(b->accounts);
    free(b->created);
    free(b->loaded);
    free(b->undo);
    free(b->probe_ids);
    free(b->stored);
    free(b);
}

static hs_status out_of_memory(hs_error *err) {
    return hs_fail(err, HS_STORAGE, "out of memory while applying a batch");
}

/* Data read through ledger_io is never asserted on: a damaged or tampered book is an HS_STORAGE
 * error naming what was found (exit 3), never a signal. */
#define damaged(err, ...) hs_fail_code((err), HS_STORAGE, "book_damaged", NULL, __VA_ARGS__)

/* HS_OK if an account read from the book is one the engine could have written: a positive id, no
 * negative balance, within its limits. */
static hs_status stored_account_sound(const hs_account *a, hs_error *err) {
    if (a->id <= 0)
        return damaged(err, "the book is damaged: account '%s' has id %lld", a->name,
                       (long long)a->id);
    if (!account_within_limits(a))
        return damaged(err,
                       "the book is damaged: account '%s' holds balances no transfer can give "
                       "(negative or beyond its limit); run `huoshui check`",
                       a->name);
    return HS_OK;
}

/* HS_OK if a transfer read from the book is well formed: a positive amount between two accounts,
 * and a pending state that agrees with its flags. */
static hs_status stored_transfer_sound(const hs_transfer *t, hs_error *err) {
    bool pending = t->flags & TRANSFER_PENDING;
    bool state_ok = pending ? (t->state >= PENDING_OPEN && t->state <= PENDING_EXPIRED)
                            : t->state == PENDING_NONE;
    if (t->amount_fen <= 0 || t->debit_account_id <= 0 || t->credit_account_id <= 0 ||
        t->debit_account_id == t->credit_account_id || !state_ok)
        return damaged(err,
                       "the book is damaged: stored transfer '%s' is malformed; run "
                       "`huoshui check`",
                       t->id);
    return HS_OK;
}

/* ---- the working set ---- */

/* idxmap matchers: the keys live in the slots. */
static bool account_named(const void *ctx, int64_t v, const void *key) {
    const ledger_batch *b = ctx;
    assert(v >= 0 && (size_t)v < b->account_count);
    return strcmp(b->accounts[v].a.name, key) == 0;
}

static bool account_numbered(const void *ctx, int64_t v, const void *key) {
    const ledger_batch *b = ctx;
    assert(v >= 0 && (size_t)v < b->account_count);
    return b->accounts[v].a.id == *(const int64_t *)key;
}

/* The transfer a xfer_index value names (see the top of the file). */
static hs_transfer *xfer_slot(const ledger_batch *b, int64_t v) {
    assert(v >= 0 ? (size_t)v < b->created_count : (size_t)(-v - 1) < b->loaded_count);
    return v >= 0 ? &b->created[v] : &b->loaded[-v - 1].t;
}

static bool transfer_named(const void *ctx, int64_t v, const void *key) {
    return strcmp(xfer_slot(ctx, v)->id, key) == 0;
}

static bool account_slot_of_name(const ledger_batch *b, const char *name, int64_t *v) {
    return idxmap_get(&b->account_by_name, idxmap_hash_text(name), account_named, b, name, v);
}

static bool account_slot_of_id(const ledger_batch *b, int64_t id, int64_t *v) {
    return idxmap_get(&b->account_by_id, idxmap_hash_int(id), account_numbered, b, &id, v);
}

static bool transfer_slot_of_id(const ledger_batch *b, const char *id, int64_t *v) {
    return idxmap_get(&b->xfer_index, idxmap_hash_text(id), transfer_named, b, id, v);
}

static hs_status cache_account(ledger_batch *b, const hs_account *a, size_t *slot, hs_error *err) {
    assert(b != NULL && a != NULL && slot != NULL);
    hs_status st = stored_account_sound(a, err);
    if (st != HS_OK)
        return st;
    int64_t other;
    if (account_slot_of_name(b, a->name, &other))
        return damaged(err, "the book is damaged: two accounts are named '%s' (#%lld and #%lld)",
                       a->name, (long long)b->accounts[other].a.id, (long long)a->id);
    if (account_slot_of_id(b, a->id, &other))
        return damaged(err, "the book is damaged: account #%lld is named both '%s' and '%s'",
                       (long long)a->id, b->accounts[other].a.name, a->name);
    if (!GROW(b->accounts, b->account_count, b->account_capacity))
        return out_of_memory(err);
    size_t i = b->account_count;
    if (!idxmap_put(&b->account_by_name, idxmap_hash_text(a->name), (int64_t)i))
        return out_of_memory(err);
    if (!idxmap_put(&b->account_by_id, idxmap_hash_int(a->id), (int64_t)i)) {
        idxmap_pop(&b->account_by_name);
        return out_of_memory(err);
    }
    b->accounts[i] = (account_slot){.a = *a, .changed = false};
    b->account_count++;
    assert(idxmap_count(&b->account_by_name) == b->account_count);
    assert(idxmap_count(&b->account_by_id) == b->account_count);
    *slot = i;
    return HS_OK;
}

/* Finds an account by name in the working set or the book; *slot = SIZE_MAX if there is none. */
static hs_status find_account_by_name(ledger_batch *b, const char *name, size_t *slot,
                                      hs_error *err) {
    assert(name != NULL && slot != NULL);
    int64_t v;
    if (account_slot_of_name(b, name, &v)) {
        *slot = (size_t)v;
        assert(strcmp(b->accounts[*slot].a.name, name) == 0);
        return HS_OK;
    }
    hs_account a;
    bool found = false;
    hs_status st = b->io.account_by_name(b->io.ctx, name, &a, &found, err);
    if (st != HS_OK)
        return st;
    if (!found) {
        *slot = SIZE_MAX;
        return HS_OK;
    }
    if (strcmp(a.name, name) != 0)
        return damaged(err, "the book is damaged: looking up account '%s' found '%s'", name,
                       a.name);
    return cache_account(b, &a, slot, err);
}

static hs_status find_account_by_id(ledger_batch *b, int64_t id, size_t *slot, hs_error *err) {
    assert(slot != NULL);
    int64_t v;
    if (account_slot_of_id(b, id, &v)) {
        *slot = (size_t)v;
        assert(b->accounts[*slot].a.id == id);
        return HS_OK;
    }
    hs_account a;
    bool found = false;
    hs_status st = b->io.account_by_id(b->io.ctx, id, &a, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return damaged(err, "the book is damaged: account #%lld is missing", (long long)id);
    if (a.id != id)
        return damaged(err, "the book is damaged: looking up account #%lld found #%lld",
                       (long long)id, (long long)a.id);
    return cache_account(b, &a, slot, err);
}

/* Finds a transfer by id among this batch's and the book's; *t = NULL if none. *slot_index is its
 * index in loaded[] (if *is_loaded) or created[]. */
static hs_status find_transfer_in(ledger_batch *b, const char *id, bool maybe_stored,
                                  hs_transfer **t, bool *is_loaded, size_t *loaded_slot_index,
                                  hs_error *err);

static hs_status find_transfer(ledger_batch *b, const char *id, hs_transfer **t, bool *is_loaded,
                               size_t *loaded_slot_index, hs_error *err) {
    return find_transfer_in(b, id, true, t, is_loaded, loaded_slot_index, err);
}

/* As find_transfer; with maybe_stored false (the book is known not to hold `id`), only this
 * batch's transfers are searched. */
static hs_status find_transfer_in(ledger_batch *b, const char *id, bool maybe_stored,
                                  hs_transfer **t, bool *is_loaded, size_t *loaded_slot_index,
                                  hs_error *err) {
    assert(id != NULL && t != NULL && is_loaded != NULL && loaded_slot_index != NULL);
    int64_t v;
    *t = NULL;
    if (transfer_slot_of_id(b, id, &v)) {
        if (v >= 0) {
            *t = &b->created[v];
            *is_loaded = false;
            *loaded_slot_index = (size_t)v;
        } else {
            *loaded_slot_index = (size_t)(-v - 1);
            *t = &b->loaded[*loaded_slot_index].t;
            *is_loaded = true;
        }
        return HS_OK;
    }
    if (!maybe_stored)
        return HS_OK;
    hs_transfer stored;
    bool found = false;
    hs_status st = b->io.transfer_by_id(b->io.ctx, id, &stored, &found, err);
    if (st != HS_OK || !found)
        return st;
    if (strcmp(stored.id, id) != 0)
        return damaged(err, "the book is damaged: looking up transfer '%s' found '%s'", id,
                       stored.id);
    if ((st = stored_transfer_sound(&stored, err)) != HS_OK)
        return st;
    if (!GROW(b->loaded, b->loaded_count, b->loaded_capacity))
        return out_of_memory(err);
    size_t i = b->loaded_count++;
    b->loaded[i] = (loaded_slot){.t = stored, .changed = false};
    if (!idxmap_put(&b->xfer_index, idxmap_hash_text(id), -(int64_t)i - 1))
        return out_of_memory(err);
    *t = &b->loaded[i].t;
    *is_loaded = true;
    *loaded_slot_index = i;
    assert(strcmp((*t)->id, id) == 0);
    return HS_OK;
}

/* ---- undo ---- */

static undo_mark mark_now(const ledger_batch *b) {
    return (undo_mark){b->undo_count, b->created_count, idxmap_count(&b->xfer_index)};
}

static bool save_account(ledger_batch *b, size_t slot) {
    assert(slot < b->account_count);
    if (!GROW(b->undo, b->undo_count, b->undo_capacity))
        return false;
    b->undo[b->undo_count++] = (undo_entry){.kind = UNDO_ACCOUNT,
                                            .slot = slot,
                                            .account = b->accounts[slot].a,
                                            .changed = b->accounts[slot].changed};
    return true;
}

/* Saves the state of a pending transfer about to be resolved: loaded from the book or created
 * earlier in this batch. */
static bool save_pending(ledger_batch *b, bool is_loaded, size_t slot) {
    assert(is_loaded ? slot < b->loaded_count : slot < b->created_count);
    if (!GROW(b->undo, b->undo_count, b->undo_capacity))
        return false;
    const hs_transfer *t = is_loaded ? &b->loaded[slot].t : &b->created[slot];
    b->undo[b->undo_count++] = (undo_entry){.kind = is_loaded ? UNDO_LOADED : UNDO_CREATED,
                                            .slot = slot,
                                            .changed = is_loaded && b->loaded[slot].changed,
                                            .state = t->state,
                                            .resolved_date = t->resolved_date};
    return true;
}

static void rollback_to(ledger_batch *b, undo_mark m) {
    while (b->undo_count > m.undo_count) {
        undo_entry *u = &b->undo[--b->undo_count];
        if (u->kind == UNDO_ACCOUNT) {
            b->accounts[u->slot].a = u->account;
            b->accounts[u->slot].changed = u->changed;
        } else if (u->kind == UNDO_LOADED) {
            b->loaded[u->slot].t.state = u->state;
            b->loaded[u->slot].t.resolved_date = u->resolved_date;
            b->loaded[u->slot].changed = u->changed;
        } else if (u->slot < m.created_count) { /* created after the mark: simply dropped */
            b->created[u->slot].state = u->state;
            b->created[u->slot].resolved_date = u->resolved_date;
        }
    }
    assert(idxmap_count(&b->xfer_index) >= m.index_count && b->created_count >= m.created_count);
    while (idxmap_count(&b->xfer_index) > m.index_count)
        idxmap_pop(&b->xfer_index);
    b->created_count = m.created_count;
    assert(b->undo_count == m.undo_count && idxmap_count(&b->xfer_index) == m.index_count);
}

/* ---- balance moves ---- */

/* Adds amount to one balance field; false on overflow. */
static bool bump(int64_t *field, int64_t amount) {
    return money_add(*field, amount, field);
}

static transfer_result check_limits(const hs_account *dr, const hs_account *cr) {
    assert(dr != cr && dr->id != cr->id);
    if (dr->flags & ACCOUNT_DEBITS_LE_CREDITS) {
        int64_t exposure;
        if (!money_add(dr->debits_pending_fen, dr->debits_posted_fen, &exposure))
            return TR_OVERFLOWS_BALANCE;
        if (exposure > dr->credits_posted_fen)
            return TR_EXCEEDS_CREDITS;
    }
    if (cr->flags & ACCOUNT_CREDITS_LE_DEBITS) {
        int64_t exposure;
        if (!money_add(cr->credits_pending_fen, cr->credits_posted_fen, &exposure))
            return TR_OVERFLOWS_BALANCE;
        if (exposure > cr->debits_posted_fen)
            return TR_EXCEEDS_DEBITS;
    }
    return TR_OK;
}

static int64_t next_ts(ledger_batch *b) {
    assert(b->last_ts < INT64_MAX);
    int64_t ts = b->now_ns > b->last_ts ? b->now_ns : b->last_ts + 1;
    b->last_ts = ts;
    assert(ts >= b->now_ns && ts > 0);
    return ts;
}

/* The slot the next created transfer is built in (NULL if memory runs out); it counts as created
 * once created_commit indexes it. */
static hs_transfer *created_next(ledger_batch *b) {
    if (!GROW(b->created, b->created_count, b->created_capacity))
        return NULL;
    return &b->created[b->created_count];
}

/* Indexes the transfer built in created_next's slot and counts it as created. */
static hs_status created_commit(ledger_batch *b, hs_error *err) {
    assert(b->created_count < b->created_capacity);
    const hs_transfer *t = &b->created[b->created_count];
    assert(t->ts > 0 && t->amount_fen > 0 && t->debit_account_id != t->credit_account_id);
    if (!idxmap_put(&b->xfer_index, idxmap_hash_text(t->id), (int64_t)b->created_count))
        return out_of_memory(err);
    b->created_count++;
    return HS_OK;
}

static hs_status record_created(ledger_batch *b, const hs_transfer *t, hs_error *err) {
    hs_transfer *slot = created_next(b);
    if (slot == NULL)
        return out_of_memory(err);
    *slot = *t;
    return created_commit(b, err);
}

static bool pending_due(const ledger_batch *b, const hs_transfer *p) {
    assert(p->flags & TRANSFER_PENDING);
    return p->timeout_s > 0 && b->now_ns >= p->ts + (int64_t)p->timeout_s * 1000000000;
}

/* True if the batch takes only free accounts and either account belongs to a module. */
static bool owned_refused(const ledger_batch *b, size_t dslot, size_t cslot) {
    assert(dslot < b->account_count && cslot < b->account_count && dslot != cslot);
    if (!b->free_accounts_only)
        return false;
    return b->accounts[dslot].a.owner[0] != '\0' || b->accounts[cslot].a.owner[0] != '\0';
}

/* Takes pending transfer p's reservation off its two accounts. The accounts' pending balances come
 * from the book, so one smaller than the reservation is a damaged book, not a failed assertion. */
static hs_status release_reservation(hs_account *dr, hs_account *cr, const hs_transfer *p,
                                     hs_error *err) {
    assert(p->amount_fen > 0 && dr->id == p->debit_account_id && cr->id == p->credit_account_id);
    if (dr->debits_pending_fen < p->amount_fen || cr->credits_pending_fen < p->amount_fen)
        return damaged(err,
                       "the book is damaged: pending transfer '%s' reserves more than its "
                       "accounts hold pending; run `huoshui check`",
                       p->id);
    dr->debits_pending_fen -= p->amount_fen;
    cr->credits_pending_fen -= p->amount_fen;
    assert(dr->debits_pending_fen >= 0 && cr->credits_pending_fen >= 0);
    return HS_OK;
}

void ledger_batch_free_accounts_only(ledger_batch *b, bool on) {
    assert(b != NULL);
    b->free_accounts_only = on;
}

/* Applies a post_pending or void_pending event. */
static hs_status apply_resolve(ledger_batch *b, const hs_transfer *e, transfer_result *r,
                               hs_error *err) {
    hs_transfer *p;
    bool is_loaded = false;
    size_t lslot = 0;
    hs_status st = find_transfer(b, e->pending_id, &p, &is_loaded, &lslot, err);
    if (st != HS_OK)
        return st;
    if (p == NULL)
        return *r = TR_PENDING_TRANSFER_NOT_FOUND, HS_OK;
    if (!(p->flags & TRANSFER_PENDING))
        return *r = TR_PENDING_TRANSFER_NOT_PENDING, HS_OK;
    if (e->debit[0] != '\0' && strcmp(e->debit, p->debit) != 0)
        return *r = TR_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT, HS_OK;
    if (e->credit[0] != '\0' && strcmp(e->credit, p->credit) != 0)
        return *r = TR_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT, HS_OK;
    if (p->state == PENDING_POSTED)
        return *r = TR_PENDING_TRANSFER_ALREADY_POSTED, HS_OK;
    if (p->state == PENDING_VOIDED)
        return *r = TR_PENDING_TRANSFER_ALREADY_VOIDED, HS_OK;
    if (p->state == PENDING_EXPIRED || pending_due(b, p))
        return *r = TR_PENDING_TRANSFER_EXPIRED, HS_OK;
    assert(p->state == PENDING_OPEN);
    bool post = e->flags & TRANSFER_POST_PENDING;
    int64_t amount = e->amount_fen == 0 ? p->amount_fen : e->amount_fen;
    if (amount > p->amount_fen)
        return *r = TR_EXCEEDS_PENDING_TRANSFER_AMOUNT, HS_OK;
    if (!post && amount != p->amount_fen)
        return *r = TR_PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT, HS_OK;
    size_t dslot, cslot;
    if ((st = find_account_by_id(b, p->debit_account_id, &dslot, err)) != HS_OK ||
        (st = find_account_by_id(b, p->credit_account_id, &cslot, err)) != HS_OK)
        return st;
    assert(dslot != SIZE_MAX && cslot != SIZE_MAX);
    if (owned_refused(b, dslot, cslot))
        return *r = TR_ACCOUNT_OWNED_BY_MODULE, HS_OK;
    if (!save_account(b, dslot) || !save_account(b, cslot) || !save_pending(b, is_loaded, lslot))
        return out_of_memory(err);
    hs_account *dr = &b->accounts[dslot].a, *cr = &b->accounts[cslot].a;
    if ((st = release_reservation(dr, cr, p, err)) != HS_OK)
        return st;
    if (post && (!bump(&dr->debits_posted_fen, amount) || !bump(&cr->credits_posted_fen, amount)))
        return *r = TR_OVERFLOWS_BALANCE, HS_OK;
    b->accounts[dslot].changed = b->accounts[cslot].changed = true;
    hs_transfer t = *e;
    t.date = e->date_given ? e->date : b->today;
    t.debit_account_id = p->debit_account_id;
    t.credit_account_id = p->credit_account_id;
    snprintf(t.debit, sizeof t.debit, "%s", p->debit);
    snprintf(t.credit, sizeof t.credit, "%s", p->credit);
    t.amount_fen = post ? amount : p->amount_fen;
    if (post && e->amount_fen == 0)
        t.flags |= TRANSFER_AMOUNT_FULL;
    t.state = PENDING_NONE;
    t.ts = next_ts(b);
    p->state = post ? PENDING_POSTED : PENDING_VOIDED;
    p->resolved_date = t.date;
    if (is_loaded)
        b->loaded[lslot].changed = true;
    *r = TR_OK;
    return record_created(b, &t, err);
}

/* Applies a plain or pending transfer between two named accounts. */
static hs_status apply_move(ledger_batch *b, const hs_transfer *e, transfer_result *r,
                            hs_error *err) {
    size_t dslot, cslot;
    hs_status st = find_account_by_name(b, e->debit, &dslot, err);
    if (st != HS_OK)
        return st;
    if (dslot == SIZE_MAX)
        return *r = TR_DEBIT_ACCOUNT_NOT_FOUND, HS_OK;
    if ((st = find_account_by_name(b, e->credit, &cslot, err)) != HS_OK)
        return st;
    if (cslot == SIZE_MAX)
        return *r = TR_CREDIT_ACCOUNT_NOT_FOUND, HS_OK;
    if (dslot == cslot)
        return *r = TR_ACCOUNTS_MUST_BE_DIFFERENT, HS_OK;
    if (owned_refused(b, dslot, cslot))
        return *r = TR_ACCOUNT_OWNED_BY_MODULE, HS_OK;
    if (!save_account(b, dslot) || !save_account(b, cslot))
        return out_of_memory(err);
    hs_account *dr = &b->accounts[dslot].a, *cr = &b->accounts[cslot].a;
    bool pending = e->flags & TRANSFER_PENDING;
    int64_t dr_before = pending ? dr->debits_pending_fen : dr->debits_posted_fen;
    int64_t cr_before = pending ? cr->credits_pending_fen : cr->credits_posted_fen;
    bool ok = pending ? bump(&dr->debits_pending_fen, e->amount_fen) &&
                            bump(&cr->credits_pending_fen, e->amount_fen)
                      : bump(&dr->debits_posted_fen, e->amount_fen) &&
                            bump(&cr->credits_posted_fen, e->amount_fen);
    if (!ok)
        return *r = TR_OVERFLOWS_BALANCE, HS_OK;
    /* double entry: the same amount onto one account's debits and the other's credits */
    assert((pending ? dr->debits_pending_fen : dr->debits_posted_fen) - dr_before == e->amount_fen);
    assert((pending ? cr->credits_pending_fen : cr->credits_posted_fen) - cr_before ==
           e->amount_fen);
    transfer_result lim = check_limits(dr, cr);
    if (lim != TR_OK)
        return *r = lim, HS_OK;
    hs_transfer *t = created_next(b); /* built in place: one copy of the ~1 KB event */
    if (t == NULL)
        return out_of_memory(err);
    b->accounts[dslot].changed = b->accounts[cslot].changed = true;
    *t = *e;
    t->date = e->date_given ? e->date : b->today;
    t->debit_account_id = dr->id;
    t->credit_account_id = cr->id;
    t->state = pending ? PENDING_OPEN : PENDING_NONE;
    t->resolved_date = 0;
    t->ts = next_ts(b);
    *r = TR_OK;
    return created_commit(b, err);
}

/* Applies one event; on a refusal the caller rolls back whatever it changed. */
static hs_status apply_one(ledger_batch *b, const hs_transfer *e, bool maybe_stored,
                           transfer_result *r, hs_error *err) {
    assert(b != NULL && e != NULL && r != NULL);
    *r = transfer_validate_shape(e);
    if (*r != TR_OK)
        return HS_OK;
    hs_transfer *existing;
    bool is_loaded = false;
    size_t lslot = 0;
    hs_status st = find_transfer_in(b, e->id, maybe_stored, &existing, &is_loaded, &lslot, err);
    if (st != HS_OK)
        return st;
    if (existing != NULL) {
        *r = transfer_compare(e, existing, existing->debit, existing->credit);
        return HS_OK;
    }
    if (e->flags & (TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING))
        return apply_resolve(b, e, r, err);
    return apply_move(b, e, r, err);
}

static void assert_touched_accounts_sound(const ledger_batch *b, undo_mark m) {
#ifndef NDEBUG
    for (size_t i = m.undo_count; i < b->undo_count; i++)
        if (b->undo[i].kind == UNDO_ACCOUNT)
            assert(account_within_limits(&b->accounts[b->undo[i].slot].a));
#else
    (void)b;
    (void)m;
#endif
}

/* Index of the first event of a linked chain left open at the end of the batch, or n if none. */
static size_t open_chain_start(const hs_transfer *events, size_t n) {
    if (n == 0 || !(events[n - 1].flags & TRANSFER_LINKED))
        return n;
    size_t start = n - 1;
    while (start > 0 && (events[start - 1].flags & TRANSFER_LINKED))
        start--;
    assert(start < n && (events[n - 1].flags & TRANSFER_LINKED));
    return start;
}

/* Fills b->stored[0..n): which events' ids the book may already hold. With io.transfers_exist
 * that is one probe for the whole batch; without it every id may be stored (each is then read). */
static hs_status probe_stored(ledger_batch *b, const hs_transfer *events, size_t n, hs_error *err) {
    if (b->probe_capacity < n) {
        size_t cap = n < 64 ? 64 : n;
        const char **ids = realloc(b->probe_ids, cap * sizeof *ids);
        if (ids == NULL)
            return out_of_memory(err);
        b->probe_ids = ids;
        bool *stored = realloc(b->stored, cap * sizeof *stored);
        if (stored == NULL)
            return out_of_memory(err);
        b->stored = stored;
        b->probe_capacity = cap;
    }
    if (b->io.transfers_exist == NULL) {
        for (size_t i = 0; i < n; i++)
            b->stored[i] = true;
        return HS_OK;
    }
    assert(n <= b->probe_capacity);
    for (size_t i = 0; i < n; i++)
        b->probe_ids[i] = events[i].id;
    return b->io.transfers_exist(b->io.ctx, b->probe_ids, n, b->stored, err);
}

hs_status ledger_batch_apply(ledger_batch *b, const hs_transfer *events, size_t n,
                             transfer_result *results, hs_error *err) {
    assert(b != NULL && (n == 0 || (events != NULL && results != NULL)));
    size_t created_before = b->created_count;
    /* size the output once: every event creates at most one transfer */
    if (b->created_capacity < b->created_count + n) {
        hs_transfer *c = realloc(b->created, (b->created_count + n) * sizeof *c);
        if (c == NULL)
            return out_of_memory(err);
        b->created = c;
        b->created_capacity = b->created_count + n;
    }
    hs_status st = probe_stored(b, events, n, err);
    if (st != HS_OK)
        return st;
    size_t open_from = open_chain_start(events, n);
    for (size_t i = open_from; i < n; i++)
        results[i] = (i + 1 == n) ? TR_LINKED_EVENT_CHAIN_OPEN : TR_LINKED_EVENT_FAILED;
    size_t i = 0;
    while (i < open_from) {
        /* A chain is events[i..end]: linked events up to and including the first unlinked one. */
        size_t end = i;
        while (end < open_from && (events[end].flags & TRANSFER_LINKED))
            end++;
        undo_mark chain = mark_now(b);
        size_t failed_at = SIZE_MAX;
        for (size_t k = i; k <= end; k++) {
            undo_mark before = mark_now(b);
            st = apply_one(b, &events[k], b->stored[k], &results[k], err);
            if (st != HS_OK)
                return st;
            if (results[k] != TR_OK && results[k] != TR_EXISTS) {
                rollback_to(b, before);
                failed_at = k;
                break;
            }
            assert_touched_accounts_sound(b, before);
        }
        if (failed_at != SIZE_MAX && end > i) {
            rollback_to(b, chain);
            for (size_t k = i; k <= end; k++)
                if (k != failed_at)
                    results[k] = TR_LINKED_EVENT_FAILED;
        }
        /* Outside a chain nothing needs undoing any more. */
        b->undo_count = 0;
        i = end + 1;
    }
    assert(b->created_count <= created_before + n); /* at most one transfer per event */
    return HS_OK;
}

hs_status ledger_batch_expire(ledger_batch *b, const char *pending_id, hs_error *err) {
    assert(b != NULL && pending_id != NULL);
    hs_transfer *p;
    bool is_loaded = false;
    size_t lslot = 0;
    hs_status st = find_transfer(b, pending_id, &p, &is_loaded, &lslot, err);
    if (st != HS_OK)
        return st;
    if (p == NULL || !(p->flags & TRANSFER_PENDING) || p->state != PENDING_OPEN ||
        !pending_due(b, p))
        return HS_OK;
    size_t dslot, cslot;
    if ((st = find_account_by_id(b, p->debit_account_id, &dslot, err)) != HS_OK ||
        (st = find_account_by_id(b, p->credit_account_id, &cslot, err)) != HS_OK)
        return st;
    hs_account *dr = &b->accounts[dslot].a, *cr = &b->accounts[cslot].a;
    if ((st = release_reservation(dr, cr, p, err)) != HS_OK)
        return st;
    b->accounts[dslot].changed = b->accounts[cslot].changed = true;
    p->state = PENDING_EXPIRED;
    p->resolved_date = b->today;
    if (is_loaded)
        b->loaded[lslot].changed = true;
    b->undo_count = 0;
    return HS_OK;
}

size_t ledger_batch_created(const ledger_batch *b, const hs_transfer **out) {
    assert(b != NULL && out != NULL);
    assert(b->created_count <= b->created_capacity);
    *out = b->created;
    return b->created_count;
}

size_t ledger_batch_account_count(const ledger_batch *b) {
    assert(b != NULL && b->account_count <= b->account_capacity);
    return b->account_count;
}

const hs_account *ledger_batch_account(const ledger_batch *b, size_t i, bool *changed) {
    assert(i < b->account_count && changed != NULL);
    *changed = b->accounts[i].changed;
    return &b->accounts[i].a;
}

size_t ledger_batch_resolved_count(const ledger_batch *b) {
    size_t n = 0;
    for (size_t i = 0; i < b->loaded_count; i++)
        n += b->loaded[i].changed;
    return n;
}

const hs_transfer *ledger_batch_resolved(ledger_batch *b, size_t i) {
    /* Walks the loaded slots once per call from a cursor, so iterating i = 0..count-1 is linear. */
    ledger_batch *m = b;
    if (i == 0 || i != m->resolved_count) {
        m->resolved_count = 0;
        m->cursor = 0;
    }
    for (; m->cursor < b->loaded_count; m->cursor++) {
        if (!b->loaded[m->cursor].changed)
            continue;
        if (m->resolved_count++ == i)
            return &b->loaded[m->cursor++].t;
    }
    assert(!"ledger_batch_resolved: index out of range");
    return NULL;
}

int64_t ledger_batch_last_ts(const ledger_batch *b) {
    assert(b != NULL);
    return b->last_ts;
}
