/* commands.c — the table of `huoshui` subcommands. Add one line per command; each lives in its own
 * cmd_*.c file. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/cmd_firm.h"

const command_entry cli_commands[] = {
    {"firm", cmd_firm, "the firm registry: import/export CSV, list, show (统一社会信用代码)"},
    {NULL, NULL, NULL},
};
