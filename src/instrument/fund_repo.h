/* fund_repo.h — the fund module's storage: typed reads and writes of its tables (fund_funds,
 * fund_lps, fund_events, fund_flows, fund_deals, fund_marks and the derived totals
 * fund_flow_totals, fund_flow_days, fund_deal_totals, kept by the writes below; layout in fund.h),
 * implemented once per backend (src/store/sql/fund_repo.c for the embedded book). Nothing above
 * src/store/ sees a query.
 *
 * Two families:
 *   fund_repo_*  run inside the caller's write transaction (hs_tx): an event reads what it decides
 *                on and writes what it decided in that one transaction, so a concurrent writer can
 *                never slip between the read and the write (the store serializes hs_tx).
 *   fund_read_*  read-only listings and aggregates for reports, show and check; they take the
 *                store and run in their own read snapshot (statement by statement), never writing.
 * Every function returns HS_STORAGE (naming the book) when the backend fails: a failed read is
 * never reported as "nothing there". Text outputs are copied into the caller's structs; callbacks
 * get pointers valid only during the call. Implementations may keep prepared statements on the
 * store's connection between calls (finalized when the store closes). */
#ifndef HS_INSTRUMENT_FUND_REPO_H
#define HS_INSTRUMENT_FUND_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "instrument/fund.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_lp.h"
#include "store/book.h"

/* One row of fund_events (all borrowed). */
typedef struct {
    const char *id, *fund, *kind, *body;
    hs_date date;
} fund_event_row;

/* ---- inside a transaction ---- */

/* Loads fund `id`'s terms; *found false (out untouched) if there is none. */
hs_status fund_repo_get(hs_tx *tx, const char *id, fund_terms *out, bool *found, hs_error *err);
/* Inserts a new fund (the id must be new). */
hs_status fund_repo_insert(hs_tx *tx, const fund_terms *t, hs_error *err);
/* Looks event `id` up: *found, and *same = its stored body equals `body`. */
hs_status fund_repo_event_find(hs_tx *tx, const char *id, const char *body, bool *found, bool *same,
                               hs_error *err);
/* Records an event (the id must be new) and its flows (zero amounts skipped), and adds them to the
 * fund's running flow totals (per kind and LP, and per kind and date for calls and distributions).
 * fund_repo_deal_save keeps the deal totals the same way (the backend may use triggers). */
hs_status fund_repo_event_insert(hs_tx *tx, const fund_event_row *e, const fund_flow *flows,
                                 size_t nflows, hs_error *err);
/* The LPs of `fund` in id order with lp, type, account, phase, defaulted, called_fen and
 * distributed_fen filled (committed/drawn/uncalled left 0: they live in the ledger). *out is
 * malloc'd (caller frees; NULL when *n is 0). */
hs_status fund_repo_lps(hs_tx *tx, const char *fund, fund_lp **out, size_t *n, hs_error *err);
/* Records a new LP of `fund` (lp, type, account, phase of l). */
hs_status fund_repo_lp_insert(hs_tx *tx, const char *fund, const fund_lp *l, hs_error *err);
/* Marks LP `lp` of `fund` in default. */
hs_status fund_repo_lp_set_defaulted(hs_tx *tx, const char *fund, const char *lp, hs_error *err);
/* Sum of the commitments recorded for `fund` in `phase`. */
hs_status fund_repo_phase_committed(hs_tx *tx, const char *fund, int phase, int64_t *out_fen,
                                    hs_error *err);
/* Loads one deal; *found false if none. */
hs_status fund_repo_deal_get(hs_tx *tx, const char *fund, const char *deal, fund_deal *out,
                             bool *found, hs_error *err);
/* Replaces every column of the existing (fund, deal) row, or inserts it if there is none. */
hs_status fund_repo_deal_save(hs_tx *tx, const fund_deal *d, hs_error *err);
/* Records a valuation mark of a deal (not money). */
hs_status fund_repo_mark_insert(hs_tx *tx, const char *fund, const char *deal, hs_date date,
                                int64_t value_fen, const char *event_id, hs_error *err);
/* The fee bases of `fund` from its flows: commitments less those cancelled by default (= called +
 * uncalled), and the capital called (paid in). */
hs_status fund_repo_fee_bases(hs_tx *tx, const char *fund, int64_t *committed_fen,
                              int64_t *paid_in_fen, hs_error *err);
/* Cost still held in `fund`'s deals, and the capital `fund` paid into other funds as their LP. */
hs_status fund_repo_invested(hs_tx *tx, const char *fund, int64_t *held_fen, int64_t *into_subs_fen,
                             hs_error *err);
/* Calls fn for each flow (lp, kind, amount) of the distributions ("distribute", lp set) and carry
 * ("carry", lp NULL) of `fund` so far, those of `deal` only when it is not NULL: rows, not sums
 * (the caller adds them up; a backend need not group by text keys). */
hs_status fund_repo_distributions(hs_tx *tx, const char *fund, const char *deal,
                                  void (*fn)(void *ctx, const char *lp, const char *kind,
                                             int64_t amount_fen),
                                  void *ctx, hs_error *err);

/* ---- read-only ---- */

/* Opens a read snapshot on the store for a read made of many statements (a report, a check): every
 * fund_read_* (and store read) until fund_read_end sees one state of the book, and the backend
 * keeps its caches across them. Takes no write lock (other writers go on; a read-only book can be
 * read). Must not be called inside a write transaction; pair it with fund_read_end. */
hs_status fund_read_begin(hs_store *s, hs_error *err);
/* Ends the snapshot opened by fund_read_begin. */
void fund_read_end(hs_store *s);

/* Loads fund `id`'s terms; *found false if none. */
hs_status fund_read_get(hs_store *s, const char *id, fund_terms *out, bool *found, hs_error *err);
/* Calls fn for each fund whose id or group is `root`, and (recursively, up to 16 levels) their
 * children, parents before children (by depth, then id). fn's error stops the walk. */
hs_status fund_read_tree(hs_store *s, const char *root,
                         hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err), void *ctx,
                         hs_error *err);
/* Calls fn for every fund of the book in id order. */
hs_status fund_read_all(hs_store *s, hs_status (*fn)(void *ctx, const fund_terms *t, hs_error *err),
                        void *ctx, hs_error *err);
/* As fund_repo_lps, read-only. */
hs_status fund_read_lps(hs_store *s, const char *fund, fund_lp **out, size_t *n, hs_error *err);
/* Loads one deal; *found false if none. */
hs_status fund_read_deal_get(hs_store *s, const char *fund, const char *deal, fund_deal *out,
                             bool *found, hs_error *err);
/* Calls fn for each deal of `fund` in deal order. */
hs_status fund_read_deals(hs_store *s, const char *fund,
                          hs_status (*fn)(void *ctx, const fund_deal *d, hs_error *err), void *ctx,
                          hs_error *err);
/* Calls fn for each cash flow of event `event_id` in the order recorded (lp, deal may be NULL). */
hs_status fund_read_event_flows(hs_store *s, const char *event_id,
                                hs_status (*fn)(void *ctx, const char *lp, const char *deal,
                                                const char *kind, int64_t amount_fen,
                                                hs_error *err),
                                void *ctx, hs_error *err);

/* ---- the report's reads: `fund` names one fund, or NULL for every fund of the book (one pass
 * over each table, for reports over many funds) ---- */

/* Calls fn for each LP row (lp, type, account, phase, defaulted; no figures) of `fund`. */
hs_status fund_read_lp_rows(hs_store *s, const char *fund,
                            hs_status (*fn)(void *ctx, const char *fund, const fund_lp *l,
                                            hs_error *err),
                            void *ctx, hs_error *err);
/* Calls fn for each running total of `fund`'s flows (derived from fund_flows, kept by every event):
 * the sum per kind and LP (lp NULL: flows of no LP, fees and carry), the rows of one fund
 * together. A total that is not an integer is HS_STORAGE (corrupt book). */
hs_status fund_read_flow_totals(hs_store *s, const char *fund,
                                hs_status (*fn)(void *ctx, const char *fund, const char *kind,
                                                const char *lp, int64_t amount_fen, hs_error *err),
                                void *ctx, hs_error *err);
/* Calls fn for each date's sum (> 0) of `fund`'s calls (is_call) or distributions to its LPs
 * (derived, as fund_read_flow_totals), ordered by fund, kind and date. */
hs_status fund_read_flow_days(hs_store *s, const char *fund,
                              hs_status (*fn)(void *ctx, const char *fund, bool is_call,
                                              hs_date date, int64_t amount_fen, hs_error *err),
                              void *ctx, hs_error *err);
/* Calls fn for each call and distribution between fund `lp` as an LP and the other funds it is an
 * LP of (lp NULL: every fund of the book that is an LP of another): the flows themselves (several
 * may share a date), ordered by lp, kind, fund and date (so an LP's calls come grouped by fund). */
hs_status fund_read_as_lp(hs_store *s, const char *lp,
                          hs_status (*fn)(void *ctx, const char *lp, const char *fund, bool is_call,
                                          hs_date date, int64_t amount_fen, hs_error *err),
                          void *ctx, hs_error *err);
/* The deals of one fund in one place as a report sums them (derived from fund_deals, kept by
 * every deal write; text borrowed): how many, how many still held, and the sums of their cost,
 * cost still held, value and realised proceeds. */
typedef struct {
    const char *fund, *region, *city;
    int64_t deals, held;
    int64_t cost_fen, held_fen, value_fen, realised_fen;
} fund_deal_total;
/* Calls fn for each place (region, city) of `fund`'s deals, the places of one fund together (fund
 * order). A total that is not an integer, or a negative count, is HS_STORAGE (corrupt book). */
hs_status fund_read_deal_totals(hs_store *s, const char *fund,
                                hs_status (*fn)(void *ctx, const fund_deal_total *d, hs_error *err),
                                void *ctx, hs_error *err);
/* For fund check: calls fn for each place of `fund`'s deals with the derived totals (`table`) and
 * what fund_deals sum to (`deals`); a place missing on one side reads as zeros there. */
hs_status fund_read_deal_totals_recorded(hs_store *s, const char *fund,
                                         hs_status (*fn)(void *ctx, const fund_deal_total *table,
                                                         const fund_deal_total *deals,
                                                         hs_error *err),
                                         void *ctx, hs_error *err);
/* Calls fn with the date of the last event of `fund` (of each fund that has events). */
hs_status fund_read_last_events(hs_store *s, const char *fund,
                                hs_status (*fn)(void *ctx, const char *fund, hs_date date,
                                                hs_error *err),
                                void *ctx, hs_error *err);
/* Calls fn for each key of dimension `by` (1 sector, 2 stage, 3 city) over the held deals of
 * `fund`. */
hs_status fund_read_exposure(hs_store *s, const char *fund, int by,
                             hs_status (*fn)(void *ctx, const char *fund, const char *key,
                                             int deals, int64_t held_fen, int64_t value_fen,
                                             hs_error *err),
                             void *ctx, hs_error *err);

/* For fund check: the sums the fund tables record. */
typedef struct {
    int64_t committed_fen; /* "commit" flows of the LP */
    int64_t drawn_fen;     /* "call" and "default" flows of the LP */
} fund_lp_recorded;
hs_status fund_read_lp_recorded(hs_store *s, const char *fund, const char *lp,
                                fund_lp_recorded *out, hs_error *err);
/* For fund check: one key of the derived totals beside what fund_flows sum to. Per (kind, lp):
 * date 0, total_fen/total_flows from fund_flow_totals, flows_fen/flows from the flows; per (kind,
 * date) of calls and distributions: lp NULL, the counts 0. A key missing on one side reads 0. */
typedef struct {
    const char *kind, *lp; /* borrowed */
    hs_date date;
    int64_t total_fen, total_flows, flows_fen, flows;
} fund_total_recorded;
hs_status fund_read_totals_recorded(hs_store *s, const char *fund,
                                    hs_status (*fn)(void *ctx, const fund_total_recorded *t,
                                                    hs_error *err),
                                    void *ctx, hs_error *err);
/* The "invest" flows of one deal. */
hs_status fund_read_deal_invested(hs_store *s, const char *fund, const char *deal, int64_t *out_fen,
                                  hs_error *err);
/* Cash the tables say `fund` holds: calls + exits - investments - fees - distributions - carry of
 * its own events, plus distributions received minus calls paid as an LP of other funds. */
hs_status fund_read_cash_recorded(hs_store *s, const char *fund, int64_t *out_fen, hs_error *err);

#endif
