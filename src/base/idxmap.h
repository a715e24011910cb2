/* idxmap.h — a hash index over records the caller stores: hash -> int64 value, no keys copied.
 *
 * The map keeps only each entry's hash and value; the caller keeps the keys (in its own arrays,
 * addressed by the value) and says, on every lookup, whether a value's key is the one sought. So a
 * batch's working set indexes its transfers and accounts without one allocation per key.
 * idxmap_pop() removes the most recently inserted entry, so a run of inserts can be rolled back in
 * reverse order. Not thread-safe; one owner. */
#ifndef HS_BASE_IDXMAP_H
#define HS_BASE_IDXMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t hash;
    int64_t value;
    int64_t next; /* index of the next entry in the bucket chain, -1 at the end */
} idxmap_entry;

typedef struct {
    int64_t *buckets; /* heads of chains, -1 if empty; bucket_count is a power of two */
    size_t bucket_count;
    idxmap_entry *entries; /* in insertion order */
    size_t count, capacity;
} idxmap;

/* Says whether the record addressed by `value` has the key `key` (the caller's own comparison). */
typedef bool (*idxmap_match)(const void *ctx, int64_t value, const void *key);

/* The hash of a NUL-terminated text key (FNV-1a, mixed) and of an integer key. */
uint64_t idxmap_hash_text(const char *key);
uint64_t idxmap_hash_int(int64_t key);
/* An empty map (allocates lazily). */
void idxmap_init(idxmap *m);
/* Frees the tables; the map is empty and reusable afterwards. */
void idxmap_free(idxmap *m);
/* True and *value set if an entry with `hash` matches `key` (newest first). */
bool idxmap_get(const idxmap *m, uint64_t hash, idxmap_match match, const void *ctx,
                const void *key, int64_t *value);
/* Adds an entry; the caller ensures its key is not present. False only if memory runs out (the
 * map is then unchanged). */
bool idxmap_put(idxmap *m, uint64_t hash, int64_t value);
/* Removes the most recently inserted entry; asserts the map is not empty. */
void idxmap_pop(idxmap *m);
/* Number of entries. */
size_t idxmap_count(const idxmap *m);

#endif
