/* ventureday_repo.h — the venture-day module's persistence, one backend per implementation
 * (src/store/sql/ventureday_repo.c, over store/db.h).
 *
 * Records (module "ventureday"; the schema is created at store_open, see migrations.c):
 *   events     id PK, title, city, date
 *   roadshows  (event, firm) PK, session, sector, stage, seeking_fen
 *   interests  (event, investor) PK, session, fund, sectors, stages, ticket_min_fen, ticket_max_fen
 *   followups  seq PK, event, firm, investor, status, date, note, fund, deal
 *
 * Functions taking an hs_tx write inside that open transaction; those taking an hs_store read on
 * the store's connection (inside an open transaction, if any). Every function returns HS_STORAGE
 * if the book can't be read or written, or if a row read back can't be (a tampered book); outputs
 * are filled only on HS_OK. */
#ifndef HS_INSTRUMENT_VENTUREDAY_REPO_H
#define HS_INSTRUMENT_VENTUREDAY_REPO_H

#include "instrument/ventureday.h"

hs_status vd_repo_event_get(hs_store *s, const char *id, vd_event *out, bool *found, hs_error *err);
hs_status vd_repo_event_insert(hs_tx *tx, const vd_event *e, hs_error *err);
hs_status vd_repo_events_each(hs_store *s,
                              hs_status (*fn)(void *ctx, const vd_event *e, hs_error *err),
                              void *ctx, hs_error *err);

/* Inserts or replaces the firm's roadshow at the event. */
hs_status vd_repo_roadshow_put(hs_tx *tx, const vd_roadshow *r, hs_error *err);
hs_status vd_repo_roadshow_get(hs_store *s, const char *event, const char *firm, vd_roadshow *out,
                               bool *found, hs_error *err);
/* Calls fn for each roadshow of the event in firm order. */
hs_status vd_repo_roadshows_each(hs_store *s, const char *event,
                                 hs_status (*fn)(void *ctx, const vd_roadshow *r, hs_error *err),
                                 void *ctx, hs_error *err);

/* Inserts or replaces the investor's interest at the event. */
hs_status vd_repo_interest_put(hs_tx *tx, const vd_interest *i, hs_error *err);
hs_status vd_repo_interest_get(hs_store *s, const char *event, const char *investor,
                               vd_interest *out, bool *found, hs_error *err);
/* Calls fn for each interest of the event in investor order. */
hs_status vd_repo_interests_each(hs_store *s, const char *event,
                                 hs_status (*fn)(void *ctx, const vd_interest *i, hs_error *err),
                                 void *ctx, hs_error *err);

/* Appends a follow-up; f->seq is set to its place. */
hs_status vd_repo_followup_insert(hs_tx *tx, vd_followup *f, hs_error *err);
/* The latest follow-up of (event, firm, investor), *found false if none. */
hs_status vd_repo_followup_last(hs_store *s, const char *event, const char *firm,
                                const char *investor, vd_followup *out, bool *found, hs_error *err);
/* Calls fn for each follow-up of the event (NULL: every event) in seq order. */
hs_status vd_repo_followups_each(hs_store *s, const char *event,
                                 hs_status (*fn)(void *ctx, const vd_followup *f, hs_error *err),
                                 void *ctx, hs_error *err);

#endif
