/* commands.h — one entry point per subcommand (argv[0] is the command name; returns the exit code).
 */
#ifndef HS_CLI_COMMANDS_H
#define HS_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_policy(const hs_config *cfg, int argc, char **argv);

#endif
