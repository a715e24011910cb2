/* notice_ops.c — public notice operations and views (see notice_ops.h). */
#include "ops/notice_ops.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/decision.h"
#include "registry/registry.h"

/* The registry's name of the firm, else its code. */
static hs_status firm_name(hs_store *s, const char *uscc, char *out, size_t len, hs_error *err) {
    snprintf(out, len, "%s", uscc);
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    bool found = false;
    st = registry_find(r, uscc, &f, NULL, &found, err);
    if (st == HS_OK && found && f.name[0] != '\0')
        snprintf(out, len, "%s", f.name);
    registry_close(r);
    return st;
}

hs_status ops_notice_publish_award(const hs_ctx *ctx, hs_tx *tx, const subsidy_app *app,
                                   hs_error *err) {
    assert(ctx != NULL && tx != NULL && store_in_txn(tx->store) && app != NULL);
    instrument_policy ip;
    hs_status st = instrument_policy_stored(tx, &app->policy, HS_INSTR_SUBSIDY, &ip, err);
    if (st != HS_OK)
        return st;
    int days = policy_notice_days(ip.policy);
    notice n = {
        .amount_fen = app->award_fen, .working_days = days, .published_date = app->award_date};
    snprintf(n.policy_id, sizeof n.policy_id, "%s", policy_id(ip.policy));
    const char *clause = policy_amount_clause(ip.policy);
    snprintf(n.clause, sizeof n.clause, "%s", clause ? clause : "");
    instrument_policy_free(&ip);
    if (days == 0)
        return HS_OK; /* the policy states no public notice */
    assert(days >= 1 && days <= 60 && app->award_fen > 0);
    hs_calendar *cal;
    if ((st = notice_calendar_load(ctx->data_dir, &cal, err)) != HS_OK)
        return st;
    n.deadline = notice_deadline(cal, n.published_date, days);
    bool covered = n.published_date >= cal->covered_from && n.deadline <= cal->covered_to;
    hs_date to = cal->covered_to;
    free(cal);
    if (!covered) { /* outside the announced years only weekends would count: refuse to guess */
        char d[DATE_TEXT_LEN], c[DATE_TEXT_LEN];
        return hs_fail_code(err, HS_REFUSED, "calendar_not_covering", NULL,
                            "the notice period of %s would end around %s, but the State Council "
                            "calendar (npm chinese-days) covers only up to %s; update it",
                            app->id, date_format(n.deadline, d), date_format(to, c));
    }
    snprintf(n.application, sizeof n.application, "%s", app->id);
    snprintf(n.programme, sizeof n.programme, "%s", app->policy.programme);
    snprintf(n.firm, sizeof n.firm, "%s", app->firm);
    snprintf(n.policy_label, sizeof n.policy_label, "%s", app->policy.label);
    if ((st = firm_name(tx->store, app->firm, n.firm_name, sizeof n.firm_name, err)) != HS_OK)
        return st;
    return notice_tx_publish(tx, &n, err);
}

json_t *view_notice_public(const notice *n, hs_date on) {
    char p[DATE_TEXT_LEN], d[DATE_TEXT_LEN];
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "id", json_string(n->id));
    json_object_set_new(o, "firm_name", json_string(n->firm_name));
    json_object_set_new(o, "amount_fen", json_integer(n->amount_fen));
    json_object_set_new(o, "policy", json_string(n->policy_id));
    json_object_set_new(o, "policy_version", json_string(n->policy_label));
    json_object_set_new(o, "clause", json_string(n->clause));
    json_object_set_new(o, "working_days", json_integer(n->working_days));
    json_object_set_new(o, "published", json_string(date_format(n->published_date, p)));
    json_object_set_new(o, "objection_deadline", json_string(date_format(n->deadline, d)));
    json_object_set_new(o, "under_notice", json_boolean(on <= n->deadline));
    return o;
}

json_t *view_notice_objection(const notice_objection *o) {
    char f[DATE_TEXT_LEN], d[DATE_TEXT_LEN], nid[NOTICE_ID_MAX];
    snprintf(nid, sizeof nid, "N-%lld", (long long)o->notice_seq);
    json_t *v = json_object();
    if (v == NULL)
        return NULL;
    json_object_set_new(v, "id", json_string(o->id));
    json_object_set_new(v, "notice", json_string(nid));
    json_object_set_new(v, "reason", json_string(o->reason));
    json_object_set_new(v, "filed", json_string(date_format(o->filed_date, f)));
    json_object_set_new(v, "state", json_string(o->state));
    json_object_set_new(v, "officer", json_string(o->officer));
    json_object_set_new(v, "decision", json_string(o->decision));
    json_object_set_new(
        v, "decided", o->decided_date ? json_string(date_format(o->decided_date, d)) : json_null());
    return v;
}

/* The notices of a list or of one page (a whole list is a page without a limit). */
typedef struct {
    hs_date on;
    json_t *list;
    size_t limit;
    bool more;
} page_ctx;

static hs_status page_notice(void *vctx, const notice *n, hs_error *err) {
    page_ctx *p = vctx;
    if (json_array_size(p->list) == p->limit) {
        p->more = true; /* the one row read past the page */
        return HS_OK;
    }
    json_t *v = view_notice_public(n, p->on);
    if (v == NULL || json_array_append_new(p->list, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing notices");
    return HS_OK;
}

hs_status ops_notice_list(const hs_ctx *ctx, hs_date on, json_t **out, hs_error *err) {
    assert(ctx != NULL && out != NULL);
    *out = NULL;
    page_ctx p = {on, json_array(), SIZE_MAX, false};
    if (p.list == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory listing notices");
    hs_status st = notice_each(ctx->store, 0, 0, page_notice, &p, err);
    if (st != HS_OK) {
        json_decref(p.list);
        return st;
    }
    assert(!p.more);
    *out = p.list;
    return HS_OK;
}

hs_status ops_notice_page(const hs_ctx *ctx, hs_date on, const char *after_id, size_t limit,
                          json_t **items, bool *more, hs_error *err) {
    assert(ctx != NULL && items != NULL && more != NULL && limit >= 1);
    *items = NULL;
    *more = false;
    int64_t after = 0;
    if (after_id != NULL && notice_id_parse(after_id, "cursor", &after, err) != HS_OK)
        return hs_invalid_field(err, "cursor", "not a cursor this API gave out");
    page_ctx p = {on, json_array(), limit, false};
    if (p.list == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory listing notices");
    hs_status st = notice_each(ctx->store, after, limit + 1, page_notice, &p, err);
    if (st != HS_OK) {
        json_decref(p.list);
        return st;
    }
    assert(json_array_size(p.list) <= limit);
    *items = p.list;
    *more = p.more;
    return HS_OK;
}

hs_status ops_notice_object(const hs_ctx *ctx, const char *notice_id, const char *reason,
                            hs_date on, notice_objection *out, hs_error *err) {
    assert(ctx != NULL && notice_id != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(
        &tx, notice_tx_object(&tx, notice_id, ctx->principal->user, reason, on, out, err), err);
}

hs_status ops_notice_decide(const hs_ctx *ctx, const char *objection_id, bool uphold,
                            const char *reason, hs_date on, notice_objection *out, hs_error *err) {
    assert(ctx != NULL && objection_id != NULL);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(
        &tx, notice_tx_decide(&tx, objection_id, uphold, ctx->principal, reason, on, out, err),
        err);
}
