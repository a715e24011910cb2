/* policy_reform.h — a reform and its cost (`huoshui policy reform`, POST /policies/{id}/reform):
 * the same population decided twice on one date, under the policy as written (the baseline) and
 * under the reform (parameters set to other values, rules switched off), compared firm by firm:
 * eligible counts and totals, by sector and by city, every firm that gains or loses and by how
 * much, and the budget impact (the delta, and what it leaves of the programme budget when the
 * policy's budget account is one the book holds).
 *
 * `from`: the reform applies to decisions dated from that day; evaluated on an earlier `on`, the
 * reform is the baseline (nothing changes), though its settings are still checked.
 *
 * The population: a firm CSV in the registry format (registry/firm_csv.h: uscc, name, city
 * required; columns by their canonical names) which may also carry columns named for the policy's
 * own inputs that the registry does not hold (taxable_income, ...); or every firm of the book's
 * registry (its records' cells; an input the registry lacks takes its default, else HS_INPUT
 * naming the firm). A CSV is read once as firms (for city and sector, every row checked as the
 * registry's importer checks it) and once as the policy's columnar population; the two agree row
 * by row on uscc.
 *
 * Read-only: nothing is stored, no transaction is opened. Money is exact fen (money_add /
 * money_sub, an overflow is HS_INPUT naming the total). */
#ifndef HS_OPS_POLICY_REFORM_H
#define HS_OPS_POLICY_REFORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ops/ops.h"
#include "ops/policy_source.h"
#include "policy/policy.h"

#define POLICY_REFORM_RULES_OFF_MAX 32  /* rules a reform may switch off */
#define POLICY_REFORM_TABLE_TOP 20      /* gainers and losers the text table shows */
#define POLICY_REFORM_GROUP_KEY_MAX 128 /* bytes of a sector or city key, NUL included */

typedef struct {
    const policy_doc *policy;
    hs_date on;
    bool has_from;
    hs_date from;
    const json_t *set;     /* NULL or {NAME: VALUE}: parameter values (policy_param_override) */
    const char *set_field; /* what errors in `set` name ("--set", "set") */
    const char *const *rule_off; /* rule names switched off */
    size_t rule_off_count;       /* <= POLICY_REFORM_RULES_OFF_MAX */
    const char *rule_off_field;  /* what errors in rule_off name ("--rule-off", "rule_off") */
    const char *firms_csv;       /* a firm CSV path (registry format); NULL: the registry */
    const char *firms_field;     /* what CSV errors name ("--firms", "firms_csv") */
    int threads;                 /* evaluation threads for a CSV population (>= 1) */
    /* NULL, or told each stage as it starts ("loading", "baseline", "reform") with the rows */
    void (*progress)(void *arg, const char *stage, size_t rows);
    void *progress_arg;
} ops_policy_reform_req;

/* One firm's two decisions. */
typedef struct {
    char uscc[32];
    int sector; /* firm_sector */
    int city;   /* index into the result's cities */
    bool baseline_eligible, reform_eligible;
    bool baseline_error, reform_error; /* an evaluation error (overflow, ...): not eligible */
    int64_t baseline_fen, reform_fen;
} ops_reform_firm;

/* Totals over a group of firms (all of them, one sector, one city). */
typedef struct {
    char key[POLICY_REFORM_GROUP_KEY_MAX]; /* sector code or city; "" for the whole population */
    size_t firms;
    size_t baseline_eligible, reform_eligible;
    size_t baseline_errors, reform_errors;
    int64_t baseline_fen, reform_fen, delta_fen; /* delta = reform - baseline */
} ops_reform_group;

typedef struct {
    char policy[96], version[64], budget[256];
    hs_date on;
    bool has_from;
    hs_date from;
    bool applies;     /* the reform is in effect on `on` (no `from`, or on >= from) */
    json_t *set;      /* owned: the settings as text {NAME: VALUE} */
    json_t *rule_off; /* owned: the rules switched off, as given */
    size_t nfirms;
    ops_reform_firm *firms; /* owned, in the population's order */
    size_t ncities;
    char (*cities)[POLICY_REFORM_GROUP_KEY_MAX]; /* owned: city names, first-seen order */
    ops_reform_group all;
    size_t nsectors_used;
    ops_reform_group *by_sector; /* owned: sectors with firms, by sector code */
    size_t nby_city;
    ops_reform_group *by_city; /* owned: by city name */
    size_t ngainers, nlosers;
    size_t *gainers; /* owned: firm indexes, delta descending, then uscc */
    size_t *losers;  /* owned: firm indexes, delta ascending (largest loss first), then uscc */
    /* the budget impact against the book, when the policy's budget account is a programme budget
     * there (programme_budgets): remaining now, and after the delta */
    bool has_programme;
    char programme[64];
    int64_t remaining_fen, remaining_after_fen;
} ops_policy_reform_result;

/* Decides the population under the baseline and the reform on req->on and compares them.
 * Errors: HS_INPUT for a bad `set` (unknown parameter or a value that does not parse: field
 * set_field), an unknown rule in rule_off (field rule_off_field), a bad CSV (file:line, field
 * firms_field), a registry firm lacking an input; HS_NOT_FOUND never; HS_STORAGE if the registry
 * or the book cannot be read or memory runs out. ctx may be NULL with firms_csv (then no budget is
 * read). The caller frees *out with ops_policy_reform_free (also after an error). Read-only. */
hs_status ops_policy_reform(const hs_ctx *ctx, const ops_policy_reform_req *req,
                            ops_policy_reform_result *out, hs_error *err);
/* Frees what a result holds (safe on a zeroed one). */
void ops_policy_reform_free(ops_policy_reform_result *r);
/* The change of firm i (reform - baseline; amounts are each <= INT64_MAX/2 so this never
 * overflows for amounts a policy can produce, and it is asserted). */
int64_t ops_reform_delta(const ops_reform_firm *f);

/* ---- views (src/ops/policy_reform_view.c) ---- */

/* `policy reform --json` and the HTTP body: {policy, version, on, from (null), applies, set,
 * rule_off, firms, baseline:{eligible, total_fen, total, errors}, reform:{...}, delta_fen, delta,
 * by_sector:[{sector, firms, baseline_eligible, reform_eligible, baseline_fen, reform_fen,
 * delta_fen}], by_city:[{city, ...}], gainers:[{uscc, sector, city, baseline_eligible,
 * reform_eligible, baseline_fen, reform_fen, delta_fen}], losers:[...], budget:{account,
 * delta_fen, programme (null), remaining_fen, remaining_after_fen}}. New reference (NULL on OOM).
 */
json_t *view_policy_reform(const ops_policy_reform_result *r);
/* Writes the comparison as an Excel workbook at `path`: sheets summary, by sector, by city and
 * every firm that changes (amounts as yuan with a #,##0.00 format beside their fen). HS_INPUT
 * naming the path if it cannot be written. */
hs_status policy_reform_write_xlsx(const ops_policy_reform_result *r, const char *path,
                                   hs_error *err);

#endif
