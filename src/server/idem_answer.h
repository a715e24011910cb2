/* idem_answer.h — Idempotency-Key handling for the money-moving routes other than
 * POST /transfers: the request's hash, the replay of a recorded answer (the original status and
 * body with Idempotency-Hit: true; 409 idempotency_key_reused for another body), and the commit
 * hook (hs_ctx.on_commit) that builds the answer inside the operation's transaction and records it
 * there (ops_idem_put), so that the key is stored exactly when the operation commits. A refused
 * operation rolls back and stores no key. */
#ifndef HS_SERVER_IDEM_ANSWER_H
#define HS_SERVER_IDEM_ANSWER_H

#include <jansson.h>
#include <stdbool.h>

#include "ops/idempotency_ops.h"
#include "server/dispatch.h"

typedef struct {
    const hs_ctx *ctx;
    const char *key;
    char hash[65]; /* SHA-256 hex of method, path and body */
    /* builds the answer inside the transaction: a new JSON reference and its status */
    json_t *(*build)(void *arg, int *code);
    void *build_arg;
    int code;
    char *body;           /* the serialised answer (owned until idem_answer_finish) */
    ops_commit_hook hook; /* records the answer (idem_answer_ctx) */
    hs_ctx hooked;        /* *ctx with on_commit = &hook */
} idem_answer;

/* Starts an answer for the call (its Idempotency-Key, already checked by dispatch) and, when the
 * key has a record, fills resp from it and returns true: the handler is done. */
bool idem_answer_begin(route_call *call, http_response *resp, idem_answer *a,
                       json_t *(*build)(void *arg, int *code), void *build_arg);
/* The context to run the operation with: the call's, whose on_commit builds and records the answer
 * inside the operation's transaction. Valid while `a` lives (it is inside `a`). */
const hs_ctx *idem_answer_ctx(idem_answer *a);
/* Answers after the operation returned st (err filled when not HS_OK): the recorded answer, the
 * winner's answer when a concurrent request with the same key committed first, or the error.
 * Frees what a holds. */
void idem_answer_finish(route_call *call, http_response *resp, idem_answer *a, hs_status st,
                        const hs_error *err);

#endif
