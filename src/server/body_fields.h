/* body_fields.h — reading a route's JSON object body (call->body, parsed by dispatch): unknown
 * members refused (400 unknown_field naming it), strings and amounts validated (422 naming the
 * field). Each returns false with resp filled when the body is refused. */
#ifndef HS_SERVER_BODY_FIELDS_H
#define HS_SERVER_BODY_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "server/dispatch.h"

/* The body has only members named in `allowed` (NULL-ended). */
bool only_fields(route_call *call, http_response *resp, const char *const *allowed);
/* *out is member `name` (borrowed from the body), NULL when absent and not required; present, it
 * must be a non-empty string. */
bool string_field(route_call *call, http_response *resp, const char *name, bool required,
                  const char **out);
/* Copies a member read by string_field (NULL: absent, copied as "") into dst[cap]; false with
 * 422 naming `name` when it does not fit. */
bool copy_field(http_response *resp, const char *name, const char *value, char *dst, size_t cap);
/* A money member: `name` in any money form (money_parse: "250万", "1,000.00") or `name`_fen a
 * positive integer, not both; *fen 0 when absent and not required (422 when required). */
bool money_field(route_call *call, http_response *resp, const char *name, bool required,
                 int64_t *fen);
/* money_field for "amount" / "amount_fen", optional. */
bool amount_field(route_call *call, http_response *resp, int64_t *fen);
/* A date member "YYYY-MM-DD"; *out 0 when absent and not required. */
bool date_field(route_call *call, http_response *resp, const char *name, bool required,
                hs_date *out);
/* A boolean member; *out false when absent. */
bool bool_field(route_call *call, http_response *resp, const char *name, bool *out);
#define FACT_TEXT_MAX 256 /* bytes of one typed fact's value */

/* The facts a person types, NAME -> VALUE: an object of at most max_members members, each a
 * string of at most FACT_TEXT_MAX bytes (as the CLI's --input takes them: "true", "2500万");
 * *out borrowed from the body, NULL when absent. */
bool facts_field(route_call *call, http_response *resp, const char *name, size_t max_members,
                 json_t **out);

#endif
