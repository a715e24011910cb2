/* cmd_init.c — `huoshui [--book PATH] init`: create a new, empty book (idempotent). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "store/store.h"

int cmd_init(const hs_config *cfg, int argc, char **argv) {
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: huoshui [--book PATH] init\n\n"
               "Creates an empty book at PATH (default ./huoshui.db or $HUOSHUI_BOOK): the\n"
               "accounts and transfers tables, WAL journal, schema version %d. Running it on an\n"
               "existing book changes nothing.\n",
               STORE_SCHEMA_VERSION);
        return 0;
    }
    if (argc > 1)
        return cli_fail("init", HS_INPUT, "unexpected argument '%s' (see huoshui init --help)",
                        argv[1]);
    bool existed = store_book_exists(cfg->book_path);
    hs_store *s;
    int rc = cli_open_book(cfg, "init", true, &s);
    if (rc != 0)
        return rc;
    store_close(s);
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "book", json_string(cfg->book_path));
        json_object_set_new(o, "created", json_boolean(!existed));
        cli_print_json(o);
    } else {
        printf("%s %s\n", existed ? "book already exists:" : "created book", cfg->book_path);
    }
    return 0;
}
