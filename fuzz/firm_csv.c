/* firm_csv.c — fuzzes the firm CSV reader: any bytes must parse or fail with a message, never
 * crash; and every row that parses must survive export -> re-import unchanged. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/firm_csv.h"

typedef struct {
    csv_header_map header;
    bool have_header;
    hs_firm firms[64];
    size_t n;
} state;

static hs_status on_record(void *ctx, const csv_record *rec, hs_error *err) {
    state *s = ctx;
    if (!s->have_header) {
        s->have_header = true;
        return firm_csv_header(&s->header, rec, "fuzz.csv", err);
    }
    row_issues issues;
    hs_firm f;
    bool ok = firm_csv_row(&s->header, rec, &f, &issues);
    assert(ok == (issues.count == 0));
    if (ok && s->n < sizeof s->firms / sizeof s->firms[0])
        s->firms[s->n++] = f;
    return HS_OK;
}

static state *parse(const uint8_t *data, size_t size) {
    state *s = calloc(1, sizeof *s);
    FILE *in = fmemopen((void *)data, size, "rb");
    if (in == NULL || s == NULL) {
        free(s);
        if (in)
            fclose(in);
        return NULL;
    }
    hs_error err;
    hs_error_clear(&err);
    hs_status st = registry_csv_read(in, "fuzz.csv", on_record, s, &err);
    assert(st == HS_OK || err.msg[0] != '\0');
    fclose(in);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    state *s = parse(data, size);
    if (s == NULL || s->n == 0) {
        free(s);
        return 0;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    firm_csv_write_header(out);
    for (size_t i = 0; i < s->n; i++)
        firm_csv_write_row(out, &s->firms[i]);
    fclose(out);
    state *again = parse((const uint8_t *)buf, len);
    assert(again != NULL && again->n == s->n);
    for (size_t i = 0; i < s->n; i++) {
        hs_firm want = s->firms[i];
        /* export writes every column, so fields absent from the input come back as their empty
         * defaults; compare only what the input's header carried */
        hs_firm got = again->firms[i];
        hs_firm masked;
        firm_init(&masked);
        firm_copy_fields(&masked, &got, s->header.present);
        hs_firm base;
        firm_init(&base);
        firm_copy_fields(&base, &want, s->header.present);
        assert(firm_equal(&masked, &base));
    }
    free(buf);
    free(again);
    free(s);
    return 0;
}
