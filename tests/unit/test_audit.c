/* test_audit.c — the audit chain: the canonical encoding and BLAKE2b-256 chain against answers
 * computed independently (python3 hashlib), the CLI's request description (action, object, secrets
 * redacted), and on an in-memory book: one entry per committed change attributed to the ctx's
 * actor, none for refusals, replays or transactions that changed nothing, transfers linked to
 * their entry, and the verifier. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_entry.h"
#include "audit/audit_request.h"
#include "audit/audit_verify.h"
#include "ledger/transfer_codec.h"
#include "ops/account_ops.h"
#include "ops/audit_ops.h"
#include "ops/transfer_ops.h"
#include "store/audit_log.h"
#include "store/book.h"

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static audit_entry sample(void) {
    audit_entry e;
    memset(&e, 0, sizeof e);
    e.seq = 1;
    e.time_ns = 1700000000000000000;
    strcpy(e.actor, "cli:alice");
    strcpy(e.action, "subsidy.pay");
    strcpy(e.object, "APP-1");
    strcpy(e.body_sha256, EMPTY_SHA256);
    strcpy(e.result, "ok");
    strcpy(e.prev_hash, audit_genesis_hash());
    return e;
}

TEST(audit_canonical_encoding_is_length_prefixed) {
    audit_entry e = sample();
    const char *want =
        "huoshui-audit-v1\n1:1\n19:1700000000000000000\n9:cli:alice\n11:subsidy.pay\n"
        "5:APP-1\n64:" EMPTY_SHA256 "\n2:ok\n";
    unsigned char buf[512];
    size_t n = audit_canonical(&e, buf, sizeof buf);
    CHECK_EQ_INT(n, strlen(want));
    CHECK(n == strlen(want) && memcmp(buf, want, n) == 0);
    /* a short buffer gets a prefix and the full length */
    unsigned char small[8];
    CHECK_EQ_INT(audit_canonical(&e, small, sizeof small), strlen(want));
    CHECK(memcmp(small, want, sizeof small) == 0);
    /* moving a byte between fields changes the encoding: "ab"+"c" vs "a"+"bc" */
    audit_entry a = sample(), b = sample();
    strcpy(a.actor, "ab");
    strcpy(a.action, "c");
    strcpy(b.actor, "a");
    strcpy(b.action, "bc");
    unsigned char ba[512], bb[512];
    size_t na = audit_canonical(&a, ba, sizeof ba), nb = audit_canonical(&b, bb, sizeof bb);
    CHECK(na != nb || memcmp(ba, bb, na) != 0);
}

TEST(audit_hash_chain_matches_independent_blake2b) {
    /* python3: hashlib.blake2b(bytes(32) + canonical, digest_size=32).hexdigest() */
    audit_entry e = sample();
    char h1[AUDIT_HEX_LEN];
    CHECK(audit_entry_hash(&e, h1));
    CHECK_EQ_STR(h1, "e232e0de0a3b99a5d2fb96f8256d4cb7e47142d2aaea19be0e6f2cb8c45b1e4b");
    audit_entry e2 = sample();
    e2.seq = 2;
    e2.time_ns = 1700000000000000001;
    strcpy(e2.actor, "张三");
    strcpy(e2.action, "POST /api/v1/transfers");
    e2.object[0] = '\0';
    strcpy(e2.prev_hash, h1);
    char h2[AUDIT_HEX_LEN];
    CHECK(audit_entry_hash(&e2, h2));
    CHECK_EQ_STR(h2, "cef11ea816aafb2718ff8e4e75cd1f75873d947a263eb463c9d8eb0767bcccdd");
    /* any edited field changes the hash */
    e2.time_ns++;
    char h3[AUDIT_HEX_LEN];
    CHECK(audit_entry_hash(&e2, h3));
    CHECK(strcmp(h2, h3) != 0);
    /* a malformed previous hash is refused, not hashed */
    strcpy(e2.prev_hash, "not-hex");
    CHECK(!audit_entry_hash(&e2, h3));
    CHECK_EQ_STR(h3, "");
}

TEST(audit_sha256_known_answers) {
    char out[AUDIT_HEX_LEN];
    CHECK(audit_sha256_hex("", 0, out));
    CHECK_EQ_STR(out, EMPTY_SHA256);
    CHECK(audit_sha256_hex("abc", 3, out));
    CHECK_EQ_STR(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(audit_hex_valid(out));
    CHECK(!audit_hex_valid("ABC"));
}

TEST(audit_cli_request_names_action_object_and_hides_secrets) {
    char *pay[] = {"subsidy", "pay", "APP-7", "--amount", "5万", NULL};
    audit_request r = audit_request_cli("cli:root", 4, pay);
    CHECK_EQ_STR(r.actor, "cli:root");
    CHECK_EQ_STR(r.action, "subsidy.pay");
    CHECK_EQ_STR(r.object, "APP-7");
    char *loan[] = {"credit", "loan", "create", "L-1", "--product", "P", NULL};
    r = audit_request_cli("cli:root", 6, loan);
    CHECK_EQ_STR(r.action, "credit.loan.create");
    CHECK_EQ_STR(r.object, "L-1");
    char *xfer[] = {"transfer", "--debit", "a", "--id", "t9", "--credit", "b", NULL};
    r = audit_request_cli("cli:root", 7, xfer);
    CHECK_EQ_STR(r.action, "transfer");
    CHECK_EQ_STR(r.object, "t9");
    char *apply[] = {"subsidy", "apply", "--policy", "p.hs", "--firm", "F", "--id", "APP", NULL};
    r = audit_request_cli("cli:root", 8, apply);
    CHECK_EQ_STR(r.object, "APP");
    /* the body hash covers argv, with secrets replaced before hashing */
    char *secret[] = {"user", "add", "alice", "--password", "hunter2", "--token=tok123", NULL};
    char body[256];
    size_t n = audit_cli_body(6, secret, body, sizeof body);
    body[n < sizeof body ? n : sizeof body - 1] = '\0';
    CHECK(strstr(body, "hunter2") == NULL);
    CHECK(strstr(body, "tok123") == NULL);
    CHECK_EQ_STR(body,
                 "4:user\n3:add\n5:alice\n10:--password\n10:<redacted>\n18:--token=<redacted>\n");
    r = audit_request_cli("cli:root", 6, secret);
    char want[AUDIT_HEX_LEN];
    audit_sha256_hex(body, strlen(body), want);
    CHECK_EQ_STR(r.body_sha256, want);
    CHECK_EQ_STR(r.action, "user.add");
    CHECK_EQ_STR(r.object, "alice");
}

static hs_store *book(void) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    return s;
}

typedef struct {
    int n;
    audit_entry last;
} collected;

static hs_status collect(void *ctx, const audit_entry *e, hs_error *err) {
    (void)err;
    collected *c = ctx;
    c->n++;
    c->last = *e;
    return HS_OK;
}

static collected entries(hs_store *s) {
    collected c = {0};
    hs_error err = {0};
    if (audit_log_each(s, NULL, collect, &c, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "audit_log_each: %s", err.msg);
    return c;
}

static hs_transfer plain(const char *id, const char *debit, const char *credit, int64_t fen) {
    hs_transfer t;
    memset(&t, 0, sizeof t);
    snprintf(t.id, sizeof t.id, "%s", id);
    snprintf(t.debit, sizeof t.debit, "%s", debit);
    snprintf(t.credit, sizeof t.credit, "%s", credit);
    t.amount_fen = fen;
    return t;
}

TEST(audit_one_entry_per_committed_change_none_for_refusals) {
    hs_store *s = book();
    hs_clock clock = hs_clock_system();
    hs_principal alice = principal_make("alice", HS_ROLE_OFFICER);
    hs_ctx ctx = ops_ctx(s, &clock, &alice, ".");
    audit_request req = audit_request_make("mallory", "account.create", "cash", "{}", 2);
    ctx.request = &req;
    hs_error err = {0};
    hs_account a;
    bool existed = false;
    CHECK_EQ_INT(ops_account_create(&ctx, "cash", "external", 0, &a, &existed, &err), HS_OK);
    collected c = entries(s);
    CHECK_EQ_INT(c.n, 1);
    CHECK_EQ_STR(c.last.actor, "alice"); /* the principal, never the request's say-so */
    CHECK_EQ_STR(c.last.action, "account.create");
    CHECK_EQ_STR(c.last.object, "cash");
    CHECK_EQ_STR(c.last.prev_hash, audit_genesis_hash());
    char body[AUDIT_HEX_LEN];
    audit_sha256_hex("{}", 2, body);
    CHECK_EQ_STR(c.last.body_sha256, body);
    /* the same account again changes nothing: no entry */
    CHECK_EQ_INT(ops_account_create(&ctx, "cash", "external", 0, &a, &existed, &err), HS_OK);
    CHECK(existed);
    CHECK_EQ_INT(entries(s).n, 1);
    CHECK_EQ_INT(ops_account_create(&ctx, "firm", "enterprise", 0, &a, &existed, &err), HS_OK);
    /* a transfer commits: one entry, linked to the transfer */
    req = audit_request_make("x", "transfer", "t1", NULL, 0);
    hs_transfer t = plain("t1", "cash", "firm", 100);
    ops_transfer_outcome out;
    CHECK_EQ_INT(ops_transfer_one(&ctx, &t, &out, &err), HS_OK);
    c = entries(s);
    CHECK_EQ_INT(c.n, 3);
    int64_t seq = 0;
    bool found = false;
    CHECK_EQ_INT(audit_log_seq_of_transfer(s, "t1", &seq, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_INT(seq, 3);
    /* a refusal rolls back and leaves no entry; a replay (exists) changes nothing */
    hs_transfer bad = plain("t2", "nobody", "firm", 100);
    CHECK(ops_transfer_one(&ctx, &bad, &out, &err) != HS_OK);
    CHECK_EQ_INT(ops_transfer_one(&ctx, &t, &out, &err), HS_OK);
    CHECK_EQ_INT(out.result, TR_EXISTS);
    CHECK_EQ_INT(entries(s).n, 3);
    /* a transaction that commits without writing appends nothing */
    hs_tx tx;
    CHECK_EQ_INT(ops_begin(&ctx, &tx, &err), HS_OK);
    CHECK_EQ_INT(ops_end(&tx, HS_OK, &err), HS_OK);
    CHECK_EQ_INT(entries(s).n, 3);
    /* the chain verifies, and its head is the last entry's hash */
    audit_verify_report rep;
    CHECK_EQ_INT(audit_verify(s, &rep, &err), HS_OK);
    CHECK(rep.ok);
    CHECK_EQ_INT(rep.entries, 3);
    CHECK_EQ_STR(rep.head_hash, entries(s).last.hash);
    store_close(s);
}

TEST(audit_write_paths_outside_ops_are_attributed_to_the_installed_request) {
    hs_store *s = book();
    hs_error err = {0};
    hs_account a;
    bool existed;
    /* nothing installed: still recorded, as unattributed */
    CHECK_EQ_INT(book_account_create(s, "cash", "external", 0, &a, &existed, &err), HS_OK);
    collected c = entries(s);
    CHECK_EQ_INT(c.n, 1);
    CHECK_EQ_STR(c.last.actor, "unattributed");
    audit_request req = audit_request_make("cli:ops", "account.import", "", NULL, 0);
    CHECK_EQ_INT(audit_log_set_request(s, &req, &err), HS_OK);
    book_account_spec specs[] = {{"a1", "enterprise", 0}, {"a2", "enterprise", 0}};
    size_t created = 0, failed_at = 0;
    CHECK_EQ_INT(book_accounts_create(s, specs, 2, &created, &failed_at, &err), HS_OK);
    c = entries(s);
    CHECK_EQ_INT(c.n, 2); /* one transaction, one entry */
    CHECK_EQ_STR(c.last.actor, "cli:ops");
    CHECK_EQ_STR(c.last.action, "account.import");
    hs_transfer t = plain("t1", "cash", "a1", 5);
    transfer_result r;
    book_summary sum;
    CHECK_EQ_INT(book_transfer(s, &t, 1, &r, true, &sum, &err), HS_OK);
    CHECK_EQ_INT(entries(s).n, 3);
    audit_verify_report rep;
    CHECK_EQ_INT(audit_verify(s, &rep, &err), HS_OK);
    CHECK(rep.ok);
    store_close(s);
}

TEST(audit_log_pages_with_a_cursor_and_filters) {
    hs_store *s = book();
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), ".");
    hs_error err = {0};
    const char *names[] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++) {
        hs_account a;
        bool existed;
        CHECK_EQ_INT(ops_account_create(&ctx, names[i], "enterprise", 0, &a, &existed, &err),
                     HS_OK);
    }
    ops_audit_query q = {.limit = 2};
    json_t *page = NULL;
    int64_t next = 0;
    CHECK_EQ_INT(ops_audit_log(&ctx, &q, &page, &next, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(page), 2);
    CHECK_EQ_INT(next, 2);
    json_decref(page);
    q.after_seq = 4;
    CHECK_EQ_INT(ops_audit_log(&ctx, &q, &page, &next, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(page), 1);
    CHECK_EQ_INT(next, 0); /* the last page */
    json_decref(page);
    q = (ops_audit_query){.actor = "test"};
    CHECK_EQ_INT(ops_audit_log(&ctx, &q, &page, &next, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(page), 5);
    json_decref(page);
    q = (ops_audit_query){.actor = "nobody"};
    CHECK_EQ_INT(ops_audit_log(&ctx, &q, &page, &next, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(page), 0);
    json_decref(page);
    q = (ops_audit_query){.limit = AUDIT_PAGE_MAX + 1};
    CHECK_EQ_INT(ops_audit_log(&ctx, &q, &page, &next, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "limit");
    /* only auditors (and the local operator) read the chain */
    hs_principal bob = principal_make("bob", HS_ROLE_OFFICER);
    hs_ctx officer = ops_ctx(s, &clock, &bob, ".");
    q = (ops_audit_query){0};
    CHECK_EQ_INT(ops_audit_log(&officer, &q, &page, &next, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    hs_principal carol = principal_make("carol", HS_ROLE_AUDITOR);
    hs_ctx auditor = ops_ctx(s, &clock, &carol, ".");
    audit_verify_report rep;
    CHECK_EQ_INT(ops_audit_verify(&auditor, &rep, &err), HS_OK);
    CHECK(rep.ok);
    CHECK_EQ_INT(rep.entries, 5);
    store_close(s);
}

TEST(audit_group_commit_records_one_entry_per_request_in_one_transaction) {
    hs_store *s = book();
    hs_clock clock = hs_clock_system();
    hs_principal alice = principal_make("alice", HS_ROLE_OFFICER);
    hs_ctx ctx = ops_ctx(s, &clock, &alice, ".");
    hs_error err = {0};
    hs_account a;
    bool existed;
    CHECK_EQ_INT(ops_account_create(&ctx, "src", "external", 0, &a, &existed, &err), HS_OK);
    CHECK_EQ_INT(ops_account_create(&ctx, "dst", "enterprise", 0, &a, &existed, &err), HS_OK);
    hs_tx tx;
    CHECK_EQ_INT(ops_begin(&ctx, &tx, &err), HS_OK);
    const char *ids[] = {"g1", "g2", "g3"};
    int64_t seqs[3] = {0};
    for (int i = 0; i < 3; i++) {
        hs_transfer t = plain(ids[i], "src", "dst", 10 + i);
        transfer_result r;
        CHECK_EQ_INT(hs_tx_transfer(&tx, &t, 1, &r, &err), HS_OK);
        CHECK_EQ_INT(r, TR_OK);
        audit_request req =
            audit_request_make("forged", "POST /api/v1/transfers", ids[i], ids[i], 2);
        CHECK_EQ_INT(ops_audit_record(&ctx, &tx, &req, &seqs[i], &err), HS_OK);
    }
    int64_t none = -1;
    audit_request idle = audit_request_make("x", "nothing", "", NULL, 0);
    CHECK_EQ_INT(ops_audit_record(&ctx, &tx, &idle, &none, &err), HS_OK);
    CHECK_EQ_INT(none, 0); /* nothing changed since the last entry */
    CHECK_EQ_INT(ops_end(&tx, HS_OK, &err), HS_OK);
    collected c = entries(s);
    CHECK_EQ_INT(c.n, 5); /* two accounts, three requests; the commit added none */
    CHECK_EQ_STR(c.last.actor, "alice");
    CHECK_EQ_STR(c.last.object, "g3");
    for (int i = 0; i < 3; i++) {
        int64_t seq = 0;
        CHECK_EQ_INT(seqs[i], 3 + i);
        CHECK_EQ_INT(ops_audit_seq_of_transfer(&ctx, ids[i], &seq, &err), HS_OK);
        CHECK_EQ_INT(seq, seqs[i]);
    }
    int64_t seq = 0;
    CHECK_EQ_INT(ops_audit_seq_of_transfer(&ctx, "nope", &seq, &err), HS_NOT_FOUND);
    audit_verify_report rep;
    CHECK_EQ_INT(audit_verify(s, &rep, &err), HS_OK);
    CHECK(rep.ok);
    store_close(s);
}

/* The tail an append remembers (audit_repo.c) is read again after a rollback and after another
 * connection's commit: entries from two connections on one file, and an entry rolled back after it
 * was appended, still make one chain without gap. */
TEST(audit_tail_cache_follows_other_connections_and_rollbacks) {
    char dir[] = "/tmp/hs-unit-audit-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        harness_fail(__FILE__, __LINE__, "mkdtemp failed");
        return;
    }
    char path[600];
    snprintf(path, sizeof path, "%s/book.db", dir);
    hs_store *a = NULL, *b = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(store_open(path, STORE_CREATE, &a, &err), HS_OK);
    hs_account acct;
    bool existed;
    CHECK_EQ_INT(book_account_create(a, "cash", "external", 0, &acct, &existed, &err), HS_OK);
    CHECK_EQ_INT(book_account_create(a, "firm", "enterprise", 0, &acct, &existed, &err), HS_OK);
    CHECK_EQ_INT(store_open(path, STORE_OPEN_EXISTING, &b, &err), HS_OK);
    const char *ids[] = {"t1", "t2", "t3", "t4"};
    for (int i = 0; i < 4; i++) { /* a, b, a, b: each append follows the other's */
        hs_transfer t = plain(ids[i], "cash", "firm", 100 + i);
        transfer_result r;
        book_summary sum;
        CHECK_EQ_INT(book_transfer(i % 2 ? b : a, &t, 1, &r, true, &sum, &err), HS_OK);
    }
    /* an entry appended mid-transaction, then rolled back: the next one takes its place */
    hs_clock clock = hs_clock_system();
    hs_ctx ctx = ops_ctx(a, &clock, test_principal(), ".");
    audit_request req = audit_request_make("x", "transfer", "t5", NULL, 0);
    hs_tx tx;
    CHECK_EQ_INT(hs_tx_begin(a, &tx, &err), HS_OK);
    hs_transfer t5 = plain("t5", "cash", "firm", 7);
    transfer_result r5;
    CHECK_EQ_INT(hs_tx_transfer(&tx, &t5, 1, &r5, &err), HS_OK);
    int64_t seq = 0;
    CHECK_EQ_INT(ops_audit_record(&ctx, &tx, &req, &seq, &err), HS_OK);
    CHECK_EQ_INT(seq, 7); /* 2 accounts, 4 transfers, then this one */
    hs_tx_rollback(&tx);
    hs_transfer t6 = plain("t6", "cash", "firm", 8);
    transfer_result r6;
    book_summary sum6;
    CHECK_EQ_INT(book_transfer(a, &t6, 1, &r6, true, &sum6, &err), HS_OK);
    collected c = entries(b);
    CHECK_EQ_INT(c.n, 7);
    CHECK_EQ_INT(c.last.seq, 7);
    audit_verify_report rep;
    CHECK_EQ_INT(audit_verify(b, &rep, &err), HS_OK);
    CHECK(rep.ok);
    CHECK_EQ_INT(rep.entries, 7);
    int64_t t6_entry = 0;
    bool found = false;
    CHECK_EQ_INT(audit_log_seq_of_transfer(b, "t6", &t6_entry, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_INT(t6_entry, 7);
    store_close(b);
    store_close(a);
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char side[640];
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        remove(side);
    }
    remove(dir);
}
