/* cmd_interest.c — `huoshui interest scheme|accrue|show|list|explain`: interest subsidies (贴息) on
 * the credit module's loans. Argument parsing and printing only: the operations are
 * src/ops/interest_ops.h, the --json bodies src/ops/interest_view.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/explain_view.h"
#include "ops/interest_ops.h"
#include "ops/interest_view.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] interest COMMAND ... [--json] [--cn]\n\n"
            "  interest scheme add S --policy FILE|ID [--pay-to firm|bank] [--date D]\n"
            "  interest scheme list | show S\n"
            "  interest accrue --scheme S --period YYYY-MM|YYYYQN\n"
            "  interest show --scheme S --period P\n"
            "  interest list [--scheme S]\n"
            "  interest explain --scheme S --period P --loan L\n\n"
            "A scheme pays interest subsidies (贴息) on the credit module's loans from the budget\n"
            "its policy names (instrument credit), to the firm (firm/USCC/cash) or to the lending\n"
            "bank (bank/B/interest). Per loan and period: outstanding principal each day x the\n"
            "rate the policy gives (its amount: the yearly subsidy on 1万元, e.g.\n"
            "yuan(10000) * min(loan_rate, 150bp)) / 365, rounded once, half away from zero.\n"
            "Repayments recorded by `credit repay` lower the principal from their day; a default\n"
            "stops it; days outside the policy's validity pay nothing. A period is paid once\n"
            "(again: the record, nothing paid) and only after it is over. If the budget can't\n"
            "pay the whole period nothing is paid (exit 1, exceeds_credits). Exit 0 done, 1\n"
            "refused, 2 bad input or not found, 3 storage.\n");
}

#define INTEREST_OPTIONS(X)                                                                        \
    X(POLICY, "policy", required_argument)                                                         \
    X(PAY_TO, "pay-to", required_argument)                                                         \
    X(DATE, "date", required_argument)                                                             \
    X(SCHEME, "scheme", required_argument)                                                         \
    X(PERIOD, "period", required_argument)                                                         \
    X(LOAN, "loan", required_argument)

#define OPTION_ENUM(id, name, has_arg) O_##id,
enum { INTEREST_OPTIONS(OPTION_ENUM) O_COUNT };
#define OPTION_ENTRY(id, name, has_arg) {name, has_arg, NULL, O_##id},
static const struct option long_opts[] = {
    INTEREST_OPTIONS(OPTION_ENTRY){"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

_Static_assert(O_COUNT <= OPTS_MAX, "the option table fits cli_opts");

typedef struct {
    cli_opts o;
    hs_store *store;
    hs_ctx ctx;
} iargs;

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int parse(iargs *a, const char *cmd, int argc, char **argv, const int *allowed, size_t n,
                 opts_args args) {
    a->o.cmd = cmd;
    int rc = opts_parse(&a->o, argc, argv, allowed, n, args);
    return rc < 0 ? -1 : rc;
}

#define PARSE_OR_RETURN(...)                                                                       \
    do {                                                                                           \
        int parsed_ = parse(__VA_ARGS__);                                                          \
        if (parsed_ != 0)                                                                          \
            return parsed_ < 0 ? 0 : parsed_;                                                      \
    } while (0)

static int open_book(iargs *a) {
    int rc = cli_open_book(a->o.cfg, a->o.cmd, false, &a->store);
    if (rc == 0)
        a->ctx = cli_ctx(a->o.cfg, a->store);
    return rc;
}

static int done(iargs *a, hs_status st, const hs_error *err) {
    store_close(a->store);
    a->store = NULL;
    return st == HS_OK ? 0 : cli_report(a->o.cmd, err);
}

static char *money(const iargs *a, int64_t fen, char *buf) {
    return cli_money_text(a->o.cfg, fen, buf, MONEY_TEXT_MAX);
}

/* --policy: a file if one exists at that path, else a shipped policy's id (ID or ID@VERSION). */
static hs_status resolve_policy(iargs *a, const char *ref, policy_doc *doc, hs_error *err) {
    struct stat sb;
    if (stat(ref, &sb) == 0 || strchr(ref, '/') != NULL)
        return policy_doc_file(ref, doc, err);
    return policy_doc_resolve(&a->ctx, ref, "--policy", doc, err);
}

static void print_scheme(const iargs *a, const interest_scheme *sc) {
    (void)a;
    char d[11];
    printf("scheme %s: %s, paying the %s from %s (since %s)\n", sc->id, sc->policy.label,
           interest_payee_name(sc->payee), sc->policy.budget, date_format(sc->created_date, d));
}

static int scheme_add(iargs *a, int argc, char **argv) {
    static const int opts[] = {O_POLICY, O_PAY_TO, O_DATE};
    PARSE_OR_RETURN(a, "interest scheme add", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    int rc = opts_need(o, O_POLICY);
    if (rc)
        return rc;
    interest_payee payee = INTEREST_PAY_FIRM;
    if (o->given[O_PAY_TO] && !interest_payee_parse(o->val[O_PAY_TO], &payee))
        return opts_fail(o, O_PAY_TO, "invalid_field", "--pay-to: 'firm' or 'bank', not '%s'",
                         o->val[O_PAY_TO]);
    hs_date on = 0;
    if (o->given[O_DATE] && !opts_date(o, O_DATE, &on))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    policy_doc doc;
    memset(&doc, 0, sizeof doc);
    hs_status st = resolve_policy(a, o->val[O_POLICY], &doc, &err);
    interest_scheme sc;
    bool existed = false;
    if (st == HS_OK)
        st = interest_ops_scheme_add(&a->ctx, &doc, o->arg, payee, on, &sc, &existed, &err);
    policy_doc_free(&doc);
    if (st == HS_OK && a->o.cfg->json) {
        json_t *v = view_interest_scheme(&sc);
        json_object_set_new(v, "existed", json_boolean(existed));
        cli_print_json(v);
    } else if (st == HS_OK) {
        print_scheme(a, &sc);
        if (existed)
            printf("(already there: nothing changed)\n");
    }
    return done(a, st, &err);
}

typedef struct {
    iargs *a;
    json_t *all;
} listing;

static hs_status list_scheme(void *c, const interest_scheme *sc, hs_error *err) {
    listing *l = c;
    if (l->all != NULL) {
        if (json_array_append_new(l->all, view_interest_scheme(sc)) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory");
        return HS_OK;
    }
    print_scheme(l->a, sc);
    return HS_OK;
}

static hs_status list_run(void *c, const interest_run *r, hs_error *err) {
    listing *l = c;
    if (l->all != NULL) {
        if (json_array_append_new(l->all, view_interest_run(r)) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory");
        return HS_OK;
    }
    char m[MONEY_TEXT_MAX], d[11];
    printf("%-20s %-8s %-10s %6d %6d %22s\n", r->scheme, r->period, date_format(r->run_date, d),
           (int)r->loans, (int)r->paid, money(l->a, r->total_fen, m));
    return HS_OK;
}

/* Prints the runs of one scheme (NULL: all), one line each or as a JSON array. */
static int list_runs(iargs *a, const char *scheme) {
    listing l = {a, a->o.cfg->json ? json_array() : NULL};
    if (!a->o.cfg->json)
        printf("%-20s %-8s %-10s %6s %6s %22s\n", "scheme", "period", "paid on", "loans", "paid",
               "total");
    hs_error err = {0};
    hs_status st = interest_ops_runs_each(&a->ctx, scheme, list_run, &l, &err);
    if (st == HS_OK && l.all != NULL)
        cli_print_json(l.all);
    else
        json_decref(l.all);
    return done(a, st, &err);
}

static int cmd_scheme(iargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    if (!strcmp(sub, "add"))
        return scheme_add(a, argc - 1, argv + 1);
    if (!strcmp(sub, "list")) {
        PARSE_OR_RETURN(a, "interest scheme list", argc - 1, argv + 1, NULL, 0, OPTS_NO_ARG);
        int rc = open_book(a);
        if (rc != 0)
            return rc;
        listing l = {a, a->o.cfg->json ? json_array() : NULL};
        hs_error err = {0};
        hs_status st = interest_ops_schemes_each(&a->ctx, list_scheme, &l, &err);
        if (st == HS_OK && l.all != NULL)
            cli_print_json(l.all);
        else
            json_decref(l.all);
        return done(a, st, &err);
    }
    if (!strcmp(sub, "show")) {
        PARSE_OR_RETURN(a, "interest scheme show", argc - 1, argv + 1, NULL, 0, OPTS_ONE_ARG);
        int rc = open_book(a);
        if (rc != 0)
            return rc;
        interest_scheme sc;
        hs_error err = {0};
        hs_status st = interest_ops_scheme_show(&a->ctx, a->o.arg, &sc, &err);
        if (st != HS_OK)
            return done(a, st, &err);
        if (a->o.cfg->json) {
            json_t *v = view_interest_scheme(&sc);
            listing l = {a, json_array()};
            st = interest_ops_runs_each(&a->ctx, sc.id, list_run, &l, &err);
            json_object_set_new(v, "periods", l.all);
            if (st == HS_OK)
                cli_print_json(v);
            else
                json_decref(v);
            return done(a, st, &err);
        }
        print_scheme(a, &sc);
        return list_runs(a, sc.id);
    }
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return cli_fail("interest scheme", HS_INPUT, "unknown subcommand '%s' (add, list, show)", sub);
}

/* Principal-days as yuan-days, "131,059,178.12" (money_format without its currency). */
static char *yuan_days(int64_t fen_days, char *buf, size_t len) {
    money_format(fen_days, buf, len);
    char *cny = strstr(buf, " CNY");
    if (cny != NULL)
        *cny = '\0';
    return buf;
}

static void print_result(const iargs *a, const interest_result *r) {
    char m[3][MONEY_TEXT_MAX], d[2][11];
    printf("scheme %s, period %s (%s..%s): %d loans, %d paid, total %s%s\n", r->run.scheme,
           r->run.period, date_format(r->run.first, d[0]), date_format(r->run.last, d[1]),
           (int)r->run.loans, (int)r->run.paid, money(a, r->run.total_fen, m[0]),
           r->existed ? " (paid before: nothing paid now)" : "");
    printf("%-16s %4s %24s %8s %8s %18s %18s  %s\n", "loan", "days", "yuan-days", "loan", "subsidy",
           "computed", "paid", "clause");
    for (size_t i = 0; i < r->n; i++) {
        const interest_accrual *x = &r->rows[i];
        char pd[MONEY_TEXT_MAX], lr[16], sr[16];
        yuan_days(x->principal_days_fen, pd, sizeof pd);
        snprintf(lr, sizeof lr, "%lldbp", (long long)x->loan_rate_bp);
        snprintf(sr, sizeof sr, "%lldbp", (long long)x->rate_bp);
        printf("%-16s %4d %24s %8s %8s %18s %18s  %s%s%s\n", x->loan, (int)x->days, pd, lr, sr,
               money(a, x->computed_fen, m[1]), money(a, x->amount_fen, m[2]), x->clause,
               x->note[0] ? "; " : "", x->note);
    }
}

static int accrue_or_show(iargs *a, int argc, char **argv, bool accrue) {
    static const int opts[] = {O_SCHEME, O_PERIOD};
    PARSE_OR_RETURN(a, accrue ? "interest accrue" : "interest show", argc, argv, opts, N(opts),
                    OPTS_NO_ARG);
    int rc;
    if ((rc = opts_need(&a->o, O_SCHEME)) || (rc = opts_need(&a->o, O_PERIOD)) ||
        (rc = open_book(a)) != 0)
        return rc;
    interest_result r;
    hs_error err = {0};
    hs_status st =
        accrue
            ? interest_ops_accrue(&a->ctx, a->o.val[O_SCHEME], a->o.val[O_PERIOD], &r, &err)
            : interest_ops_period_show(&a->ctx, a->o.val[O_SCHEME], a->o.val[O_PERIOD], &r, &err);
    if (st == HS_OK && a->o.cfg->json)
        cli_print_json(view_interest_result(&r));
    else if (st == HS_OK)
        print_result(a, &r);
    interest_result_free(&r);
    return done(a, st, &err);
}

static int explain(iargs *a, int argc, char **argv) {
    static const int opts[] = {O_SCHEME, O_PERIOD, O_LOAN};
    PARSE_OR_RETURN(a, "interest explain", argc, argv, opts, N(opts), OPTS_NO_ARG);
    int rc;
    if ((rc = opts_need(&a->o, O_SCHEME)) || (rc = opts_need(&a->o, O_PERIOD)) ||
        (rc = opts_need(&a->o, O_LOAN)) || (rc = open_book(a)) != 0)
        return rc;
    interest_accrual row;
    hs_explanation ex;
    hs_error err = {0};
    hs_status st = interest_ops_explain(&a->ctx, a->o.val[O_SCHEME], a->o.val[O_PERIOD],
                                        a->o.val[O_LOAN], &row, &ex, &err);
    if (st == HS_OK && a->o.cfg->json) {
        cli_print_json(view_interest_explained(&row, &ex));
    } else if (st == HS_OK) {
        char m[2][MONEY_TEXT_MAX], pd[MONEY_TEXT_MAX], d[2][11];
        printf("loan %s (%s, %s) in %s of %s\n", row.loan, row.firm, row.bank, a->o.val[O_PERIOD],
               a->o.val[O_SCHEME]);
        printf("  days counted      %d (%s..%s)\n", (int)row.days, date_format(row.from, d[0]),
               date_format(row.to, d[1]));
        printf("  principal-days    %s yuan-days\n",
               yuan_days(row.principal_days_fen, pd, sizeof pd));
        printf("  loan rate         %lldbp\n", (long long)row.loan_rate_bp);
        printf("  subsidy rate      %lldbp%s\n", (long long)row.rate_bp,
               row.eligible ? "" : " (not eligible)");
        printf("  computed          %s = principal-days x %lldbp / 3,650,000\n",
               money(a, row.computed_fen, m[0]), (long long)row.rate_bp);
        printf("  paid              %s%s%s\n", money(a, row.amount_fen, m[1]),
               row.payee_account[0] ? " to " : "", row.payee_account);
        printf("  clause            %s\n", row.clause);
        if (row.note[0])
            printf("  note              %s\n", row.note);
        for (size_t i = 0; i < ex.count; i++) {
            const hs_explain_item *it = &ex.items[i];
            printf("  %*s%s: %s%s%s\n", 2 * it->depth, "", it->label, it->value,
                   it->note[0] ? "  -- " : "", it->note);
        }
    }
    if (st == HS_OK)
        explanation_free(&ex);
    return done(a, st, &err);
}

int cmd_interest(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    iargs a;
    memset(&a, 0, sizeof a);
    a.o.cfg = cfg;
    a.o.cmd = "interest";
    a.o.table = long_opts;
    a.o.usage = usage;
    const char *sub = argv[1];
    if (!strcmp(sub, "scheme"))
        return cmd_scheme(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "accrue"))
        return accrue_or_show(&a, argc - 1, argv + 1, true);
    if (!strcmp(sub, "show"))
        return accrue_or_show(&a, argc - 1, argv + 1, false);
    if (!strcmp(sub, "explain"))
        return explain(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "list")) {
        static const int opts[] = {O_SCHEME};
        PARSE_OR_RETURN(&a, "interest list", argc - 1, argv + 1, opts, N(opts), OPTS_NO_ARG);
        int rc = open_book(&a);
        if (rc != 0)
            return rc;
        return list_runs(&a, a.o.given[O_SCHEME] ? a.o.val[O_SCHEME] : NULL);
    }
    usage(stderr);
    return cli_fail("interest", HS_INPUT,
                    "unknown subcommand '%s' (scheme, accrue, show, list, explain)", sub);
}
