/* reports.h — the standard reports, built from the book (the ledger's transfers and the modules'
 * tables), never from figures kept on the side, so every total equals the ledger to the fen:
 *   programme status   per budget, sector, district or firm: firms served, paid, reserved,
 *                      returned (clawbacks, recoveries), with a total row
 *   firm statement     every transfer that names the firm (refs.firm), across all instruments
 *   pool report        a risk-compensation pool per bank: loans, outstanding, defaults, claims,
 *                      recoveries; balance reconciled with the ledger; leverage
 * Sector and district come from the firm registry (table firms) when it holds the firm. */
#ifndef HS_REPORT_REPORTS_H
#define HS_REPORT_REPORTS_H

#include "report/table.h"
#include "store/store.h"

typedef enum { BY_BUDGET, BY_SECTOR, BY_DISTRICT, BY_FIRM, BY_CITY } report_grouping;

/* Parses "budget", "sector", "district" or "firm"; false if none. */
bool report_grouping_parse(const char *text, report_grouping *out);
/* Fills `t` with the programme's status grouped as asked, plus a total row. HS_INPUT if the
 * programme has no budgets. */
hs_status report_programme(hs_store *s, const char *programme, report_grouping by, report_table *t,
                           hs_error *err);
/* Fills `t` with a risk-compensation pool's report per bank plus a total row; the title carries
 * the pool balance (reconciled with the ledger) and leverage against the required multiple. */
hs_status report_pool(hs_store *s, const char *pool, report_table *t, hs_error *err);
/* Fills `t` with the firm's statement: every transfer naming it, oldest first. */
hs_status report_firm(hs_store *s, const char *uscc, report_table *t, hs_error *err);

#endif
