/* target_repo.h — where targets, their imported actuals and the last projection's probabilities
 * are kept, backend-neutral.
 *
 * Implemented per backend (src/store/sql/target_repo.c; tables targets, target_actuals and
 * target_probabilities, migration module "target"). Writes take the operation's hs_tx; reads take
 * the store (inside an open transaction if there is one). A failed read or write is HS_STORAGE
 * naming what was being done; a row that cannot be a target is HS_STORAGE too. */
#ifndef HS_INSTRUMENT_TARGET_REPO_H
#define HS_INSTRUMENT_TARGET_REPO_H

#include <stdbool.h>

#include "instrument/target.h"
#include "store/book.h"
#include "store/store.h"

/* Inserts target t, or (same programme and id) replaces it; *replaced (may be NULL) says which. */
hs_status target_repo_put(hs_tx *tx, const target *t, bool *replaced, hs_error *err);
/* Loads target (programme, id); *found false if none. */
hs_status target_repo_get(hs_store *s, const char *programme, const char *id, target *out,
                          bool *found, hs_error *err);
/* Calls fn for each target (of `programme`, or all if NULL) ordered by (programme, id). */
hs_status target_repo_each(hs_store *s, const char *programme,
                           hs_status (*fn)(void *ctx, const target *t, hs_error *err), void *ctx,
                           hs_error *err);

/* Records an imported actual of target (programme, id) on `date` (replacing one of that date). */
hs_status target_repo_actual_put(hs_tx *tx, const char *programme, const char *id, hs_date date,
                                 int64_t value, const char *source, hs_error *err);
/* The latest imported actual of the target dated on or before `on`; *found false if none. */
hs_status target_repo_actual_latest(hs_store *s, const char *programme, const char *id, hs_date on,
                                    int64_t *value, hs_date *date, bool *found, hs_error *err);

/* What the last projection run said of one target. */
typedef struct {
    double probability; /* 0..1: share of paths reaching the value by the deadline */
    int64_t paths;
    uint64_t seed;
    hs_date run_on; /* the projection's start date (--on) */
    char run_id[TARGET_ID_MAX];
} target_probability;

/* Stores (replacing) the probability of target (programme, id) from a projection run, exactly: as
 * the number of the run's paths that reached it (probability x paths, 0..paths), never as a float.
 */
hs_status target_repo_probability_put(hs_tx *tx, const char *programme, const char *id,
                                      const target_probability *p, hs_error *err);
/* Loads it; *found false if no run has been stored for the target. */
hs_status target_repo_probability_get(hs_store *s, const char *programme, const char *id,
                                      target_probability *out, bool *found, hs_error *err);

#endif
