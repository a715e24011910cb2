/* notice_repo.h — where notices (公示) and their objections are kept, backend-neutral.
 *
 * Implemented per backend (src/store/sql/notice_repo.c; tables notices and notice_objections,
 * migration module "notice"). Writes take the operation's hs_tx; reads take the store (inside an
 * open transaction if there is one). A failed read or write is HS_STORAGE naming what was being
 * done; a row that cannot be a notice or objection is HS_STORAGE too, never an assertion. */
#ifndef HS_INSTRUMENT_NOTICE_REPO_H
#define HS_INSTRUMENT_NOTICE_REPO_H

#include "instrument/notice.h"

/* Inserts a notice; assigns n->seq and n->id. */
hs_status notice_repo_insert(hs_tx *tx, notice *n, hs_error *err);
/* Loads the notice of seq (by_app NULL) or of application by_app; *found false if none. */
hs_status notice_repo_get(hs_store *s, int64_t seq, const char *by_app, notice *out, bool *found,
                          hs_error *err);
/* Calls fn for each notice with seq > after_seq in seq order, at most max_rows of them (0: no
 * limit): a keyset page that reads only the rows it visits. */
hs_status notice_repo_each(hs_store *s, int64_t after_seq, size_t max_rows,
                           hs_status (*fn)(void *ctx, const notice *n, hs_error *err), void *ctx,
                           hs_error *err);
/* Inserts an open objection; assigns o->seq and o->id. */
hs_status notice_repo_objection_insert(hs_tx *tx, notice_objection *o, hs_error *err);
/* Loads objection seq; *found false if none. */
hs_status notice_repo_objection_get(hs_store *s, int64_t seq, notice_objection *out, bool *found,
                                    hs_error *err);
/* Inside tx: how many objections `filer` filed on date `on` (any notice, any state), read under
 * the write lock so that racing filers cannot both pass a cap on it. */
hs_status notice_repo_objections_filed(hs_tx *tx, const char *filer, hs_date on, int64_t *count,
                                       hs_error *err);
/* Moves an open objection to `state` with officer, decision and date; *changed false if it was no
 * longer open. */
hs_status notice_repo_objection_decide(hs_tx *tx, int64_t seq, const char *state,
                                       const char *officer, const char *decision, hs_date on,
                                       bool *changed, hs_error *err);
/* Calls fn for each objection of notice_seq in seq order. */
hs_status notice_repo_objections_each(hs_store *s, int64_t notice_seq,
                                      hs_status (*fn)(void *ctx, const notice_objection *o,
                                                      hs_error *err),
                                      void *ctx, hs_error *err);

#endif
