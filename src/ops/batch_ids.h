/* batch_ids.h — the ids one batch file has given so far, with the line each was on, so that an id
 * given twice in one file is refused with both lines ("each id may appear once").
 *
 * Exact: ids are compared as text, never by hash alone. Batch files are usually written in id
 * order (exports, generated files), so while every id is greater (strcmp) than the one before, an
 * id cannot repeat and is only appended to an arena: no hash table and no cache miss per line.
 * The first id out of order builds an open-addressing index over the arena once, and from then on
 * every id is looked up there. Not thread-safe; one owner (the batch's reader). */
#ifndef HS_OPS_BATCH_IDS_H
#define HS_OPS_BATCH_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t hash;   /* 0: empty */
    uint64_t offset; /* of the id's record in the arena */
} batch_id_slot;

typedef struct {
    char *arena; /* records: the line (long), then the id and its NUL, aligned to a long */
    size_t used, cap;
    size_t count;         /* ids recorded */
    uint64_t last_offset; /* the newest record, while in order */
    bool ordered;         /* every id so far was greater than the one before */
    batch_id_slot *slots; /* the index, built at the first id out of order */
    size_t slots_cap;     /* a power of two, or 0 */
} batch_ids;

/* An empty set (allocates lazily). */
void batch_ids_init(batch_ids *s);
/* Records `id` (NUL-terminated) read on `line` (> 0). Returns the line it was first given on if
 * it was given before (nothing recorded), 0 if it is new (recorded), -1 if memory ran out (the set
 * is then unchanged and still usable). */
long batch_ids_add(batch_ids *s, const char *id, long line);
/* Frees the arena and the index; the set is empty and reusable afterwards. */
void batch_ids_free(batch_ids *s);

#endif
