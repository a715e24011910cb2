/* csv_io.h — the registry's CSV conventions on top of the one CSV reader (base/csv_reader.h) and
 * writer (base/csv_writer.h), for the firm and product importers and exporters.
 *
 * Reading is base/csv_reader.h's (RFC 4180 quoting, LF or CRLF, a UTF-8 byte-order mark skipped,
 * spaces around unquoted cells trimmed, strict quotes, errors "NAME:LINE: ..."), with the header
 * delivered as the first record, so that its names are matched here with aliases and spelling
 * variants, and with rows whose cells are all empty (",,,") skipped like blank lines. */
#ifndef HS_REGISTRY_CSV_IO_H
#define HS_REGISTRY_CSV_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/csv_reader.h"
#include "base/csv_writer.h"
#include "base/error.h"

/* Called once per record (the header first). A non-OK return stops reading and is returned. */
typedef hs_status (*registry_csv_fn)(void *ctx, const csv_record *rec, hs_error *err);

/* Reads every record of `in` (not closed); `name` is used in error messages ("name:line: ...").
 * HS_INPUT for malformed CSV, HS_STORAGE for out of memory, else whatever `fn` returned. */
hs_status registry_csv_read(FILE *in, const char *name, registry_csv_fn fn, void *ctx,
                            hs_error *err);

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

#endif
