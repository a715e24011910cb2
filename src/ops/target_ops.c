/* target_ops.c — add, import, list and assess targets (see target_ops.h). */
#include "ops/target_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv_reader.h"

hs_status ops_target_add(const hs_ctx *ctx, target *t, bool *replaced, hs_error *err) {
    assert(ctx != NULL && t != NULL);
    hs_status st = target_check(t, err);
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) != HS_OK)
        return st;
    st = target_repo_put(&tx, t, replaced, err);
    return ops_end(&tx, st, err);
}

/* ---- CSV files, read inside the operation's transaction ---- */

enum {
    COL_PROGRAMME,
    COL_ID,
    COL_INDICATOR,
    COL_VALUE,
    COL_DEADLINE,
    COL_BASE_YEAR,
    COL_BASE_VALUE,
    COL_FILTER,
    COL_SOURCE,
    COL_DATE,
    COLS
};
static const char *const col_names[COLS] = {"programme", "id",        "indicator",  "value",
                                            "deadline",  "base_year", "base_value", "filter",
                                            "source",    "date"};

typedef struct {
    hs_tx *tx;
    const char *label;
    bool actuals; /* target_actuals rows (programme,target,date,value[,source]) */
    int col[COLS];
    size_t count;
} import_ctx;

static hs_status import_header(void *vctx, const csv_header *h, hs_error *err) {
    import_ctx *c = vctx;
    for (int i = 0; i < COLS; i++)
        c->col[i] = csv_header_find(h, col_names[i]);
    if (c->actuals)
        c->col[COL_ID] = csv_header_find(h, "target");
    static const int need_targets[] = {COL_PROGRAMME, COL_ID, COL_INDICATOR, COL_VALUE,
                                       COL_DEADLINE};
    static const int need_actuals[] = {COL_PROGRAMME, COL_ID, COL_DATE, COL_VALUE};
    const int *need = c->actuals ? need_actuals : need_targets;
    size_t n = c->actuals ? 4 : 5;
    for (size_t i = 0; i < n; i++)
        if (c->col[need[i]] < 0) {
            const char *name = c->actuals && need[i] == COL_ID ? "target" : col_names[need[i]];
            return hs_fail_code(err, HS_INPUT, "missing_field", name,
                                "%s: the header has no column '%s'", c->label, name);
        }
    return HS_OK;
}

static const char *cell(const import_ctx *c, const csv_record *r, int col) {
    int i = c->col[col];
    return i >= 0 && i < r->count ? r->cells[i] : "";
}

static hs_status copy_cell(const import_ctx *c, const csv_record *r, int col, char *dst, size_t len,
                           hs_error *err) {
    const char *v = cell(c, r, col);
    if (strlen(v) >= len)
        return hs_invalid_field(err, col_names[col], "field '%s': longer than %zu bytes",
                                col_names[col], len - 1);
    snprintf(dst, len, "%s", v);
    return HS_OK;
}

static hs_status date_cell(const import_ctx *c, const csv_record *r, int col, hs_date *out,
                           hs_error *err) {
    if (!date_parse(cell(c, r, col), out))
        return hs_invalid_field(err, col_names[col], "field '%s': a YYYY-MM-DD date is needed",
                                col_names[col]);
    return HS_OK;
}

static hs_status target_row(import_ctx *c, const csv_record *r, hs_error *err) {
    target t = {0};
    hs_status st = copy_cell(c, r, COL_PROGRAMME, t.programme, sizeof t.programme, err);
    if (st == HS_OK)
        st = copy_cell(c, r, COL_ID, t.id, sizeof t.id, err);
    if (st == HS_OK && !target_indicator_parse(cell(c, r, COL_INDICATOR), &t.indicator))
        st = hs_invalid_field(err, "indicator", "field 'indicator': unknown '%s'",
                              cell(c, r, COL_INDICATOR));
    if (st == HS_OK)
        st = target_value_parse(t.indicator, cell(c, r, COL_VALUE), "value", &t.value, err);
    if (st == HS_OK)
        st = date_cell(c, r, COL_DEADLINE, &t.deadline, err);
    if (st == HS_OK && cell(c, r, COL_BASE_YEAR)[0]) {
        char *end;
        long y = strtol(cell(c, r, COL_BASE_YEAR), &end, 10);
        if (*end != '\0' || y < 1900 || y > 9999)
            st = hs_invalid_field(err, "base_year", "field 'base_year': a year is needed");
        t.base_year = (int32_t)y;
    }
    if (st == HS_OK && cell(c, r, COL_BASE_VALUE)[0])
        st = target_value_parse(t.indicator, cell(c, r, COL_BASE_VALUE), "base_value",
                                &t.base_value, err);
    if (st == HS_OK)
        st = copy_cell(c, r, COL_FILTER, t.filter, sizeof t.filter, err);
    if (st == HS_OK)
        st = copy_cell(c, r, COL_SOURCE, t.source, sizeof t.source, err);
    if (st == HS_OK)
        st = target_check(&t, err);
    if (st == HS_OK)
        st = target_repo_put(c->tx, &t, NULL, err);
    return st;
}

static hs_status actual_row(import_ctx *c, const csv_record *r, hs_error *err) {
    char programme[TARGET_ID_MAX], id[TARGET_ID_MAX], source[TARGET_SOURCE_MAX];
    hs_status st = copy_cell(c, r, COL_PROGRAMME, programme, sizeof programme, err);
    if (st == HS_OK)
        st = copy_cell(c, r, COL_ID, id, sizeof id, err);
    if (st == HS_OK)
        st = copy_cell(c, r, COL_SOURCE, source, sizeof source, err);
    if (st != HS_OK)
        return st;
    target t;
    bool found = false;
    if ((st = target_repo_get(c->tx->store, programme, id, &t, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "target", "field 'target': no target '%s' in programme '%s'", id,
                            programme);
    hs_date date;
    int64_t value;
    if ((st = date_cell(c, r, COL_DATE, &date, err)) == HS_OK)
        st = target_value_parse(t.indicator, cell(c, r, COL_VALUE), "value", &value, err);
    if (st == HS_OK)
        st = target_repo_actual_put(c->tx, programme, id, date, value, source, err);
    return st;
}

static hs_status import_record(void *vctx, const csv_header *h, const csv_record *r,
                               hs_error *err) {
    import_ctx *c = vctx;
    hs_status shape = csv_record_check(h, r, c->label, err);
    if (shape != HS_OK)
        return shape;
    hs_status st = c->actuals ? actual_row(c, r, err) : target_row(c, r, err);
    if (st != HS_OK)
        return hs_error_prefix(err, "%s:%ld", c->label, r->line);
    c->count++;
    return HS_OK;
}

static hs_status import_file(const hs_ctx *ctx, const char *path, bool actuals, size_t *count,
                             hs_error *err) {
    assert(ctx != NULL && path != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    import_ctx c = {.tx = &tx, .label = path, .actuals = actuals};
    csv_options o = {.header = true, .empty_hint = "a header row is needed"};
    csv_sink sink = {.ctx = &c, .on_header = import_header, .on_record = import_record};
    st = csv_read_file(path, &o, &sink, err);
    st = ops_end(&tx, st, err);
    if (count)
        *count = st == HS_OK ? c.count : 0;
    return st;
}

hs_status ops_target_import(const hs_ctx *ctx, const char *csv_path, size_t *count, hs_error *err) {
    return import_file(ctx, csv_path, false, count, err);
}

hs_status ops_target_actual_import(const hs_ctx *ctx, const char *csv_path, size_t *count,
                                   hs_error *err) {
    return import_file(ctx, csv_path, true, count, err);
}

/* ---- reads ---- */

typedef struct {
    target *v;
    size_t n, cap;
} target_vec;

static hs_status collect(void *vctx, const target *t, hs_error *err) {
    target_vec *tv = vctx;
    if (tv->n == tv->cap) {
        size_t cap = tv->cap ? 2 * tv->cap : 16;
        target *p = realloc(tv->v, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory listing targets");
        tv->v = p;
        tv->cap = cap;
    }
    tv->v[tv->n++] = *t;
    return HS_OK;
}

hs_status ops_target_list(const hs_ctx *ctx, const char *programme, target **out, size_t *n,
                          hs_error *err) {
    assert(ctx != NULL && out != NULL && n != NULL);
    target_vec tv = {0};
    hs_status st = target_repo_each(ctx->store, programme, collect, &tv, err);
    if (st != HS_OK) {
        free(tv.v);
        tv.v = NULL;
        tv.n = 0;
    }
    *out = tv.v;
    *n = tv.n;
    return st;
}

static hs_status status_of(const hs_ctx *ctx, const target *t, hs_date on, target_status *ts,
                           hs_error *err) {
    memset(ts, 0, sizeof *ts);
    ts->t = *t;
    int64_t imported;
    hs_date imported_date;
    bool found = false;
    hs_status st = target_repo_actual_latest(ctx->store, t->programme, t->id, on, &imported,
                                             &imported_date, &found, err);
    if (st != HS_OK)
        return st;
    if (found) {
        ts->actual_known = true;
        ts->actual = imported;
        ts->actual_date = imported_date;
        snprintf(ts->actual_source, sizeof ts->actual_source, "imported");
    } else {
        st = ops_target_actual_computed(ctx, t, on, &ts->actual, &ts->actual_known, err);
        if (st != HS_OK)
            return st;
        ts->actual_date = on;
        bool registry = t->indicator == TARGET_FIRMS || t->indicator == TARGET_UNICORNS;
        snprintf(ts->actual_source, sizeof ts->actual_source, "%s",
                 !ts->actual_known ? ""
                 : registry        ? "registry"
                                   : "book");
    }
    if (ts->actual_known)
        ts->a = target_assess(t, ts->actual, on);
    return target_repo_probability_get(ctx->store, t->programme, t->id, &ts->probability,
                                       &ts->has_probability, err);
}

hs_status ops_target_status(const hs_ctx *ctx, const char *programme, hs_date on,
                            target_status **out, size_t *n, hs_error *err) {
    assert(ctx != NULL && out != NULL && n != NULL);
    *out = NULL;
    *n = 0;
    if (on == 0)
        on = hs_clock_today(&ctx->clock);
    target *ts = NULL;
    size_t nt = 0;
    hs_status st = ops_target_list(ctx, programme, &ts, &nt, err);
    if (st != HS_OK)
        return st;
    target_status *v = nt ? calloc(nt, sizeof *v) : NULL;
    if (nt && v == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory assessing targets");
    for (size_t i = 0; i < nt && st == HS_OK; i++)
        st = status_of(ctx, &ts[i], on, &v[i], err);
    free(ts);
    if (st != HS_OK) {
        free(v);
        return st;
    }
    *out = v;
    *n = nt;
    return HS_OK;
}

hs_status ops_target_probabilities_store(const hs_ctx *ctx, const target *targets,
                                         const double *probability, size_t n, int64_t paths,
                                         uint64_t seed, hs_date run_on, const char *run_id,
                                         hs_error *err) {
    assert(ctx != NULL && (n == 0 || (targets != NULL && probability != NULL)));
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    for (size_t i = 0; i < n && st == HS_OK; i++) {
        target_probability p = {
            .probability = probability[i], .paths = paths, .seed = seed, .run_on = run_on};
        snprintf(p.run_id, sizeof p.run_id, "%s", run_id ? run_id : "");
        st = target_repo_probability_put(&tx, targets[i].programme, targets[i].id, &p, err);
    }
    return ops_end(&tx, st, err);
}
