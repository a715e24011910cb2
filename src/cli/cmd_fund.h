/* cmd_fund.h — the parts of `huoshui fund` shared between cmd_fund.c (projections) and
 * cmd_fund_book.c (funds in the book). */
#ifndef HS_CLI_CMD_FUND_H
#define HS_CLI_CMD_FUND_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "project/takahashi.h"

/* Runs the TA model on p and prints it (table, --csv or --json) and draws chart_path if given. */
int fund_show_projection(const hs_config *cfg, const char *title, const ta_params *p, bool csv,
                         const char *chart_path);
/* Prints the usage of the book subcommands. */
void fund_book_usage(FILE *out);
/* `huoshui fund SUB ...` for the book subcommands (argv[0] = SUB); -1 if SUB is not one. */
int cmd_fund_book(const hs_config *cfg, int argc, char **argv);
/* `huoshui fund events --batch FILE.jsonl`: every event of the file in one transaction, all or
 * nothing (see cmd_fund_batch.c for the line format). */
int fund_events_batch(const hs_config *cfg, int argc, char **argv);
/* `huoshui fund project FUND`: p holds the model's shape (rates, growth, bow; have_* say which
 * were given); commitment, life and the running state come from the fund in the book. */
int fund_project_from_book(const hs_config *cfg, const char *fund, ta_params *p, bool have_rc,
                           bool have_growth, bool have_bow, bool have_life, bool csv,
                           const char *chart_path);

#endif
