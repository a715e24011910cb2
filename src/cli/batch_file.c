/* batch_file.c — JSON Lines (jansson) and CSV (libcsv) readers feeding a batch_sink. */
#include "cli/batch_file.h"

#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/transfer_codec.h"

#define CSV_COLUMNS_MAX 64

static hs_status read_jsonl(FILE *f, const batch_sink *sink, hs_error *err) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    hs_status st = HS_OK;
    while (st == HS_OK && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        json_error_t jerr;
        json_t *obj = json_loads(p, JSON_REJECT_DUPLICATES, &jerr);
        if (obj == NULL) {
            char why[300];
            snprintf(why, sizeof why, "not valid JSON: %s (column %d)", jerr.text, jerr.column);
            sink->on_bad_line(sink->ctx, lineno, "", why);
            continue;
        }
        hs_transfer t;
        char field[64], why[256];
        if (!transfer_from_json(obj, &t, field, sizeof field, why, sizeof why))
            sink->on_bad_line(sink->ctx, lineno, field, why);
        else
            st = sink->on_transfer(sink->ctx, &t, lineno, err);
        json_decref(obj);
    }
    free(line);
    return st;
}

typedef struct {
    const batch_sink *sink;
    const char *path;
    hs_error *err;
    hs_status status;
    long record; /* 1 = header */
    int column;  /* index within the current record */
    int column_count;
    char *names[CSV_COLUMNS_MAX];
    hs_transfer t;
    bool bad; /* the current record already failed */
    char bad_field[64], bad_why[256];
} csv_state;

static void csv_field(void *data, size_t len, void *vstate) {
    csv_state *s = vstate;
    if (s->status != HS_OK)
        return;
    char *text = strndup(data ? data : "", len);
    if (text == NULL)
        return;
    int col = s->column++;
    if (s->record == 1) {
        if (col >= CSV_COLUMNS_MAX) {
            s->status =
                hs_fail(s->err, HS_INPUT, "%s:1: more than %d columns", s->path, CSV_COLUMNS_MAX);
        } else {
            char *name = text;
            if (col == 0 && strncmp(name, "\xef\xbb\xbf", 3) == 0) /* UTF-8 BOM */
                memmove(name, name + 3, strlen(name + 3) + 1);
            if (!transfer_field_known(name))
                s->status = hs_fail(s->err, HS_INPUT, "%s:1: column %d: unknown field '%s'",
                                    s->path, col + 1, name);
            s->names[col] = name;
            s->column_count = col + 1;
            return;
        }
        free(text);
        return;
    }
    if (!s->bad) {
        if (col >= s->column_count) {
            s->bad = true;
            snprintf(s->bad_field, sizeof s->bad_field, "(column %d)", col + 1);
            snprintf(s->bad_why, sizeof s->bad_why, "more cells than the header's %d columns",
                     s->column_count);
        } else if (!transfer_set_field(&s->t, s->names[col], text, s->bad_why, sizeof s->bad_why)) {
            s->bad = true;
            snprintf(s->bad_field, sizeof s->bad_field, "%s", s->names[col]);
        }
    }
    free(text);
}

static void csv_record(int terminator, void *vstate) {
    (void)terminator;
    csv_state *s = vstate;
    if (s->status == HS_OK && s->record > 1) {
        if (s->bad)
            s->sink->on_bad_line(s->sink->ctx, s->record, s->bad_field, s->bad_why);
        else if (s->column > 0)
            s->status = s->sink->on_transfer(s->sink->ctx, &s->t, s->record, s->err);
    }
    if (s->record == 1 && s->status == HS_OK) {
        bool has_id = false;
        for (int i = 0; i < s->column_count; i++)
            has_id |= strcmp(s->names[i], "id") == 0;
        if (!has_id)
            s->status = hs_fail(s->err, HS_INPUT, "%s:1: the header has no 'id' column", s->path);
    }
    s->record++;
    s->column = 0;
    s->bad = false;
    transfer_init(&s->t);
}

static hs_status read_csv(FILE *f, const char *path, const batch_sink *sink, hs_error *err) {
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    csv_state s = {.sink = sink, .path = path, .err = err, .status = HS_OK, .record = 1};
    transfer_init(&s.t);
    char buf[1 << 16];
    size_t n;
    while (s.status == HS_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, csv_field, csv_record, &s) != n && s.status == HS_OK)
            s.status = hs_fail(err, HS_INPUT, "%s:%ld: malformed CSV: %s", path, s.record,
                               csv_strerror(csv_error(&p)));
    if (s.status == HS_OK)
        csv_fini(&p, csv_field, csv_record, &s);
    csv_free(&p);
    for (int i = 0; i < s.column_count; i++)
        free(s.names[i]);
    if (s.status == HS_OK && s.record == 1)
        return hs_fail(err, HS_INPUT, "%s: empty file (a CSV batch needs a header row)", path);
    return s.status;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

hs_status batch_file_read(const char *path, const batch_sink *sink, hs_error *err) {
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open the batch file", path);
    const char *label = from_stdin ? "(stdin)" : path;
    bool csv = ends_with(path, ".csv");
    if (!csv && !ends_with(path, ".jsonl") && !ends_with(path, ".json")) {
        int c;
        while ((c = fgetc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n')
            ;
        if (c != EOF)
            ungetc(c, f);
        csv = c != '{' && c != '#' && c != EOF;
    }
    hs_status st = csv ? read_csv(f, label, sink, err) : read_jsonl(f, sink, err);
    if (!from_stdin)
        fclose(f);
    return st;
}
