/* reports.c — programme status and firm statements from the ledger's flows (store/flows.h), and
 * the pool report from the credit module; no SQL here. */
#include "report/reports.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "instrument/credit_pool.h"
#include "report/report_repo.h"
#include "store/flows.h"

bool report_grouping_parse(const char *text, report_grouping *out) {
    static const char *const names[] = {"budget", "sector", "district", "firm", "city"};
    for (int i = 0; i < 5; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (report_grouping)i;
            return true;
        }
    return false;
}

/* One leg of a transfer touching a budget of the programme, with its group. */
typedef struct {
    char *group;
    char *firm; /* NULL: the transfer names no firm */
    int64_t paid, reserved, returned;
} programme_leg;

typedef struct {
    hs_store *store;
    report_grouping by;
    size_t prefix_len;
    programme_leg *legs;
    size_t n, cap;
    int64_t tot[4]; /* firms served, paid, reserved, returned */
} programme_ctx;

static const char *const not_in_registry = "(not in registry)";

static hs_status add_leg(void *vctx, const hs_transfer *t, flow_side side, hs_error *err) {
    programme_ctx *c = vctx;
    programme_leg leg = {0};
    const char *account = side == FLOW_DEBIT_SIDE ? t->debit : t->credit;
    if (side == FLOW_DEBIT_SIDE) {
        leg.paid = flow_moved(t) && strcmp(t->code, "programme.close") ? t->amount_fen : 0;
        leg.reserved = flow_reservation_open(t) ? t->amount_fen : 0;
    } else {
        leg.returned = flow_moved(t) && strcmp(t->code, "programme.fund") ? t->amount_fen : 0;
    }
    char firm[TRANSFER_REFS_MAX], sector[256], place[256];
    bool has_firm = flow_ref(t, "firm", firm, sizeof firm), in_registry = false;
    if (has_firm && (c->by == BY_SECTOR || c->by == BY_DISTRICT || c->by == BY_CITY)) {
        hs_status st =
            report_repo_firm_place(c->store, firm, c->by == BY_CITY, sector, sizeof sector, place,
                                   sizeof place, &in_registry, err);
        if (st != HS_OK)
            return st;
    }
    const char *group = c->by == BY_BUDGET   ? account + c->prefix_len
                        : c->by == BY_FIRM   ? (has_firm ? firm : "(no firm)")
                        : !in_registry       ? not_in_registry
                        : c->by == BY_SECTOR ? sector
                                             : place;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        programme_leg *l = realloc(c->legs, cap * sizeof *l);
        if (l == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory building the programme report");
        c->legs = l;
        c->cap = cap;
    }
    leg.group = strdup(group);
    leg.firm = has_firm ? strdup(firm) : NULL;
    if (leg.group == NULL || (has_firm && leg.firm == NULL)) {
        free(leg.group);
        free(leg.firm);
        return hs_fail(err, HS_STORAGE, "out of memory building the programme report");
    }
    c->legs[c->n++] = leg;
    return HS_OK;
}

/* NULL firms first, then byte order (as the ledger's text compares). */
static int firm_cmp(const char *a, const char *b) {
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int leg_cmp(const void *x, const void *y) {
    const programme_leg *a = x, *b = y;
    int c = strcmp(a->group, b->group);
    return c ? c : firm_cmp(a->firm, b->firm);
}

static int firm_only_cmp(const void *x, const void *y) {
    return firm_cmp(*(const char *const *)x, *(const char *const *)y);
}

static bool serves(const programme_leg *l) {
    return l->firm != NULL && l->paid + l->reserved > 0;
}

/* Fills the table from the legs: one row per group (in byte order), then the total row. */
static hs_status programme_rows(programme_ctx *c, report_table *t, hs_error *err) {
    if (c->n > 0)
        qsort(c->legs, c->n, sizeof *c->legs, leg_cmp);
    int64_t *tot = c->tot;
    for (size_t i = 0; i < c->n;) {
        size_t j = i;
        int64_t firms = 0, paid = 0, reserved = 0, returned = 0;
        const char *last_firm = NULL;
        for (; j < c->n && strcmp(c->legs[j].group, c->legs[i].group) == 0; j++) {
            const programme_leg *l = &c->legs[j];
            if (serves(l) && (last_firm == NULL || strcmp(last_firm, l->firm) != 0)) {
                firms++;
                last_firm = l->firm;
            }
            if (!money_add(paid, l->paid, &paid) || !money_add(reserved, l->reserved, &reserved) ||
                !money_add(returned, l->returned, &returned))
                return hs_fail(err, HS_STORAGE, "the programme's figures overflow");
        }
        if (paid + reserved + returned > 0 || c->by == BY_BUDGET) {
            size_t r = table_add_row(t);
            if (r == TABLE_NO_ROW)
                return hs_fail(err, HS_STORAGE, "out of memory building the programme report");
            table_set_text(t, r, 0, c->legs[i].group);
            int64_t v[4] = {firms, paid, reserved, returned};
            for (int k = 0; k < 4; k++) {
                table_set_value(t, r, (size_t)k + 1, v[k]);
                if (k > 0)
                    money_add(tot[k], v[k], &tot[k]);
            }
        }
        i = j;
    }
    /* firms served overall (a firm counted once even if it appears in several groups) */
    const char **served = c->n ? malloc(c->n * sizeof *served) : NULL;
    if (c->n && served == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory counting firms served");
    size_t ns = 0;
    for (size_t i = 0; i < c->n; i++)
        if (serves(&c->legs[i]))
            served[ns++] = c->legs[i].firm;
    if (ns > 0)
        qsort(served, ns, sizeof *served, firm_only_cmp);
    for (size_t i = 0; i < ns; i++)
        if (i == 0 || strcmp(served[i], served[i - 1]) != 0)
            tot[0]++;
    free(served);
    return HS_OK;
}

hs_status report_programme(hs_store *s, const char *programme, report_grouping by, report_table *t,
                           hs_error *err) {
    static const table_column cols[] = {
        {"group", "group", "分组", CELL_TEXT},
        {"firms", "firms served", "服务企业数", CELL_INT},
        {"paid", "paid", "已拨付", CELL_MONEY},
        {"reserved", "reserved", "已预留", CELL_MONEY},
        {"returned", "returned", "已收回", CELL_MONEY},
    };
    assert(s != NULL && programme != NULL && t != NULL && (unsigned)by <= BY_CITY);
    static const char *const by_name[] = {"budget", "sector", "district", "firm", "city"};
    char title[256], prefix[ACCOUNT_NAME_MAX];
    snprintf(title, sizeof title, "programme %s by %s", programme, by_name[by]);
    snprintf(prefix, sizeof prefix, "budget/%s/", programme);
    table_init(t, title, cols, 5);
    programme_ctx c = {.store = s, .by = by, .prefix_len = strlen(prefix)};
    hs_status st = store_flows_by_account(s, prefix, "budget", add_leg, &c, err);
    if (st == HS_OK)
        st = programme_rows(&c, t, err);
    for (size_t i = 0; i < c.n; i++) {
        free(c.legs[i].group);
        free(c.legs[i].firm);
    }
    free(c.legs);
    if (st != HS_OK)
        return st;
    if (t->rows == 0 && by == BY_BUDGET)
        return hs_fail_code(err, HS_INPUT, "no_budgets", "programme", "programme %s has no budgets",
                            programme);
    size_t r = table_add_row(t);
    if (r == TABLE_NO_ROW)
        return hs_fail(err, HS_STORAGE, "out of memory building the programme report");
    table_set_text(t, r, 0, "total");
    for (int k = 0; k < 4; k++)
        table_set_value(t, r, (size_t)k + 1, c.tot[k]);
    return HS_OK;
}

/* What a transfer did, as the firm statement says it. */
static const char *statement_status(const hs_transfer *t) {
    switch (flow_kind_of(t)) {
    case FLOW_RESERVE:
        switch (t->state) {
        case PENDING_OPEN:
            return "reserved";
        case PENDING_POSTED:
            return "reserved, posted";
        case PENDING_VOIDED:
            return "reserved, voided";
        case PENDING_EXPIRED:
            return "reserved, expired";
        default:
            return "";
        }
    case FLOW_POST:
        return "paid (posts a reservation)";
    case FLOW_RELEASE:
        return "released";
    case FLOW_MOVE:
        break;
    }
    return "moved";
}

static hs_status statement_row(void *vctx, const hs_transfer *t, hs_error *err) {
    report_table *tab = vctx;
    size_t r = table_add_row(tab);
    if (r == TABLE_NO_ROW)
        return hs_fail(err, HS_STORAGE, "out of memory building the firm statement");
    char d[DATE_TEXT_LEN], instrument[48], policy[TRANSFER_REFS_MAX];
    table_set_text(tab, r, 0, date_format(t->date, d));
    snprintf(instrument, sizeof instrument, "%s", t->code);
    char *dot = strchr(instrument, '.');
    if (dot)
        *dot = '\0';
    table_set_text(tab, r, 1, instrument);
    table_set_text(tab, r, 2, t->code);
    table_set_text(tab, r, 3, t->id);
    table_set_text(tab, r, 4, t->debit);
    table_set_text(tab, r, 5, t->credit);
    table_set_text(tab, r, 6, statement_status(t));
    table_set_value(tab, r, 7, t->amount_fen);
    flow_ref(t, "policy", policy, sizeof policy);
    table_set_text(tab, r, 8, policy);
    return HS_OK;
}

hs_status report_firm(hs_store *s, const char *uscc, report_table *t, hs_error *err) {
    static const table_column cols[] = {
        {"date", "date", "日期", CELL_TEXT},     {"instrument", "instrument", "工具", CELL_TEXT},
        {"code", "code", "业务", CELL_TEXT},     {"transfer", "transfer", "转账编号", CELL_TEXT},
        {"from", "from", "付款账户", CELL_TEXT}, {"to", "to", "收款账户", CELL_TEXT},
        {"status", "status", "状态", CELL_TEXT}, {"amount", "amount", "金额", CELL_MONEY},
        {"policy", "policy", "政策", CELL_TEXT},
    };
    assert(s != NULL && uscc != NULL && t != NULL);
    char title[128];
    snprintf(title, sizeof title, "statement of firm %s", uscc);
    table_init(t, title, cols, 9);
    return store_flows_with_ref(s, "firm", uscc, statement_row, t, err);
}

/* Fills t from a built pool report: one row per bank and a total row. */
static hs_status pool_table(const char *pool, const credit_pool_report *rep,
                            const table_column *cols, report_table *t, hs_error *err) {
    assert(rep != NULL && rep->n_banks <= CREDIT_REPORT_BANKS_MAX);
    char title[256], bal[MONEY_TEXT_MAX];
    snprintf(title, sizeof title,
             "pool %s: balance %s (%s), leverage %lld.%02lldx (%s the required multiple)", pool,
             money_format(rep->balance_fen, bal, sizeof bal),
             rep->reconciled ? "reconciled with the ledger" : "NOT reconciled",
             (long long)(rep->leverage_x100 / 100), (long long)(rep->leverage_x100 % 100),
             rep->meets_required ? "meets" : "below");
    table_init(t, title, cols, 7);
    int64_t tot[6] = {0};
    for (size_t i = 0; i < rep->n_banks; i++) {
        const credit_pool_bank_row *b = &rep->banks[i];
        int64_t v[6] = {b->loans,           b->outstanding_fen, b->written_off_fen,
                        b->claims_paid_fen, b->recovered_fen,   b->returned_fen};
        size_t r = table_add_row(t);
        if (r == TABLE_NO_ROW)
            return hs_fail(err, HS_STORAGE, "out of memory building the pool report");
        table_set_text(t, r, 0, b->bank);
        for (int c = 0; c < 6; c++) {
            table_set_value(t, r, (size_t)c + 1, v[c]);
            money_add(tot[c], v[c], &tot[c]);
        }
    }
    size_t r = table_add_row(t);
    if (r == TABLE_NO_ROW)
        return hs_fail(err, HS_STORAGE, "out of memory building the pool report");
    table_set_text(t, r, 0, "total");
    for (int c = 0; c < 6; c++)
        table_set_value(t, r, (size_t)c + 1, tot[c]);
    return HS_OK;
}

hs_status report_pool(hs_store *s, const char *pool, report_table *t, hs_error *err) {
    static const table_column cols[] = {
        {"bank", "bank", "合作银行", CELL_TEXT},
        {"loans", "loans", "贷款笔数", CELL_INT},
        {"outstanding", "outstanding", "贷款余额", CELL_MONEY},
        {"written_off", "written off", "核销", CELL_MONEY},
        {"claims_paid", "claims paid", "补偿金额", CELL_MONEY},
        {"recovered", "recovered", "追偿回收", CELL_MONEY},
        {"returned", "returned to pool", "返还资金池", CELL_MONEY},
    };
    /* large (a row per bank): on the heap, one per call, so concurrent callers never share it */
    credit_pool_report *rep = malloc(sizeof *rep);
    if (rep == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory building the pool report");
    hs_status st = credit_pool_report_build(s, pool, rep, err);
    if (st == HS_OK)
        st = pool_table(pool, rep, cols, t, err);
    free(rep);
    return st;
}
