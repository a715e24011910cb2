/* test_csv_writer.c — the one CSV cell writer: quoting only when needed, and every cell it writes
 * read back unchanged by the one CSV reader (blanks at the ends, commas, quotes, line breaks). */
#include "harness.h"

#include <stdlib.h>

#include "base/csv_reader.h"
#include "base/csv_writer.h"

TEST(csv_write_cell_quotes_only_when_needed) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    const char *cells[] = {"plain", "a,b",     "say \"hi\"", "two\nlines",
                           " lead", "trail\t", "",           "中文"};
    csv_write_record(f, cells, sizeof cells / sizeof cells[0]);
    fclose(f);
    CHECK_EQ_STR(buf,
                 "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" lead\",\"trail\t\",,中文\n");
    free(buf);
}

typedef struct {
    int records;
    int count;
    char cells[8][32];
} got_cells;

static hs_status keep(void *ctx, const csv_header *h, const csv_record *r, hs_error *err) {
    (void)h;
    (void)err;
    got_cells *g = ctx;
    g->records++;
    g->count = r->count;
    for (int i = 0; i < r->count && i < 8; i++)
        snprintf(g->cells[i], sizeof g->cells[i], "%s", r->cells[i]);
    return HS_OK;
}

TEST(csv_written_cells_read_back_unchanged) {
    const char *cells[] = {" lead", "trail ", "a,b", "q\"q", "x\r\ny", "  ", "plain"};
    size_t n = sizeof cells / sizeof cells[0];
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    csv_write_record(f, cells, n);
    fclose(f);
    FILE *in = fmemopen(buf, len, "rb");
    CHECK(in != NULL);
    got_cells g = {0};
    csv_options o = {0};
    csv_sink sink = {.ctx = &g, .on_record = keep};
    hs_error err;
    CHECK_EQ_INT(csv_read_stream(in, "t.csv", &o, &sink, &err), HS_OK);
    fclose(in);
    free(buf);
    CHECK_EQ_INT(g.records, 1);
    CHECK_EQ_INT(g.count, (int)n);
    for (size_t i = 0; i < n; i++)
        CHECK_EQ_STR(g.cells[i], cells[i]);
}
