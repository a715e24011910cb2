/* fund_json.c — fund events and terms from JSON objects (see fund_json.h). */
#include "ops/fund_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"

static const char *const event_fields[] = {
    "kind",  "fund",    "id",   "date",     "lp",     "type",  "amount", "from",
    "phase", "default", "deal", "firm",     "sector", "stage", "city",   "region",
    "share", "value",   "days", "proceeds", "cost",   NULL};

static const char *const terms_fields[] = {"id",
                                           "size",
                                           "gp",
                                           "name",
                                           "group",
                                           "parent",
                                           "first_phase",
                                           "vintage",
                                           "invest_years",
                                           "exit_years",
                                           "extension_years",
                                           "fee_basis",
                                           "fee",
                                           "fee_exit",
                                           "hurdle",
                                           "carry",
                                           "catch_up",
                                           "waterfall",
                                           "concession",
                                           "concession_to_gp",
                                           "reinvest",
                                           "region",
                                           "gov_cap",
                                           "parent_cap",
                                           NULL};

/* False (with *field and why) if o has a member not in known. */
static bool only_known(json_t *o, const char *const *known, const char **field, char *why,
                       size_t len) {
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool ok = false;
        for (size_t i = 0; known[i] && !ok; i++)
            ok = strcmp(known[i], key) == 0;
        if (!ok) {
            *field = key;
            snprintf(why, len, "unknown field '%s'", key);
            return false;
        }
    }
    return true;
}

/* The string value of `key`, or NULL if absent; false (with why) if it is not a string. */
static bool text_of(json_t *o, const char *key, const char **out, char *why, size_t len) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        snprintf(why, len, "field '%s': give a string", key);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

/* An integer field given as a JSON integer or a decimal string (0..1,000,000). */
static bool int_of(json_t *o, const char *key, int *out, char *why, size_t len) {
    json_t *v = json_object_get(o, key);
    long long x = 0;
    if (v == NULL || json_is_null(v))
        return true;
    if (json_is_integer(v)) {
        x = json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *t = json_string_value(v);
        char *end = NULL;
        errno = 0;
        x = strtoll(t, &end, 10);
        if (*t == '\0' || *end != '\0' || errno != 0)
            x = -1;
    } else {
        x = -1;
    }
    if (x < 0 || x > 1000000) {
        snprintf(why, len, "field '%s': not an integer 0..1000000", key);
        return false;
    }
    *out = (int)x;
    return true;
}

static bool money_of(json_t *o, const char *key, int64_t *out, char *why, size_t len) {
    const char *t;
    if (!text_of(o, key, &t, why, len))
        return false;
    char w[200];
    if (t == NULL || money_parse(t, out, w, sizeof w))
        return true;
    snprintf(why, len, "field '%s': %s", key, w);
    return false;
}

/* A rate (2%, 0.02, 200bp; a trailing x for 返投 multiples) into bp if `key` is present. */
static bool rate_of(json_t *o, const char *key, int64_t *out, char *why, size_t len) {
    const char *t;
    if (!text_of(o, key, &t, why, len))
        return false;
    if (t == NULL)
        return true;
    char buf[64], w[200];
    snprintf(buf, sizeof buf, "%s", t);
    size_t n = strlen(buf);
    if (n > 0 && (buf[n - 1] == 'x' || buf[n - 1] == 'X'))
        buf[n - 1] = '\0';
    if (rate_parse_bp(buf, out, w, sizeof w))
        return true;
    snprintf(why, len, "field '%s': %s", key, w);
    return false;
}

static bool copy_of(json_t *o, const char *key, char *buf, size_t cap, char *why, size_t len) {
    const char *t;
    if (!text_of(o, key, &t, why, len))
        return false;
    if (t != NULL && strlen(t) >= cap) {
        snprintf(why, len, "field '%s': longer than %zu bytes", key, cap - 1);
        return false;
    }
    if (t != NULL)
        memcpy(buf, t, strlen(t) + 1);
    return true;
}

static bool date_of(json_t *o, const char *key, hs_date *out, char *why, size_t len) {
    const char *t;
    if (!text_of(o, key, &t, why, len))
        return false;
    if (t != NULL && !date_parse(t, out)) {
        snprintf(why, len, "field '%s': not a YYYY-MM-DD date: '%.40s'", key, t);
        return false;
    }
    return true;
}

static bool event_of(json_t *o, fund_event_req *q, const char **field, char *why, size_t len) {
    const char *kind, *type, *share;
    *field = "kind";
    if (!text_of(o, "kind", &kind, why, len))
        return false;
    if (kind == NULL || !fund_event_kind_parse(kind, &q->kind)) {
        snprintf(why, len,
                 "field 'kind': one of commit, call, default, invest, mark, fee, exit, "
                 "distribute, writeoff");
        return false;
    }
    q->value_fen = q->kind == FUND_EV_MARK ? -1 : 0;
    q->proceeds_fen = q->kind == FUND_EV_EXIT ? -1 : 0;
    char w[200];
    int64_t bp;
    if (!(*field = "fund", text_of(o, "fund", &q->fund, why, len)) ||
        !(*field = "id", text_of(o, "id", &q->id, why, len)) ||
        !(*field = "lp", text_of(o, "lp", &q->lp, why, len)) ||
        !(*field = "from", text_of(o, "from", &q->from, why, len)) ||
        !(*field = "default", text_of(o, "default", &q->defaulting_lp, why, len)) ||
        !(*field = "amount", money_of(o, "amount", &q->amount_fen, why, len)) ||
        !(*field = "value", money_of(o, "value", &q->value_fen, why, len)) ||
        !(*field = "proceeds", money_of(o, "proceeds", &q->proceeds_fen, why, len)) ||
        !(*field = "cost", money_of(o, "cost", &q->cost_fen, why, len)) ||
        !(*field = "phase", int_of(o, "phase", &q->phase, why, len)) ||
        !(*field = "days", int_of(o, "days", &q->days, why, len)) ||
        !(*field = "deal", copy_of(o, "deal", q->deal.deal, sizeof q->deal.deal, why, len)) ||
        !(*field = "firm", copy_of(o, "firm", q->deal.firm, sizeof q->deal.firm, why, len)) ||
        !(*field = "sector",
          copy_of(o, "sector", q->deal.sector, sizeof q->deal.sector, why, len)) ||
        !(*field = "stage", copy_of(o, "stage", q->deal.stage, sizeof q->deal.stage, why, len)) ||
        !(*field = "city", copy_of(o, "city", q->deal.city, sizeof q->deal.city, why, len)) ||
        !(*field = "region",
          copy_of(o, "region", q->deal.region, sizeof q->deal.region, why, len)) ||
        !(*field = "date", date_of(o, "date", &q->date, why, len)) ||
        !(*field = "type", text_of(o, "type", &type, why, len)) ||
        !(*field = "share", text_of(o, "share", &share, why, len)))
        return false;
    if (type != NULL && !fund_lp_type_parse(type, &q->lp_type)) {
        *field = "type";
        snprintf(why, len, "field 'type': gov, state, bank, corporate, social or fund");
        return false;
    }
    if (q->kind == FUND_EV_COMMIT && type == NULL) {
        *field = "type";
        snprintf(why, len, "field 'type' is required for a commitment");
        return false;
    }
    if (share != NULL) {
        if (!rate_parse_bp(share, &bp, w, sizeof w)) {
            *field = "share";
            snprintf(why, len, "field 'share': %s", w);
            return false;
        }
        q->deal.share_bp = bp;
    }
    return true;
}

/* "committed" | "paid-in" | "invested" and "european" | "american" into t. */
static bool choices_of(json_t *o, fund_terms *t, const char **field, char *why, size_t len) {
    const char *fb, *wf;
    *field = "fee_basis";
    if (!text_of(o, "fee_basis", &fb, why, len))
        return false;
    if (fb != NULL) {
        if (!strcmp(fb, "committed"))
            t->fee_basis = FUND_FEE_COMMITTED;
        else if (!strcmp(fb, "paid-in"))
            t->fee_basis = FUND_FEE_PAID_IN;
        else if (!strcmp(fb, "invested"))
            t->fee_basis = FUND_FEE_INVESTED;
        else {
            snprintf(why, len, "field 'fee_basis': committed, paid-in or invested");
            return false;
        }
    }
    *field = "waterfall";
    if (!text_of(o, "waterfall", &wf, why, len))
        return false;
    if (wf != NULL) {
        if (!strcmp(wf, "european"))
            t->waterfall = FUND_WATERFALL_EUROPEAN;
        else if (!strcmp(wf, "american"))
            t->waterfall = FUND_WATERFALL_AMERICAN;
        else {
            snprintf(why, len, "field 'waterfall': european or american");
            return false;
        }
    }
    return true;
}

static bool terms_of(json_t *o, fund_terms *t, const char **field, char *why, size_t len) {
    static const char *const required[] = {"id", "size", "gp"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (json_object_get(o, required[i]) == NULL) {
            *field = required[i];
            snprintf(why, len, "field '%s' is required", required[i]);
            return false;
        }
    if (!(*field = "id", copy_of(o, "id", t->id, sizeof t->id, why, len)) ||
        !(*field = "name", copy_of(o, "name", t->name, sizeof t->name, why, len)) ||
        !(*field = "group", copy_of(o, "group", t->group, sizeof t->group, why, len)) ||
        !(*field = "parent", copy_of(o, "parent", t->parent, sizeof t->parent, why, len)) ||
        !(*field = "gp", copy_of(o, "gp", t->gp, sizeof t->gp, why, len)) ||
        !(*field = "region", copy_of(o, "region", t->region, sizeof t->region, why, len)) ||
        !(*field = "size", money_of(o, "size", &t->size_fen, why, len)) ||
        !(*field = "first_phase", money_of(o, "first_phase", &t->first_phase_fen, why, len)) ||
        !(*field = "vintage", date_of(o, "vintage", &t->vintage, why, len)) ||
        !(*field = "invest_years", int_of(o, "invest_years", &t->invest_years, why, len)) ||
        !(*field = "exit_years", int_of(o, "exit_years", &t->exit_years, why, len)) ||
        !(*field = "extension_years",
          int_of(o, "extension_years", &t->extension_years, why, len)) ||
        !(*field = "fee", rate_of(o, "fee", &t->fee_bp, why, len)) ||
        !(*field = "fee_exit", rate_of(o, "fee_exit", &t->fee_exit_bp, why, len)) ||
        !(*field = "hurdle", rate_of(o, "hurdle", &t->hurdle_bp, why, len)) ||
        !(*field = "carry", rate_of(o, "carry", &t->carry_bp, why, len)) ||
        !(*field = "catch_up", rate_of(o, "catch_up", &t->catch_up_bp, why, len)) ||
        !(*field = "concession", rate_of(o, "concession", &t->concession_bp, why, len)) ||
        !(*field = "concession_to_gp",
          rate_of(o, "concession_to_gp", &t->concession_gp_bp, why, len)) ||
        !(*field = "reinvest", rate_of(o, "reinvest", &t->reinvest_bp, why, len)) ||
        !(*field = "gov_cap", rate_of(o, "gov_cap", &t->gov_cap_bp, why, len)) ||
        !(*field = "parent_cap", rate_of(o, "parent_cap", &t->parent_cap_bp, why, len)) ||
        !choices_of(o, t, field, why, len))
        return false;
    if (json_object_get(o, "first_phase") != NULL && t->first_phase_fen == 0) {
        *field = "first_phase";
        snprintf(why, len, "field 'first_phase': must be positive");
        return false;
    }
    return true;
}

/* Runs parse on o after the object and member checks, as an hs_status: unknown_field for a member
 * not in known, invalid_field otherwise. */
static hs_status
checked(json_t *o, const char *const *known, const char *what, hs_error *err,
        bool (*parse)(json_t *o, void *out, const char **field, char *why, size_t len), void *out) {
    const char *field = "";
    char why[300];
    if (!json_is_object(o))
        return hs_fail_code(err, HS_INPUT, "invalid_field", "", "%s is a JSON object", what);
    if (!only_known(o, known, &field, why, sizeof why))
        return hs_fail_code(err, HS_INPUT, "unknown_field", field, "%s", why);
    if (!parse(o, out, &field, why, sizeof why))
        return hs_fail_code(err, HS_INPUT, "invalid_field", field, "%s", why);
    return HS_OK;
}

static bool event_parse(json_t *o, void *out, const char **field, char *why, size_t len) {
    return event_of(o, out, field, why, len);
}

static bool terms_parse(json_t *o, void *out, const char **field, char *why, size_t len) {
    return terms_of(o, out, field, why, len);
}

hs_status fund_event_from_json(json_t *o, fund_event_req *q, hs_error *err) {
    memset(q, 0, sizeof *q);
    return checked(o, event_fields, "an event", err, event_parse, q);
}

hs_status fund_terms_from_json(json_t *o, hs_date today, fund_terms *t, hs_error *err) {
    fund_terms_init(t);
    t->vintage = today;
    return checked(o, terms_fields, "the fund's terms", err, terms_parse, t);
}
