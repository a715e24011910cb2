/* commands.h — one entry point per subcommand (argv[0] is the command name; returns the exit code).
 */
#ifndef HS_CLI_COMMANDS_H
#define HS_CLI_COMMANDS_H

#include "cli/cli.h"

int cmd_init(const hs_config *cfg, int argc, char **argv);
int cmd_account(const hs_config *cfg, int argc, char **argv);
int cmd_transfer(const hs_config *cfg, int argc, char **argv);
int cmd_balance(const hs_config *cfg, int argc, char **argv);
int cmd_history(const hs_config *cfg, int argc, char **argv);
int cmd_check(const hs_config *cfg, int argc, char **argv);
int cmd_firm(const hs_config *cfg, int argc, char **argv);
int cmd_gen(const hs_config *cfg, int argc, char **argv);
int cmd_calc(const hs_config *cfg, int argc, char **argv);
int cmd_fund(const hs_config *cfg, int argc, char **argv);
int cmd_programme(const hs_config *cfg, int argc, char **argv);
int cmd_credit(const hs_config *cfg, int argc, char **argv);
int cmd_policy(const hs_config *cfg, int argc, char **argv);
int cmd_subsidy(const hs_config *cfg, int argc, char **argv);
int cmd_voucher(const hs_config *cfg, int argc, char **argv);
int cmd_report(const hs_config *cfg, int argc, char **argv);

#endif
