/* policy_eval_ops.h — what `policy test`, `policy eval`, `policy explain` and the matcher (`firm
 * match`) do, for the CLI and the HTTP API alike: each takes a resolved policy (policy_doc,
 * ops/policy_source.h — a file the CLI named, or an id resolved to a shipped file or a stored
 * version), never prints, and returns an hs_status with a structured hs_error (code and field).
 * The JSON views here are the bytes the CLI's --json prints and the HTTP bodies.
 *
 * Everything here is read-only: nothing opens a write transaction and nothing is stored (not even
 * the policy's text, which is kept only at a decision's first use). The firm registry is read
 * through src/registry on ctx->store (registry_open / registry_find / registry_load), as
 * subsidy_ops.c reads it for its input precedence.
 *
 * "What if": every operation takes parameter overrides, a JSON object {NAME: VALUE} (VALUE a
 * string in the parameter's own syntax: 3%, 300万, 12, 2025-01-01, true), applied with
 * policy_param_override to a private copy of the policy (reparsed from its text), so the
 * caller's policy_doc is never changed and may be shared. A bad override is HS_INPUT
 * (invalid_field naming the request's params field).
 *
 * Input values (a firm's NAME: VALUE in `firms` rows and `inputs`) are strings holding what a
 * CSV cell would hold; JSON integers and booleans are taken as their text (12, true). */
#ifndef HS_OPS_POLICY_EVAL_OPS_H
#define HS_OPS_POLICY_EVAL_OPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ops/ops.h"
#include "ops/policy_source.h"
#include "policy/policy.h"

#define POLICY_EVAL_FIRMS_MAX 10000 /* rows of a `firms` array (the HTTP body) */
#define POLICY_EVAL_FIELDS_MAX 64   /* NAME: VALUE members of one row, of `inputs`, of `params` */
#define POLICY_EVAL_TEXT_MAX 256    /* bytes of one name or value, NUL excluded */

/* ---- policy test ---- */

typedef struct {
    char *name;     /* owned */
    bool passed;    /* the case's expectation held */
    char file[512]; /* the test file the case is written in; "" for the policy file itself */
    char why[1200]; /* on failure: what differed; else "" */
} ops_policy_test_case;

typedef struct {
    char policy[96], version[64];
    size_t passed, failed, count;
    ops_policy_test_case *cases; /* owned: count of them, in the file's order */
} ops_policy_test_result;

/* Runs every test case written in the policy. HS_OK whether or not the cases pass (out->failed
 * counts those that did not); HS_STORAGE only when out of memory. The caller frees *out with
 * ops_policy_test_free (also after an error). Touches no book. */
hs_status ops_policy_test(const policy_doc *d, ops_policy_test_result *out, hs_error *err);
/* Frees the cases of a result (safe on a zeroed one). */
void ops_policy_test_free(ops_policy_test_result *r);
/* The cases as `policy test --json` lists them: [{file (when `file` is not NULL), test, passed,
 * why (failed cases only)}]. New reference (NULL on OOM). */
json_t *view_policy_test_cases(const ops_policy_test_result *r, const char *file);
/* One policy's run (POST /policies/{id}/test): {policy, version, passed, failed, results:[{test,
 * passed, why?}]}. New reference (NULL on OOM). */
json_t *view_policy_test(const ops_policy_test_result *r);

/* ---- policy eval ---- */

/* Where the firms come from, by precedence: `firms_csv` (a CSV path, "-" for stdin: header row,
 * column uscc, one column per input — the CLI's --firms), else `firms` (a JSON array of objects
 * {uscc, NAME: VALUE...}, at most POLICY_EVAL_FIRMS_MAX; a NAME the policy has no input of is
 * refused), else every firm of the registry (its record's cells, those the policy reads; a
 * registry without a value for an input that has no default is HS_INPUT naming the firm). */
typedef struct {
    const policy_doc *policy;
    hs_date on;
    const json_t *params;     /* NULL or {NAME: VALUE} overrides */
    const char *params_field; /* what errors in params name ("--param", "params") */
    const char *firms_csv;
    const json_t *firms;
    const char *firms_field; /* what errors in `firms` name ("firms") */
    int threads;             /* evaluation threads for a CSV population (>= 1) */
    int repeat;              /* 1..100: evaluate this many times, timing the best (benchmarks) */
    void (*progress)(void *arg, size_t rows); /* NULL, or told the rows once they are loaded */
    void *progress_arg;
} ops_policy_eval_req;

/* One evaluated population: the totals, and per row what policy_eval_pop decided (read with
 * ops_policy_eval_row). Internals are private to policy_eval_ops.c. */
typedef struct {
    hs_policy *own;          /* private: the overridden copy, when params were given */
    const hs_policy *policy; /* the policy evaluated (doc's, or `own`) */
    hs_date on;
    size_t rows, eligible, errors;
    int64_t total_fen; /* sum of the eligible amounts (money_add) */
    bool total_ok;     /* false if that sum overflowed (total_fen is then the sum so far) */
    double load_seconds, eval_seconds;
    size_t npops;           /* private: one population (CSV), or one per row */
    hs_pop **pops;          /* private */
    hs_pop_result *results; /* private */
} ops_policy_eval_result;

/* One row of a result. Strings are borrowed from the result. */
typedef struct {
    const char *uscc;
    bool eligible, error;
    int64_t amount_fen;
} ops_policy_eval_row;

/* Evaluates the policy for every firm of the request's source on req->on. Per-row evaluation
 * errors (overflow, division by zero) are rows with .error set (counted in out->errors), not a
 * failed call. Errors: HS_INPUT for bad params (field params_field), a bad CSV (file:line), a bad
 * `firms` row (field firms_field, the row's index and member named in the message) or a registry
 * record lacking an input; HS_STORAGE if the registry cannot be read or memory runs out. ctx may
 * be NULL when firms_csv or firms is given (no book is read). The caller frees *out with
 * ops_policy_eval_free (also after an error). */
hs_status ops_policy_eval(const hs_ctx *ctx, const ops_policy_eval_req *req,
                          ops_policy_eval_result *out, hs_error *err);
/* Row i (< r->rows) of a result. */
void ops_policy_eval_row_at(const ops_policy_eval_result *r, size_t i, ops_policy_eval_row *out);
/* Why row i came out as it did (policy_result_reason: "" when eligible). */
void ops_policy_eval_reason(const ops_policy_eval_result *r, size_t i, char *buf, size_t len);
/* Frees a result (safe on a zeroed one). */
void ops_policy_eval_free(ops_policy_eval_result *r);
/* `policy eval --json`: {policy, version, on, firms:[{uscc, eligible, amount, amount_fen, reason,
 * error (only when true)}], eligible, total}. New reference (NULL on OOM). */
json_t *view_policy_eval(const ops_policy_eval_result *r);
/* `policy eval --stats --json`: {firms, eligible, errors, total}, with `timings` also
 * load_seconds and eval_seconds. New reference (NULL on OOM). */
json_t *view_policy_eval_stats(const ops_policy_eval_result *r, bool timings);

/* ---- policy explain ---- */

/* Where the firm's inputs come from: `firms_csv` (the firm's row of that CSV — the CLI's
 * --firms), else `inputs` typed by a person ({NAME: VALUE}; a name the policy has no input of is
 * refused) with, when `registry` is set, the firm's registry record under them (typed inputs win;
 * record cells the policy does not read are ignored). With `registry` and no `inputs`, a firm the
 * registry lacks is HS_NOT_FOUND (field firm_field). */
typedef struct {
    const policy_doc *policy;
    const char *firm; /* the USCC explained (with the registry: a valid one, invalid_field else) */
    hs_date on;
    const json_t *params;
    const char *params_field;
    const char *firms_csv;
    const json_t *inputs;
    const char *inputs_field; /* what errors in inputs name ("inputs"); NULL: none */
    bool registry;
    const char *firm_field; /* what errors about the firm name ("--firm", "firm") */
} ops_policy_explain_req;

/* Explains the firm's decision on req->on: parameters in force, inputs, every rule with its
 * intermediate values, the amount and the outcome (policy_explain). An evaluation error is not a
 * failed call: out->decision.status says it. Errors: HS_INPUT for bad params, inputs, a CSV
 * without the firm (field firm_field), HS_NOT_FOUND as above, HS_STORAGE when the registry cannot
 * be read. ctx may be NULL without `registry`. On HS_OK the caller frees *out with
 * explanation_free; on error *out holds nothing. */
hs_status ops_policy_explain(const hs_ctx *ctx, const ops_policy_explain_req *req,
                             hs_explanation *out, hs_error *err);

/* ---- the matcher ---- */

/* Every shipped policy (policy_shipped_docs) in force on `on` — valid_from <= on <= valid_to, the
 * highest version of each id in force — decided for the firm's registry record:
 * {firm, name, on, matches:[{policy, version, label, title_zh, title_en, instrument, eligible,
 * amount, amount_fen, reason, failed:[{rule, clause, line}]}]}, eligible first, then amount_fen
 * descending, then label. `reason` and `failed` say why not: the first failing rule's reason and
 * every failing rule with its clause and line (policy_explain); a policy the record cannot be
 * decided under (an input it has no value for) is not eligible with that reason and no failed
 * rules. Errors: HS_INPUT invalid_field "uscc" for a malformed credit code; HS_NOT_FOUND
 * not_found "uscc" when the registry lacks the firm; HS_STORAGE. *out is a new reference on HS_OK.
 * Read-only. */
hs_status ops_policy_match(const hs_ctx *ctx, const char *uscc, hs_date on, json_t **out,
                           hs_error *err);

#endif
