/* test_ledger_memory.c — the ledger engine alone, reading through an in-memory ledger_io (no
 * SQLite): posting, limits, pending post/void/expiry, idempotent replay, linked chains, and that a
 * refusal, a failed read or a damaged record leaves nothing behind. The "book" here is a few
 * arrays; mem_save() persists a batch's outputs the way store_save_batch does, so a test can run
 * several batches against one book. */
#include "harness.h"

#include "base/date.h"
#include "ledger/engine.h"
#include "ledger/transfer_codec.h"

#define MEM_ACCOUNTS 8
#define MEM_TRANSFERS 64

typedef struct {
    hs_account accounts[MEM_ACCOUNTS];
    size_t account_count;
    hs_transfer transfers[MEM_TRANSFERS]; /* names filled, as store_transfer_by_id gives them */
    size_t transfer_count;
    int64_t last_ts;
    /* what the engine asked for */
    int account_reads, transfer_reads, probes;
    bool fail_reads; /* every read fails with HS_STORAGE (a broken disk) */
} mem_book;

static hs_status mem_account_by_name(void *ctx, const char *name, hs_account *out, bool *found,
                                     hs_error *err) {
    mem_book *m = ctx;
    m->account_reads++;
    if (m->fail_reads)
        return hs_fail(err, HS_STORAGE, "disk on fire");
    *found = false;
    for (size_t i = 0; i < m->account_count; i++)
        if (strcmp(m->accounts[i].name, name) == 0) {
            *out = m->accounts[i];
            *found = true;
        }
    return HS_OK;
}

static hs_status mem_account_by_id(void *ctx, int64_t id, hs_account *out, bool *found,
                                   hs_error *err) {
    mem_book *m = ctx;
    m->account_reads++;
    if (m->fail_reads)
        return hs_fail(err, HS_STORAGE, "disk on fire");
    *found = false;
    for (size_t i = 0; i < m->account_count; i++)
        if (m->accounts[i].id == id) {
            *out = m->accounts[i];
            *found = true;
        }
    return HS_OK;
}

static hs_transfer *mem_transfer(mem_book *m, const char *id) {
    for (size_t i = 0; i < m->transfer_count; i++)
        if (strcmp(m->transfers[i].id, id) == 0)
            return &m->transfers[i];
    return NULL;
}

/* The stored transfer `id`; a failure (and a blank transfer) if there is none. */
static hs_transfer *mem_stored(mem_book *m, const char *id, int line) {
    static hs_transfer blank;
    hs_transfer *t = mem_transfer(m, id);
    if (t == NULL) {
        harness_fail(__FILE__, line, "no stored transfer %s", id);
        memset(&blank, 0, sizeof blank);
        return &blank;
    }
    return t;
}

static hs_status mem_transfer_by_id(void *ctx, const char *id, hs_transfer *out, bool *found,
                                    hs_error *err) {
    mem_book *m = ctx;
    m->transfer_reads++;
    if (m->fail_reads)
        return hs_fail(err, HS_STORAGE, "disk on fire");
    const hs_transfer *t = mem_transfer(m, id);
    *found = t != NULL;
    if (t != NULL)
        *out = *t;
    return HS_OK;
}

static hs_status mem_transfers_exist(void *ctx, const char *const *ids, size_t n, bool *exists,
                                     hs_error *err) {
    mem_book *m = ctx;
    m->probes++;
    if (m->fail_reads)
        return hs_fail(err, HS_STORAGE, "disk on fire");
    for (size_t i = 0; i < n; i++)
        exists[i] = mem_transfer(m, ids[i]) != NULL;
    return HS_OK;
}

static ledger_io mem_io(mem_book *m) {
    return (ledger_io){.ctx = m,
                       .account_by_name = mem_account_by_name,
                       .account_by_id = mem_account_by_id,
                       .transfer_by_id = mem_transfer_by_id,
                       .transfers_exist = mem_transfers_exist};
}

static void mem_account(mem_book *m, const char *name, uint32_t flags) {
    hs_account *a = &m->accounts[m->account_count];
    memset(a, 0, sizeof *a);
    a->id = (int64_t)++m->account_count * 10; /* ids not equal to indexes */
    snprintf(a->name, sizeof a->name, "%s", name);
    snprintf(a->kind, sizeof a->kind, "enterprise");
    a->flags = flags;
}

static hs_account *mem_acct(mem_book *m, const char *name) {
    for (size_t i = 0; i < m->account_count; i++)
        if (strcmp(m->accounts[i].name, name) == 0)
            return &m->accounts[i];
    harness_fail(__FILE__, __LINE__, "no account %s", name);
    return &m->accounts[0];
}

static const char *mem_name(const mem_book *m, int64_t id) {
    for (size_t i = 0; i < m->account_count; i++)
        if (m->accounts[i].id == id)
            return m->accounts[i].name;
    return "";
}

/* Persists the batch's outputs as store_save_batch does: new transfers (timestamps strictly
 * increasing), resolved pendings, changed accounts. */
static void mem_save(mem_book *m, ledger_batch *b) {
    const hs_transfer *created;
    size_t n = ledger_batch_created(b, &created);
    for (size_t i = 0; i < n; i++) {
        CHECK(created[i].ts > m->last_ts);
        CHECK(m->transfer_count < MEM_TRANSFERS);
        m->last_ts = created[i].ts;
        hs_transfer *t = &m->transfers[m->transfer_count++];
        *t = created[i];
        snprintf(t->debit, sizeof t->debit, "%s", mem_name(m, t->debit_account_id));
        snprintf(t->credit, sizeof t->credit, "%s", mem_name(m, t->credit_account_id));
    }
    for (size_t i = 0; i < ledger_batch_resolved_count(b); i++) {
        const hs_transfer *p = ledger_batch_resolved(b, i);
        hs_transfer *stored = mem_transfer(m, p->id);
        CHECK(stored != NULL);
        if (stored != NULL) {
            stored->state = p->state;
            stored->resolved_date = p->resolved_date;
        }
    }
    for (size_t i = 0; i < ledger_batch_account_count(b); i++) {
        bool changed;
        const hs_account *a = ledger_batch_account(b, i, &changed);
        if (changed)
            *mem_acct(m, a->name) = *a;
    }
}

static int64_t now_ns = INT64_C(1700000000000000000);

/* Applies events in one fresh engine batch and, if `save`, persists the outputs. */
static hs_status mem_apply(mem_book *m, const hs_transfer *events, size_t n,
                           transfer_result *results, bool save, ledger_batch **keep) {
    ledger_io io = mem_io(m);
    ledger_batch *b = ledger_batch_new(&io, now_ns, m->last_ts, date_from_ymd(2026, 12, 2));
    CHECK(b != NULL);
    hs_error err = {0};
    hs_status st = ledger_batch_apply(b, events, n, results, &err);
    if (st == HS_OK && save)
        mem_save(m, b);
    if (keep != NULL)
        *keep = b;
    else
        ledger_batch_free(b);
    return st;
}

static hs_transfer ev(const char *id, const char *dr, const char *cr, int64_t fen) {
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "%s", id);
    snprintf(t.debit, sizeof t.debit, "%s", dr);
    snprintf(t.credit, sizeof t.credit, "%s", cr);
    t.amount_fen = fen;
    return t;
}

static hs_transfer ev_resolve(const char *id, const char *pending_id, bool post, int64_t fen) {
    hs_transfer t = ev(id, "", "", fen);
    snprintf(t.pending_id, sizeof t.pending_id, "%s", pending_id);
    t.flags = post ? TRANSFER_POST_PENDING : TRANSFER_VOID_PENDING;
    return t;
}

/* A book: "gov" (free) funds "budget" (debits-le-credits) with 1,000.00 CNY; "firm" is free. */
static void funded(mem_book *m) {
    memset(m, 0, sizeof *m);
    mem_account(m, "gov", 0);
    mem_account(m, "budget", ACCOUNT_DEBITS_LE_CREDITS);
    mem_account(m, "firm", 0);
    hs_transfer e = ev("fund", "gov", "budget", 100000);
    transfer_result r;
    CHECK_EQ_INT(mem_apply(m, &e, 1, &r, true, NULL), HS_OK);
    CHECK_EQ_INT(r, TR_OK);
}

/* Sum of debits equals sum of credits, posted and pending, over the whole book. */
static void check_balanced(const mem_book *m) {
    int64_t dp = 0, dq = 0, cp = 0, cq = 0;
    for (size_t i = 0; i < m->account_count; i++) {
        dp += m->accounts[i].debits_posted_fen;
        dq += m->accounts[i].debits_pending_fen;
        cp += m->accounts[i].credits_posted_fen;
        cq += m->accounts[i].credits_pending_fen;
        CHECK(account_within_limits(&m->accounts[i]));
    }
    CHECK_EQ_INT(dp, cp);
    CHECK_EQ_INT(dq, cq);
}

TEST(ledger_memory_posting_moves_money_and_stamps_the_transfer) {
    mem_book m;
    funded(&m);
    hs_transfer e = ev("pay", "budget", "firm", 30000);
    e.date = date_from_ymd(2026, 1, 5);
    e.date_given = true;
    transfer_result r;
    ledger_batch *b = NULL;
    CHECK_EQ_INT(mem_apply(&m, &e, 1, &r, true, &b), HS_OK);
    CHECK_EQ_INT(r, TR_OK);
    const hs_transfer *created;
    CHECK_EQ_INT(ledger_batch_created(b, &created), 1);
    CHECK_EQ_INT(created[0].debit_account_id, mem_acct(&m, "budget")->id);
    CHECK_EQ_INT(created[0].credit_account_id, mem_acct(&m, "firm")->id);
    CHECK_EQ_INT(created[0].date, date_from_ymd(2026, 1, 5));
    CHECK_EQ_INT(created[0].state, PENDING_NONE);
    CHECK(created[0].ts >= now_ns);
    CHECK_EQ_INT(ledger_batch_last_ts(b), created[0].ts);
    ledger_batch_free(b);
    CHECK_EQ_INT(mem_acct(&m, "budget")->debits_posted_fen, 30000);
    CHECK_EQ_INT(mem_acct(&m, "budget")->credits_posted_fen, 100000);
    CHECK_EQ_INT(mem_acct(&m, "firm")->credits_posted_fen, 30000);
    CHECK_EQ_INT(account_held_fen(mem_acct(&m, "budget")), 70000);
    /* no date given: today's */
    hs_transfer e2 = ev("pay2", "budget", "firm", 100);
    CHECK_EQ_INT(mem_apply(&m, &e2, 1, &r, true, NULL), HS_OK);
    CHECK_EQ_INT(m.transfers[m.transfer_count - 1].date, date_from_ymd(2026, 12, 2));
    check_balanced(&m);
}

TEST(ledger_memory_limits_refuse_and_leave_nothing_behind) {
    mem_book m;
    funded(&m);
    mem_account(&m, "payable", ACCOUNT_CREDITS_LE_DEBITS);
    hs_transfer events[4] = {
        ev("over", "budget", "firm", 100001),  /* one fen more than the budget holds */
        ev("exact", "budget", "firm", 100000), /* all of it: allowed */
        ev("again", "budget", "firm", 1),      /* now empty */
        ev("owe", "firm", "payable", 1),       /* payable may not be credited beyond debits */
    };
    transfer_result r[4];
    ledger_batch *b = NULL;
    CHECK_EQ_INT(mem_apply(&m, events, 4, r, false, &b), HS_OK);
    CHECK_EQ_INT(r[0], TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(r[1], TR_OK);
    CHECK_EQ_INT(r[2], TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(r[3], TR_EXCEEDS_DEBITS);
    const hs_transfer *created;
    CHECK_EQ_INT(ledger_batch_created(b, &created), 1);
    CHECK_EQ_STR(created[0].id, "exact");
    for (size_t i = 0; i < ledger_batch_account_count(b); i++) {
        bool changed;
        const hs_account *a = ledger_batch_account(b, i, &changed);
        if (strcmp(a->name, "payable") == 0) {
            CHECK(!changed); /* the refused credit was undone exactly */
            CHECK_EQ_INT(a->credits_posted_fen, 0);
        }
        if (strcmp(a->name, "budget") == 0)
            CHECK_EQ_INT(a->debits_posted_fen, 100000);
    }
    mem_save(&m, b);
    ledger_batch_free(b);
    check_balanced(&m);
    CHECK_EQ_INT(account_held_fen(mem_acct(&m, "budget")), 0);
}

TEST(ledger_memory_pending_post_partial_void_and_expiry) {
    mem_book m;
    funded(&m);
    hs_transfer p1 = ev("hold1", "budget", "firm", 60000);
    p1.flags = TRANSFER_PENDING;
    hs_transfer p2 = ev("hold2", "budget", "firm", 40000);
    p2.flags = TRANSFER_PENDING;
    hs_transfer p3 = ev("hold3", "budget", "firm", 1);
    p3.flags = TRANSFER_PENDING;
    hs_transfer holds[3] = {p1, p2, p3};
    transfer_result r[3];
    CHECK_EQ_INT(mem_apply(&m, holds, 3, r, true, NULL), HS_OK);
    CHECK_EQ_INT(r[0], TR_OK);
    CHECK_EQ_INT(r[1], TR_OK);
    CHECK_EQ_INT(r[2], TR_EXCEEDS_CREDITS); /* reservations count against the limit */
    CHECK_EQ_INT(mem_acct(&m, "budget")->debits_pending_fen, 100000);
    CHECK_EQ_INT(mem_acct(&m, "firm")->credits_pending_fen, 100000);
    CHECK_EQ_INT(mem_stored(&m, "hold1", __LINE__)->state, PENDING_OPEN);

    /* a later batch: post 250.00 of hold1 (the rest is released), void hold2, retry the post */
    hs_transfer res[4] = {
        ev_resolve("post1", "hold1", true, 25000), ev_resolve("void2", "hold2", false, 0),
        ev_resolve("post1b", "hold1", true, 0), ev_resolve("post9", "nothing", true, 0)};
    transfer_result rr[4];
    ledger_batch *b = NULL;
    CHECK_EQ_INT(mem_apply(&m, res, 4, rr, false, &b), HS_OK);
    CHECK_EQ_INT(rr[0], TR_OK);
    CHECK_EQ_INT(rr[1], TR_OK);
    CHECK_EQ_INT(rr[2], TR_PENDING_TRANSFER_ALREADY_POSTED);
    CHECK_EQ_INT(rr[3], TR_PENDING_TRANSFER_NOT_FOUND);
    CHECK_EQ_INT(ledger_batch_resolved_count(b), 2); /* both stored pendings changed state */
    mem_save(&m, b);
    ledger_batch_free(b);
    CHECK_EQ_INT(mem_stored(&m, "hold1", __LINE__)->state, PENDING_POSTED);
    CHECK_EQ_INT(mem_stored(&m, "hold2", __LINE__)->state, PENDING_VOIDED);
    CHECK_EQ_INT(mem_stored(&m, "post1", __LINE__)->amount_fen, 25000);
    CHECK_EQ_INT(mem_acct(&m, "budget")->debits_pending_fen, 0);
    CHECK_EQ_INT(mem_acct(&m, "budget")->debits_posted_fen, 25000);
    CHECK_EQ_INT(mem_acct(&m, "firm")->credits_posted_fen, 25000);
    check_balanced(&m);

    /* a reservation with a timeout expires once its time has passed, and only then */
    hs_transfer p4 = ev("hold4", "budget", "firm", 5000);
    p4.flags = TRANSFER_PENDING;
    p4.timeout_s = 60;
    transfer_result r4;
    CHECK_EQ_INT(mem_apply(&m, &p4, 1, &r4, true, NULL), HS_OK);
    CHECK_EQ_INT(r4, TR_OK);
    ledger_io io = mem_io(&m);
    hs_error err = {0};
    ledger_batch *early = ledger_batch_new(&io, now_ns + INT64_C(59000000000), m.last_ts, 0);
    CHECK_EQ_INT(ledger_batch_expire(early, "hold4", &err), HS_OK);
    CHECK_EQ_INT(ledger_batch_resolved_count(early), 0);
    ledger_batch_free(early);
    ledger_batch *late = ledger_batch_new(&io, now_ns + INT64_C(61000000000), m.last_ts, 0);
    CHECK_EQ_INT(ledger_batch_expire(late, "hold4", &err), HS_OK);
    CHECK_EQ_INT(ledger_batch_resolved_count(late), 1);
    CHECK_EQ_INT(ledger_batch_resolved(late, 0)->state, PENDING_EXPIRED);
    mem_save(&m, late);
    ledger_batch_free(late);
    CHECK_EQ_INT(mem_acct(&m, "budget")->debits_pending_fen, 0);
    CHECK_EQ_INT(mem_acct(&m, "firm")->credits_pending_fen, 0);
    check_balanced(&m);
}

TEST(ledger_memory_replay_is_idempotent) {
    mem_book m;
    funded(&m);
    hs_transfer events[3] = {ev("a", "budget", "firm", 100), ev("b", "budget", "firm", 200),
                             ev("c", "firm", "gov", 50)};
    transfer_result r[3];
    CHECK_EQ_INT(mem_apply(&m, events, 3, r, true, NULL), HS_OK);
    size_t stored = m.transfer_count;
    hs_account before[MEM_ACCOUNTS];
    memcpy(before, m.accounts, sizeof before);
    /* the same batch again: every event exists, nothing is created or changed */
    ledger_batch *b = NULL;
    int probes = m.probes;
    CHECK_EQ_INT(mem_apply(&m, events, 3, r, false, &b), HS_OK);
    CHECK_EQ_INT(m.probes, probes + 1); /* one probe for the whole batch */
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(r[i], TR_EXISTS);
    const hs_transfer *created;
    CHECK_EQ_INT(ledger_batch_created(b, &created), 0);
    for (size_t i = 0; i < ledger_batch_account_count(b); i++) {
        bool changed;
        ledger_batch_account(b, i, &changed);
        CHECK(!changed);
    }
    mem_save(&m, b);
    ledger_batch_free(b);
    CHECK_EQ_INT(m.transfer_count, stored);
    CHECK(memcmp(before, m.accounts, sizeof before) == 0);
    /* the same id with another body is refused, naming the field; within one batch too */
    hs_transfer other[3] = {ev("a", "budget", "firm", 101), ev("d", "budget", "firm", 1),
                            ev("d", "budget", "gov", 1)};
    CHECK_EQ_INT(mem_apply(&m, other, 3, r, true, NULL), HS_OK);
    CHECK_EQ_INT(r[0], TR_EXISTS_WITH_DIFFERENT_AMOUNT);
    CHECK_EQ_INT(r[1], TR_OK);
    CHECK_EQ_INT(r[2], TR_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT);
    CHECK_EQ_INT(m.transfer_count, stored + 1);
    check_balanced(&m);
}

TEST(ledger_memory_new_ids_are_probed_not_read) {
    mem_book m;
    funded(&m);
    hs_transfer events[5];
    char id[8];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "n%d", i);
        events[i] = ev(id, "budget", "firm", 10);
    }
    transfer_result r[5];
    m.transfer_reads = 0;
    CHECK_EQ_INT(mem_apply(&m, events, 5, r, true, NULL), HS_OK);
    CHECK_EQ_INT(m.transfer_reads, 0); /* the probe said none is stored */
    /* without transfers_exist the engine reads every id instead, with the same results */
    mem_book plain;
    funded(&plain);
    ledger_io io = mem_io(&plain);
    io.transfers_exist = NULL;
    ledger_batch *b = ledger_batch_new(&io, now_ns, plain.last_ts, 0);
    hs_error err = {0};
    plain.transfer_reads = 0;
    CHECK_EQ_INT(ledger_batch_apply(b, events, 5, r, &err), HS_OK);
    CHECK_EQ_INT(plain.transfer_reads, 5);
    for (int i = 0; i < 5; i++)
        CHECK_EQ_INT(r[i], TR_OK);
    ledger_batch_free(b);
}

TEST(ledger_memory_linked_chain_fails_whole) {
    mem_book m;
    funded(&m);
    hs_transfer chain[4] = {ev("l1", "budget", "firm", 60000), ev("l2", "budget", "gov", 60000),
                            ev("solo", "budget", "firm", 1000), ev("open", "gov", "firm", 5)};
    chain[0].flags = TRANSFER_LINKED; /* l1 + l2 overspend together */
    chain[3].flags = TRANSFER_LINKED; /* a chain left open at the end */
    transfer_result r[4];
    CHECK_EQ_INT(mem_apply(&m, chain, 4, r, true, NULL), HS_OK);
    CHECK_EQ_INT(r[0], TR_LINKED_EVENT_FAILED);
    CHECK_EQ_INT(r[1], TR_EXCEEDS_CREDITS);
    CHECK_EQ_INT(r[2], TR_OK); /* sees the budget as if l1 had never happened */
    CHECK_EQ_INT(r[3], TR_LINKED_EVENT_CHAIN_OPEN);
    CHECK(mem_transfer(&m, "l1") == NULL);
    CHECK(mem_transfer(&m, "open") == NULL);
    CHECK_EQ_INT(mem_acct(&m, "budget")->debits_posted_fen, 1000);
    CHECK_EQ_INT(mem_acct(&m, "firm")->credits_posted_fen, 1000);
    check_balanced(&m);
    /* the ids of the undone chain are free again */
    chain[0].amount_fen = 500;
    chain[1].amount_fen = 100;
    CHECK_EQ_INT(mem_apply(&m, chain, 2, r, true, NULL), HS_OK);
    CHECK_EQ_INT(r[0], TR_OK);
    CHECK_EQ_INT(r[1], TR_OK);
    CHECK_EQ_INT(account_held_fen(mem_acct(&m, "budget")), 100000 - 1000 - 500 - 100);
    check_balanced(&m);
}

TEST(ledger_memory_owned_accounts_refused_for_plain_transfers) {
    mem_book m;
    funded(&m);
    snprintf(mem_acct(&m, "firm")->owner, ACCOUNT_OWNER_MAX, "credit");
    hs_transfer e = ev("x", "budget", "firm", 10);
    ledger_io io = mem_io(&m);
    ledger_batch *b = ledger_batch_new(&io, now_ns, m.last_ts, 0);
    ledger_batch_free_accounts_only(b, true);
    transfer_result r;
    hs_error err = {0};
    CHECK_EQ_INT(ledger_batch_apply(b, &e, 1, &r, &err), HS_OK);
    CHECK_EQ_INT(r, TR_ACCOUNT_OWNED_BY_MODULE);
    const hs_transfer *created;
    CHECK_EQ_INT(ledger_batch_created(b, &created), 0);
    ledger_batch_free(b);
    /* the module's own batches may move it */
    CHECK_EQ_INT(mem_apply(&m, &e, 1, &r, true, NULL), HS_OK);
    CHECK_EQ_INT(r, TR_OK);
}

TEST(ledger_memory_failed_reads_and_damaged_records_are_errors) {
    mem_book m;
    funded(&m);
    hs_transfer e = ev("y", "budget", "firm", 10);
    transfer_result r;
    m.fail_reads = true;
    CHECK_EQ_INT(mem_apply(&m, &e, 1, &r, false, NULL), HS_STORAGE);
    m.fail_reads = false;
    /* a stored balance no transfer can give: book_damaged, never an assertion */
    mem_acct(&m, "firm")->debits_posted_fen = -5;
    ledger_io io = mem_io(&m);
    ledger_batch *b = ledger_batch_new(&io, now_ns, m.last_ts, 0);
    hs_error err = {0};
    CHECK_EQ_INT(ledger_batch_apply(b, &e, 1, &r, &err), HS_STORAGE);
    CHECK_EQ_STR(err.code, "book_damaged");
    ledger_batch_free(b);
    mem_acct(&m, "firm")->debits_posted_fen = 0;
    /* a stored pending transfer with a state its flags can't have */
    hs_transfer p = ev("hold", "budget", "firm", 10);
    p.flags = TRANSFER_PENDING;
    CHECK_EQ_INT(mem_apply(&m, &p, 1, &r, true, NULL), HS_OK);
    mem_stored(&m, "hold", __LINE__)->state = PENDING_NONE;
    hs_transfer post = ev_resolve("post", "hold", true, 0);
    b = ledger_batch_new(&io, now_ns, m.last_ts, 0);
    memset(&err, 0, sizeof err);
    CHECK_EQ_INT(ledger_batch_apply(b, &post, 1, &r, &err), HS_STORAGE);
    CHECK_EQ_STR(err.code, "book_damaged");
    ledger_batch_free(b);
}
