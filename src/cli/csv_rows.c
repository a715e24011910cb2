/* csv_rows.c — base/csv_reader records as jansson objects (see csv_rows.h). */
#include "cli/csv_rows.h"

#include <string.h>

#include "base/csv_reader.h"
#include "base/text.h"

typedef struct {
    hs_status (*fn)(void *ctx, json_t *row, long record, hs_error *err);
    void *ctx;
    const char *label;
} rows_ctx;

static hs_status on_record(void *vctx, const csv_header *h, const csv_record *r, hs_error *err) {
    rows_ctx *c = vctx;
    hs_status shape = csv_record_check(h, r, c->label, err);
    if (shape != HS_OK)
        return shape;
    json_t *row = json_object();
    if (row == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory reading %s", c->label);
    for (int i = 0; i < r->count; i++) {
        if (r->cells[i][0] == '\0')
            continue;
        json_t *v = text_utf8_valid(r->cells[i], r->lens[i]) ? json_string(r->cells[i]) : NULL;
        if (v == NULL) {
            json_decref(row);
            return hs_fail_code(err, HS_INPUT, "invalid_field", h->names[i],
                                "%s:%ld: field '%s': not valid UTF-8", c->label, r->line,
                                h->names[i]);
        }
        json_object_set_new(row, h->names[i], v);
    }
    hs_status st = c->fn(c->ctx, row, r->line, err);
    json_decref(row);
    return st;
}

hs_status csv_rows_read(const char *path,
                        hs_status (*fn)(void *ctx, json_t *row, long record, hs_error *err),
                        void *ctx, hs_error *err) {
    rows_ctx c = {.fn = fn, .ctx = ctx, .label = strcmp(path, "-") == 0 ? "(stdin)" : path};
    csv_options o = {.header = true};
    csv_sink sink = {.ctx = &c, .on_record = on_record};
    return csv_read_file(path, &o, &sink, err);
}
