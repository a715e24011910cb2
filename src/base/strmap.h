/* strmap.h — a string -> int64 map with insertion-order undo, for per-batch working sets.
 *
 * Keys are copied. Each key is inserted at most once (asserted). strmap_pop() removes the most
 * recently inserted entry, so a caller can roll back a run of inserts in reverse order. */
#ifndef HS_BASE_STRMAP_H
#define HS_BASE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *key;
    uint64_t hash;
    int64_t value;
    int64_t next; /* index of the next entry in the bucket chain, -1 at the end */
} strmap_entry;

typedef struct {
    int64_t *buckets; /* heads of chains, -1 if empty */
    size_t bucket_count;
    strmap_entry *entries; /* in insertion order */
    size_t count, capacity;
} strmap;

/* An empty map (allocates lazily). */
void strmap_init(strmap *m);
/* Frees every key and the tables; the map is empty and reusable afterwards. */
void strmap_free(strmap *m);
/* True and *value set if `key` is present. */
bool strmap_get(const strmap *m, const char *key, int64_t *value);
/* Inserts a key that is not present (asserted); false only if memory runs out. */
bool strmap_put(strmap *m, const char *key, int64_t value);
/* Removes the most recently inserted entry; asserts the map is not empty. */
void strmap_pop(strmap *m);
/* Number of entries. */
size_t strmap_count(const strmap *m);

#endif
