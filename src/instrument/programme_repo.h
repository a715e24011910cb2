/* programme_repo.h — where programmes are kept (the programmes table), backend-neutral.
 *
 * Implemented per backend (src/store/sql/programme_repo.c). Writes take the operation's hs_tx
 * and run inside it; reads take the store and run on its connection (inside an open transaction if
 * there is one). A failed read or write is HS_STORAGE naming what was being done. */
#ifndef HS_INSTRUMENT_PROGRAMME_REPO_H
#define HS_INSTRUMENT_PROGRAMME_REPO_H

#include <stdbool.h>

#include "base/error.h"
#include "instrument/programme.h"
#include "store/book.h"
#include "store/store.h"

/* Loads programme `id` into *out; *found false (out untouched) if there is none. */
hs_status programme_repo_get(hs_store *s, const char *id, programme *out, bool *found,
                             hs_error *err);
/* Inserts a new programme (id not yet present) inside tx; its closed fields are ignored. */
hs_status programme_repo_insert(hs_tx *tx, const programme *p, hs_error *err);
/* Marks an existing programme closed on `date` inside tx. */
hs_status programme_repo_set_closed(hs_tx *tx, const char *id, hs_date date, hs_error *err);
/* Calls fn for every programme in id order. */
hs_status programme_repo_each(hs_store *s,
                              hs_status (*fn)(void *ctx, const programme *p, hs_error *err),
                              void *ctx, hs_error *err);

#endif
