/* voucher_repo.c — vouchers, providers and redemptions on SQLite (see instrument/voucher_repo.h).
 * The only file with SQL for the voucher module; scopes come in as values, never as SQL text. */
#include "instrument/voucher_repo.h"
#include "store/sqlite/sqlite_store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *db_of(hs_tx *tx) {
    assert(tx != NULL && store_in_txn(tx->store));
    return store_sqlite(tx->store);
}

/* Steps a statement with no result rows to its end; HS_STORAGE naming `what` on failure. */
static hs_status run(hs_store *s, sqlite3_stmt *q, const char *what, hs_error *err) {
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? HS_OK : store_fail(s, err, what);
}

/* ---- providers ---- */

hs_status voucher_repo_provider_put(hs_tx *tx, const voucher_provider *p, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(tx),
                           "INSERT INTO voucher_providers(id, name, city, registered_date) VALUES "
                           "(?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                           "city = excluded.city",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "registering a provider");
    sqlite3_bind_text(q, 1, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, p->city, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, p->registered_date);
    return run(tx->store, q, "registering a provider", err);
}

hs_status voucher_repo_provider_exists(hs_tx *tx, const char *id, bool *found, hs_error *err) {
    sqlite3_stmt *q;
    *found = false;
    if (sqlite3_prepare_v2(db_of(tx), "SELECT 1 FROM voucher_providers WHERE id = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "reading providers");
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    *found = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? HS_OK
                                                 : store_fail(tx->store, err, "reading providers");
}

typedef struct {
    hs_status (*fn)(void *ctx, const voucher_provider *p, hs_error *err);
    void *ctx;
} provider_walk;

static hs_status provider_row(sqlite3_stmt *q, void *vctx, hs_error *err) {
    const provider_walk *w = vctx;
    voucher_provider p;
    memset(&p, 0, sizeof p);
    store_column_text(q, 0, p.id, sizeof p.id);
    store_column_text(q, 1, p.name, sizeof p.name);
    store_column_text(q, 2, p.city, sizeof p.city);
    p.registered_date = (hs_date)sqlite3_column_int64(q, 3);
    return w->fn(w->ctx, &p, err);
}

hs_status voucher_repo_provider_each(hs_store *s,
                                     hs_status (*fn)(void *ctx, const voucher_provider *p,
                                                     hs_error *err),
                                     void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    provider_walk w = {fn, ctx};
    return store_each_row(
        s, "SELECT id, name, city, registered_date FROM voucher_providers ORDER BY id", NULL,
        provider_row, &w, "listing providers", err);
}

/* ---- vouchers ---- */

#define VCOLS                                                                                      \
    "id, programme, budget, policy_path, policy_id, policy_label, policy_sha256, firm, inputs, "   \
    "face_fen, redeemed_fen, issued_date, expires_date, status, reservation_seq, product"

static void read_voucher(sqlite3_stmt *q, voucher *v) {
    memset(v, 0, sizeof *v);
    store_column_text(q, 0, v->id, sizeof v->id);
    store_column_text(q, 1, v->policy.programme, sizeof v->policy.programme);
    store_column_text(q, 2, v->policy.budget, sizeof v->policy.budget);
    store_column_text(q, 3, v->policy.path, sizeof v->policy.path);
    store_column_text(q, 4, v->policy.id, sizeof v->policy.id);
    store_column_text(q, 5, v->policy.label, sizeof v->policy.label);
    store_column_text(q, 6, v->policy.sha256, sizeof v->policy.sha256);
    store_column_text(q, 7, v->firm, sizeof v->firm);
    store_column_text(q, 8, v->inputs, sizeof v->inputs);
    v->face_fen = sqlite3_column_int64(q, 9);
    v->redeemed_fen = sqlite3_column_int64(q, 10);
    v->issued_date = (hs_date)sqlite3_column_int64(q, 11);
    v->expires_date = (hs_date)sqlite3_column_int64(q, 12);
    store_column_text(q, 13, v->status, sizeof v->status);
    v->reservation_seq = sqlite3_column_int(q, 14);
    store_column_text(q, 15, v->product, sizeof v->product);
}

static void read_voucher_any(sqlite3_stmt *q, void *out) {
    read_voucher(q, out);
}

hs_status voucher_repo_get(hs_tx *tx, const char *id, voucher *out, bool *found, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store));
    return store_get_one(tx->store, "SELECT " VCOLS " FROM vouchers WHERE id = ?1", id,
                         read_voucher_any, out, found, "reading a voucher", err);
}

hs_status voucher_repo_find(hs_store *s, const char *id, voucher *out, bool *found, hs_error *err) {
    return store_get_one(s, "SELECT " VCOLS " FROM vouchers WHERE id = ?1", id, read_voucher_any,
                         out, found, "reading a voucher", err);
}

typedef struct {
    hs_status (*fn)(void *ctx, const voucher *v, hs_error *err);
    void *ctx;
} voucher_walk;

static hs_status voucher_row(sqlite3_stmt *q, void *vctx, hs_error *err) {
    const voucher_walk *w = vctx;
    voucher v;
    read_voucher(q, &v);
    return w->fn(w->ctx, &v, err);
}

hs_status voucher_repo_each(hs_store *s, const char *status, const char *after_id, size_t max_rows,
                            hs_status (*fn)(void *ctx, const voucher *v, hs_error *err), void *ctx,
                            hs_error *err) {
    assert(s != NULL && fn != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT " VCOLS " FROM vouchers WHERE (?1 IS NULL OR status = ?1) AND "
                           "(?2 IS NULL OR id > ?2) ORDER BY id LIMIT ?3",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(s, err, "listing vouchers");
    sqlite3_bind_text(q, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, after_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, max_rows == 0 || max_rows > INT64_MAX ? -1 : (sqlite3_int64)max_rows);
    voucher_walk w = {fn, ctx};
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
        st = voucher_row(q, &w, err);
    if (st == HS_OK && rc != SQLITE_DONE)
        st = store_fail(s, err, "listing vouchers");
    sqlite3_finalize(q);
    return st;
}

hs_status voucher_repo_insert(hs_tx *tx, const voucher *v, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(tx),
                           "INSERT INTO vouchers(id, programme, budget, policy_path, policy_id, "
                           "policy_label, policy_sha256, firm, inputs, face_fen, issued_date, "
                           "issued_year, expires_date, status, product) VALUES (?1, ?2, ?3, ?4, "
                           "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'issued', ?14)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "issuing a voucher");
    const char *texts[] = {v->id,        v->policy.programme, v->policy.budget, v->policy.path,
                           v->policy.id, v->policy.label,     v->policy.sha256, v->firm,
                           v->inputs};
    for (int i = 0; i < 9; i++)
        sqlite3_bind_text(q, i + 1, texts[i], -1, SQLITE_STATIC);
    int year, m, d;
    date_to_ymd(v->issued_date, &year, &m, &d);
    sqlite3_bind_int64(q, 10, v->face_fen);
    sqlite3_bind_int64(q, 11, v->issued_date);
    sqlite3_bind_int(q, 12, year);
    sqlite3_bind_int64(q, 13, v->expires_date);
    sqlite3_bind_text(q, 14, v->product, -1, SQLITE_STATIC);
    return run(tx->store, q, "issuing a voucher", err);
}

hs_status voucher_repo_save(hs_tx *tx, const voucher *v, hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(tx),
                           "UPDATE vouchers SET redeemed_fen = ?2, status = ?3, reservation_seq = "
                           "?4 WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "updating a voucher");
    sqlite3_bind_text(q, 1, v->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, v->redeemed_fen);
    sqlite3_bind_text(q, 3, v->status, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 4, v->reservation_seq);
    hs_status st = run(tx->store, q, "updating a voucher", err);
    if (st == HS_OK && sqlite3_changes(db_of(tx)) != 1)
        return hs_fail(err, HS_STORAGE, "updating voucher %s: no such row", v->id);
    return st;
}

hs_status voucher_repo_limit_usage(hs_tx *tx, const instrument_limit_scope *scope,
                                   instrument_limit_usage *out, hs_error *err) {
    assert(scope->policy_id != NULL);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            db_of(tx),
            "SELECT COUNT(*), COALESCE(SUM(CASE status WHEN 'issued' THEN face_fen ELSE "
            "redeemed_fen END), 0), COALESCE(MIN(id), '') FROM vouchers WHERE policy_id = ?1 "
            "AND id != ?2 AND (status != 'expired' OR redeemed_fen > 0) "
            "AND (?3 IS NULL OR firm = ?3) AND (?4 IS NULL OR product = ?4) "
            "AND (?5 = 0 OR issued_year = ?5)",
            -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "checking voucher limits");
    sqlite3_bind_text(q, 1, scope->policy_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, scope->exclude_id ? scope->exclude_id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, scope->firm, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, scope->product, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 5, scope->year);
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->count = sqlite3_column_int64(q, 0);
        out->used_fen = sqlite3_column_int64(q, 1);
        store_column_text(q, 2, out->first_id, sizeof out->first_id);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? HS_OK : store_fail(tx->store, err, "checking voucher limits");
}

hs_status voucher_repo_due(hs_tx *tx, hs_date on, const char *programme, voucher **out, size_t *n,
                           hs_error *err) {
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(tx),
                           "SELECT " VCOLS " FROM vouchers WHERE status = 'issued' AND "
                           "expires_date < ?1 AND (?2 IS NULL OR programme = ?2) ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "listing vouchers");
    sqlite3_bind_int64(q, 1, on);
    if (programme != NULL)
        sqlite3_bind_text(q, 2, programme, -1, SQLITE_STATIC);
    hs_status st = HS_OK;
    size_t cap = 0;
    int rc;
    while (st == HS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            voucher *p = realloc(*out, cap * sizeof *p);
            if (p == NULL) {
                st = hs_fail(err, HS_STORAGE, "out of memory listing vouchers");
                break;
            }
            *out = p;
        }
        read_voucher(q, &(*out)[(*n)++]);
    }
    if (st == HS_OK && rc != SQLITE_DONE)
        st = store_fail(tx->store, err, "listing vouchers");
    sqlite3_finalize(q);
    if (st != HS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}

/* ---- redemptions ---- */

hs_status voucher_repo_bill(hs_tx *tx, const char *provider, const char *bill_id,
                            voucher_redemption *out, bool *found, hs_error *err) {
    sqlite3_stmt *q;
    *found = false;
    if (sqlite3_prepare_v2(db_of(tx),
                           "SELECT voucher, bill_fen, paid_fen, date, settled FROM "
                           "voucher_redemptions WHERE provider = ?1 AND bill_id = ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "reading redemptions");
    sqlite3_bind_text(q, 1, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, bill_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        store_column_text(q, 0, out->voucher, sizeof out->voucher);
        snprintf(out->provider, sizeof out->provider, "%s", provider);
        snprintf(out->bill_id, sizeof out->bill_id, "%s", bill_id);
        out->bill_fen = sqlite3_column_int64(q, 1);
        out->paid_fen = sqlite3_column_int64(q, 2);
        out->date = (hs_date)sqlite3_column_int64(q, 3);
        out->settled = sqlite3_column_int(q, 4) != 0;
        *found = true;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? HS_OK
               : store_fail(tx->store, err, "reading redemptions");
}

hs_status voucher_repo_redemption_insert(hs_tx *tx, const voucher_redemption *r, int seq,
                                         hs_error *err) {
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(tx),
                           "INSERT INTO voucher_redemptions(voucher, provider, bill_id, bill_fen, "
                           "paid_fen, date, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "recording a redemption");
    sqlite3_bind_text(q, 1, r->voucher, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, r->provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, r->bill_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, r->bill_fen);
    sqlite3_bind_int64(q, 5, r->paid_fen);
    sqlite3_bind_int64(q, 6, r->date);
    sqlite3_bind_int(q, 7, seq);
    return run(tx->store, q, "recording a redemption", err);
}

hs_status voucher_repo_unsettled(hs_tx *tx, const char *programme, const char *provider,
                                 int64_t *sum_fen, int64_t *count, hs_error *err) {
    sqlite3_stmt *q;
    *sum_fen = 0;
    *count = 0;
    if (sqlite3_prepare_v2(db_of(tx),
                           "SELECT COALESCE(SUM(r.paid_fen), 0), COUNT(*) FROM voucher_redemptions "
                           "r JOIN vouchers v ON v.id = r.voucher WHERE r.settled = 0 AND "
                           "r.provider = ?2 AND v.programme = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "reading unsettled redemptions");
    sqlite3_bind_text(q, 1, programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, provider, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *sum_fen = sqlite3_column_int64(q, 0);
        *count = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? HS_OK : store_fail(tx->store, err, "reading unsettled redemptions");
}

hs_status voucher_repo_mark_settled(hs_tx *tx, const char *programme, const char *provider,
                                    int64_t *count, hs_error *err) {
    sqlite3_stmt *q;
    *count = 0;
    if (sqlite3_prepare_v2(db_of(tx),
                           "UPDATE voucher_redemptions SET settled = 1 WHERE settled = 0 AND "
                           "provider = ?2 AND voucher IN (SELECT id FROM vouchers WHERE "
                           "programme = ?1)",
                           -1, &q, NULL) != SQLITE_OK)
        return store_fail(tx->store, err, "marking redemptions settled");
    sqlite3_bind_text(q, 1, programme, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, provider, -1, SQLITE_STATIC);
    hs_status st = run(tx->store, q, "marking redemptions settled", err);
    if (st == HS_OK)
        *count = sqlite3_changes(db_of(tx));
    return st;
}

typedef struct {
    const char *voucher;
    hs_status (*fn)(void *ctx, const voucher_redemption *r, hs_error *err);
    void *ctx;
} redemption_walk;

static hs_status redemption_row(sqlite3_stmt *q, void *vctx, hs_error *err) {
    const redemption_walk *w = vctx;
    voucher_redemption r;
    memset(&r, 0, sizeof r);
    snprintf(r.voucher, sizeof r.voucher, "%s", w->voucher);
    store_column_text(q, 0, r.provider, sizeof r.provider);
    store_column_text(q, 1, r.bill_id, sizeof r.bill_id);
    r.bill_fen = sqlite3_column_int64(q, 2);
    r.paid_fen = sqlite3_column_int64(q, 3);
    r.date = (hs_date)sqlite3_column_int64(q, 4);
    r.settled = sqlite3_column_int(q, 5) != 0;
    return w->fn(w->ctx, &r, err);
}

hs_status voucher_repo_redemptions_each(hs_store *s, const char *id,
                                        hs_status (*fn)(void *ctx, const voucher_redemption *r,
                                                        hs_error *err),
                                        void *ctx, hs_error *err) {
    assert(s != NULL && id != NULL && fn != NULL);
    redemption_walk w = {id, fn, ctx};
    return store_each_row(s,
                          "SELECT provider, bill_id, bill_fen, paid_fen, date, settled FROM "
                          "voucher_redemptions WHERE voucher = ?1 ORDER BY seq",
                          id, redemption_row, &w, "reading redemptions", err);
}
