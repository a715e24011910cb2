/* cmd_report.c — `huoshui report programme|firm ...` as a table, --json, --csv or --xlsx FILE. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd_report_targets.h"
#include "cli/commands.h"
#include "ops/report_ops.h"
#include "ops/report_view.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] report programme ID [--by budget|sector|district|city|firm]\n"
        "       huoshui [--book B] report firm USCC\n"
        "       huoshui [--book B] report pool POOL     # risk-compensation pool per bank\n"
        "       huoshui [--book B] report targets [--programme P]  # progress, RAG (--help)\n"
        "   with [--json | --csv | --xlsx FILE] [--zh]   (--zh: Chinese column headers)\n\n"
        "programme: firms served, paid, reserved and returned (clawbacks, recoveries) per\n"
        "group with a total row; every figure is summed from the ledger's transfers.\n"
        "firm: every transfer that names the firm, across all instruments.\n");
}

int cmd_report(const hs_config *cfg, int argc, char **argv) {
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},   {"csv", no_argument, NULL, 'c'},
        {"xlsx", required_argument, NULL, 'x'}, {"zh", no_argument, NULL, 'z'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    /* programme design (issue 13): `report targets` has its own options */
    if (argc > 1 && strcmp(argv[1], "targets") == 0)
        return cmd_report_targets(cfg, argc - 1, argv + 1);
    report_grouping by = BY_BUDGET;
    report_format format = cfg->json ? REPORT_JSON : REPORT_TEXT;
    const char *xlsx = NULL;
    bool zh = cfg->cn;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if (!report_grouping_parse(optarg, &by))
                return cli_fail("report", HS_INPUT,
                                "--by: expected budget, sector, district, city or firm, got '%s'",
                                optarg);
            break;
        case 'c':
            format = REPORT_CSV;
            break;
        case 'x':
            format = REPORT_XLSX;
            xlsx = optarg;
            break;
        case 'z':
            zh = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (argc - optind != 2 || (strcmp(argv[optind], "programme") && strcmp(argv[optind], "firm") &&
                               strcmp(argv[optind], "pool"))) {
        usage(stderr);
        return 2;
    }
    hs_store *s;
    int rc = cli_open_book(cfg, "report", false, &s);
    if (rc != 0)
        return rc;
    report_table t = {0};
    hs_error err = {0};
    hs_ctx ctx = cli_ctx(cfg, s);
    const char *what = argv[optind], *id = argv[optind + 1];
    hs_status st = !strcmp(what, "programme") ? ops_report_programme(&ctx, id, by, &t, &err)
                   : !strcmp(what, "pool")    ? ops_report_pool(&ctx, id, &t, &err)
                                              : ops_report_firm(&ctx, id, &t, &err);
    store_close(s);
    if (st == HS_OK && t.out_of_memory)
        st = hs_fail(&err, HS_STORAGE, "out of memory building the report");
    if (st == HS_OK && format == REPORT_JSON)
        cli_print_json(view_report_table(&t));
    else if (st == HS_OK)
        st = table_write(&t, format, zh, xlsx, &err);
    table_free(&t);
    if (st != HS_OK)
        return cli_report("report", &err);
    if (format == REPORT_XLSX)
        fprintf(stderr, "wrote %s\n", xlsx);
    return 0;
}
