/* cmd_guarantee.c — `huoshui guarantee institution|party|sign|show|compensate|recover`:
 * financing guarantees (融资担保) on the credit module's loans. Argument parsing and printing
 * only: the operations are src/ops/guarantee_ops.h, the --json bodies src/ops/guarantee_view.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/guarantee_ops.h"
#include "ops/guarantee_view.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] guarantee COMMAND ... [--json] [--cn]\n\n"
            "  guarantee institution add G --name N --reguarantor R --programme P --budget B\n"
            "        --capital A [--date D] [--id TRANSFER]     (again: adds capital)\n"
            "  guarantee institution show G | list\n"
            "  guarantee party fund national|R --programme P --budget B --amount A [--date D]\n"
            "        [--id TRANSFER]\n"
            "  guarantee sign LOAN --guarantor G --policy FILE|ID --fee-rate 2%% [--date D]\n"
            "  guarantee show LOAN\n"
            "  guarantee compensate LOAN [--date D]\n"
            "  guarantee recover LOAN --amount A [--date D] [--id ID] [--from ACCOUNT]\n\n"
            "A guarantor's capital guarantor/G/capital comes from a programme budget and can't go\n"
            "negative; its in-force balance may not pass the policy's max_leverage x capital.\n"
            "Signing charges the fee (principal x fee rate x term days / 365): the policy's\n"
            "subsidy from its budget, the rest from the firm. On default (huoshui credit default)\n"
            "`compensate` (代偿) splits the principal lost by the policy's shares (national fund\n"
            "40%%, provincial re-guarantor 30%%, bank 20%%, guarantor 10%% by default): the\n"
            "guarantor pays the bank all but the bank's share and the re-guarantee accounts\n"
            "reimburse it theirs. Recoveries return to the four pro rata. Exit 0 done, 1 refused\n"
            "(state, leverage, overspend), 2 bad input or not found, 3 storage.\n");
}

#define GUARANTEE_OPTIONS(X)                                                                       \
    X(NAME, "name", required_argument)                                                             \
    X(REGUARANTOR, "reguarantor", required_argument)                                               \
    X(PROGRAMME, "programme", required_argument)                                                   \
    X(BUDGET, "budget", required_argument)                                                         \
    X(CAPITAL, "capital", required_argument)                                                       \
    X(AMOUNT, "amount", required_argument)                                                         \
    X(DATE, "date", required_argument)                                                             \
    X(ID, "id", required_argument)                                                                 \
    X(GUARANTOR, "guarantor", required_argument)                                                   \
    X(POLICY, "policy", required_argument)                                                         \
    X(FEE_RATE, "fee-rate", required_argument)                                                     \
    X(FROM, "from", required_argument)

#define OPTION_ENUM(id, name, has_arg) O_##id,
enum { GUARANTEE_OPTIONS(OPTION_ENUM) O_COUNT };
#define OPTION_ENTRY(id, name, has_arg) {name, has_arg, NULL, O_##id},
static const struct option long_opts[] = {
    GUARANTEE_OPTIONS(OPTION_ENTRY){"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

_Static_assert(O_COUNT <= OPTS_MAX, "the option table fits cli_opts");

typedef struct {
    cli_opts o;
    hs_store *store;
    hs_ctx ctx;
} gargs;

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define PARSE_OR_RETURN(a, name_, argc, argv, allowed, n, args)                                    \
    do {                                                                                           \
        (a)->o.cmd = (name_);                                                                      \
        int parsed_ = opts_parse(&(a)->o, (argc), (argv), (allowed), (n), (args));                 \
        if (parsed_ != 0)                                                                          \
            return parsed_ < 0 ? 0 : parsed_;                                                      \
    } while (0)

static int open_book(gargs *a) {
    int rc = cli_open_book(a->o.cfg, a->o.cmd, false, &a->store);
    if (rc == 0)
        a->ctx = cli_ctx(a->o.cfg, a->store);
    return rc;
}

static int done(gargs *a, hs_status st, const hs_error *err) {
    store_close(a->store);
    a->store = NULL;
    return st == HS_OK ? 0 : cli_report(a->o.cmd, err);
}

static char *money(const gargs *a, int64_t fen, char *buf) {
    return cli_money_text(a->o.cfg, fen, buf, MONEY_TEXT_MAX);
}

static bool date_opt(const cli_opts *o, hs_date *out) {
    *out = 0;
    return !o->given[O_DATE] || opts_date(o, O_DATE, out);
}

static void print_report(const gargs *a, const guarantor_report *r) {
    char m[8][MONEY_TEXT_MAX];
    printf("guarantor %s (%s), re-guarantor %s, capital from budget/%s/%s\n", r->g.id, r->g.name,
           r->g.reguarantor, r->g.programme, r->g.budget);
    printf("  capital paid in      %s\n", money(a, r->g.contributed_fen, m[0]));
    printf("  capital now          %s\n", money(a, r->capital_fen, m[1]));
    printf("  guarantees           %lld (%lld compensated)\n", (long long)r->guarantees,
           (long long)r->defaults);
    printf("  in force (在保余额)  %s\n", money(a, r->in_force_fen, m[2]));
    printf("  leverage (放大倍数)  %lld.%02lldx = in force / capital now\n",
           (long long)(r->leverage_x100 / 100), (long long)(r->leverage_x100 % 100));
    printf("  fees from firms      %s\n", money(a, r->fees_fen, m[3]));
    printf("  fee subsidy (降费)   %s\n", money(a, r->fee_subsidy_fen, m[4]));
    printf("  compensated (代偿)   %s, of which re-guaranteed %s\n",
           money(a, r->compensated_fen, m[5]), money(a, r->reguaranteed_fen, m[6]));
    printf("  recovered            %s\n", money(a, r->recovered_fen, m[7]));
}

static void print_guarantee(const gargs *a, const guarantee *g) {
    char m[6][MONEY_TEXT_MAX], d[11];
    printf("guarantee on %s by %s (%s, firm %s), %s, signed %s: %s\n", g->loan, g->guarantor,
           g->bank, g->firm, g->policy.label, date_format(g->signed_date, d),
           guarantee_status_name(g->status));
    printf("  fee %s = %s x %lldbp x %d days / 365; subsidy %lldbp: %s; firm pays %s\n",
           money(a, g->fee_fen, m[0]), money(a, g->principal_fen, m[1]), (long long)g->fee_rate_bp,
           (int)g->term_days, (long long)g->subsidy_rate_bp, money(a, g->subsidy_fen, m[2]),
           money(a, g->firm_fee_fen, m[3]));
    printf("  shares national:provincial:bank:guarantor = %lld:%lld:%lld:%lld bp\n",
           (long long)g->share_bp[0], (long long)g->share_bp[1], (long long)g->share_bp[2],
           (long long)g->share_bp[3]);
    if (g->status == GUARANTEE_COMPENSATED) {
        printf("  loss %s borne:", money(a, g->loss_fen, m[4]));
        for (int i = 0; i < GUARANTEE_PARTIES; i++)
            printf(" %s %s", guarantee_party_name((guarantee_party)i),
                   money(a, g->borne_fen[i], m[5]));
        printf("\n  recovered %s:", money(a, g->recovered_fen, m[4]));
        for (int i = 0; i < GUARANTEE_PARTIES; i++)
            printf(" %s %s", guarantee_party_name((guarantee_party)i),
                   money(a, g->recovered_to_fen[i], m[5]));
        printf("\n");
    }
}

static int show_guarantee(gargs *a, hs_status st, const guarantee *g, const hs_error *err) {
    if (st == HS_OK && a->o.cfg->json)
        cli_print_json(view_guarantee(g));
    else if (st == HS_OK)
        print_guarantee(a, g);
    return done(a, st, err);
}

static int institution_add(gargs *a, int argc, char **argv) {
    static const int opts[] = {O_NAME,    O_REGUARANTOR, O_PROGRAMME, O_BUDGET,
                               O_CAPITAL, O_DATE,        O_ID};
    PARSE_OR_RETURN(a, "guarantee institution add", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    int rc;
    if ((rc = opts_need(o, O_NAME)) || (rc = opts_need(o, O_REGUARANTOR)) ||
        (rc = opts_need(o, O_PROGRAMME)) || (rc = opts_need(o, O_BUDGET)) ||
        (rc = opts_need(o, O_CAPITAL)))
        return rc;
    guarantor g;
    memset(&g, 0, sizeof g);
    int64_t capital = 0;
    hs_date on;
    if (strlen(o->arg) >= sizeof g.id)
        return opts_fail(o, O_NAME, "invalid_field", "guarantor id '%s' is longer than %zu bytes",
                         o->arg, sizeof g.id - 1);
    snprintf(g.id, sizeof g.id, "%s", o->arg);
    if (!opts_copy(o, O_NAME, g.name, sizeof g.name) ||
        !opts_copy(o, O_REGUARANTOR, g.reguarantor, sizeof g.reguarantor) ||
        !opts_copy(o, O_PROGRAMME, g.programme, sizeof g.programme) ||
        !opts_copy(o, O_BUDGET, g.budget, sizeof g.budget) || !opts_money(o, O_CAPITAL, &capital) ||
        !date_opt(o, &on))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    hs_status st = guarantee_ops_guarantor_add(&a->ctx, &g, capital,
                                               o->given[O_ID] ? o->val[O_ID] : NULL, on, &err);
    guarantor_report r;
    if (st == HS_OK)
        st = guarantee_ops_guarantor_show(&a->ctx, g.id, &r, &err);
    if (st == HS_OK && a->o.cfg->json)
        cli_print_json(view_guarantor_report(&r));
    else if (st == HS_OK)
        print_report(a, &r);
    return done(a, st, &err);
}

typedef struct {
    gargs *a;
    json_t *all;
} listing;

static hs_status list_one(void *c, const guarantor_report *r, hs_error *err) {
    listing *l = c;
    if (l->all != NULL)
        return json_array_append_new(l->all, view_guarantor_report(r)) == 0
                   ? HS_OK
                   : hs_fail(err, HS_STORAGE, "out of memory");
    char m[2][MONEY_TEXT_MAX];
    printf("%-16s %22s %22s %9lld.%02lldx\n", r->g.id, money(l->a, r->capital_fen, m[0]),
           money(l->a, r->in_force_fen, m[1]), (long long)(r->leverage_x100 / 100),
           (long long)(r->leverage_x100 % 100));
    return HS_OK;
}

static int cmd_institution(gargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    if (!strcmp(sub, "add"))
        return institution_add(a, argc - 1, argv + 1);
    if (!strcmp(sub, "show")) {
        PARSE_OR_RETURN(a, "guarantee institution show", argc - 1, argv + 1, NULL, 0, OPTS_ONE_ARG);
        int rc = open_book(a);
        if (rc != 0)
            return rc;
        guarantor_report r;
        hs_error err = {0};
        hs_status st = guarantee_ops_guarantor_show(&a->ctx, a->o.arg, &r, &err);
        if (st == HS_OK && a->o.cfg->json)
            cli_print_json(view_guarantor_report(&r));
        else if (st == HS_OK)
            print_report(a, &r);
        return done(a, st, &err);
    }
    if (!strcmp(sub, "list")) {
        PARSE_OR_RETURN(a, "guarantee institution list", argc - 1, argv + 1, NULL, 0, OPTS_NO_ARG);
        int rc = open_book(a);
        if (rc != 0)
            return rc;
        listing l = {a, a->o.cfg->json ? json_array() : NULL};
        if (l.all == NULL)
            printf("%-16s %22s %22s %11s\n", "guarantor", "capital", "in force", "leverage");
        hs_error err = {0};
        hs_status st = guarantee_ops_guarantors_each(&a->ctx, list_one, &l, &err);
        if (st == HS_OK && l.all != NULL)
            cli_print_json(l.all);
        else
            json_decref(l.all);
        return done(a, st, &err);
    }
    usage(stderr);
    return cli_fail("guarantee institution", HS_INPUT, "unknown subcommand '%s' (add, show, list)",
                    sub);
}

static int party_fund(gargs *a, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "fund") != 0) {
        usage(stderr);
        return cli_fail("guarantee party", HS_INPUT, "usage: guarantee party fund PARTY ...");
    }
    static const int opts[] = {O_PROGRAMME, O_BUDGET, O_AMOUNT, O_DATE, O_ID};
    PARSE_OR_RETURN(a, "guarantee party fund", argc - 1, argv + 1, opts, N(opts), OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    int rc;
    int64_t amount = 0;
    hs_date on;
    if ((rc = opts_need(o, O_PROGRAMME)) || (rc = opts_need(o, O_BUDGET)) ||
        (rc = opts_need(o, O_AMOUNT)))
        return rc;
    if (!opts_money(o, O_AMOUNT, &amount) || !date_opt(o, &on))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    hs_status st = guarantee_ops_party_fund(&a->ctx, o->arg, o->val[O_PROGRAMME], o->val[O_BUDGET],
                                            amount, o->given[O_ID] ? o->val[O_ID] : NULL, on, &err);
    if (st == HS_OK && !a->o.cfg->json) {
        char m[MONEY_TEXT_MAX];
        printf("funded reguarantee/%s with %s from budget/%s/%s\n", o->arg, money(a, amount, m),
               o->val[O_PROGRAMME], o->val[O_BUDGET]);
    } else if (st == HS_OK) {
        cli_print_json(json_pack("{s:s, s:I}", "party", o->arg, "amount_fen", (json_int_t)amount));
    }
    return done(a, st, &err);
}

static int sign(gargs *a, int argc, char **argv) {
    static const int opts[] = {O_GUARANTOR, O_POLICY, O_FEE_RATE, O_DATE};
    PARSE_OR_RETURN(a, "guarantee sign", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    int rc;
    if ((rc = opts_need(o, O_GUARANTOR)) || (rc = opts_need(o, O_POLICY)) ||
        (rc = opts_need(o, O_FEE_RATE)))
        return rc;
    int64_t fee_bp = 0;
    hs_date on;
    if (!opts_rate(o, O_FEE_RATE, &fee_bp) || !date_opt(o, &on))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    policy_doc doc;
    memset(&doc, 0, sizeof doc);
    struct stat sb;
    const char *ref = o->val[O_POLICY];
    hs_status st = stat(ref, &sb) == 0 || strchr(ref, '/') != NULL
                       ? policy_doc_file(ref, &doc, &err)
                       : policy_doc_resolve(&a->ctx, ref, "--policy", &doc, &err);
    guarantee g;
    if (st == HS_OK)
        st = guarantee_ops_sign(&a->ctx, &doc, o->arg, o->val[O_GUARANTOR], fee_bp, on, &g, &err);
    policy_doc_free(&doc);
    return show_guarantee(a, st, &g, &err);
}

static int loan_cmd(gargs *a, int argc, char **argv, const char *what) {
    bool recover = !strcmp(what, "recover"), comp = !strcmp(what, "compensate");
    static const int show_opts[] = {O_DATE}, comp_opts[] = {O_DATE},
                     rec_opts[] = {O_AMOUNT, O_DATE, O_ID, O_FROM};
    char cmd[64];
    snprintf(cmd, sizeof cmd, "guarantee %s", what);
    if (recover)
        PARSE_OR_RETURN(a, cmd, argc, argv, rec_opts, N(rec_opts), OPTS_ONE_ARG);
    else if (comp)
        PARSE_OR_RETURN(a, cmd, argc, argv, comp_opts, N(comp_opts), OPTS_ONE_ARG);
    else
        PARSE_OR_RETURN(a, cmd, argc, argv, show_opts, 0, OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    int rc;
    int64_t amount = 0;
    hs_date on;
    if (recover && ((rc = opts_need(o, O_AMOUNT)) != 0))
        return rc;
    if ((recover && !opts_money(o, O_AMOUNT, &amount)) || !date_opt(o, &on))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    guarantee g;
    hs_status st = recover
                       ? guarantee_ops_recover(&a->ctx, o->arg, amount,
                                               o->given[O_FROM] ? o->val[O_FROM] : NULL,
                                               o->given[O_ID] ? o->val[O_ID] : NULL, on, &g, &err)
                   : comp ? guarantee_ops_compensate(&a->ctx, o->arg, on, &g, &err)
                          : guarantee_ops_show(&a->ctx, o->arg, &g, &err);
    return show_guarantee(a, st, &g, &err);
}

int cmd_guarantee(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    gargs a;
    memset(&a, 0, sizeof a);
    a.o.cfg = cfg;
    a.o.cmd = "guarantee";
    a.o.table = long_opts;
    a.o.usage = usage;
    const char *sub = argv[1];
    if (!strcmp(sub, "institution"))
        return cmd_institution(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "party"))
        return party_fund(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "sign"))
        return sign(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "show") || !strcmp(sub, "compensate") || !strcmp(sub, "recover"))
        return loan_cmd(&a, argc - 1, argv + 1, sub);
    usage(stderr);
    return cli_fail("guarantee", HS_INPUT,
                    "unknown subcommand '%s' (institution, party, sign, show, compensate, recover)",
                    sub);
}
