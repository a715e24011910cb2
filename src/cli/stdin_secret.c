/* stdin_secret.c — one secret line from stdin (see stdin_secret.h). */
#include "cli/stdin_secret.h"

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

stdin_secret_status stdin_secret_read(const char *prompt, char *buf, size_t len) {
    assert(buf != NULL && len > 1);
    struct termios saved;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        struct termios quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        fprintf(stderr, "%s", prompt != NULL ? prompt : "");
    }
    size_t n = 0;
    bool got_any = false, newline = false;
    stdin_secret_status st = STDIN_SECRET_OK;
    while (st == STDIN_SECRET_OK && !newline) {
        char c;
        ssize_t r = read(STDIN_FILENO, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            st = STDIN_SECRET_ERROR;
        else if (r == 0)
            break;
        else if (c == '\n')
            newline = got_any = true;
        else if (c == '\0')
            st = STDIN_SECRET_ERROR;
        else if (n + 1 >= len)
            st = STDIN_SECRET_TOO_LONG;
        else {
            buf[n++] = c;
            got_any = true;
        }
    }
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fprintf(stderr, "\n");
    }
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    if (st == STDIN_SECRET_OK && !got_any)
        st = STDIN_SECRET_EMPTY;
    return st;
}
