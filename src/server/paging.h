/* paging.h — what the list routes share: the limit and cursor query parameters (a cursor is the
 * last id of the previous page, URL-safe base64, opaque to clients), the page object
 * {"items":[...],"next_cursor": C or null}, and answering a view or 503 when it could not be
 * built. */
#ifndef HS_SERVER_PAGING_H
#define HS_SERVER_PAGING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "server/dispatch.h"

#define PAGE_LIMIT_DEFAULT 100
#define PAGE_LIMIT_MAX 1000

/* Reads ?limit= (1..PAGE_LIMIT_MAX, default PAGE_LIMIT_DEFAULT) and ?cursor= (decoded into after,
 * NUL-terminated; *has_cursor). False with resp filled (400 invalid_field limit / cursor) when
 * malformed. */
bool page_args(route_call *call, http_response *resp, size_t *limit, char *after, size_t after_len,
               bool *has_cursor);
/* The next_cursor value: the encoded `last` when there are more items, else JSON null. New
 * reference (NULL on OOM). */
json_t *cursor_of(const char *last, bool more);
/* One page of `all` (an array of objects in a stable order, borrowed): the items after the one
 * whose string member `key` equals `after` (NULL: from the first; an `after` not in the array:
 * an empty page), at most `limit` of them, as {"items","next_cursor"}. New reference, NULL on OOM.
 */
json_t *page_of_array(const json_t *all, const char *key, const char *after, size_t limit);
/* The page object of items already cut to one page (stolen; NULL allowed: OOM): {"items",
 * "next_cursor"}, the cursor naming the last item's string member `key` when `more`. New
 * reference, NULL on OOM. */
json_t *page_of_items(json_t *items, const char *key, bool more);
/* Answers 200 with v (stolen), or 503 storage "out of memory" when v is NULL. */
void respond_view(http_response *resp, json_t *v);
/* The same for a page: respond_view under another name, for the list routes. */
void respond_page(http_response *resp, json_t *page);

#endif
