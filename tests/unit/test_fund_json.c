/* test_fund_json.c — fund requests from JSON (ops/fund_json.h): the fields of a `fund events
 * --batch` line and of `fund create`, unknown members and malformed values refused naming the
 * field; and the TA model's parameters from text (project/ta_args.h). */
#include "harness.h"

#include <string.h>

#include "ops/fund_json.h"
#include "project/ta_args.h"

static json_t *parse(const char *text) {
    json_error_t je;
    return json_loads(text, 0, &je);
}

TEST(fund_json_event_fields) {
    json_t *o = parse("{\"kind\":\"invest\",\"fund\":\"f1\",\"deal\":\"d1\",\"amount\":\"500万\","
                      "\"firm\":\"F\",\"sector\":\"ai\",\"stage\":\"A\",\"city\":\"成都\","
                      "\"share\":\"10%\",\"date\":\"2024-03-01\",\"id\":\"e-1\"}");
    fund_event_req q;
    hs_error err = {0};
    CHECK_EQ_INT(fund_event_from_json(o, &q, &err), HS_OK);
    CHECK_EQ_INT(q.kind, FUND_EV_INVEST);
    CHECK_EQ_STR(q.fund, "f1");
    CHECK_EQ_STR(q.id, "e-1");
    CHECK_EQ_STR(q.deal.deal, "d1");
    CHECK_EQ_STR(q.deal.city, "成都");
    CHECK_EQ_INT(q.amount_fen, 500000000);
    CHECK_EQ_INT(q.deal.share_bp, 1000);
    hs_date d;
    CHECK(date_parse("2024-03-01", &d) && q.date == d);
    json_decref(o);
}

TEST(fund_json_event_defaults_and_integers) {
    json_t *o = parse("{\"kind\":\"fee\",\"days\":30}");
    fund_event_req q;
    hs_error err = {0};
    CHECK_EQ_INT(fund_event_from_json(o, &q, &err), HS_OK);
    CHECK_EQ_INT(q.days, 30);
    CHECK(q.date == 0 && q.fund == NULL);
    json_decref(o);
    o = parse("{\"kind\":\"mark\",\"deal\":\"d1\"}");
    CHECK_EQ_INT(fund_event_from_json(o, &q, &err), HS_OK);
    CHECK_EQ_INT(q.value_fen, -1); /* absent: the instrument says it is required */
    json_decref(o);
}

/* The code and field of refusing `text` as an event. */
static void event_refused(const char *text, const char *code, const char *field) {
    json_t *o = parse(text);
    fund_event_req q;
    hs_error err = {0};
    CHECK(o != NULL);
    CHECK_EQ_INT(fund_event_from_json(o, &q, &err), HS_INPUT);
    CHECK_EQ_STR(err.code, code);
    CHECK_EQ_STR(err.field, field);
    CHECK(strstr(err.msg, field) != NULL);
    json_decref(o);
}

TEST(fund_json_event_refusals) {
    event_refused("{\"kind\":\"call\",\"amount\":\"1亿\",\"colour\":\"red\"}", "unknown_field",
                  "colour");
    event_refused("{\"kind\":\"loan\"}", "invalid_field", "kind");
    event_refused("{\"amount\":\"1\"}", "invalid_field", "kind");
    event_refused("{\"kind\":\"call\",\"amount\":\"lots\"}", "invalid_field", "amount");
    event_refused("{\"kind\":\"call\",\"amount\":100}", "invalid_field", "amount");
    event_refused("{\"kind\":\"call\",\"amount\":\"1\",\"date\":\"2024-02-30\"}", "invalid_field",
                  "date");
    event_refused("{\"kind\":\"commit\",\"lp\":\"a\",\"amount\":\"1\"}", "invalid_field", "type");
    event_refused("{\"kind\":\"commit\",\"lp\":\"a\",\"type\":\"angel\",\"amount\":\"1\"}",
                  "invalid_field", "type");
    event_refused("{\"kind\":\"fee\",\"days\":-1}", "invalid_field", "days");
    event_refused("{\"kind\":\"invest\",\"share\":\"a lot\"}", "invalid_field", "share");
}

TEST(fund_json_terms) {
    json_t *o = parse("{\"id\":\"m1\",\"size\":\"10亿\",\"gp\":\"gp-a\",\"parent\":\"root\","
                      "\"first_phase\":\"2亿\",\"fee\":\"1.5%\",\"reinvest\":\"1.2x\","
                      "\"fee_basis\":\"paid-in\",\"waterfall\":\"american\",\"invest_years\":4,"
                      "\"exit_years\":\"3\"}");
    fund_terms t;
    hs_error err = {0};
    hs_date today;
    CHECK(date_parse("2024-06-01", &today));
    CHECK_EQ_INT(fund_terms_from_json(o, today, &t, &err), HS_OK);
    CHECK_EQ_STR(t.id, "m1");
    CHECK_EQ_STR(t.parent, "root");
    CHECK_EQ_INT(t.size_fen, 100000000000LL);
    CHECK_EQ_INT(t.first_phase_fen, 20000000000LL);
    CHECK_EQ_INT(t.fee_bp, 150);
    CHECK_EQ_INT(t.reinvest_bp, 12000);
    CHECK_EQ_INT(t.fee_basis, FUND_FEE_PAID_IN);
    CHECK_EQ_INT(t.waterfall, FUND_WATERFALL_AMERICAN);
    CHECK_EQ_INT(t.invest_years, 4);
    CHECK_EQ_INT(t.exit_years, 3);
    CHECK(t.vintage == today);
    CHECK_EQ_INT(t.carry_bp, 2000); /* fund_terms_init's default */
    json_decref(o);
}

static void terms_refused(const char *text, const char *code, const char *field) {
    json_t *o = parse(text);
    fund_terms t;
    hs_error err = {0};
    CHECK(o != NULL);
    CHECK_EQ_INT(fund_terms_from_json(o, 0, &t, &err), HS_INPUT);
    CHECK_EQ_STR(err.code, code);
    CHECK_EQ_STR(err.field, field);
    json_decref(o);
}

TEST(fund_json_terms_refusals) {
    terms_refused("{\"size\":\"1亿\",\"gp\":\"g\"}", "invalid_field", "id");
    terms_refused("{\"id\":\"m\",\"gp\":\"g\"}", "invalid_field", "size");
    terms_refused("{\"id\":\"m\",\"size\":\"1亿\",\"gp\":\"g\",\"colour\":1}", "unknown_field",
                  "colour");
    terms_refused("{\"id\":\"m\",\"size\":\"1亿\",\"gp\":\"g\",\"fee\":\"lots\"}", "invalid_field",
                  "fee");
    terms_refused("{\"id\":\"m\",\"size\":\"1亿\",\"gp\":\"g\",\"waterfall\":\"asian\"}",
                  "invalid_field", "waterfall");
    terms_refused("{\"id\":\"m\",\"size\":\"1亿\",\"gp\":\"g\",\"first_phase\":\"0\"}",
                  "invalid_field", "first_phase");
    terms_refused("{\"id\":\"m\",\"size\":\"1亿\",\"gp\":\"g\",\"vintage\":\"soon\"}",
                  "invalid_field", "vintage");
    char longid[128];
    memset(longid, 'a', 60);
    longid[60] = '\0';
    char text[256];
    snprintf(text, sizeof text, "{\"id\":\"%s\",\"size\":\"1亿\",\"gp\":\"g\"}", longid);
    terms_refused(text, "invalid_field", "id");
}

TEST(ta_args_numbers_and_rates) {
    double v = 0;
    CHECK(ta_number_parse("0.13", &v) && v == 0.13);
    CHECK(ta_number_parse("13%", &v) && v > 0.1299999 && v < 0.1300001);
    CHECK(!ta_number_parse("", &v));
    CHECK(!ta_number_parse("fast", &v));
    CHECK(!ta_number_parse("1e999", &v));
    CHECK(!ta_number_parse("13%%", &v));
    ta_params p;
    ta_params_init(&p);
    char why[128];
    CHECK(ta_call_rates_parse("0.25,0.5,1", &p, why, sizeof why));
    CHECK_EQ_INT(p.call_rate_count, 3);
    CHECK(p.call_rates[1] == 0.5);
    CHECK(!ta_call_rates_parse("0.25,x", &p, why, sizeof why));
    CHECK(strstr(why, "'x'") != NULL);
    CHECK(!ta_call_rates_parse(",", &p, why, sizeof why));
}
