/* error.h — one error value carried up the stack, mapped to the CLI's exit codes.
 *
 * Every fallible function takes an `hs_error *` and returns an `hs_status`. The status doubles as
 * the process exit code: 0 done, 1 refused by a rule, 2 bad usage or input, 3 storage failure. The
 * message names the file, line and field where the input came from whenever it is known. */
#ifndef HS_BASE_ERROR_H
#define HS_BASE_ERROR_H

#include <stddef.h>

typedef enum {
    HS_OK = 0,
    HS_REFUSED = 1, /* a rule said no (would overspend, already posted, ...) */
    HS_INPUT = 2,   /* bad usage or malformed input */
    HS_STORAGE = 3, /* the book could not be read or written */
} hs_status;

typedef struct {
    hs_status status;
    char msg[1024];
} hs_error;

/* Sets `err` (if not NULL) to `status` with a printf-style message; returns `status`. */
hs_status hs_fail(hs_error *err, hs_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in `err` with "prefix: " (e.g. a file:line); returns err->status. */
hs_status hs_error_prefix(hs_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears `err` to HS_OK with an empty message. */
void hs_error_clear(hs_error *err);

#endif
