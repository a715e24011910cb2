/* registry_ops.c — the registry's operations (see registry_ops.h). */
#include "ops/registry_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "registry/uscc.h"

hs_status registry_divisions_load(const char *data_dir, hs_divisions **out, hs_error *err) {
    assert(out != NULL);
    return divisions_load_dir(data_dir != NULL ? data_dir : ".", out, err);
}

hs_status registry_session_open(const hs_ctx *ctx, bool need_divisions, registry_session *out,
                                hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    hs_error_clear(&out->divisions_error);
    hs_status st = registry_divisions_load(ctx->data_dir, &out->divisions, &out->divisions_error);
    if (st != HS_OK && need_divisions) {
        *err = out->divisions_error;
        return st;
    }
    if ((st = registry_open(ctx->store, &out->registry, err)) != HS_OK) {
        registry_session_close(out);
        return st;
    }
    registry_use_divisions(out->registry, out->divisions);
    assert(out->registry != NULL && (out->divisions != NULL || !need_divisions));
    return HS_OK;
}

void registry_session_close(registry_session *rs) {
    if (rs == NULL)
        return;
    registry_close(rs->registry);
    divisions_free(rs->divisions);
    rs->registry = NULL;
    rs->divisions = NULL;
}

hs_status firm_import_op(const hs_ctx *ctx, registry_session *rs, import_kind kind,
                         const char *csv_path, const import_options *opt, import_summary *summary,
                         hs_error *err) {
    assert(ctx != NULL && rs != NULL && rs->registry != NULL && summary != NULL);
    memset(summary, 0, sizeof *summary);
    hs_status st = registry_bulk_load(rs->registry, true, err);
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) == HS_OK) {
        st = registry_import_tx(rs->registry, &tx, kind, csv_path, opt, summary, err);
        st = ops_end(&tx, st, err);
    }
    hs_error ignored;
    registry_bulk_load(rs->registry, false, &ignored); /* best effort: the book's own setting */
    assert(!store_in_txn(ctx->store));
    return st;
}

/* Replaces every occurrence of `from` in text (NUL-terminated, cap bytes) by `to`. */
static void replace_all(char *text, size_t cap, const char *from, const char *to) {
    size_t nf = strlen(from), nt = strlen(to);
    char *p = text;
    while (nf > 0 && (p = strstr(p, from)) != NULL) {
        size_t tail = strlen(p + nf);
        if ((size_t)(p - text) + nt + tail + 1 > cap)
            return;
        memmove(p + nt, p + nf, tail + 1);
        memcpy(p, to, nt);
        p += nt;
    }
}

/* Copies `in` (the diag lines written with the temporary path) to out with `name` for `path`. */
static void diag_renamed(FILE *in, FILE *out, const char *path, const char *name) {
    char line[2048];
    rewind(in);
    while (fgets(line, sizeof line, in) != NULL) {
        replace_all(line, sizeof line, path, name);
        fputs(line, out);
    }
}

hs_status firm_import_text_op(const hs_ctx *ctx, registry_session *rs, import_kind kind,
                              const char *csv, size_t len, const char *name,
                              const import_options *opt, import_summary *summary, hs_error *err) {
    assert(opt == NULL || opt->rejects_path == NULL);
    memset(summary, 0, sizeof *summary);
    char path[] = "/tmp/huoshui-import-XXXXXX.csv";
    int fd = mkstemps(path, 4);
    if (fd < 0)
        return hs_fail(err, HS_STORAGE, "%s: cannot make a temporary file for the import", name);
    FILE *f = fdopen(fd, "wb");
    bool written = f != NULL && fwrite(csv, 1, len, f) == len;
    if (f != NULL)
        written = fclose(f) == 0 && written;
    else
        close(fd);
    hs_status st;
    if (!written) {
        st = hs_fail(err, HS_STORAGE, "%s: cannot write the temporary file for the import", name);
    } else {
        import_options o = opt != NULL ? *opt : (import_options){0};
        FILE *diag = o.diag != NULL ? tmpfile() : NULL;
        FILE *real = o.diag;
        if (diag != NULL)
            o.diag = diag;
        st = firm_import_op(ctx, rs, kind, path, &o, summary, err);
        if (st != HS_OK)
            replace_all(err->msg, sizeof err->msg, path, name);
        if (diag != NULL) {
            diag_renamed(diag, real, path, name);
            fclose(diag);
        }
    }
    unlink(path);
    return st;
}

hs_status firm_list_op(const hs_ctx *ctx, registry_session *rs, const firm_filter *filter,
                       hs_status (*fn)(void *arg, const hs_firm *f, hs_error *err), void *arg,
                       hs_error *err) {
    assert(ctx != NULL && rs != NULL && rs->registry != NULL && fn != NULL);
    return registry_each(rs->registry, filter, fn, arg, err);
}

hs_status firm_products_op(const hs_ctx *ctx, registry_session *rs, const char *uscc,
                           hs_status (*fn)(void *arg, const hs_product *p, hs_error *err),
                           void *arg, hs_error *err) {
    assert(ctx != NULL && rs != NULL && rs->registry != NULL && fn != NULL);
    char why[200];
    if (!uscc_valid(uscc, why, sizeof why))
        return hs_invalid_field(err, "uscc", "invalid credit code '%.40s': %s", uscc, why);
    hs_firm firm;
    hs_status st = registry_get(rs->registry, uscc, &firm, NULL, err);
    if (st != HS_OK)
        return st;
    return registry_products_each(rs->registry, uscc, fn, arg, err);
}

typedef struct {
    firm_record *rec;
    size_t cap_history, cap_products;
} record_ctx;

static hs_status add_version(void *vctx, const hs_firm *f, const firm_meta *meta, hs_error *err) {
    record_ctx *c = vctx;
    firm_record *r = c->rec;
    if (r->nhistory == c->cap_history) {
        size_t cap = c->cap_history ? c->cap_history * 2 : 8;
        hs_firm *nf = realloc(r->history, cap * sizeof *nf);
        if (nf == NULL)
            return hs_fail(err, HS_STORAGE, "firm %s: out of memory reading its history", f->uscc);
        r->history = nf;
        firm_meta *nm = realloc(r->history_meta, cap * sizeof *nm);
        if (nm == NULL)
            return hs_fail(err, HS_STORAGE, "firm %s: out of memory reading its history", f->uscc);
        r->history_meta = nm;
        c->cap_history = cap;
    }
    r->history[r->nhistory] = *f;
    r->history_meta[r->nhistory] = *meta;
    r->nhistory++;
    return HS_OK;
}

static hs_status add_product(void *vctx, const hs_product *p, hs_error *err) {
    record_ctx *c = vctx;
    firm_record *r = c->rec;
    if (r->nproducts == c->cap_products) {
        size_t cap = c->cap_products ? c->cap_products * 2 : 8;
        hs_product *np = realloc(r->products, cap * sizeof *np);
        if (np == NULL)
            return hs_fail(err, HS_STORAGE, "firm %s: out of memory reading its products", p->uscc);
        r->products = np;
        c->cap_products = cap;
    }
    r->products[r->nproducts++] = *p;
    return HS_OK;
}

hs_status firm_show_op(const hs_ctx *ctx, registry_session *rs, const char *uscc, firm_record *out,
                       hs_error *err) {
    assert(ctx != NULL && rs != NULL && rs->registry != NULL && uscc != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    char why[200];
    if (!uscc_valid(uscc, why, sizeof why))
        return hs_invalid_field(err, "uscc", "invalid credit code '%s': %s", uscc, why);
    hs_status st = registry_get(rs->registry, uscc, &out->firm, &out->meta, err);
    record_ctx c = {.rec = out};
    if (st == HS_OK)
        st = registry_history(rs->registry, uscc, add_version, &c, err);
    if (st == HS_OK)
        st = registry_products_each(rs->registry, uscc, add_product, &c, err);
    if (st != HS_OK) {
        firm_record_free(out);
        return st;
    }
    if (rs->divisions != NULL) {
        out->division_name = divisions_name(rs->divisions, uscc + 2);
        out->division_former = divisions_is_former(rs->divisions, uscc + 2);
    }
    assert(strcmp(out->firm.uscc, uscc) == 0);
    return HS_OK;
}

void firm_record_free(firm_record *rec) {
    if (rec == NULL)
        return;
    free(rec->history);
    free(rec->history_meta);
    free(rec->products);
    rec->history = NULL;
    rec->history_meta = NULL;
    rec->products = NULL;
    rec->nhistory = rec->nproducts = 0;
}

void uscc_check_op(const hs_divisions *d, const char *uscc, bool *valid, char *why,
                   size_t why_len) {
    assert(uscc != NULL && valid != NULL);
    *valid = uscc_valid(uscc, why, why_len);
    if (*valid && d != NULL)
        *valid = divisions_check_uscc(d, uscc, why, why_len);
}
