/* cmd_fund_book.c — `huoshui fund` on funds in the book: create, commit, call, default, invest,
 * mark, fee, exit, distribute, writeoff (events), show and report (figures), select (遴选) and
 * project FUND. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/cmd_fund.h"
#include "instrument/fund.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_dist.h"
#include "instrument/fund_lp.h"
#include "instrument/fund_report.h"
#include "instrument/fund_select.h"
#include "instrument/fund_verify.h"
#include "store/store.h"

#define CMD "fund"
#define OPTS_MAX 32

void fund_book_usage(FILE *out) {
    fprintf(out,
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

typedef struct {
    const char *pos; /* the positional argument */
    const char *name[OPTS_MAX];
    const char *value[OPTS_MAX];
    int n;
} fargs;

static const char *opt(const fargs *a, const char *name) {
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->name[i], name) == 0)
            return a->value[i];
    return NULL;
}

/* Parses "--name value" pairs (names from `allowed`, space-separated) and a positional argument:
 * positional 0 none, 1 required, 2 optional. */
static int parse(const char *sub, int argc, char **argv, const char *allowed, int positional,
                 fargs *a) {
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            if (!positional || a->pos != NULL)
                return cli_fail(CMD, HS_INPUT, "%s: unexpected argument '%s'", sub, arg);
            a->pos = arg;
            continue;
        }
        const char *name = arg + 2;
        size_t len = strlen(name);
        const char *p = strstr(allowed, name);
        bool ok = false;
        while (p != NULL) {
            if ((p == allowed || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0')) {
                ok = true;
                break;
            }
            p = strstr(p + 1, name);
        }
        if (!ok)
            return cli_fail(CMD, HS_INPUT, "%s: unknown option '%s' (see fund --help)", sub, arg);
        if (i + 1 >= argc)
            return cli_fail(CMD, HS_INPUT, "%s: %s needs a value", sub, arg);
        if (a->n == OPTS_MAX)
            return cli_fail(CMD, HS_INPUT, "%s: too many options", sub);
        a->name[a->n] = name;
        a->value[a->n++] = argv[++i];
    }
    if (positional == 1 && a->pos == NULL)
        return cli_fail(CMD, HS_INPUT, "%s: give the FUND", sub);
    return HS_OK;
}

static bool need(const char *sub, const fargs *a, const char *name) {
    if (opt(a, name) != NULL)
        return true;
    cli_fail(CMD, HS_INPUT, "%s: --%s is required", sub, name);
    return false;
}

static bool money_opt(const fargs *a, const char *name, int64_t *out) {
    const char *v = opt(a, name);
    if (v == NULL)
        return true;
    char what[64];
    snprintf(what, sizeof what, "--%s", name);
    return cli_money_arg(CMD, what, v, out);
}

static bool rate_opt(const fargs *a, const char *name, int64_t *out) {
    const char *v = opt(a, name);
    if (v == NULL)
        return true;
    char why[128], buf[64];
    snprintf(buf, sizeof buf, "%s", v);
    size_t len = strlen(buf);
    if (len > 0 && (buf[len - 1] == 'x' || buf[len - 1] == 'X'))
        buf[len - 1] = '\0';
    if (rate_parse_bp(buf, out, why, sizeof why))
        return true;
    cli_fail(CMD, HS_INPUT, "--%s: %s", name, why);
    return false;
}

static bool int_opt(const fargs *a, const char *name, int *out) {
    const char *v = opt(a, name);
    if (v == NULL)
        return true;
    int64_t x;
    char what[64];
    snprintf(what, sizeof what, "--%s", name);
    if (!cli_int_arg(CMD, what, v, &x))
        return false;
    if (x > 1000000) {
        cli_fail(CMD, HS_INPUT, "--%s: too large", name);
        return false;
    }
    *out = (int)x;
    return true;
}

static bool date_opt(const fargs *a, const char *name, hs_date *out) {
    const char *v = opt(a, name);
    if (v == NULL)
        return true;
    char what[64];
    snprintf(what, sizeof what, "--%s", name);
    return cli_date_arg(CMD, what, v, out);
}

static bool text_opt(const fargs *a, const char *name, char *out, size_t len) {
    const char *v = opt(a, name);
    if (v == NULL)
        return true;
    if (strlen(v) >= len) {
        cli_fail(CMD, HS_INPUT, "--%s: longer than %zu bytes", name, len - 1);
        return false;
    }
    snprintf(out, len, "%s", v);
    return true;
}

static char *money_text(const hs_config *cfg, int64_t v, char *buf) {
    return cli_money_text(cfg, v, buf, MONEY_TEXT_MAX);
}

/* A rate as a percentage for tables, without "-0.00%". */
static double pct(double rate) {
    double v = 100 * rate;
    return (v > -0.005 && v < 0.005) ? 0.0 : v;
}

static json_t *jmoney(int64_t fen) {
    return json_integer(fen);
}

/* ---- event output ---- */

typedef struct {
    const hs_config *cfg;
    json_t *arr;
} flows_ctx;

static hs_status print_flow(void *vctx, const char *lp, const char *deal, const char *kind,
                            int64_t amount_fen, hs_error *err) {
    flows_ctx *c = vctx;
    if (c->arr != NULL) {
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(kind));
        if (lp)
            json_object_set_new(o, "lp", json_string(lp));
        if (deal)
            json_object_set_new(o, "deal", json_string(deal));
        json_object_set_new(o, "amount_fen", jmoney(amount_fen));
        json_array_append_new(c->arr, o);
        return HS_OK;
    }
    char m[MONEY_TEXT_MAX];
    printf("  %-10s %-24s %-16s %22s\n", kind, lp ? lp : "", deal ? deal : "",
           money_text(c->cfg, amount_fen, m));
    return HS_OK;
}

/* Prints what the event did (its flows), or that it existed. */
static int event_done(const hs_config *cfg, hs_store *s, const char *sub, const char *fund,
                      const char *given_id, bool existed, hs_status st, hs_error *err) {
    if (st != HS_OK) {
        store_close(s);
        char what[64];
        snprintf(what, sizeof what, "%s %s", CMD, sub);
        return cli_report(what, err);
    }
    char id[FUND_EVENT_ID_MAX + 32];
    if (given_id != NULL)
        snprintf(id, sizeof id, "%s", given_id);
    else if (existed)
        snprintf(id, sizeof id, "(derived)");
    else if (fund_last_event(s, fund, id, sizeof id, err) != HS_OK)
        id[0] = '\0';
    flows_ctx c = {cfg, cfg->json ? json_array() : NULL};
    if (cfg->json) {
        if (!existed)
            fund_event_flows(s, id, print_flow, &c, err);
        json_t *o = json_object();
        json_object_set_new(o, "event", json_string(id));
        json_object_set_new(o, "kind", json_string(sub));
        json_object_set_new(o, "fund", json_string(fund));
        json_object_set_new(o, "result", json_string(existed ? "exists" : "applied"));
        json_object_set_new(o, "flows", c.arr);
        cli_print_json(o);
    } else if (!cfg->quiet) {
        printf("%s %s %s: %s\n", sub, fund, id, existed ? "exists (nothing changed)" : "applied");
        if (!existed)
            fund_event_flows(s, id, print_flow, &c, err);
    }
    store_close(s);
    return 0;
}

/* ---- create ---- */

static int run_create(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    int rc = parse("create", argc, argv,
                   "size gp name group parent first-phase vintage invest-years exit-years "
                   "extension-years fee-basis fee fee-exit hurdle carry catch-up waterfall "
                   "concession concession-to-gp reinvest region gov-cap parent-cap",
                   true, &a);
    if (rc)
        return rc;
    fund_terms t;
    fund_terms_init(&t);
    t.vintage = cli_today(cfg);
    if (!need("create", &a, "size") || !need("create", &a, "gp"))
        return HS_INPUT;
    if (strlen(a.pos) >= sizeof t.id)
        return cli_fail(CMD, HS_INPUT, "create: fund id too long");
    snprintf(t.id, sizeof t.id, "%s", a.pos);
    if (!text_opt(&a, "name", t.name, sizeof t.name) ||
        !text_opt(&a, "group", t.group, sizeof t.group) ||
        !text_opt(&a, "parent", t.parent, sizeof t.parent) ||
        !text_opt(&a, "gp", t.gp, sizeof t.gp) ||
        !text_opt(&a, "region", t.region, sizeof t.region) || !money_opt(&a, "size", &t.size_fen) ||
        !date_opt(&a, "vintage", &t.vintage) || !int_opt(&a, "invest-years", &t.invest_years) ||
        !int_opt(&a, "exit-years", &t.exit_years) ||
        !int_opt(&a, "extension-years", &t.extension_years) || !rate_opt(&a, "fee", &t.fee_bp) ||
        !rate_opt(&a, "fee-exit", &t.fee_exit_bp) || !rate_opt(&a, "hurdle", &t.hurdle_bp) ||
        !rate_opt(&a, "carry", &t.carry_bp) || !rate_opt(&a, "catch-up", &t.catch_up_bp) ||
        !rate_opt(&a, "concession", &t.concession_bp) ||
        !rate_opt(&a, "concession-to-gp", &t.concession_gp_bp) ||
        !rate_opt(&a, "reinvest", &t.reinvest_bp) || !rate_opt(&a, "gov-cap", &t.gov_cap_bp) ||
        !rate_opt(&a, "parent-cap", &t.parent_cap_bp))
        return HS_INPUT;
    t.first_phase_fen = t.size_fen;
    if (!money_opt(&a, "first-phase", &t.first_phase_fen))
        return HS_INPUT;
    if (t.name[0] == '\0')
        snprintf(t.name, sizeof t.name, "%s", t.id);
    const char *fb = opt(&a, "fee-basis");
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
    const char *wf = opt(&a, "waterfall");
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
    hs_status st = fund_create(s, &t, &existed, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund create", &err);
    char m[MONEY_TEXT_MAX];
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "fund", json_string(t.id));
        json_object_set_new(o, "result", json_string(existed ? "exists" : "created"));
        json_object_set_new(o, "size_fen", jmoney(t.size_fen));
        cli_print_json(o);
    } else if (!cfg->quiet) {
        printf("fund %s %s: size %s, GP %s, cash account fund/%s/cash\n", t.id,
               existed ? "exists (nothing changed)" : "created", money_text(cfg, t.size_fen, m),
               t.gp, t.id);
    }
    return 0;
}

/* ---- events ---- */

static int run_event(const hs_config *cfg, const char *sub, int argc, char **argv) {
    static const struct {
        const char *sub, *allowed;
    } table[] = {
        {"commit", "id date lp type amount from phase"},
        {"call", "id date amount default"},
        {"default", "id date lp"},
        {"invest", "id date deal amount firm sector stage city region share"},
        {"mark", "id date deal value"},
        {"fee", "id date days amount"},
        {"exit", "id date deal proceeds cost"},
        {"distribute", "id date amount deal"},
        {"writeoff", "id date deal"},
    };
    const char *allowed = NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (!strcmp(table[i].sub, sub))
            allowed = table[i].allowed;
    if (allowed == NULL)
        return -1;
    fargs a;
    int rc = parse(sub, argc, argv, allowed, 1, &a);
    if (rc)
        return rc;
    hs_date date = cli_today(cfg);
    if (!date_opt(&a, "date", &date))
        return HS_INPUT;
    const char *id = opt(&a, "id");
    const char *fund = a.pos;
    int64_t amount = 0;
    if (!money_opt(&a, "amount", &amount))
        return HS_INPUT;
    hs_store *s = NULL;
    hs_error err = {0};
    bool existed = false;
    hs_status st;
#define OPEN()                                                                                     \
    do {                                                                                           \
        if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)                                        \
            return rc;                                                                             \
    } while (0)
    if (!strcmp(sub, "commit")) {
        if (!need(sub, &a, "lp") || !need(sub, &a, "type") || !need(sub, &a, "amount"))
            return HS_INPUT;
        fund_lp_type type;
        if (!fund_lp_type_parse(opt(&a, "type"), &type))
            return cli_fail(CMD, HS_INPUT,
                            "commit: --type gov, state, bank, corporate, social or fund");
        int phase = 1;
        if (!int_opt(&a, "phase", &phase))
            return HS_INPUT;
        OPEN();
        st = fund_commit(s, id, fund, opt(&a, "lp"), type, opt(&a, "from"), amount, phase, date,
                         &existed, &err);
    } else if (!strcmp(sub, "call")) {
        if (!need(sub, &a, "amount"))
            return HS_INPUT;
        OPEN();
        st = fund_call(s, id, fund, amount, date, opt(&a, "default"), &existed, &err);
    } else if (!strcmp(sub, "default")) {
        if (!need(sub, &a, "lp"))
            return HS_INPUT;
        OPEN();
        st = fund_lp_default(s, id, fund, opt(&a, "lp"), date, &existed, &err);
    } else if (!strcmp(sub, "invest")) {
        if (!need(sub, &a, "deal") || !need(sub, &a, "amount"))
            return HS_INPUT;
        fund_deal d;
        memset(&d, 0, sizeof d);
        snprintf(d.fund, sizeof d.fund, "%s", fund);
        if (!text_opt(&a, "deal", d.deal, sizeof d.deal) ||
            !text_opt(&a, "firm", d.firm, sizeof d.firm) ||
            !text_opt(&a, "sector", d.sector, sizeof d.sector) ||
            !text_opt(&a, "stage", d.stage, sizeof d.stage) ||
            !text_opt(&a, "city", d.city, sizeof d.city) ||
            !text_opt(&a, "region", d.region, sizeof d.region) ||
            !rate_opt(&a, "share", &d.share_bp))
            return HS_INPUT;
        if (d.region[0] == '\0')
            snprintf(d.region, sizeof d.region, "%s", d.city);
        OPEN();
        st = fund_invest(s, id, &d, amount, date, &existed, &err);
    } else if (!strcmp(sub, "mark")) {
        int64_t value = -1;
        if (!need(sub, &a, "deal") || !need(sub, &a, "value") || !money_opt(&a, "value", &value))
            return HS_INPUT;
        OPEN();
        st = fund_mark(s, id, fund, opt(&a, "deal"), value, date, &existed, &err);
    } else if (!strcmp(sub, "fee")) {
        int days = 0;
        if (!int_opt(&a, "days", &days))
            return HS_INPUT;
        if ((days > 0) == (amount > 0))
            return cli_fail(CMD, HS_INPUT, "fee: give exactly one of --days and --amount");
        OPEN();
        int64_t fee;
        st = fund_fee(s, id, fund, date, days, amount, &fee, &existed, &err);
    } else if (!strcmp(sub, "exit")) {
        int64_t proceeds = -1, cost = 0;
        if (!need(sub, &a, "deal") || !need(sub, &a, "proceeds") ||
            !money_opt(&a, "proceeds", &proceeds) || !money_opt(&a, "cost", &cost))
            return HS_INPUT;
        OPEN();
        st = fund_exit(s, id, fund, opt(&a, "deal"), proceeds, cost, date, &existed, &err);
    } else if (!strcmp(sub, "distribute")) {
        if (opt(&a, "deal") == NULL && !need(sub, &a, "amount"))
            return HS_INPUT;
        OPEN();
        fund_distribution dist;
        st = fund_distribute(s, id, fund, amount, opt(&a, "deal"), date, &dist, &existed, &err);
    } else {
        if (!need(sub, &a, "deal"))
            return HS_INPUT;
        OPEN();
        st = fund_writeoff(s, id, fund, opt(&a, "deal"), date, &existed, &err);
    }
#undef OPEN
    return event_done(cfg, s, sub, fund, id, existed, st, &err);
}

/* ---- show / report ---- */

static void ratio_text(const metrics_ratio *r, char *buf, size_t len) {
    if (r->den > 0)
        snprintf(buf, len, "%.4fx", r->value);
    else
        snprintf(buf, len, "n/a");
}

static json_t *ratio_json(const metrics_ratio *r) {
    if (r->den <= 0)
        return json_null();
    return json_pack("{s:I,s:I,s:f}", "num_fen", (json_int_t)r->num, "den_fen", (json_int_t)r->den,
                     "value", r->value);
}

static json_t *figures_json(const fund_figures *f) {
    json_t *o = json_object();
    char d[DATE_TEXT_LEN];
    json_object_set_new(o, "fund", json_string(f->t.id));
    json_object_set_new(o, "name", json_string(f->t.name));
    json_object_set_new(o, "group", json_string(f->t.group));
    json_object_set_new(o, "parent", json_string(f->t.parent));
    json_object_set_new(o, "gp", json_string(f->t.gp));
    json_object_set_new(o, "vintage", json_string(date_format(f->t.vintage, d)));
    json_object_set_new(o, "size_fen", jmoney(f->t.size_fen));
    json_object_set_new(o, "first_phase_fen", jmoney(f->t.first_phase_fen));
    json_t *bt = json_object();
    for (int i = 0; i < FUND_LP_TYPES; i++)
        json_object_set_new(bt, fund_lp_type_name((fund_lp_type)i),
                            jmoney(f->committed_by_type[i]));
    json_object_set_new(o, "committed_by_type_fen", bt);
    json_object_set_new(o, "committed_fen", jmoney(f->committed));
    json_object_set_new(o, "called_fen", jmoney(f->called));
    json_object_set_new(o, "uncalled_fen", jmoney(f->uncalled));
    json_object_set_new(o, "defaulted_fen", jmoney(f->defaulted));
    json_object_set_new(o, "cash_fen", jmoney(f->cash));
    json_object_set_new(o, "invested_fen", jmoney(f->invested));
    json_object_set_new(o, "invested_in_subfunds_fen", jmoney(f->into_subs));
    json_object_set_new(o, "held_cost_fen", jmoney(f->held_cost));
    json_object_set_new(o, "deal_value_fen", jmoney(f->deal_value));
    json_object_set_new(o, "subfund_value_fen", jmoney(f->sub_value));
    json_object_set_new(o, "realised_fen", jmoney(f->realised));
    json_object_set_new(o, "nav_fen", jmoney(f->nav));
    json_object_set_new(o, "distributed_fen", jmoney(f->distributed));
    json_object_set_new(o, "carry_fen", jmoney(f->carry));
    json_object_set_new(o, "fees_fen", jmoney(f->fees));
    json_object_set_new(o, "gains_fen", jmoney(f->gains));
    json_object_set_new(o, "losses_fen", jmoney(f->losses));
    json_object_set_new(o, "irr", f->irr_ok ? json_real(f->irr) : json_null());
    json_object_set_new(o, "tvpi", ratio_json(&f->tvpi));
    json_object_set_new(o, "dpi", ratio_json(&f->dpi));
    json_object_set_new(o, "rvpi", ratio_json(&f->rvpi));
    json_object_set_new(o, "government_money_fen", jmoney(f->gov_money));
    json_object_set_new(o, "leverage", f->gov_money > 0 ? json_real(f->leverage) : json_null());
    json_object_set_new(o, "social_per_government_yuan",
                        f->gov_money > 0 ? json_real(f->social_per_gov) : json_null());
    if (f->t.reinvest_bp > 0) {
        json_t *r = json_object();
        json_object_set_new(r, "region", json_string(f->t.region));
        json_object_set_new(r, "multiple_bp", json_integer(f->t.reinvest_bp));
        json_object_set_new(r, "required_fen", jmoney(f->required_fen));
        json_object_set_new(r, "local_fen", jmoney(f->local_fen));
        json_object_set_new(r, "shortfall_fen", jmoney(f->shortfall_fen));
        json_object_set_new(r, "ratio",
                            f->required_fen > 0
                                ? json_real((double)f->local_fen / (double)f->required_fen)
                                : json_null());
        json_object_set_new(o, "reinvestment", r);
    }
    json_object_set_new(o, "recycled_fen", jmoney(f->recycled));
    json_object_set_new(o, "deployed", json_real(f->deployed));
    json_object_set_new(o, "deployed_per_year", json_real(f->deployed_per_year));
    json_object_set_new(o, "deals", json_integer(f->deals));
    json_object_set_new(o, "deals_held", json_integer(f->deals_held));
    json_object_set_new(o, "lookthrough_weight", json_real(f->weight));
    return o;
}

static void print_figures(const hs_config *cfg, const fund_figures *f) {
    char m[8][MONEY_TEXT_MAX], d[DATE_TEXT_LEN], r[3][32];
    printf("fund %s  %s  GP %s%s%s%s%s  vintage %s\n", f->t.id, f->t.name, f->t.gp,
           f->t.group[0] ? "  group " : "", f->t.group, f->t.parent[0] ? "  mother " : "",
           f->t.parent, date_format(f->t.vintage, d));
    printf("  size %s (首期 %s), committed %s: ", money_text(cfg, f->t.size_fen, m[0]),
           money_text(cfg, f->t.first_phase_fen, m[1]), money_text(cfg, f->committed, m[2]));
    bool first = true;
    for (int i = 0; i < FUND_LP_TYPES; i++)
        if (f->committed_by_type[i]) {
            printf("%s%s %s", first ? "" : ", ", fund_lp_type_name((fund_lp_type)i),
                   money_text(cfg, f->committed_by_type[i], m[3]));
            first = false;
        }
    printf("\n  called %s, uncalled %s%s%s\n", money_text(cfg, f->called, m[0]),
           money_text(cfg, f->uncalled, m[1]), f->defaulted ? ", cancelled by default " : "",
           f->defaulted ? money_text(cfg, f->defaulted, m[2]) : "");
    printf("  invested %s (sub-funds %s), held at cost %s, deals %d (%d held)\n",
           money_text(cfg, f->invested, m[0]), money_text(cfg, f->into_subs, m[1]),
           money_text(cfg, f->held_cost, m[2]), f->deals, f->deals_held);
    printf("  NAV %s = cash %s + deals %s + sub-funds %s\n", money_text(cfg, f->nav, m[0]),
           money_text(cfg, f->cash, m[1]), money_text(cfg, f->deal_value, m[2]),
           money_text(cfg, f->sub_value, m[3]));
    printf("  distributed %s, carry %s, fees %s, realised gains %s, losses %s\n",
           money_text(cfg, f->distributed, m[0]), money_text(cfg, f->carry, m[1]),
           money_text(cfg, f->fees, m[2]), money_text(cfg, f->gains, m[3]),
           money_text(cfg, f->losses, m[4]));
    ratio_text(&f->tvpi, r[0], sizeof r[0]);
    ratio_text(&f->dpi, r[1], sizeof r[1]);
    ratio_text(&f->rvpi, r[2], sizeof r[2]);
    if (f->irr_ok)
        printf("  IRR %.2f%% (XIRR, actual/365, NAV as the last flow)", pct(f->irr));
    else
        printf("  IRR n/a");
    printf("  TVPI %s  DPI %s  RVPI %s\n", r[0], r[1], r[2]);
    if (f->gov_money > 0)
        printf("  government money %s: leverage %.2fx (committed / government), social capital "
               "%.2f per yuan of government money\n",
               money_text(cfg, f->gov_money, m[0]), f->leverage, f->social_per_gov);
    if (f->t.reinvest_bp > 0)
        printf("  返投 %.2fx in %s: required %s, local %s, ratio %.2f%%, shortfall %s\n",
               (double)f->t.reinvest_bp / 10000, f->t.region,
               money_text(cfg, f->required_fen, m[0]), money_text(cfg, f->local_fen, m[1]),
               f->required_fen ? 100.0 * (double)f->local_fen / (double)f->required_fen : 0.0,
               money_text(cfg, f->shortfall_fen, m[2]));
    printf("  deployed %.2f%% of committed (%.2f%% a year since the vintage)\n", 100 * f->deployed,
           100 * f->deployed_per_year);
}

typedef struct {
    const hs_config *cfg;
    json_t *arr;
} deals_ctx;

static hs_status show_deal(void *vctx, const fund_deal *d, hs_error *err) {
    deals_ctx *c = vctx;
    metrics_ratio moic = {0};
    hs_error e2;
    bool ok = d->cost_fen > 0 &&
              metrics_moic(d->realised_fen, d->value_fen, d->cost_fen, &moic, &e2) == HS_OK;
    if (c->arr) {
        json_t *o = json_object();
        char dt[DATE_TEXT_LEN];
        json_object_set_new(o, "deal", json_string(d->deal));
        json_object_set_new(o, "firm", json_string(d->firm));
        json_object_set_new(o, "sector", json_string(d->sector));
        json_object_set_new(o, "stage", json_string(d->stage));
        json_object_set_new(o, "city", json_string(d->city));
        json_object_set_new(o, "region", json_string(d->region));
        json_object_set_new(o, "share_bp", json_integer(d->share_bp));
        json_object_set_new(o, "date", json_string(date_format(d->date, dt)));
        json_object_set_new(o, "status", json_string(fund_deal_status_name(d->status)));
        json_object_set_new(o, "cost_fen", jmoney(d->cost_fen));
        json_object_set_new(o, "held_fen", jmoney(d->held_fen));
        json_object_set_new(o, "value_fen", jmoney(d->value_fen));
        json_object_set_new(o, "realised_fen", jmoney(d->realised_fen));
        json_object_set_new(o, "moic", ok ? ratio_json(&moic) : json_null());
        json_array_append_new(c->arr, o);
        return HS_OK;
    }
    char m[3][MONEY_TEXT_MAX], x[32];
    if (ok)
        snprintf(x, sizeof x, "%.4fx", moic.value);
    else
        snprintf(x, sizeof x, "n/a");
    printf("  %-14s %-16s %-10s %-8s %-8s %-11s %20s %20s %20s  %s\n", d->deal, d->firm, d->sector,
           d->stage, d->city, fund_deal_status_name(d->status),
           money_text(c->cfg, d->cost_fen, m[0]), money_text(c->cfg, d->value_fen, m[1]),
           money_text(c->cfg, d->realised_fen, m[2]), x);
    return HS_OK;
}

static int run_show(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    int rc = parse("show", argc, argv, "as-of", 1, &a);
    if (rc)
        return rc;
    hs_date as_of = 0;
    if (!date_opt(&a, "as-of", &as_of))
        return HS_INPUT;
    hs_store *s;
    if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)
        return rc;
    hs_error err = {0};
    fund_figures f;
    fund_lp *lps = NULL;
    size_t n = 0;
    hs_status st = fund_figures_get(s, a.pos, as_of, &f, &err);
    if (st == HS_OK)
        st = fund_lps_load(s, a.pos, &lps, &n, &err);
    if (st != HS_OK) {
        store_close(s);
        return cli_report("fund show", &err);
    }
    char m[4][MONEY_TEXT_MAX];
    if (cfg->json) {
        json_t *o = figures_json(&f), *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                arr, json_pack("{s:s,s:s,s:s,s:i,s:b,s:I,s:I,s:I,s:I}", "lp", lps[i].lp, "type",
                               fund_lp_type_name(lps[i].type), "account", lps[i].account, "phase",
                               lps[i].phase, "defaulted", lps[i].defaulted, "committed_fen",
                               (json_int_t)(lps[i].called_fen + lps[i].uncalled_fen), "called_fen",
                               (json_int_t)lps[i].called_fen, "uncalled_fen",
                               (json_int_t)lps[i].uncalled_fen, "distributed_fen",
                               (json_int_t)lps[i].distributed_fen));
        json_object_set_new(o, "lps", arr);
        deals_ctx c = {cfg, json_array()};
        st = fund_deals_each(s, a.pos, show_deal, &c, &err);
        json_object_set_new(o, "deals_list", c.arr);
        cli_print_json(o);
    } else {
        print_figures(cfg, &f);
        printf("\n  %-20s %-9s %-32s %5s %20s %20s %20s %20s\n", "LP", "type", "pays from", "phase",
               "committed", "called", "uncalled", "distributed");
        for (size_t i = 0; i < n; i++)
            printf("  %-20s %-9s %-32s %5d %20s %20s %20s %20s%s\n", lps[i].lp,
                   fund_lp_type_name(lps[i].type), lps[i].account, lps[i].phase,
                   money_text(cfg, lps[i].called_fen + lps[i].uncalled_fen, m[0]),
                   money_text(cfg, lps[i].called_fen, m[1]),
                   money_text(cfg, lps[i].uncalled_fen, m[2]),
                   money_text(cfg, lps[i].distributed_fen, m[3]),
                   lps[i].defaulted ? "  (in default)" : "");
        if (f.deals > 0) {
            printf("\n  %-14s %-16s %-10s %-8s %-8s %-11s %20s %20s %20s  %s\n", "deal", "firm",
                   "sector", "stage", "city", "status", "cost", "value", "realised", "MOIC");
            deals_ctx c = {cfg, NULL};
            st = fund_deals_each(s, a.pos, show_deal, &c, &err);
        }
    }
    free(lps);
    store_close(s);
    return st == HS_OK ? 0 : cli_report("fund show", &err);
}

static int run_report(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    int rc = parse("report", argc, argv, "as-of by", 1, &a);
    if (rc)
        return rc;
    hs_date as_of = 0;
    if (!date_opt(&a, "as-of", &as_of))
        return HS_INPUT;
    fund_by by = FUND_BY_NONE;
    const char *b = opt(&a, "by");
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
    hs_status st = fund_report_build(s, a.pos, as_of, by, &r, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund report", &err);
    char m[8][MONEY_TEXT_MAX], d[DATE_TEXT_LEN], t[3][32];
    if (cfg->json) {
        json_t *o = json_object(), *arr = json_array();
        json_object_set_new(o, "root", json_string(r.root));
        json_object_set_new(o, "kind", json_string(r.is_group ? "group" : "fund"));
        json_object_set_new(o, "as_of", json_string(date_format(r.as_of, d)));
        json_object_set_new(o, "funds_count", json_integer((json_int_t)r.n));
        json_object_set_new(o, "size_total_fen", jmoney(r.size_total));
        json_object_set_new(o, "committed_total_fen", jmoney(r.committed_total));
        json_object_set_new(o, "external_committed_fen", jmoney(r.external_committed));
        json_object_set_new(o, "external_government_fen", jmoney(r.external_gov));
        json_object_set_new(o, "external_called_fen", jmoney(r.external_called));
        json_object_set_new(o, "external_distributed_fen", jmoney(r.external_distributed));
        json_object_set_new(o, "nav_fen", jmoney(r.nav_total));
        json_object_set_new(o, "invested_fen", jmoney(r.invested_total));
        json_object_set_new(o, "fees_fen", jmoney(r.fees_total));
        json_object_set_new(o, "carry_fen", jmoney(r.carry_total));
        json_object_set_new(o, "deals", json_integer(r.deals_total));
        json_object_set_new(o, "irr", r.irr_ok ? json_real(r.irr) : json_null());
        json_object_set_new(o, "tvpi", ratio_json(&r.tvpi));
        json_object_set_new(o, "dpi", ratio_json(&r.dpi));
        json_object_set_new(o, "rvpi", ratio_json(&r.rvpi));
        json_t *lev = json_object();
        json_object_set_new(lev, "size_over_government",
                            r.external_gov ? json_real(r.leverage_size) : json_null());
        json_object_set_new(lev, "committed_over_government",
                            r.external_gov ? json_real(r.leverage_external) : json_null());
        json_object_set_new(lev, "social_per_government_yuan",
                            r.external_gov ? json_real(r.social_per_gov) : json_null());
        json_object_set_new(
            lev, "definition",
            json_string("size_over_government = sum of fund sizes / government money from "
                        "outside the tree; committed_over_government = capital committed from "
                        "outside the tree / that government money; social = (committed - "
                        "government) / government"));
        json_object_set_new(o, "leverage", lev);
        json_t *rt = json_object();
        json_object_set_new(rt, "required_fen", jmoney(r.required_total));
        json_object_set_new(rt, "local_fen", jmoney(r.local_total));
        json_object_set_new(rt, "shortfall_fen", jmoney(r.shortfall_total));
        json_object_set_new(o, "reinvestment", rt);
        for (size_t i = 0; i < r.n; i++)
            json_array_append_new(arr, figures_json(&r.funds[i]));
        json_object_set_new(o, "funds", arr);
        if (by != FUND_BY_NONE) {
            json_t *ex = json_array();
            for (size_t i = 0; i < r.n_exposure; i++)
                json_array_append_new(ex, json_pack("{s:s,s:i,s:I,s:I}", "key", r.exposure[i].key,
                                                    "deals", r.exposure[i].deals, "cost_fen",
                                                    (json_int_t)(r.exposure[i].cost_fen + 0.5),
                                                    "value_fen",
                                                    (json_int_t)(r.exposure[i].value_fen + 0.5)));
            json_object_set_new(o, "by", json_string(b));
            json_object_set_new(o, "exposure", ex);
        }
        cli_print_json(o);
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
        snprintf(lev, sizeof lev, f->gov_money ? "%.2fx" : "n/a", f->leverage);
        ratio_text(&f->tvpi, t[0], sizeof t[0]);
        snprintf(name, sizeof name, "%s%s", f->t.parent[0] ? "  " : "", f->t.id);
        printf("%-26s %18s %18s %18s %18s %18s %18s %8s %8s %8s\n", name,
               money_text(cfg, f->t.size_fen, m[0]), money_text(cfg, f->committed, m[1]),
               money_text(cfg, f->called, m[2]), money_text(cfg, f->invested, m[3]),
               money_text(cfg, f->nav, m[4]), money_text(cfg, f->distributed, m[5]), irr, t[0],
               lev);
    }
    printf("\ntotal: fund sizes %s, committed %s (from outside the tree %s), government money %s\n",
           money_text(cfg, r.size_total, m[0]), money_text(cfg, r.committed_total, m[1]),
           money_text(cfg, r.external_committed, m[2]), money_text(cfg, r.external_gov, m[3]));
    if (r.external_gov > 0)
        printf("leverage (放大倍数): fund sizes / government money %.2fx; committed / government "
               "money %.2fx; social capital %.2f per yuan of government money\n",
               r.leverage_size, r.leverage_external, r.social_per_gov);
    ratio_text(&r.tvpi, t[0], sizeof t[0]);
    ratio_text(&r.dpi, t[1], sizeof t[1]);
    ratio_text(&r.rvpi, t[2], sizeof t[2]);
    printf("outside LPs: called %s, distributed %s; NAV %s; invested in firms %s; %d deals\n",
           money_text(cfg, r.external_called, m[0]), money_text(cfg, r.external_distributed, m[1]),
           money_text(cfg, r.nav_total, m[2]), money_text(cfg, r.invested_total, m[3]),
           r.deals_total);
    if (r.irr_ok)
        printf("IRR %.2f%%  ", pct(r.irr));
    else
        printf("IRR n/a  ");
    printf("TVPI %s  DPI %s  RVPI %s  fees %s  carry %s\n", t[0], t[1], t[2],
           money_text(cfg, r.fees_total, m[0]), money_text(cfg, r.carry_total, m[1]));
    for (size_t i = 0; i < r.n; i++) {
        const fund_figures *f = &r.funds[i];
        if (f->t.reinvest_bp > 0)
            printf("返投 %s: %.2fx of government money %s in %s = %s required, %s local "
                   "(%.2f%%), shortfall %s\n",
                   f->t.id, (double)f->t.reinvest_bp / 10000, money_text(cfg, f->gov_money, m[0]),
                   f->t.region, money_text(cfg, f->required_fen, m[1]),
                   money_text(cfg, f->local_fen, m[2]),
                   f->required_fen ? 100.0 * (double)f->local_fen / (double)f->required_fen : 0.0,
                   money_text(cfg, f->shortfall_fen, m[3]));
    }
    if (by != FUND_BY_NONE) {
        double total = 0;
        for (size_t i = 0; i < r.n_exposure; i++)
            total += r.exposure[i].value_fen;
        printf("\nlook-through exposure by %s (held deals%s):\n%-24s %6s %20s %20s %8s\n", b,
               r.is_group ? "" : ", weighted by the root's share", b, "deals", "cost", "value",
               "share");
        for (size_t i = 0; i < r.n_exposure; i++)
            printf("%-24s %6d %20s %20s %7.2f%%\n", r.exposure[i].key, r.exposure[i].deals,
                   money_text(cfg, (int64_t)(r.exposure[i].cost_fen + 0.5), m[0]),
                   money_text(cfg, (int64_t)(r.exposure[i].value_fen + 0.5), m[1]),
                   total > 0 ? 100 * r.exposure[i].value_fen / total : 0.0);
    }
    fund_report_free(&r);
    return 0;
}

/* ---- select ---- */

static int run_select(const hs_config *cfg, int argc, char **argv) {
    fargs a;
    int rc = parse("select", argc, argv, "candidates policy date", 0, &a);
    if (rc)
        return rc;
    if (!need("select", &a, "candidates"))
        return HS_INPUT;
    fund_candidate *c;
    size_t n;
    hs_error err = {0};
    hs_date on = cli_today(cfg);
    if (!date_opt(&a, "date", &on))
        return HS_INPUT;
    if (fund_select_read(opt(&a, "candidates"), &c, &n, &err) != HS_OK)
        return cli_report("fund select", &err);
    const char *policy = opt(&a, "policy");
    if (policy == NULL) {
        fund_select_evaluate(c, n);
    } else if (fund_select_evaluate_policy(policy, opt(&a, "candidates"), on, c, n, &err) !=
               HS_OK) {
        free(c);
        return cli_report("fund select", &err);
    }
    if (cfg->json) {
        json_t *o = json_object(), *rules = json_array(), *arr = json_array();
        for (size_t i = 0; i < fund_select_rule_count; i++) {
            const fund_select_rule *r = &fund_select_rules[i];
            json_array_append_new(rules, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s}", "id", r->id,
                                                   "field", r->field, "kind", r->kind, "cmp",
                                                   r->cmp == SELECT_MIN ? ">=" : "<=", "threshold",
                                                   (json_int_t)r->threshold, "text", r->text,
                                                   "source", r->source));
        }
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                arr, json_pack("{s:s,s:s,s:i,s:b,s:s,s:f,s:f,s:f,s:f,s:i}", "manager", c[i].manager,
                               "kind", c[i].kind, "line", c[i].line, "eligible", c[i].eligible,
                               "reasons", c[i].reasons, "score", c[i].score, "score_aum",
                               c[i].score_aum, "score_staff", c[i].score_staff, "score_paid_in",
                               c[i].score_paid_in, "rank", c[i].rank));
        json_object_set_new(o, "rules", rules);
        json_object_set_new(o, "policy", policy ? json_string(policy) : json_null());
        json_object_set_new(o, "candidates", arr);
        cli_print_json(o);
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
    int rc = parse("check", argc, argv, "", 2, &a);
    if (rc)
        return rc;
    hs_store *s;
    if ((rc = cli_open_book(cfg, CMD, false, &s)) != 0)
        return rc;
    hs_error err = {0};
    fund_verify_report r;
    hs_status st = fund_verify(s, a.pos, &r, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund check", &err);
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_boolean(r.ok));
        json_object_set_new(o, "funds", json_integer((json_int_t)r.funds));
        json_object_set_new(o, "checks", json_integer((json_int_t)r.checks));
        json_object_set_new(o, "first_violation",
                            r.ok ? json_null() : json_string(r.first_violation));
        cli_print_json(o);
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
    fund_terms t;
    bool found;
    hs_status st = fund_get(s, fund, &t, &found, &err);
    if (st == HS_OK && !found) {
        store_close(s);
        return cli_fail("fund project", HS_INPUT,
                        "fund %s not found in the book (create it with `huoshui fund create`, or "
                        "give --commitment, --rc, --growth, --bow and --life to project from "
                        "parameters)",
                        fund);
    }
    fund_figures f;
    if (st == HS_OK)
        st = fund_figures_get(s, fund, 0, &f, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("fund project", &err);
    if (f.committed <= 0)
        return cli_fail("fund project", HS_INPUT, "fund %s has no commitments to project", fund);
    /* defaults: the rates of Takahashi & Alexander's example unless given */
    if (!have_rc) {
        p->call_rates[0] = 0.25;
        p->call_rates[1] = 1.0 / 3.0;
        p->call_rates[2] = 0.5;
        p->call_rate_count = 3;
    }
    if (!have_growth)
        p->growth = 0.13;
    if (!have_bow)
        p->bow = 2.5;
    if (!have_life)
        p->life_years = f.t.invest_years + f.t.exit_years + f.t.extension_years;
    p->commitment = (double)f.committed / 100.0;
    int64_t age = fund_whole_years(f.t.vintage, cli_today(cfg));
    int horizon = p->horizon_years ? p->horizon_years : p->life_years;
    if (age >= horizon)
        age = horizon - 1;
    p->start_age = (int)age;
    if (age > 0) {
        p->start_paid_in = (double)f.called / 100.0;
        p->start_nav = (double)f.nav / 100.0;
        p->start_distributed = (double)f.distributed / 100.0;
    }
    char title[160];
    snprintf(title, sizeof title, "fund %s (yuan; age %d, paid in %.2f, NAV %.2f)", fund,
             p->start_age, p->start_paid_in, p->start_nav);
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
    return run_event(cfg, sub, argc, argv);
}
