/* fund_ops.h — the fund operations the CLI and the HTTP API call (see ops.h for the contract).
 *
 * Each operation validates its request, opens one transaction (ops_begin), lets the instrument
 * read, decide and write inside it, and ends it (ops_end: rolled back on any error, so a refused
 * event leaves nothing behind: no accounts, rows or transfers). Batches apply many events in one
 * transaction, all or nothing (one commit, one fsync). Reads (show, report, check, project) take
 * no write lock. The defaults of the fund module live here: create (first phase = size, name =
 * id), invest (region = city), fee (exactly one of days and amount), report and show (as of
 * today), project FUND (the Takahashi–Alexander shape 0.25/⅓/0.5, growth 0.13, bow 2.5, life =
 * invest + exit + extension years, age clamped below the horizon). */
#ifndef HS_OPS_FUND_OPS_H
#define HS_OPS_FUND_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "instrument/fund.h"
#include "instrument/fund_deal.h"
#include "instrument/fund_dist.h"
#include "instrument/fund_lp.h"
#include "instrument/fund_report.h"
#include "instrument/fund_verify.h"
#include "ops/ops.h"
#include "project/takahashi.h"

typedef enum {
    FUND_EV_COMMIT = 0,
    FUND_EV_CALL,
    FUND_EV_DEFAULT,
    FUND_EV_INVEST,
    FUND_EV_MARK,
    FUND_EV_FEE,
    FUND_EV_EXIT,
    FUND_EV_DISTRIBUTE,
    FUND_EV_WRITEOFF,
    FUND_EV_KINDS
} fund_event_kind;

/* "commit", "call", "default", "invest", "mark", "fee", "exit", "distribute", "writeoff". */
const char *fund_event_kind_name(fund_event_kind k);
/* Parses a kind name; false if unknown. */
bool fund_event_kind_parse(const char *text, fund_event_kind *out);

/* One fund event (strings borrowed; unused fields zero/NULL). */
typedef struct {
    fund_event_kind kind;
    const char *id; /* the event id, or NULL: derived from its fields */
    const char *fund;
    hs_date date;                   /* 0: today (the context's clock) */
    const char *lp;                 /* commit, default */
    fund_lp_type lp_type;           /* commit */
    const char *from;               /* commit: the paying account, or NULL for the default */
    int phase;                      /* commit: 0 means 1 */
    int64_t amount_fen;             /* commit, call, invest, fee (or days), distribute */
    const char *defaulting_lp;      /* call */
    fund_deal deal;                 /* invest: fund and details; others: deal.deal names the deal */
    int64_t value_fen;              /* mark */
    int64_t proceeds_fen, cost_fen; /* exit */
    int days;                       /* fee */
} fund_event_req;

/* One cash flow an event recorded. */
typedef struct {
    char lp[FUND_ID_MAX], deal[FUND_ID_MAX]; /* "" when none */
    char kind[16];
    int64_t amount_fen;
} fund_flow_row;

/* What an event did. */
typedef struct {
    fund_event_kind kind;
    char fund[FUND_ID_MAX];
    fund_event_result ev;             /* the id applied and whether it existed */
    char shown_id[FUND_EVENT_ID_MAX]; /* the id as shown: given, "(derived)" if it existed, else
                                         ev.id */
    int64_t fee_fen;                  /* fee */
    fund_distribution dist;           /* distribute */
    fund_flow_row *flows;             /* malloc'd (single events only; NULL if it existed) */
    size_t nflows;
} fund_event_outcome;

/* Frees an outcome's flows. */
void fund_event_outcome_free(fund_event_outcome *o);

/* Applies one event in its own transaction; on success *out says what it did (and its flows, read
 * back inside the transaction, before ctx->on_commit runs). Errors as the instrument's (HS_REFUSED
 * with a code, HS_INPUT / HS_NOT_FOUND naming the field, HS_STORAGE); nothing is left behind on
 * error. */
hs_status fund_ops_event(const hs_ctx *ctx, const fund_event_req *req, fund_event_outcome *out,
                         hs_error *err);
/* Applies one event inside an open transaction (for batches); no flows are read back. */
hs_status fund_ops_event_in(hs_tx *tx, const fund_event_req *req, fund_event_outcome *out,
                            hs_error *err);
/* Applies events[0..n) in one transaction, all or nothing: *applied and *existed count them; on
 * an error nothing is applied and *failed_at is the index of the event at fault. */
hs_status fund_ops_events(const hs_ctx *ctx, const fund_event_req *events, size_t n,
                          size_t *applied, size_t *existed, size_t *failed_at, hs_error *err);

/* Applies the defaults of `fund create` to t: first phase = size when 0, name = id when "". */
void fund_create_defaults(fund_terms *t);
/* Creates a fund (defaults applied to a copy) in one transaction; *existed as fund_create. */
hs_status fund_ops_create(const hs_ctx *ctx, const fund_terms *t, bool *existed, hs_error *err);

/* Loads fund `fund`'s terms: HS_NOT_FOUND (field "fund") if the book has none. Read-only. */
hs_status fund_ops_get(const hs_ctx *ctx, const char *fund, fund_terms *out, hs_error *err);
/* Calls fn with the figures of every fund of the book as of today (as `fund show` computes
 * them), in id order; fn's error stops the walk and is returned. Read-only. */
hs_status fund_ops_list(const hs_ctx *ctx,
                        hs_status (*fn)(void *arg, const fund_figures *f, hs_error *err), void *arg,
                        hs_error *err);

/* A fund as `fund show` gives it. */
typedef struct {
    fund_figures f;
    fund_lp *lps; /* malloc'd */
    size_t nlps;
    fund_deal *deals; /* malloc'd */
    size_t ndeals;
} fund_show;
/* Reads fund `fund` as of as_of (0: today, or the last event if later); free with fund_show_free.
 */
hs_status fund_ops_show(const hs_ctx *ctx, const char *fund, hs_date as_of, fund_show *out,
                        hs_error *err);
void fund_show_free(fund_show *s);

/* The report of a fund tree or group as of as_of (0: today, or the tree's last event date if it is
 * later); free with fund_report_free. */
hs_status fund_ops_report(const hs_ctx *ctx, const char *root, hs_date as_of, fund_by by,
                          fund_report *out, hs_error *err);
/* The fund tables of root (NULL/"": every fund) against the ledger. */
hs_status fund_ops_check(const hs_ctx *ctx, const char *root, fund_verify_report *out,
                         hs_error *err);

/* What `fund project FUND` was given of the model's shape. */
typedef struct {
    bool have_rc, have_growth, have_bow, have_life;
} fund_projection_given;
/* Fills p from fund `fund` in the book (commitment, life, age since the vintage as of today, and
 * paid-in, NAV and distributions so far) and the defaults for what was not given; title gets the
 * projection's heading. HS_NOT_FOUND if there is no such fund, HS_INPUT if it has no commitments.
 */
hs_status fund_ops_projection(const hs_ctx *ctx, const char *fund, const fund_projection_given *g,
                              ta_params *p, char *title, size_t title_len, hs_error *err);

/* fund_ops_projection, then the model run on *p into *s (ta_project's errors: HS_INPUT naming
 * the parameter at fault). */
hs_status fund_ops_project(const hs_ctx *ctx, const char *fund, const fund_projection_given *g,
                           ta_params *p, ta_series *s, hs_error *err);

#endif
