/* daemon.c — libmicrohttpd around server_handle (see daemon.h). */
#include "server/daemon.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <sodium.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/committer.h"
#include "server/deferral.h"
#include "auth/secret.h"
#include "server/dispatch.h"
#include "server/transfers_render.h"

#define SHUTDOWN_GRACE_NS (30LL * 1000000000LL)
#define BODY_DEADLINE_NS (60LL * 1000000000LL) /* a whole body within a minute of its headers */
/* MHD clears a connection's pool for every request: 32 KiB holds the request line and headers
 * (bodies are copied out chunk by chunk) at half the cost of 64 KiB */
#define CONNECTION_MEMORY_BYTES ((size_t)(32 * 1024))

typedef struct {
    const server_config *cfg;
    pthread_key_t env_key; /* each worker thread's server_env */
    group_committer *committer;
    atomic_long in_flight; /* requests begun and not yet completely answered */
    atomic_bool stopping;
} server_state;

/* One request's state, from its request line to its completion. */
typedef struct {
    char *body;
    size_t body_len, body_cap;
    bool too_large, answered;
    int64_t started_ns; /* monotonic: when the headers were in (the body must follow in time) */
    http_request req;
    char *query_text[HTTP_PARAMS_MAX]; /* decoded copies of query names and values */
    size_t query_text_count;
    /* a deferred answer (deferral.h): the connection is suspended until the committer fills
     * `later` and resumes it; MHD then calls on_request again, which sends it */
    http_deferral deferral;
    struct MHD_Connection *conn;
    http_response later;
    bool later_ready;
} exchange;

static int64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void deferral_suspend_mhd(http_deferral *d) {
    exchange *x = (exchange *)((char *)d - offsetof(exchange, deferral));
    MHD_suspend_connection(x->conn);
}

/* From the committer's thread: the resume (MHD's lock) publishes `later` to the worker. */
static void deferral_complete_mhd(http_deferral *d, http_response *resp) {
    exchange *x = (exchange *)((char *)d - offsetof(exchange, deferral));
    x->later = *resp;
    resp->body = NULL;
    resp->body_len = 0;
    x->later_ready = true;
    MHD_resume_connection(x->conn);
}

static void env_free(void *p) {
    server_env *env = p;
    if (env != NULL)
        store_close(env->store);
    free(env);
}

/* This worker thread's environment, opened on its first request; NULL if the book can't be
 * opened (err says why). */
static server_env *thread_env(server_state *s, hs_error *err) {
    server_env *env = pthread_getspecific(s->env_key);
    if (env != NULL)
        return env;
    env = calloc(1, sizeof *env);
    if (env == NULL) {
        hs_fail(err, HS_STORAGE, "out of memory");
        return NULL;
    }
    if (store_open(s->cfg->book_path, STORE_OPEN_EXISTING, &env->store, err) != HS_OK) {
        free(env);
        return NULL;
    }
    env->clock = s->cfg->clock;
    env->data_dir = s->cfg->data_dir;
    env->committer = s->committer;
    env->cookie_secure = s->cfg->cookie_secure;
    env->auth = auth_config_default();
    env->auth.session_idle_ns = s->cfg->session_idle_ns;
    pthread_setspecific(s->env_key, env);
    return env;
}

/* Paths and query arguments are kept as sent (percent-encoded): the router decodes each path
 * segment on its own, so "a%2Fb" stays one segment; query values are decoded by decode_query. */
static size_t keep_escaped(void *cls, struct MHD_Connection *conn, char *s) {
    (void)cls;
    (void)conn;
    return strlen(s);
}

static int hex_digit(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes a query component in place ('+' is a space, %XX a byte); a bad escape stays as is. */
static void decode_query(char *s) {
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '+') {
            *w++ = ' ';
        } else if (*r == '%' && hex_digit(r[1]) >= 0 && hex_digit(r[2]) >= 0 &&
                   (hex_digit(r[1]) | hex_digit(r[2])) != 0) {
            *w++ = (char)(hex_digit(r[1]) * 16 + hex_digit(r[2]));
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode code) {
    (void)conn;
    (void)code;
    server_state *s = cls;
    exchange *x = *con_cls;
    if (x == NULL)
        return;
    if (x->body != NULL)
        sodium_memzero(x->body, x->body_len); /* it may hold a password */
    for (size_t i = 0; i < x->query_text_count; i++)
        free(x->query_text[i]);
    free(x->body);
    http_response_free(&x->later);
    free(x);
    *con_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value) {
    (void)kind;
    http_request *req = cls;
    if (req->headers_count < HTTP_HEADERS_MAX && key != NULL)
        req->headers[req->headers_count++] = (http_pair){key, value ? value : ""};
    return MHD_YES;
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value) {
    (void)kind;
    exchange *x = cls;
    if (x->req.query_count >= HTTP_PARAMS_MAX / 2 || key == NULL)
        return MHD_YES;
    char *k = strdup(key), *v = value ? strdup(value) : NULL;
    if (k == NULL || (value != NULL && v == NULL)) {
        free(k);
        free(v);
        return MHD_NO;
    }
    decode_query(k);
    x->query_text[x->query_text_count++] = k;
    if (v != NULL) {
        decode_query(v);
        x->query_text[x->query_text_count++] = v;
    }
    x->req.query[x->req.query_count++] = (http_pair){k, v};
    return MHD_YES;
}

static void security_headers(struct MHD_Response *r) {
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_response(server_state *s, struct MHD_Connection *conn,
                                     http_response *resp) {
    struct MHD_Response *r;
    if (resp->body != NULL && resp->body_len > 0) {
        r = MHD_create_response_from_buffer(resp->body_len, resp->body, MHD_RESPMEM_MUST_FREE);
        if (r != NULL)
            resp->body = NULL; /* MHD frees it */
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    http_response_free(resp);
    if (r == NULL)
        return MHD_NO;
    security_headers(r);
    if (resp->status != 304 && resp->content_type != NULL)
        MHD_add_response_header(r, "Content-Type", resp->content_type);
    MHD_add_response_header(r, "Cache-Control",
                            resp->cache_control ? resp->cache_control
                            : resp->no_store    ? "no-store"
                                                : "private, no-cache");
    if (resp->content_encoding != NULL)
        MHD_add_response_header(r, "Content-Encoding", resp->content_encoding);
    if (resp->vary_accept_encoding)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (resp->etag[0])
        MHD_add_response_header(r, "ETag", resp->etag);
    if (resp->set_cookie[0])
        MHD_add_response_header(r, "Set-Cookie", resp->set_cookie);
    if (resp->idempotency_hit)
        MHD_add_response_header(r, "Idempotency-Hit", "true");
    if (resp->content_disposition[0])
        MHD_add_response_header(r, "Content-Disposition", resp->content_disposition);
    if (atomic_load(&s->stopping))
        MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result respond_error(server_state *s, struct MHD_Connection *conn,
                                     const hs_error *err) {
    http_response resp = {0};
    http_respond_error(&resp, err, false, NULL);
    return send_response(s, conn, &resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
    (void)url;
    (void)version;
    server_state *s = cls;
    exchange *x = *con_cls;
    hs_error err = {0};
    if (x == NULL) { /* first call: the headers are in */
        x = calloc(1, sizeof *x);
        if (x == NULL)
            return MHD_NO;
        *con_cls = x;
        atomic_fetch_add(&s->in_flight, 1);
        x->started_ns = monotonic_ns();
        x->req.method = method;
        x->req.path = url;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl != NULL && strtoull(cl, NULL, 10) > s->cfg->body_max) {
            x->answered = true; /* answered before reading the body: MHD closes the connection */
            hs_fail_code(&err, HS_INPUT, "body_too_large", "body",
                         "the body (%s bytes) is larger than %zu bytes", cl, s->cfg->body_max);
            return respond_error(s, conn, &err);
        }
        return MHD_YES;
    }
    if (x->later_ready) { /* resumed: the committer answered */
        x->later_ready = false;
        http_response later = x->later;
        x->later = (http_response){0};
        return send_response(s, conn, &later);
    }
    if (x->answered)
        return MHD_YES;
    if (*upload_data_size > 0) {
        if (monotonic_ns() - x->started_ns > BODY_DEADLINE_NS)
            return MHD_NO; /* a body trickling in past the deadline: drop the connection */
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (x->too_large || x->body_len + n > s->cfg->body_max) {
            x->too_large = true; /* keep reading (chunked bodies), keep nothing */
            free(x->body);
            x->body = NULL;
            x->body_len = x->body_cap = 0;
            return MHD_YES;
        }
        if (x->body_len + n > x->body_cap) {
            size_t cap = x->body_cap ? x->body_cap : 4096;
            while (cap < x->body_len + n)
                cap *= 2;
            char *b = realloc(x->body, cap);
            if (b == NULL)
                return MHD_NO;
            x->body = b;
            x->body_cap = cap;
        }
        memcpy(x->body + x->body_len, upload_data, n);
        x->body_len += n;
        return MHD_YES;
    }
    /* the whole request is in */
    x->answered = true;
    server_env *env = thread_env(s, &err);
    if (env == NULL)
        return respond_error(s, conn, &err);
    http_request *req = &x->req;
    req->body = x->body;
    req->body_len = x->body_len;
    req->body_too_large = x->too_large;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header, req);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_query, x);
    char addr[INET6_ADDRSTRLEN] = "unknown";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci != NULL && ci->client_addr != NULL && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr,
                  sizeof addr);
    req->client_addr = addr;
    if (s->committer != NULL) {
        x->conn = conn;
        x->deferral =
            (http_deferral){.suspend = deferral_suspend_mhd, .complete = deferral_complete_mhd};
        req->deferral = &x->deferral;
    }
    http_response resp = {0};
    server_handle(env, req, &resp);
    if (resp.deferred)
        return MHD_YES; /* suspended (or already resumed with its answer in x->later) */
    return send_response(s, conn, &resp);
}

bool server_parse_listen(const char *text, server_config *cfg) {
    const char *colon = strrchr(text, ':');
    if (colon == NULL || colon == text || (size_t)(colon - text) >= sizeof cfg->host)
        return false;
    char host[sizeof cfg->host];
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    struct in_addr a;
    if (inet_pton(AF_INET, host, &a) != 1)
        return false;
    char *end;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || errno != 0 || port > 65535)
        return false;
    snprintf(cfg->host, sizeof cfg->host, "%s", host);
    cfg->port = (unsigned)port;
    return true;
}

hs_status server_run(const server_config *cfg, hs_error *err) {
    /* Check the book opens before binding: a bad path is a clear error, not 503s. */
    hs_store *probe;
    hs_status st = store_open(cfg->book_path, STORE_OPEN_EXISTING, &probe, err);
    if (st != HS_OK)
        return st;
    store_close(probe);
    if (!auth_crypto_init())
        return hs_fail(err, HS_STORAGE, "libsodium cannot start (no entropy source?)");
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    server_state s = {.cfg = cfg};
    atomic_init(&s.in_flight, 0);
    atomic_init(&s.stopping, false);
    if (pthread_key_create(&s.env_key, env_free) != 0)
        return hs_fail(err, HS_STORAGE, "cannot create the worker key");
    if (cfg->group_commit) {
        st = committer_start(cfg->book_path, &cfg->clock, cfg->data_dir, transfers_render, NULL,
                             &s.committer, err);
        if (st != HS_OK) {
            pthread_key_delete(s.env_key);
            return st;
        }
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cfg->port)};
    inet_pton(AF_INET, cfg->host, &sa.sin_addr);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME,
        (uint16_t)cfg->port, NULL, NULL, on_request, &s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_s, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)cfg->connection_limit, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        CONNECTION_MEMORY_BYTES, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
        &s, MHD_OPTION_END);
    if (d == NULL) {
        committer_stop(s.committer);
        pthread_key_delete(s.env_key);
        return hs_fail_code(err, HS_INPUT, "cannot_listen", "--listen",
                            "cannot listen on %s:%u (in use, or not an address of this host)",
                            cfg->host, cfg->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info != NULL ? info->port : cfg->port;
    fprintf(stderr, "listening on http://%s:%u\n", cfg->host, port);
    fflush(stderr);

    int sig = 0;
    while (sigwait(&sigs, &sig) == 0 && sig == SIGPIPE)
        ;
    fprintf(stderr, "huoshui serve: %s: stopping (finishing requests in flight)\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    atomic_store(&s.stopping, true);
    MHD_socket listen_fd = MHD_quiesce_daemon(d);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    int64_t deadline = monotonic_ns() + SHUTDOWN_GRACE_NS;
    while (atomic_load(&s.in_flight) > 0 && monotonic_ns() < deadline) {
        struct timespec ms = {0, 5 * 1000000L};
        nanosleep(&ms, NULL);
    }
    long left = atomic_load(&s.in_flight);
    /* apply and answer whatever still waits for a commit (it resumes its connections: MHD must
     * have none suspended when it stops); later submissions are answered 503 */
    if (s.committer != NULL)
        committer_drain(s.committer);
    MHD_stop_daemon(d);
    if (s.committer != NULL) {
        unsigned long groups, requests;
        committer_stats(s.committer, &groups, &requests);
        committer_stop(s.committer);
        fprintf(stderr, "huoshui serve: group commit: %lu requests in %lu transactions\n", requests,
                groups);
    }
    pthread_key_delete(s.env_key);
    if (left > 0)
        fprintf(stderr, "huoshui serve: %ld requests were still open after 30 s\n", left);
    fprintf(stderr, "huoshui serve: stopped\n");
    return HS_OK;
}
