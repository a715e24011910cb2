/* policy.h — the policy language: load and check a policy file, read its parameters, limits and
 * validity, evaluate one firm or a whole population on a date, explain one decision, run its tests.
 *
 * A policy is immutable once loaded; every function taking `const hs_policy *` is safe to call from
 * several threads at once. Values are int64_t: bool 0/1, int, money in fen, rate in basis points,
 * date in days (hs_date), enum member index, string id in a population's string pool.
 * Errors name file:line:column and show the source line with a caret under the spot. */
#ifndef HS_POLICY_POLICY_H
#define HS_POLICY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"

typedef struct hs_policy hs_policy;
typedef struct hs_pop hs_pop;

typedef enum {
    HS_INSTR_SUBSIDY,
    HS_INSTR_VOUCHER,
    HS_INSTR_CREDIT,
    HS_INSTR_FUND,
    HS_INSTR_TAX,
} hs_instrument;

typedef enum {
    HS_T_BOOL,
    HS_T_INT,
    HS_T_MONEY,
    HS_T_RATE,
    HS_T_DATE,
    HS_T_ENUM,
    HS_T_STRING,
} hs_ptype;

/* What one evaluation of a policy covers (`period year` / `period month`): none = a date. */
typedef enum { HS_PERIOD_NONE, HS_PERIOD_YEAR, HS_PERIOD_MONTH } hs_policy_period;

/* One limit line: `limit once per firm per product`, `limit per firm per year <= cap`. */
typedef struct {
    bool once;          /* at most one award in the scope */
    bool per_firm;      /* scope includes the firm */
    bool per_product;   /* ... the product (e.g. one software product) */
    bool per_year;      /* ... the calendar year */
    bool per_programme; /* ... the whole programme */
    bool has_amount;    /* a money ceiling applies */
    int64_t amount_fen; /* the ceiling on the date asked (when has_amount) */
    unsigned line;      /* where the limit is written */
} hs_policy_limit;

/* The decision for one firm. */
typedef struct {
    hs_status status;   /* HS_OK, or HS_INPUT when evaluation hit an error (overflow, ...) */
    bool eligible;      /* every rule held and the policy is in force */
    int64_t amount_fen; /* the amount (0 when not eligible) */
    int failed_rule;    /* index of the first rule that failed; -1 none; -2 not in force */
    char reason[1024];  /* "rule 'x' (clause ...) failed", "not in force ...", or the error */
} hs_decision;

/* ---- loading ---- */

/* Parses and type-checks a policy file. On error returns HS_INPUT (also for a missing or unreadable
 * file) with a file:line:col message and caret; *out is NULL then. */
hs_status policy_load_file(const char *path, hs_policy **out, hs_error *err);
/* Same for text in memory (len bytes, need not be NUL-terminated); `name` is used in messages. */
hs_status policy_load_text(const char *name, const char *text, size_t len, hs_policy **out,
                           hs_error *err);
/* Frees a policy (NULL is fine). */
void policy_free(hs_policy *p);

/* ---- what a policy says ---- */

/* The policy id, e.g. "chengdu.first_version_software". */
const char *policy_id(const hs_policy *p);
/* The version text, e.g. "2024.1". */
const char *policy_version(const hs_policy *p);
/* The Chinese / English titles. */
const char *policy_title_zh(const hs_policy *p);
const char *policy_title_en(const hs_policy *p);
/* The legal source of the whole policy. */
const char *policy_source(const hs_policy *p);
/* The file name the policy was loaded from. */
const char *policy_file(const hs_policy *p);
/* The exact text the policy was parsed from (*len bytes, NUL-terminated), unchanged by overrides:
 * what its SHA-256 is taken of when it is stored in a book. */
const char *policy_text(const hs_policy *p, size_t *len);
/* Which instrument the policy feeds. */
hs_instrument policy_instrument(const hs_policy *p);
/* "subsidy", "voucher", "credit", "fund", "tax". */
const char *policy_instrument_name(hs_instrument instrument);
/* The budget path the policy draws on. */
const char *policy_budget(const hs_policy *p);
/* The validity period; *open_end is true when no end date was given (then *to is 2999-12-31). */
void policy_validity(const hs_policy *p, hs_date *from, hs_date *to, bool *open_end);
/* True if `on` lies within the validity period. */
bool policy_in_force(const hs_policy *p, hs_date on);
/* Number of limit lines. */
size_t policy_limit_count(const hs_policy *p);
/* Limit i with its ceiling evaluated on `on` (parameters may change over time). */
hs_status policy_limit(const hs_policy *p, size_t i, hs_date on, hs_policy_limit *out,
                       hs_error *err);
/* Reads parameter `name` on date `on`: HS_INPUT if unknown or without a value that day. */
hs_status policy_param(const hs_policy *p, const char *name, hs_date on, hs_ptype *type,
                       int64_t *value, hs_error *err);
/* Number of parameters, and parameter i's name and type. */
size_t policy_param_count(const hs_policy *p);
/* The document the value of parameter i in force on `on` cites (`ref "..."`), or NULL when that
 * value cites none; a "what if" override cites none. */
const char *policy_param_ref(const hs_policy *p, size_t i, hs_date on);
const char *policy_param_name(const hs_policy *p, size_t i);
hs_ptype policy_param_type(const hs_policy *p, size_t i);
/* "What if": replaces every dated value of parameter `name` with `value_text` (parsed by the
 * parameter's type: 3%, 300万, 12, 2025-01-01, true) on every date. Not thread-safe: call before
 * the policy is shared. HS_INPUT if the name is unknown or the text does not parse. */
hs_status policy_param_override(hs_policy *p, const char *name, const char *value_text,
                                hs_error *err);
/* "What if" (a reform): removes rule `name`, so it no longer decides eligibility nor appears in
 * explanations; the other rules keep their order. Not thread-safe: call before the policy is
 * shared. HS_INPUT if the policy has no such rule. */
hs_status policy_rule_disable(hs_policy *p, const char *name, hs_error *err);
/* Number of declared inputs, and input i's name and type. */
size_t policy_input_count(const hs_policy *p);
const char *policy_input_name(const hs_policy *p, size_t i);
hs_ptype policy_input_type(const hs_policy *p, size_t i);
/* Number of rules, and rule i's name and clause. */
size_t policy_rule_count(const hs_policy *p);
const char *policy_rule_name(const hs_policy *p, size_t i);
const char *policy_rule_clause(const hs_policy *p, size_t i);
/* The clause of the amount line. */
const char *policy_amount_clause(const hs_policy *p);
/* The public-notice period (公示) of `notice N working days`: N in 1..60, or 0 when the policy
 * states none. Awards under such a policy are published and payable only after N working days
 * without an upheld objection (instrument/notice.h). */
int policy_notice_days(const hs_policy *p);
/* `amends ID from DATE`: the id of the policy this version amends (its own id: a later version of
 * the same measure) and, in *from, the day it takes over; NULL (from untouched) for a first
 * version. */
const char *policy_amends(const hs_policy *p, hs_date *from);
/* The day this version takes effect: its `amends ... from` date, else its first valid day. Of the
 * versions of one id, the one in force on D is the one with the latest such day <= D. */
hs_date policy_effective_from(const hs_policy *p);
/* The period the policy is evaluated for (`period year`: a tax year; HS_PERIOD_NONE: a date). */
hs_policy_period policy_period(const hs_policy *p);
/* The date an evaluation "for a period" uses: the period's last day. `text` is YYYY (a year, e.g.
 * a tax year: 2022 -> 2022-12-31) or YYYY-MM (a month: 2022-10 -> 2022-10-31). False if it is
 * neither. */
bool policy_period_end(const char *text, hs_date *out);

/* ---- populations (columns of firm inputs, bound to one policy) ---- */

/* Loads a CSV (header row, column `uscc` required) holding the policy's inputs. Columns are matched
 * by input name (a money input X also matches a column X_fen in fen); extra columns are ignored; a
 * missing column or empty cell takes the input's default, else it is an error naming file:line. */
hs_status pop_load_csv(const hs_policy *p, const char *path, hs_pop **out, hs_error *err);
/* Builds a one-firm population from name=value text pairs (same parsing and defaults as CSV). */
hs_status pop_from_fields(const hs_policy *p, const char *uscc, const char *const *names,
                          const char *const *values, size_t n, hs_pop **out, hs_error *err);
/* Builds a one-firm population from typed values in the engine's units (bool 0/1, int, money in
 * fen, rate in basis points, date in days, enum member index); strings are not accepted here.
 * Inputs not named take their default (HS_INPUT if they have none). */
hs_status pop_from_values(const hs_policy *p, const char *uscc, const char *const *names,
                          const int64_t *values, size_t n, hs_pop **out, hs_error *err);
/* Frees a population (NULL is fine). */
void pop_free(hs_pop *pop);
/* Rows in the population. */
size_t pop_rows(const hs_pop *pop);
/* The uscc of row i. */
const char *pop_uscc(const hs_pop *pop, size_t i);
/* The row index of a uscc, or -1. */
long pop_find(const hs_pop *pop, const char *uscc);

/* ---- evaluation ---- */

/* Bulk result: one entry per row. */
typedef struct {
    size_t rows;
    uint8_t *eligible;
    int64_t *amount_fen;
    int32_t *failed_rule; /* -1 none, -2 not in force, else the rule index */
    uint32_t *error;      /* 0, or an error code for policy_error_text */
} hs_pop_result;

/* Evaluates the policy for every row of `pop` on `on`, column at a time, on up to `threads`
 * threads. Per-row errors (overflow, division by zero) land in out->error; the call itself fails
 * only on bad arguments. Free with pop_result_free. */
hs_status policy_eval_pop(const hs_policy *p, const hs_pop *pop, hs_date on, int threads,
                          hs_pop_result *out, hs_error *err);
/* Frees the arrays of a result. */
void pop_result_free(hs_pop_result *r);
/* Writes why row `row` of a bulk result came out as it did ("rule 'x' (clause) not met", "not in
 * force ...", an error with caret, or "" when eligible). */
void policy_result_reason(const hs_policy *p, const hs_pop_result *r, size_t row, hs_date on,
                          char *buf, size_t len);
/* Describes a per-row error code as file:line:col message with the source line and caret. */
void policy_error_text(const hs_policy *p, uint32_t code, char *buf, size_t len);
/* Evaluates one row into a decision (reason filled in). */
hs_status policy_eval_row(const hs_policy *p, const hs_pop *pop, size_t row, hs_date on,
                          hs_decision *out, hs_error *err);

/* One call for one firm given as name=value text pairs: eligible, amount and reason on `on`. */
hs_status policy_eval_firm(const hs_policy *p, const char *const *names, const char *const *values,
                           size_t n, hs_date on, hs_decision *out, hs_error *err);

/* ---- explanation ---- */

typedef enum {
    HS_EX_HEADER,    /* label = what ("policy", "valid", "limit", ...), value = text */
    HS_EX_PARAM,     /* label = name, value = value in force, note = "from DATE" */
    HS_EX_INPUT,     /* label = name, value */
    HS_EX_LET,       /* label = name, value, depth 0 */
    HS_EX_RULE,      /* label = name, note = clause, value = true/false/error, passed */
    HS_EX_AMOUNT,    /* label = "amount", note = clause, value */
    HS_EX_SUB,       /* an intermediate value: label = source text, depth >= 1 */
    HS_EX_OUTCOME,   /* label = "decision", value = "eligible, amount ..." or "not eligible: ..." */
    HS_EX_EXCEPTION, /* under a rule, let or amount (depth >= 1): label = the exception's label,
                      * note = its clause, value = "applies" / "does not apply", passed = it
                      * decided the value */
} hs_explain_kind;

typedef struct {
    hs_explain_kind kind;
    int depth;
    bool passed;
    unsigned line;
    char label[256];
    char value[512];
    char note[256];
    char ref[256]; /* the document a parameter's value cites (`ref "..."`), or "" */
} hs_explain_item;

typedef struct {
    size_t count;
    hs_explain_item *items;
    hs_decision decision;
} hs_explanation;

/* Explains row `row` on `on`: parameters in force, inputs, each rule (fired or failed) with its
 * intermediate values, lets, the amount and the decision. Free with explanation_free. */
hs_status policy_explain(const hs_policy *p, const hs_pop *pop, size_t row, hs_date on,
                         hs_explanation *out, hs_error *err);
/* The JSON tag of an explanation item's kind ("header", "param", "input", "let", "rule",
 * "amount", "value", "decision", "exception"), shared by every interface that prints explanations.
 */
const char *policy_explain_kind_name(hs_explain_kind kind);
/* Frees an explanation's items. */
void explanation_free(hs_explanation *ex);

/* ---- comparing versions ---- */

/* One difference between two versions (`policy diff A B`): kind "policy" (id, version, title,
 * instrument, budget, source, valid, amends from), "param" (every dated value with its ref),
 * "input", "let", "rule" ("clause": expression), "exception", "amount" or "limit"; change "added",
 * "removed" or "changed"; before / after the text written ("" when absent). */
typedef struct {
    char kind[16];
    char name[128];
    char change[16];
    char before[1024];
    char after[1024];
} hs_policy_change;

/* The differences from a to b, in the order above (named things by a's order, then those only in
 * b); *out owned by the caller (free). Returns their number, or (size_t)-1 if memory ran out. */
size_t policy_diff(const hs_policy *a, const hs_policy *b, hs_policy_change **out);

/* ---- test cases written in the policy ---- */

/* Reads a separate test file (`policy test POLICY TESTFILE`, e.g. policies/tests/NAME.tests)
 * holding `test` cases (as in a policy) and `population` cases (a CSV of firms, the eligible count
 * and total expected), checked against the policy's inputs, lets and rules, and adds its cases to
 * p. HS_INPUT naming the test file's line and column on error. Not thread-safe. */
hs_status policy_load_tests(hs_policy *p, const char *path, hs_error *err);
/* The test file case i was written in, or NULL when it is written in the policy file. */
const char *policy_test_file(const hs_policy *p, size_t i);

/* Number of test cases in the policy. */
size_t policy_test_count(const hs_policy *p);
/* Runs test i: true if it passed; `name` gets its name; on failure `why` says what differed. */
bool policy_run_test(const hs_policy *p, size_t i, const char **name, char *why, size_t why_len);

#endif
