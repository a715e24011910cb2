/* fuzz/http_request.c — libFuzzer target: any bytes as one HTTP request (a request line "METHOD
 * PATH[?QUERY]", header lines "Name: value", a blank line, the body) through server_handle (and,
 * by the first byte, as an authenticated principal of some role through server_handle_as): the
 * router, percent-decoding, authentication lookups, CSRF, role and scope rules, JSON body parsing
 * and the transfer handler on an in-memory book, no network. Must never crash or leak; every
 * response must be a status from the contract with a JSON body (or none for 304), and the book
 * must stay sound (store_check). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/dispatch.h"
#include "store/book.h"

static hs_store *shared_book(void) {
    static hs_store *s;
    if (s != NULL)
        return s;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        abort();
    const char *names[] = {"approp", "budget", "spare"};
    for (int i = 0; i < 3; i++) {
        hs_account a;
        bool existed;
        if (book_account_create(s, names[i], i == 0 ? "appropriation" : "budget",
                                i == 1 ? ACCOUNT_DEBITS_LE_CREDITS : 0, &a, &existed,
                                &err) != HS_OK)
            abort();
    }
    return s;
}

/* Splits data into a request; pointers go into buf (a NUL-terminated copy). */
static void parse(char *buf, size_t len, http_request *req, char **method_out) {
    char *p = buf, *end = buf + len;
    char *line_end = memchr(p, '\n', (size_t)(end - p));
    if (line_end == NULL)
        line_end = end;
    *line_end = '\0';
    char *space = strchr(p, ' ');
    req->method = p;
    req->path = "/";
    if (space != NULL) {
        *space = '\0';
        req->path = space + 1;
        char *q = strchr(space + 1, '?');
        if (q != NULL) {
            *q = '\0';
            char *kv = q + 1;
            while (kv != NULL && req->query_count < HTTP_PARAMS_MAX) {
                char *amp = strchr(kv, '&');
                if (amp != NULL)
                    *amp++ = '\0';
                char *eq = strchr(kv, '=');
                if (eq != NULL)
                    *eq++ = '\0';
                req->query[req->query_count++] = (http_pair){kv, eq};
                kv = amp;
            }
        }
    }
    *method_out = p;
    p = line_end < end ? line_end + 1 : end;
    while (p < end && req->headers_count < HTTP_HEADERS_MAX) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            nl = end;
        if (nl == p) { /* blank line: the body follows */
            p++;
            break;
        }
        *nl = '\0';
        char *colon = strchr(p, ':');
        if (colon != NULL) {
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ')
                v++;
            req->headers[req->headers_count++] = (http_pair){p, v};
        }
        p = nl < end ? nl + 1 : end;
    }
    if (p < end) {
        req->body = p;
        req->body_len = (size_t)(end - p);
    }
}

static bool contract_status(int s) {
    static const int ok[] = {200, 201, 202, 304, 400, 401, 403, 404, 405, 409, 413, 422, 429, 503};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (s == ok[i])
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > (1u << 16))
        return 0;
    hs_store *s = shared_book();
    char *buf = malloc(size);
    if (buf == NULL)
        return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    http_request req = {.client_addr = "127.0.0.1"};
    char *method;
    parse(buf, size - 1, &req, &method);
    server_env env = {
        .store = s, .clock = hs_clock_system(), .data_dir = ".", .auth = auth_config_default()};
    http_response resp = {0};
    int role = data[0] % (HS_ROLE_OPERATOR + 1);
    if (role == HS_ROLE_NONE || role == HS_ROLE_OPERATOR) {
        server_handle(&env, &req, &resp);
    } else {
        hs_principal p = principal_make("fuzzer", (hs_role)role);
        hs_scope sc;
        if (scope_parse("programme:p1", &sc))
            principal_add_scope(&p, sc);
        server_handle_as(&env, &req, &p, (data[0] & 0x80) ? "session" : NULL,
                         (data[0] & 0x80) ? "csrf-token-of-the-fuzzer" : NULL, &resp);
    }
    if (!contract_status(resp.status))
        abort();
    if (resp.status != 304 && resp.status != 200 && resp.body == NULL)
        abort(); /* every error has its JSON object */
    bool json_body = resp.content_type != NULL && strncmp(resp.content_type, "application/json",
                                                          strlen("application/json")) == 0;
    if (resp.status >= 400 && !json_body)
        abort();                          /* every error is a JSON object */
    if (resp.body != NULL && json_body) { /* the dashboard's static files are not JSON */
        json_error_t e;
        json_t *v = json_loadb(resp.body, resp.body_len, 0, &e);
        if (v == NULL)
            abort();
        json_decref(v);
    }
    http_response_free(&resp);
    free(buf);
    store_check_report rep;
    hs_error err = {0};
    if (store_check(s, &rep, &err) != HS_OK || !rep.ok)
        abort();
    (void)method;
    return 0;
}
