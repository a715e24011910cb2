/* test_auth_stdin.c — the CLI's secret reader: the first line of stdin, newline and CR dropped,
 * the rest left unread; empty stdin, an over-long line and a NUL byte are told apart. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/stdin_secret.h"

/* Runs stdin_secret_read with stdin fed `len` bytes of `input`; returns its status, the line in
 * out[out_len] and, in rest, what it left unread (up to 63 bytes). */
static stdin_secret_status read_from(const char *input, size_t len, char *out, size_t out_len,
                                     char rest[64]) {
    int fds[2];
    if (pipe(fds) != 0) {
        harness_fail(__FILE__, __LINE__, "pipe");
        return STDIN_SECRET_ERROR;
    }
    if (write(fds[1], input, len) != (ssize_t)len)
        harness_fail(__FILE__, __LINE__, "write");
    close(fds[1]);
    int saved = dup(STDIN_FILENO);
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    stdin_secret_status st = stdin_secret_read("", out, out_len);
    ssize_t n = read(STDIN_FILENO, rest, 63);
    rest[n > 0 ? n : 0] = '\0';
    dup2(saved, STDIN_FILENO);
    close(saved);
    return st;
}

TEST(auth_stdin_secret_first_line_only) {
    char buf[32], rest[64];
    CHECK_EQ_INT(read_from("secret pass\r\nsecond line\n", 25, buf, sizeof buf, rest),
                 STDIN_SECRET_OK);
    CHECK_EQ_STR(buf, "secret pass");
    CHECK_EQ_STR(rest, "second line\n");
    CHECK_EQ_INT(read_from("no newline", 10, buf, sizeof buf, rest), STDIN_SECRET_OK);
    CHECK_EQ_STR(buf, "no newline");
    CHECK_EQ_INT(read_from("", 0, buf, sizeof buf, rest), STDIN_SECRET_EMPTY);
    CHECK_EQ_INT(read_from("\n", 1, buf, sizeof buf, rest), STDIN_SECRET_OK);
    CHECK_EQ_STR(buf, "");
    CHECK_EQ_INT(read_from("a\0b\n", 4, buf, sizeof buf, rest), STDIN_SECRET_ERROR);
    /* 31 bytes fit a 32-byte buffer; 32 do not */
    const char *fits = "0123456789012345678901234567890\n";
    CHECK_EQ_INT(read_from(fits, strlen(fits), buf, sizeof buf, rest), STDIN_SECRET_OK);
    CHECK_EQ_INT(strlen(buf), 31);
    const char *over = "01234567890123456789012345678901\n";
    CHECK_EQ_INT(read_from(over, strlen(over), buf, sizeof buf, rest), STDIN_SECRET_TOO_LONG);
}
