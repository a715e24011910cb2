/* static.c — the dashboard's built files over HTTP (see static.h). */
#include "server/static.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_BYTES 128

static bool file_readable(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

bool static_web_dir(const char *data_dir, char *out, size_t len) {
    assert(out != NULL && len > 0);
    out[0] = '\0';
    if (data_dir == NULL)
        return false;
    static const char *const candidates[] = {"%s/build/web", "%s/www"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        char dir[4096], index[4096 + 16];
        snprintf(dir, sizeof dir, candidates[i], data_dir);
        snprintf(index, sizeof index, "%s/index.html", dir);
        if (file_readable(index) && strlen(dir) < len) {
            snprintf(out, len, "%s", dir);
            return true;
        }
    }
    return false;
}

bool static_is_web_path(const char *path) {
    if (path == NULL)
        return false;
    return !(strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0);
}

bool static_name_hashed(const char *name) {
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return false;
    const char *p = dot;
    size_t hex = 0;
    while (p > name && isxdigit((unsigned char)p[-1]) && !isupper((unsigned char)p[-1])) {
        p--;
        hex++;
    }
    return hex >= 8 && p > name && p[-1] == '-';
}

const char *static_content_type(const char *name) {
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"},
                 {".js", "text/javascript; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},
                 {".json", "application/json"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"},
                 {".ico", "image/x-icon"},
                 {".woff2", "font/woff2"},
                 {".txt", "text/plain; charset=utf-8"},
                 {".map", "application/json"}};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

bool static_accepts_gzip(const char *accept_encoding) {
    for (const char *p = accept_encoding; p != NULL && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        size_t tok = 0;
        while (tok < n && p[tok] != ';' && p[tok] != ' ')
            tok++;
        bool named = (tok == 4 && strncasecmp(p, "gzip", 4) == 0) || (tok == 1 && p[0] == '*');
        if (named) {
            const char *q = memchr(p, ';', n);
            bool zero = false;
            if (q != NULL) {
                const char *qv = strstr(q, "q=");
                if (qv != NULL && (size_t)(qv - p) < n) {
                    double v = strtod(qv + 2, NULL);
                    zero = v <= 0.0;
                }
            }
            if (!zero)
                return true;
        }
        p = end;
    }
    return false;
}

/* The file name a path asks for ("/" is index.html), or false when it names none. */
static bool path_name(const char *path, char *name, size_t len) {
    assert(path != NULL && path[0] == '/');
    const char *s = path + 1;
    if (*s == '\0')
        s = "index.html";
    size_t n = strlen(s);
    if (n == 0 || n >= len || s[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '.' || c == '_' || c == '-'))
            return false;
    }
    memcpy(name, s, n + 1);
    return true;
}

/* Reads a whole regular file of at most STATIC_FILE_MAX bytes into a malloc'd buffer. */
static bool read_file(const char *path, char **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > STATIC_FILE_MAX) {
        close(fd);
        return false;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size > 0 ? size : 1);
    size_t got = 0;
    while (buf != NULL && got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (buf == NULL || got != size) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = size;
    return true;
}

static void not_found(http_response *resp, const char *path) {
    hs_error err = {0};
    hs_fail_code(&err, HS_NOT_FOUND, "not_found", "path", "no such page or file: %.200s", path);
    http_respond_error(resp, &err, false, NULL);
}

void static_handle(const char *data_dir, const http_request *req, http_response *resp) {
    assert(req != NULL && resp != NULL && static_is_web_path(req->path));
    char name[NAME_MAX_BYTES], dir[4096];
    bool get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
    if (!get || req->path[0] != '/' || !path_name(req->path, name, sizeof name) ||
        !static_web_dir(data_dir, dir, sizeof dir)) {
        not_found(resp, req->path);
        return;
    }
    char path[4096 + NAME_MAX_BYTES + 8];
    bool gzip = false;
    char *body = NULL;
    size_t len = 0;
    if (static_accepts_gzip(http_header(req, "Accept-Encoding"))) {
        snprintf(path, sizeof path, "%s/%s.gz", dir, name);
        gzip = read_file(path, &body, &len);
    }
    if (!gzip) {
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (!read_file(path, &body, &len)) {
            not_found(resp, req->path);
            return;
        }
    }
    http_response_free(resp);
    resp->status = 200;
    resp->body = len > 0 ? body : NULL;
    resp->body_len = len;
    if (len == 0)
        free(body);
    resp->content_type = static_content_type(name);
    resp->content_encoding = gzip ? "gzip" : NULL;
    resp->vary_accept_encoding = true;
    resp->cache_control =
        static_name_hashed(name) ? "public, max-age=31536000, immutable" : "no-cache";
}
