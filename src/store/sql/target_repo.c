/* target_repo.c — the targets, target_actuals and target_probabilities tables in the book (see
 * instrument/target_repo.h). */
#include "instrument/target_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define TARGET_COLUMNS                                                                             \
    "programme, id, indicator, value, deadline, base_year, base_value, filter, source"

static hs_status read_target(hs_store *s, db_stmt *q, target *t, hs_error *err) {
    memset(t, 0, sizeof *t);
    store_column_text(q, 0, t->programme, sizeof t->programme);
    store_column_text(q, 1, t->id, sizeof t->id);
    char kind[32];
    store_column_text(q, 2, kind, sizeof kind);
    t->value = db_column_int64(q, 3);
    t->deadline = (hs_date)db_column_int64(q, 4);
    t->base_year = (int32_t)db_column_int64(q, 5);
    t->base_value = db_column_int64(q, 6);
    store_column_text(q, 7, t->filter, sizeof t->filter);
    store_column_text(q, 8, t->source, sizeof t->source);
    (void)s;
    if (!target_indicator_parse(kind, &t->indicator) || t->value <= 0)
        return hs_fail(err, HS_STORAGE, "target row %s/%s is damaged (indicator '%s')",
                       t->programme, t->id, kind);
    return HS_OK;
}

hs_status target_repo_put(hs_tx *tx, const target *t, bool *replaced, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && t != NULL);
    bool found = false;
    target old;
    hs_status st = target_repo_get(tx->store, t->programme, t->id, &old, &found, err);
    if (st != HS_OK)
        return st;
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "INSERT INTO targets(" TARGET_COLUMNS
                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (programme, id)"
                   " DO UPDATE SET indicator = excluded.indicator, value = excluded.value,"
                   " deadline = excluded.deadline, base_year = excluded.base_year,"
                   " base_value = excluded.base_value, filter = excluded.filter,"
                   " source = excluded.source",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "storing a target");
    db_bind_text(q, 1, t->programme);
    db_bind_text(q, 2, t->id);
    db_bind_text(q, 3, target_indicator_name(t->indicator));
    db_bind_int64(q, 4, t->value);
    db_bind_int64(q, 5, t->deadline);
    db_bind_int64(q, 6, t->base_year);
    db_bind_int64(q, 7, t->base_value);
    db_bind_text(q, 8, t->filter);
    db_bind_text(q, 9, t->source);
    int rc = db_step(q);
    db_finalize(q);
    if (rc != DB_DONE)
        return store_fail(tx->store, err, "storing a target");
    if (replaced)
        *replaced = found;
    return HS_OK;
}

hs_status target_repo_get(hs_store *s, const char *programme, const char *id, target *out,
                          bool *found, hs_error *err) {
    assert(s != NULL && programme != NULL && id != NULL && out != NULL && found != NULL);
    *found = false;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " TARGET_COLUMNS " FROM targets WHERE programme = ?1 AND id = ?2",
                   &q) != DB_OK)
        return store_fail(s, err, "reading a target");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, id);
    int rc = db_step(q);
    hs_status st = HS_OK;
    if (rc == DB_ROW) {
        *found = true;
        st = read_target(s, q, out, err);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading a target");
    return st;
}

hs_status target_repo_each(hs_store *s, const char *programme,
                           hs_status (*fn)(void *ctx, const target *t, hs_error *err), void *ctx,
                           hs_error *err) {
    assert(s != NULL && fn != NULL);
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT " TARGET_COLUMNS " FROM targets WHERE ?1 IS NULL OR"
                   " programme = ?1 ORDER BY programme, id",
                   &q) != DB_OK)
        return store_fail(s, err, "listing targets");
    if (programme != NULL)
        db_bind_text(q, 1, programme);
    hs_status st = HS_OK;
    int rc = DB_DONE;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW) {
        target t;
        if ((st = read_target(s, q, &t, err)) == HS_OK)
            st = fn(ctx, &t, err);
    }
    bool failed = st == HS_OK && rc != DB_DONE;
    db_finalize(q);
    return failed ? store_fail(s, err, "listing targets") : st;
}

hs_status target_repo_actual_put(hs_tx *tx, const char *programme, const char *id, hs_date date,
                                 int64_t value, const char *source, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && programme != NULL && id != NULL);
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "INSERT INTO target_actuals(programme, target, date, value,"
                   " source) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (programme, target,"
                   " date) DO UPDATE SET value = excluded.value, source = excluded.source",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "storing an actual");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, id);
    db_bind_int64(q, 3, date);
    db_bind_int64(q, 4, value);
    db_bind_text(q, 5, source ? source : "");
    int rc = db_step(q);
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(tx->store, err, "storing an actual");
}

hs_status target_repo_actual_latest(hs_store *s, const char *programme, const char *id, hs_date on,
                                    int64_t *value, hs_date *date, bool *found, hs_error *err) {
    assert(s != NULL && value != NULL && date != NULL && found != NULL);
    *found = false;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT value, date FROM target_actuals WHERE programme = ?1 AND"
                   " target = ?2 AND date <= ?3 ORDER BY date DESC LIMIT 1",
                   &q) != DB_OK)
        return store_fail(s, err, "reading an actual");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, id);
    db_bind_int64(q, 3, on);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *found = true;
        *value = db_column_int64(q, 0);
        *date = (hs_date)db_column_int64(q, 1);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading an actual");
    return HS_OK;
}

hs_status target_repo_probability_put(hs_tx *tx, const char *programme, const char *id,
                                      const target_probability *p, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && p != NULL);
    assert(p->probability >= 0.0 && p->probability <= 1.0 && p->paths > 0);
    /* the probability is hits / paths of a run: kept exactly as the count of paths */
    int64_t hits = llround(p->probability * (double)p->paths);
    assert(hits >= 0 && hits <= p->paths);
    db_stmt *q;
    if (db_prepare(store_db(tx->store),
                   "INSERT INTO target_probabilities(programme, target,"
                   " hits, paths, seed, run_on, run_id) VALUES (?1, ?2, ?3, ?4,"
                   " ?5, ?6, ?7) ON CONFLICT (programme, target) DO UPDATE SET"
                   " hits = excluded.hits, paths = excluded.paths,"
                   " seed = excluded.seed, run_on = excluded.run_on, run_id = excluded.run_id",
                   &q) != DB_OK)
        return store_fail(tx->store, err, "storing a target's probability");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, id);
    db_bind_int64(q, 3, hits);
    db_bind_int64(q, 4, p->paths);
    db_bind_int64(q, 5, (int64_t)p->seed);
    db_bind_int64(q, 6, p->run_on);
    db_bind_text(q, 7, p->run_id);
    int rc = db_step(q);
    db_finalize(q);
    return rc == DB_DONE ? HS_OK : store_fail(tx->store, err, "storing a target's probability");
}

hs_status target_repo_probability_get(hs_store *s, const char *programme, const char *id,
                                      target_probability *out, bool *found, hs_error *err) {
    assert(s != NULL && out != NULL && found != NULL);
    *found = false;
    memset(out, 0, sizeof *out);
    int64_t hits = 0;
    db_stmt *q;
    if (db_prepare(store_db(s),
                   "SELECT hits, paths, seed, run_on, run_id FROM"
                   " target_probabilities WHERE programme = ?1 AND target = ?2",
                   &q) != DB_OK)
        return store_fail(s, err, "reading a target's probability");
    db_bind_text(q, 1, programme);
    db_bind_text(q, 2, id);
    int rc = db_step(q);
    if (rc == DB_ROW) {
        *found = true;
        hits = db_column_int64(q, 0);
        out->paths = db_column_int64(q, 1);
        out->seed = (uint64_t)db_column_int64(q, 2);
        out->run_on = (hs_date)db_column_int64(q, 3);
        store_column_text(q, 4, out->run_id, sizeof out->run_id);
    }
    db_finalize(q);
    if (rc != DB_ROW && rc != DB_DONE)
        return store_fail(s, err, "reading a target's probability");
    if (*found && !(out->paths > 0 && hits >= 0 && hits <= out->paths))
        return hs_fail(err, HS_STORAGE, "target_probabilities row %s/%s is damaged", programme, id);
    if (*found)
        out->probability = (double)hits / (double)out->paths;
    return HS_OK;
}
