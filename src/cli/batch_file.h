/* batch_file.h — streams transfers from a JSON Lines or CSV file ('-' for stdin).
 *
 * Format: CSV if the path ends in .csv or the first non-blank character is not '{'; JSON Lines
 * otherwise. CSV has a header row of field names (see ledger/transfer_codec.h; ref.KEY columns for
 * references). Blank lines and JSON Lines starting with '#' are skipped. Every malformed line is
 * reported with its line number and field; good lines are handed over in order. */
#ifndef HS_CLI_BATCH_FILE_H
#define HS_CLI_BATCH_FILE_H

#include <stddef.h>

#include "base/error.h"
#include "ledger/transfer.h"

typedef struct {
    void *ctx;
    /* A well-formed transfer read from `line`; return non-HS_OK to stop reading. */
    hs_status (*on_transfer)(void *ctx, const hs_transfer *t, long line, hs_error *err);
    /* A malformed line: `field` is the offending field ("" if the whole line). */
    void (*on_bad_line)(void *ctx, long line, const char *field, const char *why);
} batch_sink;

/* Reads the whole file into the sink. HS_INPUT if it can't be opened or its header is bad (err
 * names it); otherwise the status returned by the sink, or HS_OK. */
hs_status batch_file_read(const char *path, const batch_sink *sink, hs_error *err);

#endif
