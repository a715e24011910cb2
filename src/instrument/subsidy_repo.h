/* subsidy_repo.h — the persistence of subsidy applications (table subsidy_applications), behind
 * which each backend keeps its SQL (src/store/sql/subsidy_repo.c). Functions taking hs_tx run
 * inside the caller's transaction; those taking hs_store are read-only listings. Every read error
 * is HS_STORAGE. */
#ifndef HS_INSTRUMENT_SUBSIDY_REPO_H
#define HS_INSTRUMENT_SUBSIDY_REPO_H

#include "instrument/subsidy.h"

/* One application by id (*found false if none). */
hs_status subsidy_repo_get(hs_tx *tx, const char *id, subsidy_app *out, bool *found, hs_error *err);
/* As subsidy_repo_get, outside any transaction (read-only views). */
hs_status subsidy_repo_find(hs_store *s, const char *id, subsidy_app *out, bool *found,
                            hs_error *err);
/* Inserts a new application (every field of a). */
hs_status subsidy_repo_insert(hs_tx *tx, const subsidy_app *a, hs_error *err);
/* Writes the mutable fields (status, amounts, sequence numbers, dates, note) of a back. */
hs_status subsidy_repo_save(hs_tx *tx, const subsidy_app *a, hs_error *err);
/* What awards in the scope hold: awarded, paid or clawed-back applications (count, award minus
 * clawed back, first id). */
hs_status subsidy_repo_limit_usage(hs_tx *tx, const instrument_limit_scope *scope,
                                   instrument_limit_usage *out, hs_error *err);
/* Ids of awarded applications (of `programme`, or of every programme when NULL) with a pay-by
 * date before `on`, in id order; *ids is malloc'd (caller frees), *n of them. */
hs_status subsidy_repo_due(hs_tx *tx, hs_date on, const char *programme,
                           char (**ids)[SUBSIDY_ID_MAX], size_t *n, hs_error *err);
/* Calls fn for each application matching the filters (NULL = any) whose id is after `after_id`
 * (NULL: from the first), in id order, at most max_rows of them (0: all): a keyset page. */
hs_status subsidy_repo_each(hs_store *s, const char *programme, const char *firm,
                            const char *status, const char *after_id, size_t max_rows,
                            hs_status (*fn)(void *ctx, const subsidy_app *a, hs_error *err),
                            void *ctx, hs_error *err);

#endif
