/* import.c — the CSV import loop shared by firms and products (see import.h). */
#include "registry/import.h"

#include <assert.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "base/strmap.h"
#include "registry/firm_csv.h"

typedef struct {
    hs_registry *reg;
    hs_tx *tx;
    import_kind kind;
    const char *path;
    const import_options *opt;
    import_summary *sum;
    csv_header_map header;
    bool have_header;
    FILE *rejects;
    strmap seen;              /* key -> first line, to refuse a firm/product twice in one file */
    char first_bad_field[64]; /* field of the first problem found, for the error */
} importer;

/* Writes a bad row to the rejects file: its cells (padded/truncated to the header), line, error. */
static void write_reject(importer *im, const csv_record *rec, const row_issues *issues) {
    assert(im->rejects != NULL && im->have_header && issues->count > 0);
    char line[24], error[4096];
    snprintf(line, sizeof line, "%ld", rec->line);
    row_issues_join(issues, error, sizeof error);
    for (size_t i = 0; i < im->header.ncols; i++) {
        csv_write_cell(im->rejects, i < (size_t)rec->count ? rec->cells[i] : "");
        fputc(',', im->rejects);
    }
    csv_write_cell(im->rejects, line);
    fputc(',', im->rejects);
    csv_write_cell(im->rejects, error);
    fputc('\n', im->rejects);
}

static void report_bad(importer *im, const csv_record *rec, const row_issues *issues) {
    assert(issues->count > 0);
    im->sum->rejected++;
    if (im->first_bad_field[0] == '\0')
        snprintf(im->first_bad_field, sizeof im->first_bad_field, "%s", issues->items[0].field);
    if (im->rejects != NULL)
        write_reject(im, rec, issues);
    else if (im->opt->diag != NULL)
        for (size_t i = 0; i < issues->count; i++)
            fprintf(im->opt->diag, "%s:%ld: field '%s': %s\n", im->path, rec->line,
                    issues->items[i].field, issues->items[i].why);
}

static hs_status on_header(importer *im, const csv_record *rec, hs_error *err) {
    assert(!im->have_header && im->rejects == NULL && rec->count > 0);
    hs_status st = im->kind == IMPORT_FIRMS ? firm_csv_header(&im->header, rec, im->path, err)
                                            : product_csv_header(&im->header, rec, im->path, err);
    if (st != HS_OK)
        return st;
    im->have_header = true;
    if (im->opt->rejects_path == NULL)
        return HS_OK;
    im->rejects = fopen(im->opt->rejects_path, "w");
    if (im->rejects == NULL)
        return hs_fail(err, HS_INPUT, "cannot write rejects file %s: %s", im->opt->rejects_path,
                       strerror(errno));
    for (int i = 0; i < rec->count; i++) {
        csv_write_cell(im->rejects, rec->cells[i]);
        fputc(',', im->rejects);
    }
    fputs("line,error\n", im->rejects);
    return HS_OK;
}

/* Refuses a key already seen in this file; else remembers it. False if it is a repeat. */
static bool first_time(importer *im, const char *key, const char *field, long line,
                       row_issues *issues) {
    assert(key != NULL && field != NULL && line >= 1);
    int64_t first;
    if (strmap_get(&im->seen, key, &first)) {
        row_issues_add(issues, field, "'%s' already appears on line %lld of this file", key,
                       (long long)first);
        return false;
    }
    strmap_put(&im->seen, key, (int64_t)line);
    return true;
}

static void count(importer *im, registry_upsert_result res) {
    assert(im->sum->rows > 0);
    const size_t before = im->sum->inserted + im->sum->updated + im->sum->unchanged;
    if (res == REGISTRY_INSERTED)
        im->sum->inserted++;
    else if (res == REGISTRY_UPDATED)
        im->sum->updated++;
    else
        im->sum->unchanged++;
    assert(im->sum->inserted + im->sum->updated + im->sum->unchanged == before + 1);
}

/* A code whose characters 3-8 are not a GB/T 2260 division is a bad row (with a division table). */
static bool division_ok(importer *im, const hs_firm *f, row_issues *issues) {
    assert(im->reg != NULL && f != NULL && issues != NULL);
    const hs_divisions *d = registry_divisions(im->reg);
    char why[200];
    if (d == NULL || divisions_check_uscc(d, f->uscc, why, sizeof why))
        return true;
    row_issues_add(issues, "uscc", "%s", why);
    return false;
}

static hs_status firm_row(importer *im, const csv_record *rec, row_issues *issues, hs_error *err) {
    assert(im->kind == IMPORT_FIRMS && im->have_header && issues->count == 0);
    hs_firm f;
    if (!firm_csv_row(&im->header, rec, &f, issues) || !division_ok(im, &f, issues) ||
        !first_time(im, f.uscc, "uscc", rec->line, issues)) {
        report_bad(im, rec, issues);
        return HS_OK;
    }
    /* columns absent from the file keep the stored values */
    registry_upsert_result res;
    hs_status st = registry_upsert_tx(im->reg, im->tx, &f, im->header.present, &res, err);
    if (st != HS_OK)
        return st;
    count(im, res);
    return HS_OK;
}

static hs_status product_row(importer *im, const csv_record *rec, row_issues *issues,
                             hs_error *err) {
    assert(im->kind == IMPORT_PRODUCTS && im->have_header && issues->count == 0);
    hs_product p;
    char key[USCC_LEN + PRODUCT_ID_MAX + 2];
    bool ok = product_csv_row(&im->header, rec, &p, issues);
    if (ok) {
        snprintf(key, sizeof key, "%s/%s", p.uscc, p.product_id);
        ok = first_time(im, key, "product_id", rec->line, issues);
    }
    if (!ok) {
        report_bad(im, rec, issues);
        return HS_OK;
    }
    registry_upsert_result res;
    hs_status st = registry_product_upsert_tx(im->reg, im->tx, &p, &res, err);
    if (st == HS_NOT_FOUND) { /* the firm is not registered: a bad row, not a failed import */
        row_issues_add(issues, "uscc", "%s", err->msg);
        hs_error_clear(err);
        report_bad(im, rec, issues);
        return HS_OK;
    }
    if (st != HS_OK)
        return st;
    count(im, res);
    return HS_OK;
}

static hs_status on_record(void *ctx, const csv_record *rec, hs_error *err) {
    importer *im = ctx;
    assert(im != NULL && im->tx != NULL && rec != NULL);
    if (!im->have_header)
        return on_header(im, rec, err);
    im->sum->rows++;
    if (im->opt->progress != NULL && im->sum->rows % 10000 == 0)
        im->opt->progress(im->opt->progress_ctx, im->sum->rows);
    row_issues issues = {.count = 0};
    return im->kind == IMPORT_FIRMS ? firm_row(im, rec, &issues, err)
                                    : product_row(im, rec, &issues, err);
}

hs_status registry_import_tx(hs_registry *r, hs_tx *tx, import_kind kind, const char *csv_path,
                             const import_options *opt, import_summary *summary, hs_error *err) {
    assert(r != NULL && tx != NULL && csv_path != NULL && opt != NULL && summary != NULL);
    assert(tx->store == registry_store(r) && store_in_txn(tx->store));
    memset(summary, 0, sizeof *summary);
    FILE *in = fopen(csv_path, "rb");
    if (in == NULL)
        return hs_fail_code(err, HS_INPUT, "file_unreadable", "file", "cannot open %s: %s",
                            csv_path, strerror(errno));
    struct stat in_st, rej_st;
    if (opt->rejects_path != NULL && fstat(fileno(in), &in_st) == 0 &&
        stat(opt->rejects_path, &rej_st) == 0 && in_st.st_dev == rej_st.st_dev &&
        in_st.st_ino == rej_st.st_ino) {
        fclose(in);
        return hs_invalid_field(err, "--skip-bad",
                                "the rejects file %s is the input file (it would be "
                                "overwritten)",
                                opt->rejects_path);
    }
    importer im = {.reg = r, .tx = tx, .kind = kind, .path = csv_path, .opt = opt, .sum = summary};
    strmap_init(&im.seen);
    hs_status st = registry_csv_read(in, csv_path, on_record, &im, err);
    if (st == HS_OK && !im.have_header)
        st = hs_fail(err, HS_INPUT, "%s: empty file (a header row is required)", csv_path);
    if (st == HS_OK && summary->rejected > 0 && opt->rejects_path == NULL)
        st = hs_invalid_field(err, im.first_bad_field,
                              "%s: %zu bad row(s) of %zu; nothing was stored", csv_path,
                              summary->rejected, summary->rows);
    if (im.rejects != NULL && fclose(im.rejects) != 0 && st == HS_OK)
        st = hs_fail(err, HS_STORAGE, "cannot write rejects file %s", opt->rejects_path);
    strmap_free(&im.seen);
    fclose(in);
    assert(st != HS_OK || summary->rows == summary->inserted + summary->updated +
                                               summary->unchanged + summary->rejected);
    return st;
}

hs_status registry_import(hs_registry *r, import_kind kind, const char *csv_path,
                          const import_options *opt, import_summary *summary, hs_error *err) {
    assert(r != NULL && summary != NULL);
    memset(summary, 0, sizeof *summary);
    hs_store *s = registry_store(r);
    hs_tx tx;
    /* a large page cache keeps random-order key inserts from spilling the same pages again */
    hs_status st = registry_bulk_load(r, true, err);
    if (st == HS_OK)
        st = hs_tx_begin(s, &tx, err);
    if (st == HS_OK) {
        st = registry_import_tx(r, &tx, kind, csv_path, opt, summary, err);
        if (st == HS_OK)
            st = hs_tx_commit(&tx, err);
        else
            hs_tx_rollback(&tx);
    }
    hs_error ignored;
    registry_bulk_load(r, false, &ignored); /* back to the book's own setting */
    return st;
}
