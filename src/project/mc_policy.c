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
    return hs_invalid_field(err, "set",
                            "--set %s.%s: no policy '%s' in this projection (nor a model."
                            " parameter)",
                            policy_id_text, param, policy_id_text);
}

/* The enum index of member `name` of input i, -1 if none. */
static int64_t member_index(const hs_policy *p, size_t i, const char *name) {
    for (size_t k = 0; k < policy_input_enum_count(p, i); k++)
        if (strcmp(policy_input_enum_member(p, i, k), name) == 0)
            return (int64_t)k;
    return -1;
}

/* Builds the one-application population of sector s and size `yuan`; *none if the policy's
 * sector enum has no such member (the firm cannot apply). */
static hs_status application(const hs_policy *p, int s, double yuan, hs_pop **out, bool *none,
                             hs_error *err) {
    size_t n = policy_input_count(p);
    const char *names[64];
    int64_t values[64];
    size_t k = 0;
    *none = false;
    *out = NULL;
    if (n > 64)
        return hs_invalid_field(err, "policy", "%s: too many inputs to project", policy_id(p));
    for (size_t i = 0; i < n; i++) {
        const char *name = policy_input_name(p, i);
        hs_ptype t = policy_input_type(p, i);
        int64_t v = 0;
        if (t == HS_T_ENUM && strcmp(name, "sector") == 0) {
            v = member_index(p, i,
                             s == FIRM_SECTOR_UNSET ? "other" : firm_sector_code((firm_sector)s));
            if (v < 0) {
                *none = true;
                return HS_OK;
            }
        } else if (policy_input_has_default(p, i)) {
            continue;
        } else if (t == HS_T_MONEY) {
            v = (int64_t)llround(yuan * 100.0);
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

static hs_status tabulate_one(mc_policy *m, hs_date on, int quarters, double median, double sigma,
                              hs_error *err) {
    size_t cells = (size_t)quarters * FIRM_SECTOR_COUNT * MC_TEMPLATES;
    m->amount = calloc(cells, sizeof *m->amount);
    if (m->amount == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory tabulating %s", m->id);
    m->quarters = quarters;
    for (int s = 0; s < FIRM_SECTOR_COUNT; s++)
        for (int j = 0; j < MC_TEMPLATES; j++) {
            double z = mc_normal(((double)j + 0.5) / MC_TEMPLATES);
            double yuan = median * exp(sigma * z);
            hs_pop *pop;
            bool none;
            hs_status st = application(m->policy, s, yuan, &pop, &none, err);
            if (st != HS_OK)
                return hs_error_prefix(err, "projecting %s", m->id);
            for (int q = 0; q < quarters && !none; q++) {
                hs_decision dec;
                hs_date date = date_add_months(on, 3 * (q + 1));
                if ((st = policy_eval_row(m->policy, pop, 0, date, &dec, err)) != HS_OK)
                    break;
                if (dec.status == HS_OK && dec.eligible)
                    m->amount[((size_t)q * FIRM_SECTOR_COUNT + (size_t)s) * MC_TEMPLATES +
                              (size_t)j] = (double)dec.amount_fen / 100.0;
            }
            pop_free(pop);
            if (st != HS_OK)
                return st;
        }
    return read_limits(m, on, err);
}

hs_status mc_policy_tabulate(mc_policies *ps, hs_date on, int quarters, double median, double sigma,
                             hs_error *err) {
    assert(ps != NULL && quarters > 0 && median >= 0 && sigma >= 0);
    mc_rng_init();
    for (size_t i = 0; i < ps->n; i++) {
        hs_status st = tabulate_one(&ps->v[i], on, quarters, median, sigma, err);
        if (st != HS_OK)
            return st;
    }
    return HS_OK;
}

void mc_policies_free(mc_policies *ps) {
    if (ps == NULL)
        return;
    for (size_t i = 0; i < ps->n; i++) {
        policy_free(ps->v[i].policy);
        free(ps->v[i].amount);
    }
    memset(ps, 0, sizeof *ps);
}
