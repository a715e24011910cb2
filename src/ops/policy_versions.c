/* policy_versions.c — a policy's versions in one directory and the one in force on a date (see
 * policy_versions.h). */
#include "ops/policy_versions.h"

#include <assert.h>
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VERSIONS_DIR_MAX 512 /* policy files read from one directory */

void policy_text_sha256(const hs_policy *p, char out[65]) {
    size_t len;
    const char *text = policy_text(p, &len);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    sodium_bin2hex(out, 65, digest, sizeof digest);
    assert(strlen(out) == 64);
}

/* Orders versions by effective day, then version text. */
static int by_effective(const void *a, const void *b) {
    const policy_doc *x = a, *y = b;
    hs_date dx = policy_effective_from(x->policy), dy = policy_effective_from(y->policy);
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return strcmp(policy_version(x->policy), policy_version(y->policy));
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

hs_status policy_versions_in(const char *dir, const char *id, policy_doc **docs, size_t *count,
                             bool *chains, hs_error *err) {
    assert(dir != NULL && id != NULL && docs != NULL && count != NULL);
    *docs = NULL;
    *count = 0;
    char **names = calloc(VERSIONS_DIR_MAX, sizeof *names);
    policy_doc *v = calloc(VERSIONS_DIR_MAX, sizeof *v);
    if (names == NULL || v == NULL) {
        free(names);
        free(v);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    size_t n = 0, k = 0;
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL && n < VERSIONS_DIR_MAX) {
            size_t len = strlen(e->d_name);
            if (len < 8 || e->d_name[0] == '.' || strcmp(e->d_name + len - 7, ".policy") != 0)
                continue;
            if ((names[n] = strdup(e->d_name)) == NULL)
                break;
            n++;
        }
        closedir(d);
    }
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char path[1600];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        hs_error ferr = {0};
        if (policy_doc_file(path, &v[k], &ferr) != HS_OK)
            continue; /* a file that does not load is no version (`policy check` names why) */
        if (strcmp(policy_id(v[k].policy), id) != 0) {
            policy_doc_free(&v[k]);
            continue;
        }
        k++;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    qsort(v, k, sizeof *v, by_effective);
    bool chain = false; /* files of one id that do not amend each other are no chain (fixtures) */
    for (size_t i = 0; i < k; i++)
        chain |= policy_amends(v[i].policy, NULL) != NULL;
    for (size_t i = 1; chain && i < k; i++) {
        if (policy_effective_from(v[i].policy) != policy_effective_from(v[i - 1].policy))
            continue;
        char day[DATE_TEXT_LEN];
        hs_status st = hs_fail(
            err, HS_INPUT, "two versions of policy '%s' take effect on %s: %s (%s) and %s (%s)", id,
            date_format(policy_effective_from(v[i].policy), day), v[i - 1].name,
            policy_version(v[i - 1].policy), v[i].name, policy_version(v[i].policy));
        policy_docs_free(v, k);
        return st;
    }
    *docs = v;
    *count = k;
    if (chains != NULL)
        *chains = chain;
    return HS_OK;
}

long policy_version_on(const policy_doc *docs, size_t count, hs_date on) {
    long pick = -1;
    for (size_t i = 0; i < count; i++)
        if (policy_effective_from(docs[i].policy) <= on)
            pick = (long)i;
    return pick;
}

/* The directory part of a path ("." when it has none). */
static void dir_of(const char *path, char *out, size_t len) {
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(out, len, ".");
    else if (slash == path)
        snprintf(out, len, "/");
    else
        snprintf(out, len, "%.*s", (int)(slash - path), path);
}

hs_status policy_doc_on(const hs_ctx *ctx, const char *ref, const char *field, hs_date on,
                        policy_doc *out, bool *switched, hs_error *err) {
    assert(ref != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (switched != NULL)
        *switched = false;
    struct stat st;
    char dir[1024];
    char id[POLICY_REF_MAX];
    size_t rlen = strlen(ref);
    bool is_file = (stat(ref, &st) == 0 && S_ISREG(st.st_mode)) || strchr(ref, '/') != NULL ||
                   (rlen > 7 && strcmp(ref + rlen - 7, ".policy") == 0);
    if (is_file) {
        hs_status s = policy_doc_file(ref, out, err);
        if (s != HS_OK)
            return s;
        dir_of(ref, dir, sizeof dir);
        snprintf(id, sizeof id, "%s", policy_id(out->policy));
    } else {
        snprintf(dir, sizeof dir, "%s/policies", ctx && ctx->data_dir ? ctx->data_dir : ".");
        snprintf(id, sizeof id, "%s", ref);
        for (const char *c = ref; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                  (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-'))
                return hs_invalid_field(err, field, "'%.80s' is neither a file nor a policy id",
                                        ref);
    }
    policy_doc *docs = NULL;
    size_t n = 0;
    bool chain = false;
    hs_status s = policy_versions_in(dir, id, &docs, &n, &chain, err);
    if (s != HS_OK) {
        policy_doc_free(out);
        return s;
    }
    long pick = policy_version_on(docs, n, on);
    char day[DATE_TEXT_LEN], first[DATE_TEXT_LEN];
    if (!is_file && pick < 0) {
        s = n == 0 ? hs_not_found(err, field, "no file declares policy '%s'", id)
                   : hs_not_found(err, field,
                                  "no version of policy '%s' is in force on %s (the first takes "
                                  "effect on %s)",
                                  id, date_format(on, day),
                                  date_format(policy_effective_from(docs[0].policy), first));
        policy_docs_free(docs, n);
        return s;
    }
    if (pick >= 0 && (!is_file || (n > 1 && chain))) {
        /* the version in force that day; a file named is replaced only by another version */
        size_t plen;
        const char *a = is_file ? policy_text(out->policy, &plen) : NULL;
        size_t qlen;
        const char *b = policy_text(docs[pick].policy, &qlen);
        bool same = a != NULL && plen == qlen && memcmp(a, b, plen) == 0;
        if (!same) {
            if (is_file)
                policy_doc_free(out);
            *out = docs[pick];
            memset(&docs[pick], 0, sizeof docs[pick]);
            if (switched != NULL)
                *switched = is_file;
            if (!is_file)
                out->origin = POLICY_FROM_SHIPPED;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (docs[i].policy != NULL)
            policy_doc_free(&docs[i]);
    free(docs);
    return HS_OK;
}

json_t *view_policy_versions(const policy_doc *docs, size_t count) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < count; i++) {
        const hs_policy *p = docs[i].policy;
        char d[DATE_TEXT_LEN], sha[65];
        hs_date from, to;
        bool open;
        policy_validity(p, &from, &to, &open);
        json_t *o = json_object();
        json_object_set_new(o, "version", json_string(policy_version(p)));
        json_object_set_new(o, "file", json_string(docs[i].name));
        json_object_set_new(o, "effective_from",
                            json_string(date_format(policy_effective_from(p), d)));
        hs_date af;
        const char *am = policy_amends(p, &af);
        json_object_set_new(o, "amends", am ? json_string(am) : json_null());
        json_object_set_new(o, "valid_from", json_string(date_format(from, d)));
        json_object_set_new(o, "valid_to", open ? json_null() : json_string(date_format(to, d)));
        policy_text_sha256(p, sha);
        json_object_set_new(o, "sha256", json_string(sha));
        if (json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}
