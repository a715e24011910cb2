/* csv_reader.h — the one CSV reader (libcsv underneath) for every spreadsheet-shaped input:
 * transfer batches, account imports, policy populations, firm lists, fund selections.
 *
 * What it does, the same for every caller:
 *   - RFC 4180 quoting, embedded commas and newlines in quoted cells, LF or CRLF line ends;
 *   - strict quotes: a stray quote (`"pa"y"`, `pa"y`) is malformed CSV, never guessed at;
 *   - surrounding spaces and tabs of unquoted cells are dropped (libcsv's rule); quoted cells are
 *     kept exactly;
 *   - a UTF-8 byte-order mark before the first cell is skipped;
 *   - blank lines are skipped;
 *   - with a header: empty and duplicate column names are refused (no "last wins"), and every
 *     record carries the names;
 *   - cells longer than `field_max` bytes are refused while reading (memory stays bounded), and
 *     cells grow geometrically, so a big cell is read in linear time;
 *   - every record knows the physical line it starts on, so errors say FILE:LINE;
 *   - a cell holding a NUL byte is flagged (`nul_cell`) so the caller can refuse it naming the
 *     field, instead of a C string silently cutting it short.
 * Errors are HS_INPUT with messages "LABEL:LINE: ..." (HS_STORAGE for out of memory or a read
 * error). Nothing here prints. */
#ifndef HS_BASE_CSV_READER_H
#define HS_BASE_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

#define CSV_FIELD_MAX_DEFAULT (1u << 20) /* 1 MiB */
#define CSV_COLUMNS_MAX_DEFAULT 256

typedef struct {
    size_t field_max;       /* longest cell accepted in bytes; 0 = CSV_FIELD_MAX_DEFAULT */
    int columns_max;        /* most cells in a record; 0 = CSV_COLUMNS_MAX_DEFAULT */
    bool header;            /* the first record names the columns (see above) */
    const char *empty_hint; /* appended to the "empty file" error, e.g. "a header row is needed";
                               NULL: an empty input is not an error (no callback runs) */
    long lines_before;      /* lines the caller already consumed from the stream (0 usually) */
} csv_options;

/* The header row (valid while reading; names are NUL-terminated, BOM removed). */
typedef struct {
    int count;
    char **names;
} csv_header;

/* One data record (valid only during the callback). cells[i] is NUL-terminated; lens[i] is its
 * byte length, which differs from strlen only if the cell holds a NUL (then nul_cell >= 0). */
typedef struct {
    long line;   /* physical line the record starts on, 1-based */
    long record; /* record number, the header being 1 */
    int count;
    char **cells;
    const size_t *lens;
    int nul_cell; /* index of the first cell holding a NUL byte, or -1 */
} csv_record;

typedef struct {
    void *ctx;
    /* The header (only with opts.header); may be NULL. A non-HS_OK return stops reading. */
    hs_status (*on_header)(void *ctx, const csv_header *h, hs_error *err);
    /* Each data record in order (h is NULL without opts.header). A non-HS_OK return stops. */
    hs_status (*on_record)(void *ctx, const csv_header *h, const csv_record *r, hs_error *err);
} csv_sink;

/* Reads the file at `path` ("-" = stdin; directories refused) into the sink. Returns HS_OK, the
 * first non-HS_OK status of a callback, or the reader's own error (err says LABEL:LINE). */
hs_status csv_read_file(const char *path, const csv_options *opts, const csv_sink *sink,
                        hs_error *err);
/* As csv_read_file over an open stream (not closed); `label` names it in errors. */
hs_status csv_read_stream(FILE *f, const char *label, const csv_options *opts, const csv_sink *sink,
                          hs_error *err);
/* The index of column `name` in the header, or -1. */
int csv_header_find(const csv_header *h, const char *name);
/* The shape every headed import requires of a record: no more cells than the header has columns
 * (HS_INPUT "LABEL:LINE: more cells than the header's N columns") and no cell holding a NUL byte
 * (HS_INPUT, invalid_field naming the column). HS_OK when the record may be read. */
hs_status csv_record_check(const csv_header *h, const csv_record *r, const char *label,
                           hs_error *err);

#endif
