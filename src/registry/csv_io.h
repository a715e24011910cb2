/* csv_io.h — reading CSV records with their source line numbers (libcsv underneath) and writing
 * CSV cells, for the registry's importers and exporters.
 *
 * Reading: RFC 4180 quoting (embedded commas, quotes and newlines), LF or CRLF line ends, a UTF-8
 * byte-order mark at the start is skipped, spaces around unquoted cells are trimmed, blank lines
 * are skipped. Each record reports the physical line it starts on, so error messages can name it
 * even after quoted multi-line cells. A malformed quote is an error naming the line.
 * Writing: a cell is quoted when it holds a comma, quote, CR, LF or leading/trailing blank. */
#ifndef HS_REGISTRY_CSV_IO_H
#define HS_REGISTRY_CSV_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

#define CSV_FIELDS_MAX 256 /* more cells than this in one record is an error */

typedef struct {
    size_t line;        /* 1-based physical line the record starts on */
    size_t count;       /* number of cells */
    const char **cells; /* NUL-terminated cell texts */
    const size_t *lens; /* byte lengths (a cell may hold an embedded NUL: len != strlen) */
} csv_record;

/* Called once per record (the header first). A non-OK return stops reading and is returned. */
typedef hs_status (*csv_record_fn)(void *ctx, const csv_record *rec, hs_error *err);

/* Reads every record of `in`; `name` is used in error messages ("name:line: ..."). HS_INPUT for
 * malformed CSV, HS_STORAGE for read errors, else whatever `fn` returned. */
hs_status csv_read(FILE *in, const char *name, csv_record_fn fn, void *ctx, hs_error *err);

/* True if the `len` bytes at `s` are valid UTF-8 without NUL bytes. */
bool csv_utf8_valid(const char *s, size_t len);

/* ---- header mapping and per-row problems, shared by the firm and product importers ---- */

#define CSV_COLUMNS_MAX 32 /* fields a header may map (a table's field count) */

typedef struct {
    int field;
    const char *name; /* an accepted header spelling (e.g. Chinese) for `field` */
} csv_alias;

typedef struct {
    int col_of[CSV_COLUMNS_MAX]; /* field -> the record's column index, or -1 if absent */
    unsigned present;            /* bit per field present in the header */
    size_t ncols;                /* cells every record should have */
} csv_header_map;

/* Maps a header record onto fields named field_names[0..nfields) (or their aliases; header names
 * are trimmed, Latin letters lower-cased, '-' and ' ' read as '_'). HS_INPUT, naming the file and
 * line, for unknown columns (all of them, with the known names), a repeated column, or a missing
 * column of `required_mask`. */
hs_status csv_header_map_build(csv_header_map *h, const csv_record *rec,
                               const char *const *field_names, size_t nfields,
                               const csv_alias *aliases, size_t naliases, unsigned required_mask,
                               const char *file, hs_error *err);

#define ROW_ISSUES_MAX 32

typedef struct {
    char field[40];
    char why[240];
} row_issue;

/* The problems found in one data row (all of them, up to ROW_ISSUES_MAX). */
typedef struct {
    size_t count;
    row_issue items[ROW_ISSUES_MAX];
} row_issues;

/* Records a problem with `field` (extra ones beyond ROW_ISSUES_MAX are dropped). */
void row_issues_add(row_issues *ri, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Joins the problems as "field: why; field: why" into buf; returns buf. */
char *row_issues_join(const row_issues *ri, char *buf, size_t len);
/* Copies a cell into dst (capacity cap) with blanks trimmed; records an issue for `field` and
 * returns false if it is not valid UTF-8, holds a control character, or is too long. */
bool csv_cell_text(const csv_record *rec, int col, const char *field, char *dst, size_t cap,
                   row_issues *ri);

/* Writes one cell (quoted if needed), without separator. */
void csv_write_cell(FILE *out, const char *text);
/* Writes cells[0..n) as one record ending in "\n". */
void csv_write_record(FILE *out, const char *const *cells, size_t n);

#endif
