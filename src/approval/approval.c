/* approval.c — maker-checker rules over one hs_tx (see approval.h); rows behind approval_repo.h. */
#include "approval/approval.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval/approval_repo.h"

hs_status approval_id_parse(const char *text, int64_t *seq, hs_error *err) {
    assert(text != NULL && seq != NULL);
    const char *p = text;
    if (p[0] == 'A' && p[1] == '-')
        p += 2;
    char *end = NULL;
    errno = 0;
    long long v = (*p >= '0' && *p <= '9') ? strtoll(p, &end, 10) : 0;
    if (end == NULL || *end != '\0' || errno != 0 || v <= 0)
        return hs_invalid_field(err, "ID", "'%s' is not an approval id (A-N)", text);
    *seq = (int64_t)v;
    return HS_OK;
}

hs_status approval_tx_set_threshold(hs_tx *tx, const char *programme, int64_t threshold_fen,
                                    hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && programme != NULL);
    if (threshold_fen < 0)
        return hs_invalid_field(err, "--approval-threshold",
                                "the approval threshold must be 0 or more");
    hs_status st = approval_repo_threshold_set(tx, programme, threshold_fen, err);
    if (st != HS_OK)
        return st;
    /* postcondition, paired with a read in the same transaction */
    int64_t got = -1;
    bool set = false;
    if ((st = approval_repo_threshold_get(tx->store, programme, &got, &set, err)) != HS_OK)
        return st;
    if (!set || got != threshold_fen)
        return hs_fail(err, HS_STORAGE, "the approval threshold of %s was not recorded", programme);
    return HS_OK;
}

hs_status approval_threshold(hs_store *s, const char *programme, int64_t *threshold_fen, bool *set,
                             hs_error *err) {
    assert(s != NULL && programme != NULL && threshold_fen != NULL && set != NULL);
    return approval_repo_threshold_get(s, programme, threshold_fen, set, err);
}

typedef struct {
    const approval *want;
    approval found;
    bool any;
} same_ctx;

/* A pending approval of the same action, request and maker (a retried command). */
static hs_status find_same(void *vctx, const approval *a, hs_error *err) {
    (void)err;
    same_ctx *c = vctx;
    if (!c->any && !strcmp(a->action, c->want->action) && !strcmp(a->request, c->want->request) &&
        !strcmp(a->maker, c->want->maker) && a->amount_fen == c->want->amount_fen) {
        c->found = *a;
        c->any = true;
    }
    return HS_OK;
}

hs_status approval_tx_gate(hs_tx *tx, const hs_principal *maker, const char *programme,
                           const char *action, const json_t *request, int64_t amount_fen,
                           hs_date on, approval_outcome *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && maker != NULL && programme != NULL);
    assert(action != NULL && json_is_object(request) && out != NULL);
    assert(amount_fen > 0); /* the caller validated the request */
    memset(out, 0, sizeof *out);
    int64_t threshold = 0;
    bool set = false;
    hs_status st = approval_repo_threshold_get(tx->store, programme, &threshold, &set, err);
    if (st != HS_OK)
        return st;
    if (!set || amount_fen < threshold)
        return HS_OK; /* no maker-checker, or below the threshold: the caller moves the money */
    approval *a = &out->approval;
    char *text = json_dumps(request, JSON_COMPACT | JSON_SORT_KEYS);
    if (text == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory recording an approval");
    size_t n = strlen(text);
    if (n >= sizeof a->request) {
        free(text);
        return hs_invalid_field(err, "request", "the request is too long to record (%zu bytes)", n);
    }
    memcpy(a->request, text, n + 1);
    free(text);
    snprintf(a->programme, sizeof a->programme, "%s", programme);
    snprintf(a->action, sizeof a->action, "%s", action);
    snprintf(a->maker, sizeof a->maker, "%s", maker->user);
    snprintf(a->state, sizeof a->state, "pending");
    a->amount_fen = amount_fen;
    a->created_date = on;
    /* a retry of the same request by the same maker is the approval already pending */
    same_ctx same = {.want = a};
    if ((st = approval_repo_each(tx->store, programme, "pending", 0, 0, find_same, &same, err)) !=
        HS_OK)
        return st;
    if (same.any) {
        *a = same.found;
        out->pending = true;
        return HS_OK;
    }
    if ((st = approval_repo_insert(tx, a, err)) != HS_OK)
        return st;
    /* postcondition, paired with a read in the same transaction */
    approval back;
    if ((st = approval_load(tx->store, a->seq, &back, err)) != HS_OK)
        return st;
    if (strcmp(back.state, "pending") || back.amount_fen != amount_fen)
        return hs_fail(err, HS_STORAGE, "approval %s was not recorded pending", a->id);
    out->pending = true;
    return HS_OK;
}

hs_status approval_load(hs_store *s, int64_t seq, approval *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    bool found = false;
    hs_status st = approval_repo_get(s, seq, out, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "ID", "no approval A-%lld", (long long)seq);
    return HS_OK;
}

hs_status approval_may_decide(const approval *a, const hs_principal *who, bool approving,
                              hs_error *err) {
    assert(a != NULL && who != NULL);
    if (strcmp(a->state, "pending") != 0)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "ID",
                            "approval %s is already %s (by %s)", a->id, a->state, a->checker);
    if (who->role != HS_ROLE_REVIEWER && who->role != HS_ROLE_OPERATOR)
        return hs_fail_code(err, HS_REFUSED, "forbidden", NULL,
                            "%s (role %s) may not decide approvals: a reviewer decides", who->user,
                            role_name(who->role));
    if (!principal_in_scope(who, HS_SCOPE_PROGRAMME, a->programme))
        return hs_fail_code(err, HS_REFUSED, "forbidden", NULL,
                            "%s is not a reviewer of programme %s", who->user, a->programme);
    if (approving && strcmp(who->user, a->maker) == 0)
        return hs_fail_code(err, HS_REFUSED, "maker_cannot_approve", NULL,
                            "%s made approval %s and cannot approve it (四眼原则: another "
                            "reviewer must)",
                            who->user, a->id);
    return HS_OK;
}

hs_status approval_tx_decide(hs_tx *tx, const approval *a, const char *state, const char *checker,
                             const char *reason, hs_date on, approval *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && a != NULL && checker != NULL);
    assert(!strcmp(state, "executed") || !strcmp(state, "rejected"));
    assert(strcmp(state, "executed") == 0 || (reason != NULL && reason[0] != '\0'));
    bool changed = false;
    hs_status st =
        approval_repo_decide(tx, a->seq, state, checker, reason ? reason : "", on, &changed, err);
    if (st != HS_OK)
        return st;
    if (!changed)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "ID",
                            "approval %s was decided meanwhile", a->id);
    approval back;
    if ((st = approval_load(tx->store, a->seq, &back, err)) != HS_OK)
        return st;
    if (strcmp(back.state, state) || strcmp(back.checker, checker))
        return hs_fail(err, HS_STORAGE, "approval %s was not recorded %s", a->id, state);
    if (out != NULL)
        *out = back;
    return HS_OK;
}

hs_status approval_each(hs_store *s, const char *programme, const char *state, int64_t after_seq,
                        size_t max_rows,
                        hs_status (*fn)(void *ctx, const approval *a, hs_error *err), void *ctx,
                        hs_error *err) {
    assert(s != NULL && fn != NULL);
    if (state != NULL && strcmp(state, "pending") && strcmp(state, "executed") &&
        strcmp(state, "rejected"))
        return hs_invalid_field(err, "--state", "state '%s': give pending, executed or rejected",
                                state);
    return approval_repo_each(s, programme, state, after_seq, max_rows, fn, ctx, err);
}
