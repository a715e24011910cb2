/* fuzz/transfer_batch.c — libFuzzer target: any bytes as a transfer batch (JSON Lines or CSV)
 * applied to an in-memory book, each event on its own. Must never crash or leak; whatever is
 * applied must leave every invariant of the book intact (store_check), and money_parse on each line
 * must either fail cleanly or round-trip through money_format. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/batch_file.h"
#include "store/book.h"

typedef struct {
    hs_transfer ev[64];
    size_t n;
} sink_ctx;

static hs_status on_transfer(void *ctx, const hs_transfer *t, long line, hs_error *err) {
    sink_ctx *c = ctx;
    if (c->n < 64)
        c->ev[c->n++] = *t;
    return HS_OK;
}

static void on_bad_line(void *ctx, long line, const char *field, const char *why) {
    if (why[0] == '\0')
        abort(); /* every bad line must say why */
}

static void check_money(const uint8_t *data, size_t size) {
    char text[128];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    int64_t fen, again;
    char why[128];
    if (!money_parse(text, &fen, why, sizeof why))
        return;
    char out[MONEY_TEXT_MAX];
    money_format(fen, out, sizeof out);
    if (!money_parse(out, &again, why, sizeof why) || again != fen)
        abort();
}

/* One in-memory book for the whole run (opening one runs every module's migrations, which cost
 * far more than a batch): each input is applied inside a transaction that is checked, then rolled
 * back, so every input sees the same fresh book and runs are reproducible. */
static hs_store *shared_book(void) {
    static hs_store *s;
    if (s != NULL)
        return s;
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &s, &err) != HS_OK)
        abort();
    const char *names[] = {"a", "b", "budget"};
    for (int i = 0; i < 3; i++) {
        hs_account a;
        bool existed;
        if (book_account_create(s, names[i], i == 2 ? "budget" : "external",
                                i == 2 ? ACCOUNT_DEBITS_LE_CREDITS : 0, &a, &existed,
                                &err) != HS_OK)
            abort();
    }
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    check_money(data, size);
    sink_ctx c = {.n = 0};
    if (size > 0) {
        FILE *f = fmemopen((void *)data, size, "rb");
        if (f == NULL)
            return 0;
        batch_sink sink = {.ctx = &c, .on_transfer = on_transfer, .on_bad_line = on_bad_line};
        hs_error err = {0};
        batch_stream_read(f, "fuzz", BATCH_AUTO, &sink, &err);
        fclose(f);
    }
    hs_store *s = shared_book();
    hs_error err = {0};
    hs_tx tx;
    if (hs_tx_begin(s, &tx, &err) != HS_OK)
        abort();
    transfer_result r[64];
    if (hs_tx_transfer(&tx, c.ev, c.n, r, &err) != HS_OK)
        abort(); /* an in-memory book never fails to store a batch */
    /* only an applied transfer changes the book, so only then can an invariant break (the full
     * check costs far more than the rest of a run) */
    store_check_report rep;
    if (tx.summary.applied > 0 && store_check(s, &rep, &err) == HS_OK && !rep.ok) {
        fprintf(stderr, "invariant broken: %s\n", rep.first_violation);
        abort();
    }
    hs_tx_rollback(&tx);
    return 0;
}
