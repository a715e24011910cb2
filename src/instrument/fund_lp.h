/* fund_lp.h — LP commitments, capital calls (exact pro rata to unfunded commitment) and LP default.
 *
 * commit   LP promises amount to fund F: fund/F/commitment/LP is debited (credits-le-debits, so no
 *          call can exceed what was committed), fund/F/committed credited. Refused (HS_REFUSED)
 *          if commitments would exceed the fund's size, phase 1 commitments its 首期 size, state
 *          money (LP types gov, state and fund) the fund's gov cap, or the parent's commitment the
 *          parent cap.
 * call     amount A is split over the LPs not in default in proportion to their uncalled
 *          commitment with money_allocate (largest remainder: the shares sum to A to the fen).
 *          Each LP pays from its own account into fund/F/cash, and its commitment is drawn down by
 *          the same amount; all legs in one linked chain. Refused if A exceeds the uncalled total
 *          or an LP's account cannot pay (a programme budget can never be overspent).
 * default  the LP's uncalled commitment is cancelled (code fund.default) and it is excluded from
 *          later calls; a call may name a defaulting LP, whose share then falls on the others. */
#ifndef HS_INSTRUMENT_FUND_LP_H
#define HS_INSTRUMENT_FUND_LP_H

#include "instrument/fund.h"

typedef struct {
    char lp[FUND_ID_MAX];
    fund_lp_type type;
    char account[ACCOUNT_NAME_MAX]; /* pays calls, receives distributions */
    int phase;                      /* the phase of its first commitment */
    bool defaulted;
    int64_t committed_fen; /* debits of fund/F/commitment/LP */
    int64_t drawn_fen;     /* credits: called plus cancelled on default */
    int64_t uncalled_fen;  /* committed - drawn */
    int64_t called_fen;    /* paid in (from fund_flows "call") */
    int64_t distributed_fen;
} fund_lp;

/* Read-only: the LPs of fund F in id order with their figures (committed/drawn/uncalled from the
 * ledger's commitment accounts); *out malloc'd (caller frees) and *n. HS_STORAGE if the book is
 * inconsistent (a commitment drawn beyond what was committed). */
hs_status fund_lps_load(hs_store *s, const char *fund, fund_lp **out, size_t *n, hs_error *err);
/* The same inside tx (what an event decides on). */
hs_status fund_lps_load_tx(hs_tx *tx, const char *fund, fund_lp **out, size_t *n, hs_error *err);

/* Inside tx: commits amount_fen of LP `lp` (type, paying account or NULL for the default:
 * lp/LP/cash, or fund/LP/cash for type fund) to fund F in `phase` (1 = 首期). Idempotent on
 * event_id (NULL: derived). Refusals (HS_REFUSED): size, 首期, gov cap, parent cap (codes
 * exceeds_fund_size, exceeds_first_phase, exceeds_gov_cap, exceeds_parent_cap), LP in default
 * (state_conflict). */
hs_status fund_commit(hs_tx *tx, const char *event_id, const char *fund, const char *lp,
                      fund_lp_type type, const char *account, int64_t amount_fen, int phase,
                      hs_date date, fund_event_result *res, hs_error *err);

/* Inside tx: calls amount_fen from fund F's LPs pro rata to uncalled commitment (see above). If
 * defaulting_lp is not NULL that LP defaults in the same event. HS_REFUSED (exceeds_uncalled) if
 * the call exceeds the uncalled total; the ledger refuses an LP account that cannot pay. */
hs_status fund_call(hs_tx *tx, const char *event_id, const char *fund, int64_t amount_fen,
                    hs_date date, const char *defaulting_lp, fund_event_result *res, hs_error *err);

/* Inside tx: the LP defaults: its uncalled commitment is cancelled and it takes no part in later
 * calls. */
hs_status fund_lp_default(hs_tx *tx, const char *event_id, const char *fund, const char *lp,
                          hs_date date, fund_event_result *res, hs_error *err);

#endif
