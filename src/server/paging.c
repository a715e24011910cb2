/* paging.c — cursor pages and view responses for the routes (see paging.h). */
#include "server/paging.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void respond_view(http_response *resp, json_t *v) {
    if (v == NULL) {
        hs_error err = {0};
        hs_fail(&err, HS_STORAGE, "out of memory");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 200, v);
}

void respond_page(http_response *resp, json_t *page) {
    respond_view(resp, page);
}

bool page_args(route_call *call, http_response *resp, size_t *limit, char *after, size_t after_len,
               bool *has_cursor) {
    hs_error err = {0};
    const char *lt = http_query(call->req, "limit"), *cursor = http_query(call->req, "cursor");
    *limit = PAGE_LIMIT_DEFAULT;
    if (lt != NULL) {
        char *end;
        long v = strtol(lt, &end, 10);
        if (*lt == '\0' || *end != '\0' || v < 1 || v > PAGE_LIMIT_MAX) {
            hs_invalid_field(&err, "limit", "limit must be an integer from 1 to %d",
                             PAGE_LIMIT_MAX);
            http_respond_error(resp, &err, false, NULL);
            return false;
        }
        *limit = (size_t)v;
    }
    *has_cursor = cursor != NULL;
    if (cursor != NULL) {
        size_t n = 0;
        if (sodium_base642bin((unsigned char *)after, after_len - 1, cursor, strlen(cursor), NULL,
                              &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
            n == 0 || memchr(after, '\0', n) != NULL) {
            hs_invalid_field(&err, "cursor", "not a cursor this API gave out");
            http_respond_error(resp, &err, false, NULL);
            return false;
        }
        after[n] = '\0';
    }
    return true;
}

json_t *cursor_of(const char *last, bool more) {
    if (!more)
        return json_null();
    char enc[sodium_base64_ENCODED_LEN(256, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    size_t n = strlen(last);
    if (n > 256)
        n = 256;
    sodium_bin2base64(enc, sizeof enc, (const unsigned char *)last, n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return json_string(enc);
}

json_t *page_of_items(json_t *items, const char *key, bool more) {
    if (items == NULL)
        return NULL;
    size_t n = json_array_size(items);
    const char *last =
        n ? json_string_value(json_object_get(json_array_get(items, n - 1), key)) : NULL;
    return json_pack("{s:o, s:o*}", "items", items, "next_cursor",
                     cursor_of(last ? last : "", more && last != NULL));
}

json_t *page_of_array(const json_t *all, const char *key, const char *after, size_t limit) {
    json_t *items = json_array();
    if (items == NULL)
        return NULL;
    size_t i = 0, n = json_array_size(all);
    if (after != NULL) {
        for (; i < n; i++) {
            const char *id = json_string_value(json_object_get(json_array_get(all, i), key));
            if (id != NULL && strcmp(id, after) == 0)
                break;
        }
        i++; /* past the cursor's item (past the end when it is not there) */
    }
    const char *last = NULL;
    for (; i < n && json_array_size(items) < limit; i++) {
        json_t *v = json_array_get(all, i);
        if (json_array_append(items, v) != 0) {
            json_decref(items);
            return NULL;
        }
        last = json_string_value(json_object_get(v, key));
    }
    bool more = i < n && last != NULL;
    return json_pack("{s:o, s:o*}", "items", items, "next_cursor",
                     cursor_of(last ? last : "", more));
}
