/* csv_writer.c — RFC 4180 quoting on output (see csv_writer.h). */
#include "base/csv_writer.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

/* True if the reader would not give `text` back unquoted. */
static bool needs_quotes(const char *text, size_t n) {
    if (n > 0 && (text[0] == ' ' || text[0] == '\t' || text[n - 1] == ' ' || text[n - 1] == '\t'))
        return true;
    return strpbrk(text, ",\"\r\n") != NULL;
}

void csv_write_cell(FILE *out, const char *text) {
    assert(out != NULL && text != NULL);
    size_t n = strlen(text);
    if (!needs_quotes(text, n)) {
        fwrite(text, 1, n, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

void csv_write_record(FILE *out, const char *const *cells, size_t n) {
    assert(out != NULL && (cells != NULL || n == 0));
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc(',', out);
        csv_write_cell(out, cells[i]);
    }
    fputc('\n', out);
}
