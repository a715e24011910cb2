/* http.h — one HTTP exchange as the server's code sees it, independent of libmicrohttpd: the
 * request (method, raw path, query parameters, headers, body) and the response being built
 * (status, body, the headers the API sets). The daemon (daemon.c) fills a request from MHD and
 * sends the response; unit tests and the fuzzer build requests directly.
 *
 * Ownership: a request borrows every string it points to (valid for the exchange); a response
 * owns its body (malloc'd; http_response_free). */
#ifndef HS_SERVER_HTTP_H
#define HS_SERVER_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define HTTP_BODY_MAX_DEFAULT (1u << 20) /* 1 MiB: larger bodies are answered 413 */
#define HTTP_PARAMS_MAX 32
#define HTTP_HEADERS_MAX 64

typedef struct {
    const char *name, *value; /* value NULL: the parameter was given without "=" */
} http_pair;

typedef struct {
    const char *method; /* "GET", "POST", ... */
    const char *path; /* raw, still percent-encoded, without the query: "/api/v1/accounts/a%2Fb" */
    http_pair query[HTTP_PARAMS_MAX]; /* decoded query parameters, in order */
    size_t query_count;
    http_pair headers[HTTP_HEADERS_MAX]; /* header names compare case-insensitively */
    size_t headers_count;
    const char *body; /* the body (NOT NUL-terminated), or NULL */
    size_t body_len;
    bool body_too_large;            /* the body exceeded the cap and was dropped */
    const char *client_addr;        /* "127.0.0.1", for rate limiting; never NULL */
    struct http_deferral *deferral; /* the daemon's: a handler may answer after it returned
                                       (server/deferral.h); NULL in unit tests and the fuzzer */
} http_request;

typedef struct {
    int status;
    char *body; /* owned; NULL for an empty body */
    size_t body_len;
    const char *content_type;      /* static string */
    char etag[40];                 /* "\"hex\"" or "" */
    char set_cookie[256];          /* a Set-Cookie value or "" */
    bool idempotency_hit;          /* Idempotency-Hit: true */
    bool no_store;                 /* Cache-Control: no-store (else no-cache for API reads) */
    char content_disposition[160]; /* downloads, or "" */
    bool deferred; /* the handler answers later through req->deferral: nothing to send now */
    const char *cache_control;    /* static string overriding the API's Cache-Control, or NULL */
    const char *content_encoding; /* "gzip" for pre-compressed bytes, or NULL */
    bool vary_accept_encoding;    /* Vary: Accept-Encoding (the bytes depend on it) */
} http_response;

/* The value of header `name` (case-insensitive), or NULL. */
const char *http_header(const http_request *req, const char *name);
/* The value of query parameter `name`, or NULL (also NULL when given without a value). */
const char *http_query(const http_request *req, const char *name);

/* Sets resp to `status` with the compact serialisation of `body` (stolen; NULL: no body) as
 * application/json. Returns false (resp set to a 503 text) when out of memory. */
bool http_respond_json(http_response *resp, int status, json_t *body);
/* Sets resp to `status` with a copy of len bytes of `body` and content type `type` (static). */
bool http_respond_bytes(http_response *resp, int status, const char *type, const char *body,
                        size_t len);
/* The HTTP status for an error: unauthenticated 401, forbidden and csrf 403, not_found 404,
 * body_too_large 413, rate_limited 429, idempotency_key_required 400, idempotency_key_reused 409,
 * approval_pending 202; otherwise by status: HS_NOT_FOUND 404, HS_INPUT 400 (422 when
 * `validation`: the JSON was well-formed but its content failed validation), HS_REFUSED 409,
 * HS_STORAGE 503. */
int http_error_status(const hs_error *err, bool validation);
/* Sets resp to the error object {"error":{"code","message","field"}} (field null when none), with
 * http_error_status(err, validation); `extra` members (stolen, may be NULL) join the error object.
 */
void http_respond_error(http_response *resp, const hs_error *err, bool validation, json_t *extra);
/* Frees the body; the response can be reused. */
void http_response_free(http_response *resp);

#endif
