/* test_auth_race.c — logins racing on one book file from several connections (threads): the
 * rate limit is decided inside the write transaction, so however many wrong guesses arrive at
 * once, exactly login_failures_max are recorded and answered "unauthenticated", the rest
 * "rate_limited", and nothing fails for storage. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth_repo.h"
#include "ops/auth_ops.h"
#include "store/store.h"

#define RACERS 8
#define TRIES 3
#define RACE_NOW_NS (INT64_C(1717200000) * AUTH_NS_PER_SECOND)
#define RACE_PASSWORD "correct horse battery"

typedef struct {
    const char *path;
    int index;
    bool right_password;
    int ok, unauthenticated, rate_limited, other;
} racer;

static hs_clock race_clock(void) {
    return (hs_clock){
        .today_fixed = true, .today = date_from_ymd(2024, 6, 1), .fixed_now_ns = RACE_NOW_NS};
}

static void *race(void *arg) {
    racer *r = arg;
    hs_store *s = NULL;
    hs_error err = {0};
    if (store_open(r->path, STORE_OPEN_EXISTING, &s, &err) != HS_OK) {
        r->other = TRIES;
        return NULL;
    }
    hs_clock clock = race_clock();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), NULL);
    auth_config cfg = auth_config_default();
    cfg.pwhash = auth_pwhash_minimum();
    char addr[32];
    snprintf(addr, sizeof addr, "10.1.0.%d", r->index); /* below the per-address limit */
    for (int i = 0; i < TRIES; i++) {
        auth_session_grant g;
        hs_status st = ops_session_login(&ctx, &cfg, "ann",
                                         r->right_password ? RACE_PASSWORD : "wrong password!",
                                         addr, &g, &err);
        if (st == HS_OK)
            r->ok++;
        else if (st == HS_REFUSED && strcmp(err.code, "unauthenticated") == 0)
            r->unauthenticated++;
        else if (st == HS_REFUSED && strcmp(err.code, "rate_limited") == 0)
            r->rate_limited++;
        else
            r->other++;
    }
    store_close(s);
    return NULL;
}

static void run_racers(const char *path, bool right_password, racer *rs) {
    pthread_t th[RACERS];
    for (int i = 0; i < RACERS; i++) {
        rs[i] = (racer){.path = path, .index = i, .right_password = right_password};
        if (pthread_create(&th[i], NULL, race, &rs[i]) != 0)
            harness_fail(__FILE__, __LINE__, "pthread_create");
    }
    for (int i = 0; i < RACERS; i++)
        pthread_join(th[i], NULL);
}

static void remove_book(const char *dir, const char *path) {
    char side[600];
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        remove(side);
    }
    remove(dir);
}

TEST(auth_race_wrong_guesses_hit_the_limit_exactly) {
    char dir[] = "/tmp/hs-unit-auth-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        harness_fail(__FILE__, __LINE__, "mkdtemp failed");
        return;
    }
    char path[600];
    snprintf(path, sizeof path, "%s/book.db", dir);
    hs_store *s = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(store_open(path, STORE_CREATE, &s, &err), HS_OK);
    hs_clock clock = race_clock();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), NULL);
    auth_config cfg = auth_config_default();
    cfg.pwhash = auth_pwhash_minimum();
    auth_user u = {.name = "ann", .role = HS_ROLE_ANALYST};
    CHECK_EQ_INT(ops_user_add(&ctx, &cfg, &u, RACE_PASSWORD, &err), HS_OK);

    /* the right password from every racer at once: every login gets its own session */
    racer rs[RACERS];
    run_racers(path, true, rs);
    int ok = 0, other = 0;
    for (int i = 0; i < RACERS; i++) {
        ok += rs[i].ok;
        other += rs[i].other + rs[i].unauthenticated + rs[i].rate_limited;
    }
    CHECK_EQ_INT(ok, RACERS * TRIES);
    CHECK_EQ_INT(other, 0);

    /* wrong guesses from every racer at once */
    run_racers(path, false, rs);
    int unauth = 0, limited = 0;
    ok = other = 0;
    for (int i = 0; i < RACERS; i++) {
        ok += rs[i].ok;
        unauth += rs[i].unauthenticated;
        limited += rs[i].rate_limited;
        other += rs[i].other;
    }
    CHECK_EQ_INT(ok, 0);
    CHECK_EQ_INT(other, 0);
    CHECK_EQ_INT(unauth, cfg.login_failures_max);
    CHECK_EQ_INT(limited, RACERS * TRIES - cfg.login_failures_max);
    int64_t by_user = -1, by_address = -1;
    CHECK_EQ_INT(auth_repo_failures_count(s, "ann", "10.1.0.0", 0, &by_user, &by_address, &err),
                 HS_OK);
    CHECK_EQ_INT(by_user, cfg.login_failures_max);
    /* and now even the right password is refused within the window */
    auth_session_grant g;
    CHECK_EQ_INT(ops_session_login(&ctx, &cfg, "ann", RACE_PASSWORD, "10.9.9.9", &g, &err),
                 HS_REFUSED);
    CHECK_EQ_STR(err.code, "rate_limited");
    store_close(s);
    remove_book(dir, path);
}

/* True if the file at path (if it exists) contains `needle`. */
static bool file_contains(const char *path, const char *needle) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    size_t cap = 1 << 20, len = 0, nlen = strlen(needle);
    char *buf = malloc(cap);
    bool found = false;
    for (size_t n; buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += n;
        if (len == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    for (size_t i = 0; buf != NULL && i + nlen <= len && !found; i++)
        found = memcmp(buf + i, needle, nlen) == 0;
    free(buf);
    fclose(f);
    return found;
}

static bool book_contains(const char *path, const char *needle) {
    char wal[620];
    snprintf(wal, sizeof wal, "%s-wal", path);
    return file_contains(path, needle) || file_contains(wal, needle);
}

TEST(auth_book_file_holds_no_secret) {
    char dir[] = "/tmp/hs-unit-auth-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        harness_fail(__FILE__, __LINE__, "mkdtemp failed");
        return;
    }
    char path[600];
    snprintf(path, sizeof path, "%s/book.db", dir);
    hs_store *s = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(store_open(path, STORE_CREATE, &s, &err), HS_OK);
    hs_clock clock = race_clock();
    hs_ctx ctx = ops_ctx(s, &clock, test_principal(), NULL);
    auth_config cfg = auth_config_default();
    cfg.pwhash = auth_pwhash_minimum();
    auth_user u = {.name = "ann", .role = HS_ROLE_ANALYST};
    CHECK_EQ_INT(ops_user_add(&ctx, &cfg, &u, RACE_PASSWORD, &err), HS_OK);
    auth_session_grant g;
    CHECK_EQ_INT(ops_session_login(&ctx, &cfg, "ann", RACE_PASSWORD, "10.2.0.1", &g, &err), HS_OK);
    char token[AUTH_SECRET_MAX];
    CHECK_EQ_INT(ops_token_create(&ctx, "ann", false, 0, token, &err), HS_OK);
    store_close(s);
    /* the positive controls: what is stored can be found this way */
    CHECK(book_contains(path, "$argon2id$"));
    CHECK(book_contains(path, "10.2.0.1"));
    CHECK(!book_contains(path, RACE_PASSWORD));
    CHECK(!book_contains(path, g.session_token));
    CHECK(!book_contains(path, g.csrf_token));
    CHECK(!book_contains(path, token));
    CHECK(!book_contains(path, token + 3));
    remove_book(dir, path);
}
