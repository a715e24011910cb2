/* report_repo.h — what the reports read besides the ledger's flows (store/flows.h): where a firm
 * sits in the registry. Backend-neutral; implemented in src/store/sql/report_repo.c. Reads run
 * on the store's connection; a failed read is HS_STORAGE. */
#ifndef HS_REPORT_REPORT_REPO_H
#define HS_REPORT_REPORT_REPO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "store/store.h"

/* The registry's sector and place of firm `uscc` — its city with `city`, else its district (the
 * city when the district is empty); *found false (sector and place "") if the registry does not
 * hold it. */
hs_status report_repo_firm_place(hs_store *s, const char *uscc, bool city, char *sector,
                                 size_t sector_len, char *place, size_t place_len, bool *found,
                                 hs_error *err);

#endif
