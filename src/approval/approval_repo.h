/* approval_repo.h — where approvals and programmes' approval thresholds are kept, backend-neutral.
 *
 * Implemented per backend (src/store/sql/approval_repo.c; tables approval_thresholds and
 * approvals, migration module "approval"). Writes take the operation's hs_tx and run inside it;
 * reads take the store and run on its connection (inside an open transaction if there is one). A
 * failed read or write is HS_STORAGE naming what was being done; rows that do not hold a valid
 * approval are HS_STORAGE too (never an assertion on data read from disk). */
#ifndef HS_APPROVAL_APPROVAL_REPO_H
#define HS_APPROVAL_APPROVAL_REPO_H

#include "approval/approval.h"

/* Reads a programme's threshold; *set false if it has none. */
hs_status approval_repo_threshold_get(hs_store *s, const char *programme, int64_t *threshold_fen,
                                      bool *set, hs_error *err);
/* Sets (inserts or replaces) a programme's threshold inside tx. */
hs_status approval_repo_threshold_set(hs_tx *tx, const char *programme, int64_t threshold_fen,
                                      hs_error *err);
/* Inserts a new approval (state pending) inside tx; assigns a->seq and a->id. */
hs_status approval_repo_insert(hs_tx *tx, approval *a, hs_error *err);
/* Loads approval `seq`; *found false if there is none. */
hs_status approval_repo_get(hs_store *s, int64_t seq, approval *out, bool *found, hs_error *err);
/* Moves a pending approval to `state` with checker, reason and date inside tx; *changed false if
 * it was no longer pending (nothing written then). */
hs_status approval_repo_decide(hs_tx *tx, int64_t seq, const char *state, const char *checker,
                               const char *reason, hs_date on, bool *changed, hs_error *err);
/* Calls fn for each approval matching the filters (NULL = any) with seq > after_seq, in seq
 * order, at most max_rows of them (0: no limit): a keyset page that reads only the rows it visits.
 */
hs_status approval_repo_each(hs_store *s, const char *programme, const char *state,
                             int64_t after_seq, size_t max_rows,
                             hs_status (*fn)(void *ctx, const approval *a, hs_error *err),
                             void *ctx, hs_error *err);

#endif
