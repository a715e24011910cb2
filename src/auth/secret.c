/* secret.c — random secrets, their digests and constant-time comparison (see secret.h). */
#include "auth/secret.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

#define B64_LEN 43 /* base64url, no padding, of 32 bytes */
#define CSRF_CONTEXT "huoshui.csrf.v1"

bool auth_crypto_init(void) {
    return sodium_init() >= 0;
}

static void encode(const uint8_t bytes[AUTH_SECRET_BYTES], char *out, size_t out_len) {
    assert(out_len >= B64_LEN + 1);
    sodium_bin2base64(out, out_len, bytes, AUTH_SECRET_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    assert(strlen(out) == B64_LEN);
}

void auth_secret_new(auth_secret_kind kind, char out[AUTH_SECRET_MAX]) {
    assert(kind == AUTH_SECRET_SESSION || kind == AUTH_SECRET_BEARER);
    uint8_t bytes[AUTH_SECRET_BYTES];
    randombytes_buf(bytes, sizeof bytes);
    size_t prefix = kind == AUTH_SECRET_BEARER ? strlen(AUTH_TOKEN_PREFIX) : 0;
    memcpy(out, AUTH_TOKEN_PREFIX, prefix);
    encode(bytes, out + prefix, AUTH_SECRET_MAX - prefix);
    sodium_memzero(bytes, sizeof bytes);
    assert(auth_secret_well_formed(kind, out));
}

static bool b64url_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

bool auth_secret_well_formed(auth_secret_kind kind, const char *text) {
    if (text == NULL)
        return false;
    size_t prefix = kind == AUTH_SECRET_BEARER ? strlen(AUTH_TOKEN_PREFIX) : 0;
    if (strncmp(text, AUTH_TOKEN_PREFIX, prefix) != 0)
        return false;
    const char *body = text + prefix;
    for (size_t i = 0; i < B64_LEN; i++)
        if (!b64url_char(body[i])) /* also stops at the NUL of a short text */
            return false;
    return body[B64_LEN] == '\0';
}

void auth_secret_digest(const char *text, uint8_t out[AUTH_DIGEST_BYTES]) {
    const char *t = text != NULL ? text : "";
    crypto_generichash(out, AUTH_DIGEST_BYTES, (const unsigned char *)t, strlen(t), NULL, 0);
}

bool auth_csrf_token(const char *session_id, char out[AUTH_SECRET_MAX]) {
    out[0] = '\0';
    if (!auth_secret_well_formed(AUTH_SECRET_SESSION, session_id))
        return false;
    uint8_t key[AUTH_SECRET_BYTES], mac[AUTH_DIGEST_BYTES];
    size_t key_len = 0;
    if (sodium_base642bin(key, sizeof key, session_id, strlen(session_id), NULL, &key_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        key_len != sizeof key) {
        sodium_memzero(key, sizeof key);
        return false;
    }
    crypto_generichash(mac, sizeof mac, (const unsigned char *)CSRF_CONTEXT, strlen(CSRF_CONTEXT),
                       key, sizeof key);
    encode(mac, out, AUTH_SECRET_MAX);
    sodium_memzero(key, sizeof key);
    sodium_memzero(mac, sizeof mac);
    return true;
}

void auth_token_label(const uint8_t digest[AUTH_DIGEST_BYTES], char *out) {
    assert(digest != NULL && out != NULL);
    memcpy(out, AUTH_TOKEN_PREFIX, strlen(AUTH_TOKEN_PREFIX));
    sodium_bin2hex(out + strlen(AUTH_TOKEN_PREFIX), 9, digest, 4);
    assert(strlen(out) == AUTH_TOKEN_LABEL_LEN);
}

void auth_token_label_of(const char *token, char *out) {
    uint8_t d[AUTH_DIGEST_BYTES];
    auth_secret_digest(token, d);
    auth_token_label(d, out);
}

bool auth_digest_equal(const uint8_t a[AUTH_DIGEST_BYTES], const uint8_t b[AUTH_DIGEST_BYTES]) {
    assert(a != NULL && b != NULL);
    return sodium_memcmp(a, b, AUTH_DIGEST_BYTES) == 0;
}

bool auth_secret_equal(const char *a, const char *b) {
    if (a == NULL || b == NULL)
        return false;
    uint8_t da[AUTH_DIGEST_BYTES], db[AUTH_DIGEST_BYTES];
    auth_secret_digest(a, da);
    auth_secret_digest(b, db);
    return auth_digest_equal(da, db);
}
