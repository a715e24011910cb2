/* cmd_firm.h — `huoshui firm ...`: the firm registry's subcommands (shared between cmd_firm*.c). */
#ifndef HS_CLI_CMD_FIRM_H
#define HS_CLI_CMD_FIRM_H

#include "cli/cli.h"
#include "ops/registry_ops.h"

/* `huoshui firm SUBCOMMAND ...` (the command table's entry). */
int cmd_firm(const hs_config *cfg, int argc, char **argv);
/* `firm list [--city C] [--sector S] [--stage S] [--flag F]... [--limit N] [--json]`. */
int cmd_firm_list(const hs_config *cfg, int argc, char **argv);
/* `firm show USCC [--json]`. */
int cmd_firm_show(const hs_config *cfg, int argc, char **argv);
/* Opens the book (which must exist), its operations context and a registry session (the division
 * table required if `need_divisions`); prints the error and returns its exit code on failure
 * (nothing left open), else 0. Close with firm_close. */
int firm_open(const hs_config *cfg, const char *cmd, bool need_divisions, hs_store **s, hs_ctx *ctx,
              registry_session *rs);
/* Closes what firm_open opened. */
void firm_close(hs_store *s, registry_session *rs);

#endif
