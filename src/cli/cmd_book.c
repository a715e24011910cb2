/* cmd_book.c — `huoshui book copy SRC DST`: the whole book into a new, empty one, SQLite file or
 * PostgreSQL database either way (ops_book_copy). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "ops/book_copy_ops.h"

int cmd_book(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        printf("usage: huoshui book copy SRC DST [--json]\n\n"
               "Copies the whole book SRC into DST: every table's rows as stored (accounts,\n"
               "transfers with their ids, the audit chain, every module's records), in one\n"
               "transaction. SRC and DST are each a path (SQLite) or a PostgreSQL URL\n"
               "(postgresql://USER@HOST:PORT/DB); DST must be new or empty. On the copy `check`\n"
               "passes and `balance --json` and `audit verify` agree with the original.\n");
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "copy") != 0)
        return cli_fail("book", HS_INPUT, "unknown subcommand '%s' (see huoshui book --help)",
                        argv[1]);
    if (argc != 4)
        return cli_fail("book copy", HS_INPUT, "give the source and the destination book");
    store_copy_report report;
    hs_error err = {0};
    if (ops_book_copy(argv[2], argv[3], &report, &err) != HS_OK)
        return cli_report("book copy", &err);
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "source", json_string(argv[2]));
        json_object_set_new(o, "destination", json_string(argv[3]));
        json_object_set_new(o, "tables", json_integer(report.tables));
        json_object_set_new(o, "rows", json_integer(report.rows));
        cli_print_json(o);
    } else
        printf("copied %s to %s: %lld tables, %lld rows\n", argv[2], argv[3],
               (long long)report.tables, (long long)report.rows);
    return 0;
}
