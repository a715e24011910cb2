/* cmd_balance.c — `huoshui balance [NAME] [--at DATE] [--json]`: balances now, or as of a date
 * recomputed from the transfers. NAME is an account or a prefix ("budget/" or "budget"). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "ops/ledger_view.h"
#include "store/store.h"

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
    const char *name; /* exact name or prefix; NULL = all */
    json_t *array;
    size_t count;
    int64_t total_dr, total_cr;
} balance_ctx;

static bool selected(const char *name, const char *want) {
    if (want == NULL)
        return true;
    size_t n = strlen(want);
    if (strncmp(name, want, n) != 0)
        return false;
    return name[n] == '\0' || name[n] == '/' || (n > 0 && want[n - 1] == '/');
}

static hs_status print_one(void *ctx, const hs_account *a, hs_error *err) {
    balance_ctx *b = ctx;
    if (!selected(a->name, b->name))
        return HS_OK;
    b->count++;
    if (!money_add(b->total_dr, a->debits_posted_fen, &b->total_dr) ||
        !money_add(b->total_cr, a->credits_posted_fen, &b->total_cr))
        return hs_fail(err, HS_STORAGE, "totals overflow");
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
    balance_ctx b = {.cfg = cfg, .name = optind < argc ? argv[optind] : NULL};
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
    /* The prefix narrows the scan; `selected` keeps whole path segments only. */
    const char *prefix = b.name;
    hs_status st = at ? store_accounts_at(s, date, prefix, print_one, &b, &err)
                      : store_accounts_each(s, prefix, print_one, &b, &err);
    store_close(s);
    if (st != HS_OK) {
        json_decref(b.array);
        return cli_report("balance", &err);
    }
    if (b.name != NULL && b.count == 0) {
        json_decref(b.array);
        hs_not_found(&err, "name", "no account named '%s' or under it", b.name);
        return cli_report("balance", &err);
    }
    if (b.array != NULL) {
        cli_print_json(b.array);
    } else if (b.name == NULL) {
        char dr[MONEY_TEXT_MAX], cr[MONEY_TEXT_MAX];
        printf("%-44s %22s %22s\n", "total (debits = credits)",
               cli_money_text(cfg, b.total_dr, dr, sizeof dr),
               cli_money_text(cfg, b.total_cr, cr, sizeof cr));
    }
    return 0;
}
