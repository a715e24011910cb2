/* mc_policy.c — policies evaluated on the projection's grid (see mc_policy.h). */
#include "project/mc_policy.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/input_info.h"
#include "project/mc_rng.h"

hs_status mc_policy_add_file(mc_policies *ps, const char *path, hs_error *err) {
    assert(ps != NULL && path != NULL);
    if (ps->n == MC_POLICIES_MAX)
        return hs_invalid_field(err, "policy", "at most %d policies in one projection",
                                MC_POLICIES_MAX);
    hs_policy *p = NULL;
    hs_status st = policy_load_file(path, &p, err);
    if (st != HS_OK)
        return st;
    hs_instrument k = policy_instrument(p);
    if (k != HS_INSTR_SUBSIDY && k != HS_INSTR_VOUCHER) {
        policy_free(p);
        return hs_invalid_field(err, "policy",
                                "%s: a %s policy pays no budget money in the projection", path,
                                policy_instrument_name(k));
    }
    mc_policy *m = &ps->v[ps->n++];
    memset(m, 0, sizeof *m);
    m->policy = p;
    m->budget_index = -1;
    snprintf(m->id, sizeof m->id, "%s", policy_id(p));
    snprintf(m->budget, sizeof m->budget, "%s", policy_budget(p));
    return HS_OK;
}

hs_status mc_policy_set(mc_policies *ps, const char *policy_id_text, const char *param,
                        const char *value, hs_error *err) {
    for (size_t i = 0; i < ps->n; i++)
        if (strcmp(ps->v[i].id, policy_id_text) == 0) {
            assert(ps->v[i].amount == NULL); /* before the tables are built */
            hs_status st = policy_param_override(ps->v[i].policy, param, value, err);
            if (st != HS_OK)
                return hs_fail_code(err, HS_INPUT, "invalid_field", "set", "--set %s.%s: %s",
                                    policy_id_text, param, err->msg);
            return HS_OK;
        }
    char known[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < ps->n && used < sizeof known; i++) {
        int n = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", ps->v[i].id);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return hs_invalid_field(err, "set",
                            "--set %s.%s: no policy '%s' in this projection (its policies: %s;"
                            " nor a model. parameter)",
                            policy_id_text, param, policy_id_text, ps->n ? known : "none");
}

/* The enum index of member `name` of input i, -1 if none. */
static int64_t member_index(const hs_policy *p, size_t i, const char *name) {
    for (size_t k = 0; k < policy_input_enum_count(p, i); k++)
        if (strcmp(policy_input_enum_member(p, i, k), name) == 0)
            return (int64_t)k;
    return -1;
}

void mc_city_key_plain(const char *name, char *out, size_t len) {
    assert(name != NULL && out != NULL && len > 0);
    snprintf(out, len, "%s", name);
    size_t n = strlen(out), ls = strlen("市");
    if (n > ls && strcmp(out + n - ls, "市") == 0)
        out[n - ls] = '\0';
}

/* Where an input's value comes from in the projection. */
typedef enum {
    SRC_SIZE = 0, /* a money input without a default: the application's size */
    SRC_FIXED,    /* its default, or the type's zero */
    SRC_SECTOR,
    SRC_STAGE,
    SRC_FLAG,  /* a registry flag (bit) */
    SRC_FIELD, /* an int or money registry field (has bit) */
    SRC_FOUNDED,
    SRC_LOCAL, /* located_in_* / registered_in_* / landed_in_* of a policy with a city */
} input_source;

typedef struct {
    input_source src;
    uint32_t bit;     /* SRC_FLAG: the flag; SRC_FIELD/SRC_FOUNDED: the FIRM_HAS_ bit */
    int field;        /* SRC_FIELD: which (0 employees, 1 revenue, 2 rd_spend, 3 patents, ...) */
    bool has_default; /* an unreported field leaves the input to its default */
} input_plan;

static bool starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* How each input of policy m is filled (plan[i] for input i). */
static void plan_inputs(const mc_policy *m, input_plan *plan, size_t n) {
    static const struct {
        const char *name;
        hs_ptype type;
        uint32_t has;
    } fields[] = {{"employees", HS_T_INT, FIRM_HAS_EMPLOYEES},
                  {"revenue", HS_T_MONEY, FIRM_HAS_REVENUE},
                  {"rd_spend", HS_T_MONEY, FIRM_HAS_RD_SPEND},
                  {"patents", HS_T_INT, FIRM_HAS_PATENTS},
                  {"trademarks", HS_T_INT, FIRM_HAS_TRADEMARKS},
                  {"software_copyrights", HS_T_INT, FIRM_HAS_SOFTWARE_COPYRIGHTS}};
    for (size_t i = 0; i < n; i++) {
        const char *name = policy_input_name(m->policy, i);
        hs_ptype t = policy_input_type(m->policy, i);
        input_plan *pl = &plan[i];
        *pl = (input_plan){.src = SRC_FIXED, .has_default = policy_input_has_default(m->policy, i)};
        uint32_t flag = 0;
        if (t == HS_T_ENUM && strcmp(name, "sector") == 0)
            pl->src = SRC_SECTOR;
        else if (t == HS_T_ENUM && strcmp(name, "stage") == 0)
            pl->src = SRC_STAGE;
        else if (t == HS_T_BOOL && firm_flag_parse(name, &flag))
            *pl = (input_plan){.src = SRC_FLAG, .bit = flag, .has_default = pl->has_default};
        else if (t == HS_T_BOOL && m->city_key[0] &&
                 (starts_with(name, "located_in_") || starts_with(name, "registered_in_") ||
                  starts_with(name, "landed_in_")))
            pl->src = SRC_LOCAL;
        else if (t == HS_T_DATE && strcmp(name, "founded") == 0)
            *pl = (input_plan){
                .src = SRC_FOUNDED, .bit = FIRM_HAS_FOUNDED, .has_default = pl->has_default};
        for (int f = 0; f < 6 && pl->src == SRC_FIXED; f++)
            if (t == fields[f].type && strcmp(name, fields[f].name) == 0)
                *pl = (input_plan){.src = SRC_FIELD,
                                   .bit = fields[f].has,
                                   .field = f,
                                   .has_default = pl->has_default};
        if (pl->src == SRC_FIXED && t == HS_T_MONEY && !pl->has_default)
            pl->src = SRC_SIZE; /* the bill, price or investment applied for */
    }
}

#define OMIT INT64_MIN /* the input is left to its default */

/* The value of input i (plan pl) for firm a; OMIT to leave it to its default; false if the firm
 * cannot apply (its sector or stage is not a member of the policy's enum). */
static bool firm_value(const hs_policy *p, size_t i, const input_plan *pl, const mc_firm_attr *a,
                       int64_t *out) {
    const int64_t field_of[6] = {a->employees, a->revenue_fen, a->rd_spend_fen,
                                 a->patents,   a->trademarks,  a->software_copyrights};
    *out = 0;
    switch (pl->src) {
    case SRC_SECTOR:
        *out = member_index(
            p, i,
            a->sector == FIRM_SECTOR_UNSET ? "other" : firm_sector_code((firm_sector)a->sector));
        return *out >= 0;
    case SRC_STAGE:
        *out = member_index(
            p, i, a->stage == FIRM_STAGE_UNSET ? "seed" : firm_stage_code((firm_stage)a->stage));
        return *out >= 0;
    case SRC_FLAG:
        *out = (a->flags & pl->bit) != 0;
        return true;
    case SRC_LOCAL:
        *out = 1; /* only firms of the policy's city get this far */
        return true;
    case SRC_FIELD:
        if (!(a->has & pl->bit))
            *out = pl->has_default ? OMIT : 0;
        else
            *out = field_of[pl->field];
        return true;
    case SRC_FOUNDED:
        if (!(a->has & pl->bit))
            *out = pl->has_default ? OMIT : date_from_ymd(2000, 1, 1);
        else
            *out = a->founded;
        return true;
    case SRC_SIZE:
    case SRC_FIXED:
        break;
    }
    return true;
}

/* The one-application population of profile values `pv` (per input; used for the firm-sourced
 * ones) and size `yuan`. */
static hs_status application(const hs_policy *p, const input_plan *plan, const int64_t *pv,
                             double yuan, hs_pop **out, hs_error *err) {
    size_t n = policy_input_count(p);
    const char *names[64];
    int64_t values[64];
    size_t k = 0;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *name = policy_input_name(p, i);
        hs_ptype t = policy_input_type(p, i);
        int64_t v = 0;
        if (plan[i].src == SRC_SIZE) {
            v = (int64_t)llround(yuan * 100.0);
        } else if (plan[i].src != SRC_FIXED) {
            if ((v = pv[i]) == OMIT)
                continue;
        } else if (plan[i].has_default) {
            continue;
        } else if (t == HS_T_DATE) {
            v = date_from_ymd(2000, 1, 1);
        } else if (t == HS_T_STRING) {
            return hs_invalid_field(err, "policy",
                                    "%s: string input '%s' has no default to project with",
                                    policy_id(p), name);
        }
        names[k] = name;
        values[k++] = v;
    }
    return pop_from_values(p, "91000000000000000X", names, values, k, out, err);
}

/* Profiles: the distinct vectors of firm-sourced input values, found by an open-addressing table
 * (profile 0 is "cannot apply" and holds no vector). */
typedef struct {
    size_t n_inputs;
    int64_t *vec; /* [profile][input] */
    size_t n, cap_vec;
    uint32_t *slot; /* profile index + 1, 0 empty */
    size_t n_slots; /* a power of two */
} profile_set;

static uint64_t vec_hash(const int64_t *v, size_t n) {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < n; i++)
        h = mc_mix64(h ^ (uint64_t)v[i]);
    return h;
}

/* The profile of vector v (added if new); -1 if out of memory or over MC_PROFILES_MAX. */
static int profile_of(profile_set *ps, const int64_t *v) {
    size_t nb = ps->n_inputs * sizeof *v;
    for (size_t s = vec_hash(v, ps->n_inputs) & (ps->n_slots - 1);;
         s = (s + 1) & (ps->n_slots - 1)) {
        uint32_t k = ps->slot[s];
        if (k == 0) {
            if (ps->n + 1 >= MC_PROFILES_MAX || ps->n + 1 > ps->n_slots / 2)
                return -1;
            if (ps->n + 2 > ps->cap_vec) {
                size_t cap = ps->cap_vec ? 2 * ps->cap_vec : 64;
                int64_t *nv = realloc(ps->vec, cap * (nb ? nb : 1));
                if (nv == NULL)
                    return -1;
                ps->vec = nv;
                ps->cap_vec = cap;
            }
            ps->n++; /* profiles 1..n; vector of profile k at row k */
            if (nb)
                memcpy(ps->vec + ps->n * ps->n_inputs, v, nb);
            ps->slot[s] = (uint32_t)ps->n;
            return (int)ps->n;
        }
        if (nb == 0 || memcmp(ps->vec + (size_t)k * ps->n_inputs, v, nb) == 0)
            return (int)k;
    }
}

/* Profile of firm a under policy m (0: cannot apply); -1 on overflow. */
static int firm_profile(const mc_policy *m, const input_plan *plan, const mc_tab_firms *tf,
                        const mc_firm_attr *a, profile_set *set, int64_t *scratch) {
    if (m->city_key[0]) {
        const char *key = a->city < tf->n_cities ? tf->city_keys[a->city] : "";
        if (strcmp(key, m->city_key) != 0)
            return 0;
    }
    for (size_t i = 0; i < set->n_inputs; i++)
        if (!firm_value(m->policy, i, &plan[i], a, &scratch[i]))
            return 0;
    return profile_of(set, scratch);
}

/* Sorts the firms and births of tf into m's profiles (m->firm_profile, birth_profile). */
static hs_status build_profiles(mc_policy *m, const input_plan *plan, const mc_tab_firms *tf,
                                profile_set *set, hs_error *err) {
    size_t n_cities = tf->n_cities ? tf->n_cities : 1;
    size_t n_births = n_cities * FIRM_SECTOR_COUNT;
    set->n_inputs = policy_input_count(m->policy);
    set->n_slots = 1;
    while (set->n_slots < 2 * MC_PROFILES_MAX)
        set->n_slots *= 2;
    set->slot = calloc(set->n_slots, sizeof *set->slot);
    int64_t *scratch = calloc(set->n_inputs + 1, sizeof *scratch);
    m->n_stages = 1;
    for (size_t i = 0; i < set->n_inputs; i++)
        if (plan[i].src == SRC_STAGE)
            m->n_stages = FIRM_STAGE_COUNT;
    m->firm_profile = calloc((tf->n_firms + 1) * m->n_stages, sizeof *m->firm_profile);
    m->birth_profile = calloc(n_births * m->n_stages, sizeof *m->birth_profile);
    if (!set->slot || !scratch || !m->firm_profile || !m->birth_profile) {
        free(scratch);
        return hs_fail(err, HS_STORAGE, "out of memory profiling firms for %s", m->id);
    }
    m->n_firms = tf->n_firms;
    m->n_cities = n_cities;
    int k = 0;
    const size_t ns = m->n_stages;
    for (size_t i = 0; i < tf->n_firms && k >= 0; i++)
        for (size_t v = 0; v < ns && k >= 0; v++) { /* v: the stage it may grow to */
            mc_firm_attr a = tf->firms[i];
            if (ns > 1)
                a.stage = (uint8_t)v;
            if ((k = firm_profile(m, plan, tf, &a, set, scratch)) >= 0)
                m->firm_profile[i * ns + v] = (uint16_t)k;
        }
    for (size_t b = 0; b < n_births && k >= 0; b++)
        for (size_t v = 0; v < ns && k >= 0; v++) {
            mc_firm_attr a = {.sector = (uint8_t)(b % FIRM_SECTOR_COUNT),
                              .stage = (uint8_t)(ns > 1 ? v : FIRM_STAGE_SEED),
                              .city = (uint16_t)(b / FIRM_SECTOR_COUNT)};
            if ((k = firm_profile(m, plan, tf, &a, set, scratch)) >= 0)
                m->birth_profile[b * ns + v] = (uint16_t)k;
        }
    free(scratch);
    if (k < 0)
        return hs_invalid_field(err, "policy",
                                "%s: its inputs split the firms into more than %d profiles (or "
                                "memory ran out); project it with fewer distinct firm values",
                                m->id, MC_PROFILES_MAX);
    m->n_profiles = set->n + 1;
    return HS_OK;
}

static hs_status read_limits(mc_policy *m, hs_date on, hs_error *err) {
    int y0, mo, d;
    date_to_ymd(on, &y0, &mo, &d);
    m->firm_year_cap = -1;
    for (int y = 0; y < MC_CAL_YEARS_MAX; y++)
        m->programme_year_cap[y] = -1;
    for (size_t i = 0; i < policy_limit_count(m->policy); i++) {
        hs_policy_limit l;
        hs_status st = policy_limit(m->policy, i, on, &l, err);
        if (st != HS_OK)
            return st;
        if (l.once && l.per_firm)
            m->once_per_firm = true;
        if (l.has_amount && l.per_firm && l.per_year)
            m->firm_year_cap = (double)l.amount_fen / 100.0;
        if (!(l.has_amount && l.per_programme && l.per_year))
            continue;
        for (int y = 0; y < MC_CAL_YEARS_MAX; y++) {
            hs_date jan1 = y == 0 ? on : date_from_ymd(y0 + y, 1, 1);
            if ((st = policy_limit(m->policy, i, jan1, &l, err)) != HS_OK)
                return st;
            m->programme_year_cap[y] = (double)l.amount_fen / 100.0;
        }
    }
    return HS_OK;
}

static hs_status tabulate_one(mc_policy *m, const mc_tab_firms *tf, hs_date on, int quarters,
                              double median, double sigma, hs_error *err) {
    size_t n_in = policy_input_count(m->policy);
    if (n_in > 64)
        return hs_invalid_field(err, "policy", "%s: too many inputs to project", m->id);
    input_plan plan[64];
    plan_inputs(m, plan, n_in);
    profile_set set = {0};
    hs_status st = build_profiles(m, plan, tf, &set, err);
    size_t cells = m->n_profiles * (size_t)quarters * MC_TEMPLATES;
    if (st == HS_OK && (m->amount = calloc(cells, sizeof *m->amount)) == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory tabulating %s", m->id);
    m->quarters = quarters;
    for (size_t k = 1; k < m->n_profiles && st == HS_OK; k++)
        for (int j = 0; j < MC_TEMPLATES && st == HS_OK; j++) {
            double z = mc_normal(((double)j + 0.5) / MC_TEMPLATES);
            double yuan = median * exp(sigma * z);
            hs_pop *pop;
            if ((st = application(m->policy, plan, n_in ? set.vec + k * n_in : NULL, yuan, &pop,
                                  err)) != HS_OK) {
                hs_error_prefix(err, "projecting %s", m->id);
                break;
            }
            for (int q = 0; q < quarters; q++) {
                hs_decision dec;
                hs_date date = date_add_months(on, 3 * (q + 1));
                if ((st = policy_eval_row(m->policy, pop, 0, date, &dec, err)) != HS_OK)
                    break;
                if (dec.status == HS_OK && dec.eligible)
                    m->amount[(k * (size_t)quarters + (size_t)q) * MC_TEMPLATES + (size_t)j] =
                        (double)dec.amount_fen / 100.0;
            }
            pop_free(pop);
        }
    free(set.vec);
    free(set.slot);
    return st == HS_OK ? read_limits(m, on, err) : st;
}

hs_status mc_policy_tabulate_firms(mc_policies *ps, const mc_tab_firms *tf, hs_date on,
                                   int quarters, double median, double sigma, hs_error *err) {
    assert(ps != NULL && tf != NULL && quarters > 0 && median >= 0 && sigma >= 0);
    assert(tf->n_firms == 0 || tf->firms != NULL);
    mc_rng_init();
    for (size_t i = 0; i < ps->n; i++) {
        assert(ps->v[i].amount == NULL); /* tabulated once */
        hs_status st = tabulate_one(&ps->v[i], tf, on, quarters, median, sigma, err);
        if (st != HS_OK)
            return st;
        assert(ps->v[i].n_profiles >= 1 && ps->v[i].n_profiles <= MC_PROFILES_MAX);
    }
    return HS_OK;
}

hs_status mc_policy_tabulate(mc_policies *ps, hs_date on, int quarters, double median, double sigma,
                             hs_error *err) {
    static const char no_key[1][MC_CITY_KEY_MAX] = {""};
    mc_tab_firms tf = {.firms = NULL, .n_firms = 0, .city_keys = no_key, .n_cities = 1};
    return mc_policy_tabulate_firms(ps, &tf, on, quarters, median, sigma, err);
}

void mc_policies_free(mc_policies *ps) {
    if (ps == NULL)
        return;
    for (size_t i = 0; i < ps->n; i++) {
        policy_free(ps->v[i].policy);
        free(ps->v[i].amount);
        free(ps->v[i].firm_profile);
        free(ps->v[i].birth_profile);
    }
    memset(ps, 0, sizeof *ps);
}
