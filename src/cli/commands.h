/* commands.h — one entry point per subcommand (argv[0] is the command name; returns the exit code).
 */
#ifndef HS_CLI_COMMANDS_H
#define HS_CLI_COMMANDS_H

#include "cli/cli.h"

/* Every entry point parses its own arguments (argv[0] is the command name), prints to stdout (and
 * errors to stderr as "huoshui COMMAND: message", with one {"error":...} object on stdout under
 * --json), and returns the exit code: 0 done, 1 refused by a rule, 2 bad input or not found,
 * 3 storage failure. `COMMAND --help` prints the usage to stdout and returns 0. Each opens the
 * book itself (cli_open_book) and closes it before returning; the work is done by src/ops. */

int cmd_init(const hs_config *cfg, int argc, char **argv);
int cmd_book(const hs_config *cfg, int argc, char **argv);
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
int cmd_interest(const hs_config *cfg, int argc, char **argv);
int cmd_ventureday(const hs_config *cfg, int argc, char **argv);
int cmd_rdreserve(const hs_config *cfg, int argc, char **argv);
int cmd_first_unit(const hs_config *cfg, int argc, char **argv);
int cmd_guarantee(const hs_config *cfg, int argc, char **argv);
int cmd_policy(const hs_config *cfg, int argc, char **argv);
int cmd_policy_reform(const hs_config *cfg, int argc, char **argv);   /* policy reform */
int cmd_policy_in_force(const hs_config *cfg, int argc, char **argv); /* policy in-force */
int cmd_policy_diff(const hs_config *cfg, int argc, char **argv);     /* policy diff */
/* Prints the shipped chain of versions of `id` (when its files amend one another); returns how
 * many versions it printed, or -1 (message printed) when the chain does not load. */
int policy_print_chain(const hs_config *cfg, const char *id);
int cmd_subsidy(const hs_config *cfg, int argc, char **argv);
int cmd_voucher(const hs_config *cfg, int argc, char **argv);
int cmd_report(const hs_config *cfg, int argc, char **argv);
int cmd_approval(const hs_config *cfg, int argc, char **argv);
int cmd_notice(const hs_config *cfg, int argc, char **argv);
int cmd_serve(const hs_config *cfg, int argc, char **argv);
int cmd_user(const hs_config *cfg, int argc, char **argv);
int cmd_token(const hs_config *cfg, int argc, char **argv);
int cmd_audit(const hs_config *cfg, int argc, char **argv);
/* programme design (issue 13) */
int cmd_target(const hs_config *cfg, int argc, char **argv);
int cmd_project(const hs_config *cfg, int argc, char **argv);

#endif
