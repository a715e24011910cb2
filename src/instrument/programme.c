/* programme.c — programmes, their appropriation and budgets: rule code over one hs_tx. Money moves
 * only as ledger transfers; the programme record is kept behind programme_repo.h and the budgets'
 * flows are read through store/flows.h. */
#include "instrument/programme.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/programme_repo.h"
#include "ledger/transfer_codec.h"
#include "store/flows.h"

#define PROGRAMME_OWNER "programme"
#define CODE_FUND "programme.fund"
#define CODE_CLOSE "programme.close"

static bool id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= PROGRAMME_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
              *p == '.'))
            return false;
    return true;
}

hs_status programme_get(hs_store *s, const char *id, programme *out, bool *found, hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    return programme_repo_get(s, id, out, found, err);
}

hs_status programme_tx_create(hs_tx *tx, const programme *p, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && p != NULL);
    if (!id_valid(p->id))
        return hs_invalid_field(err, "id",
                                "programme id '%s' must be 1-63 characters of a-z, 0-9, '-', '_', "
                                "'.'",
                                p->id);
    programme existing;
    bool found;
    hs_status st = programme_repo_get(tx->store, p->id, &existing, &found, err);
    if (st != HS_OK)
        return st;
    if (found) {
        if (strcmp(existing.title_zh, p->title_zh) || strcmp(existing.title_en, p->title_en))
            return hs_fail_code(err, HS_INPUT, "exists_with_different_titles", "title",
                                "programme %s exists with other titles", p->id);
        return HS_OK;
    }
    char account[ACCOUNT_NAME_MAX];
    snprintf(account, sizeof account, "appropriation/%s", p->id);
    bool existed;
    if ((st = hs_tx_account_ensure(tx, account, "appropriation", 0, PROGRAMME_OWNER, NULL, &existed,
                                   err)) != HS_OK)
        return st;
    if ((st = programme_repo_insert(tx, p, err)) != HS_OK)
        return st;
    /* postcondition, paired with a read in the same transaction */
    if ((st = programme_repo_get(tx->store, p->id, &existing, &found, err)) != HS_OK)
        return st;
    if (!found || existing.closed)
        return hs_fail(err, HS_STORAGE, "programme %s was not recorded open", p->id);
    return HS_OK;
}

hs_status programme_require_open(hs_store *s, const char *programme_id, hs_error *err) {
    assert(s != NULL && programme_id != NULL);
    programme p;
    bool found;
    hs_status st = programme_repo_get(s, programme_id, &p, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "programme",
                            "no programme '%s' (create it with `huoshui programme create`)",
                            programme_id);
    if (p.closed) {
        char d[DATE_TEXT_LEN];
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "programme",
                            "programme %s was closed on %s", programme_id,
                            date_format(p.closed_date, d));
    }
    return HS_OK;
}

void programme_budget_account(const char *programme_id, const char *budget_name, char *out,
                              size_t len) {
    snprintf(out, len, "budget/%s/%s", programme_id, budget_name);
}

hs_status programme_tx_fund(hs_tx *tx, const char *programme_id, const char *budget_name,
                            int64_t amount_fen, hs_date date, const char *transfer_id,
                            hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && programme_id != NULL && budget_name != NULL);
    /* read and decide in the transaction that writes: a close cannot slip in between */
    hs_status st = programme_require_open(tx->store, programme_id, err);
    if (st != HS_OK)
        return st;
    if (amount_fen <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    char budget[ACCOUNT_NAME_MAX], approp[ACCOUNT_NAME_MAX];
    programme_budget_account(programme_id, budget_name, budget, sizeof budget);
    snprintf(approp, sizeof approp, "appropriation/%s", programme_id);
    hs_account before;
    bool existed;
    if ((st = hs_tx_account_ensure(tx, budget, "budget", ACCOUNT_DEBITS_LE_CREDITS, PROGRAMME_OWNER,
                                   &before, &existed, err)) != HS_OK)
        return st;
    hs_transfer t;
    transfer_init(&t);
    char d[DATE_TEXT_LEN];
    if (transfer_id != NULL)
        snprintf(t.id, sizeof t.id, "%s", transfer_id);
    else
        snprintf(t.id, sizeof t.id, "fund.%s.%s.%s.%lld", programme_id, budget_name,
                 date_format(date, d), (long long)amount_fen);
    snprintf(t.debit, sizeof t.debit, "%s", approp);
    snprintf(t.credit, sizeof t.credit, "%s", budget);
    t.amount_fen = amount_fen;
    t.date = date;
    t.date_given = true;
    snprintf(t.code, sizeof t.code, CODE_FUND);
    char why[256];
    if (!transfer_add_ref(&t, "programme", programme_id, why, sizeof why))
        return hs_fail(err, HS_INPUT, "%s", why);
    transfer_result r = TR_OK;
    if ((st = hs_tx_transfer(tx, &t, 1, &r, err)) != HS_OK)
        return st;
    if (r != TR_OK && r != TR_EXISTS)
        return hs_fail_code(err, transfer_result_status(r), transfer_result_name(r), NULL,
                            "funding %s refused: %s", budget, transfer_result_name(r));
    /* postcondition: a new funding raised the budget's posted credits by exactly the amount */
    hs_account after;
    bool found;
    if ((st = hs_tx_account_get(tx, budget, &after, &found, err)) != HS_OK)
        return st;
    int64_t want = before.credits_posted_fen + (r == TR_OK ? amount_fen : 0);
    if (!found || after.credits_posted_fen != want)
        return hs_fail(err, HS_STORAGE, "funding %s: the budget holds %lld fen credited, not %lld",
                       budget, (long long)after.credits_posted_fen, (long long)want);
    return HS_OK;
}

hs_status programme_create(hs_store *s, const programme *p, hs_error *err) {
    hs_tx tx;
    hs_status st = hs_tx_begin(s, &tx, err);
    if (st != HS_OK)
        return st;
    if ((st = programme_tx_create(&tx, p, err)) != HS_OK) {
        hs_tx_rollback(&tx);
        return st;
    }
    return hs_tx_commit(&tx, err);
}

hs_status programme_fund(hs_store *s, const char *programme_id, const char *budget_name,
                         int64_t amount_fen, hs_date date, const char *transfer_id, hs_error *err) {
    hs_tx tx;
    hs_status st = hs_tx_begin(s, &tx, err);
    if (st != HS_OK)
        return st;
    if ((st = programme_tx_fund(&tx, programme_id, budget_name, amount_fen, date, transfer_id,
                                err)) != HS_OK) {
        hs_tx_rollback(&tx);
        return st;
    }
    return hs_tx_commit(&tx, err);
}

/* ---- budgets and their flows ---- */

typedef struct {
    programme_budget *b;
    size_t n, cap;
    size_t prefix_len;
} budget_list;

static hs_status collect_budget(void *vctx, const hs_account *a, hs_error *err) {
    budget_list *l = vctx;
    if (strcmp(a->kind, "budget") != 0)
        return HS_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        programme_budget *nb = realloc(l->b, cap * sizeof *nb);
        if (nb == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory listing budgets");
        l->b = nb;
        l->cap = cap;
    }
    programme_budget *b = &l->b[l->n++];
    memset(b, 0, sizeof *b);
    snprintf(b->account, sizeof b->account, "%s", a->name);
    snprintf(b->name, sizeof b->name, "%s", a->name + l->prefix_len);
    b->reserved_fen = a->debits_pending_fen;
    b->credits_posted_fen = a->credits_posted_fen;
    b->debits_posted_fen = a->debits_posted_fen;
    /* as stored: never negative on a sound book (the limit), reported as found otherwise */
    b->remaining_fen = a->credits_posted_fen - a->debits_posted_fen - a->debits_pending_fen;
    return HS_OK;
}

static programme_budget *find_budget(budget_list *l, const char *account) {
    size_t lo = 0, hi = l->n; /* accounts come in name order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(l->b[mid].account, account);
        if (c == 0)
            return &l->b[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Splits a budget's posted flows by purpose (funding, returns, payments, close-out). */
static hs_status budget_leg(void *vctx, const hs_transfer *t, flow_side side, hs_error *err) {
    budget_list *l = vctx;
    if (!flow_moved(t))
        return HS_OK; /* reservations and releases move no posted money */
    programme_budget *b = find_budget(l, side == FLOW_DEBIT_SIDE ? t->debit : t->credit);
    if (b == NULL)
        return HS_OK; /* created after the listing was read */
    int64_t *into =
        side == FLOW_CREDIT_SIDE
            ? (strcmp(t->code, CODE_FUND) == 0 ? &b->appropriated_fen : &b->returned_fen)
            : (strcmp(t->code, CODE_CLOSE) == 0 ? &b->closed_out_fen : &b->paid_fen);
    if (!money_add(*into, t->amount_fen, into))
        return hs_fail(err, HS_STORAGE, "the flows of %s overflow", b->account);
    return HS_OK;
}

/* Reads the programme's budgets and their figures into *l (caller frees l->b). */
static hs_status read_budgets(hs_store *s, const char *programme_id, budget_list *l,
                              hs_error *err) {
    char prefix[ACCOUNT_NAME_MAX];
    snprintf(prefix, sizeof prefix, "budget/%s/", programme_id);
    memset(l, 0, sizeof *l);
    l->prefix_len = strlen(prefix);
    hs_status st = store_accounts_each(s, prefix, collect_budget, l, err);
    if (st == HS_OK && l->n > 0)
        st = store_flows_by_account(s, prefix, "budget", budget_leg, l, err);
    return st;
}

hs_status programme_budgets(hs_store *s, const char *programme_id,
                            hs_status (*fn)(void *ctx, const programme_budget *b, hs_error *err),
                            void *ctx, hs_error *err) {
    assert(s != NULL && programme_id != NULL && fn != NULL);
    budget_list l;
    hs_status st = read_budgets(s, programme_id, &l, err);
    for (size_t i = 0; st == HS_OK && i < l.n; i++)
        st = fn(ctx, &l.b[i], err);
    free(l.b);
    return st;
}

hs_status programme_tx_close(hs_tx *tx, const char *programme_id, hs_date date, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && programme_id != NULL);
    hs_status st = programme_require_open(tx->store, programme_id, err);
    if (st != HS_OK)
        return st;
    budget_list l;
    if ((st = read_budgets(tx->store, programme_id, &l, err)) != HS_OK) {
        free(l.b);
        return st;
    }
    hs_transfer *events = l.n ? calloc(l.n, sizeof *events) : NULL;
    transfer_result *results = l.n ? calloc(l.n, sizeof *results) : NULL;
    if (l.n && (events == NULL || results == NULL)) {
        free(events);
        free(results);
        free(l.b);
        return hs_fail(err, HS_STORAGE, "out of memory closing programme %s", programme_id);
    }
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++) {
        const programme_budget *b = &l.b[i];
        if (b->remaining_fen <= 0)
            continue; /* nothing unreserved (a negative figure is for `check` to report) */
        hs_transfer *t = &events[n++];
        transfer_init(t);
        snprintf(t->id, sizeof t->id, "close.%s.%s", programme_id, b->name);
        snprintf(t->debit, sizeof t->debit, "%s", b->account);
        snprintf(t->credit, sizeof t->credit, "appropriation/%s", programme_id);
        t->amount_fen = b->remaining_fen;
        t->date = date;
        t->date_given = true;
        t->flags = TRANSFER_LINKED;
        snprintf(t->code, sizeof t->code, CODE_CLOSE);
        char why[128];
        if (!transfer_add_ref(t, "programme", programme_id, why, sizeof why)) {
            st = hs_fail(err, HS_INPUT, "%s", why);
            break;
        }
    }
    if (st == HS_OK && n > 0) {
        events[n - 1].flags &= ~(uint32_t)TRANSFER_LINKED; /* the chain ends at the last return */
        st = hs_tx_transfer(tx, events, n, results, err);
        for (size_t i = 0; st == HS_OK && i < n; i++)
            if (results[i] != TR_OK && results[i] != TR_EXISTS)
                st = hs_fail_code(
                    err, transfer_result_status(results[i]), transfer_result_name(results[i]), NULL,
                    "returning %s refused: %s", events[i].debit, transfer_result_name(results[i]));
    }
    free(events);
    free(results);
    free(l.b);
    if (st != HS_OK)
        return st;
    if ((st = programme_repo_set_closed(tx, programme_id, date, err)) != HS_OK)
        return st;
    /* postcondition, paired with reads in the same transaction: closed, and no budget keeps
     * unreserved money */
    programme p;
    bool found;
    if ((st = programme_repo_get(tx->store, programme_id, &p, &found, err)) != HS_OK)
        return st;
    if (!found || !p.closed || p.closed_date != date)
        return hs_fail(err, HS_STORAGE, "programme %s was not recorded closed", programme_id);
    if ((st = read_budgets(tx->store, programme_id, &l, err)) == HS_OK)
        for (size_t i = 0; i < l.n; i++)
            if (l.b[i].remaining_fen > 0) {
                st = hs_fail(err, HS_STORAGE, "closing %s left %lld fen in %s", programme_id,
                             (long long)l.b[i].remaining_fen, l.b[i].account);
                break;
            }
    free(l.b);
    return st;
}
