/* daemon.h — `huoshui serve`: the libmicrohttpd daemon around server_handle.
 *
 * A pool of worker threads (MHD's internal thread pool over epoll), each with its own connection
 * to the book (an hs_store is never shared across threads), opened on its first request; a group
 * committer thread for POST /api/v1/transfers (unless group commit is off). Limits: bodies over
 * body_max bytes are answered 413 without being kept; connections idle for timeout_s seconds are
 * closed, and so is one whose body is not all in within 60 s of its headers; at most
 * connection_limit connections at once; request headers within MHD's memory limit. Every response
 * carries the security headers (Content-Security-Policy without inline script, frame-ancestors
 * 'none', X-Content-Type-Options, Referrer-Policy) and Cache-Control. Nothing is logged per
 * request: no secret (password, token, cookie, Authorization) is ever printed. */
#ifndef HS_SERVER_DAEMON_H
#define HS_SERVER_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/clock.h"
#include "base/error.h"

typedef struct {
    const char *book_path; /* the book (must exist) */
    const char *data_dir;
    hs_clock clock;
    char host[64];      /* IPv4 address to listen on, e.g. "127.0.0.1" */
    unsigned port;      /* 0: any free port (the one taken is printed) */
    unsigned threads;   /* worker threads, >= 1 */
    bool group_commit;  /* POST /api/v1/transfers through the group committer */
    bool cookie_secure; /* add Secure to the session cookie (TLS terminated in front) */
    size_t body_max;    /* bytes */
    unsigned timeout_s; /* idle connection timeout */
    unsigned connection_limit;
    int64_t session_idle_ns;
} server_config;

/* Parses "HOST:PORT" (IPv4 address or "localhost"; port 0..65535) into cfg->host and cfg->port.
 * False when malformed. */
bool server_parse_listen(const char *text, server_config *cfg);

/* Runs the server until SIGTERM or SIGINT: prints "listening on http://HOST:PORT" on stderr once
 * it accepts connections; on the signal stops accepting, lets in-flight requests finish (up to
 * 30 s), commits what is queued, and returns HS_OK. HS_STORAGE (or HS_INPUT) when the book cannot
 * be opened or the address cannot be bound (err says why). Blocks SIGTERM, SIGINT and SIGPIPE in
 * the calling thread (and so in every thread it starts). */
hs_status server_run(const server_config *cfg, hs_error *err);

#endif
