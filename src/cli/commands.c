/* commands.c — the table of `huoshui` subcommands. Add one line per command; each lives in its own
 * cmd_*.c file. */
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/cmd_firm.h"

int cmd_gen(const hs_config *cfg, int argc, char **argv);

const command_entry cli_commands[] = {
    {"firm", cmd_firm, "the firm registry: import/export CSV, list, show (统一社会信用代码)"},
    {"gen", cmd_gen, "synthetic data in import formats (gen firms --n N --seed S)"},
    {NULL, NULL, NULL},
};
