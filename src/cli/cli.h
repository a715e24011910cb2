/* cli.h — what every `huoshui` subcommand shares: the process config, the command table, and small
 * helpers for errors, money/date arguments and JSON output.
 *
 * Conventions every command follows:
 *   huoshui [--book PATH] COMMAND ... [--json]
 *   exit 0 done, 1 refused by a rule, 2 bad usage or input, 3 storage failure (see base/error.h);
 *   `--help` on every command prints its usage to stdout and exits 0;
 *   errors go to stderr as "huoshui COMMAND: message". */
#ifndef HS_CLI_CLI_H
#define HS_CLI_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit_request.h"
#include "auth/principal.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/error.h"

typedef struct {
    const char *book_path;  /* --book, else $HUOSHUI_BOOK, else ./huoshui.db */
    const char *data_dir;   /* directory holding data/ and policies/ ($HUOSHUI_DATA, else found) */
    bool json;              /* --json given anywhere on the line */
    bool cn;                /* --cn: Chinese money units in tables */
    bool quiet;             /* --quiet: no progress output */
    hs_clock clock;         /* --today DATE, else $HUOSHUI_TODAY; $HUOSHUI_NOW_NS fixes "now" */
    hs_principal principal; /* who acts: the local operator "cli:OS_USER" (set by main) */
    audit_request audit;    /* this command line, for the audit entry of what it commits (main) */
} hs_config;

/* The process config, for cli_report's --json error object (set once by main). */
void cli_set_config(const hs_config *cfg);
/* Today by the process clock. */
hs_date cli_today(const hs_config *cfg);

/* A subcommand: argv[0] is the command name; returns the exit code. */
typedef int (*command_fn)(const hs_config *cfg, int argc, char **argv);

typedef struct {
    const char *name;
    command_fn run;
    const char *summary;
} command_entry;

/* The table of subcommands, ended by an entry with name NULL (commands.c). */
extern const command_entry cli_commands[];

/* Prints "huoshui CMD: message" for err to stderr and, with --json, the error as one object
 * {"error":{"code":…,"message":…,"field":…}} on stdout; returns the exit code for err->status. */
int cli_report(const char *cmd, const hs_error *err);
/* As cli_report, with more members for the --json error object (stolen; NULL for none): e.g. a
 * batch's problem list. Members already there (code, message, field) are kept. */
int cli_report_with(const char *cmd, const hs_error *err, json_t *extra);
/* Prints "huoshui CMD: <formatted>" to stderr (and the --json error object, code from the status);
 * returns the exit code for `status`. */
int cli_fail(const char *cmd, hs_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Parses a money argument for option `what`; on failure prints why and returns false. */
bool cli_money_arg(const char *cmd, const char *what, const char *text, int64_t *out_fen);
/* Parses a YYYY-MM-DD argument for option `what`; on failure prints why and returns false. */
bool cli_date_arg(const char *cmd, const char *what, const char *text, hs_date *out);
/* Parses a non-negative integer argument; on failure prints why and returns false. */
bool cli_int_arg(const char *cmd, const char *what, const char *text, int64_t *out);
/* Adds "NAME=VALUE" to a JSON object of inputs; on failure prints why and returns false. */
bool cli_input_pair(const char *cmd, char *text, json_t *inputs);
/* Prints a JSON value to stdout (indented, UTF-8 kept), then a newline; steals the reference. */
void cli_print_json(json_t *value);
/* Formats an amount for a table: "12,345.67 CNY", or Chinese units with --cn. Returns buf. */
char *cli_money_text(const hs_config *cfg, int64_t amount_fen, char *buf, size_t len);
/* The path of a shipped data file (e.g. "data/holidays-cn.txt") under cfg->data_dir. Returns buf.
 */
char *cli_data_path(const hs_config *cfg, const char *relative, char *buf, size_t len);
/* Opens cfg->book_path (which must exist unless `create`); on failure prints why and returns the
 * exit code (non-zero). */
struct hs_store;
int cli_open_book(const hs_config *cfg, const char *cmd, bool create, struct hs_store **out);
/* The operations context for an open book: clock from the config, the operator as principal,
 * and the command line (cfg->audit) as the request its commits are audited under. */
#include "ops/ops.h"
hs_ctx cli_ctx(const hs_config *cfg, struct hs_store *store);
/* True if stderr is a terminal and progress output is wanted. */
bool cli_show_progress(const hs_config *cfg);

#endif
