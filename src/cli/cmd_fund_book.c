/* cmd_fund_book.c — `huoshui fund` on funds in the book: create, commit, call, default, invest,
 * mark, fee, exit, distribute, writeoff (events), show and report (figures), select (遴选) and
 * project FUND. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/cmd_fund.h"
#include "cli/opts.h"
#include "instrument/fund_select.h"
#include "ledger/transfer_codec.h"
#include "ops/fund_ops.h"
#include "ops/fund_view.h"
#include "store/store.h"

#define CMD "fund"

void fund_book_usage(FILE *out) {
    fprintf(
        out,
        "funds in the book (amounts: 500万, 2.5亿, 12,345.67; rates: 2%%, 0.02, 200bp;\n"
        "dates YYYY-MM-DD, default today; --id EVENT makes an event idempotent: default is a\n"
        "hash of its fields, so the same command twice changes nothing):\n"
        "  fund create ID --size S --gp GP [--name N] [--group G] [--parent MOTHER]\n"
        "       [--first-phase S1] [--vintage D] [--invest-years 5] [--exit-years 5]\n"
        "       [--extension-years 0] [--fee-basis committed|paid-in|invested] [--fee 2%%]\n"
        "       [--fee-exit 1.5%%] [--hurdle 8%%] [--carry 20%%] [--catch-up 100%%|0]\n"
        "       [--waterfall european|american] [--concession R] [--concession-to-gp R]\n"
        "       [--reinvest 1.2x --region R] [--gov-cap 50%%] [--parent-cap 20%%]\n"
        "  fund commit FUND --lp LP --type gov|state|bank|corporate|social|fund --amount A\n"
        "       [--from ACCOUNT] [--phase 1]   (gov money: --from budget/PROG/NAME;\n"
        "       a mother fund: --type fund --lp MOTHER)\n"
        "  fund call FUND --amount A [--default LP]   pro rata to uncalled, exact to the fen\n"
        "  fund default FUND --lp LP                  cancels the LP's uncalled commitment\n"
        "  fund invest FUND --deal D --amount A --firm F --sector S --stage S --city C\n"
        "       [--region R] [--share 10%%]          (again on D: a follow-on)\n"
        "  fund mark FUND --deal D --value V          a valuation (not money)\n"
        "  fund fee FUND --days N | --amount A        management fee to the GP\n"
        "  fund exit FUND --deal D --proceeds P [--cost C]\n"
        "  fund distribute FUND --amount A            European, through the waterfall\n"
        "  fund distribute FUND --deal D [--amount A] American, deal by deal\n"
        "  fund writeoff FUND --deal D\n"
        "  fund events --batch FILE.jsonl            many events, one transaction, all or\n"
        "       nothing: a JSON object a line, "
        "{\"kind\":\"call\",\"fund\":\"F\",\"amount\":\"1亿\",\n"
        "       \"date\":\"2024-03-01\"}, with the fields of `fund KIND` under the option names\n"
        "  fund show FUND [--as-of D] [--json]        figures, LPs and deals\n"
        "  fund report FUND|GROUP [--as-of D] [--by sector|stage|city] [--json]\n"
        "  fund check [FUND|GROUP]                   the fund tables agree with the ledger\n"
        "  fund select --candidates FILE.csv [--policy FILE.policy [--date D]] [--json]\n"
        "       遴选 of sub-fund managers: eligibility by the built-in rule table (each rule\n"
        "       citing its source) or by a policy file (the CSV then needs a uscc column),\n"
        "       then a documented score; reproducible, every refusal explained\n"
        "Leverage (放大倍数) is reported as committed / government money (look-through:\n"
        "a mother fund's commitment counts by the mother's own government share), and as\n"
        "social capital per yuan of government money; a group also shows the sum of fund\n"
        "sizes / government money. Exit codes: 0 done, 1 refused, 2 bad input, 3 storage.\n");
}

/* The options of every fund subcommand (each takes a value): X(enum suffix, long name). */
#define FUND_OPTIONS(X)                                                                            \
    X(SIZE, "size")                                                                                \
    X(GP, "gp")                                                                                    \
    X(NAME, "name")                                                                                \
    X(GROUP, "group")                                                                              \
    X(PARENT, "parent")                                                                            \
    X(FIRST_PHASE, "first-phase")                                                                  \
    X(VINTAGE, "vintage")                                                                          \
    X(INVEST_YEARS, "invest-years")                                                                \
    X(EXIT_YEARS, "exit-years")                                                                    \
    X(EXTENSION_YEARS, "extension-years")                                                          \
    X(FEE_BASIS, "fee-basis")                                                                      \
    X(FEE, "fee")                                                                                  \
    X(FEE_EXIT, "fee-exit")                                                                        \
    X(HURDLE, "hurdle")                                                                            \
    X(CARRY, "carry")                                                                              \
    X(CATCH_UP, "catch-up")                                                                        \
    X(WATERFALL, "waterfall")                                                                      \
    X(CONCESSION, "concession")                                                                    \
    X(CONCESSION_TO_GP, "concession-to-gp")                                                        \
    X(REINVEST, "reinvest")                                                                        \
    X(REGION, "region")                                                                            \
    X(GOV_CAP, "gov-cap")                                                                          \
    X(PARENT_CAP, "parent-cap")                                                                    \
    X(ID, "id")                                                                                    \
    X(DATE, "date")                                                                                \
    X(LP, "lp")                                                                                    \
    X(TYPE, "type")                                                                                \
    X(AMOUNT, "amount")                                                                            \
    X(FROM, "from")                                                                                \
    X(PHASE, "phase")                                                                              \
    X(DEFAULT, "default")                                                                          \
    X(DEAL, "deal")                                                                                \
    X(FIRM, "firm")                                                                                \
    X(SECTOR, "sector")                                                                            \
    X(STAGE, "stage")                                                                              \
    X(CITY, "city")                                                                                \
    X(SHARE, "share")                                                                              \
    X(VALUE, "value")                                                                              \
    X(DAYS, "days")                                                                                \
    X(PROCEEDS, "proceeds")                                                                        \
    X(COST, "cost")                                                                                \
    X(AS_OF, "as-of")                                                                              \
    X(BY, "by")                                                                                    \
    X(CANDIDATES, "candidates")                                                                    \
    X(POLICY, "policy")

#define OPTION_ENUM(id, name) O_##id,
enum { FUND_OPTIONS(OPTION_ENUM) O_COUNT };
#define OPTION_ENTRY(id, name) {name, required_argument, NULL, O_##id},
static const struct option long_opts[] = {
    FUND_OPTIONS(OPTION_ENTRY){"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};
_Static_assert(O_COUNT <= OPTS_MAX, "the option table fits cli_opts");

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* One subcommand's parsed line: the options (by O_ index) and the positional FUND (or NULL). */
typedef struct {
    cli_opts o;
    char cmd[48]; /* "fund SUB", for messages */
    const char *pos;
} fargs;

/* Parses argv for subcommand `sub` with opts_parse, allowing only allowed[0..n); positional 0
 * none, 1 the FUND (required), 2 optional. Returns 0, -1 after printing --help (the command then
 * exits 0), else the exit code after printing why. */
static int parse(fargs *a, const hs_config *cfg, const char *sub, int argc, char **argv,
                 const int *allowed, size_t n, int positional) {
    memset(a, 0, sizeof *a);
    snprintf(a->cmd, sizeof a->cmd, "%s %s", CMD, sub);
    a->o.cfg = cfg;
    a->o.cmd = a->cmd;
    a->o.table = long_opts;
    a->o.usage = fund_book_usage;
    int rc = opts_parse(&a->o, argc, argv, allowed, n, positional ? OPTS_MAYBE_ARG : OPTS_NO_ARG);
    if (rc != 0)
        return rc;
    a->pos = positional && a->o.arg != NULL && a->o.arg[0] ? a->o.arg : NULL;
    if (positional == 1 && a->pos == NULL)
        return cli_fail(CMD, HS_INPUT, "%s: give the FUND", sub);
    return 0;
}

/* Runs parse; returns from the calling command on --help (0) or on an error (its exit code). */
#define PARSE_OR_RETURN(...)                                                                       \
    do {                                                                                           \
        int parsed_ = parse(__VA_ARGS__);                                                          \
        if (parsed_ != 0)                                                                          \
            return parsed_ < 0 ? 0 : parsed_;                                                      \
    } while (0)

/* The value of option i, or NULL if it was not given. */
static const char *opt(const fargs *a, int i) {
    return a->o.given[i] ? a->o.val[i] : NULL;
}

/* true if option i was given, else reports "--NAME is required" (missing_field). */
static bool need(const fargs *a, int i) {
    return opts_need(&a->o, i) == 0;
}

/* Money into *out if option i was given (out untouched otherwise). */
static bool money_opt(const fargs *a, int i, int64_t *out) {
    return !a->o.given[i] || opts_money(&a->o, i, out);
}

/* A rate (2%, 0.02, 200bp; 返投 multiples also as 1.2x) into bp if option i was given. */
static bool rate_opt(const fargs *a, int i, int64_t *out) {
    const char *v = opt(a, i);
    if (v == NULL)
        return true;
    char why[128], buf[64];
    snprintf(buf, sizeof buf, "%s", v);
    size_t len = strlen(buf);
    if (len > 0 && (buf[len - 1] == 'x' || buf[len - 1] == 'X'))
        buf[len - 1] = '\0';
    if (rate_parse_bp(buf, out, why, sizeof why))
        return true;
    opts_fail(&a->o, i, "invalid_field", "--%s: %s", opts_name(&a->o, i), why);
    return false;
}

/* A non-negative integer up to 1,000,000 into *out if option i was given. */
static bool int_opt(const fargs *a, int i, int *out) {
    const char *v = opt(a, i);
    if (v == NULL)
        return true;
    char *end = NULL;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno != 0 || x < 0) {
        opts_fail(&a->o, i, "invalid_field", "--%s: not a non-negative integer: '%s'",
                  opts_name(&a->o, i), v);
        return false;
    }
    if (x > 1000000) {
        opts_fail(&a->o, i, "invalid_field", "--%s: too large", opts_name(&a->o, i));
        return false;
    }
    *out = (int)x;
    return true;
}

/* A date into *out if option i was given (the caller's default otherwise); a bad one is reported
 * with the ledger's reason ("no such day", ...). */
static bool date_opt(const fargs *a, int i, hs_date *out) {
    const char *v = opt(a, i);
    if (v == NULL || date_parse(v, out))
        return true;
    char why[256];
    transfer_date_why(v, why, sizeof why);
    opts_fail(&a->o, i, "invalid_field", "--%s: %s", opts_name(&a->o, i), why);
    return false;
}

/* Text into out[len] if option i was given. */
static bool text_opt(const fargs *a, int i, char *out, size_t len) {
    return !a->o.given[i] || opts_copy(&a->o, i, out, len);
}

static char *money_text(const hs_config *cfg, int64_t v, char *buf) {
    return cli_money_text(cfg, v, buf, MONEY_TEXT_MAX);
}

/* A rate as a percentage for tables, without "-0.00%". */
static double pct(double rate) {
    double v = 100 * rate;
    return (v > -0.005 && v < 0.005) ? 0.0 : v;
}

/* ---- event output ---- */

/* Prints what the event did (its flows), or that it existed. */
static int event_done(const hs_config *cfg, const char *sub, fund_event_outcome *o, hs_status st,
                      hs_error *err) {
    if (st != HS_OK) {
        char what[64];
        snprintf(what, sizeof what, "%s %s", CMD, sub);
        return cli_report(what, err);
    }
    if (cfg->json) {
        cli_print_json(view_fund_event(o));
    } else if (!cfg->quiet) {
        printf("%s %s %s: %s\n", sub, o->fund, o->shown_id,
               o->ev.existed ? "exists (nothing changed)" : "applied");
        char m[MONEY_TEXT_MAX];
        for (size_t i = 0; i < o->nflows; i++)
            printf("  %-10s %-24s %-16s %22s\n", o->flows[i].kind, o->flows[i].lp, o->flows[i].deal,
                   money_text(cfg, o->flows[i].amount_fen, m));
    }
    fund_event_outcome_free(o);
    return 0;
}

/* ---- create ---- */

static int run_create(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    static const int allowed_[] = {O_SIZE,
                                   O_GP,
                                   O_NAME,
                                   O_GROUP,
                                   O_PARENT,
                                   O_FIRST_PHASE,
                                   O_VINTAGE,
                                   O_INVEST_YEARS,
                                   O_EXIT_YEARS,
                                   O_EXTENSION_YEARS,
                                   O_FEE_BASIS,
                                   O_FEE,
                                   O_FEE_EXIT,
                                   O_HURDLE,
                                   O_CARRY,
                                   O_CATCH_UP,
                                   O_WATERFALL,
                                   O_CONCESSION,
                                   O_CONCESSION_TO_GP,
                                   O_REINVEST,
                                   O_REGION,
                                   O_GOV_CAP,
                                   O_PARENT_CAP};
    PARSE_OR_RETURN(&a, cfg, "create", argc, argv, allowed_, N(allowed_), true);
    int rc;
    fund_terms t;
    fund_terms_init(&t);
    t.vintage = cli_today(cfg);
    if (!need(&a, O_SIZE) || !need(&a, O_GP))
        return HS_INPUT;
    if (strlen(a.pos) >= sizeof t.id)
        return cli_fail(CMD, HS_INPUT, "create: fund id too long");
    snprintf(t.id, sizeof t.id, "%s", a.pos);
    if (!text_opt(&a, O_NAME, t.name, sizeof t.name) ||
        !text_opt(&a, O_GROUP, t.group, sizeof t.group) ||
        !text_opt(&a, O_PARENT, t.parent, sizeof t.parent) ||
        !text_opt(&a, O_GP, t.gp, sizeof t.gp) ||
        !text_opt(&a, O_REGION, t.region, sizeof t.region) || !money_opt(&a, O_SIZE, &t.size_fen) ||
        !date_opt(&a, O_VINTAGE, &t.vintage) || !int_opt(&a, O_INVEST_YEARS, &t.invest_years) ||
        !int_opt(&a, O_EXIT_YEARS, &t.exit_years) ||
        !int_opt(&a, O_EXTENSION_YEARS, &t.extension_years) || !rate_opt(&a, O_FEE, &t.fee_bp) ||
        !rate_opt(&a, O_FEE_EXIT, &t.fee_exit_bp) || !rate_opt(&a, O_HURDLE, &t.hurdle_bp) ||
        !rate_opt(&a, O_CARRY, &t.carry_bp) || !rate_opt(&a, O_CATCH_UP, &t.catch_up_bp) ||
        !rate_opt(&a, O_CONCESSION, &t.concession_bp) ||
        !rate_opt(&a, O_CONCESSION_TO_GP, &t.concession_gp_bp) ||
        !rate_opt(&a, O_REINVEST, &t.reinvest_bp) || !rate_opt(&a, O_GOV_CAP, &t.gov_cap_bp) ||
        !rate_opt(&a, O_PARENT_CAP, &t.parent_cap_bp))
        return HS_INPUT;
    if (!money_opt(&a, O_FIRST_PHASE, &t.first_phase_fen))
        return HS_INPUT;
    if (opt(&a, O_FIRST_PHASE) != NULL && t.first_phase_fen == 0)
        return cli_fail(CMD, HS_INPUT, "--first-phase: must be positive");
    const char *fb = opt(&a, O_FEE_BASIS);
    if (fb != NULL) {
        if (!strcmp(fb, "committed"))
            t.fee_basis = FUND_FEE_COMMITTED;
        else if (!strcmp(fb, "paid-in"))
            t.fee_basis = FUND_FEE_PAID_IN;
        else if (!strcmp(fb, "invested"))
            t.fee_basis = FUND_FEE_INVESTED;
        else
            return cli_fail(CMD, HS_INPUT, "--fee-basis: committed, paid-in or invested");
    }
    const char *wf = opt(&a, O_WATERFALL);
    if (wf != NULL) {
        if (!strcmp(wf, "european"))
            t.waterfall = FUND_WATERFALL_EUROPEAN;
        else if (!strcmp(wf, "american"))
            t.waterfall = FUND_WATERFALL_AMERICAN;
        else
            return cli_fail(CMD, HS_INPUT, "--waterfall: european or american");
    }
    hs_store *s;
    if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)
        return rc;
    hs_error err = {0};
    bool existed;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_status st = fund_ops_create(&ctx, &t, &existed, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund create", &err);
    char m[MONEY_TEXT_MAX];
    if (cfg->json) {
        cli_print_json(view_fund_created(&t, existed));
    } else if (!cfg->quiet) {
        printf("fund %s %s: size %s, GP %s, cash account fund/%s/cash\n", t.id,
               existed ? "exists (nothing changed)" : "created", money_text(cfg, t.size_fen, m),
               t.gp, t.id);
    }
    return 0;
}

/* ---- events ---- */

/* The options of one event kind into q (required ones checked). */
static int event_args(const char *sub, const fargs *a, fund_event_req *q) {
    switch (q->kind) {
    case FUND_EV_COMMIT:
        if (!need(a, O_LP) || !need(a, O_TYPE) || !need(a, O_AMOUNT))
            return HS_INPUT;
        if (!fund_lp_type_parse(opt(a, O_TYPE), &q->lp_type))
            return cli_fail(CMD, HS_INPUT,
                            "commit: --type gov, state, bank, corporate, social or fund");
        q->phase = 1;
        q->from = opt(a, O_FROM);
        return int_opt(a, O_PHASE, &q->phase) ? 0 : HS_INPUT;
    case FUND_EV_CALL:
        q->defaulting_lp = opt(a, O_DEFAULT);
        return need(a, O_AMOUNT) ? 0 : HS_INPUT;
    case FUND_EV_DEFAULT:
        return need(a, O_LP) ? 0 : HS_INPUT;
    case FUND_EV_INVEST:
        if (!need(a, O_DEAL) || !need(a, O_AMOUNT) ||
            !text_opt(a, O_DEAL, q->deal.deal, sizeof q->deal.deal) ||
            !text_opt(a, O_FIRM, q->deal.firm, sizeof q->deal.firm) ||
            !text_opt(a, O_SECTOR, q->deal.sector, sizeof q->deal.sector) ||
            !text_opt(a, O_STAGE, q->deal.stage, sizeof q->deal.stage) ||
            !text_opt(a, O_CITY, q->deal.city, sizeof q->deal.city) ||
            !text_opt(a, O_REGION, q->deal.region, sizeof q->deal.region) ||
            !rate_opt(a, O_SHARE, &q->deal.share_bp))
            return HS_INPUT;
        return 0;
    case FUND_EV_MARK:
        q->value_fen = -1;
        return need(a, O_DEAL) && need(a, O_VALUE) && money_opt(a, O_VALUE, &q->value_fen) &&
                       text_opt(a, O_DEAL, q->deal.deal, sizeof q->deal.deal)
                   ? 0
                   : HS_INPUT;
    case FUND_EV_FEE:
        if (!int_opt(a, O_DAYS, &q->days))
            return HS_INPUT;
        if ((q->days > 0) == (q->amount_fen > 0))
            return cli_fail(CMD, HS_INPUT, "fee: give exactly one of --days and --amount");
        return 0;
    case FUND_EV_EXIT:
        q->proceeds_fen = -1;
        return need(a, O_DEAL) && need(a, O_PROCEEDS) &&
                       money_opt(a, O_PROCEEDS, &q->proceeds_fen) &&
                       money_opt(a, O_COST, &q->cost_fen) &&
                       text_opt(a, O_DEAL, q->deal.deal, sizeof q->deal.deal)
                   ? 0
                   : HS_INPUT;
    case FUND_EV_DISTRIBUTE:
        if (opt(a, O_DEAL) == NULL && !need(a, O_AMOUNT))
            return HS_INPUT;
        return text_opt(a, O_DEAL, q->deal.deal, sizeof q->deal.deal) ? 0 : HS_INPUT;
    case FUND_EV_WRITEOFF:
        return need(a, O_DEAL) && text_opt(a, O_DEAL, q->deal.deal, sizeof q->deal.deal) ? 0
                                                                                         : HS_INPUT;
    case FUND_EV_KINDS:
        break;
    }
    return -1;
}

static int run_event(const hs_config *cfg, const char *sub, int argc, char **argv) {
    static const struct {
        const char *sub;
        int allowed[12]; /* the first n are its options */
        size_t n;
    } table[] = {
        {"commit", {O_ID, O_DATE, O_LP, O_TYPE, O_AMOUNT, O_FROM, O_PHASE}, 7},
        {"call", {O_ID, O_DATE, O_AMOUNT, O_DEFAULT}, 4},
        {"default", {O_ID, O_DATE, O_LP}, 3},
        {"invest",
         {O_ID, O_DATE, O_DEAL, O_AMOUNT, O_FIRM, O_SECTOR, O_STAGE, O_CITY, O_REGION, O_SHARE},
         10},
        {"mark", {O_ID, O_DATE, O_DEAL, O_VALUE}, 4},
        {"fee", {O_ID, O_DATE, O_DAYS, O_AMOUNT}, 4},
        {"exit", {O_ID, O_DATE, O_DEAL, O_PROCEEDS, O_COST}, 5},
        {"distribute", {O_ID, O_DATE, O_AMOUNT, O_DEAL}, 4},
        {"writeoff", {O_ID, O_DATE, O_DEAL}, 3},
    };
    size_t e = N(table);
    for (size_t i = 0; i < N(table); i++)
        if (!strcmp(table[i].sub, sub))
            e = i;
    if (e == N(table))
        return -1;
    fargs a;
    PARSE_OR_RETURN(&a, cfg, sub, argc, argv, table[e].allowed, table[e].n, 1);
    int rc;
    fund_event_req q;
    memset(&q, 0, sizeof q);
    if (!fund_event_kind_parse(sub, &q.kind))
        return -1;
    q.date = cli_today(cfg);
    if (!date_opt(&a, O_DATE, &q.date) || !money_opt(&a, O_AMOUNT, &q.amount_fen))
        return HS_INPUT;
    q.id = opt(&a, O_ID);
    q.fund = a.pos;
    q.lp = opt(&a, O_LP);
    if ((rc = event_args(sub, &a, &q)) != 0)
        return rc;
    hs_store *s = NULL;
    if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)
        return rc;
    hs_error err = {0};
    fund_event_outcome o;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_status st = fund_ops_event(&ctx, &q, &o, &err);
    store_close(s);
    return event_done(cfg, sub, &o, st, &err);
}

/* ---- show / report ---- */

static void ratio_text(const metrics_ratio *r, char *buf, size_t len) {
    if (r->den > 0)
        snprintf(buf, len, "%.4fx", r->value);
    else
        snprintf(buf, len, "n/a");
}

static void print_figures(const hs_config *cfg, const fund_figures *f) {
    char m[8][MONEY_TEXT_MAX], d[DATE_TEXT_LEN], r[3][32];
    printf("fund %s  %s  GP %s%s%s%s%s  vintage %s\n", f->t.id, f->t.name, f->t.gp,
           f->t.group[0] ? "  group " : "", f->t.group, f->t.parent[0] ? "  mother " : "",
           f->t.parent, date_format(f->t.vintage, d));
    printf("  size %s (首期 %s), committed %s: ", money_text(cfg, f->t.size_fen, m[0]),
           money_text(cfg, f->t.first_phase_fen, m[1]), money_text(cfg, f->committed_fen, m[2]));
    bool first = true;
    for (int i = 0; i < FUND_LP_TYPES; i++)
        if (f->committed_by_type_fen[i]) {
            printf("%s%s %s", first ? "" : ", ", fund_lp_type_name((fund_lp_type)i),
                   money_text(cfg, f->committed_by_type_fen[i], m[3]));
            first = false;
        }
    printf("\n  called %s, uncalled %s%s%s\n", money_text(cfg, f->called_fen, m[0]),
           money_text(cfg, f->uncalled_fen, m[1]),
           f->defaulted_fen ? ", cancelled by default " : "",
           f->defaulted_fen ? money_text(cfg, f->defaulted_fen, m[2]) : "");
    printf("  invested %s (sub-funds %s), held at cost %s, deals %d (%d held)\n",
           money_text(cfg, f->invested_fen, m[0]), money_text(cfg, f->into_subs_fen, m[1]),
           money_text(cfg, f->held_cost_fen, m[2]), f->deals, f->deals_held);
    printf("  NAV %s = cash %s + deals %s + sub-funds %s\n", money_text(cfg, f->nav_fen, m[0]),
           money_text(cfg, f->cash_fen, m[1]), money_text(cfg, f->deal_value_fen, m[2]),
           money_text(cfg, f->sub_value_fen, m[3]));
    printf("  distributed %s, carry %s, fees %s, realised gains %s, losses %s\n",
           money_text(cfg, f->distributed_fen, m[0]), money_text(cfg, f->carry_fen, m[1]),
           money_text(cfg, f->fees_fen, m[2]), money_text(cfg, f->gains_fen, m[3]),
           money_text(cfg, f->losses_fen, m[4]));
    ratio_text(&f->tvpi, r[0], sizeof r[0]);
    ratio_text(&f->dpi, r[1], sizeof r[1]);
    ratio_text(&f->rvpi, r[2], sizeof r[2]);
    if (f->irr_ok)
        printf("  IRR %.2f%% (XIRR, actual/365, NAV as the last flow)", pct(f->irr));
    else
        printf("  IRR n/a");
    printf("  TVPI %s  DPI %s  RVPI %s\n", r[0], r[1], r[2]);
    if (f->gov_money_fen > 0)
        printf("  government money %s: leverage %.2fx (committed / government), social capital "
               "%.2f per yuan of government money\n",
               money_text(cfg, f->gov_money_fen, m[0]), f->leverage, f->social_per_gov);
    if (f->t.reinvest_bp > 0)
        printf("  返投 %.2fx in %s: required %s, local %s, ratio %.2f%%, shortfall %s\n",
               (double)f->t.reinvest_bp / 10000, f->t.region,
               money_text(cfg, f->required_fen, m[0]), money_text(cfg, f->local_fen, m[1]),
               f->required_fen ? 100.0 * (double)f->local_fen / (double)f->required_fen : 0.0,
               money_text(cfg, f->shortfall_fen, m[2]));
    printf("  deployed %.2f%% of committed (%.2f%% a year since the vintage)\n", 100 * f->deployed,
           100 * f->deployed_per_year);
}

static void print_deal(const hs_config *cfg, const fund_deal *d) {
    metrics_ratio moic = {0};
    hs_error e2;
    bool ok = d->cost_fen > 0 &&
              metrics_moic(d->realised_fen, d->value_fen, d->cost_fen, &moic, &e2) == HS_OK;
    char m[3][MONEY_TEXT_MAX], x[32];
    if (ok)
        snprintf(x, sizeof x, "%.4fx", moic.value);
    else
        snprintf(x, sizeof x, "n/a");
    printf("  %-14s %-16s %-10s %-8s %-8s %-11s %20s %20s %20s  %s\n", d->deal, d->firm, d->sector,
           d->stage, d->city, fund_deal_status_name(d->status), money_text(cfg, d->cost_fen, m[0]),
           money_text(cfg, d->value_fen, m[1]), money_text(cfg, d->realised_fen, m[2]), x);
}

static int run_show(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    static const int allowed_[] = {O_AS_OF};
    PARSE_OR_RETURN(&a, cfg, "show", argc, argv, allowed_, N(allowed_), 1);
    int rc;
    hs_date as_of = 0;
    if (!date_opt(&a, O_AS_OF, &as_of))
        return HS_INPUT;
    hs_store *s;
    if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)
        return rc;
    hs_error err = {0};
    fund_show sh;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_status st = fund_ops_show(&ctx, a.pos, as_of, &sh, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund show", &err);
    if (cfg->json) {
        cli_print_json(view_fund_show(&sh));
        fund_show_free(&sh);
        return 0;
    }
    print_figures(cfg, &sh.f);
    printf("\n  %-20s %-9s %-32s %5s %20s %20s %20s %20s\n", "LP", "type", "pays from", "phase",
           "committed", "called", "uncalled", "distributed");
    char m[4][MONEY_TEXT_MAX];
    for (size_t i = 0; i < sh.nlps; i++) {
        const fund_lp *l = &sh.lps[i];
        printf("  %-20s %-9s %-32s %5d %20s %20s %20s %20s%s\n", l->lp, fund_lp_type_name(l->type),
               l->account, l->phase, money_text(cfg, l->called_fen + l->uncalled_fen, m[0]),
               money_text(cfg, l->called_fen, m[1]), money_text(cfg, l->uncalled_fen, m[2]),
               money_text(cfg, l->distributed_fen, m[3]), l->defaulted ? "  (in default)" : "");
    }
    if (sh.f.deals > 0) {
        printf("\n  %-14s %-16s %-10s %-8s %-8s %-11s %20s %20s %20s  %s\n", "deal", "firm",
               "sector", "stage", "city", "status", "cost", "value", "realised", "MOIC");
        for (size_t i = 0; i < sh.ndeals; i++)
            print_deal(cfg, &sh.deals[i]);
    }
    fund_show_free(&sh);
    return 0;
}

static int run_report(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    static const int allowed_[] = {O_AS_OF, O_BY};
    PARSE_OR_RETURN(&a, cfg, "report", argc, argv, allowed_, N(allowed_), 1);
    int rc;
    hs_date as_of = 0;
    if (!date_opt(&a, O_AS_OF, &as_of))
        return HS_INPUT;
    fund_by by = FUND_BY_NONE;
    const char *b = opt(&a, O_BY);
    if (b != NULL) {
        if (!strcmp(b, "sector"))
            by = FUND_BY_SECTOR;
        else if (!strcmp(b, "stage"))
            by = FUND_BY_STAGE;
        else if (!strcmp(b, "city"))
            by = FUND_BY_CITY;
        else
            return cli_fail(CMD, HS_INPUT, "report: --by sector, stage or city");
    }
    hs_store *s;
    if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)
        return rc;
    hs_error err = {0};
    fund_report r;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_status st = fund_ops_report(&ctx, a.pos, as_of, by, &r, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund report", &err);
    char m[8][MONEY_TEXT_MAX], d[DATE_TEXT_LEN], t[3][32];
    if (cfg->json) {
        cli_print_json(view_fund_report(&r, by, b));
        fund_report_free(&r);
        return 0;
    }
    printf("%s %s: %zu fund%s, as of %s\n", r.is_group ? "group" : "fund tree", r.root, r.n,
           r.n == 1 ? "" : "s", date_format(r.as_of, d));
    printf("%-26s %18s %18s %18s %18s %18s %18s %8s %8s %8s\n", "fund", "size", "committed",
           "called", "invested", "NAV", "distributed", "IRR", "TVPI", "leverage");
    for (size_t i = 0; i < r.n; i++) {
        const fund_figures *f = &r.funds[i];
        char irr[16], lev[16], name[40];
        snprintf(irr, sizeof irr, f->irr_ok ? "%.2f%%" : "n/a", pct(f->irr));
        snprintf(lev, sizeof lev, f->gov_money_fen ? "%.2fx" : "n/a", f->leverage);
        ratio_text(&f->tvpi, t[0], sizeof t[0]);
        snprintf(name, sizeof name, "%s%s", f->t.parent[0] ? "  " : "", f->t.id);
        printf("%-26s %18s %18s %18s %18s %18s %18s %8s %8s %8s\n", name,
               money_text(cfg, f->t.size_fen, m[0]), money_text(cfg, f->committed_fen, m[1]),
               money_text(cfg, f->called_fen, m[2]), money_text(cfg, f->invested_fen, m[3]),
               money_text(cfg, f->nav_fen, m[4]), money_text(cfg, f->distributed_fen, m[5]), irr,
               t[0], lev);
    }
    printf("\ntotal: fund sizes %s, committed %s (from outside the tree %s), government money %s\n",
           money_text(cfg, r.size_total_fen, m[0]), money_text(cfg, r.committed_total_fen, m[1]),
           money_text(cfg, r.external_committed_fen, m[2]),
           money_text(cfg, r.external_gov_fen, m[3]));
    if (r.external_gov_fen > 0)
        printf("leverage (放大倍数): fund sizes / government money %.2fx; committed / government "
               "money %.2fx; social capital %.2f per yuan of government money\n",
               r.leverage_size, r.leverage_external, r.social_per_gov);
    ratio_text(&r.tvpi, t[0], sizeof t[0]);
    ratio_text(&r.dpi, t[1], sizeof t[1]);
    ratio_text(&r.rvpi, t[2], sizeof t[2]);
    printf("outside LPs: called %s, distributed %s; NAV %s; invested in firms %s; %d deals\n",
           money_text(cfg, r.external_called_fen, m[0]),
           money_text(cfg, r.external_distributed_fen, m[1]),
           money_text(cfg, r.nav_total_fen, m[2]), money_text(cfg, r.invested_total_fen, m[3]),
           r.deals_total);
    if (r.irr_ok)
        printf("IRR %.2f%%  ", pct(r.irr));
    else
        printf("IRR n/a  ");
    printf("TVPI %s  DPI %s  RVPI %s  fees %s  carry %s\n", t[0], t[1], t[2],
           money_text(cfg, r.fees_total_fen, m[0]), money_text(cfg, r.carry_total_fen, m[1]));
    for (size_t i = 0; i < r.n; i++) {
        const fund_figures *f = &r.funds[i];
        if (f->t.reinvest_bp > 0)
            printf("返投 %s: %.2fx of government money %s in %s = %s required, %s local "
                   "(%.2f%%), shortfall %s\n",
                   f->t.id, (double)f->t.reinvest_bp / 10000,
                   money_text(cfg, f->gov_money_fen, m[0]), f->t.region,
                   money_text(cfg, f->required_fen, m[1]), money_text(cfg, f->local_fen, m[2]),
                   f->required_fen ? 100.0 * (double)f->local_fen / (double)f->required_fen : 0.0,
                   money_text(cfg, f->shortfall_fen, m[3]));
    }
    if (by != FUND_BY_NONE) {
        printf("\nlook-through exposure by %s (held deals%s):\n%-24s %6s %20s %20s %8s\n", b,
               r.is_group ? "" : ", weighted by the root's share", b, "deals", "cost", "value",
               "share");
        for (size_t i = 0; i < r.n_exposure; i++)
            printf("%-24s %6d %20s %20s %7.2f%%\n", r.exposure[i].key, r.exposure[i].deals,
                   money_text(cfg, r.exposure[i].cost_fen, m[0]),
                   money_text(cfg, r.exposure[i].value_fen, m[1]), 100 * r.exposure[i].share);
    }
    fund_report_free(&r);
    return 0;
}

/* ---- select ---- */

static int run_select(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    static const int allowed_[] = {O_CANDIDATES, O_POLICY, O_DATE};
    PARSE_OR_RETURN(&a, cfg, "select", argc, argv, allowed_, N(allowed_), 0);
    if (!need(&a, O_CANDIDATES))
        return HS_INPUT;
    fund_candidate *c;
    size_t n;
    hs_error err = {0};
    hs_date on = cli_today(cfg);
    if (!date_opt(&a, O_DATE, &on))
        return HS_INPUT;
    if (fund_select_read(opt(&a, O_CANDIDATES), &c, &n, &err) != HS_OK)
        return cli_report("fund select", &err);
    const char *policy = opt(&a, O_POLICY);
    if (policy == NULL) {
        fund_select_evaluate(c, n);
    } else if (fund_select_evaluate_policy(policy, opt(&a, O_CANDIDATES), on, c, n, &err) !=
               HS_OK) {
        free(c);
        return cli_report("fund select", &err);
    }
    if (cfg->json) {
        cli_print_json(view_fund_selection(c, n, policy));
        free(c);
        return 0;
    }
    if (policy != NULL)
        printf("eligibility: the rules of %s on the date given\n", policy);
    else
        printf("rules:\n");
    for (size_t i = 0; policy == NULL && i < fund_select_rule_count; i++)
        printf("  %-16s %s%s%s  [%s]\n", fund_select_rules[i].id, fund_select_rules[i].text,
               fund_select_rules[i].kind[0] ? " — " : "", fund_select_rules[i].kind,
               fund_select_rules[i].source);
    printf("score: %d per multiple of the AUM threshold (max %d), %d per senior staff (max %d), "
           "%d per 1000万 paid-in (max %d)\n\n",
           SELECT_SCORE_AUM_PER_MULTIPLE, SELECT_SCORE_AUM_MAX, SELECT_SCORE_STAFF_EACH,
           SELECT_SCORE_STAFF_MAX, SELECT_SCORE_PAID_IN_PER_10M, SELECT_SCORE_PAID_IN_MAX);
    printf("%-4s %-20s %-9s %7s  %s\n", "rank", "manager", "kind", "score", "why");
    for (int pass = 0; pass < 2; pass++)
        for (size_t r = 1; r <= n; r++)
            for (size_t i = 0; i < n; i++) {
                bool show = pass == 0 ? c[i].rank == (int)r : (r == 1 && !c[i].eligible);
                if (!show)
                    continue;
                if (c[i].eligible)
                    printf("%-4d %-20s %-9s %7.2f  eligible: AUM %.2f + team %.2f + paid-in %.2f\n",
                           c[i].rank, c[i].manager, c[i].kind, c[i].score, c[i].score_aum,
                           c[i].score_staff, c[i].score_paid_in);
                else
                    printf("%-4s %-20s %-9s %7s  not eligible: %s\n", "-", c[i].manager, c[i].kind,
                           "-", c[i].reasons);
            }
    free(c);
    return 0;
}

/* ---- check ---- */

static int run_check(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    PARSE_OR_RETURN(&a, cfg, "check", argc, argv, NULL, 0, 2);
    int rc;
    hs_store *s;
    if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)
        return rc;
    hs_error err = {0};
    fund_verify_report r;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_status st = fund_ops_check(&ctx, a.pos, &r, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund check", &err);
    if (cfg->json) {
        cli_print_json(view_fund_check(&r));
    } else if (r.ok) {
        printf("ok: %zu funds, %zu figures of the fund tables agree with the ledger\n", r.funds,
               r.checks);
    } else {
        fprintf(stderr, "huoshui fund check: %s\n", r.first_violation);
    }
    return r.ok ? 0 : HS_REFUSED;
}

/* ---- project FUND ---- */

int fund_project_from_book(const hs_config *cfg, const char *fund, ta_params *p, bool have_rc,
                           bool have_growth, bool have_bow, bool have_life, bool csv,
                           const char *chart_path) {
    hs_store *s;
    hs_error err = {0};
    if (store_open(cfg->book_path, STORE_OPEN_EXISTING, &s, &err) != HS_OK)
        return cli_fail("fund project", HS_INPUT, "fund %s not found in the book (%s)", fund,
                        err.msg);
    hs_ctx ctx = cli_ctx(cfg, s);
    fund_projection_given g = {have_rc, have_growth, have_bow, have_life};
    char title[160];
    hs_status st = fund_ops_projection(&ctx, fund, &g, p, title, sizeof title, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund project", &err);
    return fund_show_projection(cfg, title, p, csv, chart_path);
}

int cmd_fund_book(const hs_config *cfg, int argc, char **argv) {
    const char *sub = argv[0];
    if (!strcmp(sub, "create"))
        return run_create(cfg, argc, argv);
    if (!strcmp(sub, "show"))
        return run_show(cfg, argc, argv);
    if (!strcmp(sub, "report"))
        return run_report(cfg, argc, argv);
    if (!strcmp(sub, "select"))
        return run_select(cfg, argc, argv);
    if (!strcmp(sub, "check"))
        return run_check(cfg, argc, argv);
    if (!strcmp(sub, "events"))
        return fund_events_batch(cfg, argc, argv);
    return run_event(cfg, sub, argc, argv);
}
