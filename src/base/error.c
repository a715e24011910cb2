/* error.c — the error value (see error.h). */
#include "base/error.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *hs_status_code(hs_status status) {
    switch (status) {
    case HS_OK:
        return "ok";
    case HS_REFUSED:
        return "refused";
    case HS_INPUT:
        return "invalid_input";
    case HS_STORAGE:
        return "storage_error";
    case HS_NOT_FOUND:
        return "not_found";
    }
    return "error";
}

int hs_exit_code(hs_status status) {
    switch (status) {
    case HS_OK:
        return 0;
    case HS_REFUSED:
        return 1;
    case HS_INPUT:
    case HS_NOT_FOUND:
        return 2;
    case HS_STORAGE:
        return 3;
    }
    return 3;
}

static void set(hs_error *err, hs_status status, const char *code, const char *field,
                const char *fmt, va_list ap) {
    assert(status != HS_OK);
    err->status = status;
    snprintf(err->code, sizeof err->code, "%s",
             code != NULL && *code != '\0' ? code : hs_status_code(status));
    snprintf(err->field, sizeof err->field, "%s", field != NULL ? field : "");
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

hs_status hs_fail(hs_error *err, hs_status status, const char *fmt, ...) {
    if (err == NULL)
        return status;
    va_list ap;
    va_start(ap, fmt);
    set(err, status, NULL, NULL, fmt, ap);
    va_end(ap);
    return status;
}

hs_status hs_fail_code(hs_error *err, hs_status status, const char *code, const char *field,
                       const char *fmt, ...) {
    if (err == NULL)
        return status;
    va_list ap;
    va_start(ap, fmt);
    set(err, status, code, field, fmt, ap);
    va_end(ap);
    return status;
}

hs_status hs_not_found(hs_error *err, const char *field, const char *fmt, ...) {
    if (err == NULL)
        return HS_NOT_FOUND;
    va_list ap;
    va_start(ap, fmt);
    set(err, HS_NOT_FOUND, "not_found", field, fmt, ap);
    va_end(ap);
    return HS_NOT_FOUND;
}

hs_status hs_invalid_field(hs_error *err, const char *field, const char *fmt, ...) {
    if (err == NULL)
        return HS_INPUT;
    va_list ap;
    va_start(ap, fmt);
    set(err, HS_INPUT, "invalid_field", field, fmt, ap);
    va_end(ap);
    return HS_INPUT;
}

hs_status hs_error_prefix(hs_error *err, const char *fmt, ...) {
    if (err == NULL)
        return HS_OK;
    char prefix[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    char old[sizeof err->msg];
    memcpy(old, err->msg, sizeof old);
    snprintf(err->msg, sizeof err->msg, "%s: %s", prefix, old);
    return err->status;
}

hs_status hs_error_field(hs_error *err, const char *field) {
    if (err == NULL)
        return HS_OK;
    if (err->field[0] == '\0' && field != NULL)
        snprintf(err->field, sizeof err->field, "%s", field);
    return err->status;
}

void hs_error_clear(hs_error *err) {
    if (err == NULL)
        return;
    err->status = HS_OK;
    err->code[0] = '\0';
    err->field[0] = '\0';
    err->msg[0] = '\0';
}
