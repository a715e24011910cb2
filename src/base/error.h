/* error.h — one error value carried up the stack: a status, a stable machine code, the field at
 * fault and a message for people.
 *
 * Every fallible function takes an `hs_error *` and returns an `hs_status`. The status maps onto
 * the CLI's exit codes (hs_exit_code): 0 done, 1 refused by a rule, 2 bad usage or input (and not
 * found), 3 storage failure. `code` is a stable snake_case word that scripts and the HTTP API can
 * switch on (`exceeds_credits`, `limit_used`, `not_found`, `invalid_field`, `state_conflict`, ...);
 * it never changes once released. `field` names the input at fault when one is ("amount",
 * "--firm", "uscc"), else is empty. The message names the file, line and field where the input came
 * from whenever it is known. */
#ifndef HS_BASE_ERROR_H
#define HS_BASE_ERROR_H

#include <stddef.h>

typedef enum {
    HS_OK = 0,
    HS_REFUSED = 1,   /* a rule said no (would overspend, already posted, ...) */
    HS_INPUT = 2,     /* bad usage or malformed input */
    HS_STORAGE = 3,   /* the book could not be read or written */
    HS_NOT_FOUND = 4, /* the named thing does not exist (exit code 2, HTTP 404) */
} hs_status;

#define HS_ERROR_CODE_MAX 48
#define HS_ERROR_FIELD_MAX 64

typedef struct {
    hs_status status;
    char code[HS_ERROR_CODE_MAX];   /* stable snake_case code; "" only while status is HS_OK */
    char field[HS_ERROR_FIELD_MAX]; /* the field at fault, or "" */
    char msg[1024];
} hs_error;

/* Sets `err` (if not NULL) to `status` with a printf-style message and the status's default code
 * (hs_status_code); clears the field. Returns `status`. */
hs_status hs_fail(hs_error *err, hs_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As hs_fail, with an explicit stable `code` (snake_case, < HS_ERROR_CODE_MAX bytes; NULL means
 * the status's default) and the `field` at fault (NULL or "" for none). Returns `status`. */
hs_status hs_fail_code(hs_error *err, hs_status status, const char *code, const char *field,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* HS_NOT_FOUND with code "not_found" and the message; `field` names the key looked up (may be
 * NULL). Returns HS_NOT_FOUND. */
hs_status hs_not_found(hs_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* HS_INPUT with code "invalid_field" naming `field`. Returns HS_INPUT. */
hs_status hs_invalid_field(hs_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in `err` with "prefix: " (e.g. a file:line); keeps status, code and
 * field. Returns err->status (HS_OK if err is NULL). */
hs_status hs_error_prefix(hs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets the field of an error already raised, if it names none yet; returns err->status. */
hs_status hs_error_field(hs_error *err, const char *field);

/* Clears `err` to HS_OK with an empty code, field and message. */
void hs_error_clear(hs_error *err);

/* The default code of a status: "ok", "refused", "invalid_input", "storage_error", "not_found". */
const char *hs_status_code(hs_status status);

/* The CLI exit code for a status: 0, 1, 2, 3 (HS_NOT_FOUND exits 2, like other bad input). */
int hs_exit_code(hs_status status);

#endif
