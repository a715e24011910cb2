/* fund_select.h — sub-fund selection (遴选): candidate managers checked against eligibility rules
 * and ranked by a score, reproducibly and with every reason given.
 *
 * The rules are data (fund_select_rules): each names the field it reads, a threshold, and the
 * source it comes from, so that a policy file can later supply the same table. Defaults are the
 * Chengdu high-tech zone AI fund example (seed-programmes.md, "Guidance funds"): manager paid-in
 * >= 1000万; assets under management >= 20亿 (industry fund) or >= 1亿 (venture fund); >= 3 senior
 * staff with >= 3 years each; the proposed sub-fund <= 10亿.
 *
 * Candidates CSV (header required, any column order; amounts in any money form):
 *   manager,kind,paid_in,aum,senior_staff,fund_size
 *   kind is "industry" or "venture"; senior_staff counts staff with >= 3 years.
 * Score (eligible candidates only; documented huoshui defaults, named parameters, not from a
 * source): 10 points per multiple of the AUM threshold (at most 50), 3 per senior staff member
 * (at most 30), 4 per 1000万 of paid-in capital (at most 20); ties broken by manager id. */
#ifndef HS_INSTRUMENT_FUND_SELECT_H
#define HS_INSTRUMENT_FUND_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "instrument/fund.h"

typedef enum { SELECT_MIN = 0, SELECT_MAX = 1 } fund_select_cmp;

/* One eligibility rule: field (cmp) threshold, for candidates of `kind` ("" = all). */
typedef struct {
    const char *id;
    const char *field; /* "paid_in", "aum", "senior_staff", "fund_size" */
    const char *kind;
    fund_select_cmp cmp;
    int64_t threshold; /* fen for amounts, a count for senior_staff */
    const char *text;
    const char *source;
} fund_select_rule;

extern const fund_select_rule fund_select_rules[];
extern const size_t fund_select_rule_count;

#define SELECT_SCORE_AUM_PER_MULTIPLE 10
#define SELECT_SCORE_AUM_MAX 50
#define SELECT_SCORE_STAFF_EACH 3
#define SELECT_SCORE_STAFF_MAX 30
#define SELECT_SCORE_PAID_IN_PER_10M 4
#define SELECT_SCORE_PAID_IN_MAX 20

typedef struct {
    char manager[FUND_ID_MAX];
    char kind[16];
    int64_t paid_in_fen, aum_fen, senior_staff, fund_size_fen;
    int line;
    bool eligible;
    char reasons[1024]; /* failed rules, "; "-separated, each with its source */
    double score, score_aum, score_staff, score_paid_in;
    int rank; /* 1 = best among eligible; 0 if not eligible */
} fund_candidate;

/* Reads candidates from a CSV file (RFC 4180: quoted fields may hold commas, quotes and newlines;
 * lines of any length; fields up to 8191 bytes; blank lines and lines starting with # skipped);
 * HS_INPUT naming file:line:field on bad input. *out is malloc'd (caller frees). */
hs_status fund_select_read(const char *path, fund_candidate **out, size_t *n, hs_error *err);
/* Applies the rules and the score to every candidate and ranks the eligible ones. */
void fund_select_evaluate(fund_candidate *c, size_t n);
/* The same, with eligibility decided by a policy file (instrument fund, inputs kind, paid_in, aum,
 * senior_staff, fund_size; e.g. policies/chengdu-ai-fund-selection.policy) on date `on`: the CSV
 * then needs a `uscc` column (the manager's credit code), and each refusal names the policy rule
 * and clause. The score and ranking are as above. HS_INPUT on a bad policy or CSV. */
hs_status fund_select_evaluate_policy(const char *policy_path, const char *csv_path, hs_date on,
                                      fund_candidate *c, size_t n, hs_error *err);

#endif
