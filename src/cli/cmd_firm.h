/* cmd_firm.h — `huoshui firm ...`: the firm registry's subcommands (shared between cmd_firm*.c). */
#ifndef HS_CLI_CMD_FIRM_H
#define HS_CLI_CMD_FIRM_H

#include "cli/cli.h"
#include "registry/registry.h"

/* `huoshui firm SUBCOMMAND ...` (the command table's entry). */
int cmd_firm(const hs_config *cfg, int argc, char **argv);
/* `firm list [--city C] [--sector S] [--stage S] [--flag F]... [--limit N] [--json]`. */
int cmd_firm_list(const hs_config *cfg, int argc, char **argv);
/* `firm show USCC [--json]`. */
int cmd_firm_show(const hs_config *cfg, int argc, char **argv);
/* Opens the book and the registry (creating the book if `create`); prints the error and returns
 * its exit code on failure, else 0. */
int firm_open(const hs_config *cfg, const char *cmd, bool create, hs_store **s, hs_registry **r);

#endif
