/* batch_ids.c — ids of one batch file: in-order fast path, exact open addressing after (header). */
#include "ops/batch_ids.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_ALIGN sizeof(long)

static uint64_t id_hash(const char *id) {
    uint64_t h = 1469598103934665603u; /* FNV-1a, then a splitmix64 finalizer */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
    return h != 0 ? h : 1;
}

static long record_line(const batch_ids *s, uint64_t offset) {
    long line;
    memcpy(&line, s->arena + offset, sizeof line);
    return line;
}

static const char *record_id(const batch_ids *s, uint64_t offset) {
    return s->arena + offset + sizeof(long);
}

void batch_ids_init(batch_ids *s) {
    assert(s != NULL);
    memset(s, 0, sizeof *s);
    s->ordered = true;
}

void batch_ids_free(batch_ids *s) {
    assert(s != NULL);
    free(s->arena);
    free(s->slots);
    batch_ids_init(s);
}

/* Appends a record for id (n bytes) on line; false if memory ran out (nothing appended). */
static bool arena_append(batch_ids *s, const char *id, size_t n, long line, uint64_t *offset) {
    size_t need = sizeof(long) + n + 1;
    need = (need + RECORD_ALIGN - 1) / RECORD_ALIGN * RECORD_ALIGN;
    if (s->used + need > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 65536;
        while (cap < s->used + need)
            cap *= 2;
        char *a = realloc(s->arena, cap);
        if (a == NULL)
            return false;
        s->arena = a;
        s->cap = cap;
    }
    *offset = s->used;
    memcpy(s->arena + s->used, &line, sizeof line);
    memcpy(s->arena + s->used + sizeof(long), id, n + 1);
    s->used += need;
    assert(s->used <= s->cap && s->used % RECORD_ALIGN == 0);
    return true;
}

/* Puts a slot into an index known to hold no equal id and to have room. */
static void slot_put(batch_id_slot *slots, size_t cap, uint64_t hash, uint64_t offset) {
    size_t j = hash & (cap - 1);
    while (slots[j].hash != 0)
        j = (j + 1) & (cap - 1);
    slots[j] = (batch_id_slot){hash, offset};
}

/* (Re)builds the index with room for at least `want` ids at half load; false if memory ran out
 * (the old index, if any, is kept). */
static bool index_build(batch_ids *s, size_t want) {
    size_t cap = 4096;
    while (cap < 2 * want)
        cap *= 2;
    batch_id_slot *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return false;
    for (size_t off = 0; off < s->used;) {
        const char *id = record_id(s, off);
        size_t n = strlen(id);
        slot_put(slots, cap, id_hash(id), off);
        size_t len = sizeof(long) + n + 1;
        off += (len + RECORD_ALIGN - 1) / RECORD_ALIGN * RECORD_ALIGN;
    }
    free(s->slots);
    s->slots = slots;
    s->slots_cap = cap;
    return true;
}

/* The line of an id already in the index, or 0. */
static long index_find(const batch_ids *s, const char *id, uint64_t hash) {
    size_t j = hash & (s->slots_cap - 1);
    while (s->slots[j].hash != 0) {
        if (s->slots[j].hash == hash && strcmp(record_id(s, s->slots[j].offset), id) == 0)
            return record_line(s, s->slots[j].offset);
        j = (j + 1) & (s->slots_cap - 1);
    }
    return 0;
}

long batch_ids_add(batch_ids *s, const char *id, long line) {
    assert(s != NULL && id != NULL && line > 0);
    size_t n = strlen(id);
    uint64_t offset;
    if (s->ordered && (s->count == 0 || strcmp(id, record_id(s, s->last_offset)) > 0)) {
        /* greater than the greatest id so far, so greater than all of them: new */
        if (!arena_append(s, id, n, line, &offset))
            return -1;
        s->last_offset = offset;
        s->count++;
        return 0;
    }
    if (s->ordered) {
        if (!index_build(s, s->count + 1))
            return -1;
        s->ordered = false;
    }
    uint64_t hash = id_hash(id);
    long earlier = index_find(s, id, hash);
    if (earlier != 0)
        return earlier;
    if (2 * (s->count + 1) > s->slots_cap && !index_build(s, 2 * (s->count + 1)))
        return -1;
    if (!arena_append(s, id, n, line, &offset))
        return -1;
    slot_put(s->slots, s->slots_cap, hash, offset);
    s->count++;
    assert(2 * s->count <= s->slots_cap);
    return 0;
}
