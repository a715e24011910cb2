/* voucher_repo.c — vouchers, providers and redemptions in the book (see instrument/voucher_repo.h).
 * The only file with SQL for the voucher module; scopes come in as values, never as SQL text. */
#include "instrument/voucher_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static db_conn *db_of(hs_tx *tx) {
    assert(tx != NULL && store_in_txn(tx->store));
    return store_db(tx->store);
}

/* Steps a statement with no result rows to its end; HS_STORAGE naming `what` on failure. */
static hs_status run(hs_store *s, db_stmt *q, const char *what, hs_error *err) {
    int rc = db_step(q);
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(s, err, what);
}

/* ---- providers ---- */

hs_status voucher_repo_provider_put(hs_tx *tx, const voucher_provider *p, hs_error *err) {
    db_stmt *q;
    if (db_prepare(db_of(tx),
                   "INSERT INTO voucher_providers(id, name, city, registered_date) VALUES "
                   "(?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                   "city = excluded.city",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "registering a provider");
    db_bind_text(q, 1, p->id);
    db_bind_text(q, 2, p->name);
    db_bind_text(q, 3, p->city);
    db_bind_int64(q, 4, p->registered_date);
    return run(tx->store, q, "registering a provider", err);
}

hs_status voucher_repo_provider_exists(hs_tx *tx, const char *id, bool *found, hs_error *err) {
    db_stmt *q;
    *found = false;
    if (db_prepare(db_of(tx), "SELECT 1 FROM voucher_providers WHERE id = ?1", &q) != DB_OK)
        return store_fail(tx->store, err, "reading providers");
    db_bind_text(q, 1, id);
    int rc = db_step(q);
    db_finalize(q);
    *found = rc == DB_ROW;
    return rc == DB_ROW || rc == DB_DONE ? HS_OK : store_fail(tx->store, err, "reading providers");
}

typedef struct {
    hs_status (*fn)(void *ctx, const voucher_provider *p, hs_error *err);
    void *ctx;
} provider_walk;

static hs_status provider_row(db_stmt *q, void *vctx, hs_error *err) {
    const provider_walk *w = vctx;
    voucher_provider p;
    memset(&p, 0, sizeof p);
    store_column_text(q, 0, p.id, sizeof p.id);
    store_column_text(q, 1, p.name, sizeof p.name);
    store_column_text(q, 2, p.city, sizeof p.city);
    p.registered_date = (hs_date)db_column_int64(q, 3);
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

static void read_voucher(db_stmt *q, voucher *v) {
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
    v->face_fen = db_column_int64(q, 9);
    v->redeemed_fen = db_column_int64(q, 10);
    v->issued_date = (hs_date)db_column_int64(q, 11);
    v->expires_date = (hs_date)db_column_int64(q, 12);
    store_column_text(q, 13, v->status, sizeof v->status);
    v->reservation_seq = db_column_int(q, 14);
    store_column_text(q, 15, v->product, sizeof v->product);
}

static void read_voucher_any(db_stmt *q, void *out) {
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

static hs_status voucher_row(db_stmt *q, void *vctx, hs_error *err) {
    const voucher_walk *w = vctx;
    voucher v;
    read_voucher(q, &v);
    return w->fn(w->ctx, &v, err);
}

hs_status voucher_repo_each(hs_store *s, const char *status, const char *after_id, size_t max_rows,
                            hs_status (*fn)(void *ctx, const voucher *v, hs_error *err), void *ctx,
                            hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " VCOLS " FROM vouchers WHERE (?1 IS NULL OR status = ?1) AND "
                   "(?2 IS NULL OR id > ?2) ORDER BY id LIMIT ?3",
                   &q) != DB_OK)
        return store_fail(s, err, "listing vouchers");
    db_bind_text(q, 1, status);
    db_bind_text(q, 2, after_id);
    db_bind_int64(q, 3, max_rows == 0 || max_rows > INT64_MAX ? INT64_MAX : (int64_t)max_rows);
    voucher_walk w = {fn, ctx};
    hs_status st = HS_OK;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW)
        st = voucher_row(q, &w, err);
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, "listing vouchers");
    db_finalize(q);
    return st;
}

hs_status voucher_repo_insert(hs_tx *tx, const voucher *v, hs_error *err) {
    db_stmt *q;
    if (db_prepare(db_of(tx),
                   "INSERT INTO vouchers(id, programme, budget, policy_path, policy_id, "
                   "policy_label, policy_sha256, firm, inputs, face_fen, issued_date, "
                   "issued_year, expires_date, status, product) VALUES (?1, ?2, ?3, ?4, "
                   "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'issued', ?14)",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "issuing a voucher");
    const char *texts[] = {v->id,        v->policy.programme, v->policy.budget, v->policy.path,
                           v->policy.id, v->policy.label,     v->policy.sha256, v->firm,
                           v->inputs};
    for (int i = 0; i < 9; i++)
        db_bind_text(q, i + 1, texts[i]);
    int year, m, d;
    date_to_ymd(v->issued_date, &year, &m, &d);
    db_bind_int64(q, 10, v->face_fen);
    db_bind_int64(q, 11, v->issued_date);
    db_bind_int(q, 12, year);
    db_bind_int64(q, 13, v->expires_date);
    db_bind_text(q, 14, v->product);
    return run(tx->store, q, "issuing a voucher", err);
}

hs_status voucher_repo_save(hs_tx *tx, const voucher *v, hs_error *err) {
    db_stmt *q;
    if (db_prepare(db_of(tx),
                   "UPDATE vouchers SET redeemed_fen = ?2, status = ?3, reservation_seq = "
                   "?4 WHERE id = ?1",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "updating a voucher");
    db_bind_text(q, 1, v->id);
    db_bind_int64(q, 2, v->redeemed_fen);
    db_bind_text(q, 3, v->status);
    db_bind_int(q, 4, v->reservation_seq);
    hs_status st = run(tx->store, q, "updating a voucher", err);
    if (st == HS_OK && db_changes(db_of(tx)) != 1)
        return hs_fail(err, HS_STORAGE, "updating voucher %s: no such row", v->id);
    return st;
}

hs_status voucher_repo_limit_usage(hs_tx *tx, const instrument_limit_scope *scope,
                                   instrument_limit_usage *out, hs_error *err) {
    assert(scope->policy_id != NULL);
    db_stmt *q;
    if (db_prepare(
            db_of(tx),
            "SELECT COUNT(*), COALESCE(SUM(CASE status WHEN 'issued' THEN face_fen ELSE "
            "redeemed_fen END), 0), COALESCE(MIN(id), '') FROM vouchers WHERE policy_id = ?1 "
            "AND id != ?2 AND (status != 'expired' OR redeemed_fen > 0) "
            "AND (?3 IS NULL OR firm = ?3) AND (?4 IS NULL OR product = ?4) "
            "AND (?5 = 0 OR issued_year = ?5)",
            &q) != DB_OK)
        return store_fail(tx->store, err, "checking voucher limits");
    db_bind_text(q, 1, scope->policy_id);
    db_bind_text(q, 2, scope->exclude_id ? scope->exclude_id : "");
    db_bind_text(q, 3, scope->firm);
    db_bind_text(q, 4, scope->product);
    db_bind_int(q, 5, scope->year);
    memset(out, 0, sizeof *out);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        out->count = db_column_int64(q, 0);
        out->used_fen = db_column_int64(q, 1);
        store_column_text(q, 2, out->first_id, sizeof out->first_id);
    }
    db_finalize(q);
    return rc == DB_ROW ? HS_OK : store_fail(tx->store, err, "checking voucher limits");
}

hs_status voucher_repo_due(hs_tx *tx, hs_date on, const char *programme, voucher **out, size_t *n,
                           hs_error *err) {
    *out = NULL;
    *n = 0;
    db_stmt *q;
    if (db_prepare(db_of(tx),
                   "SELECT " VCOLS " FROM vouchers WHERE status = 'issued' AND "
                   "expires_date < ?1 AND (?2 IS NULL OR programme = ?2) ORDER BY id",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "listing vouchers");
    db_bind_int64(q, 1, on);
    if (programme != NULL)
        db_bind_text(q, 2, programme);
    hs_status st = HS_OK;
    size_t cap = 0;
    int rc;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
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
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(tx->store, err, "listing vouchers");
    db_finalize(q);
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
    db_stmt *q;
    *found = false;
    if (db_prepare(db_of(tx),
                   "SELECT voucher, bill_fen, paid_fen, date, settled FROM "
                   "voucher_redemptions WHERE provider = ?1 AND bill_id = ?2",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "reading redemptions");
    db_bind_text(q, 1, provider);
    db_bind_text(q, 2, bill_id);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        store_column_text(q, 0, out->voucher, sizeof out->voucher);
        snprintf(out->provider, sizeof out->provider, "%s", provider);
        snprintf(out->bill_id, sizeof out->bill_id, "%s", bill_id);
        out->bill_fen = db_column_int64(q, 1);
        out->paid_fen = db_column_int64(q, 2);
        out->date = (hs_date)db_column_int64(q, 3);
        out->settled = db_column_int(q, 4) != 0;
        *found = true;
    }
    db_finalize(q);
    return rc == DB_ROW || rc == DB_DONE ? HS_OK
                                         : store_fail(tx->store, err, "reading redemptions");
}

hs_status voucher_repo_redemption_insert(hs_tx *tx, const voucher_redemption *r, int seq,
                                         hs_error *err) {
    db_stmt *q;
    if (db_prepare(db_of(tx),
                   "INSERT INTO voucher_redemptions(voucher, provider, bill_id, bill_fen, "
                   "paid_fen, date, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "recording a redemption");
    db_bind_text(q, 1, r->voucher);
    db_bind_text(q, 2, r->provider);
    db_bind_text(q, 3, r->bill_id);
    db_bind_int64(q, 4, r->bill_fen);
    db_bind_int64(q, 5, r->paid_fen);
    db_bind_int64(q, 6, r->date);
    db_bind_int(q, 7, seq);
    return run(tx->store, q, "recording a redemption", err);
}

hs_status voucher_repo_unsettled(hs_tx *tx, const char *programme, const char *provider,
                                 int64_t *sum_fen, int64_t *count, hs_error *err) {
    db_stmt *q;
    *sum_fen = 0;
    *count = 0;
    if (db_prepare(db_of(tx),
                   "SELECT COALESCE(SUM(r.paid_fen), 0), COUNT(*) FROM voucher_redemptions "
                   "r JOIN vouchers v ON v.id = r.voucher WHERE r.settled = 0 AND "
                   "r.provider = ?2 AND v.programme = ?1",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "reading unsettled redemptions");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, provider);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *sum_fen = db_column_int64(q, 0);
        *count = db_column_int64(q, 1);
    }
    db_finalize(q);
    return rc == DB_ROW ? HS_OK : store_fail(tx->store, err, "reading unsettled redemptions");
}

hs_status voucher_repo_mark_settled(hs_tx *tx, const char *programme, const char *provider,
                                    int64_t *count, hs_error *err) {
    db_stmt *q;
    *count = 0;
    if (db_prepare(db_of(tx),
                   "UPDATE voucher_redemptions SET settled = 1 WHERE settled = 0 AND "
                   "provider = ?2 AND voucher IN (SELECT id FROM vouchers WHERE "
                   "programme = ?1)",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "marking redemptions settled");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, provider);
    hs_status st = run(tx->store, q, "marking redemptions settled", err);
    if (st == HS_OK)
        *count = db_changes(db_of(tx));
    return st;
}

typedef struct {
    const char *voucher;
    hs_status (*fn)(void *ctx, const voucher_redemption *r, hs_error *err);
    void *ctx;
} redemption_walk;

static hs_status redemption_row(db_stmt *q, void *vctx, hs_error *err) {
    const redemption_walk *w = vctx;
    voucher_redemption r;
    memset(&r, 0, sizeof r);
    snprintf(r.voucher, sizeof r.voucher, "%s", w->voucher);
    store_column_text(q, 0, r.provider, sizeof r.provider);
    store_column_text(q, 1, r.bill_id, sizeof r.bill_id);
    r.bill_fen = db_column_int64(q, 2);
    r.paid_fen = db_column_int64(q, 3);
    r.date = (hs_date)db_column_int64(q, 4);
    r.settled = db_column_int(q, 5) != 0;
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
