/* password.h — passwords: the rules a new password must meet, and Argon2id hashing.
 *
 * A password is 12..256 bytes and not equal to the user's name. It is hashed with Argon2id through
 * libsodium (crypto_pwhash_str: a self-describing "$argon2id$v=19$m=...,t=...,p=1$salt$hash"
 * string with a random salt) under explicit limits, and verified with crypto_pwhash_str_verify,
 * which reads the limits from the stored string. Nothing here logs, prints or keeps a password;
 * callers wipe their copies with sodium_memzero. */
#ifndef HS_AUTH_PASSWORD_H
#define HS_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define AUTH_PASSWORD_MIN 12
#define AUTH_PASSWORD_MAX 256
#define AUTH_PWHASH_MAX 128 /* crypto_pwhash_STRBYTES, with the NUL */

/* Argon2id cost limits. Production uses auth_pwhash_interactive (libsodium's INTERACTIVE: 2
 * passes, 64 MiB); tests may lower them with an explicit value, never through the environment. */
typedef struct {
    uint64_t opslimit;
    size_t memlimit_bytes;
} auth_pwhash_limits;

/* libsodium's crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE. */
auth_pwhash_limits auth_pwhash_interactive(void);
/* The smallest limits libsodium accepts (OPSLIMIT_MIN, MEMLIMIT_MIN): for unit tests only. */
auth_pwhash_limits auth_pwhash_minimum(void);

/* HS_OK if `password` may be the password of `user`; else HS_INPUT "invalid_field", field
 * "password", saying which rule failed (the message never contains the password). */
hs_status auth_password_check(const char *user, const char *password, hs_error *err);

/* Hashes `password` with Argon2id under `limits` into out (NUL-terminated). HS_STORAGE
 * ("out_of_memory") if libsodium could not allocate the memory the limits ask for. */
hs_status auth_password_hash(const char *password, const auth_pwhash_limits *limits,
                             char out[AUTH_PWHASH_MAX], hs_error *err);

/* True iff `password` matches the stored Argon2id string `hash` (false for a malformed hash). */
bool auth_password_verify(const char *hash, const char *password);

/* True if `hash` was made under other limits (or another algorithm) than `limits`: the caller
 * should hash the password again after a successful verify. */
bool auth_password_needs_rehash(const char *hash, const auth_pwhash_limits *limits);

/* Spends the time and memory of one verify under `limits` without any stored hash (hashes the
 * password and discards the result): an unknown or disabled user's login then takes as long as a
 * wrong password for a real one. */
void auth_password_burn(const char *password, const auth_pwhash_limits *limits);

#endif
