/* h_guarantee.c — the financing-guarantee routes (see h_guarantee.h). Compensation moves money,
 * so it takes an Idempotency-Key recorded inside the operation's transaction (idem_answer). */
#include "server/h_guarantee.h"

#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "ops/guarantee_ops.h"
#include "ops/guarantee_view.h"
#include "server/body_fields.h"
#include "server/idem_answer.h"
#include "server/paging.h"
#include "server/policy_scope.h"
#include "server/routes.h"

static bool guarantor_visible(const hs_principal *p, const guarantor *g) {
    if (p->role == HS_ROLE_OFFICER)
        return route_record_visible(p, g->programme, NULL);
    return p->role == HS_ROLE_AUDITOR || p->role == HS_ROLE_ANALYST;
}

static bool guarantee_visible(const hs_principal *p, const guarantee *g) {
    switch (p->role) {
    case HS_ROLE_OFFICER:
        return route_record_visible(p, g->policy.programme, NULL);
    case HS_ROLE_BANK:
        return principal_in_scope(p, HS_SCOPE_BANK, g->bank);
    case HS_ROLE_ENTERPRISE:
        return principal_in_scope(p, HS_SCOPE_FIRM, g->firm);
    default:
        return p->role == HS_ROLE_AUDITOR || p->role == HS_ROLE_ANALYST;
    }
}

static void respond_forbidden(route_call *call, http_response *resp, const char *what,
                              const char *id) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", NULL, "%s (%s) may not see %s '%.64s'",
                 call->caller->user, role_name(call->caller->role), what, id);
    http_respond_error(resp, &err, false, NULL);
}

typedef struct {
    const hs_principal *caller;
    json_t *all;
} listing;

static hs_status add_report(void *c, const guarantor_report *r, hs_error *err) {
    listing *l = c;
    if (!guarantor_visible(l->caller, &r->g))
        return HS_OK;
    if (json_array_append_new(l->all, view_guarantor_report(r)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing guarantors");
    return HS_OK;
}

void h_guarantor_list(route_call *call, http_response *resp) {
    char after[GUARANTEE_ID_MAX * 2];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    listing l = {call->caller, json_array()};
    hs_error err = {0};
    if (l.all == NULL || guarantee_ops_guarantors_each(call->ctx, add_report, &l, &err) != HS_OK) {
        json_decref(l.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(l.all, "id", has_cursor ? after : NULL, limit);
    json_decref(l.all);
    respond_page(resp, page);
}

void h_guarantor_get(route_call *call, http_response *resp) {
    const char *id = route_param(call->match, "id");
    guarantor_report r;
    hs_error err = {0};
    if (guarantee_ops_guarantor_show(call->ctx, id, &r, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (!guarantor_visible(call->caller, &r.g)) {
        respond_forbidden(call, resp, "guarantor", id);
        return;
    }
    respond_view(resp, view_guarantor_report(&r));
}

/* Loads the path's guarantee and checks the caller may see it; false with resp filled. */
static bool visible_guarantee(route_call *call, http_response *resp, guarantee *g) {
    const char *loan = route_param(call->match, "loan");
    hs_error err = {0};
    if (guarantee_ops_show(call->ctx, loan, g, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    if (!guarantee_visible(call->caller, g)) {
        respond_forbidden(call, resp, "the guarantee on loan", loan);
        return false;
    }
    return true;
}

void h_guarantee_get(route_call *call, http_response *resp) {
    guarantee g;
    if (visible_guarantee(call, resp, &g))
        respond_view(resp, view_guarantee(&g));
}

void h_guarantee_sign(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"loan", "guarantor", "policy", "fee_rate", NULL};
    const char *loan = NULL, *g = NULL, *policy = NULL, *fee = NULL;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "loan", true, &loan) ||
        !string_field(call, resp, "guarantor", true, &g) ||
        !string_field(call, resp, "policy", true, &policy) ||
        !string_field(call, resp, "fee_rate", true, &fee))
        return;
    hs_error err = {0};
    int64_t fee_bp = 0;
    char why[128];
    if (!rate_parse_bp(fee, &fee_bp, why, sizeof why)) {
        hs_invalid_field(&err, "fee_rate", "field 'fee_rate': not a rate such as 2%%");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    policy_doc doc;
    char programme[64];
    if (!policy_in_scope(call, resp, "policy", policy, HS_INSTR_CREDIT, NULL, &doc, programme,
                         sizeof programme))
        return;
    guarantee out;
    hs_status st = guarantee_ops_sign(call->ctx, &doc, loan, g, fee_bp, 0, &out, &err);
    policy_doc_free(&doc);
    if (st != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 201, view_guarantee(&out));
}

typedef struct {
    guarantee g;
} comp_answer;

static json_t *comp_view(void *arg, int *code) {
    comp_answer *a = arg;
    *code = 200;
    return view_guarantee(&a->g);
}

void h_guarantee_compensate(route_call *call, http_response *resp) {
    static const char *const allowed[] = {NULL};
    guarantee g;
    if (!visible_guarantee(call, resp, &g))
        return;
    comp_answer ans_arg;
    memset(&ans_arg, 0, sizeof ans_arg);
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, comp_view, &ans_arg))
        return;
    if (!only_fields(call, resp, allowed))
        return;
    hs_error err = {0};
    hs_status st = guarantee_ops_compensate(idem_answer_ctx(&ans), g.loan, 0, &ans_arg.g, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

void h_guarantor_capital(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id",          "name",        "reguarantor",
                                          "programme",   "budget",      "capital",
                                          "capital_fen", "transfer_id", NULL};
    const char *id = NULL, *name = NULL, *rg = NULL, *prog = NULL, *budget = NULL, *tid = NULL;
    int64_t capital = 0;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "id", true, &id) ||
        !string_field(call, resp, "name", true, &name) ||
        !string_field(call, resp, "reguarantor", true, &rg) ||
        !string_field(call, resp, "programme", true, &prog) ||
        !string_field(call, resp, "budget", true, &budget) ||
        !money_field(call, resp, "capital", true, &capital) ||
        !string_field(call, resp, "transfer_id", false, &tid))
        return;
    hs_error err = {0};
    guarantor g;
    memset(&g, 0, sizeof g);
    if (strlen(id) >= sizeof g.id || strlen(name) >= sizeof g.name ||
        strlen(rg) >= sizeof g.reguarantor || strlen(prog) >= sizeof g.programme ||
        strlen(budget) >= sizeof g.budget) {
        hs_invalid_field(&err, "id", "a field is too long (ids at most 32 bytes)");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    if (!route_record_visible(call->caller, prog, NULL)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "programme",
                     "%s (%s) may not capitalise from programme '%.64s': not in its scope",
                     call->caller->user, role_name(call->caller->role), prog);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    snprintf(g.id, sizeof g.id, "%s", id);
    snprintf(g.name, sizeof g.name, "%s", name);
    snprintf(g.reguarantor, sizeof g.reguarantor, "%s", rg);
    snprintf(g.programme, sizeof g.programme, "%s", prog);
    snprintf(g.budget, sizeof g.budget, "%s", budget);
    guarantor_report r;
    if (guarantee_ops_guarantor_add(call->ctx, &g, capital, tid, 0, &err) != HS_OK ||
        guarantee_ops_guarantor_show(call->ctx, g.id, &r, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 201, view_guarantor_report(&r));
}

void h_guarantee_recover(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"amount", "amount_fen", "id", "from", NULL};
    guarantee g;
    if (!visible_guarantee(call, resp, &g))
        return;
    if (call->caller->role != HS_ROLE_OFFICER) {
        respond_forbidden(call, resp, "the guarantee on loan", g.loan);
        return;
    }
    comp_answer ans_arg;
    memset(&ans_arg, 0, sizeof ans_arg);
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, comp_view, &ans_arg))
        return;
    int64_t amount = 0;
    const char *id = NULL, *from = NULL;
    if (!only_fields(call, resp, allowed) || !amount_field(call, resp, &amount) ||
        !string_field(call, resp, "id", false, &id) ||
        !string_field(call, resp, "from", false, &from))
        return;
    hs_error err = {0};
    hs_status st =
        guarantee_ops_recover(idem_answer_ctx(&ans), g.loan, amount, from, id, 0, &ans_arg.g, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}
