/* batch_file.c — JSON Lines (yajl for plain lines, else jansson) and CSV (base/csv_reader) readers
 * feeding a batch_sink. */
#include "cli/batch_file.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/csv_reader.h"
#include "ledger/transfer_codec.h"
#include "ledger/transfer_line.h"

static hs_status read_jsonl(FILE *f, long lines_before, const batch_sink *sink, hs_error *err) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = lines_before;
    hs_status st = HS_OK;
    while (st == HS_OK && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        char *p = line;
        if (lineno == 1 && len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
            p += 3; /* a UTF-8 byte-order mark, accepted as in CSV */
        char *end = line + len;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        if (p == end || *p == '#')
            continue;
        if (memchr(p, '\0', (size_t)(end - p)) != NULL) {
            sink->on_bad_line(sink->ctx, lineno, "", "the line holds a NUL byte");
            continue;
        }
        hs_transfer t;
        if (transfer_from_json_line(p, (size_t)(end - p), &t)) {
            st = sink->on_transfer(sink->ctx, &t, lineno, err); /* the common, plain line */
            continue;
        }
        json_error_t jerr;
        json_t *obj =
            json_loadb(p, (size_t)(end - p), JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
        if (obj == NULL) {
            char why[300];
            snprintf(why, sizeof why, "not valid JSON: %s (column %d)", jerr.text, jerr.column);
            sink->on_bad_line(sink->ctx, lineno, "", why);
            continue;
        }
        char field[64], why[256];
        if (!transfer_from_json(obj, &t, field, sizeof field, why, sizeof why))
            sink->on_bad_line(sink->ctx, lineno, field, why);
        else
            st = sink->on_transfer(sink->ctx, &t, lineno, err);
        json_decref(obj);
    }
    free(line);
    if (st == HS_OK && ferror(f))
        st = hs_fail(err, HS_INPUT, "cannot read the batch: %s", strerror(errno));
    return st;
}

typedef struct {
    const batch_sink *sink;
    const char *label;
} csv_ctx;

static hs_status csv_header_ok(void *vctx, const csv_header *h, hs_error *err) {
    csv_ctx *c = vctx;
    for (int i = 0; i < h->count; i++)
        if (!transfer_field_known(h->names[i]))
            return hs_fail_code(err, HS_INPUT, "invalid_field", h->names[i],
                                "%s:1: column %d: unknown field '%s'", c->label, i + 1,
                                h->names[i]);
    if (csv_header_find(h, "id") < 0)
        return hs_fail_code(err, HS_INPUT, "invalid_field", "id",
                            "%s:1: the header has no 'id' column", c->label);
    return HS_OK;
}

static hs_status csv_row(void *vctx, const csv_header *h, const csv_record *r, hs_error *err) {
    csv_ctx *c = vctx;
    char why[512];
    if (r->count > h->count) {
        char field[32];
        snprintf(field, sizeof field, "(column %d)", h->count + 1);
        snprintf(why, sizeof why, "more cells than the header's %d columns", h->count);
        c->sink->on_bad_line(c->sink->ctx, r->line, field, why);
        return HS_OK;
    }
    if (r->count < h->count) {
        int n = snprintf(why, sizeof why,
                         "the row has %d cells, the header has %d (missing:", r->count, h->count);
        for (int i = r->count; i < h->count && n > 0 && (size_t)n < sizeof why; i++)
            n += snprintf(why + n, sizeof why - (size_t)n, "%s %s", i > r->count ? "," : "",
                          h->names[i]);
        if (n > 0 && (size_t)n < sizeof why)
            snprintf(why + n, sizeof why - (size_t)n, ")");
        c->sink->on_bad_line(c->sink->ctx, r->line, "", why);
        return HS_OK;
    }
    if (r->nul_cell >= 0) {
        c->sink->on_bad_line(c->sink->ctx, r->line, h->names[r->nul_cell],
                             "the cell holds a NUL byte");
        return HS_OK;
    }
    int a = csv_header_find(h, "amount"), af = csv_header_find(h, "amount_fen");
    if (a >= 0 && af >= 0 && r->cells[a][0] != '\0' && r->cells[af][0] != '\0') {
        c->sink->on_bad_line(c->sink->ctx, r->line, "amount_fen",
                             "both amount and amount_fen are given; give one");
        return HS_OK;
    }
    hs_transfer t;
    transfer_init(&t);
    for (int i = 0; i < r->count; i++)
        if (!transfer_set_field(&t, h->names[i], r->cells[i], why, sizeof why)) {
            c->sink->on_bad_line(c->sink->ctx, r->line, h->names[i], why);
            return HS_OK;
        }
    return c->sink->on_transfer(c->sink->ctx, &t, r->line, err);
}

static hs_status read_csv(FILE *f, const char *label, long lines_before, const batch_sink *sink,
                          hs_error *err) {
    csv_ctx c = {.sink = sink, .label = label};
    csv_options o = {.field_max = BATCH_FIELD_MAX,
                     .columns_max = 64,
                     .header = true,
                     .empty_hint = "a CSV batch needs a header row",
                     .lines_before = lines_before};
    csv_sink cs = {.ctx = &c, .on_header = csv_header_ok, .on_record = csv_row};
    return csv_read_stream(f, label, &o, &cs, err);
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

hs_status batch_stream_read(FILE *f, const char *label, batch_format format, const batch_sink *sink,
                            hs_error *err) {
    /* Look at the first non-blank character (past a BOM): '{' or '#' is JSON Lines. */
    long lines_before = 0;
    int c = fgetc(f);
    if (c == 0xef) {
        int c2 = fgetc(f), c3 = c2 == 0xbb ? fgetc(f) : EOF;
        if (c2 != 0xbb || c3 != 0xbf)
            return hs_fail_code(err, HS_INPUT, "invalid_field", NULL,
                                "%s:1: the input starts with bytes that are not UTF-8", label);
        c = fgetc(f);
    }
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        lines_before += c == '\n';
        c = fgetc(f);
    }
    if (c == EOF) {
        if (ferror(f))
            return hs_fail(err, HS_INPUT, "%s: cannot read: %s", label, strerror(errno));
        return hs_fail_code(err, HS_INPUT, "empty_batch", NULL,
                            "%s: empty input (a batch needs a CSV header row or JSON lines)",
                            label);
    }
    ungetc(c, f);
    bool csv = format == BATCH_CSV || (format == BATCH_AUTO && c != '{' && c != '#');
    return csv ? read_csv(f, label, lines_before, sink, err)
               : read_jsonl(f, lines_before, sink, err);
}

hs_status batch_file_read(const char *path, const batch_sink *sink, hs_error *err) {
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open the batch file", path);
    const char *label = from_stdin ? "(stdin)" : path;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (!from_stdin)
            fclose(f);
        return hs_fail(err, HS_INPUT, "%s: is a directory, not a batch file", label);
    }
    batch_format format = ends_with(path, ".csv")                                 ? BATCH_CSV
                          : ends_with(path, ".jsonl") || ends_with(path, ".json") ? BATCH_JSONL
                                                                                  : BATCH_AUTO;
    hs_status st = batch_stream_read(f, label, format, sink, err);
    if (!from_stdin)
        fclose(f);
    return st;
}
