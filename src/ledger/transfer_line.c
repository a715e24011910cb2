/* transfer_line.c — one plain JSON Lines transfer streamed through yajl (see the header). */
#include "ledger/transfer_line.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "base/text.h"
#include "ledger/transfer_codec.h"

#define LINE_KEYS_MAX 32      /* distinct keys tracked per object; more: the slow reading */
#define LINE_KEY_BYTES 128    /* a key longer than this: the slow reading */
#define LINE_ARENA_BYTES 2048 /* the keys of one object, for duplicate detection */

/* The keys seen in one object, so a duplicate (which jansson refuses) is noticed. */
typedef struct {
    const char *keys[LINE_KEYS_MAX];
    size_t lens[LINE_KEYS_MAX];
    size_t count;
    char arena[LINE_ARENA_BYTES];
    size_t used;
} seen_keys;

typedef struct {
    hs_transfer *t;
    int depth;        /* 0 before the object, 1 inside it, 2 inside its "ref"/"refs" */
    bool expect_refs; /* the last key at depth 1 was "ref" or "refs" */
    bool done;        /* the outer object has closed */
    bool has_amount;  /* the keys seen, for the amount/amount_fen conflict */
    bool has_amount_fen;
    char key[LINE_KEY_BYTES]; /* the current key, NUL-terminated */
    seen_keys top, refs;
} line_state;

static void seen_reset(seen_keys *s) {
    s->count = 0;
    s->used = 0;
}

/* Records key[0..n); false if it was seen already or the table is full (both: the slow reading). */
static bool seen_add(seen_keys *s, const char *key, size_t n) {
    for (size_t i = 0; i < s->count; i++)
        if (s->lens[i] == n && memcmp(s->keys[i], key, n) == 0)
            return false;
    if (s->count == LINE_KEYS_MAX || s->used + n > LINE_ARENA_BYTES)
        return false;
    memcpy(s->arena + s->used, key, n);
    s->keys[s->count] = s->arena + s->used;
    s->lens[s->count] = n;
    s->count++;
    s->used += n;
    return true;
}

/* One scalar value, given as the text transfer_from_json's json_scalar_text would have made. */
static int on_scalar_text(line_state *st, const char *text) {
    char why[256];
    if (st->depth == 2)
        return transfer_add_ref(st->t, st->key, text, why, sizeof why);
    if (st->depth != 1 || st->expect_refs)
        return 0; /* a top-level scalar, or "ref" holding a scalar: the slow reading refuses it */
    if (!transfer_field_known(st->key))
        return 0;
    return transfer_set_field(st->t, st->key, text, why, sizeof why);
}

static int cb_boolean(void *ctx, int value) {
    return on_scalar_text(ctx, value ? "true" : "false");
}

static int cb_integer(void *ctx, long long value) {
    line_state *st = ctx;
    if (st->depth == 1 && !st->expect_refs && strcmp(st->key, "amount_fen") == 0) {
        if (value < 0)
            return 0; /* refused with its message by the slow reading */
        st->t->amount_fen = (int64_t)value;
        return 1;
    }
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    return on_scalar_text(st, text);
}

static int cb_string(void *ctx, const unsigned char *value, size_t n) {
    char text[TRANSFER_REFS_MAX];
    if (n >= sizeof text)
        return 0; /* "longer than ..." comes from the slow reading */
    memcpy(text, value, n);
    text[n] = '\0';
    return on_scalar_text(ctx, text);
}

static int cb_start_map(void *ctx) {
    line_state *st = ctx;
    if (st->depth == 0 && !st->done) {
        st->depth = 1;
        return 1;
    }
    if (st->depth == 1 && st->expect_refs) {
        st->depth = 2;
        seen_reset(&st->refs);
        return 1;
    }
    return 0;
}

static int cb_map_key(void *ctx, const unsigned char *key, size_t n) {
    line_state *st = ctx;
    assert(st->depth == 1 || st->depth == 2);
    if (n >= sizeof st->key || memchr(key, '\0', n) != NULL)
        return 0;
    if (!seen_add(st->depth == 1 ? &st->top : &st->refs, (const char *)key, n))
        return 0;
    memcpy(st->key, key, n);
    st->key[n] = '\0';
    if (st->depth == 1) {
        st->expect_refs = strcmp(st->key, "ref") == 0 || strcmp(st->key, "refs") == 0;
        st->has_amount |= strcmp(st->key, "amount") == 0;
        st->has_amount_fen |= strcmp(st->key, "amount_fen") == 0;
        if (st->has_amount && st->has_amount_fen)
            return 0; /* "both amount and amount_fen" comes from the slow reading */
    }
    return 1;
}

static int cb_end_map(void *ctx) {
    line_state *st = ctx;
    if (st->depth == 2) {
        st->depth = 1;
        st->expect_refs = false;
        return 1;
    }
    assert(st->depth == 1);
    st->depth = 0;
    st->done = true;
    return 1;
}

static int cb_refuse(void *ctx) {
    (void)ctx;
    return 0;
}

static int cb_refuse_double(void *ctx, double value) {
    (void)ctx;
    (void)value;
    return 0;
}

static const yajl_callbacks line_callbacks = {
    .yajl_null = cb_refuse,
    .yajl_boolean = cb_boolean,
    .yajl_integer = cb_integer,
    .yajl_double = cb_refuse_double,
    .yajl_number = NULL, /* integers and doubles apart */
    .yajl_string = cb_string,
    .yajl_start_map = cb_start_map,
    .yajl_map_key = cb_map_key,
    .yajl_end_map = cb_end_map,
    .yajl_start_array = cb_refuse,
    .yajl_end_array = cb_refuse,
};

/* True if the bytes can only mean what jansson would read them as: no byte below 0x20 (a control
 * character in a string, or whitespace the fast reading does not need to know), no backslash (an
 * escape: jansson's rules for \u0000 and lone surrogates decide those), well-formed UTF-8 by the
 * same rules as jansson's (no overlongs, surrogates or code points above U+10FFFF), and nothing
 * after the brace that closes the first one (yajl lets a trailing partial token such as a lone
 * quote pass at the end of input; jansson refuses it). Without escapes a quote always opens or
 * closes a string, so the braces outside strings are counted exactly. */
static bool plain_bytes(const char *text, size_t len) {
    bool high = false, in_string = false;
    long depth = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == '\\')
            return false;
        high |= c >= 0x80;
        if (c == '"')
            in_string = !in_string;
        else if (!in_string && c == '{')
            depth++;
        else if (!in_string && c == '}' && --depth == 0 && i != len - 1)
            return false;
    }
    return !high || text_utf8_valid(text, len);
}

bool transfer_from_json_line(const char *text, size_t len, hs_transfer *t) {
    assert(text != NULL && t != NULL);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r' ||
                       text[len - 1] == '\n'))
        len--;
    while (len > 0 && (*text == ' ' || *text == '\t')) {
        text++;
        len--;
    }
    if (len == 0 || *text != '{' || !plain_bytes(text, len))
        return false;
    transfer_init(t);
    line_state st = {.t = t};
    yajl_handle h = yajl_alloc(&line_callbacks, NULL, &st);
    if (h == NULL)
        return false; /* out of memory: the slow reading says so if it fails too */
    bool ok = yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok &&
              yajl_complete_parse(h) == yajl_status_ok && st.done;
    yajl_free(h);
    assert(!ok || st.depth == 0);
    return ok;
}
