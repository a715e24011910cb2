/* policy_source.c — policy ids resolved to shipped files or stored versions (see policy_source.h).
 */
#include "ops/policy_source.h"

#include <assert.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/policy_repo.h"

#define SHIPPED_MAX 512 /* policy files read from one directory */

void policy_doc_free(policy_doc *d) {
    assert(d != NULL);
    policy_free(d->policy);
    d->policy = NULL;
}

void policy_docs_free(policy_doc *docs, size_t count) {
    for (size_t i = 0; i < count; i++)
        policy_doc_free(&docs[i]);
    free(docs);
}

hs_status policy_doc_file(const char *path, policy_doc *out, hs_error *err) {
    assert(out != NULL);
    memset(out, 0, sizeof *out);
    if (path == NULL || *path == '\0')
        return hs_invalid_field(err, "--policy", "--policy FILE is required");
    hs_status st = policy_load_file(path, &out->policy, err);
    if (st != HS_OK)
        return st;
    out->origin = POLICY_FROM_FILE;
    snprintf(out->name, sizeof out->name, "%s", path);
    assert(out->policy != NULL);
    return HS_OK;
}

/* True if c may appear in a policy id or version: no '/', no NUL, nothing a path needs. */
static bool id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

/* Splits "ID[@VERSION]" into id and version (version "" when absent); false if malformed. */
static bool split_ref(const char *ref, char *id, size_t id_len, char *version, size_t version_len) {
    const char *at = strchr(ref, '@');
    size_t n = at ? (size_t)(at - ref) : strlen(ref);
    if (n == 0 || n >= id_len || (at != NULL && (at[1] == '\0' || strlen(at + 1) >= version_len)))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!id_char(ref[i]))
            return false;
    for (const char *v = at ? at + 1 : ""; *v; v++)
        if (!id_char(*v))
            return false;
    memcpy(id, ref, n);
    id[n] = '\0';
    snprintf(version, version_len, "%s", at ? at + 1 : "");
    return true;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The *.policy names in dir, sorted (*names owned: free each and the array). A missing directory
 * is an empty list. */
static hs_status list_dir(const char *dir, char ***names, size_t *count, hs_error *err) {
    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return HS_OK;
    char **v = calloc(SHIPPED_MAX, sizeof *v);
    if (v == NULL) {
        closedir(d);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < SHIPPED_MAX) {
        size_t len = strlen(e->d_name);
        if (len < 8 || e->d_name[0] == '.' || strcmp(e->d_name + len - 7, ".policy") != 0)
            continue;
        if ((v[n] = strdup(e->d_name)) == NULL)
            break;
        n++;
    }
    closedir(d);
    qsort(v, n, sizeof *v, by_name);
    *names = v;
    *count = n;
    return HS_OK;
}

/* Orders docs by id, then version. */
static int by_id_version(const void *a, const void *b) {
    const policy_doc *x = a, *y = b;
    int c = strcmp(policy_id(x->policy), policy_id(y->policy));
    return c ? c : strcmp(policy_version(x->policy), policy_version(y->policy));
}

hs_status policy_shipped_docs(const hs_ctx *ctx, policy_doc **docs, size_t *count, hs_error *err) {
    assert(ctx != NULL && docs != NULL && count != NULL);
    *docs = NULL;
    *count = 0;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/policies", ctx->data_dir ? ctx->data_dir : ".");
    char **names;
    size_t n;
    hs_status st = list_dir(dir, &names, &n, err);
    if (st != HS_OK)
        return st;
    policy_doc *v = calloc(n ? n : 1, sizeof *v);
    if (v == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    size_t k = 0;
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        char path[1600];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        hs_error ferr = {0};
        if (policy_doc_file(path, &v[k], &ferr) != HS_OK)
            continue; /* a file that does not load is no policy (`policy check` names why) */
        v[k++].origin = POLICY_FROM_SHIPPED;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (st != HS_OK) {
        policy_docs_free(v, k);
        return st;
    }
    qsort(v, k, sizeof *v, by_id_version);
    *docs = v;
    *count = k;
    return HS_OK;
}

/* The shipped policy id[@version] (the highest version without one) moved into *out; *found. */
static hs_status find_shipped(const hs_ctx *ctx, const char *id, const char *version,
                              policy_doc *out, bool *found, hs_error *err) {
    policy_doc *docs;
    size_t n;
    *found = false;
    hs_status st = policy_shipped_docs(ctx, &docs, &n, err);
    if (st != HS_OK)
        return st;
    long pick = -1;
    bool chain = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(policy_id(docs[i].policy), id) == 0 &&
            (version[0] == '\0' || strcmp(policy_version(docs[i].policy), version) == 0)) {
            pick = (long)i; /* sorted by version: the last match is the highest */
            chain |= policy_amends(docs[i].policy, NULL) != NULL;
        }
    if (version[0] == '\0' && chain) {
        /* versions that amend one another: the one in force today (the latest to take effect),
         * else (today before them all) the highest */
        hs_date today = hs_clock_today(&ctx->clock), best = 0;
        long in_force = -1;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(policy_id(docs[i].policy), id) != 0)
                continue;
            hs_date from = policy_effective_from(docs[i].policy);
            if (from <= today && (in_force < 0 || from >= best))
                in_force = (long)i, best = from;
        }
        if (in_force >= 0)
            pick = in_force;
    }
    if (pick >= 0) {
        *out = docs[pick];
        docs[pick].policy = NULL;
        *found = true;
    }
    policy_docs_free(docs, n);
    return HS_OK;
}

typedef struct {
    const char *version;
    policy_version_rec last;
    bool any;
} stored_pick;

static hs_status pick_stored(void *arg, const policy_version_rec *r, hs_error *err) {
    (void)err;
    stored_pick *p = arg;
    if (p->version[0] == '\0' || strcmp(r->version, p->version) == 0) {
        p->last = *r; /* by first use: the last one wins */
        p->any = true;
    }
    return HS_OK;
}

/* The book's stored version of id[@version] into *out; *found. */
static hs_status find_stored(const hs_ctx *ctx, const char *id, const char *version,
                             policy_doc *out, bool *found, hs_error *err) {
    stored_pick p = {.version = version};
    *found = false;
    hs_status st = policy_repo_each(ctx->store, id, pick_stored, &p, err);
    if (st != HS_OK || !p.any)
        return st;
    policy_version_rec rec;
    char *text = NULL;
    size_t len = 0;
    bool got = false;
    st = policy_repo_find(ctx->store, p.last.sha256, &rec, &text, &len, &got, err);
    if (st != HS_OK)
        return st;
    if (!got)
        return hs_fail(err, HS_STORAGE, "policy %s@%s is listed but its text is missing", id,
                       p.last.version);
    st = policy_load_text(rec.path, text, len, &out->policy, err);
    free(text);
    if (st != HS_OK)
        return st;
    out->origin = POLICY_FROM_BOOK;
    snprintf(out->name, sizeof out->name, "%s", rec.path);
    snprintf(out->sha256, sizeof out->sha256, "%s", rec.sha256);
    *found = true;
    return HS_OK;
}

hs_status policy_doc_resolve(const hs_ctx *ctx, const char *ref, const char *field, policy_doc *out,
                             hs_error *err) {
    assert(ctx != NULL && out != NULL && field != NULL);
    memset(out, 0, sizeof *out);
    char id[96], version[64];
    if (ref == NULL || !split_ref(ref, id, sizeof id, version, sizeof version))
        return hs_invalid_field(err, field,
                                "%s must be a policy id such as chengdu.first_version_software, "
                                "optionally @VERSION (letters, digits, '.', '_', '-')",
                                field);
    bool found = false;
    hs_status st = find_shipped(ctx, id, version, out, &found, err);
    if (st == HS_OK && !found)
        st = find_stored(ctx, id, version, out, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, field, "no policy '%s%s%s' is shipped or stored in the book", id,
                          version[0] ? "@" : "", version);
    if (st != HS_OK)
        policy_doc_free(out);
    assert(st != HS_OK || out->policy != NULL);
    return st;
}

static const char *origin_name(policy_origin o) {
    return o == POLICY_FROM_SHIPPED ? "shipped" : o == POLICY_FROM_BOOK ? "book" : "file";
}

json_t *view_policy_doc(const policy_doc *d) {
    assert(d != NULL && d->policy != NULL);
    const hs_policy *p = d->policy;
    hs_date from, to;
    bool open_end;
    policy_validity(p, &from, &to, &open_end);
    char a[DATE_TEXT_LEN], b[DATE_TEXT_LEN], label[192];
    snprintf(label, sizeof label, "%s@%s", policy_id(p), policy_version(p));
    const char *slash = strrchr(d->name, '/');
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(policy_id(p)));
    json_object_set_new(o, "version", json_string(policy_version(p)));
    json_object_set_new(o, "label", json_string(label));
    json_object_set_new(o, "title_zh", json_string(policy_title_zh(p)));
    json_object_set_new(o, "title_en", json_string(policy_title_en(p)));
    json_object_set_new(o, "instrument", json_string(policy_instrument_name(policy_instrument(p))));
    json_object_set_new(o, "valid_from", json_string(date_format(from, a)));
    json_object_set_new(o, "valid_to", open_end ? json_null() : json_string(date_format(to, b)));
    json_object_set_new(o, "origin", json_string(origin_name(d->origin)));
    if (d->origin != POLICY_FROM_BOOK)
        json_object_set_new(o, "file", json_string(slash ? slash + 1 : d->name));
    return o;
}

hs_status policy_shipped_list(const hs_ctx *ctx, json_t **out, hs_error *err) {
    policy_doc *docs;
    size_t n;
    *out = NULL;
    hs_status st = policy_shipped_docs(ctx, &docs, &n, err);
    if (st != HS_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++)
        if (json_array_append_new(arr, view_policy_doc(&docs[i])) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    policy_docs_free(docs, n);
    if (arr == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    *out = arr;
    return HS_OK;
}

hs_status ops_instrument_policy(const policy_doc *d, hs_instrument expected, instrument_policy *out,
                                hs_error *err) {
    assert(d != NULL && d->policy != NULL && out != NULL);
    size_t len = 0;
    const char *text = policy_text(d->policy, &len);
    return instrument_policy_from_text(d->name, text, len, expected, out, err);
}
