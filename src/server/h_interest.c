/* h_interest.c — the interest-subsidy routes (see h_interest.h). Paying a period moves money, so
 * it takes an Idempotency-Key whose answer is recorded inside the operation's own transaction
 * (idem_answer_ctx's commit hook): a refusal stores neither the payments nor the key. */
#include "server/h_interest.h"

#include <stdio.h>
#include <string.h>

#include "ops/interest_ops.h"
#include "ops/interest_view.h"
#include "server/body_fields.h"
#include "server/idem_answer.h"
#include "server/paging.h"
#include "server/policy_scope.h"
#include "server/routes.h"

/* Schemes: public terms to banks and enterprises; an officer only its programmes'. */
static bool scheme_visible(const hs_principal *p, const interest_scheme *sc) {
    if (p->role == HS_ROLE_OFFICER)
        return route_record_visible(p, sc->policy.programme, NULL);
    return p->role == HS_ROLE_AUDITOR || p->role == HS_ROLE_ANALYST || p->role == HS_ROLE_BANK ||
           p->role == HS_ROLE_ENTERPRISE;
}

/* Rows of a period: a bank its banks', an enterprise its firm's, the others all. */
static bool row_visible(const hs_principal *p, const interest_accrual *a) {
    if (p->role == HS_ROLE_BANK)
        return principal_in_scope(p, HS_SCOPE_BANK, a->bank);
    if (p->role == HS_ROLE_ENTERPRISE)
        return principal_in_scope(p, HS_SCOPE_FIRM, a->firm);
    return true;
}

static void respond_forbidden(route_call *call, http_response *resp, const char *id) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", NULL,
                 "%s (%s) may not see interest-subsidy scheme '%.64s': not in its scope",
                 call->caller->user, role_name(call->caller->role), id);
    http_respond_error(resp, &err, false, NULL);
}

/* Loads the path's scheme and checks the caller may see it; false with resp filled. */
static bool visible_scheme(route_call *call, http_response *resp, interest_scheme *sc) {
    const char *id = route_param(call->match, "id");
    hs_error err = {0};
    if (interest_ops_scheme_show(call->ctx, id, sc, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    if (!scheme_visible(call->caller, sc)) {
        respond_forbidden(call, resp, id);
        return false;
    }
    return true;
}

typedef struct {
    const hs_principal *caller;
    json_t *all;
} scheme_listing;

static hs_status scheme_add(void *c, const interest_scheme *sc, hs_error *err) {
    scheme_listing *l = c;
    if (!scheme_visible(l->caller, sc))
        return HS_OK;
    if (json_array_append_new(l->all, view_interest_scheme(sc)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing schemes");
    return HS_OK;
}

void h_interest_list(route_call *call, http_response *resp) {
    char after[INTEREST_SCHEME_ID_MAX * 2];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    scheme_listing l = {call->caller, json_array()};
    hs_error err = {0};
    if (l.all == NULL || interest_ops_schemes_each(call->ctx, scheme_add, &l, &err) != HS_OK) {
        json_decref(l.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(l.all, "id", has_cursor ? after : NULL, limit);
    json_decref(l.all);
    respond_page(resp, page);
}

void h_interest_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id", "policy", "pay_to", NULL};
    const char *id = NULL, *policy = NULL, *pay_to = NULL;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", true, &id) ||
        !string_field(call, resp, "policy", true, &policy) ||
        !string_field(call, resp, "pay_to", false, &pay_to))
        return;
    hs_error err = {0};
    interest_payee payee = INTEREST_PAY_FIRM;
    if (pay_to != NULL && !interest_payee_parse(pay_to, &payee)) {
        hs_invalid_field(&err, "pay_to", "field 'pay_to': 'firm' or 'bank'");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    policy_doc doc;
    char programme[64];
    if (!policy_in_scope(call, resp, "policy", policy, HS_INSTR_CREDIT, NULL, &doc, programme,
                         sizeof programme))
        return;
    interest_scheme sc;
    bool existed = false;
    hs_status st = interest_ops_scheme_add(call->ctx, &doc, id, payee, 0, &sc, &existed, &err);
    policy_doc_free(&doc);
    if (st != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_interest_scheme(&sc);
    if (v != NULL)
        json_object_set_new(v, "existed", json_boolean(existed));
    http_respond_json(resp, existed ? 200 : 201, v);
}

typedef struct {
    const hs_principal *caller;
    json_t *all;
} run_listing;

static hs_status run_add(void *c, const interest_run *r, hs_error *err) {
    run_listing *l = c;
    if (json_array_append_new(l->all, view_interest_run(r)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing periods");
    return HS_OK;
}

void h_interest_get(route_call *call, http_response *resp) {
    interest_scheme sc;
    if (!visible_scheme(call, resp, &sc))
        return;
    run_listing l = {call->caller, json_array()};
    hs_error err = {0};
    if (l.all == NULL || interest_ops_runs_each(call->ctx, sc.id, run_add, &l, &err) != HS_OK) {
        json_decref(l.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_interest_scheme(&sc);
    if (v != NULL)
        json_object_set_new(v, "periods", l.all);
    else
        json_decref(l.all);
    respond_view(resp, v);
}

/* The result view with only the rows the caller may see (the run's totals stay whole). */
static json_t *result_for(const hs_principal *p, const interest_result *r) {
    json_t *v = view_interest_result(r);
    json_t *rows = v ? json_object_get(v, "rows") : NULL;
    for (size_t i = r->n; rows != NULL && i-- > 0;)
        if (!row_visible(p, &r->rows[i]))
            json_array_remove(rows, i);
    return v;
}

typedef struct {
    const hs_principal *caller;
    interest_result res;
} accrue_answer;

static json_t *accrue_view(void *arg, int *code) {
    accrue_answer *a = arg;
    *code = 200;
    return result_for(a->caller, &a->res);
}

void h_interest_accrue(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"period", NULL};
    interest_scheme sc;
    if (!visible_scheme(call, resp, &sc))
        return;
    accrue_answer ans_arg = {.caller = call->caller};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, accrue_view, &ans_arg))
        return;
    const char *period = NULL;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "period", true, &period))
        return;
    hs_error err = {0};
    hs_status st = interest_ops_accrue(idem_answer_ctx(&ans), sc.id, period, &ans_arg.res, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
    interest_result_free(&ans_arg.res);
}

void h_interest_period(route_call *call, http_response *resp) {
    interest_scheme sc;
    if (!visible_scheme(call, resp, &sc))
        return;
    interest_result r;
    hs_error err = {0};
    if (interest_ops_period_show(call->ctx, sc.id, route_param(call->match, "period"), &r, &err) !=
        HS_OK) {
        interest_result_free(&r);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = result_for(call->caller, &r);
    interest_result_free(&r);
    respond_view(resp, v);
}

void h_interest_explain(route_call *call, http_response *resp) {
    interest_scheme sc;
    if (!visible_scheme(call, resp, &sc))
        return;
    const char *loan = route_param(call->match, "loan");
    interest_accrual row;
    hs_explanation ex;
    hs_error err = {0};
    if (interest_ops_explain(call->ctx, sc.id, route_param(call->match, "period"), loan, &row, &ex,
                             &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = NULL;
    if (row_visible(call->caller, &row))
        v = view_interest_explained(&row, &ex);
    explanation_free(&ex);
    if (!row_visible(call->caller, &row)) {
        hs_not_found(&err, "loan", "loan '%.64s' has no accrual visible to %s", loan,
                     call->caller->user);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_view(resp, v);
}
