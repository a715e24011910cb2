/* cmd_check.c — `huoshui check`: recompute every balance from the transfers and verify every
 * invariant of the book; exit 1 naming the first violation. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "instrument/fund_verify.h"
#include "instrument/verify.h"
#include "store/store.h"

int cmd_check(const hs_config *cfg, int argc, char **argv) {
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: huoshui [--book B] check [--json]\n\n"
               "Recomputes every balance from the transfers and verifies: stored balances equal\n"
               "recomputed ones; total debits = total credits (posted and pending); no budget or\n"
               "other flagged account crosses its limit; each pending transfer is resolved at\n"
               "most once and its state agrees; timestamps strictly increase; and the fund\n"
               "tables (commitments, calls, deals, cash), subsidy applications and vouchers\n"
               "agree with the ledger (paid, clawed back, redeemed, open reservations).\n"
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
    store_check_report report;
    hs_status st = store_check(s, &report, &err);
    /* modules that index the ledger in their own tables are checked against it too */
    fund_verify_report fund = {.ok = true};
    if (st == HS_OK && report.ok && instrument_module_present(s, "fund"))
        st = fund_verify(s, NULL, &fund, &err);
    if (st == HS_OK && !fund.ok) {
        report.ok = false;
        snprintf(report.first_violation, sizeof report.first_violation,
                 "fund tables agree with the ledger: %s", fund.first_violation);
    }
    instrument_verify_report inst = {.ok = true};
    if (st == HS_OK && report.ok)
        st = instrument_verify(s, &inst, &err);
    if (st == HS_OK && !inst.ok) {
        report.ok = false;
        snprintf(report.first_violation, sizeof report.first_violation, "%s", inst.first_violation);
    }
    store_close(s);
    if (st != HS_OK)
        return cli_report("check", &err);
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_boolean(report.ok));
        json_object_set_new(o, "accounts", json_integer(report.accounts));
        json_object_set_new(o, "transfers", json_integer(report.transfers));
        if (!report.ok)
            json_object_set_new(o, "violation", json_string(report.first_violation));
        cli_print_json(o);
    } else if (report.ok) {
        printf("ok: %lld accounts, %lld transfers; every invariant holds\n",
               (long long)report.accounts, (long long)report.transfers);
    }
    if (!report.ok)
        return cli_fail("check", HS_REFUSED, "violation: %s", report.first_violation);
    return 0;
}
