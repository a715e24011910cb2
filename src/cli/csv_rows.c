/* csv_rows.c — libcsv callbacks building one jansson object per record. */
#include "cli/csv_rows.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_ROWS_COLUMNS_MAX 256

typedef struct {
    hs_status (*fn)(void *ctx, json_t *row, long record, hs_error *err);
    void *ctx;
    hs_error *err;
    const char *path;
    hs_status status;
    long record;
    int column, columns;
    char *names[CSV_ROWS_COLUMNS_MAX];
    json_t *row;
} rows_state;

static void on_field(void *data, size_t len, void *vs) {
    rows_state *s = vs;
    if (s->status != HS_OK)
        return;
    int col = s->column++;
    if (col >= CSV_ROWS_COLUMNS_MAX) {
        s->status = hs_fail(s->err, HS_INPUT, "%s:%ld: more than %d columns", s->path, s->record,
                            CSV_ROWS_COLUMNS_MAX);
        return;
    }
    char *text = strndup(data ? data : "", len);
    if (s->record == 1) {
        if (col == 0 && strncmp(text, "\xef\xbb\xbf", 3) == 0)
            memmove(text, text + 3, strlen(text + 3) + 1);
        s->names[col] = text;
        s->columns = col + 1;
        return;
    }
    if (col < s->columns && text[0] != '\0')
        json_object_set_new(s->row, s->names[col], json_string(text));
    else if (col >= s->columns)
        s->status = hs_fail(s->err, HS_INPUT, "%s:%ld: more cells than the header's %d columns",
                            s->path, s->record, s->columns);
    free(text);
}

static void on_record(int term, void *vs) {
    (void)term;
    rows_state *s = vs;
    if (s->status == HS_OK && s->record > 1 && s->column > 0)
        s->status = s->fn(s->ctx, s->row, s->record, s->err);
    json_object_clear(s->row);
    s->record++;
    s->column = 0;
}

hs_status csv_rows_read(const char *path,
                        hs_status (*fn)(void *ctx, json_t *row, long record, hs_error *err),
                        void *ctx, hs_error *err) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open", path);
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    rows_state s = {
        .fn = fn, .ctx = ctx, .err = err, .path = path, .record = 1, .row = json_object()};
    char buf[1 << 16];
    size_t n;
    while (s.status == HS_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_record, &s) != n && s.status == HS_OK)
            s.status = hs_fail(err, HS_INPUT, "%s:%ld: malformed CSV: %s", path, s.record,
                               csv_strerror(csv_error(&p)));
    if (s.status == HS_OK)
        csv_fini(&p, on_field, on_record, &s);
    csv_free(&p);
    if (f != stdin)
        fclose(f);
    for (int i = 0; i < s.columns; i++)
        free(s.names[i]);
    json_decref(s.row);
    return s.status;
}
