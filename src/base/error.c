#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

hs_status hs_fail(hs_error *err, hs_status status, const char *fmt, ...) {
    if (err == NULL)
        return status;
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return status;
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

void hs_error_clear(hs_error *err) {
    if (err == NULL)
        return;
    err->status = HS_OK;
    err->msg[0] = '\0';
}
