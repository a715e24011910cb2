/* transfer_group.c — many requests' transfers in one transaction, each all or nothing (see
 * transfer_group.h). */
#include "ops/transfer_group.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/audit_ops.h"
#include "store/idempotency_repo.h"

typedef enum { REQ_LIVE = 0, REQ_ANSWERED, REQ_FOLLOWS } req_state;

static void fail_all(ops_group_request *reqs, size_t n, const hs_error *err) {
    for (size_t i = 0; i < n; i++) {
        free(reqs[i].response_body);
        reqs[i].response_body = NULL;
        reqs[i].response_len = 0;
        reqs[i].replayed = false;
        reqs[i].status = HS_STORAGE;
        reqs[i].err = *err;
    }
}

static bool same_key(const ops_group_request *a, const ops_group_request *b) {
    return a->idem_key != NULL && b->idem_key != NULL && strcmp(a->idem_key, b->idem_key) == 0 &&
           strcmp(a->user, b->user) == 0;
}

static void key_reused(ops_group_request *r) {
    r->status = hs_fail_code(&r->err, HS_REFUSED, "idempotency_key_reused", "Idempotency-Key",
                             "the Idempotency-Key '%.200s' was used before with another request; "
                             "use a new key for a new request",
                             r->idem_key);
}

/* Phase 1: answers requests whose key is stored (replay or reuse) or repeated in the group. */
static hs_status resolve_keys(hs_tx *tx, ops_group_request *reqs, size_t n, req_state *state,
                              size_t *leader, hs_error *err) {
    for (size_t i = 0; i < n; i++) {
        ops_group_request *r = &reqs[i];
        if (r->idem_key == NULL)
            continue;
        assert(r->request_sha256 != NULL && r->user != NULL);
        idem_record rec;
        bool found;
        hs_status st = idem_repo_get(tx, r->user, r->idem_key, &rec, &found, err);
        if (st != HS_OK)
            return st;
        if (found) {
            state[i] = REQ_ANSWERED;
            if (strcmp(rec.request_sha256, r->request_sha256) == 0) {
                r->replayed = true;
                r->response_code = rec.response_code;
                r->response_body = rec.response_body;
                r->response_len = rec.response_len;
            } else {
                free(rec.response_body);
                key_reused(r);
            }
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (state[j] == REQ_ANSWERED || !same_key(&reqs[j], r))
                continue;
            state[i] = REQ_ANSWERED;
            if (strcmp(reqs[j].request_sha256, r->request_sha256) == 0) {
                state[i] = REQ_FOLLOWS;
                leader[i] = state[j] == REQ_FOLLOWS ? leader[j] : j;
            } else {
                key_reused(r);
            }
            break;
        }
    }
    return HS_OK;
}

/* Phase 3 for one live request: its outcome from the results, its stored transfers, its answer. */
static hs_status settle(hs_tx *tx, ops_group_request *r, const transfer_result *results,
                        ops_group_render render, void *render_ctx, hs_error *err) {
    memcpy(r->results, results, r->n * sizeof *results);
    size_t bad = r->n;
    for (size_t k = 0; k < r->n; k++) {
        transfer_result res = results[k];
        if (res == TR_OK || res == TR_EXISTS)
            continue;
        if (bad == r->n ||
            (r->results[bad] == TR_LINKED_EVENT_FAILED && res != TR_LINKED_EVENT_FAILED))
            bad = k;
    }
    hs_status st;
    if (bad == r->n) {
        for (size_t k = 0; k < r->n; k++) {
            bool found = false;
            st = store_transfer_by_id(tx->store, r->transfers[k].id, &r->stored[k], &found, err);
            if (st != HS_OK)
                return st;
            if (!found)
                return hs_fail(err, HS_STORAGE, "transfer %s was applied but cannot be read back",
                               r->transfers[k].id);
        }
        r->status = HS_OK;
    } else {
        const hs_transfer *t = &r->transfers[bad];
        transfer_result res = results[bad];
        st = ops_transfer_explain(tx, t, res, r->detail, sizeof r->detail, err);
        if (st != HS_OK)
            return st;
        r->refused_index = bad;
        r->status =
            hs_fail_code(&r->err, transfer_result_status(res), transfer_result_name(res),
                         ops_transfer_result_field(t, res),
                         "transfer %s refused: %s%s%s (nothing in this request was "
                         "applied)",
                         t->id, transfer_result_name(res), r->detail[0] ? ": " : "", r->detail);
    }
    if (!render(render_ctx, r, &r->response_code, &r->response_body, &r->response_len))
        return hs_fail(err, HS_STORAGE, "out of memory answering a transfer request");
    if (r->idem_key == NULL)
        return HS_OK;
    idem_record rec = {.response_code = r->response_code,
                       .response_body = r->response_body,
                       .response_len = r->response_len};
    snprintf(rec.request_sha256, sizeof rec.request_sha256, "%s", r->request_sha256);
    return idem_repo_put(tx, r->user, r->idem_key, &rec, err);
}

/* Copies a leader's answer to a request repeating its key and body within the group. */
static bool follow(ops_group_request *r, const ops_group_request *leader) {
    r->replayed = true;
    r->status = leader->status;
    r->err = leader->err;
    r->response_code = leader->response_code;
    r->response_len = leader->response_len;
    r->response_body = malloc(leader->response_len + 1);
    if (r->response_body == NULL)
        return false;
    memcpy(r->response_body, leader->response_body, leader->response_len);
    r->response_body[leader->response_len] = '\0';
    return true;
}

/* Appends request r's audit entry (actor: its user) covering what its work changed since the
 * previous entry; nothing when it changed nothing (a replay, an answer from a stored key). */
static hs_status audit_request_done(const hs_ctx *ctx, hs_tx *tx, const ops_group_request *r,
                                    hs_error *err) {
    hs_ctx as_user = *ctx;
    as_user.actor = r->user;
    audit_request fallback = audit_request_make(r->user, "POST /api/v1/transfers", "", NULL, 0);
    const audit_request *what = r->audit != NULL       ? r->audit
                                : ctx->request != NULL ? ctx->request
                                                       : &fallback;
    return ops_audit_record(&as_user, tx, what, NULL, err);
}

/* Applies each live request's transfers as one chain, in order, then settles and audits it, so
 * that each request's audit entry links exactly its own transfers. */
static hs_status apply(const hs_ctx *ctx, hs_tx *tx, ops_group_request *reqs, size_t n,
                       req_state *state, size_t *leader, ops_group_render render, void *render_ctx,
                       hs_error *err) {
    hs_status st = resolve_keys(tx, reqs, n, state, leader, err);
    if (st != HS_OK)
        return st;
    size_t most = 0;
    for (size_t i = 0; i < n; i++)
        if (state[i] == REQ_LIVE && reqs[i].n > most)
            most = reqs[i].n;
    hs_transfer *events = most ? malloc(most * sizeof *events) : NULL;
    transfer_result *results = most ? malloc(most * sizeof *results) : NULL;
    if (most > 0 && (events == NULL || results == NULL)) {
        free(events);
        free(results);
        return hs_fail(err, HS_STORAGE, "out of memory grouping transfers");
    }
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        if (state[i] == REQ_LIVE) {
            assert(reqs[i].n > 0 && reqs[i].n <= most);
            assert(!(reqs[i].transfers[reqs[i].n - 1].flags & TRANSFER_LINKED));
            memcpy(events, reqs[i].transfers, reqs[i].n * sizeof *events);
            for (size_t k = 0; k + 1 < reqs[i].n; k++)
                events[k].flags |= TRANSFER_LINKED; /* the request is one chain */
            st = hs_tx_transfer(tx, events, reqs[i].n, results, err);
            if (st == HS_OK)
                st = settle(tx, &reqs[i], results, render, render_ctx, err);
        } else if (state[i] == REQ_ANSWERED && !reqs[i].replayed) {
            if (!render(render_ctx, &reqs[i], &reqs[i].response_code, &reqs[i].response_body,
                        &reqs[i].response_len))
                st = hs_fail(err, HS_STORAGE, "out of memory answering a transfer request");
        }
        if (st == HS_OK && (state[i] == REQ_LIVE || state[i] == REQ_ANSWERED))
            st = audit_request_done(ctx, tx, &reqs[i], err);
    }
    for (size_t i = 0; st == HS_OK && i < n; i++)
        if (state[i] == REQ_FOLLOWS && !follow(&reqs[i], &reqs[leader[i]]))
            st = hs_fail(err, HS_STORAGE, "out of memory answering a transfer request");
    free(events);
    free(results);
    return st;
}

hs_status ops_transfer_group(const hs_ctx *ctx, ops_group_request *reqs, size_t n,
                             ops_group_render render, void *render_ctx, hs_error *err) {
    assert(ctx != NULL && render != NULL && (n == 0 || reqs != NULL));
    for (size_t i = 0; i < n; i++) {
        reqs[i].status = HS_OK;
        hs_error_clear(&reqs[i].err);
        reqs[i].replayed = false;
        reqs[i].response_code = 0;
        reqs[i].response_body = NULL;
        reqs[i].response_len = 0;
        reqs[i].detail[0] = '\0';
        reqs[i].refused_index = 0;
    }
    if (n == 0)
        return HS_OK;
    req_state *state = calloc(n, sizeof *state);
    size_t *leader = calloc(n, sizeof *leader);
    if (state == NULL || leader == NULL) {
        free(state);
        free(leader);
        hs_fail(err, HS_STORAGE, "out of memory grouping transfers");
        fail_all(reqs, n, err);
        return HS_STORAGE;
    }
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st == HS_OK) {
        tx.free_accounts_only = true; /* plain transfers never move a module's money */
        st = apply(ctx, &tx, reqs, n, state, leader, render, render_ctx, err);
        if (!store_in_txn(tx.store)) /* a storage failure may have ended it already */
            st = st != HS_OK ? st : hs_fail(err, HS_STORAGE, "the transaction ended early");
        else
            st = ops_end(&tx, st, err);
    }
    free(state);
    free(leader);
    if (st != HS_OK) {
        if (st != HS_STORAGE) { /* only storage can fail the group; the rest is one request's */
            char why[sizeof err->msg];
            memcpy(why, err->msg, sizeof why);
            st = hs_fail(err, HS_STORAGE, "the group could not be applied: %s", why);
        }
        fail_all(reqs, n, err);
    }
    assert(!store_in_txn(ctx->store));
    return st;
}
