/* handlers.h — the route handlers named by the route table (route_table.c). Each fills the
 * response with its result or an error object; each calls src/ops only (never the store). */
#ifndef HS_SERVER_HANDLERS_H
#define HS_SERVER_HANDLERS_H

#include "server/dispatch.h"

/* GET /api/v1/openapi.json: the OpenAPI document generated from the route table. */
void h_openapi(route_call *call, http_response *resp);
/* GET /api/v1/check: ops_book_check's view; 200 whether or not the book is sound ("ok"). */
void h_check(route_call *call, http_response *resp);
/* GET /api/v1/accounts/{name}: one element of `balance NAME --json` (view_balance_row). */
void h_account_get(route_call *call, http_response *resp);
/* GET /api/v1/accounts?prefix=P&limit=N&cursor=C: the accounts the caller may read, in name
 * order, a page at a time: {"items":[...], "next_cursor": C or null}. */
void h_account_list(route_call *call, http_response *resp);
/* POST /api/v1/transfers: one transfer or {"transfers":[...]} all or nothing (transfers.c). */
void h_transfers_post(route_call *call, http_response *resp);

/* POST /api/v1/session {"user","password"}: 200 {"user","role","csrf_token"} and the
 * huoshui_session cookie (HttpOnly; SameSite=Strict; Path=/; Secure with --cookie-secure);
 * a wrong password 401, too many failures 429. */
void h_session_login(route_call *call, http_response *resp);
/* GET /api/v1/session: who the caller is {"user","role","scopes","via"}. */
void h_session_get(route_call *call, http_response *resp);
/* DELETE /api/v1/session: ends the cookie's session and clears the cookie. */
void h_session_logout(route_call *call, http_response *resp);

/* GET /api/v1/programmes/{id}: the programme with every budget's figures (programme show). */
void h_programme_get(route_call *call, http_response *resp);
/* GET /api/v1/subsidies/{id}: the application with the explanation re-run from the stored
 * policy (subsidy show --json), to those who may see it. */
void h_subsidy_get(route_call *call, http_response *resp);
/* GET /api/v1/subsidies?programme=&firm=&status=&limit=&cursor=: the applications the caller may
 * see, in id order, a page at a time. */
void h_subsidy_list(route_call *call, http_response *resp);
/* GET /api/v1/firms/{uscc}: the firm's registry record with products and history (firm show). */
void h_firm_get(route_call *call, http_response *resp);

/* GET /api/v1/reports/firms/{uscc}?format=json|csv|xlsx: the firm's statement (report firm). */
void h_report_firm(route_call *call, http_response *resp);
/* GET /api/v1/reports/programmes/{id}?by=budget|sector|district|firm&format=json|csv|xlsx: the
 * programme report (analysts: not by firm). */
void h_report_programme(route_call *call, http_response *resp);
/* GET /api/v1/vouchers/{id}: a voucher with its redemptions (voucher show), to those in scope. */
void h_voucher_get(route_call *call, http_response *resp);
/* GET /api/v1/loans/{id}: a loan with schedule, events and claim (credit loan show): auditors,
 * its bank, its firm. */
void h_loan_get(route_call *call, http_response *resp);

/* GET /api/v1/credit/products?limit=&cursor=: the banks' credit products (terms are public to
 * every role that deals with credit), in id order, a page at a time. */
void h_credit_products(route_call *call, http_response *resp);
/* GET /api/v1/pools/{id}: a risk-compensation pool per bank, reconciled with the ledger (credit
 * pool show): officers and auditors (it shows every bank's figures). */
void h_pool_get(route_call *call, http_response *resp);

/* GET /api/v1/approvals?programme=&state=&limit=&cursor=: the approvals the caller may see
 * (ops_approval_list: reviewers and officers their programmes'), a page at a time. */
void h_approval_list(route_call *call, http_response *resp);
/* POST /api/v1/approvals/{id}/approve {"reason"?}: approve and execute, dated today (the ledger
 * moves now); 409 maker_cannot_approve for the maker, 403 forbidden out of scope. */
void h_approval_approve(route_call *call, http_response *resp);
/* POST /api/v1/approvals/{id}/reject {"reason"}: reject; nothing moves. */
void h_approval_reject(route_call *call, http_response *resp);

/* GET /api/v1/public/notices?limit=&cursor=: every notice's public fields (no login). */
void h_notice_list(route_call *call, http_response *resp);
/* POST /api/v1/public/notices/{id}/objections {"reason"}: 201 the objection (no login; an
 * anonymous filer is recorded as "public:<client address>"). */
void h_notice_object(route_call *call, http_response *resp);
/* POST /api/v1/objections/{id}/uphold and /dismiss {"reason"}: an officer in scope decides. */
void h_objection_uphold(route_call *call, http_response *resp);
void h_objection_dismiss(route_call *call, http_response *resp);

/* GET /api/v1/audit?actor=&object=&after=&limit=: {"entries":[...],"next_after":N} (0: last
 * page), auditors only. */
void h_audit_log(route_call *call, http_response *resp);

/* POST /api/v1/subsidies/{id}/award {"pay_by"?}: award (reserving the amount), dated today. */
void h_subsidy_award(route_call *call, http_response *resp);
/* POST /api/v1/subsidies/{id}/pay {"amount"? | "amount_fen"?}: pay (Idempotency-Key; the record
 * in the payment's transaction); 202 {"pending_approval":...} when maker-checker holds it. */
void h_subsidy_pay(route_call *call, http_response *resp);
/* POST /api/v1/subsidies/{id}/reject {"reason"}: reject the application, releasing any hold. */
void h_subsidy_reject(route_call *call, http_response *resp);

/* POST /api/v1/programmes/{id}/fund {"budget","amount"|"amount_fen","transfer_id"?}: fund a
 * budget (Idempotency-Key); 202 with the pending approval under maker-checker. */
void h_programme_fund(route_call *call, http_response *resp);

/* POST /api/v1/subsidies/{id}/clawback {"reason","amount"?}: claw a paid subsidy back
 * (Idempotency-Key, recorded in the clawback's transaction). */
void h_subsidy_clawback(route_call *call, http_response *resp);

/* ---- programme and voucher handlers ---- */

/* ---- credit handlers ---- */

/* ---- fund and registry handlers ---- */

/* ---- policy, matcher and report download handlers ---- */

/* GET /api/v1/policies?limit=&cursor=: every policy version the book holds (policy history
 * --json), by label (policy@version), a page at a time; analysts and enterprises without
 * first_used_by / first_subject. */
void h_policy_list(route_call *call, http_response *resp);
/* GET /api/v1/policies/{id}: {"policy", "versions":[...]} the stored versions of one policy
 * (policy history ID --json), 404 when the book holds none; redacted as h_policy_list. */
void h_policy_get(route_call *call, http_response *resp);

/* ---- web dashboard (static assets) handlers ---- */

#endif
