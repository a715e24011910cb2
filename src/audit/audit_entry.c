/* audit_entry.c — canonical encoding and hash of an audit entry (see audit_entry.h). */
#include "audit/audit_entry.h"

#include <assert.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define AUDIT_MAGIC "huoshui-audit-v1\n"

const char *audit_genesis_hash(void) {
    return "0000000000000000000000000000000000000000000000000000000000000000";
}

bool audit_hex_valid(const char *text) {
    if (text == NULL || strlen(text) != 2 * AUDIT_HASH_BYTES)
        return false;
    for (const char *p = text; *p != '\0'; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* Appends bytes to buf[0..len) at *at (counting past len, writing only what fits). */
static void put(unsigned char *buf, size_t len, size_t *at, const void *bytes, size_t n) {
    if (*at < len) {
        size_t fit = len - *at < n ? len - *at : n;
        memcpy(buf + *at, bytes, fit);
    }
    *at += n;
}

/* Appends one length-prefixed field: "<len>:<bytes>\n". */
static void put_field(unsigned char *buf, size_t len, size_t *at, const char *text) {
    size_t n = strlen(text);
    char prefix[32];
    int k = snprintf(prefix, sizeof prefix, "%zu:", n);
    assert(k > 0 && (size_t)k < sizeof prefix);
    put(buf, len, at, prefix, (size_t)k);
    put(buf, len, at, text, n);
    put(buf, len, at, "\n", 1);
}

size_t audit_canonical(const audit_entry *e, unsigned char *buf, size_t len) {
    assert(e != NULL && (buf != NULL || len == 0));
    char seq[32], time_ns[32];
    snprintf(seq, sizeof seq, "%" PRId64, e->seq);
    snprintf(time_ns, sizeof time_ns, "%" PRId64, e->time_ns);
    size_t at = 0;
    put(buf, len, &at, AUDIT_MAGIC, strlen(AUDIT_MAGIC));
    put_field(buf, len, &at, seq);
    put_field(buf, len, &at, time_ns);
    put_field(buf, len, &at, e->actor);
    put_field(buf, len, &at, e->action);
    put_field(buf, len, &at, e->object);
    put_field(buf, len, &at, e->body_sha256);
    put_field(buf, len, &at, e->result);
    return at;
}

static void to_hex(const unsigned char *bytes, size_t n, char *out) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

static int hex_digit(char c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

bool audit_entry_hash(const audit_entry *e, char out[AUDIT_HEX_LEN]) {
    assert(e != NULL && out != NULL);
    out[0] = '\0';
    if (!audit_hex_valid(e->prev_hash) || sodium_init() < 0)
        return false;
    unsigned char prev[AUDIT_HASH_BYTES];
    for (size_t i = 0; i < AUDIT_HASH_BYTES; i++)
        prev[i] = (unsigned char)(hex_digit(e->prev_hash[2 * i]) << 4 |
                                  hex_digit(e->prev_hash[2 * i + 1]));
    /* the fields are bounded by the struct, so the encoding fits in a fixed buffer */
    unsigned char canon[sizeof(audit_entry) + 256];
    size_t n = audit_canonical(e, canon, sizeof canon);
    assert(n <= sizeof canon);
    crypto_generichash_state st;
    unsigned char digest[AUDIT_HASH_BYTES];
    crypto_generichash_init(&st, NULL, 0, sizeof digest);
    crypto_generichash_update(&st, prev, sizeof prev);
    crypto_generichash_update(&st, canon, n);
    crypto_generichash_final(&st, digest, sizeof digest);
    to_hex(digest, sizeof digest, out);
    return true;
}

bool audit_sha256_hex(const void *data, size_t len, char out[AUDIT_HEX_LEN]) {
    assert(out != NULL && (data != NULL || len == 0));
    out[0] = '\0';
    if (sodium_init() < 0)
        return false;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data != NULL ? data : (const unsigned char *)"", len);
    to_hex(digest, sizeof digest, out);
    return true;
}
