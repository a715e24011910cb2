/* deferral.h — answering a request after its handler returned (libmicrohttpd suspend/resume).
 *
 * The daemon puts an http_deferral in each request it hands to server_handle. A handler that
 * queues work elsewhere (the group committer) calls deferral_suspend from its own thread before
 * queueing, sets resp->deferred and returns; the thread that finishes the work calls
 * deferral_complete exactly once, from any thread, with the answer. The worker thread is free
 * to serve other connections meanwhile, so one event loop can hold hundreds of requests waiting
 * on one commit. */
#ifndef HS_SERVER_DEFERRAL_H
#define HS_SERVER_DEFERRAL_H

#include "server/http.h"

typedef struct http_deferral {
    /* Called from the handler's thread, before the work is queued: stops the connection. */
    void (*suspend)(struct http_deferral *d);
    /* Called once from any thread after suspend: takes resp (its body is stolen) and resumes the
     * connection, which then sends it. */
    void (*complete)(struct http_deferral *d, http_response *resp);
} http_deferral;

static inline void deferral_suspend(http_deferral *d) {
    d->suspend(d);
}
static inline void deferral_complete(http_deferral *d, http_response *resp) {
    d->complete(d, resp);
}

#endif
