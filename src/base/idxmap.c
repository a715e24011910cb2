/* idxmap.c — chained hash index over an insertion-ordered entry array (see idxmap.h). */
#include "base/idxmap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

uint64_t idxmap_hash_text(const char *key) {
    assert(key != NULL);
    uint64_t h = UINT64_C(1469598103934665603); /* FNV-1a */
    for (; *key; key++) {
        h ^= (unsigned char)*key;
        h *= UINT64_C(1099511628211);
    }
    return h ^ (h >> 29);
}

uint64_t idxmap_hash_int(int64_t key) {
    uint64_t h = (uint64_t)key * UINT64_C(0x9E3779B97F4A7C15); /* Fibonacci hashing */
    return h ^ (h >> 32);
}

void idxmap_init(idxmap *m) {
    assert(m != NULL);
    memset(m, 0, sizeof *m);
}

void idxmap_free(idxmap *m) {
    assert(m != NULL);
    free(m->entries);
    free(m->buckets);
    idxmap_init(m);
}

size_t idxmap_count(const idxmap *m) {
    return m->count;
}

bool idxmap_get(const idxmap *m, uint64_t hash, idxmap_match match, const void *ctx,
                const void *key, int64_t *value) {
    assert(match != NULL && value != NULL);
    if (m->bucket_count == 0)
        return false;
    for (int64_t i = m->buckets[hash & (m->bucket_count - 1)]; i >= 0; i = m->entries[i].next) {
        const idxmap_entry *e = &m->entries[i];
        if (e->hash == hash && match(ctx, e->value, key)) {
            *value = e->value;
            return true;
        }
    }
    return false;
}

/* Rebuilds the chains for a table twice the size; entries keep their order, so later entries stay
 * nearer the chain heads and idxmap_pop stays correct. */
static bool grow_buckets(idxmap *m) {
    size_t n = m->bucket_count ? m->bucket_count * 2 : 64;
    int64_t *b = malloc(n * sizeof *b);
    if (b == NULL)
        return false;
    for (size_t i = 0; i < n; i++)
        b[i] = -1;
    for (size_t i = 0; i < m->count; i++) {
        size_t slot = m->entries[i].hash & (n - 1);
        m->entries[i].next = b[slot];
        b[slot] = (int64_t)i;
    }
    free(m->buckets);
    m->buckets = b;
    m->bucket_count = n;
    return true;
}

bool idxmap_put(idxmap *m, uint64_t hash, int64_t value) {
    if (m->count + 1 > m->bucket_count && !grow_buckets(m))
        return false;
    if (m->count == m->capacity) {
        size_t cap = m->capacity ? m->capacity * 2 : 64;
        idxmap_entry *e = realloc(m->entries, cap * sizeof *e);
        if (e == NULL)
            return false;
        m->entries = e;
        m->capacity = cap;
    }
    size_t slot = hash & (m->bucket_count - 1);
    m->entries[m->count] = (idxmap_entry){.hash = hash, .value = value, .next = m->buckets[slot]};
    m->buckets[slot] = (int64_t)m->count;
    m->count++;
    assert(m->count <= m->bucket_count);
    return true;
}

void idxmap_pop(idxmap *m) {
    assert(m->count > 0);
    size_t last = m->count - 1;
    const idxmap_entry *e = &m->entries[last];
    size_t slot = e->hash & (m->bucket_count - 1);
    assert(m->buckets[slot] == (int64_t)last);
    m->buckets[slot] = e->next;
    m->count--;
}
