/* commands.c — the table of `huoshui` subcommands. Add one line per command; each lives in its own
 * cmd_*.c file. */
#include "cli/cli.h"
#include "cli/commands.h"

const command_entry cli_commands[] = {
    {"policy", cmd_policy, "check, test, evaluate and explain policy files"},
    {NULL, NULL, NULL},
};
