/* csv_reader.c — libcsv driven one line segment at a time, so records know their line and cells
 * can be bounded and grown geometrically (see csv_reader.h). */
#include "base/csv_reader.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define READ_CHUNK (1 << 16)

typedef struct {
    const csv_options *o;
    const csv_sink *sink;
    const char *label;
    hs_error *err;
    hs_status status;
    size_t field_max;
    int columns_max;
    long line;        /* line of the segment being fed */
    long record;      /* records completed so far */
    long record_line; /* line the current record started on */
    /* the current record: cells packed in `arena`, offsets in `offs` */
    char *arena;
    size_t arena_len, arena_cap;
    size_t *offs, *lens;
    char **cells;
    int count, cells_cap;
    int nul_cell;
    bool all_empty_unquoted; /* every cell so far was empty and unquoted (a blank line) */
    csv_header header;
    bool have_header;
} reader;

static hs_status oom(reader *r) {
    return r->status = hs_fail(r->err, HS_STORAGE, "%s: out of memory reading CSV", r->label);
}

static const char *column_name(const reader *r, int col, char *buf, size_t len) {
    if (r->have_header && col < r->header.count)
        return r->header.names[col];
    snprintf(buf, len, "(column %d)", col + 1);
    return buf;
}

static void on_cell(void *data, size_t len, void *vr) {
    reader *r = vr;
    if (r->status != HS_OK)
        return;
    const char *text = data != NULL ? data : "";
    if (r->count == 0) {
        /* the first cell ends on this segment's line; it started as many lines earlier as it
         * holds newlines */
        long nl = 0;
        for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++)
            nl++;
        r->record_line = r->line - nl;
        r->all_empty_unquoted = true;
        r->nul_cell = -1;
    }
    if (r->count >= r->columns_max) {
        r->status = hs_fail(r->err, HS_INPUT, "%s:%ld: more than %d cells in a record", r->label,
                            r->record_line, r->columns_max);
        return;
    }
    if (len > r->field_max) {
        char buf[32];
        r->status = hs_fail_code(
            r->err, HS_INPUT, "invalid_field", column_name(r, r->count, buf, sizeof buf),
            "%s:%ld: field '%s': longer than %zu bytes", r->label, r->record_line,
            column_name(r, r->count, buf, sizeof buf), r->field_max);
        return;
    }
    if (r->count == r->cells_cap) {
        int cap = r->cells_cap ? 2 * r->cells_cap : 16;
        size_t *o = realloc(r->offs, (size_t)cap * sizeof *o);
        size_t *l = o ? realloc(r->lens, (size_t)cap * sizeof *l) : NULL;
        char **c = l ? realloc(r->cells, (size_t)cap * sizeof *c) : NULL;
        if (o)
            r->offs = o;
        if (l)
            r->lens = l;
        if (c)
            r->cells = c;
        if (!o || !l || !c) {
            oom(r);
            return;
        }
        r->cells_cap = cap;
    }
    if (r->arena_len + len + 1 > r->arena_cap) {
        size_t cap = r->arena_cap ? r->arena_cap : 1024;
        while (cap < r->arena_len + len + 1)
            cap *= 2;
        char *a = realloc(r->arena, cap);
        if (a == NULL) {
            oom(r);
            return;
        }
        r->arena = a;
        r->arena_cap = cap;
    }
    memcpy(r->arena + r->arena_len, text, len);
    r->arena[r->arena_len + len] = '\0';
    if (r->nul_cell < 0 && memchr(text, '\0', len) != NULL)
        r->nul_cell = r->count;
    r->all_empty_unquoted = r->all_empty_unquoted && data == NULL;
    r->offs[r->count] = r->arena_len;
    r->lens[r->count] = len;
    r->arena_len += len + 1;
    r->count++;
}

static hs_status take_header(reader *r) {
    r->header.names = calloc((size_t)r->count, sizeof *r->header.names);
    if (r->header.names == NULL)
        return oom(r);
    for (int i = 0; i < r->count; i++) {
        const char *name = r->cells[i];
        if (r->nul_cell == i || name[0] == '\0')
            return r->status = hs_fail(r->err, HS_INPUT, "%s:%ld: column %d has no name", r->label,
                                       r->record_line, i + 1);
        for (int j = 0; j < i; j++)
            if (strcmp(r->header.names[j], name) == 0)
                return r->status = hs_fail_code(
                           r->err, HS_INPUT, "invalid_field", name,
                           "%s:%ld: duplicate column '%s' (columns %d and %d): each field may be "
                           "given once",
                           r->label, r->record_line, name, j + 1, i + 1);
        r->header.names[i] = strdup(name);
        if (r->header.names[i] == NULL)
            return oom(r);
        r->header.count = i + 1;
    }
    r->have_header = true;
    if (r->sink->on_header != NULL)
        r->status = r->sink->on_header(r->sink->ctx, &r->header, r->err);
    return r->status;
}

static void on_end(int terminator, void *vr) {
    (void)terminator;
    reader *r = vr;
    if (r->status == HS_OK && r->count > 0 && !(r->count == 1 && r->all_empty_unquoted)) {
        for (int i = 0; i < r->count; i++)
            r->cells[i] = r->arena + r->offs[i];
        r->record++;
        if (r->o->header && !r->have_header) {
            take_header(r);
        } else {
            csv_record rec = {.line = r->record_line,
                              .record = r->record,
                              .count = r->count,
                              .cells = r->cells,
                              .lens = r->lens,
                              .nul_cell = r->nul_cell};
            r->status =
                r->sink->on_record(r->sink->ctx, r->have_header ? &r->header : NULL, &rec, r->err);
        }
    }
    r->count = 0;
    r->arena_len = 0;
}

/* Feeds one segment (ending at a newline, or a read chunk without one). Before it, the parser's
 * cell buffer is allowed to double (csv_set_blk_size: libcsv grows by a fixed block, which is
 * quadratic for big cells) and a cell already over the limit is refused. */
static void feed(reader *r, struct csv_parser *p, const char *seg, size_t n) {
    if (r->status != HS_OK)
        return;
    if (p->entry_pos > r->field_max) {
        char buf[32];
        r->status = hs_fail_code(r->err, HS_INPUT, "invalid_field",
                                 column_name(r, r->count, buf, sizeof buf),
                                 "%s:%ld: field '%s': longer than %zu bytes", r->label,
                                 r->count == 0 ? r->line : r->record_line,
                                 column_name(r, r->count, buf, sizeof buf), r->field_max);
        return;
    }
    size_t blk = p->entry_size > READ_CHUNK ? p->entry_size : READ_CHUNK;
    csv_set_blk_size(p, blk);
    if (csv_parse(p, seg, n, on_cell, on_end, r) != n && r->status == HS_OK)
        r->status = hs_fail(r->err, HS_INPUT, "%s:%ld: malformed CSV: %s", r->label, r->line,
                            csv_error(p) == CSV_EPARSE
                                ? "a quote inside a cell (quote the whole cell and double the "
                                  "quotes inside: \"pa\"\"y\")"
                                : csv_strerror(csv_error(p)));
}

hs_status csv_read_stream(FILE *f, const char *label, const csv_options *opts, const csv_sink *sink,
                          hs_error *err) {
    assert(f != NULL && opts != NULL && sink != NULL && sink->on_record != NULL);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL | CSV_APPEND_NULL) != 0)
        return hs_fail(err, HS_STORAGE, "%s: out of memory starting the CSV parser", label);
    reader r = {.o = opts,
                .sink = sink,
                .label = label,
                .err = err,
                .status = HS_OK,
                .field_max = opts->field_max ? opts->field_max : CSV_FIELD_MAX_DEFAULT,
                .columns_max = opts->columns_max ? opts->columns_max : CSV_COLUMNS_MAX_DEFAULT,
                .line = 1 + opts->lines_before,
                .nul_cell = -1};
    char *buf = malloc(READ_CHUNK);
    if (buf == NULL) {
        csv_free(&p);
        return hs_fail(err, HS_STORAGE, "%s: out of memory reading CSV", label);
    }
    bool any = false;
    size_t n;
    while (r.status == HS_OK && (n = fread(buf, 1, READ_CHUNK, f)) > 0) {
        const char *seg = buf, *end = buf + n;
        if (!any && n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
            seg += 3; /* a UTF-8 byte-order mark */
        any = true;
        while (r.status == HS_OK && seg < end) {
            const char *nl = memchr(seg, '\n', (size_t)(end - seg));
            const char *stop = nl != NULL ? nl + 1 : end;
            feed(&r, &p, seg, (size_t)(stop - seg));
            if (nl != NULL)
                r.line++;
            seg = stop;
        }
    }
    if (r.status == HS_OK && ferror(f))
        r.status = hs_fail(err, HS_INPUT, "%s: cannot read: %s", label, strerror(errno));
    if (r.status == HS_OK && csv_fini(&p, on_cell, on_end, &r) != 0 && r.status == HS_OK)
        r.status = hs_fail(err, HS_INPUT, "%s:%ld: malformed CSV at end of file: %s", label, r.line,
                           csv_error(&p) == CSV_EPARSE ? "a quoted cell is never closed"
                                                       : csv_strerror(csv_error(&p)));
    if (r.status == HS_OK && opts->empty_hint != NULL && r.record == 0)
        r.status = hs_fail(err, HS_INPUT, "%s: empty %s (%s)", label, any ? "input" : "file",
                           opts->empty_hint);
    csv_free(&p);
    free(buf);
    free(r.arena);
    free(r.offs);
    free(r.lens);
    free(r.cells);
    for (int i = 0; i < r.header.count; i++)
        free(r.header.names[i]);
    free(r.header.names);
    return r.status;
}

hs_status csv_read_file(const char *path, const csv_options *opts, const csv_sink *sink,
                        hs_error *err) {
    bool from_stdin = strcmp(path, "-") == 0;
    const char *label = from_stdin ? "(stdin)" : path;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (!from_stdin)
            fclose(f);
        return hs_fail(err, HS_INPUT, "%s: is a directory, not a CSV file", label);
    }
    hs_status st = csv_read_stream(f, label, opts, sink, err);
    if (!from_stdin)
        fclose(f);
    return st;
}

int csv_header_find(const csv_header *h, const char *name) {
    for (int i = 0; h != NULL && i < h->count; i++)
        if (strcmp(h->names[i], name) == 0)
            return i;
    return -1;
}

hs_status csv_record_check(const csv_header *h, const csv_record *r, const char *label,
                           hs_error *err) {
    assert(h != NULL && r != NULL && label != NULL);
    assert(r->nul_cell < r->count);
    if (r->count > h->count)
        return hs_fail(err, HS_INPUT, "%s:%ld: more cells than the header's %d columns", label,
                       r->line, h->count);
    if (r->nul_cell >= 0)
        return hs_fail_code(err, HS_INPUT, "invalid_field", h->names[r->nul_cell],
                            "%s:%ld: field '%s': the cell holds a NUL byte", label, r->line,
                            h->names[r->nul_cell]);
    return HS_OK;
}
