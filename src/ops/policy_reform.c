/* policy_reform.c — a reform and its cost (see policy_reform.h): build the reformed copy of the
 * policy, read the population with each firm's city and sector, decide it twice, compare.
 *
 * Layout of a result: firms[] in the population's order, each with both decisions; cities[] the
 * distinct city names (firms refer to them by index); groups summed from firms[] in one pass;
 * gainers[] / losers[] index firms[]. Every total is a money_add over the firms it covers, so the
 * groups of a breakdown add up to `all` exactly (asserted). */
#include "ops/policy_reform.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/programme.h"
#include "registry/csv_io.h"
#include "registry/firm_csv.h"
#include "registry/registry.h"

#define CITY_SLOTS_MIN 64

static const char *or_default(const char *field, const char *fallback) {
    return field != NULL ? field : fallback;
}

int64_t ops_reform_delta(const ops_reform_firm *f) {
    int64_t d = 0;
    bool ok = money_sub(f->reform_fen, f->baseline_fen, &d);
    assert(ok); /* both are amounts a policy produced: |a| <= a policy's money range */
    (void)ok;
    return d;
}

void ops_policy_reform_free(ops_policy_reform_result *r) {
    assert(r != NULL);
    json_decref(r->set);
    json_decref(r->rule_off);
    free(r->firms);
    free(r->cities);
    free(r->by_sector);
    free(r->by_city);
    free(r->gainers);
    free(r->losers);
    memset(r, 0, sizeof *r);
}

/* ---- the reformed policy ---- */

/* The text a parameter value is given as: a string as is, an integer in decimal, a boolean. */
static bool value_text(const json_t *v, char *buf, size_t len) {
    if (json_is_string(v))
        return (size_t)snprintf(buf, len, "%s", json_string_value(v)) < len;
    if (json_is_integer(v))
        return (size_t)snprintf(buf, len, "%lld", (long long)json_integer_value(v)) < len;
    if (json_is_boolean(v))
        return (size_t)snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false") < len;
    return false;
}

/* A private copy of the policy with req's settings applied; out->set and out->rule_off record
 * them as text. */
static hs_status reformed(const ops_policy_reform_req *req, ops_policy_reform_result *out,
                          hs_policy **reform, hs_error *err) {
    const char *set_field = or_default(req->set_field, "set");
    const char *off_field = or_default(req->rule_off_field, "rule_off");
    *reform = NULL;
    if (req->set != NULL && !json_is_object(req->set))
        return hs_invalid_field(err, set_field, "%s must be an object {NAME: VALUE}", set_field);
    if (req->rule_off_count > POLICY_REFORM_RULES_OFF_MAX)
        return hs_invalid_field(err, off_field, "%s: at most %d rules", off_field,
                                POLICY_REFORM_RULES_OFF_MAX);
    out->set = json_object();
    out->rule_off = json_array();
    if (out->set == NULL || out->rule_off == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    size_t len = 0;
    const char *text = policy_text(req->policy->policy, &len);
    hs_policy *p = NULL;
    hs_status st = policy_load_text(req->policy->name, text, len, &p, err);
    if (st != HS_OK)
        return st;
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)req->set, name, v) {
        char vt[256];
        if (!value_text(v, vt, sizeof vt)) {
            st = hs_invalid_field(err, set_field,
                                  "%s: parameter '%.64s' needs a value in its own syntax (3%%, "
                                  "300万, 12, 2025-01-01, true)",
                                  set_field, name);
            break;
        }
        if (policy_param_override(p, name, vt, err) != HS_OK) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            st = hs_invalid_field(err, set_field, "%s: %s", set_field, msg);
            break;
        }
        json_object_set_new(out->set, name, json_string(vt));
    }
    for (size_t i = 0; st == HS_OK && i < req->rule_off_count; i++) {
        const char *rule = req->rule_off[i];
        assert(rule != NULL);
        if (policy_rule_disable(p, rule, err) != HS_OK) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            st = hs_fail_code(err, HS_INPUT, "unknown_rule", off_field,
                              "%s: %s (rules: ", off_field, msg);
            size_t at = strlen(err->msg);
            const hs_policy *base = req->policy->policy;
            for (size_t r = 0; r < policy_rule_count(base) && at < sizeof err->msg; r++)
                at += (size_t)snprintf(err->msg + at, sizeof err->msg - at, "%s%s", r ? ", " : "",
                                       policy_rule_name(base, r));
            if (at + 2 < sizeof err->msg)
                strcat(err->msg, ")");
            break;
        }
        json_array_append_new(out->rule_off, json_string(rule));
    }
    if (st != HS_OK) {
        policy_free(p);
        return st;
    }
    *reform = p;
    return HS_OK;
}

/* ---- cities ---- */

typedef struct {
    size_t *slot; /* 1 + city index, 0 empty; open addressing */
    size_t nslots;
    ops_policy_reform_result *r;
    size_t cap;
} city_table;

static uint64_t hash_text(const char *s) {
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The index of `city` in r->cities, added if new; false when out of memory. */
static bool city_index(city_table *t, const char *city, int *out) {
    ops_policy_reform_result *r = t->r;
    if (2 * (r->ncities + 1) > t->nslots) {
        size_t n = t->nslots ? t->nslots * 2 : CITY_SLOTS_MIN;
        size_t *slot = calloc(n, sizeof *slot);
        if (slot == NULL)
            return false;
        for (size_t c = 0; c < r->ncities; c++) {
            size_t at = hash_text(r->cities[c]) & (n - 1);
            while (slot[at] != 0)
                at = (at + 1) & (n - 1);
            slot[at] = c + 1;
        }
        free(t->slot);
        t->slot = slot;
        t->nslots = n;
    }
    size_t at = hash_text(city) & (t->nslots - 1);
    for (; t->slot[at] != 0; at = (at + 1) & (t->nslots - 1))
        if (strcmp(r->cities[t->slot[at] - 1], city) == 0) {
            *out = (int)(t->slot[at] - 1);
            return true;
        }
    if (r->ncities == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        void *grown = realloc(r->cities, cap * sizeof *r->cities);
        if (grown == NULL)
            return false;
        r->cities = grown;
        t->cap = cap;
    }
    snprintf(r->cities[r->ncities], sizeof r->cities[0], "%s", city);
    t->slot[at] = ++r->ncities;
    *out = (int)(r->ncities - 1);
    return true;
}

/* Records one firm of the population (uscc, sector, city) in r->firms. */
static hs_status add_firm(ops_policy_reform_result *r, size_t *cap, city_table *cities,
                          const hs_firm *f, hs_error *err) {
    if (r->nfirms == *cap) {
        size_t n = *cap ? *cap * 2 : 1024;
        void *grown = realloc(r->firms, n * sizeof *r->firms);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory for %zu firms", n);
        r->firms = grown;
        *cap = n;
    }
    ops_reform_firm *rf = &r->firms[r->nfirms];
    memset(rf, 0, sizeof *rf);
    snprintf(rf->uscc, sizeof rf->uscc, "%s", f->uscc);
    rf->sector = (int)f->sector;
    if (!city_index(cities, f->city, &rf->city))
        return hs_fail(err, HS_STORAGE, "out of memory");
    r->nfirms++;
    return HS_OK;
}

/* ---- the population from a CSV ---- */

typedef struct {
    const hs_policy *p;
    const char *file;
    ops_policy_reform_result *r;
    size_t cap;
    city_table cities;
    csv_header_map map;
    int *keep; /* the record's columns the registry format reads, in order */
    int nkeep, header_count;
    char **cells;
    size_t *lens;
} csv_read_ctx;

/* True if header name `name` is a policy input (or a money input's NAME_fen) that is not a
 * registry field: a column the registry format does not know but the policy reads. */
static bool policy_only_column(const hs_policy *p, const char *name) {
    for (int f = 0; f < FIRM_FIELD_COUNT; f++)
        if (strcmp(name, firm_field_name((firm_field)f)) == 0)
            return false;
    for (size_t i = 0; i < policy_input_count(p); i++) {
        const char *in = policy_input_name(p, i);
        size_t n = strlen(in);
        if (strcmp(name, in) == 0)
            return true;
        if (policy_input_type(p, i) == HS_T_MONEY && strncmp(name, in, n) == 0 &&
            strcmp(name + n, "_fen") == 0)
            return true;
    }
    return false;
}

/* The record narrowed to the registry's columns (rows have the header's cell count). */
static csv_record narrowed(csv_read_ctx *c, const csv_record *rec) {
    csv_record out = *rec;
    int n = 0;
    for (int k = 0; k < c->nkeep && c->keep[k] < rec->count; k++)
        c->cells[n] = rec->cells[c->keep[k]], c->lens[n++] = rec->lens[c->keep[k]];
    out.count = n;
    out.cells = c->cells;
    out.lens = c->lens;
    out.nul_cell = -1;
    return out;
}

static hs_status on_csv_record(void *arg, const csv_record *rec, hs_error *err) {
    csv_read_ctx *c = arg;
    if (c->keep == NULL) { /* the first record is the header */
        c->keep = calloc((size_t)rec->count + 1, sizeof *c->keep);
        c->cells = calloc((size_t)rec->count + 1, sizeof *c->cells);
        c->lens = calloc((size_t)rec->count + 1, sizeof *c->lens);
        if (c->keep == NULL || c->cells == NULL || c->lens == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        c->header_count = rec->count;
        for (int k = 0; k < rec->count; k++)
            if (!policy_only_column(c->p, rec->cells[k]))
                c->keep[c->nkeep++] = k;
        csv_record h = narrowed(c, rec);
        return firm_csv_header(&c->map, &h, c->file, err);
    }
    if (rec->count != c->header_count)
        return hs_fail(err, HS_INPUT, "%s:%ld: has %d cells, the header has %d", c->file, rec->line,
                       rec->count, c->header_count);
    if (rec->nul_cell >= 0)
        return hs_fail(err, HS_INPUT, "%s:%ld: a cell holds a NUL byte", c->file, rec->line);
    csv_record row = narrowed(c, rec);
    hs_firm f;
    row_issues issues;
    if (!firm_csv_row(&c->map, &row, &f, &issues)) {
        char why[2048];
        return hs_fail(err, HS_INPUT, "%s:%ld: %s", c->file, rec->line,
                       row_issues_join(&issues, why, sizeof why));
    }
    return add_firm(c->r, &c->cap, &c->cities, &f, err);
}

/* Reads the CSV's firms (uscc, sector, city) into r->firms. */
static hs_status read_csv_firms(const hs_policy *p, const char *path, ops_policy_reform_result *r,
                                hs_error *err) {
    FILE *in = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
    if (in == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot read the firms (%s)", path,
                       strcmp(path, "-") == 0 ? "standard input is read once: give a file"
                                              : "no such file or not readable");
    csv_read_ctx c = {.p = p, .file = path, .r = r, .cities = {.r = r}};
    hs_status st = registry_csv_read(in, path, on_csv_record, &c, err);
    fclose(in);
    free(c.keep);
    free(c.cells);
    free(c.lens);
    free(c.cities.slot);
    if (st == HS_OK && c.map.ncols == 0)
        st = hs_fail(err, HS_INPUT, "%s: empty file (a header row is required)", path);
    return st;
}

/* ---- the population from the registry ---- */

/* One firm's registry record as the policy's population (the cells of the inputs it reads). */
static hs_status firm_pop(const hs_policy *p, const hs_firm *f, hs_pop **pop, hs_error *err) {
    const char *names[FIRM_FIELD_COUNT], *values[FIRM_FIELD_COUNT];
    char bufs[FIRM_FIELD_COUNT][512];
    size_t n = 0;
    for (int k = 0; k < FIRM_FIELD_COUNT; k++) {
        const char *field = firm_field_name((firm_field)k);
        bool read = false;
        for (size_t i = 0; i < policy_input_count(p) && !read; i++)
            read = strcmp(policy_input_name(p, i), field) == 0;
        const char *cell = read ? firm_csv_cell(f, (firm_field)k, bufs[k], sizeof bufs[k]) : NULL;
        if (cell != NULL && cell[0] != '\0') {
            names[n] = field;
            values[n++] = cell;
        }
    }
    hs_status st = pop_from_fields(p, f->uscc, names, values, n, pop, err);
    if (st != HS_OK)
        hs_error_prefix(err, "registry firm %s", f->uscc);
    return st;
}

/* ---- evaluation ---- */

typedef struct {
    size_t npops;
    hs_pop **pops;
} population;

static void population_free(population *pop) {
    for (size_t k = 0; k < pop->npops; k++)
        pop_free(pop->pops[k]);
    free(pop->pops);
    memset(pop, 0, sizeof *pop);
}

/* Decides every row under p, writing the baseline (reform false) or reform side of r->firms. */
static hs_status decide(const hs_policy *p, const population *pop, hs_date on, int threads,
                        bool reform, ops_policy_reform_result *r, hs_error *err) {
    size_t row = 0;
    for (size_t k = 0; k < pop->npops; k++) {
        hs_pop_result res;
        hs_status st =
            policy_eval_pop(p, pop->pops[k], on, pop->npops == 1 ? threads : 1, &res, err);
        if (st != HS_OK)
            return st;
        for (size_t j = 0; j < res.rows; j++, row++) {
            assert(row < r->nfirms);
            ops_reform_firm *f = &r->firms[row];
            assert(strcmp(f->uscc, pop_uscc(pop->pops[k], j)) == 0);
            bool elig = res.eligible[j] != 0;
            int64_t amount = elig ? res.amount_fen[j] : 0;
            if (reform) {
                f->reform_eligible = elig;
                f->reform_fen = amount;
                f->reform_error = res.error[j] != 0;
            } else {
                f->baseline_eligible = elig;
                f->baseline_fen = amount;
                f->baseline_error = res.error[j] != 0;
            }
        }
        pop_result_free(&res);
    }
    assert(row == r->nfirms);
    return HS_OK;
}

/* Loads the population (firms with city and sector into r, and the policy's columns). */
static hs_status load(const hs_ctx *ctx, const ops_policy_reform_req *req, const hs_policy *p,
                      ops_policy_reform_result *r, population *pop, hs_error *err) {
    const char *field = or_default(req->firms_field, "firms_csv");
    if (req->firms_csv != NULL) {
        hs_status st = read_csv_firms(p, req->firms_csv, r, err);
        if (st == HS_OK) {
            pop->pops = calloc(1, sizeof *pop->pops);
            st = pop->pops ? pop_load_csv(p, req->firms_csv, &pop->pops[0], err)
                           : hs_fail(err, HS_STORAGE, "out of memory");
            if (st == HS_OK)
                pop->npops = 1;
        }
        if (st == HS_OK && pop_rows(pop->pops[0]) != r->nfirms)
            st = hs_fail(err, HS_INPUT, "%s: %zu firms but %zu policy rows", req->firms_csv,
                         r->nfirms, pop_rows(pop->pops[0]));
        for (size_t i = 0; st == HS_OK && i < r->nfirms; i++)
            if (strcmp(pop_uscc(pop->pops[0], i), r->firms[i].uscc) != 0)
                st = hs_fail(err, HS_INPUT, "%s: row %zu: uscc %s read as %s", req->firms_csv,
                             i + 2, r->firms[i].uscc, pop_uscc(pop->pops[0], i));
        if (st == HS_INPUT)
            hs_error_field(err, field);
        return st;
    }
    assert(ctx != NULL && ctx->store != NULL);
    hs_registry *reg;
    hs_status st = registry_open(ctx->store, &reg, err);
    if (st != HS_OK)
        return st;
    hs_firm *firms = NULL;
    size_t n = 0;
    st = registry_load(reg, NULL, &firms, &n, err);
    registry_close(reg);
    if (st == HS_OK && (pop->pops = calloc(n ? n : 1, sizeof *pop->pops)) == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    city_table cities = {.r = r};
    size_t cap = 0;
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        if ((st = add_firm(r, &cap, &cities, &firms[i], err)) == HS_OK &&
            (st = firm_pop(p, &firms[i], &pop->pops[i], err)) == HS_OK)
            pop->npops++;
    }
    free(cities.slot);
    free(firms);
    return st;
}

/* ---- comparison ---- */

static bool group_add(ops_reform_group *g, const ops_reform_firm *f) {
    g->firms++;
    g->baseline_eligible += f->baseline_eligible;
    g->reform_eligible += f->reform_eligible;
    g->baseline_errors += f->baseline_error;
    g->reform_errors += f->reform_error;
    return money_add(g->baseline_fen, f->baseline_fen, &g->baseline_fen) &&
           money_add(g->reform_fen, f->reform_fen, &g->reform_fen);
}

static int by_key(const void *a, const void *b) {
    return strcmp(((const ops_reform_group *)a)->key, ((const ops_reform_group *)b)->key);
}

typedef struct {
    int64_t delta_fen;
    size_t firm;
    const char *uscc;
} ranked;

static int by_gain(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->delta_fen != y->delta_fen)
        return x->delta_fen > y->delta_fen ? -1 : 1;
    return strcmp(x->uscc, y->uscc);
}

static int by_loss(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->delta_fen != y->delta_fen)
        return x->delta_fen < y->delta_fen ? -1 : 1;
    return strcmp(x->uscc, y->uscc);
}

/* Sorts the firms whose amount changes in direction `sign` into *out (indexes). */
static hs_status rank(ops_policy_reform_result *r, int sign, size_t **out, size_t *n,
                      hs_error *err) {
    ranked *tmp = calloc(r->nfirms + 1, sizeof *tmp);
    *out = calloc(r->nfirms + 1, sizeof **out);
    if (tmp == NULL || *out == NULL) {
        free(tmp);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < r->nfirms; i++) {
        int64_t d = ops_reform_delta(&r->firms[i]);
        if ((sign > 0 && d > 0) || (sign < 0 && d < 0))
            tmp[k++] = (ranked){d, i, r->firms[i].uscc};
    }
    qsort(tmp, k, sizeof *tmp, sign > 0 ? by_gain : by_loss);
    for (size_t i = 0; i < k; i++)
        (*out)[i] = tmp[i].firm;
    *n = k;
    free(tmp);
    return HS_OK;
}

/* Sums the groups and ranks the changes. */
static hs_status compare(ops_policy_reform_result *r, hs_error *err) {
    ops_reform_group sectors[FIRM_SECTOR_COUNT];
    memset(sectors, 0, sizeof sectors);
    r->by_city = calloc(r->ncities + 1, sizeof *r->by_city);
    r->by_sector = calloc(FIRM_SECTOR_COUNT, sizeof *r->by_sector);
    if (r->by_city == NULL || r->by_sector == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    for (size_t i = 0; i < r->nfirms; i++) {
        const ops_reform_firm *f = &r->firms[i];
        assert(f->sector >= 0 && f->sector < FIRM_SECTOR_COUNT);
        assert(f->city >= 0 && (size_t)f->city < r->ncities);
        assert(f->baseline_eligible || f->baseline_fen == 0);
        assert(f->reform_eligible || f->reform_fen == 0);
        if (!group_add(&r->all, f) || !group_add(&sectors[f->sector], f) ||
            !group_add(&r->by_city[f->city], f))
            return hs_invalid_field(err, "total", "the totals overflow 64-bit fen");
    }
    for (int s = 0; s < FIRM_SECTOR_COUNT; s++) {
        if (sectors[s].firms == 0)
            continue;
        ops_reform_group *g = &r->by_sector[r->nsectors_used++];
        *g = sectors[s];
        const char *code = firm_sector_code((firm_sector)s);
        snprintf(g->key, sizeof g->key, "%s", code[0] ? code : "unset");
    }
    for (size_t c = 0; c < r->ncities; c++)
        snprintf(r->by_city[c].key, sizeof r->by_city[c].key, "%s", r->cities[c]);
    r->nby_city = r->ncities;
    ops_reform_group *lists[] = {&r->all, r->by_sector, r->by_city};
    size_t counts[] = {1, r->nsectors_used, r->nby_city};
    for (size_t l = 0; l < 3; l++) {
        int64_t b = 0, rf = 0;
        for (size_t i = 0; i < counts[l]; i++) {
            ops_reform_group *g = &lists[l][i];
            if (!money_sub(g->reform_fen, g->baseline_fen, &g->delta_fen))
                return hs_invalid_field(err, "total", "the delta overflows 64-bit fen");
            bool ok = money_add(b, g->baseline_fen, &b) && money_add(rf, g->reform_fen, &rf);
            assert(ok); /* the parts of `all` sum without overflow, as `all` did */
            (void)ok;
        }
        assert(b == r->all.baseline_fen && rf == r->all.reform_fen); /* breakdowns add up */
    }
    qsort(r->by_sector, r->nsectors_used, sizeof *r->by_sector, by_key);
    qsort(r->by_city, r->nby_city, sizeof *r->by_city, by_key);
    hs_status st = rank(r, 1, &r->gainers, &r->ngainers, err);
    if (st == HS_OK)
        st = rank(r, -1, &r->losers, &r->nlosers, err);
    assert(st != HS_OK || r->ngainers + r->nlosers <= r->nfirms);
    return st;
}

/* ---- the budget ---- */

typedef struct {
    const char *account;
    bool found;
    int64_t remaining_fen;
} budget_find;

static hs_status on_budget(void *arg, const programme_budget *b, hs_error *err) {
    (void)err;
    budget_find *f = arg;
    if (strcmp(b->account, f->account) == 0) {
        f->found = true;
        f->remaining_fen = b->remaining_fen;
    }
    return HS_OK;
}

/* The programme budget the policy draws on, when the book holds it ("budget/<programme>/..."). */
static hs_status read_budget(const hs_ctx *ctx, ops_policy_reform_result *r, hs_error *err) {
    if (ctx == NULL || ctx->store == NULL || strncmp(r->budget, "budget/", 7) != 0)
        return HS_OK;
    const char *prog = r->budget + 7, *slash = strchr(prog, '/');
    if (slash == NULL || (size_t)(slash - prog) >= sizeof r->programme)
        return HS_OK;
    char id[sizeof r->programme];
    snprintf(id, sizeof id, "%.*s", (int)(slash - prog), prog);
    programme pg;
    bool found = false;
    hs_status st = programme_get(ctx->store, id, &pg, &found, err);
    if (st != HS_OK || !found)
        return st;
    budget_find f = {.account = r->budget};
    if ((st = programme_budgets(ctx->store, id, on_budget, &f, err)) != HS_OK || !f.found)
        return st;
    r->has_programme = true;
    snprintf(r->programme, sizeof r->programme, "%s", id);
    r->remaining_fen = f.remaining_fen;
    if (!money_sub(f.remaining_fen, r->all.delta_fen, &r->remaining_after_fen))
        return hs_invalid_field(err, "total", "the budget after the reform overflows 64-bit fen");
    return HS_OK;
}

/* ---- the operation ---- */

static void tell(const ops_policy_reform_req *req, const char *stage, size_t rows) {
    if (req->progress != NULL)
        req->progress(req->progress_arg, stage, rows);
}

hs_status ops_policy_reform(const hs_ctx *ctx, const ops_policy_reform_req *req,
                            ops_policy_reform_result *out, hs_error *err) {
    assert(req != NULL && req->policy != NULL && req->policy->policy != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    const hs_policy *base = req->policy->policy;
    snprintf(out->policy, sizeof out->policy, "%s", policy_id(base));
    snprintf(out->version, sizeof out->version, "%s", policy_version(base));
    snprintf(out->budget, sizeof out->budget, "%s", policy_budget(base));
    out->on = req->on;
    out->has_from = req->has_from;
    out->from = req->from;
    out->applies = !req->has_from || req->on >= req->from;
    if (req->firms_csv == NULL && (ctx == NULL || ctx->store == NULL))
        return hs_invalid_field(err, or_default(req->firms_field, "firms_csv"),
                                "give the firms (a CSV) or a book whose registry to evaluate");
    hs_policy *reform = NULL;
    hs_status st = reformed(req, out, &reform, err);
    if (st != HS_OK)
        return st;
    population pop = {0};
    int threads = req->threads < 1 ? 1 : req->threads;
    tell(req, "loading", 0);
    st = load(ctx, req, base, out, &pop, err);
    if (st == HS_OK) {
        tell(req, "baseline", out->nfirms);
        st = decide(base, &pop, req->on, threads, false, out, err);
    }
    if (st == HS_OK) {
        tell(req, "reform", out->nfirms);
        /* before `from` the reform is not in force: its decisions are the baseline's */
        st = decide(out->applies ? reform : base, &pop, req->on, threads, true, out, err);
    }
    population_free(&pop);
    policy_free(reform);
    if (st == HS_OK)
        st = compare(out, err);
    if (st == HS_OK)
        st = read_budget(ctx, out, err);
    assert(st != HS_OK || out->all.firms == out->nfirms);
    return st;
}
