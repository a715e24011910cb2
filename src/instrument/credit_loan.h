/* credit_loan.h — loans to firms under a product, and their life: approve (create), disburse,
 * repay, default. Claims on the pool and recoveries are in credit_pool.h.
 *
 * Ledger accounts and transfers (every transfer carries refs loan, bank, product, firm, clause):
 *   loan/<id>          kind loan, limit credits-le-debits: the receivable; principal outstanding =
 *                      debits - credits (the ledger refuses to repay more than is owed)
 *   firm/<uscc>/cash   kind enterprise
 *   disburse  credit.disburse  bank/<b>/lending -> firm/<uscc>/cash    P   } one linked chain:
 *                              loan/<id> -> bank/<b>/lending           P   } the bank lends, the
 *                                                                           loan books the claim
 *   repay     credit.repay     firm/<uscc>/cash -> bank/<b>/interest   interest (if any)
 *                              firm/<uscc>/cash -> bank/<b>/lending    principal } linked
 *                              bank/<b>/lending -> loan/<id>           principal }
 *   default   credit.default   bank/<b>/losses -> loan/<id>            outstanding (written off)
 *
 * States: approved -> disbursed -> repaid | defaulted. Refused (HS_REFUSED): disbursing twice or
 * before approval, repaying a loan not disbursed / repaid / defaulted, repaying more than is owed,
 * defaulting a loan not disbursed or already defaulted, an amount above the product's ceiling.
 *
 * Repayments pay interest first — actual/365 on the outstanding principal since the last
 * repayment (or disbursement) — then principal. Without an amount, a repayment pays the next
 * scheduled instalment (the first falling after the date interest is paid to; past maturity, all
 * that is left): its principal less any prepaid, plus the accrued interest. */
#ifndef HS_INSTRUMENT_CREDIT_LOAN_H
#define HS_INSTRUMENT_CREDIT_LOAN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "instrument/credit_product.h"
#include "store/store.h"

#define CREDIT_FIRM_MAX 32

typedef enum {
    LOAN_APPROVED = 0,
    LOAN_DISBURSED = 1,
    LOAN_REPAID = 2,
    LOAN_DEFAULTED = 3,
} credit_loan_status;

typedef struct {
    char id[CREDIT_ID_MAX];
    char product[CREDIT_ID_MAX];
    char bank[CREDIT_ID_MAX];
    char firm[CREDIT_FIRM_MAX]; /* 统一社会信用代码 (18 characters) */
    char pool[CREDIT_ID_MAX];   /* covering pool, "" if none */
    int64_t amount_fen;         /* principal approved and disbursed */
    int64_t rate_bp;
    int32_t term_months, period_months;
    credit_repayment repayment;
    int64_t unsecured_bp; /* share of the principal that is unsecured, 0..10000 */
    bool first_loan;      /* the firm's first loan (首贷) */
    hs_date approved_date;
    credit_loan_status status;
    hs_date disbursed_date, defaulted_date; /* 0 unless reached */
    int64_t principal_repaid_fen, interest_paid_fen;
    hs_date interest_paid_to; /* interest is settled up to this date */
    int32_t repayments;
    int64_t written_off_fen;            /* principal written off at default */
    int64_t recovered_fen;              /* all recoveries */
    int64_t recovered_before_claim_fen; /* recoveries before the claim (they reduce the loss) */
    int64_t returned_to_pool_fen;       /* pool's share of recoveries after the claim */
    int32_t recoveries;
} credit_loan;

/* What a caller asks for when approving a loan. */
typedef struct {
    const char *id, *product, *firm;
    int64_t amount_fen;
    hs_date approved_date;
    const char *pool;     /* NULL: the product's pool; "" or "none": no pool */
    int64_t unsecured_bp; /* -1: 100% if the product is unsecured, else 0 */
    int first_loan;       /* -1: automatic (the firm has no earlier loan in the book); 0/1 */
    int64_t rate_bp;      /* -1: the product's */
    int32_t term_months;  /* 0: the product's */
} credit_loan_request;

/* The result of one repayment. */
typedef struct {
    int64_t amount_fen, interest_fen, principal_fen, outstanding_after_fen;
    bool existed; /* the client id was already applied with the same body */
} credit_repayment_result;

/* The name of a status ("approved", "disbursed", "repaid", "defaulted"). */
const char *credit_loan_status_name(credit_loan_status st);
/* Principal outstanding: amount - repaid - written off, once disbursed; 0 before. */
int64_t credit_loan_outstanding(const credit_loan *l);
/* True if `firm` is a valid 统一社会信用代码 (GB 32100-2015, check character included). */
bool credit_firm_valid(const char *firm);
/* Approves a loan inside the caller's transaction: records it and creates loan/<id> (owned by
 * "credit") and firm/<uscc>/cash (free). The same id and body again is a no-op (*out = the loan as
 * recorded); another body is HS_INPUT. HS_NOT_FOUND for an unknown product or pool; HS_REFUSED
 * (above_ceiling) above the product's ceiling. `out` may be NULL. */
hs_status credit_loan_create(hs_tx *tx, const credit_loan_request *req, credit_loan *out,
                             hs_error *err);
/* Loads a loan, read-only outside any operation; *found false if none. */
hs_status credit_loan_get(hs_store *s, const char *id, credit_loan *out, bool *found,
                          hs_error *err);
/* Loads a loan inside the transaction for an operation: HS_NOT_FOUND (field "loan") if unknown. */
hs_status credit_loan_require(hs_tx *tx, const char *id, credit_loan *out, hs_error *err);
/* Calls fn for each loan (of pool `pool`, or all if NULL), in creation order (read-only). */
hs_status credit_loans_each(hs_store *s, const char *pool,
                            hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                            void *ctx, hs_error *err);
/* The same from the loan created after `after_id` (NULL: the first), at most max_rows (0: all). */
hs_status credit_loans_page(hs_store *s, const char *pool, const char *after_id, size_t max_rows,
                            hs_status (*fn)(void *ctx, const credit_loan *l, hs_error *err),
                            void *ctx, hs_error *err);
/* Disburses an approved loan on `date` (>= approval) as one linked ledger chain, inside the
 * transaction; *out (may be NULL) gets the loan as saved. HS_REFUSED (state_conflict) unless the
 * loan is approved and not yet disbursed. */
hs_status credit_loan_disburse(hs_tx *tx, const char *id, hs_date date, credit_loan *out,
                               hs_error *err);
/* Repays amount_fen (0: the next scheduled instalment) on `date` inside the transaction;
 * client_id (NULL: the next sequence number) makes a retry idempotent (out->existed). HS_REFUSED:
 * state_conflict (not disbursed, repaid, defaulted), below_interest, exceeds_owed, nothing_due. */
hs_status credit_loan_repay(hs_tx *tx, const char *id, int64_t amount_fen, hs_date date,
                            const char *client_id, credit_repayment_result *out, hs_error *err);
/* Declares a disbursed loan in default on `date` inside the transaction: writes the outstanding
 * principal off to bank/<b>/losses. *written_off (may be NULL) gets the amount. HS_REFUSED
 * (state_conflict) unless the loan is disbursed and not repaid or defaulted. */
hs_status credit_loan_default(hs_tx *tx, const char *id, hs_date date, int64_t *written_off,
                              hs_error *err);
/* The schedule a loan shows (pure): the contractual one from its disbursement date once disbursed
 * (*from_disbursement true), else the one planned from its approval date. HS_INPUT if the loan's
 * terms give no schedule. */
hs_status credit_loan_schedule(const credit_loan *l, credit_instalment *out, size_t cap, size_t *n,
                               bool *from_disbursement, hs_error *err);

/* Calls fn for each repayment and recovery of `loan`, in the order recorded (read-only). */
hs_status credit_loan_events_each(hs_store *s, const char *loan,
                                  hs_status (*fn)(void *ctx, const credit_event *e, hs_error *err),
                                  void *ctx, hs_error *err);
/* The id of a repayment or recovery of loan l (kind "repay" or "recover"): the client's (1..40
 * bytes, HS_INPUT naming "id" otherwise) or "credit.<loan>.<kind>.<seq>"; out has TRANSFER_ID_MAX
 * bytes and the id always leaves room for a two-byte suffix (never truncated). */
hs_status credit_event_id(const credit_loan *l, const char *client_id, const char *kind, int seq,
                          char *out, size_t len, hs_error *err);
/* Looks event `id` up inside the transaction: *found false if new; if found for the same loan,
 * kind, date and amount (amount 0 matches any), *e is the recorded event; another body is
 * HS_INPUT (code id_reused). */
hs_status credit_event_existing(hs_tx *tx, const char *id, const credit_loan *l, const char *kind,
                                int64_t amount_fen, hs_date date, credit_event *e, bool *found,
                                hs_error *err);

/* A loan approved but not disbursed within the service deadline. */
typedef struct {
    credit_loan loan;
    hs_date deadline;       /* the last working day to disburse */
    int32_t workdays_taken; /* working days from approval to disbursement (or to `on`) */
    bool disbursed_late;    /* disbursed, but after the deadline */
} credit_overdue;

/* Calls fn for each loan that on `on` is not disbursed although `workdays` working days have passed
 * since approval, or was disbursed (on or before `on`) after that deadline (read-only). */
hs_status
credit_overdue_approvals(hs_store *s, const hs_calendar *cal, hs_date on, int32_t workdays,
                         hs_status (*fn)(void *ctx, const credit_overdue *o, hs_error *err),
                         void *ctx, hs_error *err);

#endif
