/* test_idxmap.c — the hash index over caller-held keys: lookups through the caller's matcher,
 * colliding hashes, growth past the first table, and pop in reverse insertion order. */
#include "harness.h"

#include "base/idxmap.h"

static char names[2000][16];

static bool named(const void *ctx, int64_t v, const void *key) {
    (void)ctx;
    return strcmp(names[v], key) == 0;
}

TEST(idxmap_finds_keys_held_by_the_caller) {
    idxmap m;
    idxmap_init(&m);
    for (int i = 0; i < 2000; i++) {
        snprintf(names[i], sizeof names[i], "acct/%d", i);
        CHECK(idxmap_put(&m, idxmap_hash_text(names[i]), i));
    }
    CHECK_EQ_INT(idxmap_count(&m), 2000);
    int64_t v = -1;
    CHECK(idxmap_get(&m, idxmap_hash_text("acct/1234"), named, NULL, "acct/1234", &v));
    CHECK_EQ_INT(v, 1234);
    CHECK(!idxmap_get(&m, idxmap_hash_text("acct/2000"), named, NULL, "acct/2000", &v));
    /* pop removes the newest entries only */
    for (int i = 0; i < 1000; i++)
        idxmap_pop(&m);
    CHECK(!idxmap_get(&m, idxmap_hash_text("acct/1500"), named, NULL, "acct/1500", &v));
    CHECK(idxmap_get(&m, idxmap_hash_text("acct/999"), named, NULL, "acct/999", &v));
    CHECK_EQ_INT(v, 999);
    idxmap_free(&m);
    CHECK_EQ_INT(idxmap_count(&m), 0);
    CHECK(!idxmap_get(&m, 1, named, NULL, "acct/1", &v));
}

TEST(idxmap_colliding_hashes_are_told_apart_by_the_matcher) {
    idxmap m;
    idxmap_init(&m);
    snprintf(names[0], sizeof names[0], "a");
    snprintf(names[1], sizeof names[1], "b");
    snprintf(names[2], sizeof names[2], "c");
    for (int i = 0; i < 3; i++)
        CHECK(idxmap_put(&m, 42, i)); /* the same hash for all three */
    int64_t v = -1;
    CHECK(idxmap_get(&m, 42, named, NULL, "a", &v));
    CHECK_EQ_INT(v, 0);
    CHECK(idxmap_get(&m, 42, named, NULL, "c", &v));
    CHECK_EQ_INT(v, 2);
    CHECK(!idxmap_get(&m, 42, named, NULL, "d", &v));
    CHECK(!idxmap_get(&m, 43, named, NULL, "a", &v)); /* another hash: not even compared */
    idxmap_pop(&m);
    CHECK(!idxmap_get(&m, 42, named, NULL, "c", &v));
    CHECK(idxmap_get(&m, 42, named, NULL, "b", &v));
    CHECK_EQ_INT(v, 1);
    CHECK(idxmap_hash_int(1) != idxmap_hash_int(2));
    CHECK(idxmap_hash_text("a") != idxmap_hash_text("b"));
    idxmap_free(&m);
}
