/* cmd_check.c — `huoshui check`: recompute every balance from the transfers and verify every
 * invariant of the book (ops_book_check); exit 1 naming the first violation (with --json, as the
 * one error object {"error":{"code":"invariant_violated",...,"violation"}}). */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "ops/check_ops.h"
#include "store/store.h"

int cmd_check(const hs_config *cfg, int argc, char **argv) {
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: huoshui [--book B] check [--json]\n\n"
               "Recomputes every balance from the transfers and verifies: stored balances equal\n"
               "recomputed ones; total debits = total credits (posted and pending); no budget or\n"
               "other flagged account crosses its limit; each account's owner is a module of\n"
               "the book or none (a free account); each pending transfer is resolved at most\n"
               "once and its state agrees; timestamps strictly increase; and the fund\n"
               "tables (commitments, calls, deals, cash), subsidy applications, vouchers,\n"
               "programme budgets and risk-compensation pools agree with the ledger (paid,\n"
               "clawed back, redeemed, open reservations, flows).\n"
               "exit 0 if all hold, 1 with the first violation named, 3 if unreadable.\n");
        return 0;
    }
    if (argc != 1)
        return cli_fail("check", HS_INPUT, "unexpected argument '%s'", argv[1]);
    hs_store *s;
    int rc = cli_open_book(cfg, "check", false, &s);
    if (rc != 0)
        return rc;
    hs_error err = {0};
    hs_ctx ctx = cli_ctx(cfg, s);
    book_check_report report;
    hs_status st = ops_book_check(&ctx, &report, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("check", &err);
    if (!report.ok) { /* with --json: one error object, carrying the report's members */
        hs_fail_code(&err, HS_REFUSED, "invariant_violated", NULL, "violation: %s",
                     report.first_violation);
        return cli_report_with("check", &err, cfg->json ? view_book_check(&report) : NULL);
    }
    if (cfg->json)
        cli_print_json(view_book_check(&report));
    else
        printf("ok: %lld accounts, %lld transfers; every invariant holds\n",
               (long long)report.accounts, (long long)report.transfers);
    return 0;
}
