/* test_server.c — the API without a socket: the router, the OpenAPI document against the route
 * table, and requests through server_handle_as with test principals (authentication itself is
 * tested over HTTP in tests/e2e/server.sh): roles, CSRF, idempotency keys, transfers all or
 * nothing, ETags, pagination, and group commit. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ledger/transfer_codec.h"
#include "ops/transfer_group.h"
#include "server/committer.h"
#include "server/daemon.h"
#include "server/dispatch.h"
#include "server/routes.h"
#include "server/transfers_render.h"
#include "store/book.h"

/* ---- a book on disk (group commit needs a second connection) ---- */

typedef struct {
    char path[512];
    hs_store *store;
    server_env env;
} fixture;

static void make_account(hs_store *s, const char *name, const char *kind, uint32_t flags) {
    hs_account a;
    bool existed;
    hs_error err = {0};
    if (book_account_create(s, name, kind, flags, &a, &existed, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "account %s: %s", name, err.msg);
}

static void fixture_open(fixture *f) {
    memset(f, 0, sizeof *f);
    char dir[] = "/tmp/hs-unit-server-XXXXXX";
    if (mkdtemp(dir) == NULL)
        harness_fail(__FILE__, __LINE__, "mkdtemp failed");
    snprintf(f->path, sizeof f->path, "%s/book.db", dir);
    hs_error err = {0};
    if (store_open(f->path, STORE_CREATE, &f->store, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    make_account(f->store, "approp", "appropriation", 0);
    make_account(f->store, "budget", "budget", ACCOUNT_DEBITS_LE_CREDITS);
    make_account(f->store, "spare", "enterprise", 0);
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "firm/9100000000000000%02d/cash", i);
        make_account(f->store, name, "enterprise", 0);
    }
    /* an account a module owns: plain transfers may not touch it */
    hs_tx tx;
    if (hs_tx_begin(f->store, &tx, &err) == HS_OK) {
        hs_tx_account_ensure(&tx, "pool/p1", "pool", 0, "credit", NULL, NULL, &err);
        hs_tx_commit(&tx, &err);
    }
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "fund");
    snprintf(t.debit, sizeof t.debit, "approp");
    snprintf(t.credit, sizeof t.credit, "budget");
    t.amount_fen = 100000; /* 1,000.00 */
    transfer_result r;
    book_summary sum;
    book_transfer(f->store, &t, 1, &r, true, &sum, &err);
    f->env = (server_env){.store = f->store, .clock = hs_clock_system(), .data_dir = "."};
}

static void fixture_close(fixture *f) {
    store_close(f->store);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char side[600];
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", f->path, suffixes[i]);
        remove(side);
    }
    char *slash = strrchr(f->path, '/');
    if (slash != NULL) {
        *slash = '\0';
        remove(f->path);
    }
}

static hs_principal user(const char *name, hs_role role) {
    return principal_make(name, role);
}

/* ---- requests ---- */

typedef struct {
    http_request req;
    http_response resp;
    json_t *json; /* the parsed response body, or NULL */
} exchange;

static void send_as(exchange *x, const server_env *env, const hs_principal *p, const char *csrf,
                    const char *method, const char *path, const char *body, const char *idem_key,
                    const char *csrf_header) {
    memset(x, 0, sizeof *x);
    x->req.method = method;
    x->req.path = path;
    x->req.client_addr = "127.0.0.1";
    char *q = strchr(path, '?');
    static char path_copy[512];
    if (q != NULL) { /* one "name=value" query parameter is enough for these tests */
        snprintf(path_copy, sizeof path_copy, "%s", path);
        path_copy[q - path] = '\0';
        x->req.path = path_copy;
        char *eq = strchr(path_copy + (q - path) + 1, '=');
        *eq = '\0';
        x->req.query[0] = (http_pair){path_copy + (q - path) + 1, eq + 1};
        x->req.query_count = 1;
    }
    if (body != NULL) {
        x->req.body = body;
        x->req.body_len = strlen(body);
    }
    if (idem_key != NULL)
        x->req.headers[x->req.headers_count++] = (http_pair){"Idempotency-Key", idem_key};
    if (csrf_header != NULL)
        x->req.headers[x->req.headers_count++] = (http_pair){"X-CSRF-Token", csrf_header};
    server_handle_as(env, &x->req, p, csrf ? "session" : NULL, csrf, &x->resp);
    json_error_t e;
    x->json = x->resp.body ? json_loadb(x->resp.body, x->resp.body_len, 0, &e) : NULL;
}

static const char *error_code(const exchange *x) {
    return json_string_value(json_object_get(json_object_get(x->json, "error"), "code"));
}

static const char *error_field(const exchange *x) {
    return json_string_value(json_object_get(json_object_get(x->json, "error"), "field"));
}

static void done(exchange *x) {
    json_decref(x->json);
    http_response_free(&x->resp);
}

static int64_t balance_debits(hs_store *s, const char *name) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    store_account_by_name(s, name, &a, &found, &err);
    return found ? a.debits_posted_fen : -1;
}

static bool transfer_exists(hs_store *s, const char *id) {
    hs_transfer t;
    bool found = false;
    hs_error err = {0};
    store_transfer_by_id(s, id, &t, &found, &err);
    return found;
}

/* ---- the router ---- */

TEST(server_router_decodes_segments_and_refuses_traversal) {
    route_match m;
    hs_error err = {0};
    CHECK_EQ_INT(route_find("GET", "/api/v1/accounts/budget%2Fchengdu-2024%2Fvouchers", &m, &err),
                 HS_OK);
    CHECK_EQ_STR(route_param(&m, "name"), "budget/chengdu-2024/vouchers");
    CHECK_EQ_STR(m.route->path, "/api/v1/accounts/{name}");
    CHECK_EQ_INT(route_find("GET", "/api/v1/accounts/%2e%2e", &m, &err), HS_INPUT);
    CHECK_EQ_STR(err.code, "invalid_path");
    CHECK_EQ_INT(route_find("GET", "/api/v1/accounts/..", &m, &err), HS_INPUT);
    CHECK_EQ_INT(route_find("GET", "/api/v1/accounts/a%00b", &m, &err), HS_INPUT);
    CHECK_EQ_INT(route_find("GET", "/api/v1/accounts/a%zz", &m, &err), HS_INPUT);
    CHECK_EQ_INT(route_find("GET", "/api/v1/accounts/a%2", &m, &err), HS_INPUT);
    CHECK_EQ_INT(route_find("GET", "/api/v1/accounts//x", &m, &err), HS_INPUT);
    CHECK_EQ_INT(route_find("GET", "/api/v1/nothing", &m, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.code, "not_found");
    CHECK_EQ_INT(route_find("DELETE", "/api/v1/transfers", &m, &err), HS_INPUT);
    CHECK_EQ_STR(err.code, "method_not_allowed");
    hs_error e405 = {.status = HS_INPUT, .code = "method_not_allowed"};
    CHECK_EQ_INT(http_error_status(&e405, false), 405);
}

TEST(server_error_statuses_follow_the_contract) {
    static const struct {
        hs_status st;
        const char *code;
        bool validation;
        int want;
    } cases[] = {
        {HS_REFUSED, "unauthenticated", false, 401},
        {HS_REFUSED, "forbidden", false, 403},
        {HS_REFUSED, "csrf", false, 403},
        {HS_REFUSED, "rate_limited", false, 429},
        {HS_INPUT, "body_too_large", false, 413},
        {HS_INPUT, "idempotency_key_required", 0, 400},
        {HS_REFUSED, "idempotency_key_reused", 0, 409},
        {HS_NOT_FOUND, "not_found", false, 404},
        {HS_INPUT, "invalid_json", false, 400},
        {HS_INPUT, "invalid_field", true, 422},
        {HS_REFUSED, "exceeds_credits", true, 409},
        {HS_STORAGE, "storage_error", false, 503},
        {HS_REFUSED, "approval_pending", false, 202},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hs_error e = {.status = cases[i].st};
        snprintf(e.code, sizeof e.code, "%s", cases[i].code);
        if (http_error_status(&e, cases[i].validation) != cases[i].want)
            harness_fail(__FILE__, __LINE__, "%s: %d, wanted %d", cases[i].code,
                         http_error_status(&e, cases[i].validation), cases[i].want);
    }
}

TEST(server_openapi_documents_exactly_the_route_table) {
    json_t *doc = openapi_document();
    CHECK(doc != NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    json_t *paths = json_object_get(doc, "paths");
    size_t routes = 0, documented = 0;
    for (const server_route *r = server_routes; r->method != NULL; r++) {
        routes++;
        char method[8];
        size_t i = 0;
        for (; r->method[i]; i++)
            method[i] = (char)(r->method[i] | 0x20);
        method[i] = '\0';
        if (json_object_get(json_object_get(paths, r->path), method) == NULL)
            harness_fail(__FILE__, __LINE__, "%s %s is not documented", r->method, r->path);
        /* every schema in the table is JSON */
        json_error_t e;
        const char *schemas[] = {r->request_schema, r->response_schema};
        for (int k = 0; k < 2; k++) {
            json_t *s = schemas[k] ? json_loads(schemas[k], 0, &e) : NULL;
            if (schemas[k] != NULL && s == NULL)
                harness_fail(__FILE__, __LINE__, "%s %s: schema %d: %s", r->method, r->path, k,
                             e.text);
            json_decref(s);
        }
    }
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item) documented += json_object_size(item);
    CHECK_EQ_INT(documented, routes);
    json_t *table = routes_json();
    CHECK_EQ_INT(json_array_size(table), routes);
    json_decref(table);
    json_decref(doc);
}

/* ---- who may do what ---- */

TEST(server_roles_and_scopes_decide_before_anything_runs) {
    fixture f;
    fixture_open(&f);
    exchange x;
    send_as(&x, &f.env, NULL, NULL, "GET", "/api/v1/accounts/approp", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 401);
    CHECK_EQ_STR(error_code(&x), "unauthenticated");
    done(&x);
    send_as(&x, &f.env, NULL, NULL, "GET", "/api/v1/openapi.json", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    done(&x);
    hs_principal admin = user("root", HS_ROLE_ADMIN);
    send_as(&x, &f.env, &admin, NULL, "GET", "/api/v1/accounts/approp", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 403);
    CHECK_EQ_STR(error_code(&x), "forbidden");
    done(&x);
    hs_principal auditor = user("aud", HS_ROLE_AUDITOR);
    send_as(&x, &f.env, &auditor, NULL, "GET", "/api/v1/accounts/approp", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    CHECK_EQ_STR(json_string_value(json_object_get(x.json, "account")), "approp");
    done(&x);
    /* an enterprise sees its own firm's accounts, and no other */
    hs_principal ent = user("acme", HS_ROLE_ENTERPRISE);
    hs_scope sc;
    CHECK(scope_parse("firm:910000000000000001", &sc));
    principal_add_scope(&ent, sc);
    send_as(&x, &f.env, &ent, NULL, "GET", "/api/v1/accounts/firm%2F910000000000000001%2Fcash",
            NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    done(&x);
    send_as(&x, &f.env, &ent, NULL, "GET", "/api/v1/accounts/firm%2F910000000000000002%2Fcash",
            NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 403);
    done(&x);
    send_as(&x, &f.env, &ent, NULL, "GET", "/api/v1/accounts/approp", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 403);
    done(&x);
    /* the list shows an enterprise only its own */
    send_as(&x, &f.env, &ent, NULL, "GET", "/api/v1/accounts", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    CHECK_EQ_INT(json_array_size(json_object_get(x.json, "items")), 1);
    done(&x);
    /* an auditor may read but never pay */
    send_as(&x, &f.env, &auditor, NULL, "POST", "/api/v1/transfers",
            "{\"id\":\"a1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":\"1\"}", "k1",
            NULL);
    CHECK_EQ_INT(x.resp.status, 403);
    done(&x);
    CHECK(!transfer_exists(f.store, "a1"));
    fixture_close(&f);
}

TEST(server_csrf_is_required_for_cookie_writes_only) {
    fixture f;
    fixture_open(&f);
    hs_principal officer = user("olga", HS_ROLE_OFFICER);
    const char *body = "{\"id\":\"c1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":\"1\"}";
    exchange x;
    send_as(&x, &f.env, &officer, "tok-123", "POST", "/api/v1/transfers", body, "k1", NULL);
    CHECK_EQ_INT(x.resp.status, 403);
    CHECK_EQ_STR(error_code(&x), "csrf");
    done(&x);
    send_as(&x, &f.env, &officer, "tok-123", "POST", "/api/v1/transfers", body, "k1", "tok-124");
    CHECK_EQ_INT(x.resp.status, 403);
    done(&x);
    CHECK(!transfer_exists(f.store, "c1"));
    send_as(&x, &f.env, &officer, "tok-123", "POST", "/api/v1/transfers", body, "k1", "tok-123");
    CHECK_EQ_INT(x.resp.status, 200);
    done(&x);
    CHECK(transfer_exists(f.store, "c1"));
    /* reads by cookie need no token */
    send_as(&x, &f.env, &officer, "tok-123", "GET", "/api/v1/accounts/spare", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    done(&x);
    CHECK(server_secret_equal("abc", "abc"));
    CHECK(!server_secret_equal("abc", "abd"));
    CHECK(!server_secret_equal("abc", "abcd"));
    CHECK(!server_secret_equal("", ""));
    CHECK(!server_secret_equal(NULL, "a"));
    fixture_close(&f);
}

/* ---- transfers ---- */

TEST(server_transfers_idempotency_replay_and_reuse) {
    fixture f;
    fixture_open(&f);
    hs_principal officer = user("olga", HS_ROLE_OFFICER), other = user("otto", HS_ROLE_OFFICER);
    const char *body =
        "{\"id\":\"t1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":\"100\"}";
    exchange x, y;
    send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers", body, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 400);
    CHECK_EQ_STR(error_code(&x), "idempotency_key_required");
    done(&x);
    CHECK(!transfer_exists(f.store, "t1"));
    send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers", body, "key-1", NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    CHECK_EQ_STR(json_string_value(json_object_get(x.json, "result")), "ok");
    CHECK(!x.resp.idempotency_hit);
    CHECK_EQ_INT(balance_debits(f.store, "budget"), 10000);
    send_as(&y, &f.env, &officer, NULL, "POST", "/api/v1/transfers", body, "key-1", NULL);
    CHECK_EQ_INT(y.resp.status, 200);
    CHECK(y.resp.idempotency_hit);
    CHECK(y.resp.body_len == x.resp.body_len &&
          memcmp(y.resp.body, x.resp.body, x.resp.body_len) == 0);
    done(&y);
    done(&x);
    CHECK_EQ_INT(balance_debits(f.store, "budget"), 10000);
    const char *other_body =
        "{\"id\":\"t2\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":\"5\"}";
    send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers", other_body, "key-1", NULL);
    CHECK_EQ_INT(x.resp.status, 409);
    CHECK_EQ_STR(error_code(&x), "idempotency_key_reused");
    done(&x);
    CHECK(!transfer_exists(f.store, "t2"));
    /* keys are per user: another officer's key-1 is a new request */
    send_as(&x, &f.env, &other, NULL, "POST", "/api/v1/transfers", other_body, "key-1", NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    CHECK(!x.resp.idempotency_hit);
    done(&x);
    CHECK(transfer_exists(f.store, "t2"));
    /* a refusal is an answer too: replayed as it was */
    const char *too_much =
        "{\"id\":\"t3\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":\"1000000\"}";
    send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers", too_much, "key-3", NULL);
    CHECK_EQ_INT(x.resp.status, 409);
    CHECK_EQ_STR(error_code(&x), "exceeds_credits");
    CHECK_EQ_STR(error_field(&x), "debit");
    done(&x);
    send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers", too_much, "key-3", NULL);
    CHECK_EQ_INT(x.resp.status, 409);
    CHECK(x.resp.idempotency_hit);
    done(&x);
    CHECK(!transfer_exists(f.store, "t3"));
    fixture_close(&f);
}

TEST(server_transfers_bad_bodies_store_nothing) {
    fixture f;
    fixture_open(&f);
    hs_principal officer = user("olga", HS_ROLE_OFFICER);
    static const struct {
        const char *body;
        int status;
        const char *code, *field;
    } cases[] = {
        {"{\"id\":\"b1\",\"debit\":\"budget\",", 400, "invalid_json", "body"},
        {"[1,2]", 400, "invalid_json", "body"},
        {"{\"id\":\"b1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":\"1\",\"colour\":1}",
         400, "unknown_field", "colour"},
        {"{\"transfers\":[],\"x\":1}", 400, "unknown_field", "x"},
        {"{\"id\":\"b1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":\"one\"}", 422,
         "invalid_field", "amount"},
        {"{\"transfers\":[]}", 422, "invalid_field", "transfers"},
        {"{\"transfers\":[{\"id\":\"b1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":1},"
         "{\"id\":\"b1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":2}]}",
         422, "invalid_field", "id"},
        {"{\"id\":\"b1\",\"debit\":\"budget\",\"credit\":\"spare\",\"amount\":1,\"linked\":true}",
         422, "linked_event_chain_open", "linked"},
        {"{\"id\":\"b1\",\"debit\":\"nowhere\",\"credit\":\"spare\",\"amount\":1}", 422,
         "debit_account_not_found", "debit"},
        {"{\"id\":\"b1\",\"debit\":\"pool/p1\",\"credit\":\"spare\",\"amount\":1}", 409,
         "account_owned_by_module", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        exchange x;
        char key[16];
        snprintf(key, sizeof key, "bad-%zu", i);
        send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers", cases[i].body, key, NULL);
        if (x.resp.status != cases[i].status || error_code(&x) == NULL ||
            strcmp(error_code(&x), cases[i].code) != 0 ||
            (cases[i].field &&
             (error_field(&x) == NULL || strcmp(error_field(&x), cases[i].field) != 0)))
            harness_fail(__FILE__, __LINE__, "case %zu: %d %.*s", i, x.resp.status,
                         (int)x.resp.body_len, x.resp.body ? x.resp.body : "");
        done(&x);
    }
    CHECK(!transfer_exists(f.store, "b1"));
    CHECK_EQ_INT(balance_debits(f.store, "budget"), 0);
    fixture_close(&f);
}

TEST(server_transfer_lists_apply_wholly_or_not_at_all) {
    fixture f;
    fixture_open(&f);
    hs_principal officer = user("olga", HS_ROLE_OFFICER);
    exchange x;
    send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers",
            "{\"transfers\":[{\"id\":\"l1\",\"debit\":\"budget\",\"credit\":\"spare\","
            "\"amount\":\"600\"},{\"id\":\"l2\",\"debit\":\"budget\",\"credit\":\"spare\","
            "\"amount\":\"600\"}]}",
            "k-all", NULL);
    CHECK_EQ_INT(x.resp.status, 409);
    CHECK_EQ_STR(error_code(&x), "exceeds_credits");
    CHECK_EQ_STR(json_string_value(json_object_get(json_object_get(x.json, "error"), "id")), "l2");
    done(&x);
    CHECK(!transfer_exists(f.store, "l1"));
    send_as(&x, &f.env, &officer, NULL, "POST", "/api/v1/transfers",
            "{\"transfers\":[{\"id\":\"l1\",\"debit\":\"budget\",\"credit\":\"spare\","
            "\"amount\":\"600\"},{\"id\":\"l2\",\"debit\":\"budget\",\"credit\":\"spare\","
            "\"amount\":\"400\"}]}",
            "k-all-2", NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    CHECK_EQ_INT(json_array_size(json_object_get(x.json, "transfers")), 2);
    done(&x);
    CHECK_EQ_INT(balance_debits(f.store, "budget"), 100000);
    fixture_close(&f);
}

TEST(server_account_get_etag_and_pages) {
    fixture f;
    fixture_open(&f);
    hs_principal auditor = user("aud", HS_ROLE_AUDITOR);
    exchange x, y;
    send_as(&x, &f.env, &auditor, NULL, "GET", "/api/v1/accounts/budget", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 200);
    CHECK(x.resp.etag[0] == '"');
    CHECK_EQ_INT(json_integer_value(json_object_get(x.json, "credits_posted_fen")), 100000);
    memset(&y, 0, sizeof y);
    y.req = (http_request){
        .method = "GET", .path = "/api/v1/accounts/budget", .client_addr = "127.0.0.1"};
    y.req.headers[y.req.headers_count++] = (http_pair){"If-None-Match", x.resp.etag};
    server_handle_as(&f.env, &y.req, &auditor, NULL, NULL, &y.resp);
    CHECK_EQ_INT(y.resp.status, 304);
    CHECK(y.resp.body == NULL);
    http_response_free(&y.resp);
    done(&x);
    send_as(&x, &f.env, &auditor, NULL, "GET", "/api/v1/accounts/nope", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 404);
    CHECK_EQ_STR(error_code(&x), "not_found");
    done(&x);
    /* walk the list two at a time: every account once, in order */
    char path[256] = "/api/v1/accounts?limit=2";
    size_t seen = 0, pages = 0;
    char last[ACCOUNT_NAME_MAX] = "";
    for (;;) {
        send_as(&x, &f.env, &auditor, NULL, "GET", path, NULL, NULL, NULL);
        CHECK_EQ_INT(x.resp.status, 200);
        json_t *items = json_object_get(x.json, "items");
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            const char *name = json_string_value(json_object_get(it, "account"));
            CHECK(strcmp(name, last) > 0);
            snprintf(last, sizeof last, "%s", name);
            seen++;
        }
        pages++;
        const char *next = json_string_value(json_object_get(x.json, "next_cursor"));
        if (next == NULL || pages > 10) {
            done(&x);
            break;
        }
        /* the test's one-parameter query: cursor=...&limit is not parsed, so pass limit via the
         * cursor-only form and check the default page size separately */
        snprintf(path, sizeof path, "/api/v1/accounts?cursor=%s", next);
        done(&x);
    }
    CHECK_EQ_INT(seen, 9); /* approp, budget, spare, 5 firms, pool/p1 */
    CHECK(pages == 2);
    send_as(&x, &f.env, &auditor, NULL, "GET", "/api/v1/accounts?cursor=%%%", NULL, NULL, NULL);
    CHECK_EQ_INT(x.resp.status, 400);
    done(&x);
    fixture_close(&f);
}

/* ---- group commit ---- */

typedef struct {
    bool single;
} shape;

static void group_req(ops_group_request *r, hs_transfer *t, size_t n, const char *user,
                      const char *key, const char *hash, transfer_result *results,
                      hs_transfer *stored, shape *sh) {
    memset(r, 0, sizeof *r);
    r->transfers = t;
    r->n = n;
    r->user = user;
    r->idem_key = key;
    r->request_sha256 = hash;
    r->results = results;
    r->stored = stored;
    r->caller_data = sh;
}

static hs_transfer move(const char *id, const char *debit, const char *credit, int64_t fen) {
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "%s", id);
    snprintf(t.debit, sizeof t.debit, "%s", debit);
    snprintf(t.credit, sizeof t.credit, "%s", credit);
    t.amount_fen = fen;
    return t;
}

TEST(server_group_commit_isolates_each_request) {
    fixture f;
    fixture_open(&f);
    hs_principal op = user("olga", HS_ROLE_OFFICER);
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(f.store, &clock, &op, ".");
    static const char h1[] = "1111111111111111111111111111111111111111111111111111111111111111";
    static const char h2[] = "2222222222222222222222222222222222222222222222222222222222222222";
    hs_transfer a[2] = {move("g1", "budget", "spare", 30000), move("g2", "budget", "spare", 30000)};
    hs_transfer b[2] = {move("g3", "budget", "spare", 30000), move("g4", "budget", "spare", 30000)};
    hs_transfer c[1] = {move("g5", "budget", "spare", 10000)};
    transfer_result ra[2], rb[2], rc[1], rd[1], re[1];
    hs_transfer sa[2], sb[2], sc[1], sd[1], se[1];
    shape sh = {.single = false};
    ops_group_request reqs[5];
    group_req(&reqs[0], a, 2, "olga", "ka", h1, ra, sa, &sh);
    group_req(&reqs[1], b, 2, "olga", NULL, NULL, rb, sb, &sh); /* 60,000 more than is left */
    group_req(&reqs[2], c, 1, "olga", "kc", h1, rc, sc, &sh);
    group_req(&reqs[3], c, 1, "olga", "kc", h1, rd, sd, &sh); /* the same request again */
    group_req(&reqs[4], c, 1, "olga", "kc", h2, re, se, &sh); /* the key, another request */
    hs_error err = {0};
    CHECK_EQ_INT(ops_transfer_group(&ctx, reqs, 5, transfers_render, NULL, &err), HS_OK);
    CHECK_EQ_INT(reqs[0].status, HS_OK);
    CHECK_EQ_INT(reqs[0].response_code, 200);
    CHECK_EQ_INT(reqs[1].status, HS_REFUSED);
    CHECK_EQ_STR(reqs[1].err.code, "exceeds_credits");
    CHECK_EQ_INT(reqs[1].refused_index, 1);
    CHECK_EQ_INT(reqs[2].status, HS_OK);
    CHECK(reqs[3].replayed && reqs[3].response_code == 200);
    CHECK_EQ_INT(reqs[4].status, HS_REFUSED);
    CHECK_EQ_STR(reqs[4].err.code, "idempotency_key_reused");
    CHECK_EQ_INT(reqs[4].response_code, 409);
    for (int i = 0; i < 5; i++)
        free(reqs[i].response_body);
    CHECK(transfer_exists(f.store, "g1") && transfer_exists(f.store, "g2"));
    CHECK(!transfer_exists(f.store, "g3") && !transfer_exists(f.store, "g4"));
    CHECK(transfer_exists(f.store, "g5"));
    CHECK_EQ_INT(balance_debits(f.store, "budget"), 70000);
    /* a later group sees the stored key */
    group_req(&reqs[0], c, 1, "olga", "kc", h1, rc, sc, &sh);
    CHECK_EQ_INT(ops_transfer_group(&ctx, reqs, 1, transfers_render, NULL, &err), HS_OK);
    CHECK(reqs[0].replayed);
    free(reqs[0].response_body);
    fixture_close(&f);
}

typedef struct {
    group_committer *c;
    int worker;
    int ok, refused;
} racer;

static void *race(void *arg) {
    racer *r = arg;
    for (int i = 0; i < 25; i++) {
        char id[32], key[32];
        snprintf(id, sizeof id, "w%d-%d", r->worker, i);
        snprintf(key, sizeof key, "k%d-%d", r->worker, i);
        hs_transfer t = move(id, "budget", "spare", 1000); /* 10.00: 200 of them fit */
        transfer_result res;
        hs_transfer stored;
        shape sh = {.single = true};
        ops_group_request q;
        group_req(&q, &t, 1, "olga", key,
                  "3333333333333333333333333333333333333333333333333333333333333333", &res, &stored,
                  &sh);
        committer_submit(r->c, &q);
        if (q.status == HS_OK && q.response_code == 200)
            r->ok++;
        else if (q.status == HS_REFUSED && strcmp(q.err.code, "exceeds_credits") == 0)
            r->refused++;
        free(q.response_body);
    }
    return NULL;
}

TEST(server_committer_races_a_limited_budget_without_overspending) {
    fixture f;
    fixture_open(&f);
    hs_clock clock = hs_clock_system();
    group_committer *c = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(committer_start(f.path, &clock, ".", transfers_render, NULL, &c, &err), HS_OK);
    enum { WORKERS = 12 };
    racer rs[WORKERS];
    pthread_t th[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        rs[i] = (racer){.c = c, .worker = i};
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    int ok = 0, refused = 0;
    for (int i = 0; i < WORKERS; i++) {
        pthread_join(th[i], NULL);
        ok += rs[i].ok;
        refused += rs[i].refused;
    }
    unsigned long groups, requests;
    committer_stats(c, &groups, &requests);
    committer_stop(c);
    CHECK_EQ_INT(ok, 100); /* 1,000.00 in the budget, 10.00 each */
    CHECK_EQ_INT(refused, WORKERS * 25 - 100);
    CHECK_EQ_INT(requests, WORKERS * 25);
    CHECK(groups <= requests);
    CHECK_EQ_INT(balance_debits(f.store, "budget"), 100000);
    store_check_report rep;
    CHECK_EQ_INT(store_check(f.store, &rep, &err), HS_OK);
    CHECK(rep.ok);
    fixture_close(&f);
}

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int answered;
} answers;

static void count_answer(void *ctx, ops_group_request *r) {
    (void)r;
    answers *a = ctx;
    pthread_mutex_lock(&a->lock);
    a->answered++;
    pthread_cond_signal(&a->cond);
    pthread_mutex_unlock(&a->lock);
}

TEST(server_committer_answers_async_submits_and_refuses_after_drain) {
    fixture f;
    fixture_open(&f);
    hs_clock clock = hs_clock_system();
    group_committer *c = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(committer_start(f.path, &clock, ".", transfers_render, NULL, &c, &err), HS_OK);
    enum { N = 40 };
    hs_transfer ts[N], stored[N];
    transfer_result res[N];
    ops_group_request q[N];
    shape sh = {.single = true};
    char ids[N][16], keys[N][16];
    answers a = {.answered = 0};
    pthread_mutex_init(&a.lock, NULL);
    pthread_cond_init(&a.cond, NULL);
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "as-%d", i);
        snprintf(keys[i], sizeof keys[i], "ka-%d", i);
        ts[i] = move(ids[i], "budget", "spare", 1000);
        group_req(&q[i], &ts[i], 1, "olga", keys[i],
                  "4444444444444444444444444444444444444444444444444444444444444444", &res[i],
                  &stored[i], &sh);
        CHECK(committer_submit_async(c, &q[i], count_answer, &a));
    }
    pthread_mutex_lock(&a.lock);
    while (a.answered < N)
        pthread_cond_wait(&a.cond, &a.lock);
    pthread_mutex_unlock(&a.lock);
    for (int i = 0; i < N; i++) {
        CHECK_EQ_INT(q[i].status, HS_OK);
        CHECK_EQ_INT(q[i].response_code, 200);
        free(q[i].response_body);
    }
    committer_drain(c);
    /* after the drain nothing is taken: async refuses, the blocking form answers storage */
    hs_transfer late = move("late", "budget", "spare", 1000);
    ops_group_request lq;
    group_req(&lq, &late, 1, "olga", "k-late",
              "5555555555555555555555555555555555555555555555555555555555555555", &res[0],
              &stored[0], &sh);
    CHECK(!committer_submit_async(c, &lq, count_answer, &a));
    committer_submit(c, &lq);
    CHECK_EQ_INT(lq.status, HS_STORAGE);
    CHECK_EQ_STR(lq.err.code, "server_stopping"); /* the 503's stable code */
    CHECK(lq.response_body == NULL);
    unsigned long groups, requests;
    committer_stats(c, &groups, &requests);
    CHECK_EQ_INT(requests, N);
    CHECK_EQ_INT(a.answered, N);
    committer_stop(c);
    CHECK_EQ_INT(balance_debits(f.store, "budget"), N * 1000);
    pthread_mutex_destroy(&a.lock);
    pthread_cond_destroy(&a.cond);
    fixture_close(&f);
}

TEST(server_listen_addresses_parse) {
    server_config c = {0};
    CHECK(server_parse_listen("127.0.0.1:8080", &c));
    CHECK_EQ_STR(c.host, "127.0.0.1");
    CHECK_EQ_INT(c.port, 8080);
    CHECK(server_parse_listen("localhost:0", &c));
    CHECK_EQ_STR(c.host, "127.0.0.1");
    CHECK_EQ_INT(c.port, 0);
    CHECK(server_parse_listen("0.0.0.0:65535", &c));
    CHECK(!server_parse_listen("127.0.0.1:65536", &c));
    CHECK(!server_parse_listen("127.0.0.1:", &c));
    CHECK(!server_parse_listen("127.0.0.1", &c));
    CHECK(!server_parse_listen(":8080", &c));
    CHECK(!server_parse_listen("example.org:80", &c));
    CHECK(!server_parse_listen("127.0.0.1:80x", &c));
}
