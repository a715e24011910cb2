/* target.c — targets: indicators, values, filters, checks and the red/amber/green rule (see
 * target.h). Pure: no storage. */
#include "instrument/target.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"

static const char *const indicator_names[TARGET_INDICATORS] = {
    "firms",          "unicorns",      "industry_output", "loans_outstanding",
    "fund_committed", "fund_deployed", "budget_executed", "social_capital",
};

const char *target_indicator_name(target_indicator k) {
    assert(k >= 0 && k < TARGET_INDICATORS);
    return indicator_names[k];
}

bool target_indicator_parse(const char *text, target_indicator *out) {
    for (int k = 0; k < TARGET_INDICATORS; k++)
        if (text != NULL && strcmp(text, indicator_names[k]) == 0) {
            *out = (target_indicator)k;
            return true;
        }
    return false;
}

bool target_indicator_is_money(target_indicator k) {
    return k != TARGET_FIRMS && k != TARGET_UNICORNS;
}

hs_status target_value_parse(target_indicator k, const char *text, const char *field, int64_t *out,
                             hs_error *err) {
    assert(field != NULL && out != NULL);
    if (text == NULL || *text == '\0')
        return hs_invalid_field(err, field, "field '%s': a value is needed", field);
    if (target_indicator_is_money(k)) {
        char why[128];
        if (!money_parse(text, out, why, sizeof why))
            return hs_invalid_field(err, field, "field '%s': %s", field, why);
        if (*out < 0)
            return hs_invalid_field(err, field, "field '%s': must not be negative", field);
        return HS_OK;
    }
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v < 0 || v > 1000000000LL)
        return hs_invalid_field(err, field,
                                "field '%s': a count of firms 0..1000000000 is needed, got '%s'",
                                field, text);
    *out = v;
    return HS_OK;
}

char *target_value_format(target_indicator k, int64_t value, bool cn, char *buf, size_t len) {
    if (!target_indicator_is_money(k))
        snprintf(buf, len, "%lld", (long long)value);
    else if (cn)
        money_format_cn(value, buf, len);
    else
        money_format(value, buf, len);
    return buf;
}

const char *target_rag_name(target_rag r) {
    return r == TARGET_RAG_GREEN ? "green" : r == TARGET_RAG_AMBER ? "amber" : "red";
}

/* The flag bit named `name`, 0 if none. */
static uint32_t flag_named(const char *name) {
    for (int f = FIRM_FIELD_HIGH_TECH; f <= FIRM_FIELD_UNICORN; f++)
        if (strcmp(firm_field_name((firm_field)f), name) == 0)
            return firm_field_flag((firm_field)f);
    return 0;
}

static hs_status filter_part(target_filter *f, const char *key, const char *value, hs_error *err) {
    if (*value == '\0')
        return hs_invalid_field(err, "filter", "field 'filter': '%s' has no value", key);
    if (strcmp(key, "sector") == 0) {
        if (!firm_sector_parse(value, &f->sector) || f->sector == FIRM_SECTOR_UNSET)
            return hs_invalid_field(err, "filter", "field 'filter': unknown sector '%s'", value);
    } else if (strcmp(key, "stage") == 0) {
        if (!firm_stage_parse(value, &f->stage) || f->stage == FIRM_STAGE_UNSET)
            return hs_invalid_field(err, "filter", "field 'filter': unknown stage '%s'", value);
    } else if (strcmp(key, "city") == 0) {
        if (strlen(value) >= sizeof f->city)
            return hs_invalid_field(err, "filter", "field 'filter': city is too long");
        snprintf(f->city, sizeof f->city, "%s", value);
    } else if (strcmp(key, "fund") == 0) {
        if (strlen(value) >= sizeof f->fund)
            return hs_invalid_field(err, "filter", "field 'filter': fund id is too long");
        snprintf(f->fund, sizeof f->fund, "%s", value);
    } else if (strcmp(key, "flag") == 0) {
        uint32_t bit = flag_named(value);
        if (bit == 0)
            return hs_invalid_field(err, "filter",
                                    "field 'filter': unknown flag '%s' (high_tech, zjtx, "
                                    "national_lab, national_engineering_center, unicorn)",
                                    value);
        f->flags_all |= bit;
    } else {
        return hs_invalid_field(
            err, "filter", "field 'filter': unknown key '%s' (sector, stage, city, flag, fund)",
            key);
    }
    return HS_OK;
}

hs_status target_filter_parse(const char *text, target_filter *out, hs_error *err) {
    assert(out != NULL);
    memset(out, 0, sizeof *out);
    if (text == NULL || *text == '\0')
        return HS_OK;
    char buf[TARGET_FILTER_MAX];
    if (strlen(text) >= sizeof buf)
        return hs_invalid_field(err, "filter", "field 'filter': longer than %zu bytes",
                                sizeof buf - 1);
    snprintf(buf, sizeof buf, "%s", text);
    char *save = NULL;
    for (char *part = strtok_r(buf, ",", &save); part != NULL; part = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(part, '=');
        if (eq == NULL)
            return hs_invalid_field(err, "filter", "field 'filter': '%s' is not key=value", part);
        *eq = '\0';
        hs_status st = filter_part(out, part, eq + 1, err);
        if (st != HS_OK)
            return st;
    }
    return HS_OK;
}

static void append(char *buf, size_t len, const char *key, const char *value) {
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, "%s%s=%s", used ? "," : "", key, value);
}

char *target_filter_format(const target_filter *f, char *buf, size_t len) {
    assert(len > 0);
    buf[0] = '\0';
    if (f->sector != FIRM_SECTOR_UNSET)
        append(buf, len, "sector", firm_sector_code(f->sector));
    if (f->stage != FIRM_STAGE_UNSET)
        append(buf, len, "stage", firm_stage_code(f->stage));
    if (f->city[0])
        append(buf, len, "city", f->city);
    for (int k = FIRM_FIELD_HIGH_TECH; k <= FIRM_FIELD_UNICORN; k++)
        if (f->flags_all & firm_field_flag((firm_field)k))
            append(buf, len, "flag", firm_field_name((firm_field)k));
    if (f->fund[0])
        append(buf, len, "fund", f->fund);
    return buf;
}

static bool id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= TARGET_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

static bool is_fund_indicator(target_indicator k) {
    return k == TARGET_FUND_COMMITTED || k == TARGET_FUND_DEPLOYED || k == TARGET_SOCIAL_CAPITAL;
}

static hs_status filter_suits(const target *t, const target_filter *f, hs_error *err) {
    bool firm_keys = f->sector || f->stage || f->city[0] || f->flags_all;
    bool firm_kind = t->indicator == TARGET_FIRMS || t->indicator == TARGET_UNICORNS;
    if (firm_keys && !firm_kind && t->indicator != TARGET_INDUSTRY_OUTPUT)
        return hs_invalid_field(err, "filter",
                                "field 'filter': sector/stage/city/flag apply to firms, unicorns "
                                "and industry_output, not %s",
                                target_indicator_name(t->indicator));
    if (f->fund[0] && !is_fund_indicator(t->indicator))
        return hs_invalid_field(err, "filter",
                                "field 'filter': fund= applies to fund_committed, fund_deployed "
                                "and social_capital, not %s",
                                target_indicator_name(t->indicator));
    return HS_OK;
}

hs_status target_check(target *t, hs_error *err) {
    assert(t != NULL);
    if (!id_valid(t->programme))
        return hs_invalid_field(err, "programme",
                                "field 'programme': 1..63 of a-z A-Z 0-9 - _ . needed, got '%s'",
                                t->programme);
    if (!id_valid(t->id))
        return hs_invalid_field(err, "id",
                                "field 'id': 1..63 of a-z A-Z 0-9 - _ . needed, got '%s'", t->id);
    if (t->indicator < 0 || t->indicator >= TARGET_INDICATORS)
        return hs_invalid_field(err, "indicator", "field 'indicator': unknown indicator");
    if (t->value <= 0)
        return hs_invalid_field(err, "value", "field 'value': must be positive");
    if (t->deadline <= 0)
        return hs_invalid_field(err, "deadline", "field 'deadline': a YYYY-MM-DD date is needed");
    int dy, dm, dd;
    date_to_ymd(t->deadline, &dy, &dm, &dd);
    if (t->base_year != 0 && (t->base_year < 1900 || t->base_year > dy))
        return hs_invalid_field(err, "base_year",
                                "field 'base_year': must be 1900..%d (the deadline's year)", dy);
    if (t->base_value < 0 || (t->base_year == 0 && t->base_value != 0))
        return hs_invalid_field(err, "base_value",
                                "field 'base_value': needs a base year and must not be negative");
    if (t->source[0] == '\0')
        return hs_invalid_field(err, "source", "field 'source': say where the target is published");
    target_filter f;
    hs_status st = target_filter_parse(t->filter, &f, err);
    if (st == HS_OK)
        st = filter_suits(t, &f, err);
    if (st != HS_OK)
        return st;
    target_filter_format(&f, t->filter, sizeof t->filter);
    return HS_OK;
}

bool target_equal(const target *a, const target *b) {
    return strcmp(a->programme, b->programme) == 0 && strcmp(a->id, b->id) == 0 &&
           a->indicator == b->indicator && a->value == b->value && a->deadline == b->deadline &&
           a->base_year == b->base_year && a->base_value == b->base_value &&
           strcmp(a->filter, b->filter) == 0 && strcmp(a->source, b->source) == 0;
}

/* Colour by the growth still needed (no base): <= 10%/yr green, <= 25%/yr amber. */
static target_rag rag_by_growth(const target_assessment *a) {
    if (a->met)
        return TARGET_RAG_GREEN;
    if (!a->needed_ok)
        return TARGET_RAG_RED;
    return a->needed_cagr <= 0.10   ? TARGET_RAG_GREEN
           : a->needed_cagr <= 0.25 ? TARGET_RAG_AMBER
                                    : TARGET_RAG_RED;
}

target_assessment target_assess(const target *t, int64_t actual, hs_date on) {
    assert(t != NULL && t->value > 0);
    target_assessment a = {0};
    a.progress = (double)actual / (double)t->value;
    a.met = actual >= t->value;
    a.years_left = (double)date_diff_days(on, t->deadline) / 365.25;
    if (a.years_left > 0 && actual > 0) {
        a.needed_ok = true;
        a.needed_cagr =
            a.met ? 0.0 : pow((double)t->value / (double)actual, 1.0 / a.years_left) - 1;
    }
    if (t->base_year != 0) {
        hs_date start = date_from_ymd(t->base_year, 12, 31);
        double span = (double)date_diff_days(start, t->deadline);
        double done = (double)date_diff_days(start, on);
        double share = span <= 0 ? 1.0 : done / span;
        if (share < 0)
            share = 0;
        if (share > 1)
            share = 1;
        a.path_ok = true;
        a.path_value = (double)t->base_value + share * (double)(t->value - t->base_value);
        a.rag = a.met || (double)actual >= a.path_value ? TARGET_RAG_GREEN
                : (double)actual >= 0.9 * a.path_value  ? TARGET_RAG_AMBER
                                                        : TARGET_RAG_RED;
    } else {
        a.rag = rag_by_growth(&a);
    }
    assert(a.rag >= TARGET_RAG_GREEN && a.rag <= TARGET_RAG_RED);
    return a;
}
