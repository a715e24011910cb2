/* cmd_report_targets.c — `huoshui report targets`: every target of a programme (or all) with its
 * actual, progress, growth still needed, red/amber/green and the last projection's probability. */
#include "cli/cmd_report_targets.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/opts.h"
#include "ops/target_report.h"
#include "ops/target_view.h"

static void usage(FILE *out) {
    fprintf(out, "usage: huoshui [--book B] report targets [--programme P] [--on DATE]\n"
                 "           [--json | --csv | --xlsx FILE] [--zh]\n\n"
                 "Each target: value, actual (registry, book, or imported statistics), progress,\n"
                 "the growth per year still needed, red/amber/green (docs/projection.md), and the\n"
                 "probability of reaching it from the last `huoshui project run`.\n");
}

enum { OPT_PROGRAMME, OPT_ON, OPT_CSV, OPT_XLSX, OPT_ZH };

int cmd_report_targets(const hs_config *cfg, int argc, char **argv) {
    static const struct option table[] = {{"programme", required_argument, NULL, OPT_PROGRAMME},
                                          {"on", required_argument, NULL, OPT_ON},
                                          {"csv", no_argument, NULL, OPT_CSV},
                                          {"xlsx", required_argument, NULL, OPT_XLSX},
                                          {"zh", no_argument, NULL, OPT_ZH},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    static const int allowed[] = {OPT_PROGRAMME, OPT_ON, OPT_CSV, OPT_XLSX, OPT_ZH};
    cli_opts o = {.cfg = cfg, .cmd = "report targets", .table = table, .usage = usage};
    int rc = opts_parse(&o, argc, argv, allowed, 5, OPTS_NO_ARG);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    hs_date on;
    if (!opts_date(&o, OPT_ON, &on))
        return 2;
    hs_store *s;
    if ((rc = cli_open_book(cfg, "report targets", false, &s)) != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    target_status *v = NULL;
    size_t n = 0;
    hs_status st = ops_target_status(&ctx, o.val[OPT_PROGRAMME], on, &v, &n, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("report targets", &err);
    bool zh = cfg->cn || o.given[OPT_ZH];
    if (cfg->json && !o.given[OPT_XLSX]) {
        cli_print_json(view_target_statuses(v, n));
    } else {
        report_table t;
        target_report_table(v, n, cfg->cn, &t);
        report_format f = o.given[OPT_XLSX]  ? REPORT_XLSX
                          : o.given[OPT_CSV] ? REPORT_CSV
                                             : REPORT_TEXT;
        st = t.out_of_memory ? hs_fail(&err, HS_STORAGE, "out of memory building the report")
                             : table_write(&t, f, zh, o.val[OPT_XLSX], &err);
        table_free(&t);
        if (st == HS_OK && f == REPORT_XLSX)
            fprintf(stderr, "wrote %s\n", o.val[OPT_XLSX]);
    }
    free(v);
    return st == HS_OK ? 0 : cli_report("report targets", &err);
}
