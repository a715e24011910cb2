/* registry.c — the registry's rules: validation, partial updates with history, city filters by
 * division (see registry.h). Storage is reached only through registry_repo.h. */
#include "registry/registry.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "registry/division.h"
#include "registry/registry_repo.h"

struct hs_registry {
    hs_store *store;
    registry_repo *repo;
    const hs_divisions *divisions; /* borrowed; NULL: no division check */
    int64_t now_sec;               /* the second `now` was formatted for (a bulk import writes */
    char now[REGISTRY_TIME_LEN];   /* many rows in one transaction: format it once) */
};

hs_status registry_open(hs_store *s, hs_registry **out, hs_error *err) {
    assert(s != NULL && out != NULL);
    *out = NULL;
    hs_registry *r = calloc(1, sizeof *r);
    if (r == NULL)
        return hs_fail(err, HS_STORAGE, "registry: out of memory");
    r->store = s;
    hs_status st = registry_repo_open(s, &r->repo, err);
    if (st != HS_OK) {
        free(r);
        return st;
    }
    *out = r;
    return HS_OK;
}

void registry_close(hs_registry *r) {
    if (r == NULL)
        return;
    registry_repo_close(r->repo);
    free(r);
}

hs_store *registry_store(hs_registry *r) {
    assert(r != NULL);
    return r->store;
}

void registry_use_divisions(hs_registry *r, const hs_divisions *d) {
    assert(r != NULL);
    r->divisions = d;
}

const hs_divisions *registry_divisions(const hs_registry *r) {
    assert(r != NULL);
    return r->divisions;
}

/* ---- reads ---- */

hs_status registry_find(hs_registry *r, const char *uscc, hs_firm *out, firm_meta *meta,
                        bool *found, hs_error *err) {
    assert(r != NULL && uscc != NULL && out != NULL && found != NULL);
    return registry_repo_firm_find(r->repo, uscc, out, meta, found, err);
}

hs_status registry_get(hs_registry *r, const char *uscc, hs_firm *out, firm_meta *meta,
                       hs_error *err) {
    assert(r != NULL && uscc != NULL && out != NULL);
    bool found = false;
    hs_status st = registry_find(r, uscc, out, meta, &found, err);
    if (st == HS_OK && !found)
        return hs_not_found(err, "uscc", "no firm %s in the registry", uscc);
    return st;
}

#define CITY_NAMES_MAX 8

/* The repository query for a filter: a city given by name matches every name of its division
 * (成都 and 成都市) when the registry has a division table. */
static void make_query(const hs_registry *r, const firm_filter *filter, registry_query *q,
                       const char *names[CITY_NAMES_MAX]) {
    memset(q, 0, sizeof *q);
    if (filter == NULL)
        return;
    q->sector = filter->sector;
    q->stage = filter->stage;
    q->flags_all = filter->flags_all;
    if (filter->city == NULL)
        return;
    size_t n = 0;
    const char *code = r->divisions ? divisions_city(r->divisions, filter->city) : NULL;
    if (code != NULL)
        n = divisions_city_names(r->divisions, code, names, CITY_NAMES_MAX - 1);
    bool given = false;
    for (size_t i = 0; i < n; i++)
        given = given || strcmp(names[i], filter->city) == 0;
    if (!given)
        names[n++] = filter->city; /* a code, or a name the table does not know, as typed */
    assert(n >= 1 && n <= CITY_NAMES_MAX);
    q->cities = names;
    q->ncities = n;
}

hs_status registry_each(hs_registry *r, const firm_filter *filter,
                        hs_status (*fn)(void *ctx, const hs_firm *f, hs_error *err), void *ctx,
                        hs_error *err) {
    assert(r != NULL && fn != NULL);
    registry_query q;
    const char *names[CITY_NAMES_MAX];
    make_query(r, filter, &q, names);
    return registry_repo_firms_each(r->repo, filter ? &q : NULL, fn, ctx, err);
}

typedef struct {
    hs_firm *firms;
    size_t n, cap;
} load_ctx;

static hs_status load_one(void *ctx, const hs_firm *f, hs_error *err) {
    load_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        hs_firm *grown = realloc(c->firms, cap * sizeof *grown);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "registry: out of memory loading %zu firms", c->n);
        c->firms = grown;
        c->cap = cap;
    }
    c->firms[c->n++] = *f;
    return HS_OK;
}

hs_status registry_load(hs_registry *r, const firm_filter *filter, hs_firm **out, size_t *n,
                        hs_error *err) {
    assert(out != NULL && n != NULL);
    load_ctx c = {.firms = NULL};
    hs_status st = registry_each(r, filter, load_one, &c, err);
    if (st != HS_OK) {
        free(c.firms);
        c.firms = NULL;
        c.n = 0;
    }
    *out = c.firms;
    *n = c.n;
    return st;
}

hs_status registry_count(hs_registry *r, const firm_filter *filter, int64_t *count, hs_error *err) {
    assert(r != NULL && count != NULL);
    registry_query q;
    const char *names[CITY_NAMES_MAX];
    make_query(r, filter, &q, names);
    return registry_repo_firms_count(r->repo, filter ? &q : NULL, count, err);
}

hs_status registry_history(hs_registry *r, const char *uscc,
                           hs_status (*fn)(void *ctx, const hs_firm *f, const firm_meta *meta,
                                           hs_error *err),
                           void *ctx, hs_error *err) {
    assert(r != NULL && uscc != NULL && fn != NULL);
    return registry_repo_history_each(r->repo, uscc, fn, ctx, err);
}

hs_status registry_products_each(hs_registry *r, const char *uscc,
                                 hs_status (*fn)(void *ctx, const hs_product *p, hs_error *err),
                                 void *ctx, hs_error *err) {
    assert(r != NULL && fn != NULL);
    return registry_repo_products_each(r->repo, uscc, fn, ctx, err);
}

/* ---- validation ---- */

hs_status registry_check_uscc(const hs_registry *r, const char *uscc, hs_error *err) {
    assert(r != NULL && uscc != NULL);
    char why[200];
    if (!uscc_valid(uscc, why, sizeof why))
        return hs_invalid_field(err, "uscc", "credit code '%s': %s", uscc, why);
    if (r->divisions != NULL && !divisions_check_uscc(r->divisions, uscc, why, sizeof why))
        return hs_invalid_field(err, "uscc", "credit code '%s': %s", uscc, why);
    return HS_OK;
}

static hs_status check_firm(const hs_registry *r, const hs_firm *f, hs_error *err) {
    assert(r != NULL && f != NULL);
    hs_status st = registry_check_uscc(r, f->uscc, err);
    if (st != HS_OK)
        return st;
    if (f->name[0] == '\0')
        return hs_invalid_field(err, "name", "firm %s: name and city are required", f->uscc);
    if (f->city[0] == '\0')
        return hs_invalid_field(err, "city", "firm %s: name and city are required", f->uscc);
    return HS_OK;
}

/* ---- writes ---- */

/* "YYYY-MM-DDTHH:MM:SSZ" of the transaction's instant (owned by r, valid until the next call). */
static const char *tx_time(hs_registry *r, const hs_tx *tx) {
    int64_t sec = tx->now_ns / 1000000000;
    if (r->now[0] == '\0' || sec != r->now_sec) {
        time_t t = (time_t)sec;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(r->now, sizeof r->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
        r->now_sec = sec;
    }
    assert(r->now[0] != '\0');
    return r->now;
}

static hs_status upsert_in(hs_registry *r, hs_tx *tx, const hs_firm *f, uint32_t fields_mask,
                           const char *now, registry_upsert_result *result, hs_error *err) {
    assert(fields_mask & (1u << FIRM_FIELD_USCC));
    assert(f->sector >= 0 && f->sector < FIRM_SECTOR_COUNT);
    assert(f->stage >= 0 && f->stage < FIRM_STAGE_COUNT);
    hs_status st = check_firm(r, f, err);
    if (st != HS_OK)
        return st;
    /* the common case first: a new firm is one insert, no lookup */
    bool inserted = false;
    if ((st = registry_repo_firm_insert(r->repo, tx, f, now, &inserted, err)) != HS_OK)
        return st;
    if (inserted) {
        *result = REGISTRY_INSERTED;
        return HS_OK;
    }
    hs_firm old, merged;
    firm_meta meta;
    bool found = false;
    if ((st = registry_repo_firm_find(r->repo, f->uscc, &old, &meta, &found, err)) != HS_OK)
        return st;
    if (!found) /* the insert saw the code taken, in this same transaction */
        return hs_fail(err, HS_STORAGE, "%s: registry: firm %s is neither new nor stored",
                       store_path(r->store), f->uscc);
    if (meta.version < 1)
        return hs_fail(err, HS_STORAGE, "%s: registry: firm %s has version %lld (corrupt book)",
                       store_path(r->store), f->uscc, (long long)meta.version);
    merged = old;
    firm_copy_fields(&merged, f, fields_mask);
    assert(strcmp(merged.uscc, f->uscc) == 0);
    if (firm_equal(&old, &merged)) {
        *result = REGISTRY_UNCHANGED;
        return HS_OK;
    }
    /* the stored version goes to the history, the merged one replaces it as version + 1 */
    if ((st = registry_repo_firm_replace(r->repo, tx, &merged, meta.version, now, err)) != HS_OK)
        return st;
    *result = REGISTRY_UPDATED;
    return HS_OK;
}

static hs_status product_in(hs_registry *r, hs_tx *tx, const hs_product *p, const char *now,
                            registry_upsert_result *result, hs_error *err) {
    assert(p->kind >= 0 && p->kind < PRODUCT_KIND_COUNT);
    bool found = false;
    hs_firm firm;
    hs_status st = registry_repo_firm_find(r->repo, p->uscc, &firm, NULL, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "uscc", "firm %s is not in the registry (import it first)",
                            p->uscc);
    hs_product old;
    bool exists = false;
    st = registry_repo_product_find(r->repo, p->uscc, p->product_id, &old, &exists, err);
    if (st != HS_OK)
        return st;
    if (exists && product_equal(&old, p)) {
        *result = REGISTRY_UNCHANGED;
        return HS_OK;
    }
    if ((st = registry_repo_product_put(r->repo, tx, p, now, err)) != HS_OK)
        return st;
    *result = exists ? REGISTRY_UPDATED : REGISTRY_INSERTED;
    return HS_OK;
}

hs_status registry_upsert_tx(hs_registry *r, hs_tx *tx, const hs_firm *f, uint32_t fields_mask,
                             registry_upsert_result *result, hs_error *err) {
    assert(r != NULL && tx != NULL && tx->store == r->store && f != NULL && result != NULL);
    return upsert_in(r, tx, f, fields_mask, tx_time(r, tx), result, err);
}

hs_status registry_product_upsert_tx(hs_registry *r, hs_tx *tx, const hs_product *p,
                                     registry_upsert_result *result, hs_error *err) {
    assert(r != NULL && tx != NULL && tx->store == r->store && p != NULL && result != NULL);
    return product_in(r, tx, p, tx_time(r, tx), result, err);
}

/* The self-transacting forms: join the transaction already open on the store, else run in one of
 * their own that commits on success and rolls back on any error. */
typedef struct {
    const hs_firm *firm;
    const hs_product *product;
    uint32_t fields_mask;
} write_arg;

static hs_status in_own_tx(hs_registry *r, const write_arg *a, const char *now,
                           registry_upsert_result *result, hs_error *err) {
    bool joined = store_in_txn(r->store);
    hs_tx tx;
    if (joined)
        tx = (hs_tx){.store = r->store, .now_ns = hs_clock_now_ns(store_clock(r->store))};
    else {
        hs_status st = hs_tx_begin(r->store, &tx, err);
        if (st != HS_OK)
            return st;
    }
    hs_status st = a->firm ? upsert_in(r, &tx, a->firm, a->fields_mask, now, result, err)
                           : product_in(r, &tx, a->product, now, result, err);
    if (joined)
        return st;
    if (st != HS_OK) {
        hs_tx_rollback(&tx);
        return st;
    }
    st = hs_tx_commit(&tx, err);
    assert(!store_in_txn(r->store));
    return st;
}

hs_status registry_upsert(hs_registry *r, const hs_firm *f, const char *now,
                          registry_upsert_result *result, hs_error *err) {
    assert(r != NULL && f != NULL && result != NULL);
    return registry_upsert_fields(r, f, (1u << FIRM_FIELD_COUNT) - 1, now, result, err);
}

hs_status registry_upsert_fields(hs_registry *r, const hs_firm *f, uint32_t fields_mask,
                                 const char *now, registry_upsert_result *result, hs_error *err) {
    assert(r != NULL && f != NULL && now != NULL && result != NULL);
    write_arg a = {.firm = f, .fields_mask = fields_mask};
    return in_own_tx(r, &a, now, result, err);
}

hs_status registry_product_upsert(hs_registry *r, const hs_product *p, const char *now,
                                  registry_upsert_result *result, hs_error *err) {
    assert(r != NULL && p != NULL && now != NULL && result != NULL);
    write_arg a = {.product = p};
    return in_own_tx(r, &a, now, result, err);
}

char *registry_now(hs_registry *r, char *buf, size_t len) {
    assert(r != NULL && buf != NULL);
    return hs_clock_iso(store_clock(r->store), buf, len);
}

hs_status registry_bulk_load(hs_registry *r, bool on, hs_error *err) {
    assert(r != NULL);
    return registry_repo_bulk_load(r->repo, on, err);
}
