/* approval_ops.c — maker-checker operations: approve executes the stored request in the
 * approval's transaction (see approval_ops.h). */
#include "ops/approval_ops.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "instrument/credit_pool.h"
#include "instrument/subsidy.h"
#include "instrument/voucher.h"
#include "base/money.h"
#include "ops/approval_view.h"

hs_status ops_approval_programme_create(const hs_ctx *ctx, const programme *p,
                                        const int64_t *threshold_fen, hs_error *err) {
    assert(ctx != NULL && p != NULL);
    if (threshold_fen != NULL && *threshold_fen < 0)
        return hs_invalid_field(err, "--approval-threshold",
                                "the approval threshold must be 0 or more");
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = programme_tx_create(&tx, p, err);
    if (st == HS_OK && threshold_fen != NULL)
        st = approval_tx_set_threshold(&tx, p->id, *threshold_fen, err);
    return ops_end(&tx, st, err);
}

/* The visible approvals of a list or of one page (read in batches of rows until it is full or the
 * rows end); a whole list is a page without a limit. */
typedef struct {
    const hs_principal *who;
    json_t *list;
    size_t limit;
    bool full;    /* limit items collected and one more visible seen */
    size_t rows;  /* rows visited in this batch */
    int64_t last; /* seq of the last row visited */
} page_ctx;

static hs_status page_one(void *vctx, const approval *a, hs_error *err) {
    page_ctx *p = vctx;
    assert(a->seq > p->last);
    p->rows++;
    p->last = a->seq;
    bool scoped = p->who->role == HS_ROLE_REVIEWER || p->who->role == HS_ROLE_OFFICER;
    if (p->full || (scoped && !principal_in_scope(p->who, HS_SCOPE_PROGRAMME, a->programme)))
        return HS_OK;
    if (json_array_size(p->list) == p->limit) {
        p->full = true;
        return HS_OK;
    }
    json_t *v = view_approval(a);
    if (v == NULL || json_array_append_new(p->list, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing approvals");
    return HS_OK;
}

hs_status ops_approval_list(const hs_ctx *ctx, const char *programme_id, const char *state,
                            json_t **out, hs_error *err) {
    assert(ctx != NULL && out != NULL);
    *out = NULL;
    page_ctx p = {ctx->principal, json_array(), SIZE_MAX, false, 0, 0};
    if (p.list == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory listing approvals");
    hs_status st = approval_each(ctx->store, programme_id, state, 0, 0, page_one, &p, err);
    if (st != HS_OK) {
        json_decref(p.list);
        return st;
    }
    assert(!p.full);
    *out = p.list;
    return HS_OK;
}

hs_status ops_approval_page(const hs_ctx *ctx, const char *programme_id, const char *state,
                            const char *after_id, size_t limit, json_t **items, bool *more,
                            hs_error *err) {
    assert(ctx != NULL && items != NULL && more != NULL && limit >= 1);
    *items = NULL;
    *more = false;
    int64_t after = 0;
    if (after_id != NULL && approval_id_parse(after_id, &after, err) != HS_OK)
        return hs_invalid_field(err, "cursor", "not a cursor this API gave out");
    page_ctx p = {ctx->principal, json_array(), limit, false, 0, after};
    if (p.list == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory listing approvals");
    const size_t batch = limit + 1 < 64 ? 64 : limit + 1;
    hs_status st;
    do {
        p.rows = 0;
        st = approval_each(ctx->store, programme_id, state, p.last, batch, page_one, &p, err);
    } while (st == HS_OK && !p.full && p.rows == batch);
    if (st != HS_OK) {
        json_decref(p.list);
        return st;
    }
    assert(json_array_size(p.list) <= limit);
    *items = p.list;
    *more = p.full;
    return HS_OK;
}

hs_status ops_approval_get(const hs_ctx *ctx, const char *id, approval *out, hs_error *err) {
    assert(ctx != NULL && id != NULL && out != NULL);
    int64_t seq;
    hs_status st = approval_id_parse(id, &seq, err);
    return st == HS_OK ? approval_load(ctx->store, seq, out, err) : st;
}

hs_status ops_approval_threshold(const hs_ctx *ctx, const char *programme_id,
                                 int64_t *threshold_fen, bool *set, hs_error *err) {
    assert(ctx != NULL && programme_id != NULL && threshold_fen != NULL && set != NULL);
    programme p;
    bool found = false;
    hs_status st = programme_get(ctx->store, programme_id, &p, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "programme", "no programme '%s'", programme_id);
    return approval_threshold(ctx->store, programme_id, threshold_fen, set, err);
}

/* The stored request's fields, read as found: a damaged request is a storage error. */
static const char *req_text(const json_t *req, const char *key) {
    const json_t *v = json_object_get(req, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* At execution, the settlement must pay exactly what was approved: anything else is refused. */
static hs_status settle_exact(void *vctx, hs_tx *tx, const char *programme_id, const char *provider,
                              int64_t owed_fen, bool *hold, hs_error *err) {
    (void)tx;
    const approval *a = vctx;
    *hold = false;
    if (owed_fen != a->amount_fen) {
        char o[MONEY_TEXT_MAX], w[MONEY_TEXT_MAX];
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "programme %s owes provider %s %s now, not the %s approved; reject "
                            "this approval and settle again",
                            programme_id, provider, money_format(owed_fen, o, sizeof o),
                            money_format(a->amount_fen, w, sizeof w));
    }
    return HS_OK;
}

static hs_status settle_approved(hs_tx *tx, const approval *a, const char *provider, hs_date on,
                                 hs_error *err) {
    voucher_settle_scope scope = {.provider = provider, .programme = a->programme};
    int64_t settled = 0;
    size_t providers = 0, held = 0;
    hs_status st = voucher_settle_gated(tx, &scope, on, settle_exact, (void *)a, &settled,
                                        &providers, &held, err);
    if (st == HS_OK && settled != a->amount_fen)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", NULL,
                            "programme %s owes provider %s nothing now (settled meanwhile?)",
                            a->programme, provider);
    return st;
}

/* Executes the approval's request inside tx, as the gated operation would have without the gate.
 */
static hs_status execute(hs_tx *tx, const approval *a, hs_date on, hs_error *err) {
    json_t *req = json_loads(a->request, 0, NULL);
    if (!json_is_object(req)) {
        json_decref(req);
        return hs_fail(err, HS_STORAGE, "approval %s holds no readable request", a->id);
    }
    const json_t *amount = json_object_get(req, "amount_fen");
    hs_status st;
    if (!json_is_integer(amount) || json_integer_value(amount) != a->amount_fen) {
        st = hs_fail(err, HS_STORAGE, "approval %s: the request's amount is not the approval's",
                     a->id);
    } else if (strcmp(a->action, "subsidy.pay") == 0 && req_text(req, "application") != NULL) {
        subsidy_app app;
        st = subsidy_pay(tx, req_text(req, "application"), a->amount_fen, on, &app, err);
    } else if (strcmp(a->action, "voucher.settle") == 0 && req_text(req, "provider") != NULL) {
        st = settle_approved(tx, a, req_text(req, "provider"), on, err);
    } else if (strcmp(a->action, "credit.pool.fund") == 0 && req_text(req, "pool") != NULL) {
        const char *tid = req_text(req, "transfer_id");
        char own[TRANSFER_ID_MAX];
        if (tid == NULL) {
            snprintf(own, sizeof own, "approval.%s", a->id);
            tid = own;
        }
        bool existed = false;
        st = credit_pool_fund(tx, req_text(req, "pool"), a->amount_fen, on, tid, &existed, err);
    } else if (strcmp(a->action, "programme.fund") == 0 && req_text(req, "budget") != NULL) {
        const char *tid = req_text(req, "transfer_id");
        char own[TRANSFER_ID_MAX];
        if (tid == NULL) { /* one funding per approval, never merged with a same-day twin */
            snprintf(own, sizeof own, "approval.%s", a->id);
            tid = own;
        }
        st = programme_tx_fund(tx, a->programme, req_text(req, "budget"), a->amount_fen, on, tid,
                               err);
    } else if (strcmp(a->action, "programme.release") == 0) {
        const char *tid = req_text(req, "transfer_id");
        char own[TRANSFER_ID_MAX];
        if (tid == NULL) { /* one release per approval */
            snprintf(own, sizeof own, "approval.%s", a->id);
            tid = own;
        }
        st = programme_tx_release(tx, a->programme, a->amount_fen, on, tid, err);
    } else {
        st = hs_fail(err, HS_STORAGE, "approval %s: unknown action '%s' or incomplete request",
                     a->id, a->action);
    }
    json_decref(req);
    return st;
}

static hs_status decide(const hs_ctx *ctx, const char *id, bool approving, const char *reason,
                        hs_date on, approval *out, hs_error *err) {
    int64_t seq;
    hs_status st = approval_id_parse(id, &seq, err);
    if (st != HS_OK)
        return st;
    hs_tx tx;
    if ((st = ops_begin(ctx, &tx, err)) != HS_OK)
        return st;
    approval a;
    st = approval_load(tx.store, seq, &a, err);
    if (st == HS_OK)
        st = approval_may_decide(&a, ctx->principal, approving, err);
    if (st == HS_OK && approving && (st = execute(&tx, &a, on, err)) != HS_OK)
        hs_error_prefix(err, "approval %s not executed (it stays pending)", a.id);
    if (st == HS_OK)
        st = approval_tx_decide(&tx, &a, approving ? "executed" : "rejected", ctx->principal->user,
                                reason, on, &a, err);
    if (st == HS_OK && out != NULL)
        *out = a; /* ctx->on_commit builds its answer from it */
    st = ops_end(&tx, st, err);
    if (st == HS_OK && out != NULL)
        *out = a;
    return st;
}

hs_status ops_approval_approve(const hs_ctx *ctx, const char *id, const char *reason, hs_date on,
                               approval *out, hs_error *err) {
    assert(ctx != NULL && id != NULL);
    return decide(ctx, id, true, reason, on, out, err);
}

hs_status ops_approval_reject(const hs_ctx *ctx, const char *id, const char *reason, hs_date on,
                              approval *out, hs_error *err) {
    assert(ctx != NULL && id != NULL);
    if (reason == NULL || reason[0] == '\0')
        return hs_invalid_field(err, "--reason", "a rejection needs a reason");
    return decide(ctx, id, false, reason, on, out, err);
}
