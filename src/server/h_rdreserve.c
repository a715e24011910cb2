/* h_rdreserve.c — the R&D-reserve routes (see h_rdreserve.h). Paying moves money, so it takes an
 * Idempotency-Key whose answer is recorded inside the operation's own transaction
 * (idem_answer_ctx's commit hook): a refusal stores neither the payment nor the key. */
#include "server/h_rdreserve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ops/rdreserve_ops.h"
#include "ops/rdreserve_view.h"
#include "server/body_fields.h"
#include "server/idem_answer.h"
#include "server/paging.h"
#include "server/policy_scope.h"
#include "server/routes.h"

#define RDRESERVE_FILINGS_BODY_MAX 10000 /* filings one request may carry */

/* A reserve: auditors and analysts all, an officer its programmes', an enterprise its firm's. */
static bool reserve_visible(const hs_principal *p, const rdreserve *r) {
    if (p->role == HS_ROLE_ANALYST)
        return true;
    if (p->role == HS_ROLE_ENTERPRISE)
        return route_record_visible(p, NULL, r->firm);
    return route_record_visible(p, r->policy.programme, NULL);
}

/* A filing: an enterprise its own firm's, the other allowed roles all. */
static bool filing_visible(const hs_principal *p, const char *firm) {
    return p->role != HS_ROLE_ENTERPRISE || route_record_visible(p, NULL, firm);
}

static bool parse_year(const char *text, int32_t *out) {
    char *end = NULL;
    long y = text != NULL ? strtol(text, &end, 10) : 0;
    if (text == NULL || end == text || *end != '\0' || !rdreserve_year_valid(y))
        return false;
    *out = (int32_t)y;
    return true;
}

static void respond_bad_year(http_response *resp, const char *field) {
    hs_error err = {0};
    hs_invalid_field(&err, field, "%s: a year %d..%d", field, RDRESERVE_YEAR_MIN,
                     RDRESERVE_YEAR_MAX);
    http_respond_error(resp, &err, true, NULL);
}

/* Loads the path's reserve and checks the caller may see it; false with resp filled (a reserve
 * the caller may not see is 404, as one that does not exist). */
static bool visible_reserve(route_call *call, http_response *resp, rdreserve *r) {
    const char *firm = route_param(call->match, "firm");
    int32_t year = 0;
    if (!parse_year(route_param(call->match, "year"), &year)) {
        respond_bad_year(resp, "year");
        return false;
    }
    hs_error err = {0};
    if (rdreserve_ops_show(call->ctx, firm, year, r, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    if (!reserve_visible(call->caller, r)) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", NULL,
                     "%s (%s) may not see the R&D reserve %.18s/%d: not in its scope",
                     call->caller->user, role_name(call->caller->role), firm, (int)year);
        http_respond_error(resp, &err, false, NULL);
        return false;
    }
    return true;
}

typedef struct {
    const hs_principal *caller;
    json_t *all;
} listing;

static hs_status reserve_add(void *c, const rdreserve *r, hs_error *err) {
    listing *l = c;
    if (!reserve_visible(l->caller, r))
        return HS_OK;
    json_t *v = view_rdreserve(r);
    char key[RDRESERVE_FIRM_MAX + 8];
    snprintf(key, sizeof key, "%s/%d", r->firm, (int)r->year);
    if (v == NULL || json_object_set_new(v, "key", json_string(key)) != 0 ||
        json_array_append_new(l->all, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing R&D reserves");
    return HS_OK;
}

void h_rdreserve_list(route_call *call, http_response *resp) {
    char after[64];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    const char *firm = http_query(call->req, "firm");
    const char *year_text = http_query(call->req, "year");
    int32_t year = 0;
    if (year_text != NULL && !parse_year(year_text, &year)) {
        respond_bad_year(resp, "year");
        return;
    }
    listing l = {call->caller, json_array()};
    hs_error err = {0};
    if (l.all == NULL ||
        rdreserve_ops_each(call->ctx, firm, year, reserve_add, &l, &err) != HS_OK) {
        json_decref(l.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(l.all, "key", has_cursor ? after : NULL, limit);
    json_decref(l.all);
    respond_page(resp, page);
}

void h_rdreserve_create(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"firm", "year", "policy", "reserve", "reserve_fen", NULL};
    const char *firm = NULL, *policy = NULL;
    int64_t reserve_fen = 0;
    if (!only_fields(call, resp, allowed) || !string_field(call, resp, "firm", true, &firm) ||
        !string_field(call, resp, "policy", true, &policy) ||
        !money_field(call, resp, "reserve", true, &reserve_fen))
        return;
    json_t *yv = json_object_get(call->body, "year");
    int32_t year = 0;
    if (!json_is_integer(yv) || !rdreserve_year_valid(json_integer_value(yv))) {
        respond_bad_year(resp, "year");
        return;
    }
    year = (int32_t)json_integer_value(yv);
    policy_doc doc;
    char programme[64];
    if (!policy_in_scope(call, resp, "policy", policy, HS_INSTR_SUBSIDY, NULL, &doc, programme,
                         sizeof programme))
        return;
    rdreserve r;
    bool existed = false;
    hs_error err = {0};
    hs_status st =
        rdreserve_ops_register(call->ctx, &doc, firm, year, reserve_fen, 0, &r, &existed, &err);
    policy_doc_free(&doc);
    if (st != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_rdreserve(&r);
    if (v != NULL)
        json_object_set_new(v, "existed", json_boolean(existed));
    http_respond_json(resp, existed ? 200 : 201, v);
}

void h_rdreserve_get(route_call *call, http_response *resp) {
    rdreserve r;
    if (!visible_reserve(call, resp, &r))
        return;
    hs_explanation ex;
    hs_error err = {0};
    if (rdreserve_ops_explain(call->ctx, r.firm, r.year, &r, &ex, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_rdreserve_explained(&r, &ex);
    explanation_free(&ex);
    respond_view(resp, v);
}

typedef struct {
    rdreserve r;
    bool existed;
} pay_answer;

static json_t *pay_view(void *arg, int *code) {
    pay_answer *a = arg;
    *code = 200;
    json_t *v = view_rdreserve(&a->r);
    if (v != NULL)
        json_object_set_new(v, "existed", json_boolean(a->existed));
    return v;
}

void h_rdreserve_pay(route_call *call, http_response *resp) {
    static const char *const allowed[] = {NULL};
    rdreserve r;
    if (!visible_reserve(call, resp, &r))
        return;
    if (!route_record_visible(call->caller, r.policy.programme, NULL)) {
        hs_error err = {0};
        hs_fail_code(&err, HS_REFUSED, "forbidden", "programme",
                     "%s may not pay from programme %s: not in its scope", call->caller->user,
                     r.policy.programme);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    pay_answer ans_arg = {0};
    idem_answer ans;
    if (idem_answer_begin(call, resp, &ans, pay_view, &ans_arg))
        return;
    if (call->body != NULL && !only_fields(call, resp, allowed))
        return;
    hs_error err = {0};
    hs_status st = rdreserve_ops_pay(idem_answer_ctx(&ans), r.firm, r.year, &ans_arg.r,
                                     &ans_arg.existed, &err);
    idem_answer_finish(call, resp, &ans, st, &err);
}

static hs_status filing_add(void *c, const rdreserve_filing *f, hs_error *err) {
    listing *l = c;
    if (!filing_visible(l->caller, f->firm))
        return HS_OK;
    json_t *v = view_rdreserve_filing(f);
    char key[RDRESERVE_FIRM_MAX + 8];
    snprintf(key, sizeof key, "%s/%d", f->firm, (int)f->tax_year);
    if (v == NULL || json_object_set_new(v, "key", json_string(key)) != 0 ||
        json_array_append_new(l->all, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing R&D filings");
    return HS_OK;
}

void h_rdfiling_list(route_call *call, http_response *resp) {
    char after[64];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    listing l = {call->caller, json_array()};
    hs_error err = {0};
    if (l.all == NULL || rdreserve_ops_filings_each(call->ctx, http_query(call->req, "firm"),
                                                    filing_add, &l, &err) != HS_OK) {
        json_decref(l.all);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *page = page_of_array(l.all, "key", has_cursor ? after : NULL, limit);
    json_decref(l.all);
    respond_page(resp, page);
}

/* Reads item i of "filings" into *f; false with err filled (field filings[i].NAME). */
static bool filing_item(const json_t *item, size_t i, rdreserve_filing *f, hs_error *err) {
    memset(f, 0, sizeof *f);
    char field[64];
    const char *firm = json_string_value(json_object_get(item, "firm"));
    const char *rd = json_string_value(json_object_get(item, "rd_expense"));
    const char *filed = json_string_value(json_object_get(item, "filed_date"));
    json_t *year = json_object_get(item, "tax_year");
    char why[128] = "required";
    const char *bad = NULL;
    if (!json_is_object(item))
        bad = "";
    else if (firm == NULL || strlen(firm) >= sizeof f->firm)
        bad = "firm";
    else if (!json_is_integer(year) || !rdreserve_year_valid(json_integer_value(year)))
        bad = "tax_year";
    else if (rd == NULL || !money_parse(rd, &f->rd_expense_fen, why, sizeof why) ||
             f->rd_expense_fen < 0)
        bad = "rd_expense";
    else if (filed != NULL && !date_parse(filed, &f->filed_date))
        bad = "filed_date";
    if (bad != NULL) {
        snprintf(field, sizeof field, "filings[%zu]%s%s", i, bad[0] ? "." : "", bad);
        hs_invalid_field(err, field, "%s: %s", field,
                         bad[0] ? "missing or malformed (firm, tax_year an integer, rd_expense "
                                  "an amount >= 0 as a string, filed_date YYYY-MM-DD)"
                                : "an object");
        return false;
    }
    snprintf(f->firm, sizeof f->firm, "%s", firm);
    f->tax_year = (int32_t)json_integer_value(year);
    snprintf(f->source, sizeof f->source, "api:%.100s", "POST /api/v1/rd-filings");
    return true;
}

void h_rdfiling_add(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"filings", NULL};
    if (!only_fields(call, resp, allowed))
        return;
    json_t *items = json_object_get(call->body, "filings");
    hs_error err = {0};
    size_t n = json_array_size(items);
    if (!json_is_array(items) || n == 0 || n > RDRESERVE_FILINGS_BODY_MAX) {
        hs_invalid_field(&err, "filings", "filings: an array of 1..%d filings",
                         RDRESERVE_FILINGS_BODY_MAX);
        http_respond_error(resp, &err, true, NULL);
        return;
    }
    rdreserve_filing *rows = calloc(n, sizeof *rows);
    if (rows == NULL) {
        hs_fail(&err, HS_STORAGE, "out of memory");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = filing_item(json_array_get(items, i), i, &rows[i], &err);
    size_t added = 0;
    hs_status st =
        ok ? rdreserve_ops_filings_add(call->ctx, rows, n, NULL, &added, &err) : HS_INPUT;
    free(rows);
    if (st != HS_OK) {
        http_respond_error(resp, &err, !ok, NULL);
        return;
    }
    http_respond_json(resp, added > 0 ? 201 : 200,
                      json_pack("{s:I, s:I}", "rows", (json_int_t)n, "added", (json_int_t)added));
}
