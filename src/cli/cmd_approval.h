/* cmd_approval.h — what other commands share with `huoshui approval`: printing an operation that
 * became a pending approval instead of moving money. */
#ifndef HS_CLI_CMD_APPROVAL_H
#define HS_CLI_CMD_APPROVAL_H

#include "approval/approval.h"
#include "cli/cli.h"

/* Prints "pending approval A-N (needs a reviewer)" (with --json: {"pending_approval": {...}}) and
 * returns exit code 0: the request was accepted and waits for a checker. */
int cli_print_pending(const hs_config *cfg, const approval *a);

#endif
