/* committer.c — the group-commit thread (see committer.h). */
#include "server/committer.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_REQUESTS_MAX 1024 /* requests in one transaction at most */

typedef struct pending {
    ops_group_request *req;
    bool done;
    pthread_cond_t done_cond; /* this request's own: a commit wakes only the workers it answers */
    struct pending *next;
} pending;

struct group_committer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t queued;
    pending *head, *tail;
    bool stopping;
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

static void *run(void *arg) {
    group_committer *c = arg;
    hs_ctx ctx = ops_ctx(c->store, &c->clock, &c->principal, c->data_dir);
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (c->head == NULL && !c->stopping)
            pthread_cond_wait(&c->queued, &c->lock);
        if (c->head == NULL && c->stopping)
            break;
        size_t n = 0;
        while (c->head != NULL && n < GROUP_REQUESTS_MAX) {
            pending *p = c->head;
            c->head = p->next;
            c->taken[n] = p;
            c->batch[n] = *p->req;
            n++;
        }
        if (c->head == NULL)
            c->tail = NULL;
        pthread_mutex_unlock(&c->lock);
        hs_error err = {0};
        (void)ops_transfer_group(&ctx, c->batch, n, c->render, c->render_ctx, &err);
        pthread_mutex_lock(&c->lock);
        for (size_t i = 0; i < n; i++) {
            *c->taken[i]->req = c->batch[i];
            c->taken[i]->done = true;
            pthread_cond_signal(&c->taken[i]->done_cond);
        }
        c->groups++;
        c->requests += n;
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
        free(c);
        return hs_fail(err, HS_STORAGE, "cannot start the group committer thread");
    }
    *out = c;
    return HS_OK;
}

void committer_submit(group_committer *c, ops_group_request *r) {
    pending p = {.req = r};
    pthread_cond_init(&p.done_cond, NULL);
    pthread_mutex_lock(&c->lock);
    assert(!c->stopping);
    if (c->tail != NULL)
        c->tail->next = &p;
    else
        c->head = &p;
    c->tail = &p;
    pthread_cond_signal(&c->queued);
    while (!p.done)
        pthread_cond_wait(&p.done_cond, &c->lock);
    pthread_mutex_unlock(&c->lock);
    pthread_cond_destroy(&p.done_cond);
}

void committer_stats(group_committer *c, unsigned long *groups, unsigned long *requests) {
    pthread_mutex_lock(&c->lock);
    *groups = c->groups;
    *requests = c->requests;
    pthread_mutex_unlock(&c->lock);
}

void committer_stop(group_committer *c) {
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    c->stopping = true;
    pthread_cond_signal(&c->queued);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    store_close(c->store);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->queued);
    free(c);
}
