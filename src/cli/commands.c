/* commands.c — the table of `huoshui` subcommands. Add one line per command; each lives in its own
 * cmd_*.c file. */
#include "cli/commands.h"

const command_entry cli_commands[] = {
    {"init", cmd_init, "create a new book"},
    {"account", cmd_account, "create, list and show accounts"},
    {"transfer", cmd_transfer, "move money: one transfer, or a batch file all or nothing"},
    {"balance", cmd_balance, "balances now or as of a date"},
    {"history", cmd_history, "every transfer touching an account"},
    {"check", cmd_check, "verify every invariant of the book"},
    {"firm", cmd_firm, "the firm registry: import/export CSV, list, show (统一社会信用代码)"},
    {"gen", cmd_gen, "synthetic data in import formats (gen firms --n N --seed S)"},
    {"calc", cmd_calc, "fund calculators: XIRR, NPV, distribution waterfall, multiples"},
    {"fund", cmd_fund,
     "fund groups: funds, LPs, calls, deals, waterfall, reports, 遴选, projections"},
    {"programme", cmd_programme, "programmes: appropriation, budgets, funding, closing"},
    {"credit", cmd_credit,
     "bank credit: products, loans, repayments, defaults, risk-compensation pools"},
    {"policy", cmd_policy, "check, test, evaluate and explain policy files"},
    {"subsidy", cmd_subsidy, "subsidies: apply, match (免申即享), award, pay, reject, clawback"},
    {"voucher", cmd_voucher, "compute vouchers (算力券): issue, redeem, settle, expire, show"},
    {"report", cmd_report, "reports: programme status, firm statements (table, JSON, CSV, Excel)"},
    {"approval", cmd_approval, "maker-checker (四眼原则): list, approve, reject pending payments"},
    {"notice", cmd_notice, "public notice (公示) of awards: list, object, uphold, dismiss"},
    {"serve", cmd_serve, "the HTTP JSON API over the book (huoshui serve --listen HOST:PORT)"},
    {"user", cmd_user, "users of `huoshui serve`: add (password on stdin), list, disable"},
    {"token", cmd_token,
     "bearer tokens for machine clients: create (shown once), check, list, revoke"},
    {"audit", cmd_audit, "the audit chain: verify it, list its entries (--actor, --object)"},
    /* programme design (issue 13) */
    {"target", cmd_target, "programme targets: add, import, list, import actuals (目标)"},
    {"project", cmd_project, "Monte Carlo projection of a programme from the live book; compare"},
    {"interest", cmd_interest,
     "interest subsidies (贴息) on loans: schemes, accrue a period, explain"},
    {"guarantee", cmd_guarantee,
     "financing guarantees (融资担保): guarantors, fees and 降费, 代偿 shared 4:3:2:1, leverage"},
    {NULL, NULL, NULL},
};
