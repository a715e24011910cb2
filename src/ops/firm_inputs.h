/* firm_inputs.h — the registry's record of a firm as policy inputs, for the instruments that take
 * a callback to merge it (rdreserve, first_unit). */
#ifndef HS_OPS_FIRM_INPUTS_H
#define HS_OPS_FIRM_INPUTS_H

#include <jansson.h>
#include <stdbool.h>

#include "base/error.h"
#include "store/store.h"

/* Merges the registry's record of `uscc` (every non-empty field as its CSV cell, under its column
 * name) into `inputs` without overwriting a name already there; a firm the registry does not hold
 * merges nothing. `vctx` is the hs_store, read on its connection (inside an open transaction if
 * there is one). */
hs_status ops_firm_inputs(void *vctx, const char *uscc, json_t *inputs, hs_error *err);
/* *found: whether the registry holds `uscc` (read-only). */
hs_status ops_firm_registered(hs_store *s, const char *uscc, bool *found, hs_error *err);

#endif
