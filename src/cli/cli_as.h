/* cli_as.h — the global `--as USER` option: the CLI acts as a server user (e.g. a reviewer who
 * approves what the local operator made) after checking that user's password, read from the first
 * line of stdin, against the book (ops_password_verify). */
#ifndef HS_CLI_CLI_AS_H
#define HS_CLI_CLI_AS_H

#include "cli/cli.h"

/* Reads the password from stdin, verifies `user` on cfg->book_path and makes that user
 * cfg->principal. Returns 0, or the exit code after printing why: 1 (unauthenticated: wrong
 * password, unknown or disabled user), 2 (no password on stdin), 3 (the book cannot be read). The
 * password is wiped from memory before returning. */
int cli_act_as(hs_config *cfg, const char *user);

#endif
