/* test_static.c — the dashboard's files (server/static.c): hashed names, content types, gzip
 * negotiation, path confinement, and the answers for a built directory made here. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/http.h"
#include "server/static.h"

TEST(static_hashed_names) {
    CHECK(static_name_hashed("app-1a2b3c4d5e6f.js"));
    CHECK(static_name_hashed("favicon-0123abcd.svg"));
    CHECK(!static_name_hashed("index.html"));
    CHECK(!static_name_hashed("app-1a2b3c.js"));     /* too short */
    CHECK(!static_name_hashed("app-1A2B3C4D5E.js")); /* upper case is not ours */
    CHECK(!static_name_hashed("1a2b3c4d5e6f.js"));   /* no '-' */
    CHECK(!static_name_hashed("app-1a2b3c4d5e6f"));  /* no extension */
}

TEST(static_types_by_extension) {
    CHECK_EQ_STR(static_content_type("index.html"), "text/html; charset=utf-8");
    CHECK_EQ_STR(static_content_type("app-1a2b3c4d.js"), "text/javascript; charset=utf-8");
    CHECK_EQ_STR(static_content_type("app-1a2b3c4d.css"), "text/css; charset=utf-8");
    CHECK_EQ_STR(static_content_type("f.svg"), "image/svg+xml");
    CHECK_EQ_STR(static_content_type("f.bin"), "application/octet-stream");
    CHECK_EQ_STR(static_content_type("noext"), "application/octet-stream");
}

TEST(static_gzip_negotiation) {
    CHECK(static_accepts_gzip("gzip"));
    CHECK(static_accepts_gzip("gzip, deflate, br"));
    CHECK(static_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    CHECK(static_accepts_gzip("*"));
    CHECK(!static_accepts_gzip("gzip;q=0"));
    CHECK(!static_accepts_gzip("br, deflate"));
    CHECK(!static_accepts_gzip("xgzip"));
    CHECK(!static_accepts_gzip(""));
    CHECK(!static_accepts_gzip(NULL));
}

TEST(static_web_paths) {
    CHECK(static_is_web_path("/"));
    CHECK(static_is_web_path("/index.html"));
    CHECK(static_is_web_path("/apix"));
    CHECK(!static_is_web_path("/api/v1/session"));
    CHECK(!static_is_web_path("/api"));
    CHECK(!static_is_web_path(NULL));
}

static void put(const char *dir, const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    fputs(text, f);
    fclose(f);
}

static const char *header_value(const char *name, const char *value) {
    (void)name;
    return value;
}

static void get(const char *data_dir, const char *method, const char *path, const char *accept,
                http_response *resp) {
    http_request req = {.method = method, .path = path, .client_addr = "127.0.0.1"};
    if (accept != NULL)
        req.headers[req.headers_count++] =
            (http_pair){"Accept-Encoding", header_value("Accept-Encoding", accept)};
    static_handle(data_dir, &req, resp);
}

TEST(static_handle_serves_the_built_directory) {
    char root[] = "/tmp/huoshui-static-XXXXXX";
    CHECK(mkdtemp(root) != NULL);
    char dir[600], out[600];
    CHECK(!static_web_dir(root, out, sizeof out));
    snprintf(dir, sizeof dir, "%s/build", root);
    mkdir(dir, 0700);
    snprintf(dir, sizeof dir, "%s/build/web", root);
    mkdir(dir, 0700);
    put(dir, "index.html", "<!doctype html>");
    put(dir, "app-0123456789ab.js", "console.log(1)");
    put(dir, "app-0123456789ab.js.gz", "GZ");
    put(root, "secret.txt", "no");
    CHECK(static_web_dir(root, out, sizeof out));
    CHECK_EQ_STR(out, dir);

    http_response r = {0};
    get(root, "GET", "/", NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(r.body_len == 15 && memcmp(r.body, "<!doctype html>", 15) == 0);
    CHECK_EQ_STR(r.cache_control, "no-cache");
    CHECK_EQ_STR(r.content_type, "text/html; charset=utf-8");
    CHECK(r.content_encoding == NULL);
    http_response_free(&r);

    get(root, "GET", "/app-0123456789ab.js", "gzip", &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(r.body_len == 2 && memcmp(r.body, "GZ", 2) == 0);
    CHECK(r.content_encoding != NULL && strcmp(r.content_encoding, "gzip") == 0);
    CHECK_EQ_STR(r.cache_control, "public, max-age=31536000, immutable");
    CHECK(r.vary_accept_encoding);
    http_response_free(&r);
    r = (http_response){0};

    get(root, "HEAD", "/app-0123456789ab.js", "br", &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(r.body_len == 14 && r.content_encoding == NULL);
    http_response_free(&r);
    r = (http_response){0};

    static const char *const refused[] = {
        "/../secret.txt", "/%2e%2e/secret.txt", "/.hidden", "/sub/index.html",
        "/nope.js",       "//etc/passwd",       ""};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        get(root, "GET", refused[i], NULL, &r);
        CHECK_EQ_INT(r.status, 404);
        http_response_free(&r);
        r = (http_response){0};
    }
    get(root, "POST", "/index.html", NULL, &r);
    CHECK_EQ_INT(r.status, 404);
    http_response_free(&r);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK(system(cmd) == 0);
}
