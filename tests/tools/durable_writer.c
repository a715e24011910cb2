/* durable_writer.c — test tool: appends batches of transfers to a book forever, printing
 * "committed RUN-N" after each commit returns. The durability test kills it with SIGKILL at random
 * moments and then verifies that every printed batch is present and none is half-applied.
 * Each transfer debits SOURCE ("source" unless given) and credits one of sink/0..sink/6.
 * usage: durable_writer BOOK RUN_ID TRANSFERS_PER_BATCH [SOURCE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/transfer_codec.h"
#include "store/book.h"

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: durable_writer BOOK RUN_ID TRANSFERS_PER_BATCH [SOURCE]\n");
        return 2;
    }
    const char *source = argc == 5 ? argv[4] : "source";
    int per = atoi(argv[3]);
    if (per <= 0 || per > 10000)
        return 2;
    hs_store *s;
    hs_error err = {0};
    if (store_open(argv[1], STORE_OPEN_EXISTING, &s, &err) != HS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 3;
    }
    hs_transfer *ev = calloc((size_t)per, sizeof *ev);
    transfer_result *r = calloc((size_t)per, sizeof *r);
    for (long batch = 0;; batch++) {
        for (int j = 0; j < per; j++) {
            transfer_init(&ev[j]);
            snprintf(ev[j].id, sizeof ev[j].id, "%s.%ld-%d", argv[2], batch, j);
            snprintf(ev[j].debit, sizeof ev[j].debit, "%s", source);
            snprintf(ev[j].credit, sizeof ev[j].credit, "sink/%d", j % 7);
            ev[j].amount_fen = 1 + (batch * 31 + j) % 1000;
        }
        if (book_transfer(s, ev, (size_t)per, r, true, NULL, &err) != HS_OK) {
            fprintf(stderr, "batch %ld: %s\n", batch, err.msg);
            return 3;
        }
        printf("committed %s.%ld\n", argv[2], batch);
        fflush(stdout);
    }
}
