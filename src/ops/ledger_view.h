/* ledger_view.h — the JSON views of the ledger's entities: what `--json` prints and what the HTTP
 * API will return, byte for byte (the caller serialises; the CLI with cli_print_json).
 *
 * Every function returns a new reference the caller owns (json_decref), or NULL only when out of
 * memory. Money is given as *_fen integers (and yuan text where the view has an "amount"). Text
 * stored before ids and names were checked, if not UTF-8, is shown with U+FFFD for each bad byte
 * rather than left out. */
#ifndef HS_OPS_LEDGER_VIEW_H
#define HS_OPS_LEDGER_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "ledger/account.h"
#include "ledger/transfer.h"
#include "ops/account_ops.h"
#include "ops/transfer_ops.h"

/* A stored transfer: id, debit, credit, amount_fen, amount, date, kind, [state, timeout],
 * [pending_id], linked, code, ref, ts. */
json_t *view_transfer(const hs_transfer *t);
/* An account: account, kind, limit, debits_posted_fen, credits_posted_fen, debits_pending_fen,
 * credits_pending_fen, balance_fen. */
json_t *view_account(const hs_account *a);
/* One row of `balance` (the account view, as of now or as of a date). */
json_t *view_balance_row(const hs_account *a);
/* `account create`: the account view plus "created". */
json_t *view_account_created(const hs_account *a, bool existed);
/* A transfer that was applied or already there: the stored transfer's view (or just the id if it
 * could not be read back) plus "result" ("ok"/"exists") and "detail" if any. */
json_t *view_transfer_outcome(const hs_transfer *given, const ops_transfer_outcome *o);
/* One row of `history --json`: the transfer's view (transfer_to_json) plus side ("debit" |
 * "credit"), balance_fen (the running posted balance) and audit_seq (null when 0). */
json_t *view_history_row(const ops_history_row *r);
/* One problem of a batch: line, [id], field, error. */
json_t *view_batch_problem(const ops_batch_problem *p);
/* A batch's summary: applied, existed, bad_lines, refused, problems (stolen; NULL = []). */
json_t *view_batch_summary(const ops_batch_summary *s, json_t *problems);

#endif
