/* test_ventureday.c — the venture-day fit: each clause and its points, the ticket's edges (at the
 * minimum and maximum, half and twice), items of a list matched whole (nlp is not nlp2), no sector
 * no match, and no overflow near INT64_MAX. */
#include "harness.h"

#include <stdint.h>

#include "instrument/ventureday.h"

static vd_roadshow show(const char *sector, const char *stage, int64_t seeking_fen) {
    vd_roadshow r = {0};
    snprintf(r.firm, sizeof r.firm, "f");
    snprintf(r.sector, sizeof r.sector, "%s", sector);
    snprintf(r.stage, sizeof r.stage, "%s", stage);
    r.seeking_fen = seeking_fen;
    return r;
}

static vd_interest wants(const char *sectors, const char *stages, int64_t lo, int64_t hi) {
    vd_interest i = {0};
    snprintf(i.investor, sizeof i.investor, "i");
    snprintf(i.sectors, sizeof i.sectors, "%s", sectors);
    snprintf(i.stages, sizeof i.stages, "%s", stages);
    i.ticket_min_fen = lo;
    i.ticket_max_fen = hi;
    return i;
}

TEST(ventureday_fit_adds_each_clause) {
    char why[VD_EXPLAIN_MAX];
    vd_interest i = wants("nlp,vision", "seed,early", 1000, 2000);
    CHECK_EQ_INT(vd_fit(&(vd_roadshow){0}, &i, why, sizeof why), 0); /* no sector */
    vd_roadshow r = show("vision", "early", 1500);
    CHECK_EQ_INT(vd_fit(&r, &i, why, sizeof why), 100);
    CHECK(strstr(why, "(+50)") && strstr(why, "(+30)") && strstr(why, "(+20)"));
    r = show("vision", "growth", 1500);
    CHECK_EQ_INT(vd_fit(&r, &i, why, sizeof why), 70);
    CHECK(strstr(why, "stage growth is not one of seed,early (+0)") != NULL);
    r = show("nlp2", "early", 1500);
    CHECK_EQ_INT(vd_fit(&r, &i, why, sizeof why), 0); /* a list item matches whole */
    CHECK(strstr(why, "no match") != NULL);
    r = show("nl", "early", 1500);
    CHECK_EQ_INT(vd_fit(&r, &i, why, sizeof why), 0);
    vd_interest any = wants("nlp", "", 1000, 2000);
    r = show("nlp", "anything", 1000);
    CHECK_EQ_INT(vd_fit(&r, &any, why, sizeof why), 100); /* any stage, at the minimum */
}

TEST(ventureday_fit_ticket_edges) {
    char why[VD_EXPLAIN_MAX];
    vd_interest i = wants("nlp", "", 1000, 2000);
    int64_t cases[][2] = {{1000, 20}, {2000, 20}, {999, 10},  {500, 10},
                          {499, 0},   {2001, 10}, {4000, 10}, {4001, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        vd_roadshow r = show("nlp", "seed", cases[k][0]);
        CHECK_EQ_INT(vd_fit(&r, &i, why, sizeof why), 80 + cases[k][1]);
    }
    vd_interest huge = wants("nlp", "", 1, INT64_MAX);
    vd_roadshow r = show("nlp", "seed", INT64_MAX);
    CHECK_EQ_INT(vd_fit(&r, &huge, why, sizeof why), 100); /* twice the maximum would overflow */
    char tiny[8];
    CHECK_EQ_INT(vd_fit(&r, &huge, tiny, sizeof tiny),
                 100); /* a short buffer is cut, not overrun */
    CHECK_EQ_INT((int)strlen(tiny), 7);
}

TEST(ventureday_status_names_round_trip) {
    for (int s = 0; s < VD_STATUSES; s++) {
        vd_status back;
        CHECK(vd_status_parse(vd_status_name((vd_status)s), &back));
        CHECK_EQ_INT(back, s);
    }
    vd_status x;
    CHECK(!vd_status_parse("Met", &x));
    CHECK(!vd_status_parse("", &x));
}
