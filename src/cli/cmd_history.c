/* cmd_history.c — `huoshui history ACCOUNT [--json]`: every transfer touching an account in
 * value-date order (date, then apply order), with the running balance (credits - debits, posted)
 * computed in that order. */
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "ledger/transfer_codec.h"
#include "ops/audit_ops.h"
#include "store/store.h"

typedef struct {
    const hs_config *cfg;
    int64_t account_id;
    int64_t running_fen;
    json_t *array;
    hs_ctx ops; /* for each transfer's audit_seq */
} history_ctx;

static hs_status print_row(void *ctx, const hs_transfer *t, hs_error *err) {
    history_ctx *h = ctx;
    bool is_debit = t->debit_account_id == h->account_id;
    bool posts = !(t->flags & (TRANSFER_PENDING | TRANSFER_VOID_PENDING));
    int64_t signed_fen = is_debit ? -t->amount_fen : t->amount_fen;
    if (posts && !money_add(h->running_fen, signed_fen, &h->running_fen))
        return hs_fail(err, HS_STORAGE, "running balance overflows");
    if (h->array != NULL) {
        json_t *o = transfer_to_json(t);
        json_object_set_new(o, "side", json_string(is_debit ? "debit" : "credit"));
        json_object_set_new(o, "balance_fen", json_integer(h->running_fen));
        int64_t audit_seq = 0;
        hs_status st = ops_audit_seq_of_transfer(&h->ops, t->id, &audit_seq, err);
        if (st != HS_OK) {
            json_decref(o);
            return st;
        }
        /* the audit entry that committed it; null for transfers older than the chain */
        json_object_set_new(o, "audit_seq", audit_seq > 0 ? json_integer(audit_seq) : json_null());
        json_array_append_new(h->array, o);
        return HS_OK;
    }
    char date[DATE_TEXT_LEN], amount[MONEY_TEXT_MAX], bal[MONEY_TEXT_MAX];
    const char *kind = (t->flags & TRANSFER_PENDING)        ? "reserve"
                       : (t->flags & TRANSFER_POST_PENDING) ? "post"
                       : (t->flags & TRANSFER_VOID_PENDING) ? "void"
                                                            : "";
    printf("%s  %-24s %-7s %-40s %22s %22s  %s\n", date_format(t->date, date), t->id, kind,
           is_debit ? t->credit : t->debit,
           cli_money_text(h->cfg, signed_fen, amount, sizeof amount),
           cli_money_text(h->cfg, h->running_fen, bal, sizeof bal), t->code);
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
    hs_account a;
    bool found = false;
    hs_status st = store_account_by_name(s, argv[1], &a, &found, &err);
    if (st == HS_OK && !found) {
        store_close(s);
        return cli_fail("history", HS_INPUT, "no account named '%s'", argv[1]);
    }
    history_ctx h = {.cfg = cfg, .account_id = a.id, .ops = cli_ctx(cfg, s)};
    if (cfg->json)
        h.array = json_array();
    else if (st == HS_OK)
        printf("%-10s  %-24s %-7s %-40s %22s %22s  %s\n", "date", "id", "kind", "counterparty",
               "amount", "balance", "code");
    if (st == HS_OK)
        st = store_history(s, a.id, print_row, &h, &err);
    store_close(s);
    if (st != HS_OK) {
        json_decref(h.array);
        return cli_report("history", &err);
    }
    if (h.array != NULL)
        cli_print_json(h.array);
    return 0;
}
