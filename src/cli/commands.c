/* commands.c — the table of `huoshui` subcommands. Add one line per command; each lives in its own
 * cmd_*.c file. */
#include "cli/cli.h"
#include "cli/commands.h"

const command_entry cli_commands[] = {
    {"calc", cmd_calc, "fund calculators: XIRR, NPV, distribution waterfall"},
    {"fund", cmd_fund, "fund projections (Takahashi–Alexander) and commitment pacing"},
    {NULL, NULL, NULL},
};
