/* ventureday_repo.c — the venture-day module's records in the book (see
 * instrument/ventureday_repo.h). The only file with the module's SQL (plain SQL: no engine-only
 * syntax); it runs on the store's connection, inside the caller's transaction when given an hs_tx.
 * Rows read back are checked before they are handed up: a status, amount or date that can't be (a
 * tampered book) is HS_STORAGE, never a crash. */
#include "instrument/ventureday_repo.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "store/sql/sql_store.h"

static hs_status prepare(hs_store *s, const char *sql, db_stmt **q, hs_error *err) {
    if (db_prepare(store_db(s), sql, q) != DB_OK)
        return store_fail(s, err, "preparing a venture-day query");
    return HS_OK;
}

static hs_status step_done(hs_store *s, db_stmt *q, const char *what, hs_error *err) {
    int rc = db_step(q);
    hs_status st = rc == DB_DONE ? HS_OK : store_fail(s, err, what);
    db_finalize(q);
    return st;
}

static void bind_text(db_stmt *q, int i, const char *t) {
    db_bind_text(q, i, t);
}

static hs_status corrupt(hs_error *err, const char *what, const char *id, const char *why) {
    return hs_fail(err, HS_STORAGE, "the book's %s '%s' is inconsistent (%s): the book was altered",
                   what, id, why);
}

/* Runs q (bound by the caller) and calls row() for each row; finalizes q. */
static hs_status each(hs_store *s, db_stmt *q,
                      hs_status (*row)(db_stmt *q, void *ctx, hs_error *err), void *ctx,
                      const char *what, hs_error *err) {
    int rc;
    hs_status st = HS_OK;
    while (st == HS_OK && (rc = db_step(q)) == DB_ROW)
        st = row(q, ctx, err);
    if (st == HS_OK && rc != DB_DONE)
        st = store_fail(s, err, what);
    db_finalize(q);
    return st;
}

/* ---- events ---- */

#define EVENT_COLS "SELECT id, title, city, date FROM vd_events"

static hs_status event_row(db_stmt *q, vd_event *e, hs_error *err) {
    memset(e, 0, sizeof *e);
    store_column_text(q, 0, e->id, sizeof e->id);
    store_column_text(q, 1, e->title, sizeof e->title);
    store_column_text(q, 2, e->city, sizeof e->city);
    e->date = (hs_date)db_column_int64(q, 3);
    if (e->date <= 0)
        return corrupt(err, "venture-day event", e->id, "no date");
    return HS_OK;
}

hs_status vd_repo_event_get(hs_store *s, const char *id, vd_event *out, bool *found,
                            hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, EVENT_COLS " WHERE id = ?1", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, id);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = event_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading a venture-day event");
    db_finalize(q);
    return st;
}

hs_status vd_repo_event_insert(hs_tx *tx, const vd_event *e, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(tx->store, "INSERT INTO vd_events (id, title, city, date) VALUES (?1, ?2, ?3, ?4)",
                &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, e->id);
    bind_text(q, 2, e->title);
    bind_text(q, 3, e->city);
    db_bind_int64(q, 4, e->date);
    return step_done(tx->store, q, "recording a venture-day event", err);
}

typedef struct {
    hs_status (*fn)(void *ctx, const vd_event *e, hs_error *err);
    void *ctx;
} event_walk;

static hs_status event_each_row(db_stmt *q, void *vctx, hs_error *err) {
    event_walk *w = vctx;
    vd_event e;
    hs_status st = event_row(q, &e, err);
    return st == HS_OK ? w->fn(w->ctx, &e, err) : st;
}

hs_status vd_repo_events_each(hs_store *s,
                              hs_status (*fn)(void *ctx, const vd_event *e, hs_error *err),
                              void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, EVENT_COLS " ORDER BY date, id", &q, err);
    if (st != HS_OK)
        return st;
    event_walk w = {fn, ctx};
    return each(s, q, event_each_row, &w, "reading venture-day events", err);
}

/* ---- roadshows ---- */

#define ROADSHOW_COLS "SELECT event, firm, session, sector, stage, seeking_fen FROM vd_roadshows"

static hs_status roadshow_row(db_stmt *q, vd_roadshow *r, hs_error *err) {
    memset(r, 0, sizeof *r);
    store_column_text(q, 0, r->event, sizeof r->event);
    store_column_text(q, 1, r->firm, sizeof r->firm);
    store_column_text(q, 2, r->session, sizeof r->session);
    store_column_text(q, 3, r->sector, sizeof r->sector);
    store_column_text(q, 4, r->stage, sizeof r->stage);
    r->seeking_fen = db_column_int64(q, 5);
    if (r->seeking_fen <= 0)
        return corrupt(err, "roadshow", r->firm, "no amount sought");
    return HS_OK;
}

hs_status vd_repo_roadshow_put(hs_tx *tx, const vd_roadshow *r, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(tx->store, "DELETE FROM vd_roadshows WHERE event = ?1 AND firm = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, r->event);
    bind_text(q, 2, r->firm);
    if ((st = step_done(tx->store, q, "replacing a roadshow", err)) != HS_OK)
        return st;
    if ((st = prepare(tx->store,
                      "INSERT INTO vd_roadshows (event, firm, session, sector, stage, seeking_fen)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      &q, err)) != HS_OK)
        return st;
    bind_text(q, 1, r->event);
    bind_text(q, 2, r->firm);
    bind_text(q, 3, r->session);
    bind_text(q, 4, r->sector);
    bind_text(q, 5, r->stage);
    db_bind_int64(q, 6, r->seeking_fen);
    return step_done(tx->store, q, "recording a roadshow", err);
}

hs_status vd_repo_roadshow_get(hs_store *s, const char *event, const char *firm, vd_roadshow *out,
                               bool *found, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, ROADSHOW_COLS " WHERE event = ?1 AND firm = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, event);
    bind_text(q, 2, firm);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = roadshow_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading a roadshow");
    db_finalize(q);
    return st;
}

typedef struct {
    hs_status (*fn)(void *ctx, const vd_roadshow *r, hs_error *err);
    void *ctx;
} roadshow_walk;

static hs_status roadshow_each_row(db_stmt *q, void *vctx, hs_error *err) {
    roadshow_walk *w = vctx;
    vd_roadshow r;
    hs_status st = roadshow_row(q, &r, err);
    return st == HS_OK ? w->fn(w->ctx, &r, err) : st;
}

hs_status vd_repo_roadshows_each(hs_store *s, const char *event,
                                 hs_status (*fn)(void *ctx, const vd_roadshow *r, hs_error *err),
                                 void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, ROADSHOW_COLS " WHERE event = ?1 ORDER BY firm", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, event);
    roadshow_walk w = {fn, ctx};
    return each(s, q, roadshow_each_row, &w, "reading roadshows", err);
}

/* ---- interests ---- */

#define INTEREST_COLS                                                                              \
    "SELECT event, investor, session, fund, sectors, stages, ticket_min_fen, ticket_max_fen"       \
    " FROM vd_interests"

static hs_status interest_row(db_stmt *q, vd_interest *i, hs_error *err) {
    memset(i, 0, sizeof *i);
    store_column_text(q, 0, i->event, sizeof i->event);
    store_column_text(q, 1, i->investor, sizeof i->investor);
    store_column_text(q, 2, i->session, sizeof i->session);
    store_column_text(q, 3, i->fund, sizeof i->fund);
    store_column_text(q, 4, i->sectors, sizeof i->sectors);
    store_column_text(q, 5, i->stages, sizeof i->stages);
    i->ticket_min_fen = db_column_int64(q, 6);
    i->ticket_max_fen = db_column_int64(q, 7);
    if (i->ticket_min_fen <= 0 || i->ticket_max_fen < i->ticket_min_fen || i->sectors[0] == '\0')
        return corrupt(err, "interest", i->investor, "no ticket range or sectors");
    return HS_OK;
}

hs_status vd_repo_interest_put(hs_tx *tx, const vd_interest *i, hs_error *err) {
    db_stmt *q;
    hs_status st =
        prepare(tx->store, "DELETE FROM vd_interests WHERE event = ?1 AND investor = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, i->event);
    bind_text(q, 2, i->investor);
    if ((st = step_done(tx->store, q, "replacing an interest", err)) != HS_OK)
        return st;
    if ((st = prepare(tx->store,
                      "INSERT INTO vd_interests (event, investor, session, fund, sectors, stages,"
                      " ticket_min_fen, ticket_max_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      &q, err)) != HS_OK)
        return st;
    bind_text(q, 1, i->event);
    bind_text(q, 2, i->investor);
    bind_text(q, 3, i->session);
    bind_text(q, 4, i->fund);
    bind_text(q, 5, i->sectors);
    bind_text(q, 6, i->stages);
    db_bind_int64(q, 7, i->ticket_min_fen);
    db_bind_int64(q, 8, i->ticket_max_fen);
    return step_done(tx->store, q, "recording an interest", err);
}

hs_status vd_repo_interest_get(hs_store *s, const char *event, const char *investor,
                               vd_interest *out, bool *found, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, INTEREST_COLS " WHERE event = ?1 AND investor = ?2", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, event);
    bind_text(q, 2, investor);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = interest_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading an interest");
    db_finalize(q);
    return st;
}

typedef struct {
    hs_status (*fn)(void *ctx, const vd_interest *i, hs_error *err);
    void *ctx;
} interest_walk;

static hs_status interest_each_row(db_stmt *q, void *vctx, hs_error *err) {
    interest_walk *w = vctx;
    vd_interest i;
    hs_status st = interest_row(q, &i, err);
    return st == HS_OK ? w->fn(w->ctx, &i, err) : st;
}

hs_status vd_repo_interests_each(hs_store *s, const char *event,
                                 hs_status (*fn)(void *ctx, const vd_interest *i, hs_error *err),
                                 void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s, INTEREST_COLS " WHERE event = ?1 ORDER BY investor", &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, event);
    interest_walk w = {fn, ctx};
    return each(s, q, interest_each_row, &w, "reading interests", err);
}

/* ---- follow-ups ---- */

#define FOLLOWUP_COLS                                                                              \
    "SELECT seq, event, firm, investor, status, date, note, fund, deal FROM vd_followups"

static hs_status followup_row(db_stmt *q, vd_followup *f, hs_error *err) {
    memset(f, 0, sizeof *f);
    f->seq = db_column_int64(q, 0);
    store_column_text(q, 1, f->event, sizeof f->event);
    store_column_text(q, 2, f->firm, sizeof f->firm);
    store_column_text(q, 3, f->investor, sizeof f->investor);
    char status[32];
    store_column_text(q, 4, status, sizeof status);
    f->date = (hs_date)db_column_int64(q, 5);
    store_column_text(q, 6, f->note, sizeof f->note);
    store_column_text(q, 7, f->fund, sizeof f->fund);
    store_column_text(q, 8, f->deal, sizeof f->deal);
    if (!vd_status_parse(status, &f->status) || f->date <= 0)
        return corrupt(err, "follow-up of", f->firm, "unknown status or no date");
    return HS_OK;
}

hs_status vd_repo_followup_insert(hs_tx *tx, vd_followup *f, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(tx->store,
                           "INSERT INTO vd_followups (seq, event, firm, investor, status, date,"
                           " note, fund, deal) SELECT COALESCE(MAX(seq), 0) + 1, ?1, ?2, ?3, ?4,"
                           " ?5, ?6, ?7, ?8 FROM vd_followups",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, f->event);
    bind_text(q, 2, f->firm);
    bind_text(q, 3, f->investor);
    bind_text(q, 4, vd_status_name(f->status));
    db_bind_int64(q, 5, f->date);
    bind_text(q, 6, f->note);
    bind_text(q, 7, f->fund);
    bind_text(q, 8, f->deal);
    if ((st = step_done(tx->store, q, "recording a follow-up", err)) != HS_OK)
        return st;
    vd_followup back;
    bool found;
    if ((st = vd_repo_followup_last(tx->store, f->event, f->firm, f->investor, &back, &found,
                                    err)) != HS_OK)
        return st;
    if (!found || back.status != f->status)
        return hs_fail(err, HS_STORAGE, "the follow-up of %s and %s was not recorded", f->firm,
                       f->investor);
    f->seq = back.seq;
    return HS_OK;
}

hs_status vd_repo_followup_last(hs_store *s, const char *event, const char *firm,
                                const char *investor, vd_followup *out, bool *found,
                                hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(s,
                           FOLLOWUP_COLS " WHERE event = ?1 AND firm = ?2 AND investor = ?3"
                                         " ORDER BY seq DESC LIMIT 1",
                           &q, err);
    if (st != HS_OK)
        return st;
    bind_text(q, 1, event);
    bind_text(q, 2, firm);
    bind_text(q, 3, investor);
    int rc = db_step(q);
    *found = rc == DB_ROW;
    if (rc == DB_ROW)
        st = followup_row(q, out, err);
    else if (rc != DB_DONE)
        st = store_fail(s, err, "reading a follow-up");
    db_finalize(q);
    return st;
}

typedef struct {
    hs_status (*fn)(void *ctx, const vd_followup *f, hs_error *err);
    void *ctx;
} followup_walk;

static hs_status followup_each_row(db_stmt *q, void *vctx, hs_error *err) {
    followup_walk *w = vctx;
    vd_followup f;
    hs_status st = followup_row(q, &f, err);
    return st == HS_OK ? w->fn(w->ctx, &f, err) : st;
}

hs_status vd_repo_followups_each(hs_store *s, const char *event,
                                 hs_status (*fn)(void *ctx, const vd_followup *f, hs_error *err),
                                 void *ctx, hs_error *err) {
    db_stmt *q;
    hs_status st = prepare(
        s, event ? FOLLOWUP_COLS " WHERE event = ?1 ORDER BY seq" : FOLLOWUP_COLS " ORDER BY seq",
        &q, err);
    if (st != HS_OK)
        return st;
    if (event != NULL)
        bind_text(q, 1, event);
    followup_walk w = {fn, ctx};
    return each(s, q, followup_each_row, &w, "reading follow-ups", err);
}
