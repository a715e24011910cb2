/* opts.h — one option-table helper for the CLI's subcommands: a getopt_long table whose entries'
 * `val` is an index (0..OPTS_MAX-1, or 'h' for --help), the values given by index, and parsers that
 * name the option on failure ("--amount: ..."), report it (stderr, and with --json an error object
 * whose field is the option's name: code invalid_field, or missing_field) and return false. Dates
 * not given default to today by the process clock (cli_today). */
#ifndef HS_CLI_OPTS_H
#define HS_CLI_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"

#define OPTS_MAX 64

/* How many positional arguments a subcommand takes. */
typedef enum {
    OPTS_NO_ARG = 0,    /* none */
    OPTS_ONE_ARG = 1,   /* exactly one (the ID) */
    OPTS_MAYBE_ARG = 2, /* zero or one; arg is "" if none */
} opts_args;

typedef struct {
    const hs_config *cfg;
    const char *cmd;            /* "credit loan create", for messages */
    const struct option *table; /* ends with a {NULL} entry */
    void (*usage)(FILE *out);   /* printed on --help (stdout) and on unknown options (stderr) */
    const char *val[OPTS_MAX];  /* value of option i, or NULL */
    bool given[OPTS_MAX];       /* option i was given */
    const char *arg;            /* the positional argument, or NULL/"" */
} cli_opts;

/* Parses argv (argv[0] = the last subcommand word) allowing only the options in allowed[0..n).
 * Returns 0 on success, -1 after printing --help (the command should exit 0), else the exit code
 * after printing why. */
int opts_parse(cli_opts *o, int argc, char **argv, const int *allowed, size_t n_allowed,
               opts_args args);
/* Reports bad input for option i (HS_INPUT with `code`, field = the option's name, the formatted
 * message) on stderr and, with --json, stdout; returns the exit code (2). */
int opts_fail(const cli_opts *o, int i, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The long name of option i ("amount"). */
const char *opts_name(const cli_opts *o, int i);
/* 0 if option i was given, else prints "--NAME is required" and returns 2. */
int opts_need(const cli_opts *o, int i);
/* Money ("1.5万", "12,000.00") into fen. */
bool opts_money(const cli_opts *o, int i, int64_t *out_fen);
/* A non-negative rate ("3%", "300bp") into basis points. */
bool opts_rate(const cli_opts *o, int i, int64_t *out_bp);
/* A non-negative integer up to 100000. */
bool opts_int32(const cli_opts *o, int i, int32_t *out);
/* A YYYY-MM-DD date; today (cli_today) if the option was not given. */
bool opts_date(const cli_opts *o, int i, hs_date *out);
/* Copies the value of option i into buf[len]; false (naming the option) if it would not fit. */
bool opts_copy(const cli_opts *o, int i, char *buf, size_t len);

/* Collects every value given for repeatable option i (e.g. --scope), in order, into out[0..max);
 * rescans argv as opts_parse did (call it after a successful opts_parse). Returns how many were
 * given (may exceed max: only the first max are stored). */
size_t opts_each(const cli_opts *o, int argc, char **argv, int i, const char **out, size_t max);

#endif
