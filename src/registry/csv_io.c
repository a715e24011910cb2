/* csv_io.c — libcsv-driven CSV reading with line numbers, and quoting on output (see csv_io.h).
 *
 * Line numbers: the input is fed to libcsv one physical line at a time, so a record-end callback
 * knows the line it ended on; subtracting the newlines inside the record's quoted cells gives the
 * line it started on. */
#include "registry/csv_io.h"

#include <assert.h>
#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *bytes; /* cell texts, each NUL-terminated, back to back */
    size_t used, cap;
    size_t offsets[CSV_FIELDS_MAX];
    size_t lens[CSV_FIELDS_MAX];
    size_t count;
    size_t newlines; /* '\n' inside the current record's cells */
    bool too_many, nomem;
    size_t line; /* physical line being fed */
    csv_record_fn fn;
    void *ctx;
    hs_error *err;
    hs_status status; /* first non-OK from fn; stops further callbacks */
    const char *name;
} reader;

static void on_cell(void *data, size_t len, void *ctx) {
    reader *r = ctx;
    if (r->status != HS_OK)
        return;
    if (r->count >= CSV_FIELDS_MAX) {
        r->too_many = true;
        return;
    }
    if (r->used + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->used + len + 1)
            cap *= 2;
        char *b = realloc(r->bytes, cap);
        if (b == NULL) {
            r->nomem = true;
            return;
        }
        r->bytes = b;
        r->cap = cap;
    }
    if (len > 0)
        memcpy(r->bytes + r->used, data, len);
    r->bytes[r->used + len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (((const char *)data)[i] == '\n')
            r->newlines++;
    r->offsets[r->count] = r->used;
    r->lens[r->count] = len;
    r->count++;
    r->used += len + 1;
}

static void reset_record(reader *r) {
    r->used = 0;
    r->count = 0;
    r->newlines = 0;
    r->too_many = false;
}

static void on_record(int terminator, void *ctx) {
    reader *r = ctx;
    (void)terminator;
    if (r->status != HS_OK) {
        reset_record(r);
        return;
    }
    size_t start = r->line - r->newlines;
    if (r->nomem) {
        r->status = hs_fail(r->err, HS_STORAGE, "%s:%zu: out of memory", r->name, start);
        return;
    }
    if (r->too_many) {
        r->status = hs_fail(r->err, HS_INPUT, "%s:%zu: more than %d cells in one record", r->name,
                            start, CSV_FIELDS_MAX);
        return;
    }
    bool blank = true;
    for (size_t i = 0; i < r->count && blank; i++)
        blank = r->lens[i] == 0;
    if (!blank) {
        const char *cells[CSV_FIELDS_MAX];
        for (size_t i = 0; i < r->count; i++)
            cells[i] = r->bytes + r->offsets[i];
        csv_record rec = {.line = start, .count = r->count, .cells = cells, .lens = r->lens};
        r->status = r->fn(r->ctx, &rec, r->err);
    }
    reset_record(r);
}

/* Feeds one chunk; false if libcsv reported an error or a callback stopped reading. */
static bool feed(struct csv_parser *p, reader *r, const char *s, size_t n) {
    if (csv_parse(p, s, n, on_cell, on_record, r) != n) {
        if (r->status == HS_OK)
            r->status = hs_fail(r->err, HS_INPUT,
                                "%s:%zu: malformed CSV (%s; a quote inside an "
                                "unquoted cell, or text after a closing quote?)",
                                r->name, r->line, csv_strerror(csv_error(p)));
        return false;
    }
    return r->status == HS_OK;
}

hs_status csv_read(FILE *in, const char *name, csv_record_fn fn, void *ctx, hs_error *err) {
    assert(in != NULL && fn != NULL);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return hs_fail(err, HS_STORAGE, "%s: cannot start the CSV parser", name);
    reader r = {.line = 1, .fn = fn, .ctx = ctx, .err = err, .status = HS_OK, .name = name};
    char buf[65536];
    bool first = true, ok = true;
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        const char *s = buf;
        size_t left = n;
        if (first) {
            first = false;
            if (left >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
                s += 3;
                left -= 3;
            }
        }
        while (ok && left > 0) {
            const char *nl = memchr(s, '\n', left);
            size_t chunk = nl ? (size_t)(nl - s) + 1 : left;
            ok = feed(&p, &r, s, chunk);
            if (nl)
                r.line++;
            s += chunk;
            left -= chunk;
        }
    }
    if (ok && ferror(in))
        r.status = hs_fail(err, HS_STORAGE, "%s: read error", name);
    else if (ok) {
        if (csv_fini(&p, on_cell, on_record, &r) != 0 && r.status == HS_OK)
            r.status = hs_fail(err, HS_INPUT,
                               "%s:%zu: malformed CSV at end of file (%s; an "
                               "unclosed quote?)",
                               name, r.line, csv_strerror(csv_error(&p)));
    }
    csv_free(&p);
    free(r.bytes);
    return r.status;
}

bool csv_utf8_valid(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else
            return false;
        if (i + need >= len)
            return false;
        for (size_t k = 1; k <= need; k++) {
            if ((u[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += need + 1;
    }
    return true;
}

void csv_write_cell(FILE *out, const char *text) {
    size_t n = strlen(text);
    bool quote =
        n > 0 && (text[0] == ' ' || text[0] == '\t' || text[n - 1] == ' ' || text[n - 1] == '\t');
    if (!quote && strpbrk(text, ",\"\r\n") != NULL)
        quote = true;
    if (!quote) {
        fwrite(text, 1, n, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

void csv_write_record(FILE *out, const char *const *cells, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc(',', out);
        csv_write_cell(out, cells[i]);
    }
    fputc('\n', out);
}

/* ---- header mapping ---- */

static void normalize_header(const char *in, char *out, size_t cap) {
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = strlen(in);
    while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
        n--;
    if (n >= cap)
        n = cap - 1;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c == '-' || c == ' ')
            c = '_';
        out[i] = c;
    }
    out[n] = '\0';
}

static int field_of_name(const char *name, const char *const *field_names, size_t nfields,
                         const csv_alias *aliases, size_t naliases) {
    for (size_t f = 0; f < nfields; f++)
        if (strcmp(name, field_names[f]) == 0)
            return (int)f;
    for (size_t a = 0; a < naliases; a++)
        if (strcmp(name, aliases[a].name) == 0)
            return aliases[a].field;
    return -1;
}

/* Appends ", text" (or "text" first) to buf. */
static void list_append(char *buf, size_t cap, const char *text) {
    size_t used = strlen(buf);
    if (used + 1 >= cap)
        return;
    snprintf(buf + used, cap - used, "%s%s", used ? ", " : "", text);
}

hs_status csv_header_map_build(csv_header_map *h, const csv_record *rec,
                               const char *const *field_names, size_t nfields,
                               const csv_alias *aliases, size_t naliases, unsigned required_mask,
                               const char *file, hs_error *err) {
    assert(nfields <= CSV_COLUMNS_MAX);
    for (size_t f = 0; f < CSV_COLUMNS_MAX; f++)
        h->col_of[f] = -1;
    h->present = 0;
    h->ncols = rec->count;
    char unknown[512] = "", first_unknown[128] = "";
    for (size_t c = 0; c < rec->count; c++) {
        char name[128];
        normalize_header(rec->cells[c], name, sizeof name);
        int f = field_of_name(name, field_names, nfields, aliases, naliases);
        if (f < 0) {
            if (first_unknown[0] == '\0')
                snprintf(first_unknown, sizeof first_unknown, "%s", name);
            char quoted[140];
            snprintf(quoted, sizeof quoted, "'%s'", name);
            list_append(unknown, sizeof unknown, quoted);
            continue;
        }
        if (h->col_of[f] >= 0)
            return hs_invalid_field(err, field_names[f],
                                    "%s:%zu: column '%s' appears twice (columns %d and %zu)", file,
                                    rec->line, field_names[f], h->col_of[f] + 1, c + 1);
        h->col_of[f] = (int)c;
        h->present |= 1u << f;
    }
    if (unknown[0] != '\0') {
        char known[512] = "";
        for (size_t f = 0; f < nfields; f++)
            list_append(known, sizeof known, field_names[f]);
        return hs_invalid_field(err, first_unknown,
                                "%s:%zu: unknown column(s) %s (known columns: %s)", file, rec->line,
                                unknown, known);
    }
    char missing[256] = "";
    const char *first_missing = NULL;
    for (size_t f = 0; f < nfields; f++)
        if ((required_mask & (1u << f)) && !(h->present & (1u << f))) {
            list_append(missing, sizeof missing, field_names[f]);
            if (first_missing == NULL)
                first_missing = field_names[f];
        }
    if (missing[0] != '\0')
        return hs_invalid_field(err, first_missing, "%s:%zu: missing required column(s): %s", file,
                                rec->line, missing);
    return HS_OK;
}

/* ---- row problems ---- */

void row_issues_add(row_issues *ri, const char *field, const char *fmt, ...) {
    if (ri->count >= ROW_ISSUES_MAX)
        return;
    row_issue *it = &ri->items[ri->count++];
    snprintf(it->field, sizeof it->field, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->why, sizeof it->why, fmt, ap);
    va_end(ap);
}

char *row_issues_join(const row_issues *ri, char *buf, size_t len) {
    assert(len > 0);
    buf[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < ri->count && used + 1 < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%s: %s", i ? "; " : "", ri->items[i].field,
                         ri->items[i].why);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

bool csv_cell_text(const csv_record *rec, int col, const char *field, char *dst, size_t cap,
                   row_issues *ri) {
    assert(col >= 0 && (size_t)col < rec->count && cap > 0);
    const char *s = rec->cells[col];
    size_t n = rec->lens[col];
    dst[0] = '\0';
    if (!csv_utf8_valid(s, n)) {
        row_issues_add(ri, field, "not valid UTF-8 text (save the file as UTF-8)");
        return false;
    }
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            row_issues_add(ri, field, "contains a control character (line break or tab)");
            return false;
        }
    if (n >= cap) {
        row_issues_add(ri, field, "too long (%zu bytes, at most %zu)", n, cap - 1);
        return false;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}
