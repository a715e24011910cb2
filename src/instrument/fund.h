/* fund.h — fund groups (基金群): the fund tree and each fund's terms, and the one path by which a
 * fund event becomes ledger transfers plus rows in the fund tables, atomically.
 *
 * The tree: a group (a label, e.g. "suzhou-2024") holds funds; a fund may have a parent (a mother
 * fund that is one of its LPs); funds hold deals (direct investments in firms). Sub-fund positions
 * of a mother are its LP commitments in the sub-funds (LP type "fund").
 *
 * Ledger accounts of fund F (all money moves through src/store/book.h):
 *   fund/F/cash               fund-cash, debits-le-credits: the fund can never pay out more than it
 *                             holds
 *   fund/F/commitment/LP      commitment, credits-le-debits: debits = committed, credits = called,
 *                             so a call above the commitment is refused by the ledger
 *   fund/F/committed          equity: the other side of commitments and calls
 *   fund/F/investment/DEAL    holding: held = cost of the deal still held
 *   fund/F/gains, fund/F/losses   income / expense: realised gains, losses and write-offs
 *   gp/GP/fees, gp/GP/carry   gp: management fees and carried interest received
 * An LP pays calls from, and receives distributions into, its own account: lp/LP/cash by default,
 * a programme budget for government money (budget/P/NAME: debits-le-credits, never overspent) or
 * fund/M/cash when the LP is a mother fund M.
 *
 * Every account above except an LP's own (a budget, another fund's cash, or a free account the LP
 * made) is created by this module and owned by "fund": a plain `huoshui transfer` cannot move it.
 *
 * Tables (module "fund", behind fund_repo.h): fund_funds (tree and terms), fund_lps, fund_events
 * (one row per event id, for idempotency), fund_flows (each event's cash flows by LP and deal,
 * written in the same transaction as its transfers), fund_deals, fund_marks (valuation marks are
 * not money: they live only here), and derived totals kept in the same transaction
 * (fund_flow_totals per kind and LP, fund_flow_days per kind and date, fund_deal_totals per place):
 * what reports and XIRR read, verified against the flows and deals by fund check.
 *
 * Transactions: every event (fund_lp.h, fund_deal.h, fund_dist.h) takes the caller's hs_tx and
 * reads the LPs, deals and terms it decides on inside it; src/ops/fund_ops.h opens and ends it. */
#ifndef HS_INSTRUMENT_FUND_H
#define HS_INSTRUMENT_FUND_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "ledger/transfer.h"
#include "store/book.h"
#include "store/store.h"

#define FUND_OWNER "fund" /* the owner of every account the module creates (see book.h) */

#define FUND_ID_MAX 40 /* ids: 1..39 of a-z 0-9 - _ . */
#define FUND_TEXT_MAX 128
#define FUND_EVENT_ID_MAX 44 /* leg ids are "<event>#<k>" and must fit TRANSFER_ID_MAX */

typedef enum { FUND_WATERFALL_EUROPEAN = 0, FUND_WATERFALL_AMERICAN = 1 } fund_waterfall_kind;
typedef enum {
    FUND_FEE_COMMITTED = 0, /* fee on committed capital */
    FUND_FEE_PAID_IN = 1,   /* on paid-in capital (国办发〔2025〕1号) */
    FUND_FEE_INVESTED = 2,  /* on invested capital still held (国办发〔2025〕1号) */
} fund_fee_basis;

/* One fund's terms (rates in basis points). */
typedef struct {
    char id[FUND_ID_MAX];
    char name[FUND_TEXT_MAX];
    char group[FUND_ID_MAX];    /* "" if none */
    char parent[FUND_ID_MAX];   /* the mother fund, "" if none */
    char gp[FUND_ID_MAX];       /* the manager */
    char region[FUND_TEXT_MAX]; /* the fund's region for 返投 ("" none) */
    int64_t size_fen;           /* target size; commitments may not exceed it */
    int64_t first_phase_fen;    /* 首期 (first-phase size), <= size */
    hs_date vintage;            /* first close */
    int invest_years, exit_years, extension_years;
    fund_fee_basis fee_basis;
    int64_t fee_bp;      /* a year, during the investment period */
    int64_t fee_exit_bp; /* a year, after it */
    int64_t hurdle_bp, carry_bp, catch_up_bp;
    fund_waterfall_kind waterfall;
    int64_t concession_bp;    /* 让利: share of the government's excess return it cedes */
    int64_t concession_gp_bp; /* share of the ceded amount that goes to the GP */
    int64_t reinvest_bp;      /* 返投 multiple of government money, 10000 = 1x; 0 = none */
    int64_t gov_cap_bp;       /* max share of government + state money in commitments; 0 = none */
    int64_t parent_cap_bp;    /* max share of the parent's commitment; 0 = none */
} fund_terms;

/* LP types. "fund" is a mother fund (the LP id is the fund id). */
typedef enum {
    FUND_LP_GOV = 0,   /* government guidance money (from a programme budget) */
    FUND_LP_STATE,     /* state-owned capital (国资 platforms, e.g. Hengjian Holding) */
    FUND_LP_BANK,      /* bank or bank investment arm */
    FUND_LP_CORPORATE, /* corporate strategic investor */
    FUND_LP_SOCIAL,    /* private social capital */
    FUND_LP_FUND,      /* another fund in the book (a mother fund) */
    FUND_LP_TYPES
} fund_lp_type;

/* "gov", "state", "bank", "corporate", "social", "fund". */
const char *fund_lp_type_name(fund_lp_type t);
/* Parses an LP type name; false if unknown. */
bool fund_lp_type_parse(const char *text, fund_lp_type *out);

/* Sets neutral defaults: 10-year term (5 invest + 5 exit), fee 2% on committed then 1.5% on
 * invested, hurdle 8%, carry 20%, catch-up 100%, European, no 让利, no 返投, no caps. */
void fund_terms_init(fund_terms *t);
/* Checks terms; HS_INPUT (invalid_field) naming the field. */
hs_status fund_terms_check(const fund_terms *t, hs_error *err);
/* Inside tx: creates a fund, its accounts (fund/F/cash, committed, gains, losses, gp/GP/fees and
 * gp/GP/carry, all owned by "fund") and its row; the parent (if any) must exist (else
 * HS_NOT_FOUND). Same id + same terms: no-op (*existed = true); other terms: HS_INPUT
 * (state_conflict). On error the caller rolls tx back. */
hs_status fund_create(hs_tx *tx, const fund_terms *t, bool *existed, hs_error *err);
/* Read-only: loads a fund; *found false if none. */
hs_status fund_get(hs_store *s, const char *id, fund_terms *out, bool *found, hs_error *err);
/* Inside tx: loads a fund that must exist (HS_NOT_FOUND naming `field` otherwise). */
hs_status fund_need(hs_tx *tx, const char *id, const char *field, fund_terms *out, hs_error *err);
/* Read-only: calls fn for each fund whose id is `id`, whose group is `id`, or (recursively) whose
 * parent is one of those, parents before children. */
hs_status fund_each_in_tree(hs_store *s, const char *id,
                            hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                            void *ctx, hs_error *err);

/* Read-only: calls fn for every fund of the book in id order; fn's error stops the walk. */
hs_status fund_each(hs_store *s, hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                    void *ctx, hs_error *err);

/* True if `id` is a valid fund, LP, deal or GP id (1..39 of a-z A-Z 0-9 - _ .). */
bool fund_id_valid(const char *id);
/* Account names: fund/F/<what> (what = "cash", "committed", "gains", "losses"),
 * fund/F/commitment/LP, fund/F/investment/DEAL. Truncate to len (names are bounded by the id
 * limits, so they fit ACCOUNT_NAME_MAX). */
void fund_account(const char *fund, const char *what, char *out, size_t len);
void fund_commitment_account(const char *fund, const char *lp, char *out, size_t len);
void fund_investment_account(const char *fund, const char *deal, char *out, size_t len);

/* ---- events ----
 * An event is a set of transfer legs (applied as one linked chain) and table rows, all inside the
 * caller's transaction: what it read to decide is what it writes on (all or nothing when the caller
 * rolls back on error). Its id makes it idempotent: the same id with the same body is answered
 * existed = true and changes nothing; with another body, HS_INPUT (idempotency_conflict). */
typedef struct {
    hs_transfer *legs;
    size_t n, cap;
} fund_legs;

/* What an event call did: the id it was applied under (given or derived), and whether it existed
 * already (nothing changed). */
typedef struct {
    char id[FUND_EVENT_ID_MAX];
    bool existed;
} fund_event_result;

/* An empty leg list (allocates on demand). */
void fund_legs_init(fund_legs *l);
void fund_legs_free(fund_legs *l);
/* Appends a leg debit -> credit of amount_fen (> 0) with code and refs fund=, plus lp/deal/firm if
 * not NULL; zero amounts are skipped. false on out-of-memory or a bad ref. */
bool fund_legs_add(fund_legs *l, const char *debit, const char *credit, int64_t amount_fen,
                   const char *code, hs_date date, const char *fund, const char *lp,
                   const char *deal, const char *firm);

/* A cash-flow row for fund_flows: kind is "commit", "call", "distribute", "carry", "fee",
 * "invest", "exit", "writeoff", "default"; amount_fen > 0 as moved. */
typedef struct {
    const char *lp;   /* or NULL */
    const char *deal; /* or NULL */
    const char *kind;
    int64_t amount_fen;
    int phase; /* commitments: the phase (1 = 首期); 0 otherwise */
} fund_flow;

/* Inside tx, before an event is decided: fixes its id (event_id, or derived from kind and body when
 * NULL) into res->id and looks it up. res->existed = true if it was applied with this body (the
 * caller returns HS_OK: a retry changes nothing); HS_INPUT if the id is malformed or was applied
 * with another body. */
hs_status fund_event_begin(hs_tx *tx, const char *kind, const char *event_id, const char *body,
                           fund_event_result *res, hs_error *err);
/* Inside tx: applies the event's legs as one linked chain with ids "<id>#<k>" (a refusal names the
 * leg and reason and applies nothing: HS_REFUSED with the ledger's code) and records the event and
 * its flows. The caller then writes its own rows in the same tx. */
hs_status fund_apply_event(hs_tx *tx, const char *event_id, const char *fund, const char *kind,
                           hs_date date, const char *body, fund_legs *legs, const fund_flow *flows,
                           size_t nflows, hs_error *err);
/* A default event id when the caller gives none: "<kind>-<16 hex>" of a hash of the body. */
void fund_default_event_id(const char *kind, const char *body, char *out, size_t len);
/* Checks an event id: 1..43 characters of a-z A-Z 0-9 - _ . */
bool fund_event_id_valid(const char *id);

/* Read-only: calls fn for each cash flow of event `event_id` (lp, deal may be NULL). */
hs_status fund_event_flows(hs_store *s, const char *event_id,
                           hs_status (*fn)(void *ctx, const char *lp, const char *deal,
                                           const char *kind, int64_t amount_fen, hs_error *err),
                           void *ctx, hs_error *err);

#endif
