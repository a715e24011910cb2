/* test_auth.c — identity on an in-memory book: secrets and their digests, constant-time
 * comparison, Argon2id hashing and rehash, user and scope rules, logins with idle expiry on a
 * fixed clock, rate limiting per user and per address, and disable ending sessions and tokens. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "auth/auth_repo.h"
#include "auth/password.h"
#include "auth/secret.h"
#include "auth/user.h"
#include "ops/auth_ops.h"
#include "ops/auth_view.h"
#include "store/store.h"

#define T0_NS (INT64_C(1717200000) * AUTH_NS_PER_SECOND) /* 2024-06-01T00:00:00Z */
#define MINUTE_NS (60 * AUTH_NS_PER_SECOND)
#define GOOD_USCC "91510107MA6CM4R26W"
#define PASSWORD "correct horse battery"

typedef struct {
    hs_store *store;
    hs_clock clock;
    hs_principal who;
    hs_ctx ctx;
    auth_config cfg;
} fixture;

/* A fresh book, a clock fixed at T0 (today 2024-06-01), acting as the operator, cheap Argon2. */
static void setup(fixture *f) {
    memset(f, 0, sizeof *f);
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &f->store, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    f->clock =
        (hs_clock){.today_fixed = true, .today = date_from_ymd(2024, 6, 1), .fixed_now_ns = T0_NS};
    f->who = *test_principal();
    f->ctx = ops_ctx(f->store, &f->clock, &f->who, NULL);
    f->cfg = auth_config_default();
    f->cfg.pwhash = auth_pwhash_minimum();
}

/* Moves the fixture's clock to T0 + offset_ns (and today with it). */
static void at(fixture *f, int64_t offset_ns) {
    f->ctx.clock.fixed_now_ns = T0_NS + offset_ns;
    f->ctx.clock.today =
        date_from_ymd(2024, 6, 1) + (hs_date)(offset_ns / (86400 * AUTH_NS_PER_SECOND));
}

static void teardown(fixture *f) {
    store_close(f->store);
}

static auth_user user_of(const char *name, hs_role role, const char *scope) {
    auth_user u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "%s", name);
    u.role = role;
    if (scope != NULL && scope_parse(scope, &u.scopes[0]))
        u.scopes_count = 1;
    return u;
}

static hs_status add(fixture *f, const char *name, hs_role role, const char *scope,
                     const char *password, hs_error *err) {
    auth_user u = user_of(name, role, scope);
    return ops_user_add(&f->ctx, &f->cfg, &u, password, err);
}

static hs_status login(fixture *f, const char *user, const char *password, const char *addr,
                       auth_session_grant *g, hs_error *err) {
    return ops_session_login(&f->ctx, &f->cfg, user, password, addr, g, err);
}

static hs_status resume(fixture *f, const char *token, hs_principal *p, hs_error *err) {
    char csrf[AUTH_SECRET_MAX];
    return ops_session_resume(&f->ctx, &f->cfg, token, p, csrf, err);
}

TEST(auth_secrets_are_random_well_formed_and_prefixed) {
    CHECK(auth_crypto_init());
    char a[AUTH_SECRET_MAX], b[AUTH_SECRET_MAX], t[AUTH_SECRET_MAX];
    auth_secret_new(AUTH_SECRET_SESSION, a);
    auth_secret_new(AUTH_SECRET_SESSION, b);
    auth_secret_new(AUTH_SECRET_BEARER, t);
    CHECK_EQ_INT(strlen(a), 43);
    CHECK_EQ_INT(strlen(t), 46);
    CHECK(strncmp(t, "hs_", 3) == 0);
    CHECK(strcmp(a, b) != 0);
    CHECK(auth_secret_well_formed(AUTH_SECRET_SESSION, a));
    CHECK(auth_secret_well_formed(AUTH_SECRET_BEARER, t));
    CHECK(!auth_secret_well_formed(AUTH_SECRET_BEARER, a));
    CHECK(!auth_secret_well_formed(AUTH_SECRET_SESSION, t));
    CHECK(!auth_secret_well_formed(AUTH_SECRET_SESSION, ""));
    CHECK(!auth_secret_well_formed(AUTH_SECRET_SESSION, NULL));
    char bad[AUTH_SECRET_MAX];
    memcpy(bad, a, sizeof bad);
    bad[5] = '+'; /* not base64url */
    CHECK(!auth_secret_well_formed(AUTH_SECRET_SESSION, bad));
    bad[42] = '\0'; /* one short */
    CHECK(!auth_secret_well_formed(AUTH_SECRET_SESSION, bad));
}

TEST(auth_secret_equal_and_digests) {
    CHECK(auth_crypto_init());
    CHECK(auth_secret_equal("abc", "abc"));
    CHECK(!auth_secret_equal("abc", "abd"));
    CHECK(!auth_secret_equal("abc", "abcd"));
    CHECK(!auth_secret_equal("", "a"));
    CHECK(auth_secret_equal("", ""));
    CHECK(!auth_secret_equal(NULL, "a"));
    CHECK(!auth_secret_equal(NULL, NULL));
    uint8_t d1[AUTH_DIGEST_BYTES], d2[AUTH_DIGEST_BYTES], d3[AUTH_DIGEST_BYTES];
    auth_secret_digest("hs_x", d1);
    auth_secret_digest("hs_x", d2);
    auth_secret_digest("hs_y", d3);
    CHECK(auth_digest_equal(d1, d2));
    CHECK(!auth_digest_equal(d1, d3));
    /* BLAKE2b-256("abc"), RFC 7693 parameters with a 32-byte output */
    static const uint8_t abc[AUTH_DIGEST_BYTES] = {0xbd, 0xdd, 0x81, 0x3c, 0x63, 0x42, 0x39, 0x72,
                                                   0x31, 0x71, 0xef, 0x3f, 0xee, 0x98, 0x57, 0x9b,
                                                   0x94, 0x96, 0x4e, 0x3b, 0xb1, 0xcb, 0x3e, 0x42,
                                                   0x72, 0x62, 0xc8, 0xc0, 0x68, 0xd5, 0x23, 0x19};
    auth_secret_digest("abc", d1);
    CHECK(memcmp(d1, abc, sizeof abc) == 0);
}

TEST(auth_csrf_token_is_derived_from_the_session_only) {
    CHECK(auth_crypto_init());
    char s1[AUTH_SECRET_MAX], s2[AUTH_SECRET_MAX], c1[AUTH_SECRET_MAX], c1b[AUTH_SECRET_MAX],
        c2[AUTH_SECRET_MAX];
    auth_secret_new(AUTH_SECRET_SESSION, s1);
    auth_secret_new(AUTH_SECRET_SESSION, s2);
    CHECK(auth_csrf_token(s1, c1));
    CHECK(auth_csrf_token(s1, c1b));
    CHECK(auth_csrf_token(s2, c2));
    CHECK_EQ_STR(c1, c1b);
    CHECK(strcmp(c1, c2) != 0);
    CHECK(strcmp(c1, s1) != 0);
    CHECK(auth_secret_well_formed(AUTH_SECRET_SESSION, c1));
    CHECK(!auth_csrf_token("hs_notasession", c1));
    CHECK_EQ_STR(c1, "");
}

TEST(auth_password_rules_hash_verify_and_rehash) {
    CHECK(auth_crypto_init());
    hs_error err = {0};
    CHECK_EQ_INT(auth_password_check("alice", "", &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "password");
    CHECK_EQ_INT(auth_password_check("alice", "elevenchars", &err), HS_INPUT);
    CHECK(strstr(err.msg, "elevenchars") == NULL);
    CHECK_EQ_INT(auth_password_check("alice", "twelve chars", &err), HS_OK);
    CHECK_EQ_INT(auth_password_check("alice.long.name", "alice.long.name", &err), HS_INPUT);
    CHECK_EQ_STR(err.code, "invalid_field");
    char big[AUTH_PASSWORD_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_EQ_INT(auth_password_check("alice", big, &err), HS_INPUT);
    big[AUTH_PASSWORD_MAX] = '\0';
    CHECK_EQ_INT(auth_password_check("alice", big, &err), HS_OK);

    auth_pwhash_limits lo = auth_pwhash_minimum();
    char h1[AUTH_PWHASH_MAX], h2[AUTH_PWHASH_MAX];
    CHECK_EQ_INT(auth_password_hash(PASSWORD, &lo, h1, &err), HS_OK);
    CHECK_EQ_INT(auth_password_hash(PASSWORD, &lo, h2, &err), HS_OK);
    CHECK(strncmp(h1, "$argon2id$", 10) == 0);
    CHECK(strcmp(h1, h2) != 0); /* random salt */
    CHECK(strstr(h1, PASSWORD) == NULL);
    CHECK(auth_password_verify(h1, PASSWORD));
    CHECK(auth_password_verify(h2, PASSWORD));
    CHECK(!auth_password_verify(h1, "correct horse battery!"));
    CHECK(!auth_password_verify(h1, ""));
    CHECK(!auth_password_verify("", PASSWORD));
    CHECK(!auth_password_verify("$argon2id$garbage", PASSWORD));
    CHECK(!auth_password_needs_rehash(h1, &lo));
    auth_pwhash_limits more = lo;
    more.opslimit += 1;
    CHECK(auth_password_needs_rehash(h1, &more));
}

TEST(auth_user_names_and_role_scopes) {
    CHECK(auth_user_name_valid("alice"));
    CHECK(auth_user_name_valid("a.b_c-9"));
    CHECK(!auth_user_name_valid(""));
    CHECK(!auth_user_name_valid("9lives"));
    CHECK(!auth_user_name_valid("Alice"));
    CHECK(!auth_user_name_valid("cli:root"));
    CHECK(!auth_user_name_valid("a b"));
    char longest[HS_PRINCIPAL_NAME_MAX + 1];
    memset(longest, 'a', sizeof longest);
    longest[63] = '\0';
    CHECK(auth_user_name_valid(longest));
    longest[63] = 'a';
    longest[64] = '\0';
    CHECK(!auth_user_name_valid(longest));

    hs_error err = {0};
    auth_user u = user_of("ent", HS_ROLE_ENTERPRISE, "firm:" GOOD_USCC);
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_OK);
    u = user_of("ent", HS_ROLE_ENTERPRISE, "firm:91510107MA6CM4R26X"); /* wrong check char */
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "scope");
    CHECK(strstr(err.msg, "统一社会信用代码") != NULL);
    u = user_of("ent", HS_ROLE_ENTERPRISE, NULL);
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT);
    CHECK(strstr(err.msg, "firm:USCC") != NULL);
    u = user_of("ent", HS_ROLE_ENTERPRISE, "bank:icbc");
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT);
    u = user_of("off", HS_ROLE_OFFICER, "programme:chengdu-2024");
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_OK);
    CHECK(scope_parse("programme:chengdu-2024", &u.scopes[1]));
    u.scopes_count = 2;
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT); /* twice */
    CHECK(strstr(err.msg, "twice") != NULL);
    u = user_of("rev", HS_ROLE_REVIEWER, "fund:anhui-ai");
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT);
    u = user_of("fm", HS_ROLE_FUND_MANAGER, "fund:anhui-ai");
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_OK);
    u = user_of("bk", HS_ROLE_BANK, "bank:icbc-cd");
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_OK);
    u = user_of("pv", HS_ROLE_PROVIDER, "provider:aliyun");
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_OK);
    u = user_of("aud", HS_ROLE_AUDITOR, NULL);
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_OK);
    u = user_of("adm", HS_ROLE_ADMIN, "programme:x");
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT);
    CHECK(strstr(err.msg, "no scope") != NULL);
    u = user_of("op", HS_ROLE_OPERATOR, NULL);
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "role");
    u = user_of("Bad", HS_ROLE_ANALYST, NULL);
    CHECK_EQ_INT(auth_user_validate(&u, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "name");
}

TEST(auth_user_add_list_and_refusals) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "olivia", HS_ROLE_OFFICER, "programme:chengdu-2024", PASSWORD, &err),
                 HS_OK);
    CHECK_EQ_INT(add(&f, "olivia", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(add(&f, "olivia2", HS_ROLE_ANALYST, NULL, "short", &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "password");
    CHECK_EQ_INT(add(&f, "bad", HS_ROLE_OFFICER, NULL, PASSWORD, &err), HS_INPUT);
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_OK);

    /* only the operator or an admin manages users */
    hs_principal analyst = principal_make("ann", HS_ROLE_ANALYST);
    hs_ctx as_analyst = ops_ctx(f.store, &f.clock, &analyst, NULL);
    auth_user u = user_of("eve", HS_ROLE_ADMIN, NULL);
    CHECK_EQ_INT(ops_user_add(&as_analyst, &f.cfg, &u, PASSWORD, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    auth_user *list = NULL;
    size_t n = 0;
    CHECK_EQ_INT(ops_user_list(&as_analyst, &list, &n, &err), HS_REFUSED);
    hs_principal admin = principal_make("root", HS_ROLE_ADMIN);
    hs_ctx as_admin = ops_ctx(f.store, &f.clock, &admin, NULL);
    CHECK_EQ_INT(ops_user_add(&as_admin, &f.cfg, &u, PASSWORD, &err), HS_OK);

    CHECK_EQ_INT(ops_user_list(&f.ctx, &list, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 3);
    if (n == 3) {
        CHECK_EQ_STR(list[0].name, "ann");
        CHECK_EQ_STR(list[2].name, "olivia");
        CHECK_EQ_INT(list[2].role, HS_ROLE_OFFICER);
        CHECK_EQ_INT(list[2].scopes_count, 1);
        CHECK_EQ_STR(list[2].scopes[0].id, "chengdu-2024");
        CHECK_EQ_INT(list[2].created_ns, T0_NS);
        json_t *v = view_users(list, n);
        char *text = json_dumps(v, JSON_COMPACT);
        CHECK(text != NULL && strstr(text, "argon2") == NULL && strstr(text, "pwhash") == NULL);
        CHECK(text != NULL && strstr(text, "\"scopes\":[\"programme:chengdu-2024\"]") != NULL);
        CHECK(text != NULL && strstr(text, "\"created_at\":\"2024-06-01T00:00:00Z\"") != NULL);
        free(text);
        json_decref(v);
    }
    free(list);
    /* the stored hash is Argon2id and not the password */
    auth_user got;
    char hash[AUTH_PWHASH_MAX];
    bool found = false;
    CHECK_EQ_INT(auth_repo_user_get(f.store, "olivia", &got, hash, &found, &err), HS_OK);
    CHECK(found && strncmp(hash, "$argon2id$", 10) == 0 && strstr(hash, PASSWORD) == NULL);
    teardown(&f);
}

TEST(auth_login_resume_logout) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "ent", HS_ROLE_ENTERPRISE, "firm:" GOOD_USCC, PASSWORD, &err), HS_OK);
    auth_session_grant g;
    CHECK_EQ_INT(login(&f, "ent", PASSWORD, "10.0.0.1", &g, &err), HS_OK);
    CHECK_EQ_STR(g.principal.user, "ent");
    CHECK_EQ_INT(g.principal.role, HS_ROLE_ENTERPRISE);
    CHECK(principal_in_scope(&g.principal, HS_SCOPE_FIRM, GOOD_USCC));
    CHECK(auth_secret_well_formed(AUTH_SECRET_SESSION, g.session_token));
    CHECK(auth_secret_well_formed(AUTH_SECRET_SESSION, g.csrf_token));
    hs_principal p;
    char csrf[AUTH_SECRET_MAX];
    CHECK_EQ_INT(ops_session_resume(&f.ctx, &f.cfg, g.session_token, &p, csrf, &err), HS_OK);
    CHECK_EQ_STR(p.user, "ent");
    CHECK(auth_secret_equal(csrf, g.csrf_token));
    /* the session is stored by digest only */
    uint8_t d[AUTH_DIGEST_BYTES];
    auth_secret_digest(g.session_token, d);
    auth_session_rec rec;
    bool found = false;
    CHECK_EQ_INT(auth_repo_session_get(f.store, d, &rec, &found, &err), HS_OK);
    CHECK(found);
    CHECK_EQ_STR(rec.address, "10.0.0.1");
    CHECK_EQ_INT(resume(&f, "not-a-session", &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    char other[AUTH_SECRET_MAX];
    auth_secret_new(AUTH_SECRET_SESSION, other);
    CHECK_EQ_INT(resume(&f, other, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");

    CHECK_EQ_INT(ops_session_logout(&f.ctx, g.session_token, &err), HS_OK);
    CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    CHECK_EQ_INT(ops_session_logout(&f.ctx, g.session_token, &err), HS_REFUSED);
    teardown(&f);
}

TEST(auth_login_failures_look_alike) {
    fixture f;
    setup(&f);
    hs_error e1 = {0}, e2 = {0}, e3 = {0};
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &e1), HS_OK);
    CHECK_EQ_INT(add(&f, "dan", HS_ROLE_ANALYST, NULL, PASSWORD, &e1), HS_OK);
    auth_disable_result dr;
    CHECK_EQ_INT(ops_user_disable(&f.ctx, "dan", &dr, &e1), HS_OK);
    auth_session_grant g;
    CHECK_EQ_INT(login(&f, "ann", "wrong password!", "a1", &g, &e1), HS_REFUSED);
    CHECK_EQ_INT(login(&f, "nobody", PASSWORD, "a2", &g, &e2), HS_REFUSED);
    CHECK_EQ_INT(login(&f, "dan", PASSWORD, "a3", &g, &e3), HS_REFUSED);
    CHECK_EQ_STR(e1.code, "unauthenticated");
    CHECK_EQ_STR(e1.code, e2.code);
    CHECK_EQ_STR(e1.code, e3.code);
    CHECK_EQ_STR(e1.msg, e2.msg);
    CHECK_EQ_STR(e1.msg, e3.msg);
    CHECK(g.session_token[0] == '\0');
    CHECK(strstr(e1.msg, "wrong password!") == NULL);
    CHECK_EQ_INT(login(&f, "Bad Name;--", PASSWORD, NULL, &g, &e2), HS_REFUSED);
    CHECK_EQ_STR(e2.code, "unauthenticated");
    hs_principal p;
    CHECK_EQ_INT(ops_password_verify(&f.ctx, "ann", PASSWORD, &p, &e1), HS_OK);
    CHECK_EQ_STR(p.user, "ann");
    CHECK_EQ_INT(ops_password_verify(&f.ctx, "ann", "wrong password!", &p, &e1), HS_REFUSED);
    CHECK_EQ_STR(e1.code, "unauthenticated");
    CHECK_EQ_INT(ops_password_verify(&f.ctx, "dan", PASSWORD, &p, &e1), HS_REFUSED);
    teardown(&f);
}

TEST(auth_session_idle_expiry_on_a_fixed_clock) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_OK);
    auth_session_grant g, g2;
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &g, &err), HS_OK);
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &g2, &err), HS_OK);
    hs_principal p;
    /* 29 minutes idle: still valid, and the use is recorded */
    at(&f, 29 * MINUTE_NS);
    CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), HS_OK);
    uint8_t d[AUTH_DIGEST_BYTES];
    auth_secret_digest(g.session_token, d);
    auth_session_rec rec;
    bool found = false;
    CHECK_EQ_INT(auth_repo_session_get(f.store, d, &rec, &found, &err), HS_OK);
    CHECK_EQ_INT(rec.last_used_ns, T0_NS + 29 * MINUTE_NS);
    /* a use within the refresh step writes nothing */
    at(&f, 29 * MINUTE_NS + 10 * AUTH_NS_PER_SECOND);
    CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), HS_OK);
    CHECK_EQ_INT(auth_repo_session_get(f.store, d, &rec, &found, &err), HS_OK);
    CHECK_EQ_INT(rec.last_used_ns, T0_NS + 29 * MINUTE_NS);
    /* exactly 30 minutes after the last recorded use: still valid; one ns later: over */
    at(&f, 59 * MINUTE_NS);
    CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), HS_OK);
    /* the untouched second session idled out at T0 + 30 min */
    CHECK_EQ_INT(resume(&f, g2.session_token, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    at(&f, 89 * MINUTE_NS + 1);
    CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    /* a shorter idle time from the config */
    f.cfg.session_idle_ns = 5 * MINUTE_NS;
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &g, &err), HS_OK);
    at(&f, 94 * MINUTE_NS);
    CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), HS_OK);
    at(&f, 99 * MINUTE_NS + 1);
    CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), HS_REFUSED);
    teardown(&f);
}

TEST(auth_session_absolute_lifetime) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_OK);
    auth_session_grant g;
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &g, &err), HS_OK);
    hs_principal p;
    int64_t t = 0;
    for (int i = 0; i < 25; i++) { /* used every 29 minutes: never idle */
        t += 29 * MINUTE_NS;
        at(&f, t);
        hs_status want = t <= f.cfg.session_max_ns ? HS_OK : HS_REFUSED;
        CHECK_EQ_INT(resume(&f, g.session_token, &p, &err), want);
    }
    teardown(&f);
}

TEST(auth_login_rate_limited_per_user) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_OK);
    auth_session_grant g;
    for (int i = 0; i < 5; i++) {
        char addr[16];
        snprintf(addr, sizeof addr, "10.0.0.%d", i); /* a different address each time */
        at(&f, i * AUTH_NS_PER_SECOND);
        CHECK_EQ_INT(login(&f, "ann", "wrong password!", addr, &g, &err), HS_REFUSED);
        CHECK_EQ_STR(err.code, "unauthenticated");
    }
    at(&f, 10 * AUTH_NS_PER_SECOND);
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, "10.0.0.99", &g, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "rate_limited");
    CHECK(g.session_token[0] == '\0');
    /* the first failure leaves the window at 60 s */
    at(&f, 60 * AUTH_NS_PER_SECOND);
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, "10.0.0.99", &g, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "rate_limited");
    at(&f, 60 * AUTH_NS_PER_SECOND + 1);
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, "10.0.0.99", &g, &err), HS_OK);
    teardown(&f);
}

TEST(auth_login_rate_limited_per_address) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_OK);
    auth_session_grant g;
    const char *names[] = {"u1", "u2", "u3", "u4", "u5"}; /* unknown users, one address */
    for (int i = 0; i < 5; i++)
        CHECK_EQ_INT(login(&f, names[i], PASSWORD, "192.0.2.7", &g, &err), HS_REFUSED);
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, "192.0.2.7", &g, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "rate_limited");
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, "192.0.2.8", &g, &err), HS_OK);
    /* four failures are not a limit */
    CHECK_EQ_INT(login(&f, "ann", "wrong password!", "198.51.100.1", &g, &err), HS_REFUSED);
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(login(&f, "u1", PASSWORD, "198.51.100.1", &g, &err), HS_REFUSED);
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, "198.51.100.1", &g, &err), HS_OK);
    teardown(&f);
}

TEST(auth_login_rehashes_under_new_limits) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_OK);
    auth_user u;
    char before[AUTH_PWHASH_MAX], after[AUTH_PWHASH_MAX];
    bool found = false;
    CHECK_EQ_INT(auth_repo_user_get(f.store, "ann", &u, before, &found, &err), HS_OK);
    auth_session_grant g;
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &g, &err), HS_OK);
    CHECK_EQ_INT(auth_repo_user_get(f.store, "ann", &u, after, &found, &err), HS_OK);
    CHECK_EQ_STR(before, after); /* same limits: untouched */
    f.cfg.pwhash.opslimit += 1;
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &g, &err), HS_OK);
    CHECK_EQ_INT(auth_repo_user_get(f.store, "ann", &u, after, &found, &err), HS_OK);
    CHECK(strcmp(before, after) != 0);
    CHECK(!auth_password_needs_rehash(after, &f.cfg.pwhash));
    CHECK(auth_password_verify(after, PASSWORD));
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &g, &err), HS_OK);
    teardown(&f);
}

TEST(auth_tokens_authenticate_expire_and_die_with_their_user) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "bk", HS_ROLE_BANK, "bank:icbc-cd", PASSWORD, &err), HS_OK);
    char forever[AUTH_SECRET_MAX], until[AUTH_SECRET_MAX];
    CHECK_EQ_INT(ops_token_create(&f.ctx, "bk", false, 0, forever, &err), HS_OK);
    CHECK_EQ_INT(ops_token_create(&f.ctx, "bk", true, date_from_ymd(2024, 6, 2), until, &err),
                 HS_OK);
    CHECK(strncmp(forever, "hs_", 3) == 0 && strcmp(forever, until) != 0);
    CHECK_EQ_INT(ops_token_create(&f.ctx, "bk", true, date_from_ymd(2024, 5, 31), until, &err),
                 HS_INPUT);
    CHECK_EQ_STR(err.field, "expires");
    CHECK_EQ_INT(ops_token_create(&f.ctx, "bk", true, date_from_ymd(2024, 6, 2), until, &err),
                 HS_OK);
    CHECK_EQ_INT(ops_token_create(&f.ctx, "nobody", false, 0, forever + 0, &err), HS_NOT_FOUND);
    CHECK_EQ_INT(ops_token_create(&f.ctx, "bk", false, 0, forever, &err), HS_OK);
    hs_principal p;
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, forever, &p, &err), HS_OK);
    CHECK_EQ_STR(p.user, "bk");
    CHECK_EQ_INT(p.role, HS_ROLE_BANK);
    CHECK(principal_in_scope(&p, HS_SCOPE_BANK, "icbc-cd"));
    CHECK(!principal_in_scope(&p, HS_SCOPE_BANK, "abc-cd"));
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, until, &p, &err), HS_OK);
    /* the token is stored by digest, never as text */
    uint8_t d[AUTH_DIGEST_BYTES];
    auth_secret_digest(forever, d);
    auth_token_rec rec;
    bool found = false;
    CHECK_EQ_INT(auth_repo_token_get(f.store, d, &rec, &found, &err), HS_OK);
    char label[AUTH_TOKEN_LABEL_LEN + 1];
    auth_token_label(d, label);
    CHECK(found && strcmp(rec.label, label) == 0 && strlen(label) == 11);
    CHECK(strncmp(label, "hs_", 3) == 0 && strstr(forever, label + 3) == NULL);
    /* a near miss, a session id and junk don't authenticate */
    char near[AUTH_SECRET_MAX];
    memcpy(near, forever, sizeof near);
    near[20] = near[20] == 'A' ? 'B' : 'A';
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, near, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, forever + 3, &p, &err), HS_REFUSED);
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, "", &p, &err), HS_REFUSED);
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, NULL, &p, &err), HS_REFUSED);
    /* the last day counts; the day after does not */
    at(&f, 86400 * AUTH_NS_PER_SECOND);
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, until, &p, &err), HS_OK);
    at(&f, 2 * 86400 * AUTH_NS_PER_SECOND);
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, until, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, forever, &p, &err), HS_OK);
    /* only the operator or an admin makes tokens */
    hs_ctx as_bank = ops_ctx(f.store, &f.clock, &p, NULL);
    CHECK_EQ_INT(ops_token_create(&as_bank, "bk", false, 0, until, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    teardown(&f);
}

TEST(auth_disable_ends_sessions_and_tokens_at_once) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "pv", HS_ROLE_PROVIDER, "provider:aliyun", PASSWORD, &err), HS_OK);
    CHECK_EQ_INT(add(&f, "ann", HS_ROLE_ANALYST, NULL, PASSWORD, &err), HS_OK);
    char tok[AUTH_SECRET_MAX], other[AUTH_SECRET_MAX];
    CHECK_EQ_INT(ops_token_create(&f.ctx, "pv", false, 0, tok, &err), HS_OK);
    CHECK_EQ_INT(ops_token_create(&f.ctx, "ann", false, 0, other, &err), HS_OK);
    auth_session_grant s1, s2, s3;
    CHECK_EQ_INT(login(&f, "pv", PASSWORD, NULL, &s1, &err), HS_OK);
    CHECK_EQ_INT(login(&f, "pv", PASSWORD, NULL, &s2, &err), HS_OK);
    CHECK_EQ_INT(login(&f, "ann", PASSWORD, NULL, &s3, &err), HS_OK);
    auth_disable_result r;
    CHECK_EQ_INT(ops_user_disable(&f.ctx, "pv", &r, &err), HS_OK);
    CHECK(!r.was_disabled);
    CHECK_EQ_INT(r.sessions_ended, 2);
    CHECK_EQ_INT(r.tokens_revoked, 1);
    hs_principal p;
    CHECK_EQ_INT(resume(&f, s1.session_token, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    CHECK_EQ_INT(resume(&f, s2.session_token, &p, &err), HS_REFUSED);
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, tok, &p, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "unauthenticated");
    CHECK_EQ_INT(login(&f, "pv", PASSWORD, NULL, &s1, &err), HS_REFUSED);
    CHECK_EQ_INT(ops_token_create(&f.ctx, "pv", false, 0, tok, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    /* others are untouched; disabling again changes nothing */
    CHECK_EQ_INT(resume(&f, s3.session_token, &p, &err), HS_OK);
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, other, &p, &err), HS_OK);
    CHECK_EQ_INT(ops_user_disable(&f.ctx, "pv", &r, &err), HS_OK);
    CHECK(r.was_disabled);
    CHECK_EQ_INT(r.sessions_ended + r.tokens_revoked, 0);
    CHECK_EQ_INT(ops_user_disable(&f.ctx, "nobody", &r, &err), HS_NOT_FOUND);
    auth_user u;
    bool found = false;
    CHECK_EQ_INT(auth_repo_user_get(f.store, "pv", &u, NULL, &found, &err), HS_OK);
    CHECK(found && u.disabled && u.disabled_ns == T0_NS);
    teardown(&f);
}

TEST(auth_token_revoke_by_label) {
    fixture f;
    setup(&f);
    hs_error err = {0};
    CHECK_EQ_INT(add(&f, "pv", HS_ROLE_PROVIDER, "provider:aliyun", PASSWORD, &err), HS_OK);
    char t1[AUTH_SECRET_MAX], t2[AUTH_SECRET_MAX];
    CHECK_EQ_INT(ops_token_create(&f.ctx, "pv", false, 0, t1, &err), HS_OK);
    CHECK_EQ_INT(ops_token_create(&f.ctx, "pv", false, 0, t2, &err), HS_OK);
    char l1[AUTH_TOKEN_LABEL_LEN + 1];
    auth_token_label_of(t1, l1);
    auth_token_rec rec;
    bool was = true;
    hs_principal p;
    CHECK_EQ_INT(ops_token_revoke(&f.ctx, l1, &rec, &was, &err), HS_OK);
    CHECK(!was);
    CHECK_EQ_STR(rec.user, "pv");
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, t1, &p, &err), HS_REFUSED);
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, t2, &p, &err), HS_OK);
    CHECK_EQ_INT(ops_token_revoke(&f.ctx, l1, &rec, &was, &err), HS_OK);
    CHECK(was);
    CHECK_EQ_INT(ops_token_revoke(&f.ctx, "hs_zzzzzzzz", &rec, &was, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "label");
    CHECK_EQ_INT(ops_token_revoke(&f.ctx, "hs_00000000", &rec, &was, &err), HS_NOT_FOUND);
    /* two tokens sharing a label (a 32-bit collision, made by hand): refused, nothing revoked */
    char l2[AUTH_TOKEN_LABEL_LEN + 1];
    auth_token_label_of(t2, l2);
    hs_tx tx;
    CHECK_EQ_INT(ops_begin(&f.ctx, &tx, &err), HS_OK);
    auth_token_rec twin = {.created_ns = T0_NS};
    memset(twin.digest, 0x5a, sizeof twin.digest);
    snprintf(twin.user, sizeof twin.user, "pv");
    snprintf(twin.label, sizeof twin.label, "%s", l2);
    CHECK_EQ_INT(ops_end(&tx, auth_repo_token_insert(&tx, &twin, &err), &err), HS_OK);
    CHECK_EQ_INT(ops_token_revoke(&f.ctx, l2, &rec, &was, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "state_conflict");
    CHECK_EQ_INT(ops_token_authenticate(&f.ctx, t2, &p, &err), HS_OK);
    /* only the operator or an admin revokes; an auditor may list */
    hs_principal auditor = principal_make("aud", HS_ROLE_AUDITOR);
    hs_ctx as_auditor = ops_ctx(f.store, &f.clock, &auditor, NULL);
    CHECK_EQ_INT(ops_token_revoke(&as_auditor, l2, &rec, &was, &err), HS_REFUSED);
    CHECK_EQ_STR(err.code, "forbidden");
    auth_token_rec *list = NULL;
    size_t n = 0;
    CHECK_EQ_INT(ops_token_list(&as_auditor, "pv", &list, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 3);
    free(list);
    CHECK_EQ_INT(ops_token_list(&as_auditor, "nobody", &list, &n, &err), HS_NOT_FOUND);
    hs_principal bank = principal_make("bk", HS_ROLE_BANK);
    hs_ctx as_bank = ops_ctx(f.store, &f.clock, &bank, NULL);
    CHECK_EQ_INT(ops_token_list(&as_bank, NULL, &list, &n, &err), HS_REFUSED);
    teardown(&f);
}
