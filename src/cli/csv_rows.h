/* csv_rows.h — reads a CSV file with a header row as one JSON object (column -> cell text) per row,
 * for commands that take a population or facts from a spreadsheet. Read by the one CSV reader
 * (base/csv_reader.h: quotes, embedded commas and newlines, CRLF, a UTF-8 BOM, strict quotes,
 * duplicate columns refused). Empty cells are left out of the row; a cell holding a NUL byte or
 * text that is not UTF-8 is refused naming FILE:LINE and the column. */
#ifndef HS_CLI_CSV_ROWS_H
#define HS_CLI_CSV_ROWS_H

#include <jansson.h>

#include "base/error.h"

/* Calls fn(ctx, row, line) for each data row (`line` is the line the row starts on); stops at the
 * first non-HS_OK return. `row` is borrowed for the call. Errors name the file. */
hs_status csv_rows_read(const char *path,
                        hs_status (*fn)(void *ctx, json_t *row, long record, hs_error *err),
                        void *ctx, hs_error *err);

#endif
