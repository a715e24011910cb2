/* stdin_secret.h — reading one secret (a password, a token) from the first line of stdin without
 * echoing it and without leaving copies in stdio buffers: bytes are read with read(2) straight
 * into the caller's buffer, which the caller wipes (sodium_memzero). */
#ifndef HS_CLI_STDIN_SECRET_H
#define HS_CLI_STDIN_SECRET_H

#include <stddef.h>

typedef enum {
    STDIN_SECRET_OK = 0,
    STDIN_SECRET_EMPTY,    /* stdin ended before any byte */
    STDIN_SECRET_TOO_LONG, /* the line does not fit in buf */
    STDIN_SECRET_ERROR,    /* read(2) failed or the line holds a NUL */
} stdin_secret_status;

/* Reads the first line of stdin into buf[len] (NUL-terminated; the "\n" and a "\r" before it are
 * dropped). If stdin is a terminal, prints `prompt` on stderr and turns echo off while reading.
 * The rest of stdin is left unread. */
stdin_secret_status stdin_secret_read(const char *prompt, char *buf, size_t len);

#endif
