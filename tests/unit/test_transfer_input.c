/* test_transfer_input.c — hostile input to plain transfers through every entry point: the field
 * setter (flags, CSV cells), JSON objects, batch streams, and the batch operation (duplicate ids,
 * nothing left behind). reliability-2026-12.md defects 4-7, 12, 13, 17, 19. */
#include "harness.h"

#include <stdlib.h>

#include "cli/batch_file.h"
#include "ledger/transfer_codec.h"
#include "ops/ledger_view.h"
#include "ops/transfer_ops.h"
#include "store/book.h"
#include "store/store.h"

TEST(transfer_input_refuses_control_characters_and_bad_utf8) {
    hs_transfer t;
    transfer_init(&t);
    char why[256];
    CHECK(!transfer_set_field(&t, "id", "line1\nline2", why, sizeof why));
    CHECK(strstr(why, "control character") != NULL);
    CHECK(!transfer_set_field(&t, "id", "\xff\xfe", why, sizeof why));
    CHECK(strstr(why, "UTF-8") != NULL);
    CHECK(!transfer_set_field(&t, "code", "a\tb", why, sizeof why));
    CHECK(!transfer_set_field(&t, "debit", "budget/\xc0\xaf", why, sizeof why)); /* overlong */
    CHECK(!transfer_set_field(&t, "post", "p\x7f", why, sizeof why));
    CHECK(!transfer_add_ref(&t, "k", "\xff", why, sizeof why));
    CHECK(strstr(why, "UTF-8") != NULL);
    CHECK_EQ_STR(t.refs, "");
    CHECK(transfer_set_field(&t, "id", "成都-1", why, sizeof why));
    CHECK(transfer_add_ref(&t, "firm", "四川", why, sizeof why));
}

TEST(transfer_input_json_conflicts_and_nul) {
    hs_transfer t;
    char field[64], why[256];
    json_t *o = json_loads("{\"id\":\"a\",\"amount_fen\":100,\"amount\":\"2\"}", 0, NULL);
    CHECK(!transfer_from_json(o, &t, field, sizeof field, why, sizeof why));
    CHECK(strstr(why, "both amount and amount_fen") != NULL);
    json_decref(o);
    o = json_loads("{\"id\":\"n\\u0000l\"}", JSON_ALLOW_NUL, NULL);
    CHECK(o != NULL);
    CHECK(!transfer_from_json(o, &t, field, sizeof field, why, sizeof why));
    CHECK_EQ_STR(field, "id");
    json_decref(o);
}

TEST(transfer_input_date_messages) {
    hs_transfer t;
    transfer_init(&t);
    char why[256];
    CHECK(!transfer_set_field(&t, "date", "9999-12-31", why, sizeof why));
    CHECK(strstr(why, "between 1900 and 2999") != NULL);
    CHECK(!transfer_set_field(&t, "date", "2023-02-29", why, sizeof why));
    CHECK(strstr(why, "no such day") != NULL);
}

typedef struct {
    int good, bad;
    long bad_line[4];
    char bad_field[4][64];
    char bad_why[4][256];
} collected;

static hs_status got_transfer(void *ctx, const hs_transfer *t, long line, hs_error *err) {
    ((collected *)ctx)->good++;
    return HS_OK;
}

static void got_bad(void *ctx, long line, const char *field, const char *why) {
    collected *c = ctx;
    if (c->bad < 4) {
        c->bad_line[c->bad] = line;
        snprintf(c->bad_field[c->bad], sizeof c->bad_field[0], "%s", field);
        snprintf(c->bad_why[c->bad], sizeof c->bad_why[0], "%s", why);
    }
    c->bad++;
}

static hs_status stream(const char *text, size_t len, collected *c, hs_error *err) {
    memset(c, 0, sizeof *c);
    FILE *f = fmemopen((void *)text, len, "rb");
    batch_sink sink = {.ctx = c, .on_transfer = got_transfer, .on_bad_line = got_bad};
    hs_status st = batch_stream_read(f, "b", BATCH_AUTO, &sink, err);
    fclose(f);
    return st;
}

TEST(transfer_input_batch_streams) {
    collected c;
    hs_error err = {0};
    const char nul[] = "id,debit,credit,amount\nnu\0l,a,b,1\n";
    CHECK_EQ_INT(stream(nul, sizeof nul - 1, &c, &err), HS_OK);
    CHECK_EQ_INT(c.bad, 1);
    CHECK_EQ_STR(c.bad_field[0], "id");
    CHECK_EQ_INT(c.bad_line[0], 2);
    const char shrt[] = "id,debit,credit,amount\nf1,a\n";
    CHECK_EQ_INT(stream(shrt, sizeof shrt - 1, &c, &err), HS_OK);
    CHECK_EQ_INT(c.bad, 1);
    CHECK(strstr(c.bad_why[0], "missing: credit, amount") != NULL);
    const char dup[] = "id,amount,amount\nx,1,2\n";
    CHECK_EQ_INT(stream(dup, sizeof dup - 1, &c, &err), HS_INPUT);
    const char bom[] =
        "\xef\xbb\xbf{\"id\":\"x\",\"debit\":\"a\",\"credit\":\"b\",\"amount\":\"1\"}\n";
    CHECK_EQ_INT(stream(bom, sizeof bom - 1, &c, &err), HS_OK);
    CHECK_EQ_INT(c.good, 1);
    CHECK_EQ_INT(stream("", 0, &c, &err), HS_INPUT);
    CHECK(strstr(err.msg, "empty") != NULL);
    const char lines[] = "\n\nid,debit,credit,amount\nx,a,b,zz\n";
    CHECK_EQ_INT(stream(lines, sizeof lines - 1, &c, &err), HS_OK);
    CHECK_EQ_INT(c.bad_line[0], 4); /* leading blank lines still count */
}

static hs_store *book_with_budget(hs_ctx *ctx, hs_clock *clock) {
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
        return NULL;
    }
    const char *names[] = {"src/a", "budget/b", "sink/s"};
    const char *kinds[] = {"appropriation", "budget", "external"};
    for (int i = 0; i < 3; i++) {
        hs_account a;
        bool existed;
        book_account_create(s, names[i], kinds[i], i == 1 ? ACCOUNT_DEBITS_LE_CREDITS : 0, &a,
                            &existed, &err);
    }
    *clock = hs_clock_system();
    *ctx = ops_ctx(s, clock, test_principal(), ".");
    hs_transfer t;
    transfer_init(&t);
    char why[128];
    transfer_set_field(&t, "id", "seed", why, sizeof why);
    transfer_set_field(&t, "debit", "src/a", why, sizeof why);
    transfer_set_field(&t, "credit", "budget/b", why, sizeof why);
    transfer_set_field(&t, "amount", "100", why, sizeof why);
    ops_transfer_outcome o;
    if (ops_transfer_one(ctx, &t, &o, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "seed: %s", err.msg);
    return s;
}

static hs_transfer pay(const char *id, const char *amount) {
    hs_transfer t;
    transfer_init(&t);
    char why[128];
    transfer_set_field(&t, "id", id, why, sizeof why);
    transfer_set_field(&t, "debit", "budget/b", why, sizeof why);
    transfer_set_field(&t, "credit", "sink/s", why, sizeof why);
    transfer_set_field(&t, "amount", amount, why, sizeof why);
    return t;
}

typedef struct {
    int problems;
    long line;
    char why[256];
} problems;

static void on_problem(void *ctx, const ops_batch_problem *p) {
    problems *pr = ctx;
    if (pr->problems++ == 0) {
        pr->line = p->line;
        snprintf(pr->why, sizeof pr->why, "%s", p->why);
    }
}

TEST(transfer_ops_duplicate_id_in_a_batch_names_both_lines) {
    hs_ctx ctx;
    hs_clock clock;
    hs_store *s = book_with_budget(&ctx, &clock);
    if (s == NULL)
        return;
    ops_batch *b;
    problems pr = {0};
    hs_error err = {0};
    CHECK_EQ_INT(ops_batch_begin(&ctx, "f", on_problem, &pr, &b, &err), HS_OK);
    hs_transfer t1 = pay("dd", "1"), t2 = pay("ok", "1"), t3 = pay("dd", "1");
    ops_batch_add(b, &t1, 2, &err);
    ops_batch_add(b, &t2, 3, &err);
    ops_batch_add(b, &t3, 4, &err);
    ops_batch_summary sum;
    CHECK_EQ_INT(ops_batch_finish(b, HS_OK, &sum, &err), HS_INPUT);
    CHECK_EQ_INT(pr.problems, 1);
    CHECK_EQ_INT(pr.line, 4);
    CHECK(strstr(pr.why, "also on line 2") != NULL);
    CHECK(!sum.committed);
    CHECK_EQ_STR(err.field, "id");
    hs_transfer got;
    bool found = true;
    store_transfer_by_id(s, "ok", &got, &found, &err);
    CHECK(!found); /* nothing applied */
    store_close(s);
}

TEST(transfer_ops_refusal_has_its_code_and_leaves_nothing) {
    hs_ctx ctx;
    hs_clock clock;
    hs_store *s = book_with_budget(&ctx, &clock);
    if (s == NULL)
        return;
    hs_transfer t = pay("big", "1000");
    ops_transfer_outcome o;
    hs_error err = {0};
    CHECK_EQ_INT(ops_transfer_one(&ctx, &t, &o, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "exceeds_credits");
    CHECK_EQ_STR(err.field, "debit");
    CHECK(strstr(err.msg, "would overspend: it holds 100.00") != NULL);
    CHECK(!store_in_txn(s));
    hs_transfer got;
    bool found = true;
    store_transfer_by_id(s, "big", &got, &found, &err);
    CHECK(!found);
    hs_transfer ok = pay("small", "10");
    CHECK_EQ_INT(ops_transfer_one(&ctx, &ok, &o, &err), HS_OK);
    CHECK_EQ_INT(o.result, TR_OK);
    CHECK(o.stored_found && o.stored.amount_fen == 1000);
    store_close(s);
}

/* Defect 6: a name stored before the checks, not UTF-8, vanished from the JSON view. */
TEST(ledger_view_shows_legacy_non_utf8_text_repaired) {
    hs_account a;
    memset(&a, 0, sizeof a);
    snprintf(a.name, sizeof a.name, "z/\xff");
    snprintf(a.kind, sizeof a.kind, "external");
    json_t *o = view_account(&a);
    CHECK(o != NULL);
    CHECK_EQ_STR(json_string_value(json_object_get(o, "account")), "z/\xef\xbf\xbd");
    json_decref(o);
    hs_transfer t;
    transfer_init(&t);
    snprintf(t.id, sizeof t.id, "\xff\xfe");
    snprintf(t.debit, sizeof t.debit, "a");
    snprintf(t.credit, sizeof t.credit, "b");
    o = view_transfer(&t);
    CHECK_EQ_STR(json_string_value(json_object_get(o, "id")), "\xef\xbf\xbd\xef\xbf\xbd");
    json_decref(o);
}

typedef struct {
    long lines[8];
    int n;
} problem_lines;

static void note_line(void *ctx, const ops_batch_problem *p) {
    problem_lines *pl = ctx;
    if (pl->n < 8)
        pl->lines[pl->n] = p->line;
    pl->n++;
}

static hs_transfer cent(long i, const char *debit) {
    hs_transfer t;
    transfer_init(&t);
    char why[128], id[32];
    snprintf(id, sizeof id, "c%ld", i);
    transfer_set_field(&t, "id", id, why, sizeof why);
    transfer_set_field(&t, "debit", debit, why, sizeof why);
    transfer_set_field(&t, "credit", "sink/s", why, sizeof why);
    transfer_set_field(&t, "amount", "0.01", why, sizeof why);
    return t;
}

/* A batch of three chunks is applied while the next is read (a worker thread): all of it commits,
 * exactly once; and with a refusal in the second chunk and a bad line in the third, the problems
 * come in line order, the later chunks are not applied and nothing is left behind. */
TEST(transfer_ops_batch_over_chunks_applies_all_or_reports_in_line_order) {
    hs_ctx ctx;
    hs_clock clock;
    hs_store *s = book_with_budget(&ctx, &clock);
    if (s == NULL)
        return;
    const long n = 3 * BOOK_CHUNK_EVENTS - 7;
    ops_batch *b;
    problem_lines pl = {0};
    hs_error err = {0};
    CHECK_EQ_INT(ops_batch_begin(&ctx, "f", note_line, &pl, &b, &err), HS_OK);
    for (long i = 0; i < n; i++) {
        hs_transfer t = cent(i, "src/a");
        CHECK_EQ_INT(ops_batch_add(b, &t, i + 1, &err), HS_OK);
    }
    ops_batch_summary sum;
    CHECK_EQ_INT(ops_batch_finish(b, HS_OK, &sum, &err), HS_OK);
    CHECK(sum.committed && sum.applied == (size_t)n && pl.n == 0);
    hs_account sink;
    bool found = false;
    CHECK_EQ_INT(store_account_by_name(s, "sink/s", &sink, &found, &err), HS_OK);
    CHECK(found && sink.credits_posted_fen == n);

    CHECK_EQ_INT(ops_batch_begin(&ctx, "g", note_line, &pl, &b, &err), HS_OK);
    for (long i = 0; i < n; i++) {
        long line = n + i + 1;
        if (i == 2 * BOOK_CHUNK_EVENTS + 5) {
            ops_batch_bad_line(b, line, "amount", "not an amount");
            continue;
        }
        hs_transfer t = cent(n + i, i == BOOK_CHUNK_EVENTS + 3 ? "nope/x" : "src/a");
        CHECK_EQ_INT(ops_batch_add(b, &t, line, &err), HS_OK);
    }
    CHECK_EQ_INT(ops_batch_finish(b, HS_OK, &sum, &err), HS_INPUT);
    CHECK(!sum.committed && sum.refusals == 1 && sum.bad_lines == 1);
    CHECK_EQ_INT(pl.n, 2);
    CHECK(pl.lines[0] == n + BOOK_CHUNK_EVENTS + 4 && pl.lines[1] == n + 2 * BOOK_CHUNK_EVENTS + 6);
    CHECK_EQ_INT(store_account_by_name(s, "sink/s", &sink, &found, &err), HS_OK);
    CHECK(sink.credits_posted_fen == n); /* the first batch only */
    CHECK(!store_in_txn(s));
    store_close(s);
}
