/* credit_view.h — the JSON views of the credit module's entities: what `--json` prints and what
 * the HTTP API returns, byte for byte. Each function returns a new reference (the caller owns it;
 * json_decref or hand it to a parent object), or NULL only if jansson is out of memory. Views are
 * pure: they read the struct given and nothing else. */
#ifndef HS_OPS_CREDIT_VIEW_H
#define HS_OPS_CREDIT_VIEW_H

#include <jansson.h>

#include "ops/credit_ops.h"

/* A product: id, bank, name, rate (bp and text), term, period, ceiling, security, pool. */
json_t *view_product(const credit_product *p);
/* A loan: terms, status, dates (null until reached), outstanding and the amounts paid. */
json_t *view_loan(const credit_loan *l);
/* A loan with its schedule (basis and totals), claim and events: `credit loan show`. */
json_t *view_loan_detail(const credit_loan_detail *d);
/* A claim: loan, pool, bank, date and the claim rule's figures. */
json_t *view_claim(const credit_claim *c);
/* A repayment or recovery. */
json_t *view_event(const credit_event *e);
/* The result of `credit repay`, `credit default` and `credit recover` on loan `loan`. */
json_t *view_repayment(const char *loan, const credit_repayment_result *r);
json_t *view_default(const char *loan, int64_t written_off_fen);
json_t *view_recovery(const char *loan, const credit_recovery_result *r);
/* One loan of the 5-working-day list. */
json_t *view_overdue(const credit_overdue *o);
/* A pool's claim-rule parameters. */
json_t *view_pool_params(const credit_pool_params *p);
/* A pool as created: id, programme, budget, parameters. */
json_t *view_pool(const credit_pool *p);
/* The pool report (`credit pool show`). */
json_t *view_pool_report(const credit_pool_report *r);
/* "12.50x" from hundredths (into buf, returned). */
char *credit_x100_text(int64_t x100, char *buf, size_t len);
/* Parses a multiple as `credit pool create --multiple` and POST /pools take it: "10", "10x",
 * "12.5x" (up to 6 whole digits and 2 decimals) into hundredths (*out_x100 = 1250). False, *out
 * untouched, for anything else. */
bool credit_x100_parse(const char *text, int64_t *out_x100);

#endif
