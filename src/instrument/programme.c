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
#define CODE_PLEDGE "programme.pledge"
#define CODE_RELEASE "programme.release"

/* The name of one of a programme's own accounts: "<prefix>/<programme>". */
static void own_account(const char *prefix, const char *programme_id, char *out, size_t len) {
    snprintf(out, len, "%s/%s", prefix, programme_id);
}

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
    hs_status st = programme_repo_get(s, id, out, found, err);
    out->multi_year_fen = 0;
    if (st != HS_OK || !*found)
        return st;
    programme_appropriation a;
    if ((st = programme_appropriation_read(s, id, &a, err)) == HS_OK)
        out->multi_year_fen = a.pledged_fen;
    return st;
}

/* Moves the whole multi-year appropriation treasury -> pledge on the creation date (one transfer,
 * its id fixed by the programme so a retry cannot pledge twice) and checks the pledge holds it. */
static hs_status pledge(hs_tx *tx, const programme *p, hs_error *err) {
    assert(p->multi_year_fen > 0);
    char treasury[ACCOUNT_NAME_MAX], pledged[ACCOUNT_NAME_MAX];
    own_account("treasury", p->id, treasury, sizeof treasury);
    own_account("pledge", p->id, pledged, sizeof pledged);
    bool existed;
    hs_status st =
        hs_tx_account_ensure(tx, treasury, "treasury", 0, PROGRAMME_OWNER, NULL, &existed, err);
    if (st == HS_OK)
        st = hs_tx_account_ensure(tx, pledged, "pledge", ACCOUNT_DEBITS_LE_CREDITS, PROGRAMME_OWNER,
                                  NULL, &existed, err);
    if (st != HS_OK)
        return st;
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "pledge.%s", p->id);
    snprintf(t.debit, sizeof t.debit, "%s", treasury);
    snprintf(t.credit, sizeof t.credit, "%s", pledged);
    t.amount_fen = p->multi_year_fen;
    t.date = p->created_date;
    t.date_given = true;
    snprintf(t.code, sizeof t.code, CODE_PLEDGE);
    char why[256];
    if (!transfer_add_ref(&t, "programme", p->id, why, sizeof why))
        return hs_fail(err, HS_INPUT, "%s", why);
    transfer_result r = TR_OK;
    if ((st = hs_tx_transfer(tx, &t, 1, &r, err)) != HS_OK)
        return st;
    if (r != TR_OK)
        return hs_fail_code(err, transfer_result_status(r), transfer_result_name(r), NULL,
                            "pledging the appropriation of %s refused: %s", p->id,
                            transfer_result_name(r));
    /* postcondition, paired with a read in the same transaction */
    programme_appropriation a;
    if ((st = programme_appropriation_read(tx->store, p->id, &a, err)) != HS_OK)
        return st;
    if (!a.multi_year || a.pledged_fen != p->multi_year_fen || a.released_fen != 0)
        return hs_fail(err, HS_STORAGE, "the pledge of %s holds %lld fen, not %lld", p->id,
                       (long long)a.pledged_fen, (long long)p->multi_year_fen);
    return HS_OK;
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
    if (p->multi_year_fen < 0)
        return hs_invalid_field(err, "appropriation",
                                "field 'appropriation': must be positive (or none: open-ended)");
    if (found) {
        if (strcmp(existing.title_zh, p->title_zh) || strcmp(existing.title_en, p->title_en))
            return hs_fail_code(err, HS_INPUT, "exists_with_different_titles", "title",
                                "programme %s exists with other titles", p->id);
        programme_appropriation a;
        if ((st = programme_appropriation_read(tx->store, p->id, &a, err)) != HS_OK)
            return st;
        if (a.pledged_fen != p->multi_year_fen) {
            char have[MONEY_TEXT_MAX], want[MONEY_TEXT_MAX];
            return hs_fail_code(
                err, HS_INPUT, "exists_with_different_appropriation", "appropriation",
                "programme %s exists with %s%s as its multi-year appropriation, not %s", p->id,
                a.multi_year ? money_format(a.pledged_fen, have, sizeof have) : "none",
                a.multi_year ? "" : " (open-ended)",
                p->multi_year_fen ? money_format(p->multi_year_fen, want, sizeof want) : "none");
        }
        return HS_OK;
    }
    char account[ACCOUNT_NAME_MAX];
    own_account("appropriation", p->id, account, sizeof account);
    bool existed;
    uint32_t limited = p->multi_year_fen > 0 ? ACCOUNT_DEBITS_LE_CREDITS : 0;
    if ((st = hs_tx_account_ensure(tx, account, "appropriation", limited, PROGRAMME_OWNER, NULL,
                                   &existed, err)) != HS_OK)
        return st;
    if ((st = programme_repo_insert(tx, p, err)) != HS_OK)
        return st;
    if (p->multi_year_fen > 0 && (st = pledge(tx, p, err)) != HS_OK)
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
    own_account("appropriation", programme_id, approp, sizeof approp);
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
    if (r == TR_EXCEEDS_CREDITS) {
        programme_appropriation a;
        if ((st = programme_appropriation_read(tx->store, programme_id, &a, err)) != HS_OK)
            return st;
        char want[MONEY_TEXT_MAX], left[MONEY_TEXT_MAX], rel[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, transfer_result_name(r), "amount",
                            "funding %s with %s refused: of the %s released so far %s is not yet "
                            "in a budget (release more with `huoshui programme release`)",
                            budget, money_format(amount_fen, want, sizeof want),
                            money_format(a.released_fen, rel, sizeof rel),
                            money_format(a.unbudgeted_fen, left, sizeof left));
    }
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

hs_status programme_appropriation_read(hs_store *s, const char *programme_id,
                                       programme_appropriation *out, hs_error *err) {
    assert(s != NULL && programme_id != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    char name[ACCOUNT_NAME_MAX];
    own_account("pledge", programme_id, name, sizeof name);
    hs_account pledged, approp;
    bool found;
    hs_status st = store_account_by_name(s, name, &pledged, &found, err);
    if (st != HS_OK || !found)
        return st; /* open-ended */
    own_account("appropriation", programme_id, name, sizeof name);
    bool approp_found;
    if ((st = store_account_by_name(s, name, &approp, &approp_found, err)) != HS_OK)
        return st;
    out->multi_year = true;
    out->pledged_fen = pledged.credits_posted_fen;
    out->released_fen = pledged.debits_posted_fen;
    if (!money_sub(out->pledged_fen, out->released_fen, &out->unreleased_fen))
        return hs_fail(err, HS_STORAGE, "the pledge of %s overflows", programme_id);
    if (approp_found &&
        !money_sub(approp.credits_posted_fen, approp.debits_posted_fen, &out->unbudgeted_fen))
        return hs_fail(err, HS_STORAGE, "the appropriation of %s overflows", programme_id);
    return HS_OK;
}

hs_status programme_tx_release(hs_tx *tx, const char *programme_id, int64_t amount_fen,
                               hs_date date, const char *transfer_id, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && programme_id != NULL);
    /* read and decide in the transaction that writes */
    hs_status st = programme_require_open(tx->store, programme_id, err);
    if (st != HS_OK)
        return st;
    if (amount_fen <= 0)
        return hs_invalid_field(err, "amount", "field 'amount': must be positive");
    programme_appropriation before;
    if ((st = programme_appropriation_read(tx->store, programme_id, &before, err)) != HS_OK)
        return st;
    if (!before.multi_year)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "programme",
                            "programme %s has an open-ended appropriation: nothing to release "
                            "(create a programme with --appropriation A to release it by year)",
                            programme_id);
    hs_transfer t;
    transfer_init(&t);
    char d[DATE_TEXT_LEN];
    if (transfer_id != NULL)
        snprintf(t.id, sizeof t.id, "%s", transfer_id);
    else
        snprintf(t.id, sizeof t.id, "release.%s.%s.%lld", programme_id, date_format(date, d),
                 (long long)amount_fen);
    own_account("pledge", programme_id, t.debit, sizeof t.debit);
    own_account("appropriation", programme_id, t.credit, sizeof t.credit);
    t.amount_fen = amount_fen;
    t.date = date;
    t.date_given = true;
    snprintf(t.code, sizeof t.code, CODE_RELEASE);
    char why[256];
    if (!transfer_add_ref(&t, "programme", programme_id, why, sizeof why))
        return hs_fail(err, HS_INPUT, "%s", why);
    transfer_result r = TR_OK;
    if ((st = hs_tx_transfer(tx, &t, 1, &r, err)) != HS_OK)
        return st;
    if (r == TR_EXCEEDS_CREDITS) {
        char want[MONEY_TEXT_MAX], left[MONEY_TEXT_MAX], all[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, transfer_result_name(r), "amount",
                            "releasing %s of %s refused: %s of its %s appropriation is left to "
                            "release",
                            money_format(amount_fen, want, sizeof want), programme_id,
                            money_format(before.unreleased_fen, left, sizeof left),
                            money_format(before.pledged_fen, all, sizeof all));
    }
    if (r != TR_OK && r != TR_EXISTS)
        return hs_fail_code(err, transfer_result_status(r), transfer_result_name(r), NULL,
                            "releasing the appropriation of %s refused: %s", programme_id,
                            transfer_result_name(r));
    /* postcondition, paired with a read in the same transaction: a new release moved exactly the
     * amount, and never more than the pledge */
    programme_appropriation after;
    if ((st = programme_appropriation_read(tx->store, programme_id, &after, err)) != HS_OK)
        return st;
    int64_t want = before.released_fen + (r == TR_OK ? amount_fen : 0);
    if (after.released_fen != want || after.unreleased_fen < 0)
        return hs_fail(err, HS_STORAGE, "releasing %s: %lld fen released, not %lld", programme_id,
                       (long long)after.released_fen, (long long)want);
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
        own_account("appropriation", programme_id, t->credit, sizeof t->credit);
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
