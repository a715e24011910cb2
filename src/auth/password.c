/* password.c — password rules and Argon2id (see password.h). */
#include "auth/password.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

_Static_assert(AUTH_PWHASH_MAX == crypto_pwhash_STRBYTES, "the stored hash buffer");

auth_pwhash_limits auth_pwhash_interactive(void) {
    return (auth_pwhash_limits){.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                .memlimit_bytes = crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

auth_pwhash_limits auth_pwhash_minimum(void) {
    return (auth_pwhash_limits){.opslimit = crypto_pwhash_OPSLIMIT_MIN,
                                .memlimit_bytes = crypto_pwhash_MEMLIMIT_MIN};
}

hs_status auth_password_check(const char *user, const char *password, hs_error *err) {
    if (password == NULL || password[0] == '\0')
        return hs_invalid_field(err, "password", "the password is empty");
    size_t len = strnlen(password, AUTH_PASSWORD_MAX + 1);
    if (len < AUTH_PASSWORD_MIN)
        return hs_invalid_field(err, "password", "the password is shorter than %d bytes",
                                AUTH_PASSWORD_MIN);
    if (len > AUTH_PASSWORD_MAX)
        return hs_invalid_field(err, "password", "the password is longer than %d bytes",
                                AUTH_PASSWORD_MAX);
    if (user != NULL && strcmp(user, password) == 0)
        return hs_invalid_field(err, "password", "the password must not be the user's name");
    return HS_OK;
}

static bool limits_sane(const auth_pwhash_limits *l) {
    return l != NULL && l->opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
           l->opslimit <= crypto_pwhash_OPSLIMIT_MAX &&
           l->memlimit_bytes >= crypto_pwhash_MEMLIMIT_MIN &&
           l->memlimit_bytes <= crypto_pwhash_MEMLIMIT_MAX;
}

hs_status auth_password_hash(const char *password, const auth_pwhash_limits *limits,
                             char out[AUTH_PWHASH_MAX], hs_error *err) {
    assert(password != NULL && out != NULL && limits_sane(limits));
    size_t len = strlen(password);
    assert(len <= AUTH_PASSWORD_MAX);
    if (crypto_pwhash_str(out, password, len, limits->opslimit, limits->memlimit_bytes) != 0) {
        out[0] = '\0';
        return hs_fail_code(err, HS_STORAGE, "out_of_memory", NULL,
                            "hashing the password: out of memory (Argon2id needs %zu bytes)",
                            limits->memlimit_bytes);
    }
    assert(strncmp(out, crypto_pwhash_STRPREFIX, strlen(crypto_pwhash_STRPREFIX)) == 0);
    return HS_OK;
}

bool auth_password_verify(const char *hash, const char *password) {
    if (hash == NULL || password == NULL || hash[0] == '\0')
        return false;
    if (strnlen(hash, AUTH_PWHASH_MAX) == AUTH_PWHASH_MAX)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool auth_password_needs_rehash(const char *hash, const auth_pwhash_limits *limits) {
    assert(hash != NULL && limits_sane(limits));
    return crypto_pwhash_str_needs_rehash(hash, limits->opslimit, limits->memlimit_bytes) != 0;
}

void auth_password_burn(const char *password, const auth_pwhash_limits *limits) {
    assert(limits_sane(limits));
    char scratch[AUTH_PWHASH_MAX];
    const char *p = password != NULL ? password : "";
    size_t len = strnlen(p, AUTH_PASSWORD_MAX);
    if (crypto_pwhash_str(scratch, p, len, limits->opslimit, limits->memlimit_bytes) == 0)
        sodium_memzero(scratch, sizeof scratch);
}
