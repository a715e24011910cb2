/* audit_request.h — what the caller says about the request it is serving, so that the commit of
 * its transaction can append the audit entry (see audit_repo.h): who acts, the action, the object
 * acted on and the SHA-256 of the request body.
 *
 * The CLI describes itself with audit_request_cli (argv after the global options, secrets
 * redacted, stdin never covered); the server with audit_request_make (e.g. action
 * "POST /api/v1/transfers", the raw body). A request owns its strings (fixed buffers, truncated to
 * fit), so it can be copied by value. */
#ifndef HS_AUDIT_AUDIT_REQUEST_H
#define HS_AUDIT_AUDIT_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/audit_entry.h"

typedef struct {
    char actor[AUDIT_ACTOR_MAX];     /* set from the principal by ops_begin; never from input */
    char action[AUDIT_ACTION_MAX];   /* "subsidy.pay", "POST /api/v1/transfers" */
    char object[AUDIT_OBJECT_MAX];   /* the id acted on, or "" */
    char body_sha256[AUDIT_HEX_LEN]; /* SHA-256 of the body, hex */
} audit_request;

/* A request with the given actor, action and object (NULL is ""; each truncated to fit) and the
 * SHA-256 of body[0..body_len) (body may be NULL when body_len is 0). */
audit_request audit_request_make(const char *actor, const char *action, const char *object,
                                 const void *body, size_t body_len);

/* The CLI's request for argv[0..argc) = COMMAND [SUB [SUB2]] ARGS (global options already
 * removed): action "COMMAND.SUB" ("COMMAND.SUB.SUB2" under the groups credit product|loan|pool
 * and voucher provider; "COMMAND" alone when the next argument is an option); object the value of
 * --id if given, else the first argument after the action words that is not an option or an
 * option's value; body_sha256 the SHA-256 of the canonical encoding of argv: for each argument,
 * "<decimal length>:<bytes>\n", where the value of any option named --password, --token or
 * --secret (and the part after '=' in --password=X) is replaced by "<redacted>". Stdin (where
 * passwords are read) is never part of it. */
audit_request audit_request_cli(const char *actor, int argc, char *const *argv);

/* Writes the canonical argv encoding described above into buf[0..len); returns its length (a
 * prefix is written when it exceeds len). */
size_t audit_cli_body(int argc, char *const *argv, char *buf, size_t len);

#endif
