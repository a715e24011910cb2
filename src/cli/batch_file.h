/* batch_file.h — streams transfers from a JSON Lines or CSV file ('-' for stdin).
 *
 * Format: CSV if the path ends in .csv or the first non-blank character is not '{'; JSON Lines
 * otherwise. CSV has a header row of field names (see ledger/transfer_codec.h; ref.KEY columns for
 * references), read by the one CSV reader (base/csv_reader.h: strict quotes, duplicate columns
 * refused, BOM and CRLF accepted, big cells in linear time). Blank lines and JSON Lines starting
 * with '#' are skipped; a UTF-8 BOM is accepted in both formats. Every malformed line is reported
 * with its line number and field (a NUL byte, a row with fewer or more cells than the header,
 * both amount and amount_fen, text that is not UTF-8 or holds control characters); good lines are
 * handed over in order. An empty input (no line at all) and a directory are errors. */
#ifndef HS_CLI_BATCH_FILE_H
#define HS_CLI_BATCH_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "ledger/transfer.h"

#define BATCH_FIELD_MAX (64u << 10) /* longest CSV cell or JSON line part read, bytes */

typedef struct {
    void *ctx;
    /* A well-formed transfer read from `line`; return non-HS_OK to stop reading. */
    hs_status (*on_transfer)(void *ctx, const hs_transfer *t, long line, hs_error *err);
    /* A malformed line: `field` is the offending field ("" if the whole line). */
    void (*on_bad_line)(void *ctx, long line, const char *field, const char *why);
} batch_sink;

typedef enum { BATCH_AUTO = 0, BATCH_CSV, BATCH_JSONL } batch_format;

/* Reads the whole file into the sink. HS_INPUT if it can't be opened, is a directory, is empty or
 * its header is bad (err names it); otherwise the status returned by the sink, or HS_OK. */
hs_status batch_file_read(const char *path, const batch_sink *sink, hs_error *err);
/* As batch_file_read over an open stream (not closed); `label` names it in messages. */
hs_status batch_stream_read(FILE *f, const char *label, batch_format format, const batch_sink *sink,
                            hs_error *err);

#endif
