/* h_credit.c — the credit module over HTTP, each route on src/ops/credit_ops.h with the caller's
 * context and the bodies `huoshui credit ... --json` prints (src/ops/credit_view.h): creating a
 * product (officers), the loans a caller may see (cursor pages), a bank approving a loan under its
 * own bank's product, and the loan's life — disburse, repay, default, recover and the claim on the
 * risk-compensation pool — by the loan's bank only. Every one of those moves money, so each takes
 * an Idempotency-Key whose answer is recorded by a commit hook inside the operation's own
 * transaction (idem_answer_ctx's commit hook): a refusal (409 with the instrument's code, e.g.
 * pool_empty, exceeds_pool, state_conflict) stores neither the change nor the key.
 *
 * Who sees a loan (loan_visible): auditors every loan; a bank the loans of the banks it holds
 * (scope bank:ID); an enterprise its firm's (scope firm:USCC). Officers are not given loan
 * records (firm-level bank data): they see pools (GET /pools/{id}). */
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ops/approval_view.h"
#include "ops/credit_ops.h"
#include "ops/credit_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/idem_answer.h"
#include "server/paging.h"

/* ---- what the routes share ---- */

static bool loan_visible(const hs_principal *p, const credit_loan *l) {
    return p->role == HS_ROLE_AUDITOR ||
           (p->role == HS_ROLE_BANK && principal_in_scope(p, HS_SCOPE_BANK, l->bank)) ||
           (p->role == HS_ROLE_ENTERPRISE && principal_in_scope(p, HS_SCOPE_FIRM, l->firm));
}

static void respond_forbidden(route_call *call, http_response *resp, const char *what,
                              const char *id, const char *field) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", field,
                 "%s (%s) may not act on %s '%.100s': not in its scope", call->caller->user,
                 role_name(call->caller->role), what, id);
    http_respond_error(resp, &err, false, NULL);
}

static void respond_invalid(http_response *resp, const char *field, const char *msg) {
    hs_error err = {0};
    hs_invalid_field(&err, field, "%s", msg);
    http_respond_error(resp, &err, true, NULL);
}

/* Fails (resp filled) unless loan `id` exists and the caller is a bank holding its bank. */
static bool own_loan(route_call *call, http_response *resp, const char *id) {
    hs_error err = {0};
    credit_loan_detail d;
    if (credit_ops_loan_show(call->ctx, id, &d, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    bool ok = call->caller->role == HS_ROLE_BANK &&
              principal_in_scope(call->caller, HS_SCOPE_BANK, d.loan.bank);
    credit_loan_detail_free(&d);
    if (!ok)
        respond_forbidden(call, resp, "loan", id, NULL);
    return ok;
}

/* Member `name` as money: a string in any money form or an integer of fen under `name`_fen, not
 * both; *fen 0 when absent (and not required). Positive when present. */
static bool money_member(route_call *call, http_response *resp, const char *name, bool required,
                         int64_t *fen) {
    char fen_name[64], why[128];
    snprintf(fen_name, sizeof fen_name, "%s_fen", name);
    json_t *text = call->body ? json_object_get(call->body, name) : NULL;
    json_t *whole = call->body ? json_object_get(call->body, fen_name) : NULL;
    *fen = 0;
    if (text != NULL && whole != NULL) {
        respond_invalid(resp, name, "give the amount once: as a money text or in fen, not both");
        return false;
    }
    if (text != NULL) {
        if (!json_is_string(text) || !money_parse(json_string_value(text), fen, why, sizeof why)) {
            respond_invalid(resp, name, "not an amount such as 250万 or 1,000.00");
            return false;
        }
    } else if (whole != NULL) {
        if (!json_is_integer(whole)) {
            respond_invalid(resp, fen_name, "an integer number of fen");
            return false;
        }
        *fen = json_integer_value(whole);
    } else if (required) {
        respond_invalid(resp, name, "this amount is required");
        return false;
    } else {
        return true;
    }
    if (*fen <= 0) {
        respond_invalid(resp, name, "the amount must be positive");
        return false;
    }
    return true;
}

/* Member `name` as a rate ("4.35%" or "435bp" as rate_parse_bp takes); *bp unchanged if absent. */
static bool rate_member(route_call *call, http_response *resp, const char *name, bool required,
                        int64_t *bp) {
    const char *t;
    char why[128];
    if (!string_field(call, resp, name, required, &t))
        return false;
    if (t != NULL && !rate_parse_bp(t, bp, why, sizeof why)) {
        respond_invalid(resp, name, "not a rate such as 3.5%");
        return false;
    }
    return true;
}

/* Member `name` a boolean; *out unchanged if absent. */
static bool bool_member(route_call *call, http_response *resp, const char *name, bool *out) {
    json_t *v = call->body ? json_object_get(call->body, name) : NULL;
    if (v == NULL)
        return true;
    if (!json_is_boolean(v)) {
        respond_invalid(resp, name, "true or false");
        return false;
    }
    *out = json_is_true(v);
    return true;
}

/* Member `name` an integer in [lo, hi]; *out unchanged if absent. */
static bool int_member(route_call *call, http_response *resp, const char *name, bool required,
                       int32_t lo, int32_t hi, int32_t *out) {
    json_t *v = call->body ? json_object_get(call->body, name) : NULL;
    if (v == NULL && !required)
        return true;
    if (v == NULL || !json_is_integer(v) || json_integer_value(v) < lo ||
        json_integer_value(v) > hi) {
        char msg[96];
        snprintf(msg, sizeof msg, "an integer from %d to %d", lo, hi);
        respond_invalid(resp, name, msg);
        return false;
    }
    *out = (int32_t)json_integer_value(v);
    return true;
}

/* Copies string member `name` into buf (size len); false (422) when it does not fit. */
static bool copy_member(route_call *call, http_response *resp, const char *name, bool required,
                        char *buf, size_t len) {
    const char *t;
    if (!string_field(call, resp, name, required, &t))
        return false;
    if (t == NULL)
        return true;
    if (strlen(t) >= len) {
        respond_invalid(resp, name, "too long");
        return false;
    }
    memcpy(buf, t, strlen(t) + 1);
    return true;
}

/* ---- products ---- */

void h_credit_product_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {
        "id",          "bank",      "name",      "rate",          "term_months", "ceiling",
        "ceiling_fen", "unsecured", "repayment", "period_months", "pool",        NULL};
    credit_product p;
    memset(&p, 0, sizeof p);
    p.period_months = 1;
    p.repayment = CREDIT_EQUAL_PRINCIPAL;
    const char *id = NULL, *repayment = NULL;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", false, &id) ||
        !copy_member(call, resp, "bank", true, p.bank, sizeof p.bank) ||
        !copy_member(call, resp, "name", true, p.name, sizeof p.name) ||
        !rate_member(call, resp, "rate", true, &p.rate_bp) ||
        !int_member(call, resp, "term_months", true, 1, 600, &p.term_months) ||
        !int_member(call, resp, "period_months", false, 1, 600, &p.period_months) ||
        !money_member(call, resp, "ceiling", true, &p.ceiling_fen) ||
        !bool_member(call, resp, "unsecured", &p.unsecured) ||
        !string_field(call, resp, "repayment", false, &repayment) ||
        !copy_member(call, resp, "pool", false, p.pool, sizeof p.pool))
        return;
    int n = id != NULL ? snprintf(p.id, sizeof p.id, "%s", id)
                       : snprintf(p.id, sizeof p.id, "%s.%s", p.bank, p.name);
    if (n < 0 || (size_t)n >= sizeof p.id) {
        respond_invalid(resp, "id", "the product id (default BANK.NAME) is too long");
        return;
    }
    if (repayment != NULL && !credit_repayment_parse(repayment, &p.repayment)) {
        respond_invalid(resp, "repayment", "equal-principal or bullet");
        return;
    }
    hs_error err = {0};
    if (credit_ops_product_create(call->ctx, &p, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    credit_product saved;
    if (credit_ops_product_show(call->ctx, p.id, &saved, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 201, view_product(&saved));
}

/* ---- loans: the list and approval ---- */

typedef struct {
    const hs_principal *caller;
    const char *state;
    size_t limit;
    json_t *items;
    char scanned[CREDIT_ID_MAX]; /* the last row read: the next batch starts after it */
    size_t rows;                 /* rows read in this batch */
    bool more;
} loan_page;

static hs_status loan_add(void *vctx, const credit_loan *l, hs_error *err) {
    loan_page *a = vctx;
    a->rows++;
    snprintf(a->scanned, sizeof a->scanned, "%s", l->id);
    if (a->more || !loan_visible(a->caller, l) ||
        (a->state != NULL && strcmp(a->state, credit_loan_status_name(l->status)) != 0))
        return HS_OK;
    if (json_array_size(a->items) == a->limit) {
        a->more = true;
        return HS_OK;
    }
    json_t *v = view_loan(l);
    if (v == NULL || json_array_append_new(a->items, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing loans");
    return HS_OK;
}

void h_loan_list(route_call *call, http_response *resp) {
    char after[CREDIT_ID_MAX];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    const char *state = http_query(call->req, "state");
    static const char *const states[] = {"approved", "disbursed", "repaid", "defaulted"};
    bool known = state == NULL;
    for (size_t i = 0; !known && i < sizeof states / sizeof states[0]; i++)
        known = strcmp(state, states[i]) == 0;
    if (!known) {
        respond_invalid(resp, "state", "state is one of approved, disbursed, repaid, defaulted");
        return;
    }
    loan_page a = {.caller = call->caller, .state = state, .limit = limit, .items = json_array()};
    hs_error err = {0};
    if (a.items == NULL) {
        respond_view(resp, NULL);
        return;
    }
    /* keyset batches in creation order read in the store (after the cursor's loan), rows the
     * caller may not see skipped, until the page and one more are found or the rows run out */
    const size_t batch = limit + 1 < 64 ? 64 : limit + 1;
    char from[CREDIT_ID_MAX]; /* bound into the store's query: never the buffer it writes */
    snprintf(from, sizeof from, "%s", has_cursor ? after : "");
    hs_status st;
    for (;;) {
        a.rows = 0;
        st = credit_ops_loans_page(call->ctx, http_query(call->req, "pool"), from[0] ? from : NULL,
                                   batch, loan_add, &a, &err);
        if (st != HS_OK || a.more || a.rows < batch)
            break;
        snprintf(from, sizeof from, "%s", a.scanned);
    }
    if (st != HS_OK) {
        json_decref(a.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, page_of_items(a.items, "id", a.more));
}

void h_loan_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {
        "id",   "product",         "firm",       "amount", "amount_fen",  "approved",
        "pool", "unsecured_share", "first_loan", "rate",   "term_months", NULL};
    credit_loan_request req = {.unsecured_bp = -1, .first_loan = -1, .rate_bp = -1};
    const char *approved = NULL;
    json_t *first = call->body ? json_object_get(call->body, "first_loan") : NULL;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", true, &req.id) ||
        !string_field(call, resp, "product", true, &req.product) ||
        !string_field(call, resp, "firm", true, &req.firm) ||
        !money_member(call, resp, "amount", true, &req.amount_fen) ||
        !string_field(call, resp, "approved", false, &approved) ||
        !string_field(call, resp, "pool", false, &req.pool) ||
        !rate_member(call, resp, "unsecured_share", false, &req.unsecured_bp) ||
        !rate_member(call, resp, "rate", false, &req.rate_bp) ||
        !int_member(call, resp, "term_months", false, 1, 600, &req.term_months))
        return;
    if (first != NULL) {
        if (!json_is_boolean(first)) {
            respond_invalid(resp, "first_loan", "true or false");
            return;
        }
        req.first_loan = json_is_true(first) ? 1 : 0;
    }
    if (approved != NULL && !date_parse(approved, &req.approved_date)) {
        respond_invalid(resp, "approved", "approved must be a date YYYY-MM-DD");
        return;
    }
    hs_error err = {0};
    credit_product p;
    if (credit_ops_product_show(call->ctx, req.product, &p, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (!principal_in_scope(call->caller, HS_SCOPE_BANK, p.bank)) {
        respond_forbidden(call, resp, "the product", req.product, "product");
        return;
    }
    credit_loan l;
    if (credit_ops_loan_create(call->ctx, &req, &l, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 201, view_loan(&l));
}

/* ---- the loan's life: money moves, each under an Idempotency-Key ---- */

static json_t *loan_view_of(void *arg, int *code) {
    *code = 200;
    return view_loan(arg);
}

void h_loan_disburse(route_call *call, http_response *resp) {
    static const char *const allowed[] = {NULL};
    const char *id = route_param(call->match, "id");
    credit_loan l;
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, loan_view_of, &l))
        return;
    if (!only_fields(call, resp, allowed) || !own_loan(call, resp, id))
        return;
    hs_error err = {0};
    hs_status st = credit_ops_loan_disburse(idem_answer_ctx(&ans), id, 0, &l, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

typedef struct {
    const char *loan;
    credit_repayment_result r;
} repay_result;

static json_t *repay_view(void *arg, int *code) {
    const repay_result *r = arg;
    *code = 200;
    return view_repayment(r->loan, &r->r);
}

void h_loan_repay(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", "id", NULL};
    const char *id = route_param(call->match, "id"), *client_id = NULL;
    repay_result r = {id, {0}};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, repay_view, &r))
        return;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) || !amount_field(call, resp, &amount_fen) ||
        !string_field(call, resp, "id", false, &client_id) || !own_loan(call, resp, id))
        return;
    hs_error err = {0};
    hs_status st =
        credit_ops_repay(idem_answer_ctx(&ans), id, amount_fen, 0, client_id, &r.r, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

typedef struct {
    const char *loan;
    int64_t written_off_fen;
} default_result;

static json_t *default_view(void *arg, int *code) {
    const default_result *r = arg;
    *code = 200;
    return view_default(r->loan, r->written_off_fen);
}

void h_loan_default(route_call *call, http_response *resp) {
    static const char *const allowed[] = {NULL};
    const char *id = route_param(call->match, "id");
    default_result r = {id, 0};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, default_view, &r))
        return;
    if (!only_fields(call, resp, allowed) || !own_loan(call, resp, id))
        return;
    hs_error err = {0};
    hs_status st = credit_ops_default(idem_answer_ctx(&ans), id, 0, &r.written_off_fen, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

typedef struct {
    const char *loan;
    credit_recovery_result r;
} recover_result;

static json_t *recover_view(void *arg, int *code) {
    const recover_result *r = arg;
    *code = 200;
    return view_recovery(r->loan, &r->r);
}

void h_loan_recover(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", "id", "from", NULL};
    const char *id = route_param(call->match, "id"), *client_id = NULL, *from = NULL;
    recover_result r = {id, {0}};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, recover_view, &r))
        return;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) || !amount_field(call, resp, &amount_fen) ||
        !string_field(call, resp, "id", false, &client_id) ||
        !string_field(call, resp, "from", false, &from) || !own_loan(call, resp, id))
        return;
    if (amount_fen == 0) {
        respond_invalid(resp, "amount", "a recovery needs an amount (amount or amount_fen)");
        return;
    }
    hs_error err = {0};
    hs_status st =
        credit_ops_recover(idem_answer_ctx(&ans), id, amount_fen, 0, client_id, from, &r.r, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

static json_t *claim_view(void *arg, int *code) {
    *code = 201;
    return view_claim(arg);
}

void h_loan_claim(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"pool", "partial", NULL};
    const char *id = route_param(call->match, "id"), *pool = NULL;
    credit_claim c;
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, claim_view, &c))
        return;
    bool partial = true;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "pool", false, &pool) ||
        !bool_member(call, resp, "partial", &partial) || !own_loan(call, resp, id))
        return;
    hs_error err = {0};
    hs_status st = credit_ops_claim(idem_answer_ctx(&ans), id, pool, 0, partial, &c, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

/* ---- the 5-working-day list ---- */

typedef struct {
    const hs_principal *caller;
    json_t *all;
} overdue_acc;

static hs_status overdue_add(void *vctx, const credit_overdue *o, hs_error *err) {
    overdue_acc *a = vctx;
    if (!loan_visible(a->caller, &o->loan))
        return HS_OK;
    json_t *v = view_overdue(o);
    if (v == NULL || json_array_append_new(a->all, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing overdue approvals");
    return HS_OK;
}

void h_loan_overdue(route_call *call, http_response *resp) {
    char after[CREDIT_ID_MAX];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    const char *on_text = http_query(call->req, "on"), *wd_text = http_query(call->req, "workdays");
    hs_date on = 0;
    int32_t workdays = -1;
    if (on_text != NULL && !date_parse(on_text, &on)) {
        respond_invalid(resp, "on", "on must be a date YYYY-MM-DD");
        return;
    }
    if (wd_text != NULL) {
        char *end = NULL;
        long v = strtol(wd_text, &end, 10);
        if (*wd_text == '\0' || *end != '\0' || v < 0 || v > 250) {
            respond_invalid(resp, "workdays", "workdays is an integer from 0 to 250");
            return;
        }
        workdays = (int32_t)v;
    }
    overdue_acc a = {call->caller, json_array()};
    if (a.all == NULL) {
        respond_view(resp, NULL);
        return;
    }
    hs_error err = {0};
    hs_date used_on = 0;
    int32_t used_workdays = 0;
    if (credit_ops_overdue(call->ctx, on, workdays, overdue_add, &a, &used_on, &used_workdays,
                           &err) != HS_OK) {
        json_decref(a.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(a.all, "loan", has_cursor ? after : NULL, limit);
    json_decref(a.all);
    char d[DATE_TEXT_LEN];
    if (page != NULL) {
        json_object_set_new(page, "on", json_string(date_format(used_on, d)));
        json_object_set_new(page, "workdays", json_integer(used_workdays));
    }
    respond_page(resp, page);
}

/* ---- pools ---- */

/* Who sees a pool: auditors and analysts (a pool's figures are aggregates, no firm in them) every
 * pool; an officer the pools of its programmes; a bank a pool it lends under (a row of its own
 * bank in the report), seeing only its own bank's row. */
static bool pool_visible(const hs_principal *p, const credit_pool_report *r) {
    if (p->role == HS_ROLE_AUDITOR || p->role == HS_ROLE_ANALYST)
        return true;
    if (p->role == HS_ROLE_OFFICER)
        return principal_in_scope(p, HS_SCOPE_PROGRAMME, r->pool.programme);
    if (p->role == HS_ROLE_BANK)
        for (size_t i = 0; i < r->n_banks; i++)
            if (principal_in_scope(p, HS_SCOPE_BANK, r->banks[i].bank))
                return true;
    return false;
}

/* The pool report as the caller may see it: a bank's copy keeps only its own banks' rows. New
 * reference (NULL on OOM). */
static json_t *pool_view_for(const hs_principal *p, const credit_pool_report *r) {
    json_t *v = view_pool_report(r);
    json_t *banks = json_object_get(v, "banks");
    if (v == NULL || p->role != HS_ROLE_BANK || banks == NULL)
        return v;
    for (size_t i = json_array_size(banks); i-- > 0;) {
        const char *b = json_string_value(json_object_get(json_array_get(banks, i), "bank"));
        if (b == NULL || !principal_in_scope(p, HS_SCOPE_BANK, b))
            json_array_remove(banks, i);
    }
    return v;
}

void h_pool_get(route_call *call, http_response *resp) {
    const char *id = route_param(call->match, "id");
    hs_error err = {0};
    credit_pool_report *r = credit_ops_pool_show(call->ctx, id, &err);
    if (r == NULL) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (!pool_visible(call->caller, r)) {
        free(r);
        respond_forbidden(call, resp, "pool", id, NULL);
        return;
    }
    json_t *v = pool_view_for(call->caller, r);
    free(r);
    respond_view(resp, v);
}

typedef struct {
    const hs_principal *caller;
    const char *after;
    size_t limit;
    json_t *items;
    char last[CREDIT_ID_MAX];
    bool more;
} pool_page;

static hs_status pool_add(void *arg, const credit_pool_report *r, hs_error *err) {
    pool_page *pg = arg;
    if (pg->more || (pg->after != NULL && strcmp(r->pool.id, pg->after) <= 0) ||
        !pool_visible(pg->caller, r))
        return HS_OK;
    if (json_array_size(pg->items) == pg->limit) {
        pg->more = true;
        return HS_OK;
    }
    json_t *v = pool_view_for(pg->caller, r);
    if (v == NULL || json_array_append_new(pg->items, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing pools");
    snprintf(pg->last, sizeof pg->last, "%s", r->pool.id);
    return HS_OK;
}

void h_pool_list(route_call *call, http_response *resp) {
    char after[CREDIT_ID_MAX * 2];
    bool has_cursor;
    pool_page pg = {.caller = call->caller};
    if (!page_args(call, resp, &pg.limit, after, sizeof after, &has_cursor))
        return;
    pg.after = has_cursor ? after : NULL;
    pg.items = json_array();
    hs_error err = {0};
    if (pg.items == NULL || credit_ops_pools_each(call->ctx, pool_add, &pg, &err) != HS_OK) {
        json_decref(pg.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, json_pack("{s:o, s:o}", "items", pg.items, "next_cursor",
                                 cursor_of(pg.last, pg.more)));
}

void h_pool_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id",
                                          "programme",
                                          "budget",
                                          "multiple",
                                          "share",
                                          "unsecured_min",
                                          "share_unsecured",
                                          "share_first_loan",
                                          "cap_per_loan",
                                          "cap_per_loan_fen",
                                          NULL};
    credit_pool p;
    memset(&p, 0, sizeof p);
    credit_pool_params_default(&p.params);
    const char *multiple = NULL;
    int64_t cap = 0;
    if (!only_fields(call, resp, allowed) ||
        !copy_member(call, resp, "id", true, p.id, CREDIT_POOL_ID_MAX_LEN + 1) ||
        !copy_member(call, resp, "programme", true, p.programme, sizeof p.programme) ||
        !copy_member(call, resp, "budget", true, p.budget, sizeof p.budget) ||
        !string_field(call, resp, "multiple", false, &multiple) ||
        !rate_member(call, resp, "share", false, &p.params.base_share_bp) ||
        !rate_member(call, resp, "unsecured_min", false, &p.params.high_unsecured_min_bp) ||
        !rate_member(call, resp, "share_unsecured", false, &p.params.high_unsecured_share_bp) ||
        !rate_member(call, resp, "share_first_loan", false, &p.params.first_loan_share_bp) ||
        !money_member(call, resp, "cap_per_loan", false, &cap))
        return;
    if (multiple != NULL && !credit_x100_parse(multiple, &p.params.required_multiple_x100)) {
        respond_invalid(resp, "multiple", "a multiple such as 10 or 12.5x");
        return;
    }
    if (cap > 0)
        p.params.cap_per_loan_fen = cap;
    if (!route_record_visible(call->caller, p.programme, NULL)) {
        respond_forbidden(call, resp, "programme", p.programme, "programme");
        return;
    }
    hs_error err = {0};
    if (credit_ops_pool_create(call->ctx, &p, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (p.created_date == 0)
        p.created_date = hs_clock_today(&call->ctx->clock);
    http_respond_json(resp, 201, view_pool(&p));
}

typedef struct {
    const hs_ctx *ctx;
    const char *id;
    const approval_outcome *gate;
} pool_fund_result;

/* Inside the funding's transaction: the pending approval, or the pool report as funded. */
static json_t *pool_fund_view(void *arg, int *code) {
    const pool_fund_result *r = arg;
    if (r->gate->pending) {
        *code = 202;
        return view_approval_pending(&r->gate->approval);
    }
    *code = 200;
    hs_error err = {0};
    credit_pool_report *rep = credit_ops_pool_show(r->ctx, r->id, &err);
    if (rep == NULL)
        return NULL;
    json_t *v = view_pool_report(rep);
    free(rep);
    return v;
}

void h_pool_fund(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", "transfer_id", NULL};
    const char *id = route_param(call->match, "id"), *transfer_id = NULL;
    approval_outcome gate;
    pool_fund_result r = {call->ctx, id, &gate};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, pool_fund_view, &r))
        return;
    int64_t amount_fen;
    if (!only_fields(call, resp, allowed) || !amount_field(call, resp, &amount_fen) ||
        !string_field(call, resp, "transfer_id", false, &transfer_id))
        return;
    if (amount_fen == 0) {
        respond_invalid(resp, "amount", "funding needs an amount (amount or amount_fen)");
        return;
    }
    hs_error err = {0};
    credit_pool_report *rep = credit_ops_pool_show(call->ctx, id, &err);
    if (rep == NULL) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    bool ok = route_record_visible(call->caller, rep->pool.programme, NULL);
    free(rep);
    if (!ok) {
        respond_forbidden(call, resp, "pool", id, NULL);
        return;
    }
    hs_status st = credit_ops_pool_fund(idem_answer_ctx(&ans), id, amount_fen, 0, transfer_id, NULL,
                                        &gate, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}
