/* transfer_ops.c — one plain transfer, and streamed all-or-nothing batches (see transfer_ops.h). */
#include "ops/transfer_ops.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ops/batch_ids.h"
#include "store/book.h"

/* ops_end, unless a storage failure already ended the transaction. */
static hs_status end_tx(hs_tx *tx, hs_status st, hs_error *err) {
    if (!store_in_txn(tx->store))
        return st != HS_OK ? st : hs_fail(err, HS_STORAGE, "the transaction ended early");
    return ops_end(tx, st, err);
}

const char *ops_transfer_result_field(const hs_transfer *t, transfer_result r) {
    switch (r) {
    case TR_DEBIT_ACCOUNT_NOT_FOUND:
    case TR_EXCEEDS_CREDITS:
    case TR_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT:
        return "debit";
    case TR_CREDIT_ACCOUNT_NOT_FOUND:
    case TR_EXCEEDS_DEBITS:
    case TR_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT:
        return "credit";
    case TR_AMOUNT_MUST_BE_POSITIVE:
    case TR_AMOUNT_TOO_LARGE:
    case TR_EXCEEDS_PENDING_TRANSFER_AMOUNT:
    case TR_PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT:
    case TR_OVERFLOWS_BALANCE:
        return "amount";
    case TR_ID_MUST_NOT_BE_EMPTY:
    case TR_ID_TOO_LONG:
        return "id";
    case TR_TIMEOUT_RESERVED_FOR_PENDING:
        return "timeout";
    case TR_PENDING_ID_REQUIRED:
    case TR_PENDING_ID_MUST_BE_EMPTY:
    case TR_PENDING_TRANSFER_NOT_FOUND:
    case TR_PENDING_TRANSFER_NOT_PENDING:
    case TR_PENDING_TRANSFER_ALREADY_POSTED:
    case TR_PENDING_TRANSFER_ALREADY_VOIDED:
    case TR_PENDING_TRANSFER_EXPIRED:
        return (t->flags & TRANSFER_VOID_PENDING) ? "void" : "post";
    default:
        if (r >= TR_EXISTS_WITH_DIFFERENT_FLAGS && r <= TR_EXISTS_WITH_DIFFERENT_DATE)
            return "id";
        return "";
    }
}

/* Explains a refusal with the balances that caused it, read inside the refusing transaction.
 * HS_STORAGE (in err) if the balances cannot be read: a failed read is never taken for "no
 * figures". */
static hs_status describe(hs_tx *tx, const hs_transfer *t, transfer_result r, char *buf, size_t len,
                          hs_error *err) {
    hs_account a;
    bool found = false;
    char held[MONEY_TEXT_MAX], reserved[MONEY_TEXT_MAX], amount[MONEY_TEXT_MAX];
    money_format(t->amount_fen, amount, sizeof amount);
    buf[0] = '\0';
    hs_status st = HS_OK;
    if (r == TR_EXCEEDS_CREDITS || r == TR_EXCEEDS_DEBITS) {
        st = hs_tx_account_get(tx, r == TR_EXCEEDS_CREDITS ? t->debit : t->credit, &a, &found, err);
        if (st != HS_OK)
            return st;
    }
    if (r == TR_EXCEEDS_CREDITS && found) {
        snprintf(buf, len,
                 "%s would overspend: it holds %s with %s reserved, and cannot pay %s more", a.name,
                 money_format(account_held_fen(&a), held, sizeof held),
                 money_format(a.debits_pending_fen, reserved, sizeof reserved), amount);
    } else if (r == TR_EXCEEDS_DEBITS && found) {
        snprintf(buf, len, "%s may not be credited beyond its debits (%s)", a.name, amount);
    } else if (r == TR_DEBIT_ACCOUNT_NOT_FOUND) {
        snprintf(buf, len, "no account named '%s' (field 'debit')", t->debit);
    } else if (r == TR_CREDIT_ACCOUNT_NOT_FOUND) {
        snprintf(buf, len, "no account named '%s' (field 'credit')", t->credit);
    } else if (r == TR_PENDING_TRANSFER_NOT_FOUND) {
        snprintf(buf, len, "no pending transfer with id '%s'", t->pending_id);
    } else if (r >= TR_EXISTS_WITH_DIFFERENT_FLAGS && r <= TR_EXISTS_WITH_DIFFERENT_DATE) {
        snprintf(buf, len, "id '%s' was used before for a transfer with another body", t->id);
    }
    return HS_OK;
}

hs_status ops_transfer_explain(hs_tx *tx, const hs_transfer *t, transfer_result r, char *buf,
                               size_t len, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && t != NULL && buf != NULL && len > 0);
    return describe(tx, t, r, buf, len, err);
}

hs_status ops_transfer_one(const hs_ctx *ctx, const hs_transfer *t, ops_transfer_outcome *out,
                           hs_error *err) {
    assert(ctx != NULL && t != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->result = TR_RESULT_COUNT;
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    tx.free_accounts_only = true; /* a plain transfer never moves a module's money */
    transfer_result r = TR_RESULT_COUNT;
    st = hs_tx_transfer(&tx, t, 1, &r, err);
    if (st != HS_OK)
        return end_tx(&tx, st, err);
    assert(r < TR_RESULT_COUNT);
    out->result = r;
    if (r == TR_OK || r == TR_EXISTS) {
        st = store_transfer_by_id(tx.store, t->id, &out->stored, &out->stored_found, err);
        if (st == HS_OK && !out->stored_found)
            st = hs_fail(err, HS_STORAGE, "transfer %s was applied but cannot be read back", t->id);
        st = end_tx(&tx, st, err);
        assert(st != HS_OK || !store_in_txn(ctx->store));
        return st;
    }
    st = describe(&tx, t, r, out->detail, sizeof out->detail, err);
    if (st != HS_OK)
        return end_tx(&tx, st, err);
    end_tx(&tx, HS_REFUSED, err); /* rolls back: a refused transfer leaves nothing behind */
    assert(!store_in_txn(ctx->store));
    return hs_fail_code(err, transfer_result_status(r), transfer_result_name(r),
                        ops_transfer_result_field(t, r), "transfer %s refused: %s%s%s", t->id,
                        transfer_result_name(r), out->detail[0] ? ": " : "", out->detail);
}

/* ---- batches ---- */

/* The events of one chunk with their lines and results. */
typedef struct {
    hs_transfer *events;
    long *lines;
    transfer_result *results;
    size_t count, capacity;
} chunk;

/* A problem held back to keep the reports in line order (its strings copied). */
typedef struct {
    ops_batch_problem p;
    char id[TRANSFER_ID_MAX], field[HS_ERROR_FIELD_MAX], why[256], detail[OPS_DETAIL_MAX];
} held_problem;

typedef struct {
    held_problem *v;
    size_t n, cap;
} problem_queue;

/* A batch reads one chunk while the chunk before it is applied on a worker thread (the store's
 * connection is used by one thread at a time: the worker while it applies, the reader otherwise),
 * so parsing the input and applying it overlap. The worker never reports: the refusals it finds
 * are held and reported, with the bad lines read meanwhile, when the reader joins it, in line
 * order. */
struct ops_batch {
    hs_ctx ctx;
    const char *label;
    ops_batch_problem_fn on_problem;
    void *problem_ctx;
    hs_tx tx;
    chunk fill;     /* being read (the reader's) */
    chunk applying; /* being applied (the worker's while in_flight) */
    bool in_flight;
    pthread_t worker;
    hs_status apply_status; /* the worker's outcome */
    hs_error apply_err;
    problem_queue refused; /* found by the worker */
    problem_queue later;   /* bad lines read while a chunk was in flight */
    bool out_of_memory;    /* a problem could not be held */
    long bad_lines, refusals;
    hs_status first_refusal;
    transfer_result first_refusal_result;
    char first_bad_field[HS_ERROR_FIELD_MAX];
    batch_ids ids; /* given so far, with their lines (the reader's) */
};

static void report(ops_batch *b, const ops_batch_problem *p) {
    if (b->on_problem != NULL)
        b->on_problem(b->problem_ctx, p);
}

/* Holds a copy of p in q (to be reported later, in order). */
static void hold(ops_batch *b, problem_queue *q, const ops_batch_problem *p) {
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 64;
        held_problem *v = realloc(q->v, cap * sizeof *v);
        if (v == NULL) {
            b->out_of_memory = true;
            return;
        }
        q->v = v;
        q->cap = cap;
    }
    held_problem *h = &q->v[q->n++];
    h->p = *p;
    snprintf(h->id, sizeof h->id, "%s", p->id ? p->id : "");
    snprintf(h->field, sizeof h->field, "%s", p->field ? p->field : "");
    snprintf(h->why, sizeof h->why, "%s", p->why ? p->why : "");
    snprintf(h->detail, sizeof h->detail, "%s", p->detail ? p->detail : "");
    h->p.id = p->id ? h->id : NULL;
    h->p.field = h->field;
    h->p.why = h->why;
    h->p.detail = h->detail;
}

/* Reports what q holds, in order, and empties it. */
static void report_held(ops_batch *b, problem_queue *q) {
    for (size_t i = 0; i < q->n; i++)
        report(b, &q->v[i].p);
    q->n = 0;
}

hs_status ops_batch_begin(const hs_ctx *ctx, const char *label, ops_batch_problem_fn on_problem,
                          void *problem_ctx, ops_batch **out, hs_error *err) {
    assert(ctx != NULL && out != NULL);
    *out = NULL;
    ops_batch *b = calloc(1, sizeof *b);
    if (b == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory starting the batch");
    b->ctx = *ctx;
    b->label = label;
    b->on_problem = on_problem;
    b->problem_ctx = problem_ctx;
    batch_ids_init(&b->ids);
    hs_status st = ops_begin(ctx, &b->tx, err);
    if (st != HS_OK) {
        free(b);
        return st;
    }
    b->tx.free_accounts_only = true; /* a plain transfer never moves a module's money */
    *out = b;
    return HS_OK;
}

void ops_batch_bad_line(ops_batch *b, long line, const char *field, const char *why) {
    assert(b != NULL && field != NULL && why != NULL);
    if (b->bad_lines++ == 0)
        snprintf(b->first_bad_field, sizeof b->first_bad_field, "%s", field);
    ops_batch_problem p = {.refused = false,
                           .line = line,
                           .field = field,
                           .why = why,
                           .detail = "",
                           .result = TR_RESULT_COUNT};
    if (b->in_flight) /* after the refusals of the chunk being applied, which come first */
        hold(b, &b->later, &p);
    else
        report(b, &p);
}

/* Applies chunk c (the batch is not doomed: the caller checked), holding each refusal, explained,
 * in b->refused. Runs on the worker thread, or on the reader's for the last chunk. */
static hs_status apply_chunk(ops_batch *b, chunk *c, hs_error *err) {
    assert(c->count > 0 && c->count <= c->capacity);
    size_t before = b->tx.summary.applied + b->tx.summary.existed;
    hs_status st = hs_tx_transfer(&b->tx, c->events, c->count, c->results, err);
    if (st != HS_OK)
        return st;
    size_t ok = 0;
    for (size_t i = 0; i < c->count; i++) {
        transfer_result r = c->results[i];
        if (r == TR_OK || r == TR_EXISTS) {
            ok++;
            continue;
        }
        if (b->refusals++ == 0) {
            b->first_refusal = transfer_result_status(r);
            b->first_refusal_result = r;
        }
        char detail[OPS_DETAIL_MAX];
        st = describe(&b->tx, &c->events[i], r, detail, sizeof detail, err);
        if (st != HS_OK)
            return st;
        ops_batch_problem p = {.refused = true,
                               .line = c->lines[i],
                               .id = c->events[i].id,
                               .field = ops_transfer_result_field(&c->events[i], r),
                               .why = transfer_result_name(r),
                               .detail = detail,
                               .result = r};
        hold(b, &b->refused, &p);
    }
    /* a refusal anywhere in the chunk dooms it, but the engine's summary must agree with the
     * results it returned when nothing was refused */
    assert(b->refusals > 0 || b->tx.summary.applied + b->tx.summary.existed == before + ok);
    (void)before;
    (void)ok;
    return HS_OK;
}

static void *apply_worker(void *arg) {
    ops_batch *b = arg;
    b->apply_status = apply_chunk(b, &b->applying, &b->apply_err);
    return NULL;
}

/* Waits for the chunk in flight, if any, then reports its refusals and the bad lines read
 * meanwhile, in that order. Returns the worker's status (err filled from it). */
static hs_status join(ops_batch *b, hs_error *err) {
    if (!b->in_flight)
        return HS_OK;
    pthread_join(b->worker, NULL);
    b->in_flight = false;
    b->applying.count = 0;
    report_held(b, &b->refused);
    report_held(b, &b->later);
    if (b->apply_status != HS_OK) {
        *err = b->apply_err;
        return b->apply_status;
    }
    return b->out_of_memory ? hs_fail(err, HS_STORAGE, "out of memory reading the batch") : HS_OK;
}

static bool doomed(const ops_batch *b) {
    return b->bad_lines > 0 || b->refusals > 0;
}

/* Hands the full chunk being read to the worker (after the one before it is done), or applies it
 * here when no thread can be started; a doomed batch's chunks are only dropped. */
static hs_status flush(ops_batch *b, hs_error *err) {
    hs_status st = join(b, err);
    if (st != HS_OK || b->fill.count == 0)
        return st;
    if (doomed(b)) {
        b->fill.count = 0;
        return HS_OK;
    }
    chunk spare = b->applying;
    b->applying = b->fill;
    b->fill = spare;
    b->fill.count = 0;
    b->apply_status = HS_OK;
    hs_error_clear(&b->apply_err);
    if (pthread_create(&b->worker, NULL, apply_worker, b) == 0) {
        b->in_flight = true;
        return HS_OK;
    }
    st = apply_chunk(b, &b->applying, err); /* no thread: apply it on this one */
    b->applying.count = 0;
    report_held(b, &b->refused);
    return st;
}

/* Applies whatever is left of the input on this thread, after the chunk in flight. */
static hs_status flush_last(ops_batch *b, hs_error *err) {
    hs_status st = join(b, err);
    if (st != HS_OK || b->fill.count == 0)
        return st;
    if (!doomed(b))
        st = apply_chunk(b, &b->fill, err);
    b->fill.count = 0;
    report_held(b, &b->refused);
    if (st == HS_OK && b->out_of_memory)
        st = hs_fail(err, HS_STORAGE, "out of memory reading the batch");
    return st;
}

static hs_status chunk_grow(chunk *c, hs_error *err) {
    size_t cap = c->capacity ? c->capacity * 2 : 1024;
    hs_transfer *e = realloc(c->events, cap * sizeof *e);
    if (e != NULL)
        c->events = e;
    long *l = e ? realloc(c->lines, cap * sizeof *l) : NULL;
    if (l != NULL)
        c->lines = l;
    transfer_result *r = l ? realloc(c->results, cap * sizeof *r) : NULL;
    if (r != NULL)
        c->results = r;
    if (!e || !l || !r)
        return hs_fail(err, HS_STORAGE, "out of memory reading the batch");
    c->capacity = cap;
    return HS_OK;
}

static void chunk_free(chunk *c) {
    free(c->events);
    free(c->lines);
    free(c->results);
}

hs_status ops_batch_add(ops_batch *b, const hs_transfer *t, long line, hs_error *err) {
    assert(b != NULL && t != NULL);
    long earlier = batch_ids_add(&b->ids, t->id, line);
    if (earlier < 0)
        return hs_fail(err, HS_STORAGE, "out of memory reading the batch");
    if (earlier > 0) {
        char why[160];
        snprintf(why, sizeof why, "id '%s' is also on line %ld (each id may appear once)", t->id,
                 earlier);
        ops_batch_bad_line(b, line, "id", why);
        return HS_OK;
    }
    chunk *c = &b->fill;
    if (c->count == c->capacity) {
        hs_status st = chunk_grow(c, err);
        if (st != HS_OK)
            return st;
    }
    c->events[c->count] = *t;
    c->lines[c->count] = line;
    c->count++;
    /* Flush at chunk size, never inside a linked chain. */
    if (c->count >= BOOK_CHUNK_EVENTS && !(t->flags & TRANSFER_LINKED))
        return flush(b, err);
    return HS_OK;
}

hs_status ops_batch_finish(ops_batch *b, hs_status reading, ops_batch_summary *summary,
                           hs_error *err) {
    assert(b != NULL && summary != NULL);
    hs_status st = reading;
    if (st == HS_OK) {
        st = flush_last(b, err);
    } else {
        hs_error ignored = {0};
        (void)join(b, &ignored); /* the input failed (err says why): only wait for the worker */
    }
    assert(!b->in_flight);
    bool clean = st == HS_OK && b->bad_lines == 0 && b->refusals == 0;
    if (clean) {
        st = end_tx(&b->tx, HS_OK, err);
    } else {
        end_tx(&b->tx, st != HS_OK ? st : HS_REFUSED, err); /* rolls back */
        if (st == HS_OK && b->bad_lines > 0)
            st = hs_fail_code(err, HS_INPUT, "invalid_input", b->first_bad_field,
                              "%s: nothing was applied (%ld bad lines, %ld refused)", b->label,
                              b->bad_lines, b->refusals);
        else if (st == HS_OK)
            st = hs_fail_code(err, b->first_refusal, transfer_result_name(b->first_refusal_result),
                              NULL, "%s: nothing was applied (%ld bad lines, %ld refused)",
                              b->label, b->bad_lines, b->refusals);
    }
    assert(!store_in_txn(b->ctx.store));
    *summary = (ops_batch_summary){.applied = st == HS_OK ? b->tx.summary.applied : 0,
                                   .existed = b->tx.summary.existed,
                                   .bad_lines = b->bad_lines,
                                   .refusals = b->refusals,
                                   .committed = st == HS_OK};
    chunk_free(&b->fill);
    chunk_free(&b->applying);
    free(b->refused.v);
    free(b->later.v);
    batch_ids_free(&b->ids);
    free(b);
    return st;
}
