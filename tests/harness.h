/* harness.h — a plain unit-test harness: TEST(name) registers a test, CHECK* records failures.
 * The runner prints "PASS name" / "FAIL name: file:line: what" for each test and, last,
 * "N passed, N failed". */
#ifndef HS_TESTS_HARNESS_H
#define HS_TESTS_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth/principal.h"

typedef void (*test_fn)(void);
/* Registers a test function under `name` (called from constructors made by TEST). */
void harness_register(const char *name, test_fn fn);
/* Records a failure of the running test. */
void harness_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define TEST(name)                                                                                 \
    static void name(void);                                                                        \
    __attribute__((constructor)) static void register_##name(void) {                               \
        harness_register(#name, name);                                                             \
    }                                                                                              \
    static void name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            harness_fail(__FILE__, __LINE__, "%s", #cond);                                         \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
    do {                                                                                           \
        long long va_ = (long long)(a), vb_ = (long long)(b);                                      \
        if (va_ != vb_)                                                                            \
            harness_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", #a, #b, va_, vb_);         \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                         \
    do {                                                                                           \
        const char *sa_ = (a), *sb_ = (b);                                                         \
        if (sa_ == NULL || sb_ == NULL || strcmp(sa_, sb_) != 0)                                   \
            harness_fail(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")", #a, #b,                \
                         sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");                              \
    } while (0)

/* The principal unit tests act as: the local operator "test" (every right, no scopes). */
static inline const hs_principal *test_principal(void) {
    static const hs_principal operator_principal = {.user = "test", .role = HS_ROLE_OPERATOR};
    return &operator_principal;
}

#endif
