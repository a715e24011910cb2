/* test_policy_source.c — policy ids resolved to shipped files (matched by the id declared inside
 * each file, never by a name from the caller), else to versions stored in the book: version
 * selection, unknown ids, and refs that try to form a path. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "instrument/policy_repo.h"
#include "ops/policy_source.h"
#include "store/book.h"
#include "store/store.h"

#define PS_TEXT(id, version, valid)                                                                \
    "policy " id " version " version "\ntitle zh \"单元\" en \"unit\"\ninstrument subsidy\n"     \
    "budget \"budget/t/b\"\nvalid " valid "\nsource \"s\"\ninput x: int = 0\n"                     \
    "rule r \"x positive\": x > 0\namount \"a\": 1元\n"

typedef struct {
    char dir[256];
    hs_store *store;
    hs_clock clock;
    hs_ctx ctx;
} ps_env;

static void write_file(const char *dir, const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        harness_fail(__FILE__, __LINE__, "cannot write %s", path);
    else {
        fputs(text, f);
        fclose(f);
    }
}

/* A data dir with policies/: a.one in versions 1 and 2 (the file names say nothing of the ids),
 * b.two, a broken file, and a secret file outside policies/. */
static void env_open(ps_env *e) {
    memset(e, 0, sizeof *e);
    snprintf(e->dir, sizeof e->dir, "/tmp/hs-policy-source-XXXXXX");
    if (mkdtemp(e->dir) == NULL)
        harness_fail(__FILE__, __LINE__, "mkdtemp");
    char pol[300];
    snprintf(pol, sizeof pol, "%s/policies", e->dir);
    mkdir(pol, 0700);
    write_file(pol, "zz.policy", PS_TEXT("a.one", "1", "2024-01-01 .. 2024-12-31"));
    write_file(pol, "aa.policy", PS_TEXT("a.one", "2", "2025-01-01 .."));
    write_file(pol, "b.policy", PS_TEXT("b.two", "2024.1", "2024-01-01 .. 2026-12-31"));
    write_file(pol, "broken.policy", "policy c.broken version 1\nthis is not a policy\n");
    write_file(pol, "notes.txt", PS_TEXT("d.txt", "1", "2024-01-01 .."));
    write_file(e->dir, "secret.policy", PS_TEXT("secret", "1", "2024-01-01 .."));
    hs_error err = {0};
    if (store_open(":memory:", STORE_CREATE, &e->store, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store_open: %s", err.msg);
    e->clock = hs_clock_system();
    e->ctx = ops_ctx(e->store, &e->clock, test_principal(), e->dir);
}

static void env_close(ps_env *e) {
    store_close(e->store);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
    if (system(cmd) != 0)
        harness_fail(__FILE__, __LINE__, "rm -rf %s", e->dir);
}

TEST(policy_source_resolves_by_declared_id_and_picks_the_highest_version) {
    ps_env e;
    env_open(&e);
    policy_doc d;
    hs_error err = {0};
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "a.one", "policy", &d, &err), HS_OK);
    CHECK_EQ_STR(policy_version(d.policy), "2");
    CHECK_EQ_INT(d.origin, POLICY_FROM_SHIPPED);
    CHECK(strstr(d.name, "/policies/aa.policy") != NULL);
    policy_doc_free(&d);
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "a.one@1", "policy", &d, &err), HS_OK);
    CHECK_EQ_STR(policy_version(d.policy), "1");
    CHECK(strstr(d.name, "/policies/zz.policy") != NULL);
    CHECK(policy_in_force(d.policy, date_from_ymd(2024, 6, 1)));
    CHECK(!policy_in_force(d.policy, date_from_ymd(2025, 6, 1)));
    size_t len = 0;
    CHECK(strncmp(policy_text(d.policy, &len), "policy a.one version 1\n", 23) == 0);
    policy_doc_free(&d);
    policy_doc_free(&d); /* twice is fine */
    env_close(&e);
}

TEST(policy_source_unknown_ids_and_versions_are_not_found) {
    ps_env e;
    env_open(&e);
    policy_doc d;
    hs_error err = {0};
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "no.such", "policy", &d, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.code, "not_found");
    CHECK_EQ_STR(err.field, "policy");
    CHECK(d.policy == NULL);
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "a.one@3", "policy", &d, &err), HS_NOT_FOUND);
    CHECK(strstr(err.msg, "a.one@3") != NULL);
    /* a file that does not load, and a file not named *.policy, are no policies */
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "c.broken", "policy", &d, &err), HS_NOT_FOUND);
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "d.txt", "policy", &d, &err), HS_NOT_FOUND);
    env_close(&e);
}

TEST(policy_source_refs_cannot_form_a_path) {
    ps_env e;
    env_open(&e);
    policy_doc d;
    hs_error err = {0};
    static const char *const bad[] = {"../secret",   "../secret.policy",
                                      "/etc/passwd", "policies/b.policy",
                                      "b.policy/..", "",
                                      "@1",          "a.one@",
                                      "a.one@../1",  "a one",
                                      NULL};
    for (size_t i = 0; bad[i] != NULL; i++) {
        CHECK_EQ_INT(policy_doc_resolve(&e.ctx, bad[i], "policy", &d, &err), HS_INPUT);
        CHECK_EQ_STR(err.code, "invalid_field");
        CHECK(d.policy == NULL);
    }
    /* the file outside policies/ is not found by its declared id either */
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "secret", "policy", &d, &err), HS_NOT_FOUND);
    /* nor by a file name */
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "zz", "policy", &d, &err), HS_NOT_FOUND);
    env_close(&e);
}

/* Stores `text` in the book as a first use on 2024-03-01. */
static void store_version(hs_store *s, const char *sha, const char *id, const char *version,
                          const char *text) {
    hs_tx tx;
    hs_error err = {0};
    if (hs_tx_begin(s, &tx, &err) != HS_OK) {
        harness_fail(__FILE__, __LINE__, "begin: %s", err.msg);
        return;
    }
    policy_version_rec rec = {.first_used = date_from_ymd(2024, 3, 1)};
    snprintf(rec.sha256, sizeof rec.sha256, "%s", sha);
    snprintf(rec.policy_id, sizeof rec.policy_id, "%s", id);
    snprintf(rec.version, sizeof rec.version, "%s", version);
    snprintf(rec.path, sizeof rec.path, "/gone/%s.policy", id);
    snprintf(rec.first_used_by, sizeof rec.first_used_by, "subsidy.apply");
    bool existed;
    if (policy_repo_put(&tx, &rec, text, strlen(text), &existed, &err) != HS_OK ||
        hs_tx_commit(&tx, &err) != HS_OK)
        harness_fail(__FILE__, __LINE__, "store: %s", err.msg);
}

TEST(policy_source_falls_back_to_the_versions_stored_in_the_book) {
    ps_env e;
    env_open(&e);
    static const char old_text[] = PS_TEXT("e.gone", "1", "2024-01-01 .. 2024-06-30");
    static const char new_text[] = PS_TEXT("e.gone", "2", "2024-07-01 ..");
    store_version(e.store, "1111111111111111111111111111111111111111111111111111111111111111",
                  "e.gone", "1", old_text);
    store_version(e.store, "2222222222222222222222222222222222222222222222222222222222222222",
                  "e.gone", "2", new_text);
    policy_doc d;
    hs_error err = {0};
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "e.gone", "policy", &d, &err), HS_OK);
    CHECK_EQ_INT(d.origin, POLICY_FROM_BOOK);
    CHECK_EQ_STR(policy_version(d.policy), "2");
    CHECK_EQ_STR(d.name, "/gone/e.gone.policy");
    policy_doc_free(&d);
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "e.gone@1", "policy", &d, &err), HS_OK);
    CHECK_EQ_STR(policy_version(d.policy), "1");
    CHECK_EQ_STR(d.sha256, "1111111111111111111111111111111111111111111111111111111111111111");
    json_t *v = view_policy_doc(&d);
    CHECK_EQ_STR(json_string_value(json_object_get(v, "origin")), "book");
    CHECK_EQ_STR(json_string_value(json_object_get(v, "valid_to")), "2024-06-30");
    CHECK(json_object_get(v, "file") == NULL);
    json_decref(v);
    policy_doc_free(&d);
    /* a shipped id wins over the book */
    store_version(e.store, "3333333333333333333333333333333333333333333333333333333333333333",
                  "b.two", "2024.1", PS_TEXT("b.two", "2024.1", "2000-01-01 .."));
    CHECK_EQ_INT(policy_doc_resolve(&e.ctx, "b.two", "policy", &d, &err), HS_OK);
    CHECK_EQ_INT(d.origin, POLICY_FROM_SHIPPED);
    policy_doc_free(&d);
    env_close(&e);
}

TEST(policy_source_lists_the_shipped_policies_by_id_then_version) {
    ps_env e;
    env_open(&e);
    json_t *arr = NULL;
    hs_error err = {0};
    CHECK_EQ_INT(policy_shipped_list(&e.ctx, &arr, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(arr), 3);
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(arr, 0), "label")), "a.one@1");
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(arr, 1), "label")), "a.one@2");
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(arr, 2), "label")),
                 "b.two@2024.1");
    CHECK(json_is_null(json_object_get(json_array_get(arr, 1), "valid_to")));
    CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(arr, 0), "file")), "zz.policy");
    json_decref(arr);
    /* no policies/ directory: an empty list */
    hs_ctx none = ops_ctx(e.store, &e.clock, test_principal(), "/nonexistent-dir");
    CHECK_EQ_INT(policy_shipped_list(&none, &arr, &err), HS_OK);
    CHECK_EQ_INT(json_array_size(arr), 0);
    json_decref(arr);
    env_close(&e);
}
