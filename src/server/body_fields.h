/* body_fields.h — reading a route's JSON object body (call->body, parsed by dispatch): unknown
 * members refused (400 unknown_field naming it), strings and amounts validated (422 naming the
 * field). Each returns false with resp filled when the body is refused. */
#ifndef HS_SERVER_BODY_FIELDS_H
#define HS_SERVER_BODY_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "server/dispatch.h"

/* The body has only members named in `allowed` (NULL-ended). */
bool only_fields(route_call *call, http_response *resp, const char *const *allowed);
/* *out is member `name` (borrowed from the body), NULL when absent and not required; present, it
 * must be a non-empty string. */
bool string_field(route_call *call, http_response *resp, const char *name, bool required,
                  const char **out);
/* An optional positive amount: "amount" in any money form (money_parse: "250万", "1,000.00") or
 * "amount_fen" an integer, not both; *fen 0 when absent. */
bool amount_field(route_call *call, http_response *resp, int64_t *fen);

#endif
