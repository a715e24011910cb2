/* policy_scope.h — the policy a request names, resolved by id (never a path: ops/policy_source.h)
 * and checked against the caller's scope before anything is decided under it: an officer acts on
 * the programmes it holds, an enterprise on its own firm. */
#ifndef HS_SERVER_POLICY_SCOPE_H
#define HS_SERVER_POLICY_SCOPE_H

#include <stdbool.h>

#include "instrument/decision.h"
#include "ops/policy_source.h"
#include "server/dispatch.h"

/* Resolves `ref` (body member `field`: "ID" or "ID@VERSION") to a policy of `instrument` and
 * checks that the caller may act under it: route_record_visible with the policy's programme and
 * `firm` (NULL: the programme alone). Only a shipped version is taken for a new decision (one only
 * the book still stores may have been amended since). False with resp filled: 422 invalid_field
 * (a malformed ref, a version not shipped, a policy of another instrument), 404 not_found, 403
 * forbidden naming `field`. On true the caller
 * owns *doc (policy_doc_free) and programme (programme_cap bytes) holds the policy's programme.
 * Read-only. */
bool policy_in_scope(route_call *call, http_response *resp, const char *field, const char *ref,
                     hs_instrument instrument, const char *firm, policy_doc *doc, char *programme,
                     size_t programme_cap);

/* Reads the body's required "programme" member into *programme (borrowed) and checks that the
 * caller holds it (route_record_visible). False with resp filled: 422 for a missing member, 403
 * forbidden naming "programme" with `what` ("expire the awards of") in the message. */
bool programme_in_scope(route_call *call, http_response *resp, const char *what,
                        const char **programme);

#endif
