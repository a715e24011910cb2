/* strmap.c — chained hash map over an insertion-ordered entry array. */
#include "base/strmap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_text(const char *s) {
    uint64_t h = UINT64_C(1469598103934665603); /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    return h ^ (h >> 29);
}

void strmap_init(strmap *m) {
    memset(m, 0, sizeof *m);
}

void strmap_free(strmap *m) {
    for (size_t i = 0; i < m->count; i++)
        free(m->entries[i].key);
    free(m->entries);
    free(m->buckets);
    strmap_init(m);
}

size_t strmap_count(const strmap *m) {
    return m->count;
}

bool strmap_get(const strmap *m, const char *key, int64_t *value) {
    if (m->bucket_count == 0)
        return false;
    uint64_t h = hash_text(key);
    for (int64_t i = m->buckets[h & (m->bucket_count - 1)]; i >= 0; i = m->entries[i].next) {
        const strmap_entry *e = &m->entries[i];
        if (e->hash == h && strcmp(e->key, key) == 0) {
            *value = e->value;
            return true;
        }
    }
    return false;
}

/* Rebuilds the chains for a table twice the size; entries keep their order, so later entries stay
 * nearer the chain heads and strmap_pop stays correct. */
static bool grow_buckets(strmap *m) {
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

bool strmap_put(strmap *m, const char *key, int64_t value) {
#ifndef NDEBUG
    int64_t existing;
    assert(!strmap_get(m, key, &existing));
#endif
    if (m->count + 1 > m->bucket_count && !grow_buckets(m))
        return false;
    if (m->count == m->capacity) {
        size_t cap = m->capacity ? m->capacity * 2 : 64;
        strmap_entry *e = realloc(m->entries, cap * sizeof *e);
        if (e == NULL)
            return false;
        m->entries = e;
        m->capacity = cap;
    }
    char *copy = strdup(key);
    if (copy == NULL)
        return false;
    uint64_t h = hash_text(key);
    size_t slot = h & (m->bucket_count - 1);
    m->entries[m->count] =
        (strmap_entry){.key = copy, .hash = h, .value = value, .next = m->buckets[slot]};
    m->buckets[slot] = (int64_t)m->count;
    m->count++;
    return true;
}

void strmap_pop(strmap *m) {
    assert(m->count > 0);
    size_t last = m->count - 1;
    strmap_entry *e = &m->entries[last];
    size_t slot = e->hash & (m->bucket_count - 1);
    assert(m->buckets[slot] == (int64_t)last);
    m->buckets[slot] = e->next;
    free(e->key);
    m->count--;
}
