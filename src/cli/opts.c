/* opts.c — the option-table helper (see opts.h). */
#include "cli/opts.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"

const char *opts_name(const cli_opts *o, int i) {
    for (size_t k = 0; o->table[k].name != NULL; k++)
        if (o->table[k].val == i)
            return o->table[k].name;
    return "?";
}

int opts_fail(const cli_opts *o, int i, const char *code, const char *fmt, ...) {
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hs_error e;
    hs_fail_code(&e, HS_INPUT, code, opts_name(o, i), "%s", msg);
    return cli_report(o->cmd, &e);
}

int opts_parse(cli_opts *o, int argc, char **argv, const int *allowed, size_t n_allowed,
               opts_args args) {
    assert(o->table != NULL && o->usage != NULL);
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", o->table, NULL)) != -1) {
        if (c == 'h') {
            o->usage(stdout);
            return -1;
        }
        if (c == '?' || c == ':') {
            o->usage(stderr);
            return cli_fail(o->cmd, HS_INPUT, "unknown option or missing value: '%s'",
                            argv[optind - 1]);
        }
        bool ok = false;
        for (size_t i = 0; i < n_allowed; i++)
            ok = ok || allowed[i] == c;
        if (!ok || c < 0 || c >= OPTS_MAX)
            return cli_fail(o->cmd, HS_INPUT, "option --%s does not apply here", opts_name(o, c));
        o->val[c] = optarg;
        o->given[c] = true;
    }
    int rest = argc - optind;
    bool want = args != OPTS_NO_ARG;
    if (want && rest == 1)
        o->arg = argv[optind];
    else if (args == OPTS_MAYBE_ARG && rest == 0)
        o->arg = "";
    else if (rest > (want ? 1 : 0) || (args == OPTS_ONE_ARG && rest == 0))
        return cli_fail(o->cmd, HS_INPUT, want ? "need exactly one ID" : "unexpected '%s'",
                        rest > 0 ? argv[optind] : "");
    return 0;
}

int opts_need(const cli_opts *o, int i) {
    if (o->given[i])
        return 0;
    return opts_fail(o, i, "missing_field", "--%s is required", opts_name(o, i));
}

bool opts_money(const cli_opts *o, int i, int64_t *out_fen) {
    char why[256];
    if (o->val[i] != NULL && money_parse(o->val[i], out_fen, why, sizeof why))
        return true;
    opts_fail(o, i, "invalid_field", "--%s: %s", opts_name(o, i),
              o->val[i] != NULL ? why : "missing value");
    return false;
}

bool opts_date(const cli_opts *o, int i, hs_date *out) {
    if (!o->given[i]) {
        *out = cli_today(o->cfg);
        return true;
    }
    if (o->val[i] != NULL && date_parse(o->val[i], out))
        return true;
    opts_fail(o, i, "invalid_field", "--%s: not a YYYY-MM-DD date: '%s'", opts_name(o, i),
              o->val[i] ? o->val[i] : "");
    return false;
}

bool opts_rate(const cli_opts *o, int i, int64_t *out_bp) {
    char why[128];
    if (o->val[i] != NULL && rate_parse_bp(o->val[i], out_bp, why, sizeof why) && *out_bp >= 0)
        return true;
    opts_fail(o, i, "invalid_field", "--%s: not a rate such as 3%% or 300bp: '%s'", opts_name(o, i),
              o->val[i] ? o->val[i] : "");
    return false;
}

bool opts_int32(const cli_opts *o, int i, int32_t *out) {
    const char *text = o->val[i];
    char *end = NULL;
    errno = 0;
    long long v = text ? strtoll(text, &end, 10) : 0;
    if (text == NULL || *text == '\0' || *end != '\0' || errno != 0 || v < 0) {
        opts_fail(o, i, "invalid_field", "--%s: not a non-negative integer: '%s'", opts_name(o, i),
                  text ? text : "");
        return false;
    }
    if (v > 100000) {
        opts_fail(o, i, "invalid_field", "--%s: too large", opts_name(o, i));
        return false;
    }
    *out = (int32_t)v;
    return true;
}

bool opts_copy(const cli_opts *o, int i, char *buf, size_t len) {
    const char *v = o->val[i] ? o->val[i] : "";
    if (strlen(v) < len) {
        memcpy(buf, v, strlen(v) + 1);
        return true;
    }
    opts_fail(o, i, "invalid_field", "--%s: at most %zu bytes", opts_name(o, i), len - 1);
    return false;
}

size_t opts_each(const cli_opts *o, int argc, char **argv, int i, const char **out, size_t max) {
    assert(o->table != NULL && i >= 0 && i < OPTS_MAX);
    size_t n = 0;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", o->table, NULL)) != -1) {
        if (c != i)
            continue;
        if (n < max)
            out[n] = optarg;
        n++;
    }
    return n;
}
