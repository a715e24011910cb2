/* policy_versions.h — the versions of one policy id (a first version and the files that amend it,
 * `amends ID from DATE`) in one directory, and the version in force on a date: the one whose
 * effective day (policy_effective_from) is the latest not after it. Every evaluation for a date
 * should use that version; decisions record its label (id@version) and the SHA-256 of its text. */
#ifndef HS_OPS_POLICY_VERSIONS_H
#define HS_OPS_POLICY_VERSIONS_H

#include <jansson.h>
#include <stdbool.h>

#include "ops/policy_source.h"

/* Loads every `.policy` file of `dir` that declares `id` (files that do not load are skipped),
 * ordered by effective day, then version. *docs owned by the caller (policy_docs_free); none is an
 * empty list. *chains (may be NULL) tells whether any of them amends (`amends ID from DATE`): only
 * then are they one chain of versions, and two taking effect on the same day are HS_INPUT (naming
 * both files). */
hs_status policy_versions_in(const char *dir, const char *id, policy_doc **docs, size_t *count,
                             bool *chains, hs_error *err);

/* The index of the version in force on `on` among docs ordered as policy_versions_in orders them:
 * the last whose effective day is <= on; -1 when `on` is before the first. */
long policy_version_on(const policy_doc *docs, size_t count, hs_date on);

/* The policy to evaluate on `on` for `ref`: a file that exists (then, when its directory holds
 * other versions of its id, the version in force on `on`; *switched tells whether that is another
 * file), else a shipped id (`<data_dir>/policies/`; HS_NOT_FOUND field `field` when no version is
 * in force that day or none exists). On HS_OK the caller owns *out. */
hs_status policy_doc_on(const hs_ctx *ctx, const char *ref, const char *field, hs_date on,
                        policy_doc *out, bool *switched, hs_error *err);

/* The version chain as JSON: [{version, file, effective_from, amends (null for the first),
 * valid_from, valid_to (null: open), sha256}], in effective order. New reference (NULL on OOM). */
json_t *view_policy_versions(const policy_doc *docs, size_t count);

/* The hex SHA-256 of a policy's text (65 bytes with the NUL). */
void policy_text_sha256(const hs_policy *p, char out[65]);

#endif
