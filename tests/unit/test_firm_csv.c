/* test_firm_csv.c — firm CSV parsing edge cases: quoting, BOM, CRLF, multi-line cells, empty
 * optional cells, bad money/dates/labels, unknown and missing columns, and the export round trip.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/money.h"
#include "registry/firm_csv.h"
#include "registry/product.h"

#define ROWS_MAX 8

typedef struct {
    csv_header_map header;
    bool have_header;
    size_t n;
    hs_firm firms[ROWS_MAX];
    bool ok[ROWS_MAX];
    size_t line[ROWS_MAX];
    row_issues issues[ROWS_MAX];
} parsed;

static hs_status collect(void *ctx, const csv_record *rec, hs_error *err) {
    parsed *p = ctx;
    if (!p->have_header) {
        p->have_header = true;
        return firm_csv_header(&p->header, rec, "t.csv", err);
    }
    if (p->n >= ROWS_MAX)
        return hs_fail(err, HS_INPUT, "too many rows for the test");
    p->line[p->n] = rec->line;
    p->ok[p->n] = firm_csv_row(&p->header, rec, &p->firms[p->n], &p->issues[p->n]);
    p->n++;
    return HS_OK;
}

/* Parses `len` bytes of CSV text; returns the status (err holds any message). */
static hs_status parse(const char *text, size_t len, parsed *p, hs_error *err) {
    memset(p, 0, sizeof *p);
    hs_error_clear(err);
    FILE *f = fmemopen((void *)text, len, "rb");
    CHECK(f != NULL);
    hs_status st = registry_csv_read(f, "t.csv", collect, p, err);
    fclose(f);
    return st;
}

#define PARSE(text, p, err) parse(text, sizeof(text) - 1, p, err)

static bool issue_has(const row_issues *ri, const char *field, const char *why_part) {
    for (size_t i = 0; i < ri->count; i++)
        if (strcmp(ri->items[i].field, field) == 0 && strstr(ri->items[i].why, why_part))
            return true;
    return false;
}

TEST(firm_csv_full_row) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city,district,sector,stage,founded,employees,revenue,rd_spend,"
                       "patents,trademarks,software_copyrights,high_tech,zjtx,national_lab,"
                       "national_engineering_center,unicorn\n"
                       "91440300708461136T,腾讯,深圳,南山区,大模型,成熟期,1998-11-11,\"108,000\","
                       "6090亿,\"¥1,234.56\",500,80,50,是,否,yes,1,TRUE\n",
                       &p, &err),
                 HS_OK);
    CHECK_EQ_INT(p.n, 1);
    CHECK(p.ok[0]);
    const hs_firm *f = &p.firms[0];
    CHECK_EQ_STR(f->uscc, "91440300708461136T");
    CHECK_EQ_STR(f->name, "腾讯");
    CHECK_EQ_STR(f->district, "南山区");
    CHECK_EQ_INT(f->sector, FIRM_SECTOR_NLP);
    CHECK_EQ_INT(f->stage, FIRM_STAGE_MATURE);
    CHECK_EQ_INT(f->founded, date_from_ymd(1998, 11, 11));
    CHECK_EQ_INT(f->employees, 108000);
    CHECK_EQ_INT(f->revenue_fen, INT64_C(6090) * 100000000 * 100);
    CHECK_EQ_INT(f->rd_spend_fen, 123456);
    CHECK_EQ_INT(f->patents, 500);
    CHECK_EQ_INT(f->flags, FIRM_FLAG_HIGH_TECH | FIRM_FLAG_NATIONAL_LAB |
                               FIRM_FLAG_NATIONAL_ENGINEERING_CENTER | FIRM_FLAG_UNICORN);
    CHECK_EQ_INT(f->has, FIRM_HAS_FOUNDED | FIRM_HAS_EMPLOYEES | FIRM_HAS_REVENUE |
                             FIRM_HAS_RD_SPEND | FIRM_HAS_PATENTS | FIRM_HAS_TRADEMARKS |
                             FIRM_HAS_SOFTWARE_COPYRIGHTS);
}

TEST(firm_csv_quotes_commas_and_multiline_cells) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city\n"
                       "91440300708461136T,\"腾讯, \"\"深圳\"\" 分部\",深圳\n"
                       "914403001922038216,\"多行\n名称\",深圳\n"
                       "91440300100012316L,平安,深圳\n",
                       &p, &err),
                 HS_OK);
    CHECK_EQ_INT(p.n, 3);
    CHECK(p.ok[0]);
    CHECK_EQ_STR(p.firms[0].name, "腾讯, \"深圳\" 分部");
    /* a line break inside a name is refused, but the row is still located on its first line */
    CHECK(!p.ok[1]);
    CHECK(issue_has(&p.issues[1], "name", "control character"));
    CHECK_EQ_INT(p.line[1], 3);
    CHECK_EQ_INT(p.line[2], 5); /* the multi-line record took lines 3-4 */
    CHECK(p.ok[2]);
}

TEST(firm_csv_bom_crlf_and_chinese_headers) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("\xEF\xBB\xBF统一社会信用代码,企业名称,城市,营业收入\r\n"
                       "91440300708461136T,腾讯,深圳,500万\r\n"
                       "\r\n"
                       "914403001922038216,华为,深圳,2.5亿\r\n",
                       &p, &err),
                 HS_OK);
    CHECK_EQ_INT(p.n, 2);
    CHECK(p.ok[0] && p.ok[1]);
    CHECK_EQ_STR(p.firms[0].uscc, "91440300708461136T"); /* BOM not glued to the first header */
    CHECK_EQ_INT(p.firms[0].revenue_fen, INT64_C(5000000) * 100);
    CHECK_EQ_INT(p.line[1], 4); /* the blank line is skipped but counted */
    CHECK_EQ_INT(p.firms[1].revenue_fen, INT64_C(250000000) * 100);
}

TEST(firm_csv_last_line_without_newline) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city\n91440300708461136T,腾讯,深圳", &p, &err), HS_OK);
    CHECK_EQ_INT(p.n, 1);
    CHECK(p.ok[0]);
    CHECK_EQ_INT(p.line[0], 2);
}

TEST(firm_csv_empty_optional_cells_are_unset) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city,district,sector,founded,employees,revenue,high_tech\n"
                       "91440300708461136T,腾讯,深圳,,,,,  ,\n",
                       &p, &err),
                 HS_OK);
    CHECK(p.ok[0]);
    CHECK_EQ_INT(p.firms[0].has, 0);
    CHECK_EQ_INT(p.firms[0].flags, 0);
    CHECK_EQ_INT(p.firms[0].sector, FIRM_SECTOR_UNSET);
    CHECK_EQ_STR(p.firms[0].district, "");
    /* the header map knows which columns were present */
    CHECK(p.header.present & (1u << FIRM_FIELD_REVENUE));
    CHECK(!(p.header.present & (1u << FIRM_FIELD_STAGE)));
}

TEST(firm_csv_bad_cells_are_all_named) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city,founded,revenue,rd_spend,employees,sector,stage,zjtx\n"
                       "9144030070846113X,,深圳,2024-02-30,1.234,-5,12.5,茶叶,late,maybe\n",
                       &p, &err),
                 HS_OK);
    CHECK(!p.ok[0]);
    const row_issues *ri = &p.issues[0];
    CHECK(issue_has(ri, "uscc", "18 characters"));
    CHECK(issue_has(ri, "name", "required"));
    CHECK(issue_has(ri, "founded", "YYYY-MM-DD"));
    CHECK(issue_has(ri, "revenue", "not an amount"));
    CHECK(issue_has(ri, "rd_spend", "negative"));
    CHECK(issue_has(ri, "employees", "whole number"));
    CHECK(issue_has(ri, "sector", "unknown sector"));
    CHECK(issue_has(ri, "stage", "unknown stage"));
    CHECK(issue_has(ri, "zjtx", "yes/no"));
    CHECK_EQ_INT(ri->count, 9);
}

TEST(firm_csv_bad_money_forms) {
    const char *bad[] = {"abc", "1.234", "12,34", "100 apples", "1000000亿亿"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "uscc,name,city,revenue\n91440300708461136T,a,b,\"%s\"\n",
                 bad[i]);
        parsed p;
        hs_error err;
        CHECK_EQ_INT(parse(text, strlen(text), &p, &err), HS_OK);
        CHECK(!p.ok[0]);
        CHECK(issue_has(&p.issues[0], "revenue", "not an amount"));
    }
}

TEST(firm_csv_cell_count_mismatch) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city\n91440300708461136T,腾讯\n", &p, &err), HS_OK);
    CHECK(!p.ok[0]);
    CHECK(issue_has(&p.issues[0], "(row)", "has 2 cells, the header has 3"));
}

TEST(firm_csv_invalid_utf8_and_too_long) {
    char text[512];
    int n = snprintf(text, sizeof text, "uscc,name,city\n91440300708461136T,\xC3\x28,深圳\n");
    parsed p;
    hs_error err;
    CHECK_EQ_INT(parse(text, (size_t)n, &p, &err), HS_OK);
    CHECK(!p.ok[0]);
    CHECK(issue_has(&p.issues[0], "name", "UTF-8"));
    char city[100];
    memset(city, 'x', 70);
    city[70] = '\0';
    n = snprintf(text, sizeof text, "uscc,name,city\n91440300708461136T,a,%s\n", city);
    CHECK_EQ_INT(parse(text, (size_t)n, &p, &err), HS_OK);
    CHECK(issue_has(&p.issues[0], "city", "too long"));
}

TEST(firm_csv_unknown_column) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city,colour,Weight\n91440300708461136T,a,b,c,d\n", &p, &err),
                 HS_INPUT);
    CHECK(strstr(err.msg, "t.csv:1: unknown column(s) 'colour', 'weight'") != NULL);
    CHECK(strstr(err.msg, "known columns: uscc, name, city") != NULL);
}

TEST(firm_csv_missing_required_column) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,district\n91440300708461136T,a,b\n", &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "missing required column(s): city") != NULL);
    CHECK_EQ_INT(PARSE("name\na\n", &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "uscc, city") != NULL);
}

TEST(firm_csv_repeated_column) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city,城市\nx,a,b,c\n", &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "column 'city' appears twice") != NULL);
}

TEST(firm_csv_malformed_quotes) {
    parsed p;
    hs_error err;
    CHECK_EQ_INT(PARSE("uscc,name,city\n91440300708461136T,a\"b\",c\n", &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "t.csv:2: malformed CSV") != NULL);
    CHECK_EQ_INT(PARSE("uscc,name,city\n91440300708461136T,\"unclosed,c\n", &p, &err), HS_INPUT);
    CHECK(strstr(err.msg, "malformed CSV at end of file") != NULL);
}

TEST(firm_csv_export_round_trip) {
    hs_firm f;
    firm_init(&f);
    memcpy(f.uscc, "91440300708461136T", 19);
    snprintf(f.name, sizeof f.name, "%s", " 腾讯, \"深圳\" ");
    snprintf(f.city, sizeof f.city, "深圳");
    f.sector = FIRM_SECTOR_ROBOTICS;
    f.founded = date_from_ymd(2001, 2, 3);
    f.revenue_fen = 123456789;
    f.patents = 0;
    f.has = FIRM_HAS_FOUNDED | FIRM_HAS_REVENUE | FIRM_HAS_PATENTS;
    f.flags = FIRM_FLAG_ZJTX;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    firm_csv_write_header(out);
    firm_csv_write_row(out, &f);
    fclose(out);
    CHECK(strstr(buf, "\" 腾讯, \"\"深圳\"\" \"") != NULL);
    parsed p;
    hs_error err;
    CHECK_EQ_INT(parse(buf, len, &p, &err), HS_OK);
    CHECK(p.ok[0]);
    /* names are trimmed on import, so compare with the trimmed name */
    snprintf(f.name, sizeof f.name, "%s", "腾讯, \"深圳\"");
    CHECK(firm_equal(&p.firms[0], &f));
    free(buf);
}

TEST(firm_labels) {
    firm_sector s;
    CHECK(firm_sector_parse("Smart-Manufacturing", &s) && s == FIRM_SECTOR_SMART_MANUFACTURING);
    CHECK(firm_sector_parse("自然语言", &s) && s == FIRM_SECTOR_NLP);
    CHECK(firm_sector_parse("具身智能", &s) && s == FIRM_SECTOR_ROBOTICS);
    CHECK(firm_sector_parse("", &s) && s == FIRM_SECTOR_UNSET);
    CHECK(!firm_sector_parse("farming", &s));
    bool b;
    CHECK(firm_bool_parse("是", &b) && b);
    CHECK(firm_bool_parse("No", &b) && !b);
    CHECK(!firm_bool_parse("2", &b));
    product_kind k;
    CHECK(product_kind_parse("首台套", &k) && k == PRODUCT_KIND_FIRST_UNIT_EQUIPMENT);
    CHECK(!product_kind_parse("widget", &k));
}
