/* policy_source.h — where a policy's text comes from, so that nobody over HTTP ever names a file:
 * a policy id (`chengdu.first_version_software`, optionally `@2024.1`) resolves to one of the
 * files shipped under the context's data dir (the `.policy` files in `<data_dir>/policies/`, each
 * matched by the id declared inside it, never by a name taken from the request), else to a version
 * the book already holds (stored under its SHA-256 at first use, instrument/policy_repo.h). The
 * CLI, which may name files, reads them with policy_doc_file. Either way the caller gets the parsed
 * policy with its text and in-force dates, and the operations (subsidy apply, voucher issue) take
 * that instead of a path. */
#ifndef HS_OPS_POLICY_SOURCE_H
#define HS_OPS_POLICY_SOURCE_H

#include <jansson.h>
#include <stdbool.h>

#include "instrument/decision.h"
#include "ops/ops.h"
#include "policy/policy.h"

#define POLICY_REF_MAX 160 /* bytes of "ID@VERSION", NUL included */

typedef enum {
    POLICY_FROM_FILE,    /* a file the CLI named */
    POLICY_FROM_SHIPPED, /* <data_dir>/policies/ */
    POLICY_FROM_BOOK,    /* a version stored in the book */
} policy_origin;

/* A resolved policy: parsed (its text inside, policy_text), with where it came from. */
typedef struct {
    hs_policy *policy; /* owned */
    policy_origin origin;
    char name[512];  /* the file it was read from (for a stored version: its first use's path) */
    char sha256[65]; /* POLICY_FROM_BOOK: the stored version's hash; else "" */
} policy_doc;

/* Reads and checks the policy file at `path` (the CLI's --policy FILE). HS_INPUT naming the file on
 * any problem (policy_load_file's message); on HS_OK the caller owns *out (policy_doc_free). */
hs_status policy_doc_file(const char *path, policy_doc *out, hs_error *err);

/* Resolves `ref` ("ID" or "ID@VERSION") to a policy: first the shipped files whose declared id
 * (and version, when given) match — without a version, the highest shipped version, or, when the
 * versions amend one another (`amends ID from DATE`), the one in force on ctx's today — else the
 * book's stored versions of that id (the one with that version, else the last first used). The
 * ref is checked as an id (letters, digits, '.', '_', '-'; HS_INPUT invalid_field `field`), so no
 * path can be formed from it; files that do not load are skipped. HS_NOT_FOUND (field `field`)
 * when neither holds it. On HS_OK the caller owns *out. Read-only. */
hs_status policy_doc_resolve(const hs_ctx *ctx, const char *ref, const char *field, policy_doc *out,
                             hs_error *err);

/* Every shipped policy that loads, by id then version, as a JSON array of view_policy_doc
 * (*out owned by the caller); an empty array when there is no policies/ directory. Read-only. */
hs_status policy_shipped_list(const hs_ctx *ctx, json_t **out, hs_error *err);

/* Every shipped policy that loads, by id then version, as an array of policy_doc (*docs owned by
 * the caller: policy_docs_free). Read-only. */
hs_status policy_shipped_docs(const hs_ctx *ctx, policy_doc **docs, size_t *count, hs_error *err);

/* {id, version, label "ID@VERSION", title_zh, title_en, instrument, valid_from, valid_to (null:
 * open-ended), origin "shipped"|"book"|"file", file (the file's base name; not for the book)}.
 * New reference. */
json_t *view_policy_doc(const policy_doc *d);

/* The instrument's view of a resolved policy (its text, SHA-256, programme and budget), which must
 * feed `expected` (HS_INPUT naming the file otherwise). The caller owns *out
 * (instrument_policy_free). */
hs_status ops_instrument_policy(const policy_doc *d, hs_instrument expected, instrument_policy *out,
                                hs_error *err);

/* Frees what a policy_doc holds (safe on a zeroed or already freed one). */
void policy_doc_free(policy_doc *d);
/* Frees an array from policy_shipped_docs. */
void policy_docs_free(policy_doc *docs, size_t count);

#endif
