/* test_takahashi.c — the Takahashi–Alexander model against tests/data/ta_reference.csv, a table
 * computed independently from the published equations in 60-digit decimals by
 * tests/ta_reference.py (see tests/ta_reference.md); plus the model's invariants and pacing. */
#include "harness.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "project/svg_chart.h"
#include "project/takahashi.h"

#define REL_TOL 1e-9

/* |a - b| <= 1e-9 x |b|, with an absolute floor of 1e-12 x the commitment for values near 0. */
static bool close_enough(double a, double b, double commitment) {
    return fabs(a - b) <= fmax(REL_TOL * fabs(b), 1e-12 * commitment);
}

static bool parse_rates(char *text, ta_params *p) {
    p->call_rate_count = 0;
    char *save = NULL;
    for (char *t = strtok_r(text, ";", &save); t != NULL; t = strtok_r(NULL, ";", &save)) {
        if (p->call_rate_count >= TA_RATES_MAX)
            return false;
        p->call_rates[p->call_rate_count++] = strtod(t, NULL);
    }
    return p->call_rate_count > 0;
}

TEST(takahashi_matches_independent_reference) {
    char path[1024];
    const char *root = getenv("HUOSHUI_DATA");
    snprintf(path, sizeof path, "%s/tests/data/ta_reference.csv", root ? root : ".");
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        harness_fail(__FILE__, __LINE__, "cannot open %s", path);
        return;
    }
    char line[1024], current[64] = "";
    ta_series s;
    ta_params p;
    int rows = 0, cases = 0, mismatches = 0;
    bool ok = fgets(line, sizeof line, f) != NULL; /* header */
    CHECK(ok && strncmp(line, "case,commitment,rc,growth,bow,life,yield,horizon,age,", 53) == 0);
    while (fgets(line, sizeof line, f) != NULL) {
        char *field[15], *save = NULL;
        int n = 0;
        for (char *t = strtok_r(line, ",\n", &save); t != NULL && n < 15;
             t = strtok_r(NULL, ",\n", &save))
            field[n++] = t;
        if (n != 15) {
            harness_fail(__FILE__, __LINE__, "row %d has %d fields", rows + 1, n);
            break;
        }
        if (strcmp(field[0], current) != 0) {
            snprintf(current, sizeof current, "%s", field[0]);
            ta_params_init(&p);
            p.commitment = strtod(field[1], NULL);
            CHECK(parse_rates(field[2], &p));
            p.growth = strtod(field[3], NULL);
            p.bow = strtod(field[4], NULL);
            p.life_years = atoi(field[5]);
            p.yield = strtod(field[6], NULL);
            p.horizon_years = atoi(field[7]);
            p.start_age = atoi(field[8]);
            p.start_paid_in = strtod(field[9], NULL);
            p.start_nav = strtod(field[10], NULL);
            hs_error err;
            if (ta_project(&p, &s, &err) != HS_OK) {
                harness_fail(__FILE__, __LINE__, "case %s: %s", current, err.msg);
                break;
            }
            cases++;
        }
        int year = atoi(field[11]);
        if (year < s.first_year || year > s.years) {
            harness_fail(__FILE__, __LINE__, "case %s: year %d outside 1..%d", current, year,
                         s.years);
            break;
        }
        double want[3] = {strtod(field[12], NULL), strtod(field[13], NULL),
                          strtod(field[14], NULL)};
        double have[3] = {s.contribution[year - 1], s.distribution[year - 1], s.nav[year - 1]};
        static const char *what[3] = {"contribution", "distribution", "nav"};
        for (int k = 0; k < 3; k++)
            if (!close_enough(have[k], want[k], p.commitment) && mismatches++ < 5)
                harness_fail(__FILE__, __LINE__, "case %s year %d %s: %.17g, reference %.17g",
                             current, year, what[k], have[k], want[k]);
        rows++;
    }
    fclose(f);
    CHECK_EQ_INT(mismatches, 0);
    CHECK_EQ_INT(cases, 6);
    CHECK_EQ_INT(rows, 12 + 18 + 8 + 10 + 9 + 10);
}

static ta_params yale(void) {
    ta_params p;
    ta_params_init(&p);
    p.commitment = 100;
    p.call_rates[0] = 0.25;
    p.call_rates[1] = 0.333;
    p.call_rates[2] = 0.5;
    p.call_rate_count = 3;
    p.growth = 0.13;
    p.bow = 2.5;
    p.life_years = 12;
    return p;
}

TEST(takahashi_series_invariants_and_j_curve) {
    ta_params p = yale();
    ta_series s;
    hs_error err;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_OK);
    CHECK_EQ_INT(s.years, 12);
    double paid = 0, cum = 0, nav = 0;
    for (int i = 0; i < s.years; i++) {
        CHECK(s.contribution[i] >= 0 && s.distribution[i] >= 0);
        paid += s.contribution[i];
        cum += s.distribution[i] - s.contribution[i];
        /* NAV identity */
        CHECK(fabs(nav * 1.13 + s.contribution[i] - s.distribution[i] - s.nav[i]) < 1e-9);
        nav = s.nav[i];
        CHECK(fabs(s.paid_in[i] - paid) < 1e-9 && fabs(s.cumulative_net[i] - cum) < 1e-9);
    }
    CHECK(paid <= 100.0);
    /* the table in the report: trough in year 4 at -79.2939, break-even in year 8 */
    CHECK_EQ_INT(s.trough_year, 4);
    CHECK(fabs(s.trough_value - -79.29393) < 1e-4);
    CHECK_EQ_INT(s.breakeven_year, 8);
    /* linear in the commitment */
    ta_params q = p;
    q.commitment = 1;
    ta_series u;
    CHECK_EQ_INT(ta_project(&q, &u, &err), HS_OK);
    for (int i = 0; i < s.years; i++)
        CHECK(close_enough(u.nav[i] * 100, s.nav[i], 100));
}

TEST(takahashi_rejects_bad_parameters) {
    hs_error err;
    ta_series s;
    ta_params p = yale();
    p.commitment = 0;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
    CHECK(strstr(err.msg, "commitment") != NULL);
    p = yale();
    p.call_rates[1] = 1.5;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
    CHECK(strstr(err.msg, "rc") != NULL);
    p = yale();
    p.call_rate_count = 0;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
    p = yale();
    p.growth = -1;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
    p = yale();
    p.life_years = 0;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
    p = yale();
    p.horizon_years = 5; /* shorter than the life */
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
    p = yale();
    p.bow = NAN;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
    p = yale();
    p.yield = 2;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_INPUT);
}

TEST(takahashi_fund_already_running) {
    /* continuing from the state a run of the model reached gives the same years after it */
    ta_params p = yale();
    ta_series whole, rest;
    hs_error err;
    CHECK_EQ_INT(ta_project(&p, &whole, &err), HS_OK);
    ta_params q = p;
    q.start_age = 4;
    q.start_paid_in = whole.paid_in[3];
    q.start_nav = whole.nav[3];
    q.start_distributed = whole.paid_in[3] + whole.cumulative_net[3];
    CHECK_EQ_INT(ta_project(&q, &rest, &err), HS_OK);
    CHECK_EQ_INT(rest.first_year, 5);
    CHECK_EQ_INT(rest.years, 12);
    for (int i = 0; i < 4; i++)
        CHECK(rest.contribution[i] == 0 && rest.nav[i] == 0);
    for (int i = 4; i < 12; i++) {
        CHECK(close_enough(rest.contribution[i], whole.contribution[i], 100));
        CHECK(close_enough(rest.distribution[i], whole.distribution[i], 100));
        CHECK(close_enough(rest.nav[i], whole.nav[i], 100));
        CHECK(close_enough(rest.cumulative_net[i], whole.cumulative_net[i], 100));
    }
    CHECK_EQ_INT(rest.trough_year, 5); /* the projected years only: the trough was year 4 */
    CHECK_EQ_INT(rest.breakeven_year, 8);
    /* bad states */
    ta_params bad = q;
    bad.start_paid_in = 101;
    CHECK_EQ_INT(ta_project(&bad, &rest, &err), HS_INPUT);
    bad = q;
    bad.start_nav = -1;
    CHECK_EQ_INT(ta_project(&bad, &rest, &err), HS_INPUT);
    bad = q;
    bad.start_age = 12;
    CHECK_EQ_INT(ta_project(&bad, &rest, &err), HS_INPUT);
    bad = p;
    bad.start_nav = 5; /* age 0 with a NAV */
    CHECK_EQ_INT(ta_project(&bad, &rest, &err), HS_INPUT);
}

TEST(takahashi_pacing_reaches_and_holds_the_target) {
    ta_pacing_params pp = {.fund = yale(), .target_nav = 100, .years = 30};
    ta_pacing out;
    hs_error err;
    CHECK_EQ_INT(ta_pace(&pp, &out, &err), HS_OK);
    CHECK_EQ_INT(out.peak_age, 5);
    for (int y = 0; y < 30; y++)
        CHECK(out.commitment[y] >= 0);
    /* K* = target / sum of a unit fund's NAV over its ages; K_1 fills the gap the vintages 2..5
     * (assumed at K*) leave at the end of year 5 */
    ta_params unit = yale();
    unit.commitment = 1;
    unit.horizon_years = TA_YEARS_MAX;
    ta_series s;
    ta_project(&unit, &s, &err);
    double nav_sum = 0;
    for (int a = 0; a < s.years; a++)
        nav_sum += s.nav[a];
    CHECK(fabs(out.steady_commitment - 100 / nav_sum) < 1e-12);
    double k_star = out.steady_commitment;
    double others = k_star * (s.nav[0] + s.nav[1] + s.nav[2] + s.nav[3]);
    CHECK(fabs(out.commitment[0] - (100 - others) / s.nav[4]) < 1e-9);
    /* after the ramp-up the NAV holds near the target, and converges to it */
    for (int y = 6; y < 30; y++)
        CHECK(fabs(out.nav[y] - 100) < 5);
    for (int y = 19; y < 30; y++)
        CHECK(fabs(out.nav[y] - 100) < 0.1);
    CHECK(fabs(out.commitment[29] / k_star - 1) < 1e-3);
    /* the programme's flows are the vintages' flows summed: NAV identity per year */
    for (int y = 1; y < 30; y++)
        CHECK(fabs(out.nav[y - 1] * 1.13 + out.contribution[y] - out.distribution[y] - out.nav[y]) <
              1e-9);
    /* a cap binds */
    pp.max_commitment = 10;
    CHECK_EQ_INT(ta_pace(&pp, &out, &err), HS_OK);
    for (int y = 0; y < 30; y++)
        CHECK(out.commitment[y] <= 10 + 1e-12);
    pp.target_nav = 0;
    CHECK_EQ_INT(ta_pace(&pp, &out, &err), HS_INPUT);
}

TEST(svg_chart_is_well_formed) {
    ta_params p = yale();
    ta_series s;
    hs_error err;
    CHECK_EQ_INT(ta_project(&p, &s, &err), HS_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    svg_fund_chart c = {.title = "a <b> & c",
                        .years = s.years,
                        .contribution = s.contribution,
                        .distribution = s.distribution,
                        .nav = s.nav,
                        .cumulative_net = s.cumulative_net,
                        .trough_year = s.trough_year};
    CHECK_EQ_INT(svg_chart_render(&c, mem, &err), HS_OK);
    fclose(mem);
    CHECK(strstr(text, "<svg ") != NULL);
    CHECK(strstr(text, "</svg>\n") != NULL);
    CHECK(strstr(text, "a &lt;b&gt; &amp; c") != NULL);
    CHECK(strstr(text, "trough: year 4") != NULL);
    int rects = 0;
    for (const char *q = text; (q = strstr(q, "<rect ")) != NULL; q++)
        rects++;
    CHECK_EQ_INT(rects, 1 + 2 * 12 + 2); /* background, two bars a year, two legend swatches */
    free(text);
    c.trough_year = 13;
    CHECK_EQ_INT(svg_chart_write(&c, "/nonexistent-dir/x.svg", &err), HS_INPUT);
    c.trough_year = 4;
    CHECK_EQ_INT(svg_chart_write(&c, "/nonexistent-dir/x.svg", &err), HS_INPUT);
    CHECK(strstr(err.msg, "cannot write the chart") != NULL);
}
