/* committer.c — the group-commit thread (see committer.h). */
#include "server/committer.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_REQUESTS_MAX 1024 /* requests in one transaction at most */

typedef struct pending {
    ops_group_request *req;
    committer_done done;
    void *done_ctx;
    struct pending *next;
} pending;

struct group_committer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t queued;
    pending *head, *tail;
    bool closed;  /* committer_drain began: no more requests */
    bool drained; /* the thread has been joined */
    hs_store *store;
    hs_clock clock;
    hs_principal principal;
    const char *data_dir;
    ops_group_render render;
    void *render_ctx;
    unsigned long groups, requests;
    ops_group_request batch[GROUP_REQUESTS_MAX];
    pending *taken[GROUP_REQUESTS_MAX];
};

/* Applies one group (the lock is not held) and answers each of its requests. */
static void commit_group(group_committer *c, const hs_ctx *ctx, size_t n) {
    for (size_t i = 0; i < n; i++)
        c->batch[i] = *c->taken[i]->req;
    hs_error err = {0};
    (void)ops_transfer_group(ctx, c->batch, n, c->render, c->render_ctx, &err);
    pthread_mutex_lock(&c->lock); /* counted before anyone is answered (committer_stats) */
    c->groups++;
    c->requests += n;
    pthread_mutex_unlock(&c->lock);
    for (size_t i = 0; i < n; i++) {
        pending *p = c->taken[i];
        *p->req = c->batch[i];
        p->done(p->done_ctx, p->req); /* may free p->req: the caller's answer is out */
        free(p);
    }
}

static void *run(void *arg) {
    group_committer *c = arg;
    hs_ctx ctx = ops_ctx(c->store, &c->clock, &c->principal, c->data_dir);
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (c->head == NULL && !c->closed)
            pthread_cond_wait(&c->queued, &c->lock);
        if (c->head == NULL && c->closed)
            break;
        size_t n = 0;
        while (c->head != NULL && n < GROUP_REQUESTS_MAX) {
            c->taken[n++] = c->head;
            c->head = c->head->next;
        }
        if (c->head == NULL)
            c->tail = NULL;
        pthread_mutex_unlock(&c->lock);
        commit_group(c, &ctx, n);
        pthread_mutex_lock(&c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

hs_status committer_start(const char *book_path, const hs_clock *clock, const char *data_dir,
                          ops_group_render render, void *render_ctx, group_committer **out,
                          hs_error *err) {
    *out = NULL;
    group_committer *c = calloc(1, sizeof *c);
    if (c == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory starting the group committer");
    hs_status st = store_open(book_path, STORE_OPEN_EXISTING, &c->store, err);
    if (st != HS_OK) {
        free(c);
        return st;
    }
    c->clock = *clock;
    c->principal = principal_make("server:group-commit", HS_ROLE_OFFICER);
    c->data_dir = data_dir;
    c->render = render;
    c->render_ctx = render_ctx;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->queued, NULL);
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        store_close(c->store);
        pthread_mutex_destroy(&c->lock);
        pthread_cond_destroy(&c->queued);
        free(c);
        return hs_fail(err, HS_STORAGE, "cannot start the group committer thread");
    }
    *out = c;
    return HS_OK;
}

bool committer_submit_async(group_committer *c, ops_group_request *r, committer_done done,
                            void *done_ctx) {
    assert(c != NULL && r != NULL && done != NULL);
    pending *p = malloc(sizeof *p);
    if (p == NULL)
        return false;
    *p = (pending){.req = r, .done = done, .done_ctx = done_ctx};
    pthread_mutex_lock(&c->lock);
    if (c->closed) {
        pthread_mutex_unlock(&c->lock);
        free(p);
        return false;
    }
    if (c->tail != NULL)
        c->tail->next = p;
    else
        c->head = p;
    c->tail = p;
    pthread_cond_signal(&c->queued);
    pthread_mutex_unlock(&c->lock);
    return true;
}

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool done;
} waiter;

static void wake(void *ctx, ops_group_request *r) {
    (void)r;
    waiter *w = ctx;
    pthread_mutex_lock(&w->lock);
    w->done = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void committer_submit(group_committer *c, ops_group_request *r) {
    waiter w = {.done = false};
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.cond, NULL);
    if (committer_submit_async(c, r, wake, &w)) {
        pthread_mutex_lock(&w.lock);
        while (!w.done)
            pthread_cond_wait(&w.cond, &w.lock);
        pthread_mutex_unlock(&w.lock);
    } else {
        r->status = hs_fail_code(&r->err, HS_STORAGE, "server_stopping", NULL,
                                 "the group committer is stopping (or out of memory): not applied");
    }
    pthread_mutex_destroy(&w.lock);
    pthread_cond_destroy(&w.cond);
}

void committer_stats(group_committer *c, unsigned long *groups, unsigned long *requests) {
    pthread_mutex_lock(&c->lock);
    *groups = c->groups;
    *requests = c->requests;
    pthread_mutex_unlock(&c->lock);
}

void committer_drain(group_committer *c) {
    pthread_mutex_lock(&c->lock);
    bool join = !c->drained;
    c->closed = true;
    c->drained = true;
    pthread_cond_signal(&c->queued);
    pthread_mutex_unlock(&c->lock);
    if (join)
        pthread_join(c->thread, NULL);
}

void committer_stop(group_committer *c) {
    if (c == NULL)
        return;
    committer_drain(c);
    store_close(c->store);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->queued);
    free(c);
}
