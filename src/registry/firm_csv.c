/* firm_csv.c — firm rows to and from CSV cells (see firm_csv.h). */
#include "registry/firm_csv.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"

static const csv_alias firm_aliases[] = {
    {FIRM_FIELD_USCC, "统一社会信用代码"},
    {FIRM_FIELD_USCC, "信用代码"},
    {FIRM_FIELD_USCC, "credit_code"},
    {FIRM_FIELD_NAME, "企业名称"},
    {FIRM_FIELD_NAME, "公司名称"},
    {FIRM_FIELD_NAME, "名称"},
    {FIRM_FIELD_CITY, "城市"},
    {FIRM_FIELD_CITY, "所在城市"},
    {FIRM_FIELD_DISTRICT, "区县"},
    {FIRM_FIELD_DISTRICT, "所在区"},
    {FIRM_FIELD_SECTOR, "行业"},
    {FIRM_FIELD_SECTOR, "领域"},
    {FIRM_FIELD_STAGE, "阶段"},
    {FIRM_FIELD_STAGE, "发展阶段"},
    {FIRM_FIELD_FOUNDED, "成立日期"},
    {FIRM_FIELD_EMPLOYEES, "员工人数"},
    {FIRM_FIELD_EMPLOYEES, "从业人数"},
    {FIRM_FIELD_REVENUE, "营业收入"},
    {FIRM_FIELD_REVENUE, "营收"},
    {FIRM_FIELD_RD_SPEND, "研发投入"},
    {FIRM_FIELD_RD_SPEND, "研发费用"},
    {FIRM_FIELD_PATENTS, "专利"},
    {FIRM_FIELD_PATENTS, "专利数"},
    {FIRM_FIELD_TRADEMARKS, "商标"},
    {FIRM_FIELD_TRADEMARKS, "商标数"},
    {FIRM_FIELD_SOFTWARE_COPYRIGHTS, "软件著作权"},
    {FIRM_FIELD_SOFTWARE_COPYRIGHTS, "软著"},
    {FIRM_FIELD_HIGH_TECH, "高新技术企业"},
    {FIRM_FIELD_ZJTX, "专精特新"},
    {FIRM_FIELD_NATIONAL_LAB, "国家重点实验室"},
    {FIRM_FIELD_NATIONAL_ENGINEERING_CENTER, "国家工程研究中心"},
    {FIRM_FIELD_UNICORN, "独角兽"},
};

#define FIRM_REQUIRED ((1u << FIRM_FIELD_USCC) | (1u << FIRM_FIELD_NAME) | (1u << FIRM_FIELD_CITY))

hs_status firm_csv_header(csv_header_map *h, const csv_record *rec, const char *file,
                          hs_error *err) {
    const char *names[FIRM_FIELD_COUNT];
    for (int f = 0; f < FIRM_FIELD_COUNT; f++)
        names[f] = firm_field_name((firm_field)f);
    return csv_header_map_build(h, rec, names, FIRM_FIELD_COUNT, firm_aliases,
                                sizeof firm_aliases / sizeof firm_aliases[0], FIRM_REQUIRED, file,
                                err);
}

/* Parses a non-negative integer count (digits only, optional thousands commas). */
static bool parse_count(const char *text, int64_t *out) {
    char digits[32];
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        if (*p == ',')
            continue;
        if (*p < '0' || *p > '9' || n + 1 >= sizeof digits)
            return false;
        digits[n++] = *p;
    }
    if (n == 0)
        return false;
    digits[n] = '\0';
    errno = 0;
    long long v = strtoll(digits, NULL, 10);
    if (errno != 0)
        return false;
    *out = v;
    return true;
}

/* Handles one optional numeric/date/money cell; an empty cell leaves it unset. */
static void parse_optional(firm_field field, const char *cell, hs_firm *f, row_issues *ri) {
    const char *name = firm_field_name(field);
    if (cell[0] == '\0')
        return;
    char why[200];
    switch (field) {
    case FIRM_FIELD_FOUNDED:
        if (!date_parse(cell, &f->founded))
            row_issues_add(ri, name, "not a YYYY-MM-DD date: '%s'", cell);
        else
            f->has |= FIRM_HAS_FOUNDED;
        return;
    case FIRM_FIELD_REVENUE:
    case FIRM_FIELD_RD_SPEND: {
        int64_t *dst = field == FIRM_FIELD_REVENUE ? &f->revenue_fen : &f->rd_spend_fen;
        if (!money_parse(cell, dst, why, sizeof why))
            row_issues_add(ri, name, "not an amount: '%s' (%s)", cell, why);
        else if (*dst < 0)
            row_issues_add(ri, name, "must not be negative: '%s'", cell);
        else
            f->has |= field == FIRM_FIELD_REVENUE ? FIRM_HAS_REVENUE : FIRM_HAS_RD_SPEND;
        return;
    }
    default:
        break;
    }
    int64_t *dst;
    uint32_t bit;
    switch (field) {
    case FIRM_FIELD_EMPLOYEES:
        dst = &f->employees;
        bit = FIRM_HAS_EMPLOYEES;
        break;
    case FIRM_FIELD_PATENTS:
        dst = &f->patents;
        bit = FIRM_HAS_PATENTS;
        break;
    case FIRM_FIELD_TRADEMARKS:
        dst = &f->trademarks;
        bit = FIRM_HAS_TRADEMARKS;
        break;
    default:
        assert(field == FIRM_FIELD_SOFTWARE_COPYRIGHTS);
        dst = &f->software_copyrights;
        bit = FIRM_HAS_SOFTWARE_COPYRIGHTS;
        break;
    }
    if (!parse_count(cell, dst))
        row_issues_add(ri, name, "not a non-negative whole number: '%s'", cell);
    else
        f->has |= bit;
}

static void parse_cell(firm_field field, const char *cell, hs_firm *f, row_issues *ri) {
    const char *name = firm_field_name(field);
    char why[200];
    switch (field) {
    case FIRM_FIELD_USCC:
        if (!uscc_valid(cell, why, sizeof why))
            row_issues_add(ri, name, "invalid credit code '%s': %s", cell, why);
        else
            memcpy(f->uscc, cell, USCC_LEN + 1);
        return;
    case FIRM_FIELD_NAME:
        if (cell[0] == '\0')
            row_issues_add(ri, name, "required, but empty");
        snprintf(f->name, sizeof f->name, "%s", cell);
        return;
    case FIRM_FIELD_CITY:
        if (cell[0] == '\0')
            row_issues_add(ri, name, "required, but empty");
        snprintf(f->city, sizeof f->city, "%s", cell);
        return;
    case FIRM_FIELD_DISTRICT:
        snprintf(f->district, sizeof f->district, "%s", cell);
        return;
    case FIRM_FIELD_SECTOR:
        if (!firm_sector_parse(cell, &f->sector))
            row_issues_add(ri, name,
                           "unknown sector '%s' (nlp, vision, smart_manufacturing, biomedicine, "
                           "chips, robotics, data, compute, other, or a Chinese label)",
                           cell);
        return;
    case FIRM_FIELD_STAGE:
        if (!firm_stage_parse(cell, &f->stage))
            row_issues_add(ri, name, "unknown stage '%s' (seed, startup, growth, mature)", cell);
        return;
    default:
        break;
    }
    uint32_t flag = firm_field_flag(field);
    if (flag != 0) {
        bool v;
        if (!firm_bool_parse(cell, &v))
            row_issues_add(ri, name, "not a yes/no value: '%s' (true/false, 1/0, yes/no, 是/否)",
                           cell);
        else if (v)
            f->flags |= flag;
        return;
    }
    parse_optional(field, cell, f, ri);
}

bool firm_csv_row(const csv_header_map *h, const csv_record *rec, hs_firm *out,
                  row_issues *issues) {
    firm_init(out);
    issues->count = 0;
    if ((size_t)rec->count != h->ncols) {
        row_issues_add(issues, "(row)", "has %d cells, the header has %zu", rec->count, h->ncols);
        return false;
    }
    for (int field = 0; field < FIRM_FIELD_COUNT; field++) {
        int col = h->col_of[field];
        if (col < 0)
            continue;
        char cell[FIRM_NAME_MAX];
        size_t cap = field == FIRM_FIELD_NAME                                     ? FIRM_NAME_MAX
                     : (field == FIRM_FIELD_CITY || field == FIRM_FIELD_DISTRICT) ? FIRM_PLACE_MAX
                                                                                  : 128;
        if (!csv_cell_text(rec, col, firm_field_name((firm_field)field), cell, cap, issues))
            continue;
        parse_cell((firm_field)field, cell, out, issues);
    }
    return issues->count == 0;
}

void firm_csv_write_header(FILE *out) {
    const char *names[FIRM_FIELD_COUNT];
    for (int f = 0; f < FIRM_FIELD_COUNT; f++)
        names[f] = firm_field_name((firm_field)f);
    csv_write_record(out, names, FIRM_FIELD_COUNT);
}

const char *firm_csv_cell(const hs_firm *f, firm_field field, char *buf, size_t len) {
    assert(len >= MONEY_TEXT_MAX);
    uint32_t flag = firm_field_flag(field);
    if (flag != 0)
        return (f->flags & flag) ? "true" : "false";
    uint32_t bit = 0;
    int64_t v = 0;
    switch (field) {
    case FIRM_FIELD_USCC:
        return f->uscc;
    case FIRM_FIELD_NAME:
        return f->name;
    case FIRM_FIELD_CITY:
        return f->city;
    case FIRM_FIELD_DISTRICT:
        return f->district;
    case FIRM_FIELD_SECTOR:
        return firm_sector_code(f->sector);
    case FIRM_FIELD_STAGE:
        return firm_stage_code(f->stage);
    case FIRM_FIELD_FOUNDED:
        return (f->has & FIRM_HAS_FOUNDED) ? date_format(f->founded, buf) : "";
    case FIRM_FIELD_REVENUE:
        return (f->has & FIRM_HAS_REVENUE) ? money_format_decimal(f->revenue_fen, buf, len) : "";
    case FIRM_FIELD_RD_SPEND:
        return (f->has & FIRM_HAS_RD_SPEND) ? money_format_decimal(f->rd_spend_fen, buf, len) : "";
    case FIRM_FIELD_EMPLOYEES:
        bit = FIRM_HAS_EMPLOYEES;
        v = f->employees;
        break;
    case FIRM_FIELD_PATENTS:
        bit = FIRM_HAS_PATENTS;
        v = f->patents;
        break;
    case FIRM_FIELD_TRADEMARKS:
        bit = FIRM_HAS_TRADEMARKS;
        v = f->trademarks;
        break;
    default:
        assert(field == FIRM_FIELD_SOFTWARE_COPYRIGHTS);
        bit = FIRM_HAS_SOFTWARE_COPYRIGHTS;
        v = f->software_copyrights;
        break;
    }
    if (!(f->has & bit))
        return "";
    snprintf(buf, len, "%lld", (long long)v);
    return buf;
}

void firm_csv_write_row(FILE *out, const hs_firm *f) {
    char bufs[FIRM_FIELD_COUNT][MONEY_TEXT_MAX];
    const char *cells[FIRM_FIELD_COUNT];
    for (int field = 0; field < FIRM_FIELD_COUNT; field++)
        cells[field] = firm_csv_cell(f, (firm_field)field, bufs[field], sizeof bufs[field]);
    csv_write_record(out, cells, FIRM_FIELD_COUNT);
}
