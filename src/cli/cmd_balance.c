/* cmd_balance.c — `huoshui balance [NAME] [--at DATE] [--json]`: balances now, or as of a date
 * recomputed from the transfers. NAME is an account or a prefix ("budget/" or "budget"). Parsing
 * and printing only: the selection is ops_account_balances, the rows ops/ledger_view. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "ops/account_ops.h"
#include "ops/ledger_view.h"

static void usage(FILE *out) {
    fprintf(out, "usage: huoshui [--book B] balance [NAME] [--at YYYY-MM-DD] [--json] [--cn]\n\n"
                 "Prints each account's posted and pending debits and credits and its balance\n"
                 "(credits - debits). NAME selects one account, or every account under it\n"
                 "(NAME/...). --at recomputes the balances as of the end of that day from the\n"
                 "transfers' value dates. --json prints an array of objects with account,\n"
                 "debits_posted_fen, credits_posted_fen, debits_pending_fen, credits_pending_fen,\n"
                 "balance_fen.\n");
}

typedef struct {
    const hs_config *cfg;
    json_t *array;
} balance_ctx;

static hs_status print_one(void *ctx, const hs_account *a, hs_error *err) {
    balance_ctx *b = ctx;
    if (b->array != NULL) {
        json_array_append_new(b->array, view_balance_row(a));
        return HS_OK;
    }
    char dp[MONEY_TEXT_MAX], cp[MONEY_TEXT_MAX], dn[MONEY_TEXT_MAX], cn[MONEY_TEXT_MAX],
        bal[MONEY_TEXT_MAX];
    printf("%-44s %22s %22s %20s %20s %22s\n", a->name,
           cli_money_text(b->cfg, a->debits_posted_fen, dp, sizeof dp),
           cli_money_text(b->cfg, a->credits_posted_fen, cp, sizeof cp),
           cli_money_text(b->cfg, a->debits_pending_fen, dn, sizeof dn),
           cli_money_text(b->cfg, a->credits_pending_fen, cn, sizeof cn),
           cli_money_text(b->cfg, account_held_fen(a), bal, sizeof bal));
    return HS_OK;
}

int cmd_balance(const hs_config *cfg, int argc, char **argv) {
    static const struct option opts[] = {
        {"at", required_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *at = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'a')
            at = optarg;
        else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (argc - optind > 1)
        return cli_fail("balance", HS_INPUT, "at most one account NAME");
    const char *name = optind < argc ? argv[optind] : NULL;
    balance_ctx b = {.cfg = cfg};
    hs_date date = 0;
    if (at != NULL && !cli_date_arg("balance", "--at", at, &date))
        return 2;
    hs_store *s;
    int rc = cli_open_book(cfg, "balance", false, &s);
    if (rc != 0)
        return rc;
    if (cfg->json)
        b.array = json_array();
    else
        printf("%-44s %22s %22s %20s %20s %22s\n", at ? "account (as of end of day)" : "account",
               "debits posted", "credits posted", "debits pending", "credits pending",
               "balance (cr - dr)");
    hs_error err = {0};
    hs_ctx ctx = cli_ctx(cfg, s);
    ops_balance_totals totals;
    hs_status st =
        ops_account_balances(&ctx, name, at ? &date : NULL, print_one, &b, &totals, &err);
    store_close(s);
    if (st != HS_OK) {
        json_decref(b.array);
        return cli_report("balance", &err);
    }
    if (b.array != NULL) {
        cli_print_json(b.array);
    } else if (name == NULL) {
        char dr[MONEY_TEXT_MAX], cr[MONEY_TEXT_MAX];
        printf("%-44s %22s %22s\n", "total (debits = credits)",
               cli_money_text(cfg, totals.debits_posted_fen, dr, sizeof dr),
               cli_money_text(cfg, totals.credits_posted_fen, cr, sizeof cr));
    }
    return 0;
}
