/* mc_policy.h — the programme's subsidy and voucher policies inside the projection: each is the
 * shipped policy file, loaded by the policy module and evaluated by its evaluator, with
 * `--set POLICY_ID.PARAM=VALUE` applied through policy_param_override exactly as editing the file
 * would. Before the paths run, every policy is evaluated once per quarter date, firm sector and
 * application size on a grid of MC_TEMPLATES quantiles of the application-size distribution
 * (log-normal, mc_params application_median/sigma): a path then draws an application's size as
 * one of those equally likely quantiles and reads the evaluator's amount for it. The policy's
 * own limits are applied in the path: `once per firm`, the per-firm-per-year ceiling and the
 * per-programme-per-year ceiling (on 1 January of each calendar year, the start date for the
 * first).
 *
 * How an application becomes the policy's inputs (the same names the matcher and `policy eval`
 * read from a registry firm): `sector` and `stage` (enums) are the firm's when the enum has that
 * member (else the firm is not an applicant); a bool input named like a registry flag (high_tech,
 * zjtx, national_lab, national_engineering_center, unicorn), an int input employees, patents,
 * trademarks or software_copyrights, a money input revenue or rd_spend and a date input founded
 * take the firm's value, or the input's default (else false/0) where the registry has none; every
 * other money input without a default is the application's size; other inputs take their
 * default, or false, 0, 2000-01-01, or the enum's first member.
 *
 * City: a policy whose Chinese title begins with a prefecture-level city or municipality (成都市…,
 * 珠海市…; mc_policy.city_key, set by the caller from the division table) is that city's, and only
 * firms of that city (registry city normalised to its GB/T 2260 division) may apply; for them a
 * bool input named located_in_*, registered_in_* or landed_in_* is true. A policy naming no city
 * is open to every firm, and such inputs take their default.
 *
 * Firms with the same inputs share a profile: the amounts are tabulated per profile (profile 0:
 * cannot apply), at most MC_PROFILES_MAX per policy (HS_INPUT beyond). A policy that reads
 * `stage` has a profile per firm and stage, since firms move up a stage on a path. */
#ifndef HS_PROJECT_MC_POLICY_H
#define HS_PROJECT_MC_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "policy/policy.h"
#include "registry/firm.h"

#define MC_POLICIES_MAX 8
#define MC_TEMPLATES 64
#define MC_CAL_YEARS_MAX 64
#define MC_PROFILES_MAX 4096
#define MC_CITY_KEY_MAX 64

/* What the tabulation reads of one firm (a registry firm, or a birth: sector, city, seed stage). */
typedef struct {
    uint8_t sector, stage; /* firm_sector, firm_stage */
    uint16_t city;         /* index into the caller's city keys */
    uint32_t flags, has;   /* FIRM_FLAG_*, FIRM_HAS_* */
    int64_t employees, revenue_fen, rd_spend_fen, patents, trademarks, software_copyrights;
    hs_date founded;
} mc_firm_attr;

/* The firms a tabulation profiles: the registry's, and the cities births happen in. */
typedef struct {
    const mc_firm_attr *firms;
    size_t n_firms;
    const char (*city_keys)[MC_CITY_KEY_MAX]; /* per city index: its normalised key ("" none) */
    size_t n_cities;
} mc_tab_firms;

typedef struct {
    hs_policy *policy; /* owned */
    char id[128];
    char budget[128]; /* the budget account it draws on */
    int budget_index; /* into the snapshot's budgets; -1: none in the book */
    bool once_per_firm;
    double firm_year_cap;                        /* yuan; < 0: none */
    double programme_year_cap[MC_CAL_YEARS_MAX]; /* yuan per calendar year; < 0: none */
    char city_key[MC_CITY_KEY_MAX];  /* the policy's city ("" none: open to every firm) */
    char city_name[MC_CITY_KEY_MAX]; /* as its title names it */
    int quarters;
    size_t n_profiles;       /* including profile 0 (cannot apply) */
    size_t n_stages;         /* FIRM_STAGE_COUNT if the policy reads `stage` (firms grow), else 1 */
    uint16_t *firm_profile;  /* per registry firm of the tabulation [and stage] */
    uint16_t *birth_profile; /* per (city, sector[, stage]): city * FIRM_SECTOR_COUNT + sector */
    size_t n_firms, n_cities;
    double *amount; /* yuan, [profile][quarter][template] (mc_policy_amount) */
} mc_policy;

typedef struct {
    mc_policy v[MC_POLICIES_MAX];
    size_t n;
} mc_policies;

/* Loads a policy file and adds it (subsidy and voucher instruments only: HS_INPUT otherwise, or
 * when MC_POLICIES_MAX are loaded). */
hs_status mc_policy_add_file(mc_policies *ps, const char *path, hs_error *err);
/* Applies `--set POLICY_ID.PARAM=VALUE` to the loaded policy with that id: HS_INPUT (field "set")
 * if no loaded policy has the id, or the policy refuses the parameter or value. */
hs_status mc_policy_set(mc_policies *ps, const char *policy_id, const char *param,
                        const char *value, hs_error *err);
/* Evaluates every policy on the grid (quarter q's date is `on` + 3(q+1) months, q < quarters)
 * for each profile of the firms in `tf` (and of a birth of each sector in each of its cities) and
 * reads its limits; application sizes from median and sigma (yuan). HS_INPUT naming the policy if
 * its inputs split the firms into more than MC_PROFILES_MAX profiles. */
hs_status mc_policy_tabulate_firms(mc_policies *ps, const mc_tab_firms *tf, hs_date on,
                                   int quarters, double median, double sigma, hs_error *err);
/* The same with no registry firms and one city without a key (births of every sector only). */
hs_status mc_policy_tabulate(mc_policies *ps, hs_date on, int quarters, double median, double sigma,
                             hs_error *err);
/* The profile of a firm now at `stage`: registry firm `firm` (< n_firms), else a birth of
 * `sector` in `city`. */
static inline size_t mc_policy_profile(const mc_policy *p, uint64_t firm, int city, int sector,
                                       int stage) {
    size_t v = p->n_stages > 1 ? (size_t)stage : 0;
    if (firm < p->n_firms)
        return p->firm_profile[(size_t)firm * p->n_stages + v];
    if ((size_t)city >= p->n_cities)
        return 0;
    return p->birth_profile[((size_t)city * FIRM_SECTOR_COUNT + (size_t)sector) * p->n_stages + v];
}
/* The evaluator's amount (yuan) for quarter q, profile k and size template j (0 for profile 0). */
static inline double mc_policy_amount(const mc_policy *p, int q, size_t k, int j) {
    return p->amount[(k * (size_t)p->quarters + (size_t)q) * MC_TEMPLATES + (size_t)j];
}
/* Normalised city key of a name without a division table: the name without a trailing 市. */
void mc_city_key_plain(const char *name, char *out, size_t len);
/* Frees the policies and tables; safe on a zeroed set. */
void mc_policies_free(mc_policies *ps);

#endif
