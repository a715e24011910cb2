/* csv_io.c — the registry's CSV reading on base/csv_reader.h, header mapping and per-row problems
 * (see csv_io.h). */
#include "registry/csv_io.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

typedef struct {
    registry_csv_fn fn;
    void *ctx;
} read_ctx;

static hs_status on_record(void *vctx, const csv_header *h, const csv_record *r, hs_error *err) {
    (void)h;
    const read_ctx *c = vctx;
    assert(r->count > 0 && r->line >= 1);
    bool blank = true;
    for (int i = 0; i < r->count && blank; i++)
        blank = r->lens[i] == 0;
    return blank ? HS_OK : c->fn(c->ctx, r, err);
}

hs_status registry_csv_read(FILE *in, const char *name, registry_csv_fn fn, void *ctx,
                            hs_error *err) {
    assert(in != NULL && name != NULL && fn != NULL);
    read_ctx c = {.fn = fn, .ctx = ctx};
    const csv_options opts = {.header = false}; /* the header is mapped here, with aliases */
    const csv_sink sink = {.ctx = &c, .on_record = on_record};
    return csv_read_stream(in, name, &opts, &sink, err);
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
    h->ncols = (size_t)rec->count;
    char unknown[512] = "", first_unknown[128] = "";
    for (size_t c = 0; c < (size_t)rec->count; c++) {
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
                                    "%s:%ld: column '%s' appears twice (columns %d and %zu)", file,
                                    rec->line, field_names[f], h->col_of[f] + 1, c + 1);
        h->col_of[f] = (int)c;
        h->present |= 1u << f;
    }
    if (unknown[0] != '\0') {
        char known[512] = "";
        for (size_t f = 0; f < nfields; f++)
            list_append(known, sizeof known, field_names[f]);
        return hs_invalid_field(err, first_unknown,
                                "%s:%ld: unknown column(s) %s (known columns: %s)", file, rec->line,
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
        return hs_invalid_field(err, first_missing, "%s:%ld: missing required column(s): %s", file,
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
    assert(col >= 0 && col < rec->count && cap > 0);
    const char *s = rec->cells[col];
    size_t n = rec->lens[col];
    dst[0] = '\0';
    if (!text_utf8_valid(s, n) || memchr(s, '\0', n) != NULL) {
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
