/* cmd_history.c — `huoshui history ACCOUNT [--json]`: every transfer touching an account in
 * value-date order (date, then apply order), with the running balance (credits - debits, posted)
 * computed in that order (ops_account_history). */
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "ops/account_ops.h"
#include "ops/ledger_view.h"
#include "store/store.h"

typedef struct {
    const hs_config *cfg;
    json_t *array;
} history_ctx;

static hs_status print_row(void *ctx, const ops_history_row *r, hs_error *err) {
    history_ctx *h = ctx;
    if (h->array != NULL) {
        if (json_array_append_new(h->array, view_history_row(r)) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory");
        return HS_OK;
    }
    const hs_transfer *t = r->t;
    char date[DATE_TEXT_LEN], amount[MONEY_TEXT_MAX], bal[MONEY_TEXT_MAX];
    const char *kind = (t->flags & TRANSFER_PENDING)        ? "reserve"
                       : (t->flags & TRANSFER_POST_PENDING) ? "post"
                       : (t->flags & TRANSFER_VOID_PENDING) ? "void"
                                                            : "";
    printf("%s  %-24s %-7s %-40s %22s %22s  %s\n", date_format(t->date, date), t->id, kind,
           r->is_debit ? t->credit : t->debit,
           cli_money_text(h->cfg, r->signed_fen, amount, sizeof amount),
           cli_money_text(h->cfg, r->balance_fen, bal, sizeof bal), t->code);
    return HS_OK;
}

int cmd_history(const hs_config *cfg, int argc, char **argv) {
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: huoshui [--book B] history ACCOUNT [--json] [--cn]\n\n"
               "Lists every transfer touching ACCOUNT in value-date order (by date, then in\n"
               "the order applied): date, id, kind (reserve/post/void), counterparty, amount\n"
               "(+ credit, - debit) and the running posted balance (credits - debits) in that\n"
               "order, then the transfer's code.\n");
        return 0;
    }
    if (argc != 2 || argv[1][0] == '-')
        return cli_fail("history", HS_INPUT, "usage: huoshui history ACCOUNT [--json]");
    hs_store *s;
    int rc = cli_open_book(cfg, "history", false, &s);
    if (rc != 0)
        return rc;
    hs_error err = {0};
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_account a;
    if (ops_account_get(&ctx, argv[1], &a, &err) != HS_OK) {
        store_close(s);
        if (err.status == HS_NOT_FOUND)
            return cli_fail("history", HS_INPUT, "no account named '%s'", argv[1]);
        return cli_report("history", &err);
    }
    history_ctx h = {.cfg = cfg};
    if (cfg->json)
        h.array = json_array();
    else
        printf("%-10s  %-24s %-7s %-40s %22s %22s  %s\n", "date", "id", "kind", "counterparty",
               "amount", "balance", "code");
    hs_status st = ops_account_history(&ctx, argv[1], cfg->json, print_row, &h, &err);
    store_close(s);
    if (st != HS_OK) {
        json_decref(h.array);
        return cli_report("history", &err);
    }
    if (h.array != NULL)
        cli_print_json(h.array);
    return 0;
}
