/* cmd_target.c — `huoshui target add|import|list|actual import`: a programme's targets (目标)
 * over src/ops/target_ops.h. `huoshui report targets` shows their progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/target_ops.h"
#include "ops/target_view.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] target add --programme P --id ID --indicator KIND --value V\n"
        "           --deadline DATE [--base-year Y --base-value B] [--filter K=V,...]\n"
        "           --source \"...\"\n"
        "       huoshui [--book B] target import CSV        # programme,id,indicator,value,\n"
        "           deadline[,base_year,base_value,filter,source]; all rows or none\n"
        "       huoshui [--book B] target list [--programme P] [--json]\n"
        "       huoshui [--book B] target actual import CSV # programme,target,date,value"
        "[,source]\n\n"
        "KIND: firms, unicorns (count, filter sector=,city=,stage=,flag=), industry_output\n"
        "(imported statistics only), loans_outstanding, fund_committed, fund_deployed,\n"
        "budget_executed, social_capital (amounts: 3000亿, 500万; fund ones take fund=ID).\n"
        "Progress: huoshui report targets [--programme P] [--json] [--xlsx F].\n");
}

enum {
    OPT_PROGRAMME,
    OPT_ID,
    OPT_INDICATOR,
    OPT_VALUE,
    OPT_DEADLINE,
    OPT_BASE_YEAR,
    OPT_BASE_VALUE,
    OPT_FILTER,
    OPT_SOURCE
};

static const struct option target_opts[] = {{"programme", required_argument, NULL, OPT_PROGRAMME},
                                            {"id", required_argument, NULL, OPT_ID},
                                            {"indicator", required_argument, NULL, OPT_INDICATOR},
                                            {"value", required_argument, NULL, OPT_VALUE},
                                            {"deadline", required_argument, NULL, OPT_DEADLINE},
                                            {"base-year", required_argument, NULL, OPT_BASE_YEAR},
                                            {"base-value", required_argument, NULL, OPT_BASE_VALUE},
                                            {"filter", required_argument, NULL, OPT_FILTER},
                                            {"source", required_argument, NULL, OPT_SOURCE},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};

/* `target add`: every option checked here (naming the option), the target by ops_target_add. */
static int add(const hs_config *cfg, cli_opts *o) {
    static const int required[] = {OPT_PROGRAMME, OPT_ID,       OPT_INDICATOR,
                                   OPT_VALUE,     OPT_DEADLINE, OPT_SOURCE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (opts_need(o, required[i]) != 0)
            return 2;
    target t = {0};
    if (!opts_copy(o, OPT_PROGRAMME, t.programme, sizeof t.programme) ||
        !opts_copy(o, OPT_ID, t.id, sizeof t.id) ||
        !opts_copy(o, OPT_FILTER, t.filter, sizeof t.filter) ||
        !opts_copy(o, OPT_SOURCE, t.source, sizeof t.source))
        return 2;
    if (!target_indicator_parse(o->val[OPT_INDICATOR], &t.indicator))
        return opts_fail(o, OPT_INDICATOR, "invalid_field",
                         "unknown indicator '%s' (firms, unicorns, industry_output, "
                         "loans_outstanding, fund_committed, fund_deployed, budget_executed, "
                         "social_capital)",
                         o->val[OPT_INDICATOR]);
    hs_error err = {0};
    if (target_value_parse(t.indicator, o->val[OPT_VALUE], "value", &t.value, &err) != HS_OK)
        return opts_fail(o, OPT_VALUE, "invalid_field", "%s", err.msg);
    if (!opts_date(o, OPT_DEADLINE, &t.deadline))
        return 2;
    if (o->given[OPT_BASE_YEAR]) {
        int32_t y;
        if (!opts_int32(o, OPT_BASE_YEAR, &y))
            return 2;
        t.base_year = y;
    }
    if (o->given[OPT_BASE_VALUE] && target_value_parse(t.indicator, o->val[OPT_BASE_VALUE],
                                                       "base_value", &t.base_value, &err) != HS_OK)
        return opts_fail(o, OPT_BASE_VALUE, "invalid_field", "%s", err.msg);
    hs_store *s;
    int rc = cli_open_book(cfg, "target add", false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    bool replaced = false;
    hs_status st = ops_target_add(&ctx, &t, &replaced, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("target add", &err);
    if (cfg->json)
        cli_print_json(view_target(&t));
    else
        printf("target %s/%s %s: %s\n", t.programme, t.id, replaced ? "replaced" : "added",
               target_indicator_name(t.indicator));
    return 0;
}

static int import(const hs_config *cfg, const char *path, bool actuals) {
    const char *cmd = actuals ? "target actual import" : "target import";
    hs_store *s;
    int rc = cli_open_book(cfg, cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    size_t n = 0;
    hs_status st = actuals ? ops_target_actual_import(&ctx, path, &n, &err)
                           : ops_target_import(&ctx, path, &n, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(cmd, &err);
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, actuals ? "actuals" : "targets", json_integer((json_int_t)n));
        cli_print_json(o);
    } else {
        printf("%zu %s imported from %s\n", n, actuals ? "actuals" : "targets", path);
    }
    return 0;
}

static int list(const hs_config *cfg, const char *programme) {
    hs_store *s;
    int rc = cli_open_book(cfg, "target list", false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    target *v = NULL;
    size_t n = 0;
    hs_status st = ops_target_list(&ctx, programme, &v, &n, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("target list", &err);
    if (cfg->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, view_target(&v[i]));
        cli_print_json(arr);
    } else {
        for (size_t i = 0; i < n; i++) {
            char val[64], d[16];
            printf("%-16s %-24s %-18s %28s by %s  %s\n", v[i].programme, v[i].id,
                   target_indicator_name(v[i].indicator),
                   target_value_format(v[i].indicator, v[i].value, cfg->cn, val, sizeof val),
                   date_format(v[i].deadline, d), v[i].filter);
        }
        if (n == 0)
            printf("no targets\n");
    }
    free(v);
    return 0;
}

int cmd_target(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    bool actual = !strcmp(sub, "actual");
    if (actual) {
        if (argc < 3 || strcmp(argv[2], "import")) {
            usage(stderr);
            return cli_fail("target", HS_INPUT, "expected `target actual import CSV`");
        }
        argc--;
        argv++;
    }
    bool is_add = !strcmp(sub, "add"), is_list = !strcmp(sub, "list");
    bool is_import = actual || !strcmp(sub, "import");
    if (!is_add && !is_list && !is_import) {
        usage(stderr);
        return cli_fail("target", HS_INPUT, "unknown subcommand '%s'", sub);
    }
    char cmd[32];
    snprintf(cmd, sizeof cmd, actual ? "target actual import" : "target %s", sub);
    cli_opts o = {.cfg = cfg, .cmd = cmd, .table = target_opts, .usage = usage};
    static const int add_allowed[] = {OPT_PROGRAMME,  OPT_ID,       OPT_INDICATOR,
                                      OPT_VALUE,      OPT_DEADLINE, OPT_BASE_YEAR,
                                      OPT_BASE_VALUE, OPT_FILTER,   OPT_SOURCE};
    static const int list_allowed[] = {OPT_PROGRAMME};
    int rc = is_add    ? opts_parse(&o, argc - 1, argv + 1, add_allowed, 9, OPTS_NO_ARG)
             : is_list ? opts_parse(&o, argc - 1, argv + 1, list_allowed, 1, OPTS_NO_ARG)
                       : opts_parse(&o, argc - 1, argv + 1, NULL, 0, OPTS_ONE_ARG);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    if (is_add)
        return add(cfg, &o);
    if (is_list)
        return list(cfg, o.val[OPT_PROGRAMME]);
    return import(cfg, o.arg, actual);
}
