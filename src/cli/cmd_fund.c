/* cmd_fund.c — `huoshui fund`: fund projections with the Takahashi–Alexander model (from
 * parameters; projecting a fund in the book comes with the fund module) and commitment pacing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_fund.h"
#include "cli/commands.h"
#include "ops/fund_view.h"
#include "project/svg_chart.h"
#include "project/ta_args.h"
#include "project/takahashi.h"

#define CMD "fund"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui fund project --commitment CC --rc R1[,R2,...] --growth G --bow B\n"
            "                            --life L [--yield Y] [--horizon H]\n"
            "                            [--age A --paid-in P --nav V [--distributed D]]\n"
            "                            [--csv | --json] [--chart FILE.svg]\n"
            "       huoshui fund pacing --target-nav NAV --years N --rc R1[,R2,...] --growth G\n"
            "                           --bow B --life L [--yield Y] [--max-commitment K]\n"
            "                           [--csv | --json]\n\n"
            "project  the Takahashi–Alexander (Yale 2002) model of one fund's cash flows:\n"
            "           C_t = RC_t x (CC - paid-in before year t)\n"
            "           D_t = max(Y, (t/L)^B) x NAV_{t-1} x (1+G)\n"
            "           NAV_t = NAV_{t-1} x (1+G) + C_t - D_t\n"
            "         --rc gives the call rate for years 1, 2, ...; the last one repeats.\n"
            "         Amounts are in the commitment's unit. The table shows the J-curve\n"
            "         (cumulative net cash flow) and its trough; --csv prints\n"
            "         year,contribution,distribution,nav,net_cash_flow (4 decimals);\n"
            "         --chart writes an SVG chart. Rates: 0.13 or 13%%.\n"
            "         A fund already running: --age (years run), --paid-in, --nav and\n"
            "         --distributed so far; the projection starts the year after.\n"
            "pacing   how much to commit each year so that the programme's NAV reaches and\n"
            "         holds --target-nav: each year's commitment fills the gap the older\n"
            "         vintages leave when the new fund's NAV peaks.\n"
            "       huoshui fund project FUND [--rc ...] [--growth G] [--bow B] [--life L]\n"
            "         projects a fund in the book from its state: commitment, age since\n"
            "         the vintage, paid-in, NAV and distributions so far (see `fund show`).\n\n");
    fund_book_usage(out);
}

/* Parses "0.13" or "13%"; false (with a message) otherwise. */
static bool number_arg(const char *what, const char *text, double *out) {
    if (ta_number_parse(text, out))
        return true;
    cli_fail(CMD, HS_INPUT, "%s: not a number: '%s'", what, text);
    return false;
}

static bool rates_arg(const char *text, ta_params *p) {
    char why[128];
    if (ta_call_rates_parse(text, p, why, sizeof why))
        return true;
    cli_fail(CMD, HS_INPUT, "--rc: %s", why);
    return false;
}

static bool years_arg(const char *what, const char *text, int *out) {
    int64_t v;
    if (!cli_int_arg(CMD, what, text, &v))
        return false;
    if (v > TA_YEARS_MAX) {
        cli_fail(CMD, HS_INPUT, "%s: at most %d", what, TA_YEARS_MAX);
        return false;
    }
    *out = (int)v;
    return true;
}

typedef struct {
    ta_params ta;
    double target_nav, max_commitment;
    int years;
    bool csv;
    const char *chart_path;
    const char *fund_name; /* a positional FUND */
    bool have_commitment, have_rc, have_growth, have_bow, have_life, have_target, have_years;
} fund_args;

/* Parses the options both subcommands share (pacing = true allows its own). */
static int parse_args(int argc, char **argv, bool pacing, fund_args *a) {
    memset(a, 0, sizeof *a);
    ta_params_init(&a->ta);
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--csv") == 0) {
            a->csv = true;
            continue;
        }
        if (strncmp(opt, "--", 2) != 0) {
            if (a->fund_name != NULL || pacing)
                return cli_fail(CMD, HS_INPUT, "unexpected argument '%s' (see --help)", opt);
            a->fund_name = opt;
            continue;
        }
        if (i + 1 >= argc)
            return cli_fail(CMD, HS_INPUT, "%s needs a value (see --help)", opt);
        const char *v = argv[++i];
        bool ok;
        if (strcmp(opt, "--commitment") == 0 && !pacing)
            ok = a->have_commitment = number_arg(opt, v, &a->ta.commitment);
        else if (strcmp(opt, "--rc") == 0)
            ok = a->have_rc = rates_arg(v, &a->ta);
        else if (strcmp(opt, "--growth") == 0)
            ok = a->have_growth = number_arg(opt, v, &a->ta.growth);
        else if (strcmp(opt, "--bow") == 0)
            ok = a->have_bow = number_arg(opt, v, &a->ta.bow);
        else if (strcmp(opt, "--life") == 0)
            ok = a->have_life = years_arg(opt, v, &a->ta.life_years);
        else if (strcmp(opt, "--yield") == 0)
            ok = number_arg(opt, v, &a->ta.yield);
        else if (strcmp(opt, "--horizon") == 0 && !pacing)
            ok = years_arg(opt, v, &a->ta.horizon_years);
        else if (strcmp(opt, "--age") == 0 && !pacing)
            ok = years_arg(opt, v, &a->ta.start_age);
        else if (strcmp(opt, "--paid-in") == 0 && !pacing)
            ok = number_arg(opt, v, &a->ta.start_paid_in);
        else if (strcmp(opt, "--nav") == 0 && !pacing)
            ok = number_arg(opt, v, &a->ta.start_nav);
        else if (strcmp(opt, "--distributed") == 0 && !pacing)
            ok = number_arg(opt, v, &a->ta.start_distributed);
        else if (strcmp(opt, "--chart") == 0 && !pacing)
            ok = (a->chart_path = v) != NULL;
        else if (strcmp(opt, "--target-nav") == 0 && pacing)
            ok = a->have_target = number_arg(opt, v, &a->target_nav);
        else if (strcmp(opt, "--years") == 0 && pacing)
            ok = a->have_years = years_arg(opt, v, &a->years);
        else if (strcmp(opt, "--max-commitment") == 0 && pacing)
            ok = number_arg(opt, v, &a->max_commitment);
        else
            return cli_fail(CMD, HS_INPUT, "unknown option '%s' (see --help)", opt);
        if (!ok)
            return HS_INPUT;
    }
    return HS_OK;
}

/* ---- project ---- */

static void print_csv(const ta_series *s) {
    printf("year,contribution,distribution,nav,net_cash_flow\n");
    for (int i = s->first_year - 1; i < s->years; i++)
        printf("%d,%.4f,%.4f,%.4f,%.4f\n", i + 1, s->contribution[i], s->distribution[i], s->nav[i],
               s->net_cash_flow[i]);
}

static void print_table(const char *title, const ta_params *p, const ta_series *s) {
    printf("%s: commitment %g, growth %g, bow %g, life %d, yield %g\n", title, p->commitment,
           p->growth, p->bow, p->life_years, p->yield);
    printf("call rates:");
    for (size_t i = 0; i < p->call_rate_count; i++)
        printf("%s %g", i ? "," : "", p->call_rates[i]);
    printf(" (the last repeats)\n");
    if (p->start_age > 0)
        printf("from the end of year %d: paid in %g, NAV %g, distributed %g\n", p->start_age,
               p->start_paid_in, p->start_nav, p->start_distributed);
    printf("\n%4s %14s %14s %14s %14s %14s\n", "year", "contribution", "distribution", "nav",
           "net cash flow", "cumulative");
    double c = 0, d = 0;
    for (int i = s->first_year - 1; i < s->years; i++) {
        printf("%4d %14.4f %14.4f %14.4f %14.4f %14.4f%s\n", i + 1, s->contribution[i],
               s->distribution[i], s->nav[i], s->net_cash_flow[i], s->cumulative_net[i],
               i + 1 == s->trough_year ? "  <- trough" : "");
        c += s->contribution[i];
        d += s->distribution[i];
    }
    printf("%4s %14.4f %14.4f\n\n", "sum", c, d);
    printf("J-curve trough: year %d, cumulative net cash flow %.4f\n", s->trough_year,
           s->trough_value);
    if (s->breakeven_year)
        printf("break-even: year %d\n", s->breakeven_year);
    else
        printf("break-even: not within %d years\n", s->years);
}

/* Runs the model on `p` and prints it (table, --csv or --json) and draws --chart. This is the hook
 * for `huoshui fund project FUND`: the book mode fills `p` from the fund (commitment, terms, age,
 * paid-in, NAV, distributions so far) and calls this. Returns the exit code. */
int fund_show_projection(const hs_config *cfg, const char *title, const ta_params *p, bool csv,
                         const char *chart_path) {
    hs_error err;
    ta_series s;
    if (ta_project(p, &s, &err) != HS_OK)
        return cli_report(CMD, &err);
    if (chart_path != NULL) {
        char heading[200];
        snprintf(heading, sizeof heading, "%s (commitment %g, G %g, B %g, L %d)", title,
                 p->commitment, p->growth, p->bow, p->life_years);
        int first = s.first_year - 1;
        svg_fund_chart chart = {.title = heading,
                                .unit_label = "amount (commitment's unit)",
                                .years = s.years - first,
                                .first_year = s.first_year,
                                .contribution = s.contribution + first,
                                .distribution = s.distribution + first,
                                .nav = s.nav + first,
                                .cumulative_net = s.cumulative_net + first,
                                .trough_year = s.trough_year};
        if (svg_chart_write(&chart, chart_path, &err) != HS_OK)
            return cli_report(CMD, &err);
    }
    if (csv)
        print_csv(&s);
    else if (cfg->json)
        cli_print_json(view_fund_projection(p, &s));
    else
        print_table(title, p, &s);
    if (chart_path != NULL && !csv && !cfg->json && !cfg->quiet)
        printf("chart: %s\n", chart_path);
    return HS_OK;
}

static int run_project(const hs_config *cfg, int argc, char **argv) {
    fund_args a;
    int rc = parse_args(argc, argv, false, &a);
    if (rc != HS_OK)
        return rc;
    if (a.fund_name != NULL && !a.have_commitment) {
        if (a.csv && cfg->json)
            return cli_fail(CMD, HS_INPUT, "project: --csv and --json exclude each other");
        return fund_project_from_book(cfg, a.fund_name, &a.ta, a.have_rc, a.have_growth, a.have_bow,
                                      a.have_life, a.csv, a.chart_path);
    }
    if (a.fund_name != NULL)
        return cli_fail(CMD, HS_INPUT, "give either a FUND or the model's parameters, not both");
    if (!a.have_commitment || !a.have_rc || !a.have_growth || !a.have_bow || !a.have_life)
        return cli_fail(CMD, HS_INPUT,
                        "project: --commitment, --rc, --growth, --bow and --life are all required "
                        "(see --help)");
    if (a.csv && cfg->json)
        return cli_fail(CMD, HS_INPUT, "project: --csv and --json exclude each other");
    return fund_show_projection(cfg, "Takahashi–Alexander projection", &a.ta, a.csv, a.chart_path);
}

/* ---- pacing ---- */

static int run_pacing(const hs_config *cfg, int argc, char **argv) {
    fund_args a;
    int rc = parse_args(argc, argv, true, &a);
    if (rc != HS_OK)
        return rc;
    if (!a.have_target || !a.have_years || !a.have_rc || !a.have_growth || !a.have_bow ||
        !a.have_life)
        return cli_fail(CMD, HS_INPUT,
                        "pacing: --target-nav, --years, --rc, --growth, --bow and --life are all "
                        "required (see --help)");
    ta_pacing_params pp = {.fund = a.ta,
                           .target_nav = a.target_nav,
                           .max_commitment = a.max_commitment,
                           .years = a.years};
    hs_error err;
    ta_pacing out;
    if (ta_pace(&pp, &out, &err) != HS_OK)
        return cli_report(CMD, &err);
    if (cfg->json) {
        json_t *o = json_object(), *rows = json_array();
        json_object_set_new(o, "target_nav", json_real(a.target_nav));
        json_object_set_new(o, "peak_age", json_integer(out.peak_age));
        json_object_set_new(o, "steady_commitment", json_real(out.steady_commitment));
        for (int i = 0; i < out.years; i++)
            json_array_append_new(rows, json_pack("{s:i,s:f,s:f,s:f,s:f,s:f}", "year", i + 1,
                                                  "commitment", out.commitment[i], "contribution",
                                                  out.contribution[i], "distribution",
                                                  out.distribution[i], "nav", out.nav[i],
                                                  "net_cash_flow", out.net_cash_flow[i]));
        json_object_set_new(o, "years", rows);
        cli_print_json(o);
        return HS_OK;
    }
    if (a.csv)
        printf("year,commitment,contribution,distribution,nav,net_cash_flow\n");
    else
        printf("commitment pacing to a target NAV of %g (a unit fund's NAV peaks at age %d; "
               "steady-state commitment %.4f a year)\n\n"
               "%4s %14s %14s %14s %14s %14s\n",
               a.target_nav, out.peak_age, out.steady_commitment, "year", "commitment",
               "contribution", "distribution", "nav", "net cash flow");
    for (int i = 0; i < out.years; i++)
        printf(a.csv ? "%d,%.4f,%.4f,%.4f,%.4f,%.4f\n" : "%4d %14.4f %14.4f %14.4f %14.4f %14.4f\n",
               i + 1, out.commitment[i], out.contribution[i], out.distribution[i], out.nav[i],
               out.net_cash_flow[i]);
    return HS_OK;
}

int cmd_fund(const hs_config *cfg, int argc, char **argv) {
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return HS_OK;
        }
    if (argc < 2) {
        usage(stderr);
        return HS_INPUT;
    }
    if (strcmp(argv[1], "project") == 0)
        return run_project(cfg, argc - 1, argv + 1);
    if (strcmp(argv[1], "pacing") == 0)
        return run_pacing(cfg, argc - 1, argv + 1);
    int rc = cmd_fund_book(cfg, argc - 1, argv + 1);
    if (rc >= 0)
        return rc;
    cli_fail(CMD, HS_INPUT,
             "unknown subcommand '%s' (create, commit, call, default, invest, mark, fee, exit, "
             "distribute, writeoff, events, show, report, select, project, pacing)",
             argv[1]);
    usage(stderr);
    return HS_INPUT;
}
