/* table.h — a report as a table of typed cells, written as a text table, JSON, CSV or an Excel
 * workbook (libxlsxwriter), with English or Chinese column headers.
 *
 * Money cells hold fen and print as "12,345.67 CNY" in text, as fen integers plus yuan strings in
 * JSON ("<key>_fen" and "<key>"), as decimal yuan in CSV, and as numbers with a #,##0.00 format in
 * Excel, so totals computed by a spreadsheet equal the ledger's to the fen. */
#ifndef HS_REPORT_TABLE_H
#define HS_REPORT_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"

#define TABLE_COLUMNS_MAX 16

typedef enum { CELL_TEXT, CELL_MONEY, CELL_INT } cell_kind;

typedef struct {
    const char *key; /* JSON/CSV key, e.g. "paid" */
    const char *en;  /* English header */
    const char *zh;  /* Chinese header */
    cell_kind kind;
} table_column;

typedef struct {
    cell_kind kind;
    int64_t value; /* fen or integer */
    char *text;    /* owned, for CELL_TEXT */
} table_cell;

typedef struct {
    char title[256];
    size_t ncols;
    table_column cols[TABLE_COLUMNS_MAX];
    table_cell *cells; /* rows * ncols */
    size_t rows, capacity;
    bool out_of_memory; /* a text cell could not be copied: table_write refuses with HS_STORAGE */
} report_table;

#define TABLE_NO_ROW ((size_t)-1) /* table_add_row: out of memory, the table is unchanged */

typedef enum { REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_XLSX } report_format;

/* Starts a table with a title and columns (ncols <= TABLE_COLUMNS_MAX). */
void table_init(report_table *t, const char *title, const table_column *cols, size_t ncols);
/* Frees the cells. */
void table_free(report_table *t);
/* Appends a row; then set its cells with table_set_*. Returns the row index, or TABLE_NO_ROW when
 * out of memory (never aborts): the caller reports HS_STORAGE. */
size_t table_add_row(report_table *t);
/* Sets a text cell (copied; out of memory marks the table, see out_of_memory). */
void table_set_text(report_table *t, size_t row, size_t col, const char *text);
/* Sets a money (fen) or integer cell. */
void table_set_value(report_table *t, size_t row, size_t col, int64_t value);
/* The value of a money/int cell. */
int64_t table_value(const report_table *t, size_t row, size_t col);
/* Writes the table: to stdout for text/json/csv, to `xlsx_path` for Excel. `cn` selects Chinese
 * headers (and 万/亿 amounts in text). */
hs_status table_write(const report_table *t, report_format format, bool cn, const char *xlsx_path,
                      hs_error *err);
/* Writes the table as CSV (a header row of keys, or Chinese headers with `cn`; amounts as decimal
 * yuan) to `out`: what table_write prints for REPORT_CSV. */
void table_write_csv(const report_table *t, bool cn, FILE *out);
/* The table as a JSON array of row objects (new reference; NULL only if jansson is out of memory).
 */
json_t *table_to_json(const report_table *t);

#endif
