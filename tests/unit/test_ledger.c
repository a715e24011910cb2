/* test_ledger.c — every transfer flag and refusal through the real engine and SQLite store (in
 * memory), plus a property test: random transfer sequences keep every invariant, and replaying a
 * sequence changes nothing. */
#include "harness.h"

#include <stdlib.h>

#include "ledger/transfer_codec.h"
#include "audit/audit_verify.h"
#include "store/book.h"
#include "store/store.h"

static hs_store *fresh_book(void) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    return s;
}

static void make_account(hs_store *s, const char *name, const char *kind, uint32_t flags) {
    hs_account a;
    bool existed;
    hs_error err = {0};
    if (book_account_create(s, name, kind, flags, &a, &existed, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "account %s: %s", name, err.msg);
}

static hs_transfer move(const char *id, const char *dr, const char *cr, int64_t fen) {
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "%s", id);
    snprintf(t.debit, sizeof t.debit, "%s", dr);
    snprintf(t.credit, sizeof t.credit, "%s", cr);
    t.amount_fen = fen;
    return t;
}

static hs_transfer resolve(const char *id, const char *pending_id, bool post, int64_t fen) {
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "%s", id);
    snprintf(t.pending_id, sizeof t.pending_id, "%s", pending_id);
    t.flags = post ? TRANSFER_POST_PENDING : TRANSFER_VOID_PENDING;
    t.amount_fen = fen;
    return t;
}

static transfer_result apply1(hs_store *s, hs_transfer t) {
    transfer_result r = TR_RESULT_COUNT;
    hs_error err = {0};
    hs_status st = book_transfer(s, &t, 1, &r, true, NULL, &err);
    if (st == HS_STORAGE)
        harness_fail(__FILE__, __LINE__, "storage: %s", err.msg);
    return r;
}

static hs_account acct(hs_store *s, const char *name) {
    hs_account a = {0};
    bool found = false;
    hs_error err = {0};
    store_account_by_name(s, name, &a, &found, &err);
    if (!found)
        harness_fail(__FILE__, __LINE__, "no account %s", name);
    return a;
}

static void check_book(hs_store *s, int line) {
    store_check_report rep;
    hs_error err = {0};
    if (store_check(s, &rep, &err) != HS_OK)
        harness_fail(__FILE__, line, "check failed: %s", err.msg);
    else if (!rep.ok)
        harness_fail(__FILE__, line, "invariant violated: %s", rep.first_violation);
}

/* A book with an appropriation funding a 1,000.00 CNY budget, and a firm. */
static hs_store *funded_book(void) {
    hs_store *s = fresh_book();
    make_account(s, "approp", "appropriation", 0);
    make_account(s, "budget", "budget", ACCOUNT_DEBITS_LE_CREDITS);
    make_account(s, "firm", "enterprise", 0);
    CHECK_EQ_INT(apply1(s, move("fund", "approp", "budget", 100000)), TR_OK);
    return s;
}

TEST(ledger_posted_transfer_moves_money) {
    hs_store *s = funded_book();
    CHECK_EQ_INT(apply1(s, move("pay", "budget", "firm", 25000)), TR_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 25000);
    CHECK_EQ_INT(acct(s, "firm").credits_posted_fen, 25000);
    CHECK_EQ_INT(account_held_fen((hs_account[]){acct(s, "budget")}), 75000);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_budget_can_never_overspend) {
    hs_store *s = funded_book();
    CHECK_EQ_INT(apply1(s, move("big", "budget", "firm", 100001)), TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(apply1(s, move("all", "budget", "firm", 100000)), TR_OK);
    CHECK_EQ_INT(apply1(s, move("one", "budget", "firm", 1)), TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 100000);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_credits_le_debits_limit) {
    hs_store *s = funded_book();
    make_account(s, "loan", "loan", ACCOUNT_CREDITS_LE_DEBITS);
    CHECK_EQ_INT(apply1(s, move("repay", "firm", "loan", 10)), TR_EXCEEDS_DEBITS);
    CHECK_EQ_INT(apply1(s, move("lend", "loan", "firm", 500)), TR_OK);
    CHECK_EQ_INT(apply1(s, move("repay2", "firm", "loan", 500)), TR_OK);
    CHECK_EQ_INT(apply1(s, move("repay3", "firm", "loan", 1)), TR_EXCEEDS_DEBITS);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_pending_counts_against_the_limit) {
    hs_store *s = funded_book();
    hs_transfer r = move("reserve", "budget", "firm", 80000);
    r.flags = TRANSFER_PENDING;
    CHECK_EQ_INT(apply1(s, r), TR_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_pending_fen, 80000);
    CHECK_EQ_INT(apply1(s, move("more", "budget", "firm", 20001)), TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(apply1(s, move("fits", "budget", "firm", 20000)), TR_OK);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_post_full_partial_and_void) {
    hs_store *s = funded_book();
    hs_transfer r = move("r1", "budget", "firm", 30000);
    r.flags = TRANSFER_PENDING;
    CHECK_EQ_INT(apply1(s, r), TR_OK);
    CHECK_EQ_INT(apply1(s, resolve("p1", "r1", true, 30001)), TR_EXCEEDS_PENDING_TRANSFER_AMOUNT);
    CHECK_EQ_INT(apply1(s, resolve("p1", "r1", true, 10000)), TR_OK); /* partial: rest released */
    hs_account b = acct(s, "budget");
    CHECK_EQ_INT(b.debits_pending_fen, 0);
    CHECK_EQ_INT(b.debits_posted_fen, 10000);
    CHECK_EQ_INT(apply1(s, resolve("p2", "r1", true, 0)), TR_PENDING_TRANSFER_ALREADY_POSTED);
    CHECK_EQ_INT(apply1(s, resolve("v1", "r1", false, 0)), TR_PENDING_TRANSFER_ALREADY_POSTED);
    hs_transfer r2 = move("r2", "budget", "firm", 5000);
    r2.flags = TRANSFER_PENDING;
    CHECK_EQ_INT(apply1(s, r2), TR_OK);
    CHECK_EQ_INT(apply1(s, resolve("v2", "r2", false, 0)), TR_OK);
    CHECK_EQ_INT(apply1(s, resolve("v3", "r2", false, 0)), TR_PENDING_TRANSFER_ALREADY_VOIDED);
    CHECK_EQ_INT(apply1(s, resolve("p3", "r2", true, 0)), TR_PENDING_TRANSFER_ALREADY_VOIDED);
    hs_transfer r3 = move("r3", "budget", "firm", 7000);
    r3.flags = TRANSFER_PENDING;
    CHECK_EQ_INT(apply1(s, r3), TR_OK);
    CHECK_EQ_INT(apply1(s, resolve("p4", "r3", true, 0)), TR_OK); /* full */
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 17000);
    CHECK_EQ_INT(apply1(s, resolve("p5", "nope", true, 0)), TR_PENDING_TRANSFER_NOT_FOUND);
    CHECK_EQ_INT(apply1(s, resolve("p6", "fund", true, 0)), TR_PENDING_TRANSFER_NOT_PENDING);
    hs_transfer wrong = resolve("p7", "r3", true, 0);
    snprintf(wrong.debit, sizeof wrong.debit, "approp");
    CHECK_EQ_INT(apply1(s, wrong), TR_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_pending_timeout_expires) {
    hs_store *s = funded_book();
    hs_clock sys = hs_clock_system();
    int64_t t0 = hs_clock_now_ns(&sys) + 1000000000;
    hs_clock clock = {.fixed_now_ns = t0};
    store_use_clock(s, &clock);
    hs_transfer r = move("r1", "budget", "firm", 60000);
    r.flags = TRANSFER_PENDING;
    r.timeout_s = 10;
    CHECK_EQ_INT(apply1(s, r), TR_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_pending_fen, 60000);
    clock.fixed_now_ns = t0 + 9000000000; /* before the deadline */
    store_use_clock(s, &clock);
    CHECK_EQ_INT(apply1(s, move("x", "budget", "firm", 50000)), TR_EXCEEDS_CREDITS);
    clock.fixed_now_ns = t0 + 11000000000; /* 11 s later */
    store_use_clock(s, &clock);
    CHECK_EQ_INT(apply1(s, resolve("p1", "r1", true, 0)), TR_PENDING_TRANSFER_EXPIRED);
    CHECK_EQ_INT(acct(s, "budget").debits_pending_fen, 0);
    CHECK_EQ_INT(apply1(s, move("y", "budget", "firm", 50000)), TR_OK);
    hs_transfer bad = move("z", "budget", "firm", 1);
    bad.timeout_s = 5;
    CHECK_EQ_INT(apply1(s, bad), TR_TIMEOUT_RESERVED_FOR_PENDING);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_idempotent_retry_and_conflicts) {
    hs_store *s = funded_book();
    hs_transfer t = move("t1", "budget", "firm", 100);
    snprintf(t.code, sizeof t.code, "subsidy.pay");
    char why[128];
    CHECK(transfer_add_ref(&t, "policy", "chengdu.first_version@2024.1", why, sizeof why));
    CHECK_EQ_INT(apply1(s, t), TR_OK);
    CHECK_EQ_INT(apply1(s, t), TR_EXISTS);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 100);
    hs_transfer d = t;
    d.amount_fen = 101;
    CHECK_EQ_INT(apply1(s, d), TR_EXISTS_WITH_DIFFERENT_AMOUNT);
    d = t;
    snprintf(d.credit, sizeof d.credit, "approp");
    CHECK_EQ_INT(apply1(s, d), TR_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT);
    d = t;
    snprintf(d.code, sizeof d.code, "other");
    CHECK_EQ_INT(apply1(s, d), TR_EXISTS_WITH_DIFFERENT_CODE);
    d = t;
    d.refs[0] = '\0';
    CHECK_EQ_INT(apply1(s, d), TR_EXISTS_WITH_DIFFERENT_REFS);
    d = t;
    d.flags = TRANSFER_PENDING;
    CHECK_EQ_INT(apply1(s, d), TR_EXISTS_WITH_DIFFERENT_FLAGS);
    d = t;
    d.date_given = true;
    d.date = 1;
    CHECK_EQ_INT(apply1(s, d), TR_EXISTS_WITH_DIFFERENT_DATE);
    CHECK_EQ_INT(transfer_result_status(TR_EXISTS_WITH_DIFFERENT_AMOUNT), HS_INPUT);
    CHECK_EQ_INT(transfer_result_status(TR_EXCEEDS_CREDITS), HS_REFUSED);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_shape_refusals) {
    hs_store *s = funded_book();
    CHECK_EQ_INT(apply1(s, move("", "budget", "firm", 1)), TR_ID_MUST_NOT_BE_EMPTY);
    CHECK_EQ_INT(apply1(s, move("a", "budget", "firm", 0)), TR_AMOUNT_MUST_BE_POSITIVE);
    CHECK_EQ_INT(apply1(s, move("b", "budget", "firm", -5)), TR_AMOUNT_MUST_BE_POSITIVE);
    CHECK_EQ_INT(apply1(s, move("c", "budget", "budget", 1)), TR_ACCOUNTS_MUST_BE_DIFFERENT);
    CHECK_EQ_INT(apply1(s, move("d", "nobody", "firm", 1)), TR_DEBIT_ACCOUNT_NOT_FOUND);
    CHECK_EQ_INT(apply1(s, move("e", "budget", "nobody", 1)), TR_CREDIT_ACCOUNT_NOT_FOUND);
    hs_transfer f = move("f", "budget", "firm", 1);
    f.flags = TRANSFER_PENDING | TRANSFER_VOID_PENDING;
    CHECK_EQ_INT(apply1(s, f), TR_FLAGS_ARE_MUTUALLY_EXCLUSIVE);
    hs_transfer g = resolve("g", "", true, 0);
    CHECK_EQ_INT(apply1(s, g), TR_PENDING_ID_REQUIRED);
    CHECK_EQ_INT(apply1(s, move("h", "budget", "firm", INT64_MAX)), TR_AMOUNT_TOO_LARGE);
    CHECK_EQ_INT(apply1(s, move("h", "budget", "firm", 100001)), TR_EXCEEDS_CREDITS);
    make_account(s, "free", "external", 0);
    CHECK_EQ_INT(apply1(s, move("i", "free", "firm", TRANSFER_AMOUNT_MAX_FEN + 1)),
                 TR_AMOUNT_TOO_LARGE);
    CHECK_EQ_INT(apply1(s, move("j", "free", "firm", TRANSFER_AMOUNT_MAX_FEN)), TR_OK);
    hs_transfer r = move("k", "budget", "firm", 500);
    r.flags = TRANSFER_PENDING;
    CHECK_EQ_INT(apply1(s, r), TR_OK);
    CHECK_EQ_INT(apply1(s, resolve("l", "k", false, 499)),
                 TR_PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT);
    CHECK_EQ_INT(apply1(s, resolve("l", "k", false, 500)), TR_OK);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_linked_chain_all_or_nothing) {
    hs_store *s = funded_book();
    hs_transfer ev[3] = {move("l1", "budget", "firm", 40000), move("l2", "budget", "firm", 40000),
                         move("l3", "budget", "firm", 40000)};
    ev[0].flags = ev[1].flags = TRANSFER_LINKED;
    transfer_result r[3];
    hs_error err = {0};
    book_summary sum;
    CHECK_EQ_INT(book_transfer(s, ev, 3, r, false, &sum, &err), HS_REFUSED);
    CHECK_EQ_INT(r[0], TR_LINKED_EVENT_FAILED);
    CHECK_EQ_INT(r[1], TR_LINKED_EVENT_FAILED);
    CHECK_EQ_INT(r[2], TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 0);
    /* a chain that fits applies, and an independent event after a failed chain still applies */
    hs_transfer ev2[4] = {move("m1", "budget", "firm", 100), move("m2", "budget", "nobody", 100),
                          move("m3", "budget", "firm", 300), move("m4", "budget", "firm", 400)};
    ev2[0].flags = TRANSFER_LINKED;
    ev2[2].flags = TRANSFER_LINKED;
    transfer_result r2[4];
    book_transfer(s, ev2, 4, r2, false, &sum, &err);
    CHECK_EQ_INT(r2[0], TR_LINKED_EVENT_FAILED);
    CHECK_EQ_INT(r2[1], TR_CREDIT_ACCOUNT_NOT_FOUND);
    CHECK_EQ_INT(r2[2], TR_OK);
    CHECK_EQ_INT(r2[3], TR_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 700);
    /* an open chain at the end of a batch fails wholly */
    hs_transfer ev3[2] = {move("o1", "budget", "firm", 1), move("o2", "budget", "firm", 1)};
    ev3[0].flags = ev3[1].flags = TRANSFER_LINKED;
    transfer_result r3[2];
    book_transfer(s, ev3, 2, r3, false, &sum, &err);
    CHECK_EQ_INT(r3[0], TR_LINKED_EVENT_FAILED);
    CHECK_EQ_INT(r3[1], TR_LINKED_EVENT_CHAIN_OPEN);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 700);
    /* a chain may reserve and post within itself */
    hs_transfer ev4[2] = {move("q1", "budget", "firm", 500), resolve("q2", "q1", true, 200)};
    ev4[0].flags = TRANSFER_PENDING | TRANSFER_LINKED;
    transfer_result r4[2];
    CHECK_EQ_INT(book_transfer(s, ev4, 2, r4, false, &sum, &err), HS_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 900);
    CHECK_EQ_INT(acct(s, "budget").debits_pending_fen, 0);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_all_or_nothing_batch_applies_nothing) {
    hs_store *s = funded_book();
    hs_transfer ev[3] = {move("a1", "budget", "firm", 100), move("a2", "budget", "firm", 200),
                         move("a3", "budget", "firm", 200000)};
    transfer_result r[3];
    hs_error err = {0};
    CHECK_EQ_INT(book_transfer(s, ev, 3, r, true, NULL, &err), HS_REFUSED);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 0);
    hs_transfer probe;
    bool found = true;
    store_transfer_by_id(s, "a1", &probe, &found, &err);
    CHECK(!found);
    check_book(s, __LINE__);
    store_close(s);
}

TEST(ledger_balances_at_a_date) {
    hs_store *s = funded_book();
    hs_transfer t1 = move("d1", "budget", "firm", 100);
    t1.date_given = true;
    date_parse("2024-03-01", &t1.date);
    hs_transfer t2 = move("d2", "budget", "firm", 200);
    t2.date_given = true;
    date_parse("2024-06-01", &t2.date);
    CHECK_EQ_INT(apply1(s, t1), TR_OK);
    CHECK_EQ_INT(apply1(s, t2), TR_OK);
    struct {
        int64_t firm_cr;
    } seen = {0};
    hs_date d;
    date_parse("2024-04-01", &d);
    hs_error err = {0};
    hs_status fn(void *ctx, const hs_account *a, hs_error *e);
    CHECK_EQ_INT(store_accounts_at(s, d, "firm", fn, &seen, &err), HS_OK);
    CHECK_EQ_INT(seen.firm_cr, 100);
    store_close(s);
}

hs_status fn(void *ctx, const hs_account *a, hs_error *e) {
    (void)e;
    if (strcmp(a->name, "firm") == 0)
        *(int64_t *)ctx = a->credits_posted_fen;
    return HS_OK;
}

/* ---- property test ---- */

static uint64_t rng_next(uint64_t *state) {
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void random_event(uint64_t *rng, int i, hs_transfer *t) {
    static const char *const names[] = {"approp", "b1", "b2", "f1", "f2", "f3", "pool"};
    char id[32];
    snprintf(id, sizeof id, "e%d", i);
    int kind = (int)(rng_next(rng) % 10);
    const char *dr = names[rng_next(rng) % 7], *cr = names[rng_next(rng) % 7];
    int64_t amount = (int64_t)(rng_next(rng) % 5000);
    if (kind < 5) {
        *t = move(id, dr, cr, amount);
    } else if (kind < 7) {
        *t = move(id, dr, cr, amount);
        t->flags = TRANSFER_PENDING;
    } else {
        char pid[32];
        snprintf(pid, sizeof pid, "e%d", (int)(rng_next(rng) % (uint64_t)(i + 1)));
        *t = resolve(id, pid, kind < 9, (int64_t)(rng_next(rng) % 3000));
    }
    if (rng_next(rng) % 6 == 0)
        t->flags |= TRANSFER_LINKED;
}

TEST(ledger_property_random_sequences_keep_invariants) {
    uint64_t rng = 42;
    int sequences = 2000, events_per = 80;
    for (int seq = 0; seq < sequences; seq++) {
        hs_store *s = fresh_book();
        make_account(s, "approp", "appropriation", 0);
        make_account(s, "b1", "budget", ACCOUNT_DEBITS_LE_CREDITS);
        make_account(s, "b2", "budget", ACCOUNT_DEBITS_LE_CREDITS);
        make_account(s, "f1", "enterprise", 0);
        make_account(s, "f2", "enterprise", 0);
        make_account(s, "f3", "enterprise", ACCOUNT_CREDITS_LE_DEBITS);
        make_account(s, "pool", "pool", ACCOUNT_DEBITS_LE_CREDITS);
        hs_transfer ev[80];
        transfer_result r[80], r2[80];
        for (int i = 0; i < events_per; i++)
            random_event(&rng, i, &ev[i]);
        hs_error err = {0};
        /* apply in small batches, checking every invariant after each */
        for (int i = 0; i < events_per; i += 8) {
            book_transfer(s, ev + i, 8, r + i, false, NULL, &err);
            check_book(s, __LINE__);
        }
        /* snapshot, replay everything: nothing may change, every applied event says exists */
        int64_t before[7][4];
        static const char *const names[] = {"approp", "b1", "b2", "f1", "f2", "f3", "pool"};
        for (int k = 0; k < 7; k++) {
            hs_account a = acct(s, names[k]);
            before[k][0] = a.debits_posted_fen;
            before[k][1] = a.credits_posted_fen;
            before[k][2] = a.debits_pending_fen;
            before[k][3] = a.credits_pending_fen;
        }
        /* replay exactly the applied events (a successful chain is applied whole, so chains
         * survive the filtering), in one batch */
        hs_transfer applied[80];
        int n_applied = 0;
        for (int i = 0; i < events_per; i++)
            if (r[i] == TR_OK)
                applied[n_applied++] = ev[i];
        book_transfer(s, applied, (size_t)n_applied, r2, false, NULL, &err);
        for (int i = 0; i < n_applied; i++)
            if (r2[i] != TR_EXISTS)
                harness_fail(__FILE__, __LINE__, "seq %d applied event %d: replay gave %s", seq, i,
                             transfer_result_name(r2[i]));
        for (int k = 0; k < 7; k++) {
            hs_account a = acct(s, names[k]);
            CHECK_EQ_INT(a.debits_posted_fen, before[k][0]);
            CHECK_EQ_INT(a.credits_posted_fen, before[k][1]);
            CHECK_EQ_INT(a.debits_pending_fen, before[k][2]);
            CHECK_EQ_INT(a.credits_pending_fen, before[k][3]);
        }
        check_book(s, __LINE__);
        store_close(s);
    }
}

/* A book file in a fresh temporary directory (removed by the caller with remove_book). */
static void temp_book(char *path, size_t len) {
    char dir[] = "/tmp/hs-unit-ledger-XXXXXX";
    if (mkdtemp(dir) == NULL)
        harness_fail(__FILE__, __LINE__, "mkdtemp failed");
    snprintf(path, len, "%s/book.db", dir);
}

static void remove_book(const char *path) {
    char side[600];
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        remove(side);
    }
    snprintf(side, sizeof side, "%s", path);
    char *slash = strrchr(side, '/');
    if (slash != NULL) {
        *slash = '\0';
        remove(side);
    }
}

/* The store keeps accounts it read between its own transactions; a commit by another connection
 * must make it read them again, or a limit would be checked against a stale balance. */
TEST(ledger_two_connections_see_each_others_commits) {
    char path[512];
    temp_book(path, sizeof path);
    hs_store *s1 = NULL, *s2 = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(store_open(path, STORE_CREATE, &s1, &err), HS_OK);
    make_account(s1, "approp", "appropriation", 0);
    make_account(s1, "budget", "budget", ACCOUNT_DEBITS_LE_CREDITS);
    make_account(s1, "firm", "enterprise", 0);
    CHECK_EQ_INT(apply1(s1, move("fund", "approp", "budget", 100000)), TR_OK);
    CHECK_EQ_INT(apply1(s1, move("p1", "budget", "firm", 30000)), TR_OK);
    CHECK_EQ_INT(store_open(path, STORE_OPEN_EXISTING, &s2, &err), HS_OK);
    CHECK_EQ_INT(apply1(s2, move("p2", "budget", "firm", 60000)), TR_OK);
    /* s1 last saw 70,000 left; only 10,000 are */
    CHECK_EQ_INT(apply1(s1, move("p3", "budget", "firm", 20000)), TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(apply1(s1, move("p4", "budget", "firm", 10000)), TR_OK);
    CHECK_EQ_INT(apply1(s2, move("p5", "budget", "firm", 1)), TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(acct(s1, "budget").debits_posted_fen, 100000);
    /* ids written by one connection are retries for the other */
    CHECK_EQ_INT(apply1(s1, move("p2", "budget", "firm", 60000)), TR_EXISTS);
    check_book(s1, __LINE__);
    store_close(s2);
    store_close(s1);
    remove_book(path);
}

/* A refused all-or-nothing batch is rolled back after its chunk was written: nothing the store
 * learnt from it may survive into the next transaction. */
TEST(ledger_rolled_back_batch_leaves_no_cached_balance) {
    hs_store *s = funded_book();
    hs_transfer ev[2] = {move("a1", "budget", "firm", 60000), move("a2", "budget", "firm", 900000)};
    transfer_result r[2];
    hs_error err = {0};
    CHECK_EQ_INT(book_transfer(s, ev, 2, r, true, NULL, &err), HS_REFUSED);
    CHECK_EQ_INT(apply1(s, move("a3", "budget", "firm", 100000)), TR_OK);
    CHECK_EQ_INT(apply1(s, move("a1", "budget", "firm", 60000)), TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 100000);
    check_book(s, __LINE__);
    store_close(s);
}

/* Many new ids in one batch are probed together; an id among them that the book holds is still
 * answered `exists` (and one with another body refused), wherever it falls in the batch. */
TEST(ledger_batch_probe_finds_stored_ids_anywhere) {
    hs_store *s = funded_book();
    CHECK_EQ_INT(apply1(s, move("old-1", "budget", "firm", 5)), TR_OK);
    CHECK_EQ_INT(apply1(s, move("old-2", "budget", "firm", 7)), TR_OK);
    enum { N = 300 };
    static hs_transfer ev[N];
    transfer_result r[N];
    for (int i = 0; i < N; i++) {
        char id[32];
        snprintf(id, sizeof id, "new-%d", i);
        ev[i] = move(id, "budget", "firm", 1);
    }
    ev[0] = move("old-1", "budget", "firm", 5);
    ev[130] = move("old-2", "budget", "firm", 8);
    ev[299] = move("old-1", "budget", "firm", 5);
    hs_error err = {0};
    book_summary sum;
    book_transfer(s, ev, N, r, false, &sum, &err);
    CHECK_EQ_INT(r[0], TR_EXISTS);
    CHECK_EQ_INT(r[130], TR_EXISTS_WITH_DIFFERENT_AMOUNT);
    CHECK_EQ_INT(r[299], TR_EXISTS);
    CHECK_EQ_INT(r[1], TR_OK);
    CHECK_EQ_INT(sum.applied, N - 3);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 12 + N - 3);
    check_book(s, __LINE__);
    store_close(s);
}

/* The store remembers that nothing is due between commits on one connection; a pending transfer
 * committed since must still expire on time, with no rollback or other writer in between. */
TEST(ledger_pending_expires_after_committed_batches_on_one_connection) {
    hs_store *s = funded_book();
    hs_clock sys = hs_clock_system();
    int64_t t0 = hs_clock_now_ns(&sys) + 1000000000;
    hs_clock clock = {.fixed_now_ns = t0};
    store_use_clock(s, &clock);
    CHECK_EQ_INT(apply1(s, move("m0", "budget", "firm", 100)), TR_OK);
    hs_transfer r = move("r1", "budget", "firm", 60000);
    r.flags = TRANSFER_PENDING;
    r.timeout_s = 10;
    CHECK_EQ_INT(apply1(s, r), TR_OK);
    clock.fixed_now_ns = t0 + 5000000000;
    store_use_clock(s, &clock);
    CHECK_EQ_INT(apply1(s, move("m1", "budget", "firm", 100)), TR_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_pending_fen, 60000);
    clock.fixed_now_ns = t0 + 11000000000;
    store_use_clock(s, &clock);
    CHECK_EQ_INT(apply1(s, move("m2", "budget", "firm", 100)), TR_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_pending_fen, 0);
    CHECK_EQ_INT(apply1(s, resolve("p1", "r1", true, 0)), TR_PENDING_TRANSFER_EXPIRED);
    check_book(s, __LINE__);
    store_close(s);
}

static int64_t audit_entries(hs_store *s) {
    audit_verify_report r;
    hs_error err = {0};
    if (audit_verify(s, &r, &err) != HS_OK || !r.ok)
        return -1;
    return r.entries;
}

/* A chunk is first applied without probing its ids (book.c); a retried id among new ones, a
 * whole batch retried, and a retry that applying again would refuse must still be answered
 * "exists", write nothing twice, and a retry that changes nothing appends no audit entry. */
TEST(ledger_retried_ids_answer_exists_without_a_probe_first) {
    char path[512];
    temp_book(path, sizeof path);
    hs_store *s = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(store_open(path, STORE_CREATE, &s, &err), HS_OK);
    make_account(s, "approp", "appropriation", 0);
    make_account(s, "budget", "budget", ACCOUNT_DEBITS_LE_CREDITS);
    make_account(s, "firm", "enterprise", 0);
    CHECK_EQ_INT(apply1(s, move("fund", "approp", "budget", 100000)), TR_OK);
    hs_transfer first[2] = {move("a", "budget", "firm", 30000), move("b", "budget", "firm", 30000)};
    transfer_result r[3];
    book_summary sum;
    CHECK_EQ_INT(book_transfer(s, first, 2, r, false, &sum, &err), HS_OK);
    int64_t entries = audit_entries(s);
    CHECK(entries > 0);
    /* a retry of the whole batch: both exist, nothing moves, no entry */
    CHECK_EQ_INT(book_transfer(s, first, 2, r, false, &sum, &err), HS_OK);
    CHECK_EQ_INT(r[0], TR_EXISTS);
    CHECK_EQ_INT(r[1], TR_EXISTS);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 60000);
    CHECK_EQ_INT(audit_entries(s), entries);
    /* a retried id between new ones */
    hs_transfer mixed[3] = {move("c", "budget", "firm", 10000), move("a", "budget", "firm", 30000),
                            move("d", "budget", "firm", 10000)};
    CHECK_EQ_INT(book_transfer(s, mixed, 3, r, false, &sum, &err), HS_OK);
    CHECK_EQ_INT(r[0], TR_OK);
    CHECK_EQ_INT(r[1], TR_EXISTS);
    CHECK_EQ_INT(r[2], TR_OK);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 80000);
    CHECK_EQ_INT(audit_entries(s), entries + 1);
    /* a linked chain whose second event retries "a" with another amount: the chain fails, so the
     * first event is not applied either; the optimistic run had written it before the retry was
     * found, and what it wrote is undone, entry included */
    hs_transfer chain[2] = {move("x", "budget", "firm", 1000), move("a", "budget", "firm", 999)};
    chain[0].flags |= TRANSFER_LINKED;
    CHECK_EQ_INT(book_transfer(s, chain, 2, r, false, &sum, &err), HS_REFUSED);
    CHECK_EQ_INT(r[0], TR_LINKED_EVENT_FAILED);
    CHECK_EQ_INT(r[1], TR_EXISTS_WITH_DIFFERENT_AMOUNT);
    CHECK_EQ_INT(audit_entries(s), entries + 1);
    /* 20,000 left: retrying "b" (30,000) would exceed the budget, but it is a retry */
    CHECK_EQ_INT(apply1(s, move("b", "budget", "firm", 30000)), TR_EXISTS);
    /* a retry with a different amount is still about the stored transfer */
    CHECK_EQ_INT(apply1(s, move("b", "budget", "firm", 90000)), TR_EXISTS_WITH_DIFFERENT_AMOUNT);
    /* and a new transfer over the limit is refused as before */
    CHECK_EQ_INT(apply1(s, move("e", "budget", "firm", 30000)), TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(acct(s, "budget").debits_posted_fen, 80000);
    CHECK_EQ_INT(audit_entries(s), entries + 1);
    check_book(s, __LINE__);
    store_close(s);
    remove_book(path);
}
