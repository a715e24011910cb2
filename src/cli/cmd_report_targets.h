/* cmd_report_targets.h — `huoshui report targets`, dispatched from cmd_report.c. */
#ifndef HS_CLI_CMD_REPORT_TARGETS_H
#define HS_CLI_CMD_REPORT_TARGETS_H

#include "cli/cli.h"

/* `report targets [--programme P] [--on DATE] [--json | --csv | --xlsx F] [--zh]` (argv[0] is
 * "targets"); returns the exit code. */
int cmd_report_targets(const hs_config *cfg, int argc, char **argv);

#endif
