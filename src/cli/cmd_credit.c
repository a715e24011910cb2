/* cmd_credit.c — `huoshui credit product|loan|repay|default|recover|claim|pool`: bank credit backed
 * by a risk-compensation pool. Argument parsing and printing only: the operations are
 * src/ops/credit_ops.h, the --json bodies src/ops/credit_view.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/cmd_approval.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/credit_ops.h"
#include "ops/credit_view.h"

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
        "  credit pool show P | list\n\n"
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

/* The options of every credit subcommand: X(enum suffix, long name, getopt has_arg). */
#define CREDIT_OPTIONS(X)                                                                          \
    X(BANK, "bank", required_argument)                                                             \
    X(NAME, "name", required_argument)                                                             \
    X(RATE, "rate", required_argument)                                                             \
    X(TERM, "term-months", required_argument)                                                      \
    X(CEILING, "ceiling", required_argument)                                                       \
    X(UNSECURED, "unsecured", no_argument)                                                         \
    X(REPAYMENT, "repayment", required_argument)                                                   \
    X(PERIOD, "period-months", required_argument)                                                  \
    X(POOL, "pool", required_argument)                                                             \
    X(DATE, "date", required_argument)                                                             \
    X(ID, "id", required_argument)                                                                 \
    X(PRODUCT, "product", required_argument)                                                       \
    X(FIRM, "firm", required_argument)                                                             \
    X(AMOUNT, "amount", required_argument)                                                         \
    X(APPROVED, "approved", required_argument)                                                     \
    X(UNSECURED_SHARE, "unsecured-share", required_argument)                                       \
    X(FIRST_LOAN, "first-loan", required_argument)                                                 \
    X(ON, "on", required_argument)                                                                 \
    X(WORKDAYS, "workdays", required_argument)                                                     \
    X(NO_PARTIAL, "no-partial", no_argument)                                                       \
    X(FROM, "from", required_argument)                                                             \
    X(PROGRAMME, "programme", required_argument)                                                   \
    X(BUDGET, "budget", required_argument)                                                         \
    X(MULTIPLE, "multiple", required_argument)                                                     \
    X(SHARE, "share", required_argument)                                                           \
    X(UNSECURED_MIN, "unsecured-min", required_argument)                                           \
    X(SHARE_UNSECURED, "share-unsecured", required_argument)                                       \
    X(SHARE_FIRST, "share-first-loan", required_argument)                                          \
    X(CAP_LOAN, "cap-per-loan", required_argument)                                                 \
    X(CAP_BANK_YEAR, "cap-per-bank-year", required_argument)

#define OPTION_ENUM(id, name, has_arg) O_##id,
enum { CREDIT_OPTIONS(OPTION_ENUM) O_COUNT };
#define OPTION_ENTRY(id, name, has_arg) {name, has_arg, NULL, O_##id},
static const struct option long_opts[] = {
    CREDIT_OPTIONS(OPTION_ENTRY){"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

_Static_assert(O_COUNT <= OPTS_MAX, "the option table fits cli_opts");

/* One subcommand's parsed line and its open book. */
typedef struct {
    cli_opts o;
    hs_store *store;
    hs_ctx ctx;
} cargs;

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Parses argv for subcommand `cmd`; -1 after --help, else 0 or an exit code. */
#define PARSE_OR_RETURN(...)                                                                       \
    do {                                                                                           \
        int parsed_ = parse(__VA_ARGS__);                                                          \
        if (parsed_ != 0)                                                                          \
            return parsed_ < 0 ? 0 : parsed_;                                                      \
    } while (0)
static int parse(cargs *a, const char *cmd, int argc, char **argv, const int *allowed, size_t n,
                 opts_args args) {
    a->o.cmd = cmd;
    return opts_parse(&a->o, argc, argv, allowed, n, args);
}

static int open_book(cargs *a) {
    int rc = cli_open_book(a->o.cfg, a->o.cmd, false, &a->store);
    if (rc == 0)
        a->ctx = cli_ctx(a->o.cfg, a->store);
    return rc;
}

/* Closes the book; 0 if st is HS_OK, else reports err and returns its exit code. */
static int done(cargs *a, hs_status st, const hs_error *err) {
    store_close(a->store);
    a->store = NULL;
    return st == HS_OK ? 0 : cli_report(a->o.cmd, err);
}

static bool json(const cargs *a) {
    return a->o.cfg->json;
}

static char *money(const cargs *a, int64_t fen, char *buf) {
    return cli_money_text(a->o.cfg, fen, buf, MONEY_TEXT_MAX);
}

/* "10", "10x", "12.5x" -> 1000, 1000, 1250 (hundredths). */
static bool multiple_opt(cargs *a, int64_t *out) {
    const char *t = a->o.val[O_MULTIPLE];
    if (credit_x100_parse(t, out))
        return true;
    opts_fail(&a->o, O_MULTIPLE, "invalid_field",
              "--multiple: not a multiple such as 10 or 12.5x: '%s'", t);
    return false;
}

/* Prints a JSON array built by a listing, or drops it if the listing failed. */
static void print_array(json_t *array, hs_status st) {
    if (array == NULL)
        return;
    if (st == HS_OK)
        cli_print_json(array);
    else
        json_decref(array);
}

/* ---- products ---- */

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
    (void)err;
    list_ctx *c = vctx;
    if (c->array != NULL)
        json_array_append_new(c->array, view_product(p));
    else
        product_line(c->a, p);
    return HS_OK;
}

static void print_product(const cargs *a, const credit_product *p) {
    if (json(a))
        cli_print_json(view_product(p));
    else
        product_line(a, p);
}

static int product_create(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_BANK,      O_NAME,      O_RATE,   O_TERM, O_CEILING,
                               O_UNSECURED, O_REPAYMENT, O_PERIOD, O_POOL, O_DATE};
    PARSE_OR_RETURN(a, "credit product create", argc, argv, opts, N(opts), OPTS_MAYBE_ARG);
    int rc;
    const cli_opts *o = &a->o;
    if ((rc = opts_need(o, O_BANK)) || (rc = opts_need(o, O_NAME)) || (rc = opts_need(o, O_RATE)) ||
        (rc = opts_need(o, O_TERM)) || (rc = opts_need(o, O_CEILING)))
        return rc;
    credit_product p;
    memset(&p, 0, sizeof p);
    int n = o->arg[0] != '\0'
                ? snprintf(p.id, sizeof p.id, "%s", o->arg)
                : snprintf(p.id, sizeof p.id, "%s.%s", o->val[O_BANK], o->val[O_NAME]);
    if (n < 0 || (size_t)n >= sizeof p.id) {
        hs_error e;
        hs_invalid_field(&e, "id", "field 'id': product id '%s%s%s' is longer than %zu bytes",
                         o->arg[0] ? o->arg : o->val[O_BANK], o->arg[0] ? "" : ".",
                         o->arg[0] ? "" : o->val[O_NAME], sizeof p.id - 1);
        return cli_report(o->cmd, &e);
    }
    p.unsecured = o->given[O_UNSECURED];
    p.period_months = 1;
    p.repayment = CREDIT_EQUAL_PRINCIPAL;
    if (!opts_copy(o, O_BANK, p.bank, sizeof p.bank) ||
        !opts_copy(o, O_NAME, p.name, sizeof p.name) || !opts_rate(o, O_RATE, &p.rate_bp) ||
        !opts_int32(o, O_TERM, &p.term_months) || !opts_money(o, O_CEILING, &p.ceiling_fen) ||
        (o->given[O_PERIOD] && !opts_int32(o, O_PERIOD, &p.period_months)) ||
        (o->given[O_POOL] && !opts_copy(o, O_POOL, p.pool, sizeof p.pool)) ||
        !opts_date(o, O_DATE, &p.created_date))
        return 2;
    if (o->given[O_REPAYMENT] && !credit_repayment_parse(o->val[O_REPAYMENT], &p.repayment))
        return opts_fail(o, O_REPAYMENT, "invalid_field",
                         "--repayment: equal-principal or bullet, not '%s'", o->val[O_REPAYMENT]);
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    hs_status st = credit_ops_product_create(&a->ctx, &p, &err);
    if (st == HS_OK)
        print_product(a, &p);
    return done(a, st, &err);
}

static int cmd_product(cargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    int rc;
    if (!strcmp(sub, "create"))
        return product_create(a, argc - 1, argv + 1);
    if (!strcmp(sub, "list") || !strcmp(sub, "show")) {
        bool show = !strcmp(sub, "show");
        rc = parse(a, show ? "credit product show" : "credit product list", argc - 1, argv + 1,
                   NULL, 0, show ? OPTS_ONE_ARG : OPTS_NO_ARG);
        if (rc != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = open_book(a)) != 0)
            return rc;
        hs_error err = {0};
        hs_status st;
        if (show) {
            credit_product p;
            if ((st = credit_ops_product_show(&a->ctx, a->o.arg, &p, &err)) == HS_OK)
                print_product(a, &p);
            return done(a, st, &err);
        }
        list_ctx c = {a, json(a) ? json_array() : NULL};
        st = credit_ops_products_each(&a->ctx, list_product, &c, &err);
        print_array(c.array, st);
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

static void loan_line(const cargs *a, const credit_loan *l) {
    char amt[MONEY_TEXT_MAX], out[MONEY_TEXT_MAX], d[DATE_TEXT_LEN];
    printf("%-16s %-24s %-18s %-10s %20s %20s  approved %s\n", l->id, l->product, l->firm,
           credit_loan_status_name(l->status), money(a, l->amount_fen, amt),
           money(a, credit_loan_outstanding(l), out), date_format(l->approved_date, d));
}

static hs_status list_loan(void *vctx, const credit_loan *l, hs_error *err) {
    (void)err;
    list_ctx *c = vctx;
    if (c->array != NULL)
        json_array_append_new(c->array, view_loan(l));
    else
        loan_line(c->a, l);
    return HS_OK;
}

static void print_events(const cargs *a, const credit_loan_detail *dt) {
    char d[DATE_TEXT_LEN], m[4][MONEY_TEXT_MAX];
    for (size_t i = 0; i < dt->n_events; i++) {
        const credit_event *e = &dt->events[i];
        if (i == 0)
            printf("repayments and recoveries:\n%-28s %-8s %-10s %20s %20s %20s %20s\n", "id",
                   "kind", "date", "amount", "principal", "interest", "to pool");
        printf("%-28s %-8s %-10s %20s %20s %20s %20s\n", e->id, e->kind, date_format(e->date, d),
               money(a, e->amount_fen, m[0]), money(a, e->principal_fen, m[1]),
               money(a, e->interest_fen, m[2]), money(a, e->pool_fen, m[3]));
    }
}

static void print_loan_detail(const cargs *a, const credit_loan_detail *dt) {
    const credit_loan *l = &dt->loan;
    const credit_claim *claim = &dt->claim;
    char d[DATE_TEXT_LEN], m[4][MONEY_TEXT_MAX], r[32];
    printf("loan %s  %s  firm %s  bank %s  pool %s\n", l->id, l->product, l->firm, l->bank,
           l->pool[0] ? l->pool : "-");
    printf("status %s  amount %s  rate %s  %d months %s, every %d month(s)  unsecured %s%s\n",
           credit_loan_status_name(l->status), money(a, l->amount_fen, m[0]),
           rate_format_bp(l->rate_bp, r, sizeof r), l->term_months,
           credit_repayment_name(l->repayment), l->period_months,
           rate_format_bp(l->unsecured_bp, m[1], sizeof m[1]),
           l->first_loan ? "  first loan (首贷)" : "");
    printf("approved %s", date_format(l->approved_date, d));
    if (l->status != LOAN_APPROVED)
        printf("  disbursed %s", date_format(l->disbursed_date, d));
    if (l->status == LOAN_DEFAULTED)
        printf("  defaulted %s", date_format(l->defaulted_date, d));
    printf("\noutstanding %s  principal repaid %s  interest paid %s (%d repayments)\n",
           money(a, credit_loan_outstanding(l), m[0]), money(a, l->principal_repaid_fen, m[1]),
           money(a, l->interest_paid_fen, m[2]), l->repayments);
    if (l->status == LOAN_DEFAULTED)
        printf("written off %s  recovered %s  returned to pool %s\n",
               money(a, l->written_off_fen, m[0]), money(a, l->recovered_fen, m[1]),
               money(a, l->returned_to_pool_fen, m[2]));
    if (dt->claimed)
        printf("claim %s on pool %s: base %s x %s = %s, capped %s, paid %s, shortfall %s "
               "(%s)\n",
               date_format(claim->date, d), claim->pool, money(a, claim->d.base_fen, m[0]),
               rate_format_bp(claim->d.share_bp, r, sizeof r),
               money(a, claim->d.entitled_fen, m[1]), money(a, claim->d.capped_fen, m[2]),
               money(a, claim->d.paid_fen, m[3]), money(a, claim->d.shortfall_fen, m[0]),
               claim->d.rule);
    printf("%s schedule:\n%4s  %-10s %5s %22s %22s %22s\n",
           dt->from_disbursement ? "contractual" : "planned (from approval)", "#", "date", "days",
           "principal", "interest", "outstanding after");
    for (size_t i = 0; i < dt->n_schedule; i++) {
        const credit_instalment *s = &dt->schedule[i];
        printf("%4d  %-10s %5d %22s %22s %22s\n", s->number, date_format(s->date, d), s->days,
               money(a, s->principal_fen, m[0]), money(a, s->interest_fen, m[1]),
               money(a, s->outstanding_after_fen, m[2]));
    }
    printf("%4s  %-10s %5s %22s %22s\n", "", "total", "",
           money(a, dt->schedule_principal_fen, m[0]), money(a, dt->schedule_interest_fen, m[1]));
    print_events(a, dt);
}

typedef struct {
    cargs *a;
    json_t *array;
    size_t count;
    hs_date on;
    int32_t workdays;
} overdue_ctx;

static void overdue_header(const overdue_ctx *c) {
    char d[DATE_TEXT_LEN];
    printf("loans not disbursed within %d working days, as of %s:\n", c->workdays,
           date_format(c->on, d));
}

static hs_status list_overdue(void *vctx, const credit_overdue *o, hs_error *err) {
    (void)err;
    overdue_ctx *c = vctx;
    char ap[DATE_TEXT_LEN], dl[DATE_TEXT_LEN], ds[DATE_TEXT_LEN], amt[MONEY_TEXT_MAX];
    if (c->count++ == 0 && c->array == NULL)
        overdue_header(c);
    if (c->array != NULL) {
        json_array_append_new(c->array, view_overdue(o));
        return HS_OK;
    }
    const credit_loan *l = &o->loan;
    bool late = o->disbursed_late;
    printf("%-16s %-12s %-18s %20s  approved %s  deadline %s  %-14s %s  %d working days\n", l->id,
           l->bank, l->firm, money(c->a, l->amount_fen, amt), date_format(l->approved_date, ap),
           date_format(o->deadline, dl), late ? "disbursed-late" : "not-disbursed",
           late ? date_format(l->disbursed_date, ds) : "-", o->workdays_taken);
    return HS_OK;
}

static int overdue(cargs *a) {
    const cli_opts *o = &a->o;
    hs_date on = 0;
    int32_t workdays = -1;
    if ((o->given[O_ON] && !opts_date(o, O_ON, &on)) ||
        (o->given[O_WORKDAYS] && !opts_int32(o, O_WORKDAYS, &workdays)))
        return 2;
    int rc = open_book(a);
    if (rc != 0)
        return rc;
    overdue_ctx c = {a, json(a) ? json_array() : NULL, 0, 0, 0};
    hs_error err = {0};
    hs_status st =
        credit_ops_overdue(&a->ctx, on, workdays, list_overdue, &c, &c.on, &c.workdays, &err);
    print_array(c.array, st);
    if (c.array == NULL && st == HS_OK && c.count == 0) {
        overdue_header(&c);
        printf("(none)\n");
    }
    return done(a, st, &err);
}

static int loan_create(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_ID,   O_PRODUCT,         O_FIRM,       O_AMOUNT, O_APPROVED,
                               O_POOL, O_UNSECURED_SHARE, O_FIRST_LOAN, O_RATE,   O_TERM};
    PARSE_OR_RETURN(a, "credit loan create", argc, argv, opts, N(opts), OPTS_MAYBE_ARG);
    int rc;
    const cli_opts *o = &a->o;
    const char *id = o->given[O_ID] ? o->val[O_ID] : o->arg;
    if (id[0] == '\0')
        return opts_fail(o, O_ID, "missing_field", "--id is required");
    if ((rc = opts_need(o, O_PRODUCT)) || (rc = opts_need(o, O_FIRM)) ||
        (rc = opts_need(o, O_AMOUNT)) || (rc = opts_need(o, O_APPROVED)))
        return rc;
    credit_loan_request req = {.id = id,
                               .product = o->val[O_PRODUCT],
                               .firm = o->val[O_FIRM],
                               .pool = o->val[O_POOL],
                               .unsecured_bp = -1,
                               .first_loan = -1,
                               .rate_bp = -1};
    if (!opts_money(o, O_AMOUNT, &req.amount_fen) ||
        !opts_date(o, O_APPROVED, &req.approved_date) ||
        (o->given[O_UNSECURED_SHARE] && !opts_rate(o, O_UNSECURED_SHARE, &req.unsecured_bp)) ||
        (o->given[O_RATE] && !opts_rate(o, O_RATE, &req.rate_bp)) ||
        (o->given[O_TERM] && !opts_int32(o, O_TERM, &req.term_months)))
        return 2;
    if (o->given[O_FIRST_LOAN]) {
        const char *f = o->val[O_FIRST_LOAN];
        if (!strcmp(f, "yes"))
            req.first_loan = 1;
        else if (!strcmp(f, "no"))
            req.first_loan = 0;
        else
            return opts_fail(o, O_FIRST_LOAN, "invalid_field", "--first-loan: yes or no, not '%s'",
                             f);
    }
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_loan l;
    hs_status st = credit_ops_loan_create(&a->ctx, &req, &l, &err);
    if (st == HS_OK && json(a))
        cli_print_json(view_loan(&l));
    else if (st == HS_OK)
        loan_line(a, &l);
    return done(a, st, &err);
}

static int loan_disburse(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_DATE};
    PARSE_OR_RETURN(a, "credit loan disburse", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc;
    hs_date date;
    if (!opts_date(&a->o, O_DATE, &date))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_loan l;
    hs_status st = credit_ops_loan_disburse(&a->ctx, a->o.arg, date, &l, &err);
    char m[MONEY_TEXT_MAX], d[DATE_TEXT_LEN];
    if (st == HS_OK && json(a))
        cli_print_json(view_loan(&l));
    else if (st == HS_OK)
        printf("disbursed %s: %s from bank/%s/lending to firm/%s/cash on %s\n", l.id,
               money(a, l.amount_fen, m), l.bank, l.firm, date_format(date, d));
    return done(a, st, &err);
}

static int cmd_loan(cargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    int rc;
    hs_error err = {0};
    hs_status st;
    if (!strcmp(sub, "create"))
        return loan_create(a, argc - 1, argv + 1);
    if (!strcmp(sub, "disburse"))
        return loan_disburse(a, argc - 1, argv + 1);
    if (!strcmp(sub, "show") || !strcmp(sub, "list")) {
        bool show = !strcmp(sub, "show");
        static const int opts[] = {O_POOL};
        rc = parse(a, show ? "credit loan show" : "credit loan list", argc - 1, argv + 1, opts,
                   show ? 0 : 1, show ? OPTS_ONE_ARG : OPTS_NO_ARG);
        if (rc != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = open_book(a)) != 0)
            return rc;
        if (show) {
            credit_loan_detail dt;
            if ((st = credit_ops_loan_show(&a->ctx, a->o.arg, &dt, &err)) == HS_OK) {
                if (json(a))
                    cli_print_json(view_loan_detail(&dt));
                else
                    print_loan_detail(a, &dt);
                credit_loan_detail_free(&dt);
            }
            return done(a, st, &err);
        }
        list_ctx c = {a, json(a) ? json_array() : NULL};
        st = credit_ops_loans_each(&a->ctx, a->o.val[O_POOL], list_loan, &c, &err);
        print_array(c.array, st);
        return done(a, st, &err);
    }
    if (!strcmp(sub, "overdue-approvals")) {
        static const int opts[] = {O_ON, O_WORKDAYS};
        rc = parse(a, "credit loan overdue-approvals", argc - 1, argv + 1, opts, N(opts),
                   OPTS_NO_ARG);
        if (rc != 0)
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
    PARSE_OR_RETURN(a, "credit repay", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc;
    const cli_opts *o = &a->o;
    int64_t amount = 0;
    hs_date date;
    if ((o->given[O_AMOUNT] && !opts_money(o, O_AMOUNT, &amount)) || !opts_date(o, O_DATE, &date))
        return 2;
    if (o->given[O_AMOUNT] && amount <= 0)
        return opts_fail(o, O_AMOUNT, "invalid_field", "--amount: must be positive");
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_repayment_result r;
    hs_status st = credit_ops_repay(&a->ctx, o->arg, amount, date, o->val[O_ID], &r, &err);
    if (st == HS_OK && json(a)) {
        cli_print_json(view_repayment(o->arg, &r));
    } else if (st == HS_OK) {
        char m[4][MONEY_TEXT_MAX];
        printf("%s %s: %s = interest %s + principal %s; outstanding %s\n",
               r.existed ? "exists, repayment of" : "repaid", o->arg, money(a, r.amount_fen, m[0]),
               money(a, r.interest_fen, m[1]), money(a, r.principal_fen, m[2]),
               money(a, r.outstanding_after_fen, m[3]));
    }
    return done(a, st, &err);
}

static int cmd_default(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_DATE};
    PARSE_OR_RETURN(a, "credit default", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc;
    hs_date date;
    if (!opts_date(&a->o, O_DATE, &date))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    int64_t written_off = 0;
    hs_status st = credit_ops_default(&a->ctx, a->o.arg, date, &written_off, &err);
    char m[MONEY_TEXT_MAX];
    if (st == HS_OK && json(a))
        cli_print_json(view_default(a->o.arg, written_off));
    else if (st == HS_OK)
        printf("defaulted %s: %s written off\n", a->o.arg, money(a, written_off, m));
    return done(a, st, &err);
}

static int cmd_claim(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_POOL, O_DATE, O_NO_PARTIAL};
    PARSE_OR_RETURN(a, "credit claim", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc;
    const cli_opts *o = &a->o;
    hs_date date;
    if (!opts_date(o, O_DATE, &date))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_claim c;
    hs_status st =
        credit_ops_claim(&a->ctx, o->arg, o->val[O_POOL], date, !o->given[O_NO_PARTIAL], &c, &err);
    if (st == HS_OK && json(a)) {
        cli_print_json(view_claim(&c));
    } else if (st == HS_OK) {
        char m[4][MONEY_TEXT_MAX], r[32];
        printf("claim on %s paid from pool/%s to bank/%s/losses: %s (base %s x %s = %s, "
               "capped %s; %s)",
               c.loan, c.pool, c.bank, money(a, c.d.paid_fen, m[0]), money(a, c.d.base_fen, m[1]),
               rate_format_bp(c.d.share_bp, r, sizeof r), money(a, c.d.entitled_fen, m[2]),
               money(a, c.d.capped_fen, m[3]), c.d.rule);
        if (c.d.shortfall_fen > 0)
            printf("; shortfall %s", money(a, c.d.shortfall_fen, m[0]));
        printf("\n");
    }
    return done(a, st, &err);
}

static int cmd_recover(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_AMOUNT, O_DATE, O_ID, O_FROM};
    PARSE_OR_RETURN(a, "credit recover", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc;
    const cli_opts *o = &a->o;
    if ((rc = opts_need(o, O_AMOUNT)) != 0)
        return rc;
    int64_t amount;
    hs_date date;
    if (!opts_money(o, O_AMOUNT, &amount) || !opts_date(o, O_DATE, &date))
        return 2;
    if (amount <= 0)
        return opts_fail(o, O_AMOUNT, "invalid_field", "--amount: must be positive");
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    credit_recovery_result r;
    hs_status st =
        credit_ops_recover(&a->ctx, o->arg, amount, date, o->val[O_ID], o->val[O_FROM], &r, &err);
    if (st == HS_OK && json(a)) {
        cli_print_json(view_recovery(o->arg, &r));
    } else if (st == HS_OK) {
        char m[2][MONEY_TEXT_MAX];
        printf("%s %s: %s, of which %s returned to the pool\n",
               r.existed ? "exists, recovery on" : "recovered on", o->arg,
               money(a, r.amount_fen, m[0]), money(a, r.pool_share_fen, m[1]));
    }
    return done(a, st, &err);
}

/* ---- pools ---- */

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
           credit_x100_text(p->required_multiple_x100, x, sizeof x));
}

static void print_pool_report(const cargs *a, const credit_pool_report *r) {
    char m[6][MONEY_TEXT_MAX], x[32], y[32];
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
               credit_x100_text(r->leverage_x100, x, sizeof x),
               credit_x100_text(r->pool.params.required_multiple_x100, y, sizeof y),
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
}

/* Prints the report of pool `id` (text or JSON) and closes the book. */
static int show_pool(cargs *a, const char *id) {
    hs_error err = {0};
    credit_pool_report *r = credit_ops_pool_show(&a->ctx, id, &err);
    if (r != NULL) {
        if (json(a))
            cli_print_json(view_pool_report(r));
        else
            print_pool_report(a, r);
        free(r);
    }
    return done(a, r != NULL ? HS_OK : err.status, &err);
}

typedef struct {
    const cargs *a;
    json_t *all; /* --json: the reports, else NULL */
    size_t n;
} pool_listing;

static hs_status list_one_pool(void *arg, const credit_pool_report *r, hs_error *err) {
    pool_listing *l = arg;
    l->n++;
    if (l->all != NULL) {
        json_t *v = view_pool_report(r);
        if (v == NULL || json_array_append_new(l->all, v) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory listing pools");
        return HS_OK;
    }
    char m[3][MONEY_TEXT_MAX], x[32];
    printf("%-20s %-20s %22s %22s %10s  %s\n", r->pool.id, r->pool.programme,
           money(l->a, r->balance_fen, m[0]), money(l->a, r->outstanding_fen, m[1]),
           r->leverage_defined ? credit_x100_text(r->leverage_x100, x, sizeof x) : "n/a",
           r->meets_required ? "meets required" : "below required");
    return HS_OK;
}

/* Lists every pool (one line each, or --json: the array of `pool show --json` objects). */
static int list_pools(cargs *a) {
    pool_listing l = {a, json(a) ? json_array() : NULL, 0};
    if (json(a) && l.all == NULL)
        return cli_fail("credit pool list", HS_STORAGE, "out of memory");
    if (!json(a))
        printf("%-20s %-20s %22s %22s %10s\n", "pool", "programme", "balance", "outstanding",
               "leverage");
    hs_error err = {0};
    hs_status st = credit_ops_pools_each(&a->ctx, list_one_pool, &l, &err);
    if (st == HS_OK && l.all != NULL)
        cli_print_json(l.all);
    else
        json_decref(l.all);
    return done(a, st, &err);
}

static bool pool_params_opts(cargs *a, credit_pool_params *p) {
    const cli_opts *o = &a->o;
    credit_pool_params_default(p);
    return (!o->given[O_MULTIPLE] || multiple_opt(a, &p->required_multiple_x100)) &&
           (!o->given[O_SHARE] || opts_rate(o, O_SHARE, &p->base_share_bp)) &&
           (!o->given[O_UNSECURED_MIN] ||
            opts_rate(o, O_UNSECURED_MIN, &p->high_unsecured_min_bp)) &&
           (!o->given[O_SHARE_UNSECURED] ||
            opts_rate(o, O_SHARE_UNSECURED, &p->high_unsecured_share_bp)) &&
           (!o->given[O_SHARE_FIRST] || opts_rate(o, O_SHARE_FIRST, &p->first_loan_share_bp)) &&
           (!o->given[O_CAP_LOAN] || opts_money(o, O_CAP_LOAN, &p->cap_per_loan_fen)) &&
           (!o->given[O_CAP_BANK_YEAR] ||
            opts_money(o, O_CAP_BANK_YEAR, &p->cap_per_bank_year_fen));
}

static int pool_create(cargs *a, int argc, char **argv) {
    static const int opts[] = {
        O_PROGRAMME,       O_BUDGET,      O_MULTIPLE, O_SHARE,         O_UNSECURED_MIN,
        O_SHARE_UNSECURED, O_SHARE_FIRST, O_CAP_LOAN, O_CAP_BANK_YEAR, O_DATE};
    PARSE_OR_RETURN(a, "credit pool create", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc;
    const cli_opts *o = &a->o;
    if ((rc = opts_need(o, O_PROGRAMME)) || (rc = opts_need(o, O_BUDGET)))
        return rc;
    credit_pool p;
    memset(&p, 0, sizeof p);
    if (strlen(o->arg) >= sizeof p.id) {
        hs_error e;
        hs_invalid_field(&e, "id", "field 'id': pool id '%s' is longer than %zu bytes", o->arg,
                         sizeof p.id - 1);
        return cli_report(o->cmd, &e);
    }
    snprintf(p.id, sizeof p.id, "%s", o->arg);
    if (!opts_copy(o, O_PROGRAMME, p.programme, sizeof p.programme) ||
        !opts_copy(o, O_BUDGET, p.budget, sizeof p.budget) || !pool_params_opts(a, &p.params) ||
        !opts_date(o, O_DATE, &p.created_date))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    hs_status st = credit_ops_pool_create(&a->ctx, &p, &err);
    if (st == HS_OK && json(a)) {
        cli_print_json(view_pool(&p));
    } else if (st == HS_OK) {
        printf("pool %s: pool/%s funded from budget/%s/%s\n", p.id, p.id, p.programme, p.budget);
        print_params(a, &p.params);
    }
    return done(a, st, &err);
}

static int pool_fund(cargs *a, int argc, char **argv) {
    static const int opts[] = {O_AMOUNT, O_DATE, O_ID};
    PARSE_OR_RETURN(a, "credit pool fund", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc;
    const cli_opts *o = &a->o;
    if ((rc = opts_need(o, O_AMOUNT)) != 0)
        return rc;
    int64_t amount;
    hs_date date;
    if (!opts_money(o, O_AMOUNT, &amount) || !opts_date(o, O_DATE, &date))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    bool existed = false;
    approval_outcome gate;
    hs_status st =
        credit_ops_pool_fund(&a->ctx, o->arg, amount, date, o->val[O_ID], &existed, &gate, &err);
    if (st == HS_OK && gate.pending) {
        done(a, st, &err);
        return cli_print_pending(a->o.cfg, &gate.approval);
    }
    if (st == HS_OK && json(a))
        return show_pool(a, o->arg);
    if (st == HS_OK) {
        char m[MONEY_TEXT_MAX];
        printf("%s pool/%s with %s\n", existed ? "exists: funded" : "funded", o->arg,
               money(a, amount, m));
    }
    return done(a, st, &err);
}

static int cmd_pool(cargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    if (!strcmp(sub, "create"))
        return pool_create(a, argc - 1, argv + 1);
    if (!strcmp(sub, "fund"))
        return pool_fund(a, argc - 1, argv + 1);
    if (!strcmp(sub, "list")) {
        int rc = parse(a, "credit pool list", argc - 1, argv + 1, NULL, 0, OPTS_NO_ARG);
        if (rc != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = open_book(a)) != 0)
            return rc;
        return list_pools(a);
    }
    if (!strcmp(sub, "show")) {
        int rc = parse(a, "credit pool show", argc - 1, argv + 1, NULL, 0, OPTS_ONE_ARG);
        if (rc != 0)
            return rc < 0 ? 0 : rc;
        if ((rc = open_book(a)) != 0)
            return rc;
        return show_pool(a, a->o.arg);
    }
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return cli_fail("credit pool", HS_INPUT, "unknown subcommand '%s' (create, fund, show, list)",
                    sub);
}

int cmd_credit(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    cargs a;
    memset(&a, 0, sizeof a);
    a.o.cfg = cfg;
    a.o.cmd = "credit";
    a.o.table = long_opts;
    a.o.usage = usage;
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
