/* cmd_credit.c — `huoshui credit product|loan|repay|default|recover|claim|pool`: bank credit backed
 * by a risk-compensation pool (src/instrument/credit_*.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "instrument/credit_pool.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] credit COMMAND ... [--json] [--cn]\n\n"
        "  credit product create [ID] --bank BANK --name NAME --rate R --term-months N\n"
        "        --ceiling A [--unsecured] [--repayment equal-principal|bullet]\n"
        "        [--period-months N] [--pool P] [--date D]      (ID defaults to BANK.NAME)\n"
        "  credit product list | show ID\n"
        "  credit loan create --id L --product ID --firm USCC --amount A --approved D\n"
        "        [--pool P|none] [--unsecured-share 100%%] [--first-loan yes|no] [--rate R]\n"
        "        [--term-months N]\n"
        "  credit loan disburse L [--date D]\n"
        "  credit loan show L | list [--pool P]\n"
        "  credit loan overdue-approvals [--on D] [--workdays 5]\n"
        "  credit repay L [--amount A] [--date D] [--id ID]   (no amount: the next instalment)\n"
        "  credit default L [--date D]\n"
        "  credit claim L [--pool P] [--date D] [--no-partial]\n"
        "  credit recover L --amount A [--date D] [--id ID] [--from ACCOUNT]\n"
        "  credit pool create P --programme PROG --budget NAME [--multiple 10] [--share 50%%]\n"
        "        [--unsecured-min 70%%] [--share-unsecured 70%%] [--share-first-loan 90%%]\n"
        "        [--cap-per-loan 300万] [--cap-per-bank-year A|0] [--date D]\n"
        "  credit pool fund P --amount A [--date D] [--id ID]\n"
        "  credit pool show P\n\n"
        "Banks lend under products; each loan is a receivable loan/L (outstanding = debits -\n"
        "credits) with an exact schedule (equal-principal or bullet, interest actual/365, the\n"
        "last instalment absorbs rounding). A pool pool/P is funded from budget/PROG/NAME and\n"
        "can never go negative. On default the bank claims the pool's share of the principal\n"
        "lost: 90%% on a firm's first loan, 70%% if >= 70%% unsecured, else 50%%, at most 300万\n"
        "per loan (Zhuhai defaults; per-pool parameters); a claim above the pool's balance is\n"
        "paid in part (--no-partial: refused). Recoveries after a claim return the pool's share\n"
        "pro rata. `pool show` reports loans, defaults, claims, recoveries, balance (reconciled\n"
        "with the ledger) and leverage = outstanding / balance against the required multiple.\n"
        "`loan overdue-approvals` lists loans not disbursed within N Chinese working days\n"
        "(data/holidays-cn.txt). Dates default to today. Exit 0 done, 1 refused by a rule\n"
        "(state, ceiling, cap, empty pool, overspend), 2 bad input, 3 storage.\n");
}

enum {
    O_BANK,
    O_NAME,
    O_RATE,
    O_TERM,
    O_CEILING,
    O_UNSECURED,
    O_REPAYMENT,
    O_PERIOD,
    O_POOL,
    O_DATE,
    O_ID,
    O_PRODUCT,
    O_FIRM,
    O_AMOUNT,
    O_APPROVED,
    O_UNSECURED_SHARE,
    O_FIRST_LOAN,
    O_ON,
    O_WORKDAYS,
    O_NO_PARTIAL,
    O_FROM,
    O_PROGRAMME,
    O_BUDGET,
    O_MULTIPLE,
    O_SHARE,
    O_UNSECURED_MIN,
    O_SHARE_UNSECURED,
    O_SHARE_FIRST,
    O_CAP_LOAN,
    O_CAP_BANK_YEAR,
    O_COUNT
};

static const struct option long_opts[] = {
    {"bank", required_argument, NULL, O_BANK},
    {"name", required_argument, NULL, O_NAME},
    {"rate", required_argument, NULL, O_RATE},
    {"term-months", required_argument, NULL, O_TERM},
    {"ceiling", required_argument, NULL, O_CEILING},
    {"unsecured", no_argument, NULL, O_UNSECURED},
    {"repayment", required_argument, NULL, O_REPAYMENT},
    {"period-months", required_argument, NULL, O_PERIOD},
    {"pool", required_argument, NULL, O_POOL},
    {"date", required_argument, NULL, O_DATE},
    {"id", required_argument, NULL, O_ID},
    {"product", required_argument, NULL, O_PRODUCT},
    {"firm", required_argument, NULL, O_FIRM},
    {"amount", required_argument, NULL, O_AMOUNT},
    {"approved", required_argument, NULL, O_APPROVED},
    {"unsecured-share", required_argument, NULL, O_UNSECURED_SHARE},
    {"first-loan", required_argument, NULL, O_FIRST_LOAN},
    {"on", required_argument, NULL, O_ON},
    {"workdays", required_argument, NULL, O_WORKDAYS},
    {"no-partial", no_argument, NULL, O_NO_PARTIAL},
    {"from", required_argument, NULL, O_FROM},
    {"programme", required_argument, NULL, O_PROGRAMME},
    {"budget", required_argument, NULL, O_BUDGET},
    {"multiple", required_argument, NULL, O_MULTIPLE},
    {"share", required_argument, NULL, O_SHARE},
    {"unsecured-min", required_argument, NULL, O_UNSECURED_MIN},
    {"share-unsecured", required_argument, NULL, O_SHARE_UNSECURED},
    {"share-first-loan", required_argument, NULL, O_SHARE_FIRST},
    {"cap-per-loan", required_argument, NULL, O_CAP_LOAN},
    {"cap-per-bank-year", required_argument, NULL, O_CAP_BANK_YEAR},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct {
    const hs_config *cfg;
    const char *cmd; /* "credit loan create", for messages */
    const char *opt[O_COUNT];
    bool given[O_COUNT];
    const char *arg; /* the one positional argument (ID), or NULL */
    hs_store *store;
} cargs;

static const char *opt_name(int o) {
    for (size_t i = 0; long_opts[i].name != NULL; i++)
        if (long_opts[i].val == o)
            return long_opts[i].name;
    return "?";
}

/* Parses argv (argv[0] = the last subcommand word); -1 after --help, else an exit code. */
static int parse(int argc, char **argv, cargs *a, const int *allowed, size_t n_allowed,
                 bool want_arg) {
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", long_opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return -1;
        }
        if (c == '?' || c == ':') {
            usage(stderr);
            return cli_fail(a->cmd, HS_INPUT, "unknown option or missing value: '%s'",
                            argv[optind - 1]);
        }
        bool ok = false;
        for (size_t i = 0; i < n_allowed; i++)
            ok = ok || allowed[i] == c;
        if (!ok)
            return cli_fail(a->cmd, HS_INPUT, "option --%s does not apply here", opt_name(c));
        a->opt[c] = optarg;
        a->given[c] = true;
    }
    int rest = argc - optind;
    if (want_arg && rest == 1)
        a->arg = argv[optind];
    else if (rest > (want_arg ? 1 : 0) || (want_arg && rest == 0 && a->arg == NULL))
        return cli_fail(a->cmd, HS_INPUT, want_arg ? "need exactly one ID" : "unexpected '%s'",
                        rest > 0 ? argv[optind] : "");
    return 0;
}

static int need(cargs *a, int o) {
    if (a->given[o])
        return 0;
    return cli_fail(a->cmd, HS_INPUT, "--%s is required", opt_name(o));
}

static bool money_opt(cargs *a, int o, int64_t *out) {
    char what[48];
    snprintf(what, sizeof what, "--%s", opt_name(o));
    return cli_money_arg(a->cmd, what, a->opt[o], out);
}

static bool date_opt(cargs *a, int o, hs_date *out) {
    if (!a->given[o]) {
        *out = cli_today(a->cfg);
        return true;
    }
    char what[48];
    snprintf(what, sizeof what, "--%s", opt_name(o));
    return cli_date_arg(a->cmd, what, a->opt[o], out);
}

static bool rate_opt(cargs *a, int o, int64_t *out) {
    char why[128];
    if (rate_parse_bp(a->opt[o], out, why, sizeof why) && *out >= 0)
        return true;
    cli_fail(a->cmd, HS_INPUT, "--%s: not a rate such as 3%% or 300bp: '%s'", opt_name(o),
             a->opt[o]);
    return false;
}

static bool int_opt(cargs *a, int o, int32_t *out) {
    char what[48];
    int64_t v;
    snprintf(what, sizeof what, "--%s", opt_name(o));
    if (!cli_int_arg(a->cmd, what, a->opt[o], &v))
        return false;
    if (v > 100000) {
        cli_fail(a->cmd, HS_INPUT, "%s: too large", what);
        return false;
    }
    *out = (int32_t)v;
    return true;
}

/* "10", "10x", "12.5x" -> 1000, 1000, 1250 (hundredths). */
static bool multiple_opt(cargs *a, int64_t *out) {
    const char *t = a->opt[O_MULTIPLE];
    int64_t whole = 0, frac = 0;
    int digits = 0, frac_digits = 0;
    const char *p = t;
    for (; *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && frac_digits < 2; p++, frac_digits++)
            frac = frac * 10 + (*p - '0');
    if (frac_digits == 1)
        frac *= 10;
    if (*p == 'x' || *p == 'X')
        p++;
    if (digits == 0 || *p != '\0') {
        cli_fail(a->cmd, HS_INPUT, "--multiple: not a multiple such as 10 or 12.5x: '%s'", t);
        return false;
    }
    *out = whole * 100 + frac;
    return true;
}

static int open_book(cargs *a) {
    return cli_open_book(a->cfg, a->cmd, false, &a->store);
}

static int done(cargs *a, hs_status st, const hs_error *err) {
    store_close(a->store);
    a->store = NULL;
    return st == HS_OK ? 0 : cli_report(a->cmd, err);
}

static char *money(const cargs *a, int64_t fen, char *buf) {
    return cli_money_text(a->cfg, fen, buf, MONEY_TEXT_MAX);
}

static char *x100_text(int64_t x100, char *buf, size_t len) {
    snprintf(buf, len, "%lld.%02lldx", (long long)(x100 / 100), (long long)(x100 % 100));
    return buf;
}

/* ---- products ---- */

static json_t *product_json(const credit_product *p) {
    json_t *o = json_object();
    char r[32];
    json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "bank", json_string(p->bank));
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "rate_bp", json_integer(p->rate_bp));
    json_object_set_new(o, "rate", json_string(rate_format_bp(p->rate_bp, r, sizeof r)));
    json_object_set_new(o, "term_months", json_integer(p->term_months));
    json_object_set_new(o, "period_months", json_integer(p->period_months));
    json_object_set_new(o, "ceiling_fen", json_integer(p->ceiling_fen));
    json_object_set_new(o, "unsecured", json_boolean(p->unsecured));
    json_object_set_new(o, "repayment", json_string(credit_repayment_name(p->repayment)));
    json_object_set_new(o, "pool", json_string(p->pool));
    return o;
}

typedef struct {
    cargs *a;
    json_t *array;
} list_ctx;

static void product_line(const cargs *a, const credit_product *p) {
    char r[32], c[MONEY_TEXT_MAX];
    printf("%-24s %-12s %-12s %7s %4dm %-16s %22s %-10s %s\n", p->id, p->bank, p->name,
           rate_format_bp(p->rate_bp, r, sizeof r), p->term_months,
           credit_repayment_name(p->repayment), money(a, p->ceiling_fen, c),
           p->unsecured ? "unsecured" : "secured", p->pool[0] ? p->pool : "-");
}

static hs_status list_product(void *vctx, const credit_product *p, hs_error *err) {
    list_ctx *c = vctx;
    if (c->array != NULL)
        json_array_append_new(c->array, product_json(p));
    else
        product_line(c->a, p);
    return HS_OK;
}

static int cmd_product(cargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    static const int create_opts[] = {O_BANK,      O_NAME,      O_RATE,   O_TERM, O_CEILING,
                                      O_UNSECURED, O_REPAYMENT, O_PERIOD, O_POOL, O_DATE};
    int rc;
    if (!strcmp(sub, "create")) {
        a->cmd = "credit product create";
        a->arg = "";
        if ((rc = parse(argc - 1, argv + 1, a, create_opts, 10, true)) != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = need(a, O_BANK)) || (rc = need(a, O_NAME)) || (rc = need(a, O_RATE)) ||
            (rc = need(a, O_TERM)) || (rc = need(a, O_CEILING)))
            return rc;
        credit_product p;
        memset(&p, 0, sizeof p);
        if (a->arg[0] != '\0')
            snprintf(p.id, sizeof p.id, "%s", a->arg);
        else
            snprintf(p.id, sizeof p.id, "%s.%s", a->opt[O_BANK], a->opt[O_NAME]);
        snprintf(p.bank, sizeof p.bank, "%s", a->opt[O_BANK]);
        snprintf(p.name, sizeof p.name, "%s", a->opt[O_NAME]);
        p.unsecured = a->given[O_UNSECURED];
        p.period_months = 1;
        p.repayment = CREDIT_EQUAL_PRINCIPAL;
        if (!rate_opt(a, O_RATE, &p.rate_bp) || !int_opt(a, O_TERM, &p.term_months) ||
            !money_opt(a, O_CEILING, &p.ceiling_fen) ||
            (a->given[O_PERIOD] && !int_opt(a, O_PERIOD, &p.period_months)) ||
            !date_opt(a, O_DATE, &p.created_date))
            return 2;
        if (a->given[O_REPAYMENT] && !credit_repayment_parse(a->opt[O_REPAYMENT], &p.repayment))
            return cli_fail(a->cmd, HS_INPUT, "--repayment: equal-principal or bullet, not '%s'",
                            a->opt[O_REPAYMENT]);
        if (a->given[O_POOL])
            snprintf(p.pool, sizeof p.pool, "%s", a->opt[O_POOL]);
        if ((rc = open_book(a)) != 0)
            return rc;
        hs_error err = {0};
        hs_status st = credit_product_create(a->store, &p, &err);
        if (st == HS_OK) {
            if (a->cfg->json)
                cli_print_json(product_json(&p));
            else
                product_line(a, &p);
        }
        return done(a, st, &err);
    }
    if (!strcmp(sub, "list") || !strcmp(sub, "show")) {
        bool show = !strcmp(sub, "show");
        a->cmd = show ? "credit product show" : "credit product list";
        if ((rc = parse(argc - 1, argv + 1, a, NULL, 0, show)) != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = open_book(a)) != 0)
            return rc;
        hs_error err = {0};
        hs_status st;
        if (show) {
            credit_product p;
            bool found;
            st = credit_product_get(a->store, a->arg, &p, &found, &err);
            if (st == HS_OK && !found)
                st = hs_fail(&err, HS_INPUT, "no product '%s'", a->arg);
            if (st == HS_OK && a->cfg->json)
                cli_print_json(product_json(&p));
            else if (st == HS_OK)
                product_line(a, &p);
            return done(a, st, &err);
        }
        list_ctx c = {a, a->cfg->json ? json_array() : NULL};
        st = credit_products_each(a->store, list_product, &c, &err);
        if (c.array != NULL) {
            if (st == HS_OK)
                cli_print_json(c.array);
            else
                json_decref(c.array);
        }
        return done(a, st, &err);
    }
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return cli_fail("credit product", HS_INPUT, "unknown subcommand '%s' (create, list, show)",
                    sub);
}

/* ---- loans ---- */

static json_t *loan_json(const credit_loan *l) {
    json_t *o = json_object();
    char d[DATE_TEXT_LEN];
    json_object_set_new(o, "id", json_string(l->id));
    json_object_set_new(o, "product", json_string(l->product));
    json_object_set_new(o, "bank", json_string(l->bank));
    json_object_set_new(o, "firm", json_string(l->firm));
    json_object_set_new(o, "pool", json_string(l->pool));
    json_object_set_new(o, "status", json_string(credit_loan_status_name(l->status)));
    json_object_set_new(o, "amount_fen", json_integer(l->amount_fen));
    json_object_set_new(o, "rate_bp", json_integer(l->rate_bp));
    json_object_set_new(o, "term_months", json_integer(l->term_months));
    json_object_set_new(o, "period_months", json_integer(l->period_months));
    json_object_set_new(o, "repayment", json_string(credit_repayment_name(l->repayment)));
    json_object_set_new(o, "unsecured_bp", json_integer(l->unsecured_bp));
    json_object_set_new(o, "first_loan", json_boolean(l->first_loan));
    json_object_set_new(o, "approved", json_string(date_format(l->approved_date, d)));
    json_object_set_new(o, "disbursed",
                        l->status != LOAN_APPROVED ? json_string(date_format(l->disbursed_date, d))
                                                   : json_null());
    json_object_set_new(o, "defaulted",
                        l->status == LOAN_DEFAULTED ? json_string(date_format(l->defaulted_date, d))
                                                    : json_null());
    json_object_set_new(o, "outstanding_fen", json_integer(credit_loan_outstanding(l)));
    json_object_set_new(o, "principal_repaid_fen", json_integer(l->principal_repaid_fen));
    json_object_set_new(o, "interest_paid_fen", json_integer(l->interest_paid_fen));
    json_object_set_new(o, "repayments", json_integer(l->repayments));
    json_object_set_new(o, "written_off_fen", json_integer(l->written_off_fen));
    json_object_set_new(o, "recovered_fen", json_integer(l->recovered_fen));
    json_object_set_new(o, "returned_to_pool_fen", json_integer(l->returned_to_pool_fen));
    return o;
}

static json_t *claim_json(const credit_claim *c) {
    json_t *o = json_object();
    char d[DATE_TEXT_LEN];
    json_object_set_new(o, "loan", json_string(c->loan));
    json_object_set_new(o, "pool", json_string(c->pool));
    json_object_set_new(o, "bank", json_string(c->bank));
    json_object_set_new(o, "date", json_string(date_format(c->date, d)));
    json_object_set_new(o, "base_fen", json_integer(c->d.base_fen));
    json_object_set_new(o, "share_bp", json_integer(c->d.share_bp));
    json_object_set_new(o, "rule", json_string(c->d.rule));
    json_object_set_new(o, "entitled_fen", json_integer(c->d.entitled_fen));
    json_object_set_new(o, "capped_fen", json_integer(c->d.capped_fen));
    json_object_set_new(o, "paid_fen", json_integer(c->d.paid_fen));
    json_object_set_new(o, "shortfall_fen", json_integer(c->d.shortfall_fen));
    return o;
}

static void loan_line(const cargs *a, const credit_loan *l) {
    char amt[MONEY_TEXT_MAX], out[MONEY_TEXT_MAX], d[DATE_TEXT_LEN];
    printf("%-16s %-24s %-18s %-10s %20s %20s  approved %s\n", l->id, l->product, l->firm,
           credit_loan_status_name(l->status), money(a, l->amount_fen, amt),
           money(a, credit_loan_outstanding(l), out), date_format(l->approved_date, d));
}

static hs_status list_loan(void *vctx, const credit_loan *l, hs_error *err) {
    list_ctx *c = vctx;
    if (c->array != NULL)
        json_array_append_new(c->array, loan_json(l));
    else
        loan_line(c->a, l);
    return HS_OK;
}

typedef struct {
    const cargs *a;
    json_t *array;
    size_t count;
} events_ctx;

static hs_status show_event(void *vctx, const credit_event *e, hs_error *err) {
    events_ctx *c = vctx;
    char d[DATE_TEXT_LEN], m[4][MONEY_TEXT_MAX];
    c->count++;
    if (c->array != NULL) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(e->id));
        json_object_set_new(o, "kind", json_string(e->kind));
        json_object_set_new(o, "date", json_string(date_format(e->date, d)));
        json_object_set_new(o, "amount_fen", json_integer(e->amount_fen));
        json_object_set_new(o, "principal_fen", json_integer(e->principal_fen));
        json_object_set_new(o, "interest_fen", json_integer(e->interest_fen));
        json_object_set_new(o, "pool_fen", json_integer(e->pool_fen));
        json_array_append_new(c->array, o);
        return HS_OK;
    }
    if (c->count == 1)
        printf("repayments and recoveries:\n%-28s %-8s %-10s %20s %20s %20s %20s\n", "id", "kind",
               "date", "amount", "principal", "interest", "to pool");
    printf("%-28s %-8s %-10s %20s %20s %20s %20s\n", e->id, e->kind, date_format(e->date, d),
           money(c->a, e->amount_fen, m[0]), money(c->a, e->principal_fen, m[1]),
           money(c->a, e->interest_fen, m[2]), money(c->a, e->pool_fen, m[3]));
    return HS_OK;
}

static int show_loan(cargs *a, const char *id) {
    hs_error err = {0};
    credit_loan l;
    hs_status st = credit_loan_require(a->store, id, &l, &err);
    if (st != HS_OK)
        return cli_report(a->cmd, &err);
    credit_claim claim;
    bool claimed = false;
    if ((st = credit_claim_get(a->store, id, &claim, &claimed, &err)) != HS_OK)
        return cli_report(a->cmd, &err);
    credit_instalment *sched = calloc(CREDIT_INSTALMENTS_MAX, sizeof *sched);
    size_t n = 0;
    bool disbursed = l.status != LOAN_APPROVED;
    hs_date start = disbursed ? l.disbursed_date : l.approved_date;
    if (sched == NULL)
        return cli_fail(a->cmd, HS_STORAGE, "out of memory");
    st = credit_schedule(l.amount_fen, l.rate_bp, start, l.term_months, l.period_months,
                         l.repayment, sched, CREDIT_INSTALMENTS_MAX, &n, &err);
    if (st != HS_OK) {
        free(sched);
        return cli_report(a->cmd, &err);
    }
    char d[DATE_TEXT_LEN], m[4][MONEY_TEXT_MAX], r[32];
    int64_t sum_p = 0, sum_i = 0;
    for (size_t i = 0; i < n; i++) {
        sum_p += sched[i].principal_fen;
        sum_i += sched[i].interest_fen;
    }
    if (a->cfg->json) {
        json_t *o = loan_json(&l);
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_object();
            json_object_set_new(e, "number", json_integer(sched[i].number));
            json_object_set_new(e, "date", json_string(date_format(sched[i].date, d)));
            json_object_set_new(e, "days", json_integer(sched[i].days));
            json_object_set_new(e, "principal_fen", json_integer(sched[i].principal_fen));
            json_object_set_new(e, "interest_fen", json_integer(sched[i].interest_fen));
            json_object_set_new(e, "outstanding_after_fen",
                                json_integer(sched[i].outstanding_after_fen));
            json_array_append_new(arr, e);
        }
        json_object_set_new(o, "schedule_basis", json_string(disbursed ? "disbursed" : "planned"));
        json_object_set_new(o, "schedule", arr);
        json_object_set_new(o, "schedule_principal_fen", json_integer(sum_p));
        json_object_set_new(o, "schedule_interest_fen", json_integer(sum_i));
        json_object_set_new(o, "claim", claimed ? claim_json(&claim) : json_null());
        events_ctx ec = {a, json_array(), 0};
        st = credit_events_each(a->store, l.id, show_event, &ec, &err);
        json_object_set_new(o, "events", ec.array);
        cli_print_json(o);
    } else {
        printf("loan %s  %s  firm %s  bank %s  pool %s\n", l.id, l.product, l.firm, l.bank,
               l.pool[0] ? l.pool : "-");
        printf("status %s  amount %s  rate %s  %d months %s, every %d month(s)  unsecured %s%s\n",
               credit_loan_status_name(l.status), money(a, l.amount_fen, m[0]),
               rate_format_bp(l.rate_bp, r, sizeof r), l.term_months,
               credit_repayment_name(l.repayment), l.period_months,
               rate_format_bp(l.unsecured_bp, m[1], sizeof m[1]),
               l.first_loan ? "  first loan (首贷)" : "");
        printf("approved %s", date_format(l.approved_date, d));
        if (disbursed)
            printf("  disbursed %s", date_format(l.disbursed_date, d));
        if (l.status == LOAN_DEFAULTED)
            printf("  defaulted %s", date_format(l.defaulted_date, d));
        printf("\noutstanding %s  principal repaid %s  interest paid %s (%d repayments)\n",
               money(a, credit_loan_outstanding(&l), m[0]), money(a, l.principal_repaid_fen, m[1]),
               money(a, l.interest_paid_fen, m[2]), l.repayments);
        if (l.status == LOAN_DEFAULTED)
            printf("written off %s  recovered %s  returned to pool %s\n",
                   money(a, l.written_off_fen, m[0]), money(a, l.recovered_fen, m[1]),
                   money(a, l.returned_to_pool_fen, m[2]));
        if (claimed)
            printf("claim %s on pool %s: base %s x %s = %s, capped %s, paid %s, shortfall %s "
                   "(%s)\n",
                   date_format(claim.date, d), claim.pool, money(a, claim.d.base_fen, m[0]),
                   rate_format_bp(claim.d.share_bp, r, sizeof r),
                   money(a, claim.d.entitled_fen, m[1]), money(a, claim.d.capped_fen, m[2]),
                   money(a, claim.d.paid_fen, m[3]), money(a, claim.d.shortfall_fen, m[0]),
                   claim.d.rule);
        printf("%s schedule:\n%4s  %-10s %5s %22s %22s %22s\n",
               disbursed ? "contractual" : "planned (from approval)", "#", "date", "days",
               "principal", "interest", "outstanding after");
        for (size_t i = 0; i < n; i++)
            printf("%4d  %-10s %5d %22s %22s %22s\n", sched[i].number,
                   date_format(sched[i].date, d), sched[i].days,
                   money(a, sched[i].principal_fen, m[0]), money(a, sched[i].interest_fen, m[1]),
                   money(a, sched[i].outstanding_after_fen, m[2]));
        printf("%4s  %-10s %5s %22s %22s\n", "", "total", "", money(a, sum_p, m[0]),
               money(a, sum_i, m[1]));
        events_ctx ec = {a, NULL, 0};
        st = credit_events_each(a->store, l.id, show_event, &ec, &err);
    }
    free(sched);
    return st == HS_OK ? 0 : cli_report(a->cmd, &err);
}

typedef struct {
    cargs *a;
    json_t *array;
    size_t count;
} overdue_ctx;

static hs_status list_overdue(void *vctx, const credit_overdue *o, hs_error *err) {
    overdue_ctx *c = vctx;
    char ap[DATE_TEXT_LEN], dl[DATE_TEXT_LEN], ds[DATE_TEXT_LEN], amt[MONEY_TEXT_MAX];
    c->count++;
    const credit_loan *l = &o->loan;
    bool disbursed = o->disbursed_late;
    if (c->array != NULL) {
        json_t *j = json_object();
        json_object_set_new(j, "loan", json_string(l->id));
        json_object_set_new(j, "bank", json_string(l->bank));
        json_object_set_new(j, "product", json_string(l->product));
        json_object_set_new(j, "firm", json_string(l->firm));
        json_object_set_new(j, "amount_fen", json_integer(l->amount_fen));
        json_object_set_new(j, "approved", json_string(date_format(l->approved_date, ap)));
        json_object_set_new(j, "deadline", json_string(date_format(o->deadline, dl)));
        json_object_set_new(j, "state",
                            json_string(disbursed ? "disbursed-late" : "not-disbursed"));
        json_object_set_new(j, "disbursed",
                            disbursed ? json_string(date_format(l->disbursed_date, ds))
                                      : json_null());
        json_object_set_new(j, "workdays", json_integer(o->workdays_taken));
        json_array_append_new(c->array, j);
        return HS_OK;
    }
    printf("%-16s %-12s %-18s %20s  approved %s  deadline %s  %-14s %s  %d working days\n", l->id,
           l->bank, l->firm, money(c->a, l->amount_fen, amt), date_format(l->approved_date, ap),
           date_format(o->deadline, dl), disbursed ? "disbursed-late" : "not-disbursed",
           disbursed ? date_format(l->disbursed_date, ds) : "-", o->workdays_taken);
    return HS_OK;
}

static int overdue(cargs *a) {
    hs_date on;
    int32_t workdays = 5;
    if (!date_opt(a, O_ON, &on) || (a->given[O_WORKDAYS] && !int_opt(a, O_WORKDAYS, &workdays)))
        return 2;
    hs_calendar *cal = malloc(sizeof *cal);
    if (cal == NULL)
        return cli_fail(a->cmd, HS_STORAGE, "out of memory");
    char path[4096];
    hs_error err = {0};
    hs_status st =
        calendar_load(cal, cli_data_path(a->cfg, "data/holidays-cn.txt", path, sizeof path), &err);
    int rc;
    if (st != HS_OK) {
        free(cal);
        return cli_report(a->cmd, &err);
    }
    if ((rc = open_book(a)) != 0) {
        free(cal);
        return rc;
    }
    overdue_ctx c = {a, a->cfg->json ? json_array() : NULL, 0};
    char d[DATE_TEXT_LEN];
    if (c.array == NULL)
        printf("loans not disbursed within %d working days, as of %s:\n", workdays,
               date_format(on, d));
    st = credit_overdue_approvals(a->store, cal, on, workdays, list_overdue, &c, &err);
    free(cal);
    if (c.array != NULL) {
        if (st == HS_OK)
            cli_print_json(c.array);
        else
            json_decref(c.array);
    } else if (st == HS_OK && c.count == 0) {
        printf("(none)\n");
    }
    return done(a, st, &err);
}

static int cmd_loan(cargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    int rc;
    hs_error err = {0};
    hs_status st;
    if (!strcmp(sub, "create")) {
        static const int opts[] = {O_ID,   O_PRODUCT,         O_FIRM,       O_AMOUNT, O_APPROVED,
                                   O_POOL, O_UNSECURED_SHARE, O_FIRST_LOAN, O_RATE,   O_TERM};
        a->cmd = "credit loan create";
        a->arg = "";
        if ((rc = parse(argc - 1, argv + 1, a, opts, 10, true)) != 0)
            return rc < 0 ? 0 : rc;
        const char *id = a->given[O_ID] ? a->opt[O_ID] : a->arg;
        if (id[0] == '\0')
            return cli_fail(a->cmd, HS_INPUT, "--id is required");
        if ((rc = need(a, O_PRODUCT)) || (rc = need(a, O_FIRM)) || (rc = need(a, O_AMOUNT)) ||
            (rc = need(a, O_APPROVED)))
            return rc;
        credit_loan_request req = {.id = id,
                                   .product = a->opt[O_PRODUCT],
                                   .firm = a->opt[O_FIRM],
                                   .pool = a->opt[O_POOL],
                                   .unsecured_bp = -1,
                                   .first_loan = -1,
                                   .rate_bp = -1};
        if (!money_opt(a, O_AMOUNT, &req.amount_fen) ||
            !date_opt(a, O_APPROVED, &req.approved_date) ||
            (a->given[O_UNSECURED_SHARE] && !rate_opt(a, O_UNSECURED_SHARE, &req.unsecured_bp)) ||
            (a->given[O_RATE] && !rate_opt(a, O_RATE, &req.rate_bp)) ||
            (a->given[O_TERM] && !int_opt(a, O_TERM, &req.term_months)))
            return 2;
        if (a->given[O_FIRST_LOAN]) {
            const char *f = a->opt[O_FIRST_LOAN];
            if (!strcmp(f, "yes"))
                req.first_loan = 1;
            else if (!strcmp(f, "no"))
                req.first_loan = 0;
            else
                return cli_fail(a->cmd, HS_INPUT, "--first-loan: yes or no, not '%s'", f);
        }
        if ((rc = open_book(a)) != 0)
            return rc;
        credit_loan l;
        st = credit_loan_create(a->store, &req, &l, &err);
        if (st == HS_OK && a->cfg->json)
            cli_print_json(loan_json(&l));
        else if (st == HS_OK)
            loan_line(a, &l);
        return done(a, st, &err);
    }
    if (!strcmp(sub, "disburse")) {
        static const int opts[] = {O_DATE};
        a->cmd = "credit loan disburse";
        if ((rc = parse(argc - 1, argv + 1, a, opts, 1, true)) != 0)
            return rc < 0 ? 0 : rc;
        hs_date date;
        if (!date_opt(a, O_DATE, &date))
            return 2;
        if ((rc = open_book(a)) != 0)
            return rc;
        st = credit_loan_disburse(a->store, a->arg, date, &err);
        if (st == HS_OK) {
            credit_loan l;
            st = credit_loan_require(a->store, a->arg, &l, &err);
            char m[MONEY_TEXT_MAX], d[DATE_TEXT_LEN];
            if (st == HS_OK && a->cfg->json)
                cli_print_json(loan_json(&l));
            else if (st == HS_OK)
                printf("disbursed %s: %s from bank/%s/lending to firm/%s/cash on %s\n", l.id,
                       money(a, l.amount_fen, m), l.bank, l.firm, date_format(date, d));
        }
        return done(a, st, &err);
    }
    if (!strcmp(sub, "show") || !strcmp(sub, "list")) {
        bool show = !strcmp(sub, "show");
        static const int opts[] = {O_POOL};
        a->cmd = show ? "credit loan show" : "credit loan list";
        if ((rc = parse(argc - 1, argv + 1, a, opts, show ? 0 : 1, show)) != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = open_book(a)) != 0)
            return rc;
        if (show) {
            rc = show_loan(a, a->arg);
            store_close(a->store);
            return rc;
        }
        list_ctx c = {a, a->cfg->json ? json_array() : NULL};
        st = credit_loans_each(a->store, a->opt[O_POOL], list_loan, &c, &err);
        if (c.array != NULL) {
            if (st == HS_OK)
                cli_print_json(c.array);
            else
                json_decref(c.array);
        }
        return done(a, st, &err);
    }
    if (!strcmp(sub, "overdue-approvals")) {
        static const int opts[] = {O_ON, O_WORKDAYS};
        a->cmd = "credit loan overdue-approvals";
        if ((rc = parse(argc - 1, argv + 1, a, opts, 2, false)) != 0)
            return rc < 0 ? 0 : rc;
        return overdue(a);
    }
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return cli_fail("credit loan", HS_INPUT,
                    "unknown subcommand '%s' (create, disburse, show, list, overdue-approvals)",
                    sub);
}

/* ---- loan events ---- */

static int cmd_repay(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_AMOUNT, O_DATE, O_ID};
    a->cmd = "credit repay";
    int rc = parse(argc, argv, a, opts, 3, true);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    int64_t amount = 0;
    hs_date date;
    if ((a->given[O_AMOUNT] && !money_opt(a, O_AMOUNT, &amount)) || !date_opt(a, O_DATE, &date))
        return 2;
    if (a->given[O_AMOUNT] && amount <= 0)
        return cli_fail(a->cmd, HS_INPUT, "--amount: must be positive");
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_repayment_result r;
    hs_status st = credit_loan_repay(a->store, a->arg, amount, date, a->opt[O_ID], &r, &err);
    if (st == HS_OK) {
        if (a->cfg->json) {
            json_t *o = json_object();
            json_object_set_new(o, "loan", json_string(a->arg));
            json_object_set_new(o, "amount_fen", json_integer(r.amount_fen));
            json_object_set_new(o, "interest_fen", json_integer(r.interest_fen));
            json_object_set_new(o, "principal_fen", json_integer(r.principal_fen));
            json_object_set_new(o, "outstanding_fen", json_integer(r.outstanding_after_fen));
            json_object_set_new(o, "existed", json_boolean(r.existed));
            cli_print_json(o);
        } else {
            char m[4][MONEY_TEXT_MAX];
            printf("%s %s: %s = interest %s + principal %s; outstanding %s\n",
                   r.existed ? "exists, repayment of" : "repaid", a->arg,
                   money(a, r.amount_fen, m[0]), money(a, r.interest_fen, m[1]),
                   money(a, r.principal_fen, m[2]), money(a, r.outstanding_after_fen, m[3]));
        }
    }
    return done(a, st, &err);
}

static int cmd_default(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_DATE};
    a->cmd = "credit default";
    int rc = parse(argc, argv, a, opts, 1, true);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    hs_date date;
    if (!date_opt(a, O_DATE, &date))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    int64_t written_off = 0;
    hs_status st = credit_loan_default(a->store, a->arg, date, &written_off, &err);
    if (st == HS_OK) {
        char m[MONEY_TEXT_MAX];
        if (a->cfg->json) {
            json_t *o = json_object();
            json_object_set_new(o, "loan", json_string(a->arg));
            json_object_set_new(o, "written_off_fen", json_integer(written_off));
            cli_print_json(o);
        } else {
            printf("defaulted %s: %s written off\n", a->arg, money(a, written_off, m));
        }
    }
    return done(a, st, &err);
}

static int cmd_claim(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_POOL, O_DATE, O_NO_PARTIAL};
    a->cmd = "credit claim";
    int rc = parse(argc, argv, a, opts, 3, true);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    hs_date date;
    if (!date_opt(a, O_DATE, &date))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_claim c;
    hs_status st = credit_claim_loan(a->store, a->arg, a->opt[O_POOL], date,
                                     !a->given[O_NO_PARTIAL], &c, &err);
    if (st == HS_OK) {
        if (a->cfg->json) {
            cli_print_json(claim_json(&c));
        } else {
            char m[4][MONEY_TEXT_MAX], r[32];
            printf("claim on %s paid from pool/%s to bank/%s/losses: %s (base %s x %s = %s, "
                   "capped %s; %s)",
                   c.loan, c.pool, c.bank, money(a, c.d.paid_fen, m[0]),
                   money(a, c.d.base_fen, m[1]), rate_format_bp(c.d.share_bp, r, sizeof r),
                   money(a, c.d.entitled_fen, m[2]), money(a, c.d.capped_fen, m[3]), c.d.rule);
            if (c.d.shortfall_fen > 0)
                printf("; shortfall %s", money(a, c.d.shortfall_fen, m[0]));
            printf("\n");
        }
    }
    return done(a, st, &err);
}

static int cmd_recover(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_AMOUNT, O_DATE, O_ID, O_FROM};
    a->cmd = "credit recover";
    int rc = parse(argc, argv, a, opts, 4, true);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    if ((rc = need(a, O_AMOUNT)) != 0)
        return rc;
    int64_t amount;
    hs_date date;
    if (!money_opt(a, O_AMOUNT, &amount) || !date_opt(a, O_DATE, &date))
        return 2;
    if (amount <= 0)
        return cli_fail(a->cmd, HS_INPUT, "--amount: must be positive");
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_recovery_result r;
    hs_status st =
        credit_recover(a->store, a->arg, amount, date, a->opt[O_ID], a->opt[O_FROM], &r, &err);
    if (st == HS_OK) {
        if (a->cfg->json) {
            json_t *o = json_object();
            json_object_set_new(o, "loan", json_string(a->arg));
            json_object_set_new(o, "amount_fen", json_integer(r.amount_fen));
            json_object_set_new(o, "pool_share_fen", json_integer(r.pool_share_fen));
            json_object_set_new(o, "existed", json_boolean(r.existed));
            cli_print_json(o);
        } else {
            char m[2][MONEY_TEXT_MAX];
            printf("%s %s: %s, of which %s returned to the pool\n",
                   r.existed ? "exists, recovery on" : "recovered on", a->arg,
                   money(a, r.amount_fen, m[0]), money(a, r.pool_share_fen, m[1]));
        }
    }
    return done(a, st, &err);
}

/* ---- pools ---- */

static json_t *params_json(const credit_pool_params *p) {
    json_t *o = json_object();
    json_object_set_new(o, "base_share_bp", json_integer(p->base_share_bp));
    json_object_set_new(o, "high_unsecured_min_bp", json_integer(p->high_unsecured_min_bp));
    json_object_set_new(o, "high_unsecured_share_bp", json_integer(p->high_unsecured_share_bp));
    json_object_set_new(o, "first_loan_share_bp", json_integer(p->first_loan_share_bp));
    json_object_set_new(o, "cap_per_loan_fen", json_integer(p->cap_per_loan_fen));
    json_object_set_new(o, "cap_per_bank_year_fen", json_integer(p->cap_per_bank_year_fen));
    json_object_set_new(o, "required_multiple_x100", json_integer(p->required_multiple_x100));
    return o;
}

static void print_params(const cargs *a, const credit_pool_params *p) {
    char s1[32], s2[32], s3[32], s4[32], c1[MONEY_TEXT_MAX], c2[MONEY_TEXT_MAX], x[32];
    printf("rule: %s of the principal lost; %s if >= %s unsecured; %s on a firm's first loan\n",
           rate_format_bp(p->base_share_bp, s1, sizeof s1),
           rate_format_bp(p->high_unsecured_share_bp, s2, sizeof s2),
           rate_format_bp(p->high_unsecured_min_bp, s3, sizeof s3),
           rate_format_bp(p->first_loan_share_bp, s4, sizeof s4));
    printf("caps: %s per loan; %s per bank and year; required multiple %s\n",
           p->cap_per_loan_fen ? money(a, p->cap_per_loan_fen, c1) : "none",
           p->cap_per_bank_year_fen ? money(a, p->cap_per_bank_year_fen, c2) : "none",
           x100_text(p->required_multiple_x100, x, sizeof x));
}

static int show_pool(cargs *a, const char *id) {
    hs_error err = {0};
    credit_pool_report *r = malloc(sizeof *r);
    if (r == NULL)
        return cli_fail(a->cmd, HS_STORAGE, "out of memory");
    hs_status st = credit_pool_report_build(a->store, id, r, &err);
    if (st != HS_OK) {
        free(r);
        return cli_report(a->cmd, &err);
    }
    char x[32], y[32];
    if (a->cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "pool", json_string(r->pool.id));
        json_object_set_new(o, "account", json_string("pool/"));
        char acct[ACCOUNT_NAME_MAX];
        snprintf(acct, sizeof acct, "pool/%s", r->pool.id);
        json_object_set_new(o, "account", json_string(acct));
        json_object_set_new(o, "programme", json_string(r->pool.programme));
        json_object_set_new(o, "budget", json_string(r->pool.budget));
        json_object_set_new(o, "params", params_json(&r->pool.params));
        const struct {
            const char *k;
            int64_t v;
        } f[] = {{"loans", r->loans},
                 {"approved_fen", r->approved_fen},
                 {"disbursed_loans", r->disbursed_loans},
                 {"disbursed_fen", r->disbursed_fen},
                 {"outstanding_fen", r->outstanding_fen},
                 {"principal_repaid_fen", r->repaid_fen},
                 {"interest_paid_fen", r->interest_fen},
                 {"defaults", r->defaults},
                 {"written_off_fen", r->written_off_fen},
                 {"claims", r->claims},
                 {"claims_entitled_fen", r->claims_entitled_fen},
                 {"claims_paid_fen", r->claims_paid_fen},
                 {"claims_shortfall_fen", r->claims_shortfall_fen},
                 {"recovered_fen", r->recovered_fen},
                 {"returned_fen", r->returned_fen},
                 {"fundings", r->fundings},
                 {"funded_fen", r->funded_fen},
                 {"balance_fen", r->balance_fen},
                 {"ledger_balance_fen", r->ledger_balance_fen},
                 {"capacity_fen", r->capacity_fen}};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            json_object_set_new(o, f[i].k, json_integer(f[i].v));
        json_object_set_new(o, "reconciled", json_boolean(r->reconciled));
        json_object_set_new(
            o, "leverage_definition",
            json_string("principal outstanding on the pool's loans / pool balance"));
        json_object_set_new(o, "leverage_x100",
                            r->leverage_defined ? json_integer(r->leverage_x100) : json_null());
        json_object_set_new(o, "leverage",
                            r->leverage_defined
                                ? json_string(x100_text(r->leverage_x100, x, sizeof x))
                                : json_null());
        json_object_set_new(
            o, "required_multiple",
            json_string(x100_text(r->pool.params.required_multiple_x100, y, sizeof y)));
        json_object_set_new(o, "meets_required", json_boolean(r->meets_required));
        json_t *banks = json_array();
        for (size_t i = 0; i < r->n_banks; i++) {
            const credit_pool_bank_row *b = &r->banks[i];
            json_t *e = json_object();
            json_object_set_new(e, "bank", json_string(b->bank));
            json_object_set_new(e, "loans", json_integer(b->loans));
            json_object_set_new(e, "outstanding_fen", json_integer(b->outstanding_fen));
            json_object_set_new(e, "written_off_fen", json_integer(b->written_off_fen));
            json_object_set_new(e, "claims_paid_fen", json_integer(b->claims_paid_fen));
            json_object_set_new(e, "recovered_fen", json_integer(b->recovered_fen));
            json_object_set_new(e, "returned_fen", json_integer(b->returned_fen));
            json_array_append_new(banks, e);
        }
        json_object_set_new(o, "banks", banks);
        cli_print_json(o);
        free(r);
        return 0;
    }
    char m[6][MONEY_TEXT_MAX];
    printf("pool %s (pool/%s)  programme %s  budget budget/%s/%s\n", r->pool.id, r->pool.id,
           r->pool.programme, r->pool.programme, r->pool.budget);
    print_params(a, &r->pool.params);
    printf("%-34s %22s  (%lld fundings)\n", "funded", money(a, r->funded_fen, m[0]),
           (long long)r->fundings);
    printf("%-34s %22s  (%lld claims; entitled %s, shortfall %s)\n", "claims paid",
           money(a, r->claims_paid_fen, m[0]), (long long)r->claims,
           money(a, r->claims_entitled_fen, m[1]), money(a, r->claims_shortfall_fen, m[2]));
    printf("%-34s %22s\n", "returned from recoveries", money(a, r->returned_fen, m[0]));
    printf("%-34s %22s  (ledger %s: %s)\n", "balance", money(a, r->balance_fen, m[0]),
           money(a, r->ledger_balance_fen, m[1]), r->reconciled ? "reconciled" : "MISMATCH");
    printf("%-34s %22s  (%lld loans, %lld disbursed: %s)\n", "loans approved",
           money(a, r->approved_fen, m[0]), (long long)r->loans, (long long)r->disbursed_loans,
           money(a, r->disbursed_fen, m[1]));
    printf("%-34s %22s  (principal repaid %s, interest %s)\n", "outstanding",
           money(a, r->outstanding_fen, m[0]), money(a, r->repaid_fen, m[1]),
           money(a, r->interest_fen, m[2]));
    printf("%-34s %22s  (%lld defaults)\n", "written off", money(a, r->written_off_fen, m[0]),
           (long long)r->defaults);
    printf("%-34s %22s\n", "recovered by banks", money(a, r->recovered_fen, m[0]));
    if (r->leverage_defined)
        printf("%-34s %22s  (outstanding / balance; required >= %s: %s)\n", "leverage",
               x100_text(r->leverage_x100, x, sizeof x),
               x100_text(r->pool.params.required_multiple_x100, y, sizeof y),
               r->meets_required ? "met" : "not met");
    else
        printf("%-34s %22s\n", "leverage", "n/a (empty pool)");
    printf("%-34s %22s\n", "lending backed at required multiple", money(a, r->capacity_fen, m[0]));
    printf("\n%-14s %5s %22s %22s %22s %22s %22s\n", "bank", "loans", "outstanding", "written off",
           "claims paid", "recovered", "returned to pool");
    for (size_t i = 0; i < r->n_banks; i++) {
        const credit_pool_bank_row *b = &r->banks[i];
        printf("%-14s %5lld %22s %22s %22s %22s %22s\n", b->bank, (long long)b->loans,
               money(a, b->outstanding_fen, m[0]), money(a, b->written_off_fen, m[1]),
               money(a, b->claims_paid_fen, m[2]), money(a, b->recovered_fen, m[3]),
               money(a, b->returned_fen, m[4]));
    }
    free(r);
    return 0;
}

static bool pool_params_opts(cargs *a, credit_pool_params *p) {
    credit_pool_params_default(p);
    return (!a->given[O_MULTIPLE] || multiple_opt(a, &p->required_multiple_x100)) &&
           (!a->given[O_SHARE] || rate_opt(a, O_SHARE, &p->base_share_bp)) &&
           (!a->given[O_UNSECURED_MIN] ||
            rate_opt(a, O_UNSECURED_MIN, &p->high_unsecured_min_bp)) &&
           (!a->given[O_SHARE_UNSECURED] ||
            rate_opt(a, O_SHARE_UNSECURED, &p->high_unsecured_share_bp)) &&
           (!a->given[O_SHARE_FIRST] || rate_opt(a, O_SHARE_FIRST, &p->first_loan_share_bp)) &&
           (!a->given[O_CAP_LOAN] || money_opt(a, O_CAP_LOAN, &p->cap_per_loan_fen)) &&
           (!a->given[O_CAP_BANK_YEAR] || money_opt(a, O_CAP_BANK_YEAR, &p->cap_per_bank_year_fen));
}

static int cmd_pool(cargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    int rc;
    hs_error err = {0};
    hs_status st;
    if (!strcmp(sub, "create")) {
        static const int opts[] = {
            O_PROGRAMME,       O_BUDGET,      O_MULTIPLE, O_SHARE,         O_UNSECURED_MIN,
            O_SHARE_UNSECURED, O_SHARE_FIRST, O_CAP_LOAN, O_CAP_BANK_YEAR, O_DATE};
        a->cmd = "credit pool create";
        if ((rc = parse(argc - 1, argv + 1, a, opts, 10, true)) != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = need(a, O_PROGRAMME)) || (rc = need(a, O_BUDGET)))
            return rc;
        credit_pool p;
        memset(&p, 0, sizeof p);
        snprintf(p.id, sizeof p.id, "%s", a->arg);
        snprintf(p.programme, sizeof p.programme, "%s", a->opt[O_PROGRAMME]);
        snprintf(p.budget, sizeof p.budget, "%s", a->opt[O_BUDGET]);
        if (!pool_params_opts(a, &p.params) || !date_opt(a, O_DATE, &p.created_date))
            return 2;
        if ((rc = open_book(a)) != 0)
            return rc;
        st = credit_pool_create(a->store, &p, &err);
        if (st == HS_OK && a->cfg->json) {
            json_t *o = json_object();
            json_object_set_new(o, "pool", json_string(p.id));
            json_object_set_new(o, "programme", json_string(p.programme));
            json_object_set_new(o, "budget", json_string(p.budget));
            json_object_set_new(o, "params", params_json(&p.params));
            cli_print_json(o);
        } else if (st == HS_OK) {
            printf("pool %s: pool/%s funded from budget/%s/%s\n", p.id, p.id, p.programme,
                   p.budget);
            print_params(a, &p.params);
        }
        return done(a, st, &err);
    }
    if (!strcmp(sub, "fund")) {
        static const int opts[] = {O_AMOUNT, O_DATE, O_ID};
        a->cmd = "credit pool fund";
        if ((rc = parse(argc - 1, argv + 1, a, opts, 3, true)) != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = need(a, O_AMOUNT)) != 0)
            return rc;
        int64_t amount;
        hs_date date;
        if (!money_opt(a, O_AMOUNT, &amount) || !date_opt(a, O_DATE, &date))
            return 2;
        if ((rc = open_book(a)) != 0)
            return rc;
        bool existed = false;
        st = credit_pool_fund(a->store, a->arg, amount, date, a->opt[O_ID], &existed, &err);
        if (st == HS_OK && !a->cfg->json) {
            char m[MONEY_TEXT_MAX];
            printf("%s pool/%s with %s\n", existed ? "exists: funded" : "funded", a->arg,
                   money(a, amount, m));
        } else if (st == HS_OK) {
            rc = show_pool(a, a->arg);
            store_close(a->store);
            return rc;
        }
        return done(a, st, &err);
    }
    if (!strcmp(sub, "show")) {
        a->cmd = "credit pool show";
        if ((rc = parse(argc - 1, argv + 1, a, NULL, 0, true)) != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = open_book(a)) != 0)
            return rc;
        rc = show_pool(a, a->arg);
        store_close(a->store);
        return rc;
    }
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return cli_fail("credit pool", HS_INPUT, "unknown subcommand '%s' (create, fund, show)", sub);
}

int cmd_credit(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    cargs a;
    memset(&a, 0, sizeof a);
    a.cfg = cfg;
    a.cmd = "credit";
    const char *sub = argv[1];
    if (!strcmp(sub, "product"))
        return cmd_product(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "loan"))
        return cmd_loan(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "repay"))
        return cmd_repay(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "default"))
        return cmd_default(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "claim"))
        return cmd_claim(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "recover"))
        return cmd_recover(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "pool"))
        return cmd_pool(&a, argc - 1, argv + 1);
    usage(stderr);
    return cli_fail("credit", HS_INPUT,
                    "unknown subcommand '%s' (product, loan, repay, default, recover, claim, pool)",
                    sub);
}
