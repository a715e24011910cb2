/* static.h — the web dashboard's built files (web/ built by make into build/web/, installed into
 * share/huoshui/www/), served for every path outside /api/: `/` and `/index.html` (no-cache: it
 * names the current hashed assets), content-hashed assets (NAME-HEX8+.EXT: cached a year,
 * immutable), each with its content type and, when the client accepts gzip and the build made
 * NAME.gz, the pre-compressed bytes (Content-Encoding: gzip, Vary: Accept-Encoding). Only single
 * path segments of [A-Za-z0-9._-] not starting with '.' name a file, so no path can leave the
 * directory; anything else is 404 not_found. */
#ifndef HS_SERVER_STATIC_H
#define HS_SERVER_STATIC_H

#include <stdbool.h>
#include <stddef.h>

#include "server/http.h"

#define STATIC_FILE_MAX ((size_t)(16u << 20)) /* larger files are not served (404) */

/* Fills `out` with the directory the dashboard is served from: data_dir/build/web (a source
 * tree after make), else data_dir/www (make install), the first holding index.html. False (out
 * "") when neither does. */
bool static_web_dir(const char *data_dir, char *out, size_t len);

/* True when `path` (raw, percent-encoded) is a dashboard path, i.e. not under /api/ and not
 * /api itself: such a request is answered by static_handle and never reaches the API. */
bool static_is_web_path(const char *path);

/* Answers a request for a dashboard path (static_is_web_path): GET or HEAD of a built file as
 * described above; 404 not_found for an unknown or malformed name, a missing build, or another
 * method. resp is always filled. */
void static_handle(const char *data_dir, const http_request *req, http_response *resp);

/* True when `name` (one path segment) is a content-hashed asset: a '-' followed by at least 8
 * lowercase hex digits right before the extension ("app-1a2b3c4d.js"). */
bool static_name_hashed(const char *name);

/* The Content-Type for a file name by its extension (static string; application/octet-stream
 * when unknown). */
const char *static_content_type(const char *name);

/* True when an Accept-Encoding header value accepts gzip (a "gzip" or "*" token whose q is not
 * 0). NULL: false. */
bool static_accepts_gzip(const char *accept_encoding);

#endif
