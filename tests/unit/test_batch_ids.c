/* test_batch_ids.c — a batch file's ids: in order (no index), out of order (the index built once
 * over the arena), duplicates found in either part with the line first given, exact comparison of
 * ids as text, and agreement with a plain reference over shuffled files. */
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>

#include "ops/batch_ids.h"

TEST(batch_ids_in_order_need_no_index_and_repeat_is_found) {
    batch_ids s;
    batch_ids_init(&s);
    char id[32];
    for (long i = 1; i <= 50000; i++) {
        snprintf(id, sizeof id, "t%07ld", i);
        CHECK_EQ_INT(batch_ids_add(&s, id, i), 0);
    }
    CHECK(s.ordered && s.slots == NULL);
    CHECK_EQ_INT(batch_ids_add(&s, "t0050000", 50001), 50000); /* equal to the last */
    CHECK(!s.ordered && s.slots != NULL);
    CHECK_EQ_INT(batch_ids_add(&s, "t0000001", 50002), 1);
    CHECK_EQ_INT(batch_ids_add(&s, "t0012345", 50003), 12345);
    CHECK_EQ_INT(batch_ids_add(&s, "t0000000", 50004), 0); /* new, before all */
    CHECK_EQ_INT(batch_ids_add(&s, "t0000000", 50005), 50004);
    CHECK_EQ_INT(batch_ids_add(&s, "t00000001", 50006), 0); /* a prefix-sharing id is another id */
    CHECK_EQ_INT((long)s.count, 50002);
    batch_ids_free(&s);
    CHECK_EQ_INT((long)s.count, 0);
    CHECK_EQ_INT(batch_ids_add(&s, "again", 1), 0); /* reusable */
    batch_ids_free(&s);
}

TEST(batch_ids_agree_with_a_plain_reference_on_shuffled_files) {
    enum { N = 20000, DISTINCT = 15000 };
    static long first_line[DISTINCT];
    uint64_t rng = 7;
    for (int run = 0; run < 3; run++) {
        batch_ids s;
        batch_ids_init(&s);
        memset(first_line, 0, sizeof first_line);
        for (long line = 1; line <= N; line++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            /* run 0 mostly in order with a few repeats; runs 1 and 2 shuffled */
            long k = run == 0 ? (line * DISTINCT / N + (rng % 50 == 0 ? -3 : 0))
                              : (long)(rng % DISTINCT);
            if (k < 0)
                k = 0;
            if (k >= DISTINCT)
                k = DISTINCT - 1;
            char id[32];
            snprintf(id, sizeof id, "id-%ld", k);
            long got = batch_ids_add(&s, id, line);
            CHECK_EQ_INT(got, first_line[k]);
            if (first_line[k] == 0)
                first_line[k] = line;
        }
        batch_ids_free(&s);
    }
}
