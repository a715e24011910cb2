/* audit_verify.c — recomputing the audit chain (see audit_verify.h). */
#include "audit/audit_verify.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store/audit_log.h"

typedef struct {
    audit_verify_report *out;
    int64_t expect_seq;
    char prev_hash[AUDIT_HEX_LEN];
    int64_t covered; /* last transfer sequence attributed so far */
} walk;

static void broken(audit_verify_report *r, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void broken(audit_verify_report *r, int64_t seq, const char *fmt, ...) {
    if (!r->ok)
        return; /* the first fault is the one reported */
    r->ok = false;
    r->broken_seq = seq;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
}

static hs_status check_entry(void *ctx, const audit_entry *e, hs_error *err) {
    (void)err;
    walk *w = ctx;
    audit_verify_report *r = w->out;
    r->entries++;
    if (!r->ok)
        return HS_OK; /* keep counting */
    if (e->seq != w->expect_seq) {
        if (e->seq > w->expect_seq)
            broken(r, w->expect_seq, "entry %lld is missing (the next entry is %lld)",
                   (long long)w->expect_seq, (long long)e->seq);
        else
            broken(r, e->seq, "entry %lld is out of sequence (expected %lld)", (long long)e->seq,
                   (long long)w->expect_seq);
        return HS_OK;
    }
    if (strcmp(e->prev_hash, w->prev_hash) != 0) {
        broken(r, e->seq,
               "prev_hash %.16s... does not match the hash of entry %lld (%.16s...): an entry was "
               "deleted, inserted or reordered before it",
               e->prev_hash, (long long)(e->seq - 1), w->prev_hash);
        return HS_OK;
    }
    char hash[AUDIT_HEX_LEN];
    if (!audit_entry_hash(e, hash) || strcmp(hash, e->hash) != 0) {
        broken(r, e->seq,
               "hash does not match the entry (actor '%s', action '%s', object '%s'): "
               "the entry was edited",
               e->actor, e->action, e->object);
        return HS_OK;
    }
    w->expect_seq++;
    snprintf(w->prev_hash, sizeof w->prev_hash, "%s", e->hash);
    snprintf(r->head_hash, sizeof r->head_hash, "%s", e->hash);
    return HS_OK;
}

/* Over every entry's transfer range in seq order: each starts right after what the entries before
 * it covered, and either commits transfers (last >= first) or none (last == first - 1, what was
 * covered before) — no gap, no overlap, never going back. */
static hs_status check_link(void *ctx, int64_t audit_seq, int64_t first_seq, int64_t last_seq,
                            hs_error *err) {
    (void)err;
    walk *w = ctx;
    audit_verify_report *r = w->out;
    if (!r->ok)
        return HS_OK;
    if (first_seq != w->covered + 1 || last_seq < w->covered)
        broken(r, audit_seq,
               "entry %lld claims transfers %lld..%lld, but the previous entries cover up to "
               "transfer %lld",
               (long long)audit_seq, (long long)first_seq, (long long)last_seq,
               (long long)w->covered);
    else
        w->covered = last_seq;
    return HS_OK;
}

hs_status audit_verify(hs_store *s, audit_verify_report *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->ok = true;
    walk w = {.out = out, .expect_seq = 1};
    snprintf(w.prev_hash, sizeof w.prev_hash, "%s", audit_genesis_hash());
    snprintf(out->head_hash, sizeof out->head_hash, "%s", audit_genesis_hash());
    hs_status st = audit_log_each(s, NULL, check_entry, &w, err);
    if (st != HS_OK)
        return st;
    int64_t before, last;
    if ((st = audit_log_transfer_span(s, &before, &last, err)) != HS_OK)
        return st;
    w.covered = before;
    if ((st = audit_log_links_each(s, check_link, &w, err)) != HS_OK)
        return st;
    if (out->ok && w.covered != last)
        broken(out, out->entries + 1, "transfers %lld..%lld were committed without an audit entry",
               (long long)w.covered + 1, (long long)last);
    assert(out->ok || out->why[0] != '\0');
    return HS_OK;
}
