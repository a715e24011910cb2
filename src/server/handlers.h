/* handlers.h — the route handlers named by the route table (route_table.c). Each fills the
 * response with its result or an error object; each calls src/ops only (never the store). */
#ifndef HS_SERVER_HANDLERS_H
#define HS_SERVER_HANDLERS_H

#include "server/dispatch.h"

/* ---- users and tokens (h_users.c): admins change, admins and auditors list ---- */
/* GET /api/v1/users: user list --json, a page at a time. */
void h_user_list(route_call *call, http_response *resp);
/* POST /api/v1/users {user, role, scopes, password}: 201 with the user. */
void h_user_add(route_call *call, http_response *resp);
/* POST /api/v1/users/{name}/disable: user disable --json. */
void h_user_disable(route_call *call, http_response *resp);
/* POST /api/v1/tokens {user, expires?}: 201 token create --json, not cached. */
void h_token_create(route_call *call, http_response *resp);
/* GET /api/v1/tokens?user=: token list --json, a page at a time. */
void h_token_list(route_call *call, http_response *resp);
/* POST /api/v1/tokens/{label}/revoke: token revoke --json. */
void h_token_revoke(route_call *call, http_response *resp);

/* GET /api/v1/openapi.json: the OpenAPI document generated from the route table. */
void h_openapi(route_call *call, http_response *resp);
/* GET /api/v1/check: ops_book_check's view; 200 whether or not the book is sound ("ok"). */
void h_check(route_call *call, http_response *resp);
/* GET /api/v1/accounts/{name}: one element of `balance NAME --json` (view_balance_row). */
void h_account_get(route_call *call, http_response *resp);
/* POST /api/v1/accounts {name, kind, limit?}: a free account (account create --json's body), 201
 * created or 200 when it exists alike; officers; never in a module's namespace (403). */
void h_account_create(route_call *call, http_response *resp);
/* GET /api/v1/accounts/{name}/history?limit=&cursor=: the rows of history NAME --json (value-date
 * order, running posted balance, audit_seq), a page at a time, the cursor naming the last row's
 * transfer id; seen by whoever may read the account. */
void h_account_history(route_call *call, http_response *resp);
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
/* GET /api/v1/reports/targets?programme=&on=&format=json|csv|xlsx: report targets (--json's
 * array, or the table as CSV or Excel): analysts and auditors every programme's, officers and
 * reviewers their programmes'. */
void h_report_targets(route_call *call, http_response *resp);
/* POST /api/v1/projections {programme, years, paths, seed, on, set, compare, store}: project run
 * --json (or compare --json); analysts any programme, officers theirs (h_projections.c). */
void h_projection_run(route_call *call, http_response *resp);
/* GET /api/v1/vouchers/{id}: a voucher with its redemptions (voucher show), to those in scope. */
void h_voucher_get(route_call *call, http_response *resp);
/* GET /api/v1/loans/{id}: a loan with schedule, events and claim (credit loan show): auditors,
 * its bank, its firm. */
void h_loan_get(route_call *call, http_response *resp);

/* GET /api/v1/credit/products?limit=&cursor=: the banks' credit products (terms are public to
 * every role that deals with credit), in id order, a page at a time. */
void h_credit_products(route_call *call, http_response *resp);
/* GET /api/v1/pools/{id}: a risk-compensation pool per bank, reconciled with the ledger (credit
 * pool show --json): auditors and analysts; an officer holding its programme; a bank lending
 * under it, with its own bank's row only. 403 forbidden for anyone else, 404 for no such pool. */
void h_pool_get(route_call *call, http_response *resp);
/* GET /api/v1/pools?limit=&cursor=: the pools the caller may see (pool_visible in h_credit.c), as
 * `credit pool list --json` objects, a bank's copy holding only its own bank's row. */
void h_pool_list(route_call *call, http_response *resp);

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
/* GET /api/v1/audit/verify: the chain recomputed (audit verify --json): 200 {ok, entries,
 * head_hash} and, when broken, broken_seq and why; auditors. */
void h_audit_verify(route_call *call, http_response *resp);
/* GET /api/v1/audit/entries/{seq}: one entry with the transfers it committed (audit show --json);
 * auditors. */
void h_audit_entry(route_call *call, http_response *resp);

/* POST /api/v1/subsidies: apply under a policy named by id, today (h_subsidy_intake.c): an
 * enterprise for its own firm, an officer for its programmes' firms; 201 with subsidy show --json.
 */
void h_subsidy_apply(route_call *call, http_response *resp);
/* POST /api/v1/subsidies/match: 免申即享 over the registry (award optional); an officer of the
 * policy's programme; 200 with the match summary and its applications. */
void h_subsidy_match(route_call *call, http_response *resp);
/* POST /api/v1/subsidies/expire: void a programme's awards past their pay-by date; 200
 * {programme, expired}. */
void h_subsidy_expire(route_call *call, http_response *resp);
/* POST /api/v1/vouchers: issue a voucher (h_voucher_issue.c), Idempotency-Key; 201 with voucher
 * show --json. */
void h_voucher_issue(route_call *call, http_response *resp);
/* POST /api/v1/vouchers/expire: release a programme's vouchers past their expiry; 200
 * {programme, expired, released_fen}. */
void h_voucher_expire(route_call *call, http_response *resp);

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
/* POST /api/v1/programmes/{id}/release {"amount"|"amount_fen","transfer_id"?}: release part of a
 * multi-year appropriation (Idempotency-Key); 202 with the pending approval under maker-checker. */
void h_programme_release(route_call *call, http_response *resp);

/* POST /api/v1/subsidies/{id}/clawback {"reason","amount"?}: claw a paid subsidy back
 * (Idempotency-Key, recorded in the clawback's transaction). */
void h_subsidy_clawback(route_call *call, http_response *resp);

/* ---- programme and voucher handlers ---- */
/* GET /api/v1/programmes?limit=&cursor=: the programmes the caller may see (officers and
 * reviewers: those in scope), each as `programme show --json`, in id order, a page at a time. */
void h_programme_list(route_call *call, http_response *resp);
/* POST /api/v1/programmes {"id","title_zh"?,"title_en"?,"approval_threshold"?|
 * "approval_threshold_fen"?}: 201 the new programme's status; an officer holding programme:ID. */
void h_programme_create(route_call *call, http_response *resp);
/* POST /api/v1/programmes/{id}/close: close it today, returning unreserved remainders to the
 * appropriation (Idempotency-Key, recorded in the closing's transaction); 200 its status. */
void h_programme_close(route_call *call, http_response *resp);
/* POST /api/v1/vouchers/{id}/redeem {"provider","bill_id","bill"|"bill_fen","inputs"?,"dry_run"?}:
 * a provider holding provider:ID redeems a bill (Idempotency-Key); with "dry_run": true the same
 * body plus "dry_run": true, nothing written (a quote). */
void h_voucher_redeem(route_call *call, http_response *resp);
/* GET /api/v1/vouchers?status=&limit=&cursor=: the vouchers the caller may see, each as `voucher
 * show --json` (officers and reviewers: their programmes'; an enterprise: its firm's; a provider:
 * those presented to it, with only its own redemptions; auditors all), in id order, paged. */
void h_voucher_list(route_call *call, http_response *resp);
/* POST /api/v1/vouchers/settle {"programme","provider"?}: an officer in the programme's scope pays
 * providers what its redemptions owe (Idempotency-Key); 202 when maker-checker held any back. */
void h_voucher_settle(route_call *call, http_response *resp);
/* GET /api/v1/providers?limit=&cursor=: the registered providers (voucher provider list --json
 * items), in id order, a page at a time. */
void h_provider_list(route_call *call, http_response *resp);
/* POST /api/v1/providers {"id","name","city"?}: an officer registers a provider; 201 its view. */
void h_provider_add(route_call *call, http_response *resp);
/* GET /api/v1/providers/{id}/redemptions?limit=&cursor=: the bills redeemed at the provider with
 * whether each is settled ({voucher, programme, provider, bill_id, bill_fen, paid_fen, date,
 * settled}), in voucher order: the provider itself (provider:ID), officers (their programmes'),
 * auditors. */
void h_provider_redemptions(route_call *call, http_response *resp);

/* ---- credit handlers ---- */
/* POST /api/v1/credit/products {"bank","name","rate","term_months","ceiling"|"ceiling_fen",
 * "id"?,"unsecured"?,"repayment"?,"period_months"?,"pool"?}: 201 the product (credit product
 * create --json); the same terms again is a no-op (201 again), other terms 422. Officers. */
void h_credit_product_create(route_call *call, http_response *resp);
/* GET /api/v1/loans?pool=&state=&limit=&cursor=: the loans the caller may see (auditors all, a
 * bank its banks', an enterprise its firm's) in creation order, a page at a time (h_credit.c). */
void h_loan_list(route_call *call, http_response *resp);
/* POST /api/v1/loans {"id","product","firm","amount"|"amount_fen","approved"?,"pool"?,
 * "unsecured_share"?,"first_loan"?,"rate"?,"term_months"?}: 201 the approved loan; only a bank
 * holding the product's bank (403 otherwise). */
void h_loan_create(route_call *call, http_response *resp);
/* POST /api/v1/loans/{id}/disburse {}, /repay {"amount"?,"id"?}, /default {}, /recover
 * {"amount","id"?,"from"?}: the loan's bank only; Idempotency-Key; the CLI's --json bodies. */
void h_loan_disburse(route_call *call, http_response *resp);
void h_loan_repay(route_call *call, http_response *resp);
void h_loan_default(route_call *call, http_response *resp);
void h_loan_recover(route_call *call, http_response *resp);
/* POST /api/v1/loans/{id}/claims {"pool"?,"partial"?}: 201 the claim paid from the pool (the
 * loan's bank; Idempotency-Key); the pool's refusals 409 with their codes, nothing moved. */
void h_loan_claim(route_call *call, http_response *resp);
/* GET /api/v1/credit/overdue?workdays=5&on=DATE&limit=&cursor=: the loans not disbursed within N
 * Chinese working days of approval (credit loan overdue-approvals) that the caller may see, a page
 * at a time with the "on" and "workdays" used. */
void h_loan_overdue(route_call *call, http_response *resp);
/* POST /api/v1/pools {"id","programme","budget","multiple"?,"share"?,"unsecured_min"?,
 * "share_unsecured"?,"share_first_loan"?,"cap_per_loan"?}: 201 the pool (credit pool create
 * --json); an officer holding the programme's scope. */
void h_pool_create(route_call *call, http_response *resp);
/* POST /api/v1/pools/{id}/fund {"amount"|"amount_fen","transfer_id"?}: fund the pool from its
 * budget (Idempotency-Key): 200 the pool report, or 202 the pending approval under maker-checker.
 */
void h_pool_fund(route_call *call, http_response *resp);

/* ---- fund and registry handlers ---- */
/* ---- fund and registry routes ---- */
/* GET /api/v1/funds?limit=&cursor=: the funds the caller may see (auditors and analysts all; a
 * fund manager those it holds, a mother fund's scope covering its sub-funds), each as `fund show
 * --json` without lps and deals_list (as of today), in id order, a page at a time (h_funds.c). */
void h_fund_list(route_call *call, http_response *resp);
/* POST /api/v1/funds {"id","size","gp",...the options of `fund create` with '_'}: 201 {fund,
 * result:"created", size_fen} (fund create --json), 200 result "exists" for the same terms again,
 * 422 state_conflict for other terms; a fund manager holding fund:ID or the mother fund's scope. */
void h_fund_create(route_call *call, http_response *resp);
/* GET /api/v1/funds/{id}?as_of=DATE: fund show --json (analysts: without lps and deals_list). */
void h_fund_get(route_call *call, http_response *resp);
/* POST /api/v1/funds/{id}/events: one event (a `fund events --batch` line; "fund" defaults to and
 * must equal the path's) answered as `fund KIND --json`, or {"events":[...]} all or nothing
 * answered as `fund events --batch --json`; a fund manager in scope; Idempotency-Key. */
void h_fund_events(route_call *call, http_response *resp);
/* GET /api/v1/funds/{id}/report?as_of=&by=sector|stage|city: fund report --json of a fund tree or
 * group (a fund manager must hold every fund in it). */
void h_fund_report(route_call *call, http_response *resp);
/* GET /api/v1/funds/{id}/check: fund check --json of the fund's tree; 200 whether or not ok. */
void h_fund_check(route_call *call, http_response *resp);
/* GET /api/v1/funds/{id}/projection?rc=&growth=&bow=&life=&yield=&horizon=: fund project FUND
 * --json (the Takahashi–Alexander model from the fund's state). */
void h_fund_projection(route_call *call, http_response *resp);
/* GET /api/v1/firms?sector=&stage=&city=&status=&limit=&cursor=: the firms (firm list --json
 * items) in credit-code order, a page at a time: officers, reviewers, auditors all; an
 * enterprise only its own (h_firms.c). status: the recognitions all held (high_tech, zjtx, ...). */
void h_firm_list(route_call *call, http_response *resp);
/* GET /api/v1/firms/{uscc}/products?limit=&cursor=: the firm's products as firm show lists them,
 * in product-id order, a page at a time; 404 for a firm the registry lacks. */
void h_firm_products(route_call *call, http_response *resp);
/* POST /api/v1/firms/import (Content-Type: text/csv): firm import of the body, all or nothing:
 * 200 the summary (firm import --json, file "body.csv"), or 422 naming the first bad row's field
 * with "problems": every bad row as "body.csv:LINE: field 'F': why"; officers only. */
void h_firm_import(route_call *call, http_response *resp);
/* POST /api/v1/firms/import-products (text/csv): firm import-products of the body, the same way. */
void h_product_import(route_call *call, http_response *resp);
/* POST /api/v1/firms/check {"uscc":[...]}: each code's verdict as firm check --json prints it
 * ({uscc, valid, error}), in "results", with whether the divisions were checked; any role. */
void h_firm_check(route_call *call, http_response *resp);

/* ---- policy, matcher and report download handlers ---- */

/* GET /api/v1/policies?limit=&cursor=: every policy version the book holds (policy history
 * --json), by label (policy@version), a page at a time; analysts and enterprises without
 * first_used_by / first_subject. */
void h_policy_list(route_call *call, http_response *resp);
/* GET /api/v1/policies/{id}: {"policy", "versions":[...]} the stored versions of one policy
 * (policy history ID --json), 404 when the book holds none; redacted as h_policy_list. */
void h_policy_get(route_call *call, http_response *resp);

/* ---- web dashboard (static assets) handlers ---- */

/* ---- policy, matcher, apply and issue routes ---- */
/* GET /api/v1/policies/shipped?limit=&cursor=: the policies shipped under the data dir
 * (view_policy_doc: id, version, label, titles, instrument, valid_from, valid_to), by label, a
 * page at a time. */
void h_policy_shipped(route_call *call, http_response *resp);
/* POST /api/v1/policies/{id}/test {}: the policy's own test cases ({id} is ID or ID@VERSION,
 * policy_doc_resolve): {policy, version, passed, failed, results:[{test, passed, why?}]}. */
void h_policy_test(route_call *call, http_response *resp);
/* POST /api/v1/policies/{id}/eval {"on", "firms"?, "params"?, "stats"?}: policy eval --json over
 * the given firms or (absent) every registry firm, with what-if params; stats: {firms, eligible,
 * errors, total}. Analysts: over the registry only with stats (403 otherwise). */
void h_policy_eval(route_call *call, http_response *resp);
/* POST /api/v1/policies/{id}/explain {"on", "firm", "inputs"?, "params"?}: policy explain --json
 * of one firm (inputs typed over its registry record); an enterprise its own firms only, an
 * analyst only with inputs (the registry unread). */
void h_policy_explain(route_call *call, http_response *resp);
/* GET /api/v1/firms/{uscc}/matches?on=DATE (default today): ops_policy_match's object, every
 * shipped policy in force decided for the firm's registry record. */
void h_firm_matches(route_call *call, http_response *resp);
/* POST /api/v1/policies/{id}/reform {"on", "set"?, "rule_off"?, "from"?, "registry" |
 * "firms_csv"}: policy reform --json, baseline against reform (h_policy_reform.c). */
void h_policy_reform(route_call *call, http_response *resp);

#endif
