/* test_reports.c — the reports on an in-memory book: transfers without references (the reliability
 * review's exit 3), the programme status split by purpose and by firm with firms counted once, the
 * firm statement's states, and the one CSV quoting helper. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "instrument/programme.h"
#include "ledger/transfer_codec.h"
#include "report/reports.h"
#include "store/book.h"
#include "store/store.h"

#define FIRM_A "91510107MA6CM4R26W"
#define FIRM_B "91510100MA6CA0001X"

static hs_store *book(void) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    return s;
}

static void account(hs_store *s, const char *name, const char *kind) {
    hs_account a;
    bool existed;
    hs_error err = {0};
    if (book_account_create(s, name, kind, 0, &a, &existed, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "account %s: %s", name, err.msg);
}

/* Applies one transfer; firm may be NULL (no references at all). */
static void move(hs_store *s, const char *id, const char *debit, const char *credit, int64_t amount,
                 uint32_t flags, const char *pending_id, const char *code, const char *firm) {
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "%s", id);
    snprintf(t.debit, sizeof t.debit, "%s", debit);
    snprintf(t.credit, sizeof t.credit, "%s", credit);
    snprintf(t.pending_id, sizeof t.pending_id, "%s", pending_id ? pending_id : "");
    snprintf(t.code, sizeof t.code, "%s", code ? code : "");
    t.amount_fen = amount;
    t.flags = flags;
    char why[128];
    if (firm != NULL)
        transfer_add_ref(&t, "firm", firm, why, sizeof why);
    transfer_result r;
    hs_error err = {0};
    if (book_transfer(s, &t, 1, &r, true, NULL, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "transfer %s: %s", id, err.msg);
}

static size_t row_of(const report_table *t, const char *group) {
    for (size_t r = 0; r < t->rows; r++)
        if (strcmp(t->cells[r * t->ncols].text, group) == 0)
            return r;
    harness_fail(__FILE__, __LINE__, "no row %s", group);
    return 0;
}

TEST(report_firm_with_transfers_without_refs) {
    hs_store *s = book();
    account(s, "x/a", "external");
    account(s, "x/b", "external");
    move(s, "t1", "x/a", "x/b", 1, 0, NULL, NULL, NULL);
    move(s, "t2", "x/a", "x/b", 2, 0, NULL, "grant.pay", FIRM_A);
    report_table t = {0};
    hs_error err = {0};
    CHECK_EQ_INT(report_firm(s, FIRM_A, &t, &err), HS_OK);
    CHECK_EQ_INT(t.rows, 1);
    if (t.rows == 1) {
        CHECK_EQ_STR(t.cells[1].text, "grant");
        CHECK_EQ_STR(t.cells[3].text, "t2");
        CHECK_EQ_STR(t.cells[6].text, "moved");
        CHECK_EQ_INT(table_value(&t, 0, 7), 2);
    }
    table_free(&t);
    CHECK_EQ_INT(report_firm(s, FIRM_B, &t, &err), HS_OK);
    CHECK_EQ_INT(t.rows, 0);
    table_free(&t);
    store_close(s);
}

TEST(report_programme_by_budget_and_firm) {
    hs_store *s = book();
    hs_error err = {0};
    programme p = {.id = "p"};
    CHECK_EQ_INT(programme_create(s, &p, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "p", "a", 1000, date_from_ymd(2024, 1, 2), NULL, &err), HS_OK);
    CHECK_EQ_INT(programme_fund(s, "p", "b", 1000, date_from_ymd(2024, 1, 2), NULL, &err), HS_OK);
    account(s, "firm/A/cash", "enterprise");
    account(s, "firm/B/cash", "enterprise");
    move(s, "pay-a1", "budget/p/a", "firm/A/cash", 100, 0, NULL, "subsidy.pay", FIRM_A);
    move(s, "res-a2", "budget/p/a", "firm/B/cash", 50, TRANSFER_PENDING, NULL, "voucher.issue",
         FIRM_B);
    move(s, "pay-b1", "budget/p/b", "firm/A/cash", 30, 0, NULL, "subsidy.pay", FIRM_A);
    move(s, "res-b2", "budget/p/b", "firm/B/cash", 40, TRANSFER_PENDING, NULL, NULL, FIRM_B);
    move(s, "void-b2", "", "", 0, TRANSFER_VOID_PENDING, "res-b2", NULL, FIRM_B);
    move(s, "claw-a1", "firm/A/cash", "budget/p/a", 10, 0, NULL, "subsidy.clawback", FIRM_A);
    move(s, "noref", "firm/B/cash", "budget/p/b", 0 + 5, 0, NULL, NULL, NULL);

    report_table t = {0};
    CHECK_EQ_INT(report_programme(s, "p", BY_BUDGET, &t, &err), HS_OK);
    CHECK_EQ_INT(t.rows, 3);
    size_t a = row_of(&t, "a"), b = row_of(&t, "b"), tot = row_of(&t, "total");
    CHECK_EQ_INT(table_value(&t, a, 1), 2);   /* A paid, B reserved */
    CHECK_EQ_INT(table_value(&t, a, 2), 100); /* paid */
    CHECK_EQ_INT(table_value(&t, a, 3), 50);  /* reserved */
    CHECK_EQ_INT(table_value(&t, a, 4), 10);  /* returned */
    CHECK_EQ_INT(table_value(&t, b, 1), 1);   /* the voided reservation serves nobody */
    CHECK_EQ_INT(table_value(&t, b, 2), 30);
    CHECK_EQ_INT(table_value(&t, b, 3), 0);
    CHECK_EQ_INT(table_value(&t, b, 4), 5);   /* money back without references */
    CHECK_EQ_INT(table_value(&t, tot, 1), 2); /* each firm once */
    CHECK_EQ_INT(table_value(&t, tot, 2), 130);
    CHECK_EQ_INT(table_value(&t, tot, 3), 50);
    CHECK_EQ_INT(table_value(&t, tot, 4), 15);
    table_free(&t);

    CHECK_EQ_INT(report_programme(s, "p", BY_FIRM, &t, &err), HS_OK);
    CHECK_EQ_INT(t.rows, 4); /* (no firm) for the ref-less return, A, B, total */
    size_t fa = row_of(&t, FIRM_A), nf = row_of(&t, "(no firm)");
    CHECK_EQ_INT(table_value(&t, fa, 2), 130);
    CHECK_EQ_INT(table_value(&t, fa, 4), 10);
    CHECK_EQ_INT(table_value(&t, nf, 1), 0);
    CHECK_EQ_INT(table_value(&t, nf, 4), 5);
    table_free(&t);

    CHECK_EQ_INT(report_programme(s, "p", BY_SECTOR, &t, &err), HS_OK);
    CHECK_EQ_INT(t.rows, 2); /* no firm in the registry */
    CHECK_EQ_INT(table_value(&t, row_of(&t, "(not in registry)"), 2), 130);
    table_free(&t);

    CHECK_EQ_INT(report_programme(s, "none", BY_BUDGET, &t, &err), HS_INPUT);
    CHECK_EQ_STR(err.code, "no_budgets");
    table_free(&t);
    store_close(s);
}
