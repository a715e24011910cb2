/* test_csv_reader.c — the one CSV reader: BOM, CRLF, quoted newlines and line numbers, strict
 * quotes, duplicate columns, NUL cells, the cell limit, and big cells in linear time. */
#include "harness.h"

#include <stdlib.h>
#include <time.h>

#include "base/csv_reader.h"

typedef struct {
    int records;
    long lines[8];
    char first[8][64];
    int counts[8];
    int nul_cell[8];
    int header_count;
    char header0[32];
} seen;

static hs_status on_header(void *ctx, const csv_header *h, hs_error *err) {
    seen *s = ctx;
    s->header_count = h->count;
    snprintf(s->header0, sizeof s->header0, "%s", h->names[0]);
    return HS_OK;
}

static hs_status on_record(void *ctx, const csv_header *h, const csv_record *r, hs_error *err) {
    seen *s = ctx;
    if (s->records < 8) {
        s->lines[s->records] = r->line;
        snprintf(s->first[s->records], sizeof s->first[0], "%s", r->cells[0]);
        s->counts[s->records] = r->count;
        s->nul_cell[s->records] = r->nul_cell;
    }
    s->records++;
    return HS_OK;
}

static hs_status read_text(const char *text, size_t len, const csv_options *o, seen *s,
                           hs_error *err) {
    memset(s, 0, sizeof *s);
    FILE *f = fmemopen((void *)text, len, "rb");
    csv_sink sink = {.ctx = s, .on_header = on_header, .on_record = on_record};
    hs_status st = csv_read_stream(f, "t.csv", o, &sink, err);
    fclose(f);
    return st;
}

TEST(csv_reader_bom_crlf_quoted_newline_and_lines) {
    const char text[] = "\xef\xbb\xbf"
                        "id,b\r\n\"x\ny\",2\r\n\r\n3,4\r\n";
    csv_options o = {.header = true};
    seen s;
    hs_error err = {0};
    CHECK_EQ_INT(read_text(text, sizeof text - 1, &o, &s, &err), HS_OK);
    CHECK_EQ_STR(s.header0, "id");
    CHECK_EQ_INT(s.header_count, 2);
    CHECK_EQ_INT(s.records, 2);
    CHECK_EQ_STR(s.first[0], "x\ny");
    CHECK_EQ_INT(s.lines[0], 2);
    CHECK_EQ_INT(s.lines[1], 5); /* after the quoted newline and a blank line */
}

TEST(csv_reader_refuses_a_stray_quote) {
    const char text[] = "id\n\"pa\"y\"\n";
    csv_options o = {.header = true};
    seen s;
    hs_error err = {0};
    CHECK_EQ_INT(read_text(text, sizeof text - 1, &o, &s, &err), HS_INPUT);
    CHECK(strstr(err.msg, "t.csv:2: malformed CSV") != NULL);
    CHECK_EQ_INT(s.records, 0);
}

TEST(csv_reader_refuses_duplicate_columns) {
    const char text[] = "id,amount,amount\n1,2,3\n";
    csv_options o = {.header = true};
    seen s;
    hs_error err = {0};
    CHECK_EQ_INT(read_text(text, sizeof text - 1, &o, &s, &err), HS_INPUT);
    CHECK(strstr(err.msg, "duplicate column 'amount' (columns 2 and 3)") != NULL);
    CHECK_EQ_STR(err.field, "amount");
}

TEST(csv_reader_flags_a_nul_cell) {
    const char text[] = "id,b\nx,n\0l\n";
    csv_options o = {.header = true};
    seen s;
    hs_error err = {0};
    CHECK_EQ_INT(read_text(text, sizeof text - 1, &o, &s, &err), HS_OK);
    CHECK_EQ_INT(s.records, 1);
    CHECK_EQ_INT(s.nul_cell[0], 1);
}

TEST(csv_reader_empty_input_and_hint) {
    csv_options o = {.header = true, .empty_hint = "a header row is needed"};
    seen s;
    hs_error err = {0};
    CHECK_EQ_INT(read_text("\n\n", 2, &o, &s, &err), HS_INPUT);
    CHECK(strstr(err.msg, "empty") != NULL && strstr(err.msg, "a header row") != NULL);
    o.empty_hint = NULL;
    CHECK_EQ_INT(read_text("", 0, &o, &s, &err), HS_OK);
}

TEST(csv_reader_cell_limit_names_the_column) {
    size_t n = 5000;
    char *text = malloc(n + 32);
    int k = snprintf(text, 32, "id,code\nx,");
    memset(text + k, 'z', n);
    text[k + n] = '\n';
    csv_options o = {.header = true, .field_max = 1000};
    seen s;
    hs_error err = {0};
    CHECK_EQ_INT(read_text(text, (size_t)k + n + 1, &o, &s, &err), HS_INPUT);
    CHECK(strstr(err.msg, "t.csv:2: field 'code': longer than 1000 bytes") != NULL);
    free(text);
}

/* Defect 15: libcsv grows its cell buffer by a fixed block; without geometric growth an 8 MB cell
 * takes minutes under ASan. */
TEST(csv_reader_big_cell_in_linear_time) {
    size_t n = 8u << 20;
    char *text = malloc(n + 32);
    int k = snprintf(text, 32, "id\n");
    memset(text + k, 'q', n);
    text[k + n] = '\n';
    csv_options o = {.header = true, .field_max = n + 1};
    seen s;
    hs_error err = {0};
    clock_t t0 = clock();
    CHECK_EQ_INT(read_text(text, (size_t)k + n + 1, &o, &s, &err), HS_OK);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_EQ_INT(s.records, 1);
    if (secs > 3.0)
        harness_fail(__FILE__, __LINE__, "an 8 MB cell took %.2f s", secs);
    free(text);
}
