/* opts.c — the option-table helper (see opts.h). */
#include "cli/opts.h"

#include <assert.h>
#include <string.h>

#include "base/money.h"

const char *opts_name(const cli_opts *o, int i) {
    for (size_t k = 0; o->table[k].name != NULL; k++)
        if (o->table[k].val == i)
            return o->table[k].name;
    return "?";
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
    return cli_fail(o->cmd, HS_INPUT, "--%s is required", opts_name(o, i));
}

bool opts_money(const cli_opts *o, int i, int64_t *out_fen) {
    char what[48];
    snprintf(what, sizeof what, "--%s", opts_name(o, i));
    return cli_money_arg(o->cmd, what, o->val[i], out_fen);
}

bool opts_date(const cli_opts *o, int i, hs_date *out) {
    if (!o->given[i]) {
        *out = cli_today(o->cfg);
        return true;
    }
    char what[48];
    snprintf(what, sizeof what, "--%s", opts_name(o, i));
    return cli_date_arg(o->cmd, what, o->val[i], out);
}

bool opts_rate(const cli_opts *o, int i, int64_t *out_bp) {
    char why[128];
    if (o->val[i] != NULL && rate_parse_bp(o->val[i], out_bp, why, sizeof why) && *out_bp >= 0)
        return true;
    cli_fail(o->cmd, HS_INPUT, "--%s: not a rate such as 3%% or 300bp: '%s'", opts_name(o, i),
             o->val[i] ? o->val[i] : "");
    return false;
}

bool opts_int32(const cli_opts *o, int i, int32_t *out) {
    char what[48];
    int64_t v;
    snprintf(what, sizeof what, "--%s", opts_name(o, i));
    if (!cli_int_arg(o->cmd, what, o->val[i], &v))
        return false;
    if (v > 100000) {
        cli_fail(o->cmd, HS_INPUT, "%s: too large", what);
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
    cli_fail(o->cmd, HS_INPUT, "--%s: at most %zu bytes", opts_name(o, i), len - 1);
    return false;
}
