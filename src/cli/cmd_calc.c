/* cmd_calc.c — `huoshui calc`: stand-alone fund calculators (XIRR, NPV, the distribution
 * waterfall). Pure computation: no book is opened. */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "instrument/metrics.h"
#include "instrument/waterfall.h"

#define CMD "calc"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui calc xirr DATE:AMOUNT... [--guess RATE] [--json]\n"
        "       huoshui calc npv RATE AMOUNT... [--json]\n"
        "       huoshui calc waterfall --paid-in AMOUNT --proceeds AMOUNT --years N\n"
        "                 --hurdle RATE --carry RATE [--catch-up RATE]\n"
        "                 [--gov-commitment AMOUNT --social-commitment AMOUNT\n"
        "                  --concession RATE [--concession-to-gp RATE]] [--json]\n"
        "       huoshui calc multiples --paid-in AMOUNT --distributed AMOUNT --nav AMOUNT\n"
        "                 [--invested AMOUNT] [--json]\n"
        "       huoshui calc waterfall --deal PAID:PROCEEDS:YEARS... --hurdle RATE\n"
        "                 --carry RATE [--catch-up RATE] [--json]\n\n"
        "xirr       Excel's XIRR: dated flows (negative = paid out), actual/365 from the first\n"
        "           date; needs at least one negative and one positive amount.\n"
        "npv        Excel's NPV: the first amount is discounted one full period.\n"
        "           RATE is 0.1 or 10%%.\n"
        "multiples  TVPI = (distributed + NAV) / paid-in, DPI = distributed / paid-in,\n"
        "           RVPI = NAV / paid-in; with --invested, MOIC = (distributed + NAV) / invested.\n"
        "waterfall  a European whole-fund split: return of capital, preferred return\n"
        "           (hurdle compounded annually over N years), GP catch-up (default: none;\n"
        "           100%% = full catch-up), carried interest. Exact to the fen.\n"
        "           With --gov-commitment/--social-commitment/--concession the LP side is\n"
        "           split by commitment and the government cedes that share of its return\n"
        "           above the hurdle (让利), to the social LPs and --concession-to-gp to the GP.\n"
        "           With --deal (repeated) it is American, deal by deal: each deal returns its\n"
        "           own capital and hurdle over its own years before catch-up and carry (no\n"
        "           netting of losses across deals, no clawback).\n"
        "amounts: 1000000, -1,000,000.00, 500万, 2.5亿 ...; rates: 8%%, 0.08, 800bp.\n");
}

/* Parses "0.1", "10%" or "-5%" as a fraction; false (with a message) otherwise. */
static bool parse_fraction(const char *what, const char *text, double *out) {
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end != text && *end == '%') {
        v /= 100.0;
        end++;
    }
    if (end == text || *end != '\0' || errno != 0 || !isfinite(v)) {
        cli_fail(CMD, HS_INPUT, "%s: not a rate: '%s' (write 0.1 or 10%%)", what, text);
        return false;
    }
    *out = v;
    return true;
}

static bool rate_arg(const char *what, const char *text, int64_t *out_bp) {
    char why[256];
    if (rate_parse_bp(text, out_bp, why, sizeof why))
        return true;
    cli_fail(CMD, HS_INPUT, "%s: %s", what, why);
    return false;
}

/* ---- xirr ---- */

static int run_xirr(const hs_config *cfg, int argc, char **argv) {
    size_t n = 0;
    hs_date *dates = calloc((size_t)argc, sizeof *dates);
    int64_t *amounts = calloc((size_t)argc, sizeof *amounts);
    double guess = METRICS_XIRR_GUESS;
    int rc = HS_OK;
    if (dates == NULL || amounts == NULL) {
        rc = cli_fail(CMD, HS_STORAGE, "out of memory");
        goto done;
    }
    for (int i = 1; i < argc && rc == HS_OK; i++) {
        if (strcmp(argv[i], "--guess") == 0 && i + 1 < argc) {
            if (!parse_fraction("--guess", argv[++i], &guess))
                rc = HS_INPUT;
            continue;
        }
        if (strncmp(argv[i], "--", 2) == 0) {
            rc = cli_fail(CMD, HS_INPUT, "xirr: unknown option '%s' (see --help)", argv[i]);
            break;
        }
        char *colon = strchr(argv[i], ':');
        if (colon == NULL) {
            rc = cli_fail(CMD, HS_INPUT, "xirr: flow %zu: expected DATE:AMOUNT, got '%s'", n + 1,
                          argv[i]);
            break;
        }
        char what[64];
        snprintf(what, sizeof what, "xirr: flow %zu", n + 1);
        *colon = '\0';
        bool ok = cli_date_arg(CMD, what, argv[i], &dates[n]) &&
                  cli_money_arg(CMD, what, colon + 1, &amounts[n]);
        *colon = ':';
        if (!ok)
            rc = HS_INPUT;
        else
            n++;
    }
    if (rc != HS_OK)
        goto done;
    hs_error err;
    double rate;
    if (metrics_xirr(dates, amounts, n, guess, &rate, &err) != HS_OK) {
        rc = cli_report(CMD, &err);
        goto done;
    }
    if (cfg->json)
        cli_print_json(json_pack("{s:f}", "xirr", rate));
    else
        printf("%.9f (%.2f%%)\n", rate, rate * 100.0);
done:
    free(dates);
    free(amounts);
    return rc;
}

/* ---- npv ---- */

static int run_npv(const hs_config *cfg, int argc, char **argv) {
    if (argc < 3)
        return cli_fail(CMD, HS_INPUT, "npv: expected RATE AMOUNT... (see --help)");
    double rate;
    if (!parse_fraction("npv: RATE", argv[1], &rate))
        return HS_INPUT;
    size_t n = (size_t)argc - 2;
    int64_t *amounts = calloc(n, sizeof *amounts);
    if (amounts == NULL)
        return cli_fail(CMD, HS_STORAGE, "out of memory");
    int rc = HS_OK;
    for (size_t i = 0; i < n && rc == HS_OK; i++) {
        char what[64];
        snprintf(what, sizeof what, "npv: amount %zu", i + 1);
        if (strncmp(argv[i + 2], "--", 2) == 0)
            rc = cli_fail(CMD, HS_INPUT, "npv: unknown option '%s' (see --help)", argv[i + 2]);
        else if (!cli_money_arg(CMD, what, argv[i + 2], &amounts[i]))
            rc = HS_INPUT;
    }
    hs_error err;
    double npv_fen = 0;
    if (rc == HS_OK && metrics_npv(rate, amounts, n, &npv_fen, &err) != HS_OK)
        rc = cli_report(CMD, &err);
    free(amounts);
    if (rc != HS_OK)
        return rc;
    if (fabs(npv_fen) > 9.2e18)
        return cli_fail(CMD, HS_INPUT, "npv: the result is too large to print in fen");
    int64_t rounded = llround(npv_fen); /* half away from zero, to the fen */
    char buf[MONEY_TEXT_MAX];
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "rate", json_real(rate));
        json_object_set_new(o, "npv", json_string(money_format_decimal(rounded, buf, sizeof buf)));
        json_object_set_new(o, "npv_fen", json_integer(rounded));
        cli_print_json(o);
    } else {
        printf("%s\n", cli_money_text(cfg, rounded, buf, sizeof buf));
    }
    return HS_OK;
}

/* ---- multiples ---- */

static json_t *ratio_json(const metrics_ratio *r) {
    return json_pack("{s:f,s:I,s:I}", "value", r->value, "num_fen", (json_int_t)r->num, "den_fen",
                     (json_int_t)r->den);
}

static int run_multiples(const hs_config *cfg, int argc, char **argv) {
    int64_t paid_in = 0, distributed = 0, nav = 0, invested = 0;
    bool have[4] = {false, false, false, false};
    static const char *names[4] = {"--paid-in", "--distributed", "--nav", "--invested"};
    int64_t *slots[4] = {&paid_in, &distributed, &nav, &invested};
    for (int i = 1; i < argc; i++) {
        int k = 0;
        while (k < 4 && strcmp(argv[i], names[k]) != 0)
            k++;
        if (k == 4 || i + 1 >= argc)
            return cli_fail(CMD, HS_INPUT, "multiples: unexpected '%s' (see --help)", argv[i]);
        if (!cli_money_arg(CMD, names[k], argv[++i], slots[k]))
            return HS_INPUT;
        have[k] = true;
    }
    if (!have[0] || !have[1] || !have[2])
        return cli_fail(CMD, HS_INPUT,
                        "multiples: --paid-in, --distributed and --nav are required (see --help)");
    hs_error err;
    metrics_ratio tvpi, dpi, rvpi, moic;
    if (metrics_tvpi(distributed, nav, paid_in, &tvpi, &err) != HS_OK ||
        metrics_dpi(distributed, paid_in, &dpi, &err) != HS_OK ||
        metrics_rvpi(nav, paid_in, &rvpi, &err) != HS_OK ||
        (have[3] && metrics_moic(distributed, nav, invested, &moic, &err) != HS_OK))
        return cli_report(CMD, &err);
    if (cfg->json) {
        json_t *o = json_pack("{s:o,s:o,s:o}", "tvpi", ratio_json(&tvpi), "dpi", ratio_json(&dpi),
                              "rvpi", ratio_json(&rvpi));
        if (have[3])
            json_object_set_new(o, "moic", ratio_json(&moic));
        cli_print_json(o);
        return HS_OK;
    }
    printf("TVPI %.4fx\nDPI  %.4fx\nRVPI %.4fx\n", tvpi.value, dpi.value, rvpi.value);
    if (have[3])
        printf("MOIC %.4fx\n", moic.value);
    return HS_OK;
}

/* ---- waterfall ---- */

typedef struct {
    int64_t paid_in, proceeds;
    waterfall_terms terms;
    waterfall_deal *deals; /* --deal PAID:PROCEEDS:YEARS (American mode), room for argc */
    size_t deal_count;
    waterfall_concession_terms concession;
    bool have_paid_in, have_proceeds, have_years, have_hurdle, have_carry, have_gov, have_social,
        have_concession;
} waterfall_args;

/* Parses "PAID:PROCEEDS:YEARS" for --deal. */
static bool deal_arg(const char *text, waterfall_deal *out) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    char *first = strchr(buf, ':'), *second = first ? strchr(first + 1, ':') : NULL;
    if (first == NULL || second == NULL || strlen(text) >= sizeof buf) {
        cli_fail(CMD, HS_INPUT, "--deal: expected PAID:PROCEEDS:YEARS, got '%s'", text);
        return false;
    }
    *first = *second = '\0';
    return cli_money_arg(CMD, "--deal paid-in", buf, &out->paid_in_fen) &&
           cli_money_arg(CMD, "--deal proceeds", first + 1, &out->proceeds_fen) &&
           cli_int_arg(CMD, "--deal years", second + 1, &out->years);
}

static int parse_waterfall_args(int argc, char **argv, waterfall_args *a) {
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strncmp(opt, "--", 2) != 0 || i + 1 >= argc)
            return cli_fail(CMD, HS_INPUT, "waterfall: unexpected '%s' (see --help)", opt);
        const char *v = argv[++i];
        bool ok = true;
        if (strcmp(opt, "--paid-in") == 0)
            ok = a->have_paid_in = cli_money_arg(CMD, "--paid-in", v, &a->paid_in);
        else if (strcmp(opt, "--proceeds") == 0)
            ok = a->have_proceeds = cli_money_arg(CMD, "--proceeds", v, &a->proceeds);
        else if (strcmp(opt, "--years") == 0)
            ok = a->have_years = cli_int_arg(CMD, "--years", v, &a->terms.years);
        else if (strcmp(opt, "--hurdle") == 0)
            ok = a->have_hurdle = rate_arg("--hurdle", v, &a->terms.hurdle_bp);
        else if (strcmp(opt, "--carry") == 0)
            ok = a->have_carry = rate_arg("--carry", v, &a->terms.carry_bp);
        else if (strcmp(opt, "--catch-up") == 0)
            ok = rate_arg("--catch-up", v, &a->terms.catch_up_bp);
        else if (strcmp(opt, "--gov-commitment") == 0)
            ok = a->have_gov =
                cli_money_arg(CMD, "--gov-commitment", v, &a->concession.gov_commitment_fen);
        else if (strcmp(opt, "--social-commitment") == 0)
            ok = a->have_social =
                cli_money_arg(CMD, "--social-commitment", v, &a->concession.social_commitment_fen);
        else if (strcmp(opt, "--concession") == 0)
            ok = a->have_concession = rate_arg("--concession", v, &a->concession.concession_bp);
        else if (strcmp(opt, "--concession-to-gp") == 0)
            ok = rate_arg("--concession-to-gp", v, &a->concession.to_gp_bp);
        else if (strcmp(opt, "--deal") == 0)
            ok = deal_arg(v, &a->deals[a->deal_count++]);
        else
            return cli_fail(CMD, HS_INPUT, "waterfall: unknown option '%s' (see --help)", opt);
        if (!ok)
            return HS_INPUT;
    }
    if (a->deal_count > 0) {
        if (a->have_paid_in || a->have_proceeds || a->have_years || a->have_concession)
            return cli_fail(CMD, HS_INPUT,
                            "waterfall: --deal (deal-by-deal) excludes --paid-in, --proceeds, "
                            "--years and 让利");
        if (!a->have_hurdle || !a->have_carry)
            return cli_fail(CMD, HS_INPUT, "waterfall: --hurdle and --carry are required");
        return HS_OK;
    }
    if (!a->have_paid_in || !a->have_proceeds || !a->have_years || !a->have_hurdle ||
        !a->have_carry)
        return cli_fail(CMD, HS_INPUT,
                        "waterfall: --paid-in, --proceeds, --years, --hurdle and --carry are all "
                        "required (see --help)");
    bool any = a->have_gov || a->have_social || a->have_concession;
    if (any && !(a->have_gov && a->have_social && a->have_concession))
        return cli_fail(CMD, HS_INPUT,
                        "waterfall: 让利 needs --gov-commitment, --social-commitment and "
                        "--concession together");
    return HS_OK;
}

static json_t *split_json(const char *name, int64_t lp, int64_t gp) {
    char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
    return json_pack("{s:s,s:s,s:s}", "name", name, "lp", money_format_decimal(lp, a, sizeof a),
                     "gp", money_format_decimal(gp, b, sizeof b));
}

static void print_waterfall_json(const waterfall_args *a, const waterfall_result *r,
                                 const waterfall_concession_result *c) {
    char buf[MONEY_TEXT_MAX];
    json_t *o = json_object();
    json_object_set_new(o, "paid_in",
                        json_string(money_format_decimal(r->paid_in_fen, buf, sizeof buf)));
    json_object_set_new(o, "proceeds",
                        json_string(money_format_decimal(r->proceeds_fen, buf, sizeof buf)));
    json_object_set_new(o, "preferred_return",
                        json_string(money_format_decimal(r->preferred_fen, buf, sizeof buf)));
    json_t *tiers = json_array();
    for (int i = 0; i < WATERFALL_TIERS; i++)
        json_array_append_new(tiers, split_json(waterfall_tier_name((waterfall_tier)i),
                                                r->tier[i].lp_fen, r->tier[i].gp_fen));
    json_object_set_new(o, "tiers", tiers);
    json_object_set_new(o, "lp", json_string(money_format_decimal(r->lp_fen, buf, sizeof buf)));
    json_object_set_new(o, "gp", json_string(money_format_decimal(r->gp_fen, buf, sizeof buf)));
    if (c != NULL) {
        json_t *k = json_object();
        json_object_set_new(k, "gov_before",
                            json_string(money_format_decimal(c->gov_before_fen, buf, sizeof buf)));
        json_object_set_new(
            k, "social_before",
            json_string(money_format_decimal(c->social_before_fen, buf, sizeof buf)));
        json_object_set_new(k, "gov_excess",
                            json_string(money_format_decimal(c->gov_excess_fen, buf, sizeof buf)));
        json_object_set_new(k, "ceded",
                            json_string(money_format_decimal(c->ceded_fen, buf, sizeof buf)));
        json_object_set_new(
            k, "ceded_to_social",
            json_string(money_format_decimal(c->ceded_to_social_fen, buf, sizeof buf)));
        json_object_set_new(k, "ceded_to_gp",
                            json_string(money_format_decimal(c->ceded_to_gp_fen, buf, sizeof buf)));
        json_object_set_new(k, "gov",
                            json_string(money_format_decimal(c->gov_fen, buf, sizeof buf)));
        json_object_set_new(k, "social",
                            json_string(money_format_decimal(c->social_fen, buf, sizeof buf)));
        json_object_set_new(k, "gp", json_string(money_format_decimal(c->gp_fen, buf, sizeof buf)));
        json_object_set_new(o, "concession", k);
    }
    (void)a;
    cli_print_json(o);
}

static void print_row(const hs_config *cfg, const char *name, int64_t lp, int64_t gp) {
    char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
    printf("%-20s %24s %24s\n", name, cli_money_text(cfg, lp, a, sizeof a),
           cli_money_text(cfg, gp, b, sizeof b));
}

static void print_waterfall_text(const hs_config *cfg, const waterfall_args *a,
                                 const waterfall_result *r, const waterfall_concession_result *c) {
    char p[MONEY_TEXT_MAX], x[MONEY_TEXT_MAX], h[MONEY_TEXT_MAX], hr[32], cr[32], kr[32];
    printf("European waterfall: paid-in %s, proceeds %s\n",
           cli_money_text(cfg, r->paid_in_fen, p, sizeof p),
           cli_money_text(cfg, r->proceeds_fen, x, sizeof x));
    printf("hurdle %s a year over %lld years (preferred return %s), carry %s, catch-up %s\n\n",
           rate_format_bp(a->terms.hurdle_bp, hr, sizeof hr), (long long)a->terms.years,
           cli_money_text(cfg, r->preferred_fen, h, sizeof h),
           rate_format_bp(a->terms.carry_bp, cr, sizeof cr),
           a->terms.catch_up_bp == 0 ? "none"
                                     : rate_format_bp(a->terms.catch_up_bp, kr, sizeof kr));
    printf("%-20s %24s %24s\n", "tier", "LP", "GP");
    for (int i = 0; i < WATERFALL_TIERS; i++)
        print_row(cfg, waterfall_tier_name((waterfall_tier)i), r->tier[i].lp_fen,
                  r->tier[i].gp_fen);
    print_row(cfg, "total", r->lp_fen, r->gp_fen);
    if (c == NULL)
        return;
    char v[MONEY_TEXT_MAX];
    printf("\n让利 (government profit concession %s of its return above the hurdle):\n",
           rate_format_bp(a->concession.concession_bp, hr, sizeof hr));
    printf("  %-34s %24s\n", "government LP before",
           cli_money_text(cfg, c->gov_before_fen, v, sizeof v));
    printf("  %-34s %24s\n", "social LPs before",
           cli_money_text(cfg, c->social_before_fen, v, sizeof v));
    printf("  %-34s %24s\n", "government return above hurdle",
           cli_money_text(cfg, c->gov_excess_fen, v, sizeof v));
    printf("  %-34s %24s\n", "ceded", cli_money_text(cfg, c->ceded_fen, v, sizeof v));
    printf("  %-34s %24s\n", "  to social LPs",
           cli_money_text(cfg, c->ceded_to_social_fen, v, sizeof v));
    printf("  %-34s %24s\n", "  to GP", cli_money_text(cfg, c->ceded_to_gp_fen, v, sizeof v));
    printf("  %-34s %24s\n", "government LP", cli_money_text(cfg, c->gov_fen, v, sizeof v));
    printf("  %-34s %24s\n", "social LPs", cli_money_text(cfg, c->social_fen, v, sizeof v));
    printf("  %-34s %24s\n", "GP", cli_money_text(cfg, c->gp_fen, v, sizeof v));
}

static void print_american_text(const hs_config *cfg, const waterfall_args *a,
                                const waterfall_result *per, const waterfall_american_result *r) {
    char hr[32], cr[32], kr[32], x[MONEY_TEXT_MAX], y[MONEY_TEXT_MAX];
    printf("American (deal-by-deal) waterfall: %zu deals, hurdle %s, carry %s, catch-up %s\n\n",
           a->deal_count, rate_format_bp(a->terms.hurdle_bp, hr, sizeof hr),
           rate_format_bp(a->terms.carry_bp, cr, sizeof cr),
           a->terms.catch_up_bp == 0 ? "none"
                                     : rate_format_bp(a->terms.catch_up_bp, kr, sizeof kr));
    printf("%-6s %22s %22s %5s %22s %22s\n", "deal", "paid-in", "proceeds", "years", "LP", "GP");
    for (size_t d = 0; d < a->deal_count; d++) {
        char p[MONEY_TEXT_MAX], q[MONEY_TEXT_MAX];
        printf("%-6zu %22s %22s %5lld %22s %22s\n", d + 1,
               cli_money_text(cfg, per[d].paid_in_fen, p, sizeof p),
               cli_money_text(cfg, per[d].proceeds_fen, q, sizeof q), (long long)a->deals[d].years,
               cli_money_text(cfg, per[d].lp_fen, x, sizeof x),
               cli_money_text(cfg, per[d].gp_fen, y, sizeof y));
    }
    printf("\n%-20s %24s %24s\n", "tier (all deals)", "LP", "GP");
    for (int i = 0; i < WATERFALL_TIERS; i++)
        print_row(cfg, waterfall_tier_name((waterfall_tier)i), r->tier[i].lp_fen,
                  r->tier[i].gp_fen);
    print_row(cfg, "total", r->lp_fen, r->gp_fen);
}

static void print_american_json(const waterfall_args *a, const waterfall_result *per,
                                const waterfall_american_result *r) {
    char buf[MONEY_TEXT_MAX];
    json_t *o = json_object(), *deals = json_array(), *tiers = json_array();
    json_object_set_new(o, "mode", json_string("american"));
    for (size_t d = 0; d < a->deal_count; d++) {
        json_t *j = json_object();
        json_object_set_new(j, "paid_in",
                            json_string(money_format_decimal(per[d].paid_in_fen, buf, sizeof buf)));
        json_object_set_new(
            j, "proceeds", json_string(money_format_decimal(per[d].proceeds_fen, buf, sizeof buf)));
        json_object_set_new(j, "years", json_integer(a->deals[d].years));
        json_object_set_new(j, "lp",
                            json_string(money_format_decimal(per[d].lp_fen, buf, sizeof buf)));
        json_object_set_new(j, "gp",
                            json_string(money_format_decimal(per[d].gp_fen, buf, sizeof buf)));
        json_array_append_new(deals, j);
    }
    json_object_set_new(o, "deals", deals);
    for (int i = 0; i < WATERFALL_TIERS; i++)
        json_array_append_new(tiers, split_json(waterfall_tier_name((waterfall_tier)i),
                                                r->tier[i].lp_fen, r->tier[i].gp_fen));
    json_object_set_new(o, "tiers", tiers);
    json_object_set_new(o, "lp", json_string(money_format_decimal(r->lp_fen, buf, sizeof buf)));
    json_object_set_new(o, "gp", json_string(money_format_decimal(r->gp_fen, buf, sizeof buf)));
    cli_print_json(o);
}

static int run_american(const hs_config *cfg, const waterfall_args *a) {
    hs_error err;
    waterfall_american_result r;
    waterfall_result *per = calloc(a->deal_count, sizeof *per);
    if (per == NULL)
        return cli_fail(CMD, HS_STORAGE, "out of memory");
    int rc = HS_OK;
    if (waterfall_american(a->deals, a->deal_count, &a->terms, per, &r, &err) != HS_OK)
        rc = cli_report(CMD, &err);
    else if (cfg->json)
        print_american_json(a, per, &r);
    else
        print_american_text(cfg, a, per, &r);
    free(per);
    return rc;
}

static int run_european(const hs_config *cfg, const waterfall_args *a) {
    hs_error err;
    waterfall_result r;
    if (waterfall_european(a->paid_in, a->proceeds, &a->terms, &r, &err) != HS_OK)
        return cli_report(CMD, &err);
    waterfall_concession_result c;
    bool concession = a->have_concession;
    if (concession && waterfall_concession(&r, &a->concession, &c, &err) != HS_OK)
        return cli_report(CMD, &err);
    if (cfg->json)
        print_waterfall_json(a, &r, concession ? &c : NULL);
    else
        print_waterfall_text(cfg, a, &r, concession ? &c : NULL);
    return HS_OK;
}

static int run_waterfall(const hs_config *cfg, int argc, char **argv) {
    waterfall_args a;
    memset(&a, 0, sizeof a);
    a.deals = calloc((size_t)argc, sizeof *a.deals);
    if (a.deals == NULL)
        return cli_fail(CMD, HS_STORAGE, "out of memory");
    int rc = parse_waterfall_args(argc, argv, &a);
    if (rc == HS_OK)
        rc = a.deal_count > 0 ? run_american(cfg, &a) : run_european(cfg, &a);
    free(a.deals);
    return rc;
}

int cmd_calc(const hs_config *cfg, int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return HS_OK;
        }
    if (argc < 2) {
        usage(stderr);
        return HS_INPUT;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "xirr") == 0)
        return run_xirr(cfg, argc - 1, argv + 1);
    if (strcmp(sub, "npv") == 0)
        return run_npv(cfg, argc - 1, argv + 1);
    if (strcmp(sub, "waterfall") == 0)
        return run_waterfall(cfg, argc - 1, argv + 1);
    if (strcmp(sub, "multiples") == 0)
        return run_multiples(cfg, argc - 1, argv + 1);
    cli_fail(CMD, HS_INPUT, "unknown calculator '%s' (xirr, npv, waterfall, multiples)", sub);
    usage(stderr);
    return HS_INPUT;
}
