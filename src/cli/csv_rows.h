/* csv_rows.h — reads a CSV file with a header row as one JSON object (column -> cell text) per row,
 * for commands that take a population or facts from a spreadsheet. Handles quotes, embedded commas
 * and newlines, CRLF and a UTF-8 BOM (libcsv). */
#ifndef HS_CLI_CSV_ROWS_H
#define HS_CLI_CSV_ROWS_H

#include <jansson.h>

#include "base/error.h"

/* Calls fn(ctx, row, record_number) for each data row (record 2 is the first after the header);
 * stops at the first non-HS_OK return. Errors name the file. */
hs_status csv_rows_read(const char *path,
                        hs_status (*fn)(void *ctx, json_t *row, long record, hs_error *err),
                        void *ctx, hs_error *err);

#endif
