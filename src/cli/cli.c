/* cli.c — shared helpers for subcommands (errors, argument parsing, output). */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/money.h"
#include "store/store.h"

int cli_report(const char *cmd, const hs_error *err) {
    fprintf(stderr, "huoshui %s: %s\n", cmd, err->msg[0] ? err->msg : "failed");
    return (int)err->status;
}

int cli_fail(const char *cmd, hs_status status, const char *fmt, ...) {
    fprintf(stderr, "huoshui %s: ", cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return (int)status;
}

bool cli_money_arg(const char *cmd, const char *what, const char *text, int64_t *out_fen) {
    char why[256];
    if (money_parse(text, out_fen, why, sizeof why))
        return true;
    cli_fail(cmd, HS_INPUT, "%s: %s", what, why);
    return false;
}

bool cli_date_arg(const char *cmd, const char *what, const char *text, hs_date *out) {
    if (date_parse(text, out))
        return true;
    cli_fail(cmd, HS_INPUT, "%s: not a YYYY-MM-DD date: '%s'", what, text ? text : "");
    return false;
}

bool cli_int_arg(const char *cmd, const char *what, const char *text, int64_t *out) {
    char *end = NULL;
    errno = 0;
    long long v = text ? strtoll(text, &end, 10) : 0;
    if (text == NULL || *text == '\0' || *end != '\0' || errno != 0 || v < 0) {
        cli_fail(cmd, HS_INPUT, "%s: not a non-negative integer: '%s'", what, text ? text : "");
        return false;
    }
    *out = v;
    return true;
}

void cli_print_json(json_t *value) {
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text != NULL) {
        fputs(text, stdout);
        fputc('\n', stdout);
        free(text);
    }
    json_decref(value);
}

char *cli_money_text(const hs_config *cfg, int64_t amount_fen, char *buf, size_t len) {
    return cfg->cn ? money_format_cn(amount_fen, buf, len) : money_format(amount_fen, buf, len);
}

char *cli_data_path(const hs_config *cfg, const char *relative, char *buf, size_t len) {
    snprintf(buf, len, "%s/%s", cfg->data_dir, relative);
    return buf;
}

bool cli_show_progress(const hs_config *cfg) {
    return !cfg->quiet && isatty(STDERR_FILENO);
}

int cli_open_book(const hs_config *cfg, const char *cmd, bool create, struct hs_store **out) {
    hs_error err = {0};
    hs_status st =
        store_open(cfg->book_path, create ? STORE_CREATE : STORE_OPEN_EXISTING, out, &err);
    return st == HS_OK ? 0 : cli_report(cmd, &err);
}

bool cli_input_pair(const char *cmd, char *text, json_t *inputs) {
    char *eq = strchr(text, '=');
    if (eq == NULL || eq == text) {
        cli_fail(cmd, HS_INPUT, "--input: expected NAME=VALUE, got '%s'", text);
        return false;
    }
    *eq = '\0';
    json_object_set_new(inputs, text, json_string(eq + 1));
    *eq = '=';
    return true;
}
