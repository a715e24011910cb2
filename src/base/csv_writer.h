/* csv_writer.h — the one CSV cell writer, for every CSV the program writes (report tables, firm and
 * product exports, import rejects, policy populations), so that what it writes base/csv_reader.h
 * reads back unchanged.
 *
 * A cell is written as is, or in double quotes with inner quotes doubled when it holds a comma,
 * quote, CR or LF, or starts or ends with a space or tab (the reader drops those around unquoted
 * cells). Nothing here fails: write errors show in ferror(out), for the caller to check. */
#ifndef HS_BASE_CSV_WRITER_H
#define HS_BASE_CSV_WRITER_H

#include <stddef.h>
#include <stdio.h>

/* Writes one cell (quoted if needed), without a separator. `text` is NUL-terminated. */
void csv_write_cell(FILE *out, const char *text);
/* Writes cells[0..n) separated by commas, ending in "\n". */
void csv_write_record(FILE *out, const char *const *cells, size_t n);

#endif
