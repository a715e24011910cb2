/* cli.c — shared helpers for subcommands (errors, argument parsing, output). */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/money.h"
#include "ledger/transfer_codec.h"
#include "store/store.h"

/* The process config (set once by main) and whether the --json error object has been printed: a
 * failing command prints exactly one. */
static struct {
    const hs_config *cfg;
    bool json_error_printed;
} process;

void cli_set_config(const hs_config *cfg) {
    process.cfg = cfg;
}

hs_ctx cli_ctx(const hs_config *cfg, struct hs_store *store) {
    hs_ctx ctx = ops_ctx(store, &cfg->clock, &cfg->principal, cfg->data_dir);
    ctx.request = &cfg->audit;
    return ctx;
}

hs_date cli_today(const hs_config *cfg) {
    return hs_clock_today(&cfg->clock);
}

/* With --json, prints {"error":{"code","message","field"}} on stdout, once per process. */
static void print_json_error(hs_status status, const char *code, const char *field, const char *msg,
                             json_t *extra) {
    if (process.cfg == NULL || !process.cfg->json || process.json_error_printed) {
        json_decref(extra);
        return;
    }
    process.json_error_printed = true;
    json_t *e = json_object();
    json_object_set_new(e, "code",
                        json_string(code != NULL && *code ? code : hs_status_code(status)));
    json_object_set_new(e, "message", json_string(msg));
    json_object_set_new(e, "field", field != NULL && *field ? json_string(field) : json_null());
    if (extra != NULL) {
        json_object_update_missing(e, extra);
        json_decref(extra);
    }
    json_t *root = json_object();
    json_object_set_new(root, "error", e);
    char *text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (text != NULL) {
        fflush(stdout);
        printf("%s\n", text);
        fflush(stdout);
        free(text);
    }
    json_decref(root);
}

int cli_report(const char *cmd, const hs_error *err) {
    return cli_report_with(cmd, err, NULL);
}

int cli_report_with(const char *cmd, const hs_error *err, json_t *extra) {
    const char *msg = err->msg[0] ? err->msg : "failed";
    fprintf(stderr, "huoshui %s: %s\n", cmd, msg);
    hs_status status = err->status == HS_OK ? HS_STORAGE : err->status;
    print_json_error(status, err->code, err->field, msg, extra);
    return hs_exit_code(status);
}

int cli_fail(const char *cmd, hs_status status, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "huoshui %s: %s\n", cmd, msg);
    print_json_error(status, NULL, NULL, msg, NULL);
    return hs_exit_code(status);
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
    char why[256];
    transfer_date_why(text ? text : "", why, sizeof why);
    cli_fail(cmd, HS_INPUT, "%s: %s", what, why);
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
    if (st != HS_OK)
        return cli_report(cmd, &err);
    store_use_clock(*out, &cfg->clock);
    /* whatever this command line commits on the book is audited as it, by any write path */
    hs_ctx ctx = cli_ctx(cfg, *out);
    if ((st = ops_attribute(&ctx, &err)) != HS_OK) {
        store_close(*out);
        *out = NULL;
        return cli_report(cmd, &err);
    }
    return 0;
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
