/* h_first_unit.c — the first-unit routes (see h_first_unit.h). Paying a premium subsidy or a
 * claim's top-up moves money, so those take an Idempotency-Key whose answer is recorded inside
 * the operation's own transaction (idem_answer_ctx's commit hook): a refusal stores neither the
 * payment nor the key. */
#include "server/h_first_unit.h"

#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "ops/first_unit_ops.h"
#include "ops/first_unit_view.h"
#include "server/body_fields.h"
#include "server/idem_answer.h"
#include "server/paging.h"
#include "server/policy_scope.h"
#include "server/routes.h"

static bool unit_visible(const hs_principal *p, const first_unit *u) {
    if (p->role == HS_ROLE_ANALYST)
        return true;
    if (p->role == HS_ROLE_ENTERPRISE)
        return route_record_visible(p, NULL, u->req.maker) ||
               route_record_visible(p, NULL, u->req.buyer);
    return route_record_visible(p, u->policy.programme, NULL);
}

/* Loads the path's unit and checks the caller may see it; false with resp filled. */
static bool visible_unit(route_call *call, http_response *resp, first_unit *u) {
    const char *id = route_param(call->match, "id");
    hs_error err = {0};
    if (first_unit_ops_show(call->ctx, id, u, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    if (!unit_visible(call->caller, u)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", NULL,
                     "%s (%s) may not see first unit '%.64s': not in its scope", call->caller->user,
                     role_name(call->caller->role), id);
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    return true;
}

/* An officer of the unit's programme may move its money; false with resp filled (403). */
static bool may_pay(route_call *call, http_response *resp, const first_unit *u) {
    if (route_record_visible(call->caller, u->policy.programme, NULL) &&
        call->caller->role == HS_ROLE_OFFICER)
        return true;
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", "programme",
                 "%s may not pay from programme %s: not in its scope", call->caller->user,
                 u->policy.programme);
    http_respond_error(resp, &err, false, NULL);
    return false;
}

typedef struct {
    const hs_principal *caller;
    json_t *all;
} listing;

static hs_status unit_add(void *c, const first_unit *u, hs_error *err) {
    listing *l = c;
    if (!unit_visible(l->caller, u))
        return HS_OK;
    if (json_array_append_new(l->all, view_first_unit(u)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing first units");
    return HS_OK;
}

void h_first_unit_list(route_call *call, http_response *resp) {
    char after[FIRST_UNIT_ID_MAX * 2];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    listing l = {call->caller, json_array()};
    hs_error err = {0};
    if (l.all == NULL || first_unit_ops_each(call->ctx, http_query(call->req, "firm"), unit_add, &l,
                                             &err) != HS_OK) {
        json_decref(l.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(l.all, "id", has_cursor ? after : NULL, limit);
    json_decref(l.all);
    respond_page(resp, page);
}

/* Copies string member `name` into buf; false with resp filled when missing or too long. */
static bool text_member(route_call *call, http_response *resp, const char *name, char *buf,
                        size_t len) {
    const char *v = NULL;
    if (!string_field(call, resp, name, true, &v))
        return false;
    if (strlen(v) < len) {
        snprintf(buf, len, "%s", v);
        return true;
    }
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s: at most %zu bytes", name, len - 1);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

/* An integer member; false with resp filled (422) when missing or not an integer in range. */
static bool int_member(route_call *call, http_response *resp, const char *name, int32_t lo,
                       int32_t hi, int32_t *out) {
    json_t *v = json_object_get(call->body, name);
    if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi) {
        *out = (int32_t)json_integer_value(v);
        return true;
    }
    hs_error err = {0};
    hs_invalid_field(&err, name, "%s: an integer %d..%d", name, (int)lo, (int)hi);
    http_respond_error(resp, &err, true, NULL);
    return false;
}

void h_first_unit_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id",      "item",    "maker",   "buyer",   "price",
                                          "unit_no", "insured", "insurer", "premium", "from",
                                          "years",   "policy",  NULL};
    first_unit_request r;
    memset(&r, 0, sizeof r);
    const char *insured = NULL, *policy = NULL;
    if (!only_fields(call, resp, allowed) || !text_member(call, resp, "id", r.id, sizeof r.id) ||
        !text_member(call, resp, "item", r.item, sizeof r.item) ||
        !text_member(call, resp, "maker", r.maker, sizeof r.maker) ||
        !text_member(call, resp, "buyer", r.buyer, sizeof r.buyer) ||
        !text_member(call, resp, "insurer", r.insurer, sizeof r.insurer) ||
        !money_field(call, resp, "price", true, &r.price_fen) ||
        !money_field(call, resp, "premium", true, &r.premium_fen) ||
        !int_member(call, resp, "unit_no", 1, 1000, &r.unit_no) ||
        !int_member(call, resp, "years", 1, FIRST_UNIT_YEARS_MAX, &r.cover_years) ||
        !date_field(call, resp, "from", true, &r.cover_from) ||
        !string_field(call, resp, "insured", true, &insured) ||
        !string_field(call, resp, "policy", true, &policy))
        return;
    hs_error err = {0};
    if (!first_unit_party_parse(insured, &r.insured)) {
        hs_invalid_field(&err, "insured", "insured: 'maker' or 'buyer'");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    policy_doc doc;
    char programme[64];
    if (!policy_in_scope(call, resp, "policy", policy, HS_INSTR_SUBSIDY, NULL, &doc, programme,
                         sizeof programme))
        return;
    first_unit u;
    bool existed = false;
    hs_status st = first_unit_ops_register(call->ctx, &doc, &r, 0, &u, &existed, &err);
    policy_doc_free(&doc);
    if (st != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_first_unit(&u);
    if (v != NULL)
        json_object_set_new(v, "existed", json_boolean(existed));
    http_respond_json(resp, existed ? 200 : 201, v);
}

static hs_status claim_json(void *c, const first_unit_claim *cl, hs_error *err) {
    if (json_array_append_new(c, view_first_unit_claim(cl)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

void h_first_unit_get(route_call *call, http_response *resp) {
    first_unit u;
    if (!visible_unit(call, resp, &u))
        return;
    hs_explanation ex;
    hs_error err = {0};
    json_t *claims = json_array();
    hs_status st = first_unit_ops_explain(call->ctx, u.req.id, &u, &ex, &err);
    if (st == HS_OK) {
        if (claims == NULL)
            st = hs_fail(&err, HS_STORAGE, "out of memory");
        else
            st = first_unit_ops_claims_each(call->ctx, u.req.id, claim_json, claims, &err);
        json_t *v = st == HS_OK ? view_first_unit_full(&u, claims, &ex) : NULL;
        explanation_free(&ex);
        if (st == HS_OK) {
            json_decref(claims);
            respond_view(resp, v);
            return;
        }
    }
    json_decref(claims);
    http_respond_error(resp, &err, false, NULL);
}

typedef struct {
    first_unit u;
    first_unit_claim c;
    bool existed;
} pay_answer;

static json_t *subsidy_view(void *arg, int *code) {
    pay_answer *a = arg;
    *code = 200;
    json_t *v = view_first_unit(&a->u);
    if (v != NULL)
        json_object_set_new(v, "existed", json_boolean(a->existed));
    return v;
}

void h_first_unit_subsidise(route_call *call, http_response *resp) {
    static const char *const allowed[] = {NULL};
    first_unit u;
    if (!visible_unit(call, resp, &u) || !may_pay(call, resp, &u))
        return;
    pay_answer ans_arg;
    memset(&ans_arg, 0, sizeof ans_arg);
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, subsidy_view, &ans_arg))
        return;
    if (call->body != NULL && !only_fields(call, resp, allowed))
        return;
    hs_error err = {0};
    hs_status st = first_unit_ops_subsidise(idem_answer_ctx(&ans), u.req.id, &ans_arg.u,
                                            &ans_arg.existed, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

static json_t *claim_view(void *arg, int *code) {
    pay_answer *a = arg;
    *code = a->existed ? 200 : 201;
    json_t *v = view_first_unit_claim(&a->c);
    if (v != NULL)
        json_object_set_new(v, "existed", json_boolean(a->existed));
    return v;
}

void h_first_unit_claim(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"id", "date", "failure", "loss", "insurer_paid", NULL};
    first_unit u;
    if (!visible_unit(call, resp, &u) || !may_pay(call, resp, &u))
        return;
    pay_answer ans_arg;
    memset(&ans_arg, 0, sizeof ans_arg);
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, claim_view, &ans_arg))
        return;
    first_unit_claim c;
    memset(&c, 0, sizeof c);
    snprintf(c.unit, sizeof c.unit, "%s", u.req.id);
    const char *failure = NULL, *paid = NULL;
    if (!only_fields(call, resp, allowed) || !text_member(call, resp, "id", c.id, sizeof c.id) ||
        !date_field(call, resp, "date", true, &c.date) ||
        !string_field(call, resp, "failure", true, &failure) ||
        !money_field(call, resp, "loss", true, &c.loss_fen) ||
        !string_field(call, resp, "insurer_paid", true, &paid))
        return;
    hs_error err = {0};
    char why[128] = "";
    if (!first_unit_failure_parse(failure, &c.failure)) {
        hs_invalid_field(&err, "failure", "failure: 'quality', 'liability' or 'other'");
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    if (!money_parse(paid, &c.insurer_paid_fen, why, sizeof why) || c.insurer_paid_fen < 0) {
        hs_invalid_field(&err, "insurer_paid", "insurer_paid: an amount >= 0 (%s)", why);
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    hs_status st =
        first_unit_ops_claim(idem_answer_ctx(&ans), &c, &ans_arg.c, &ans_arg.existed, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

static hs_status item_add(void *c, const first_unit_item *it, hs_error *err) {
    if (json_array_append_new(c, view_first_unit_item(it)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

void h_first_unit_catalogue_list(route_call *call, http_response *resp) {
    char after[FIRST_UNIT_ID_MAX * 2];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    json_t *all = json_array();
    hs_error err = {0};
    if (all == NULL || first_unit_ops_catalogue_each(call->ctx, item_add, all, &err) != HS_OK) {
        json_decref(all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(all, "item", has_cursor ? after : NULL, limit);
    json_decref(all);
    respond_page(resp, page);
}

void h_first_unit_catalogue_add(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"item", "name", "category", "edition", NULL};
    first_unit_item it;
    memset(&it, 0, sizeof it);
    const char *category = NULL, *edition = NULL;
    if (!only_fields(call, resp, allowed) ||
        !text_member(call, resp, "item", it.item, sizeof it.item) ||
        !text_member(call, resp, "name", it.name, sizeof it.name) ||
        !string_field(call, resp, "category", false, &category) ||
        !string_field(call, resp, "edition", false, &edition))
        return;
    snprintf(it.category, sizeof it.category, "%s", category ? category : "");
    snprintf(it.edition, sizeof it.edition, "%s", edition ? edition : "");
    hs_error err = {0};
    bool existed = false;
    if (first_unit_ops_catalogue_add(call->ctx, &it, &existed, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_first_unit_item(&it);
    if (v != NULL)
        json_object_set_new(v, "existed", json_boolean(existed));
    http_respond_json(resp, existed ? 200 : 201, v);
}
