/* mc_firms.c — firms on a path: the failure hazard by age, unicorns, exits, applications to the
 * programme's policies (through their tabulated evaluator amounts and limits), growth (a move up
 * one stage) and births by sector and city (see mc_run.h). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "project/mc_path.h"
#include "project/mc_rng.h"

double mc_quarterly(double annual) {
    assert(annual >= 0 && annual <= 1);
    return 1.0 - pow(1.0 - annual, 0.25);
}

hs_status mc_firms_prepare(mc_shared *sh, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    size_t n = (size_t)FIRM_SECTOR_COUNT * (s->n_cities ? s->n_cities : 1);
    size_t *count = calloc(n, sizeof *count);
    sh->cells = calloc(n, sizeof *sh->cells);
    if (count == NULL || sh->cells == NULL) {
        free(count);
        return hs_fail(err, HS_STORAGE, "out of memory preparing births");
    }
    for (size_t i = 0; i < s->n_firms; i++)
        count[(size_t)s->firms[i].city * FIRM_SECTOR_COUNT + s->firms[i].sector]++;
    for (size_t c = 0; c < n; c++)
        if (count[c] > 0)
            sh->cells[sh->n_cells++] =
                (mc_cell){.sector = (int)(c % FIRM_SECTOR_COUNT),
                          .city = (int)(c / FIRM_SECTOR_COUNT),
                          .per_quarter = sh->p->birth_rate * (double)count[c] / 4.0};
    free(count);
    return HS_OK;
}

static hs_status grow(mc_pstate *ps, size_t need, hs_error *err) {
    if (need <= ps->cap_firms)
        return HS_OK;
    size_t cap = ps->cap_firms ? ps->cap_firms : 64;
    while (cap < need)
        cap *= 2;
    mc_pfirm *f = realloc(ps->firms, cap * sizeof *f);
    if (f == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory: %zu firms on one path", need);
    ps->firms = f;
    ps->cap_firms = cap;
    return HS_OK;
}

hs_status mc_firms_start(const mc_shared *sh, mc_pstate *ps, hs_error *err) {
    const mc_snapshot *s = sh->snap;
    hs_status st = grow(ps, s->n_firms, err);
    if (st != HS_OK)
        return st;
    for (size_t i = 0; i < s->n_firms; i++) {
        const mc_firm0 *f0 = &s->firms[i];
        mc_pfirm *f = &ps->firms[i];
        memset(f, 0, sizeof *f);
        *f = (mc_pfirm){.id = i,
                        .sector = f0->sector,
                        .stage = f0->stage,
                        .unicorn = f0->unicorn,
                        .alive = 1,
                        .city = f0->city,
                        .age_q = f0->age_q,
                        .funded_until_q = -1,
                        .flags = f0->flags};
    }
    ps->n_firms = s->n_firms;
    ps->next_id = s->n_firms;
    return HS_OK;
}

/* What one application pays: the evaluator's amount, within `once per firm`, the firm's and the
 * programme's yearly ceilings and the budget left. */
static void apply(const mc_shared *sh, mc_pstate *ps, mc_pfirm *f, int q, uint64_t bits) {
    const mc_policies *pols = &sh->snap->policies;
    size_t k = (size_t)(bits % pols->n);
    int j = (int)((bits >> 16) % MC_TEMPLATES);
    const mc_policy *m = &pols->v[k];
    size_t profile = mc_policy_profile(m, f->id, f->city, f->sector, f->stage);
    if (profile == 0) /* not of the policy's city, or not of a sector or stage it names */
        return;
    assert(profile < m->n_profiles);
    double amount = mc_policy_amount(m, q, profile, j);
    if (amount <= 0)
        return;
    ps->demand += amount;
    if (m->once_per_firm && (f->got & (1u << k)))
        return;
    int cy = sh->cal_year_of_q[q];
    if (f->paid_year != cy) {
        f->paid_year = cy;
        memset(f->paid_in_year, 0, sizeof f->paid_in_year);
    }
    if (m->firm_year_cap >= 0 && amount > m->firm_year_cap - f->paid_in_year[k])
        amount = m->firm_year_cap - f->paid_in_year[k];
    double prog_cap = m->programme_year_cap[cy < MC_CAL_YEARS_MAX ? cy : MC_CAL_YEARS_MAX - 1];
    if (prog_cap >= 0 && amount > prog_cap - ps->programme_year_paid[k])
        amount = prog_cap - ps->programme_year_paid[k];
    double *left = m->budget_index >= 0 ? &ps->budget_left[m->budget_index] : NULL;
    if (left == NULL || amount > *left)
        amount = left ? *left : 0;
    if (amount <= 0.005) /* less than a fen */
        return;
    *left -= amount;
    ps->budget_used += amount;
    ps->programme_year_paid[k] += amount;
    f->paid_in_year[k] += (float)amount;
    f->got |= (uint8_t)(1u << k);
    f->funded_until_q = q + 3;
}

static hs_status births(const mc_shared *sh, mc_pstate *ps, int q, hs_error *err) {
    const mc_run_options *o = sh->opt;
    for (size_t c = 0; c < sh->n_cells; c++) {
        double u =
            mc_uniform(mc_bits(o->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_BIRTH, c));
        int64_t k = mc_poisson(sh->cells[c].per_quarter, u);
        if (k == 0)
            continue;
        hs_status st = grow(ps, ps->n_firms + (size_t)k, err);
        if (st != HS_OK)
            return st;
        for (int64_t i = 0; i < k; i++) {
            mc_pfirm *f = &ps->firms[ps->n_firms++];
            memset(f, 0, sizeof *f);
            f->id = ps->next_id++;
            f->sector = (uint8_t)sh->cells[c].sector;
            f->city = (uint16_t)sh->cells[c].city;
            f->stage = FIRM_STAGE_SEED;
            f->alive = 1;
            f->funded_until_q = -1;
        }
    }
    return HS_OK;
}

hs_status mc_firms_quarter(const mc_shared *sh, mc_pstate *ps, int q, hs_error *err) {
    const mc_params *p = sh->p;
    const mc_run_options *o = sh->opt;
    size_t n_pol = sh->snap->policies.n;
    double apply_q = sh->apply_q * (double)n_pol;
    const uint64_t firm_key = mc_key(o->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_FIRM);
    const uint64_t apply_key = mc_key(o->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_APPLY);
    const uint64_t stage_key = mc_key(o->seed, (uint64_t)ps->path, (uint32_t)q, MC_STREAM_STAGE);
    for (size_t i = 0; i < ps->n_firms; i++) {
        mc_pfirm *f = &ps->firms[i];
        if (!f->alive)
            continue;
        uint64_t bits = mc_bits_at(firm_key, f->id);
        int age_y = f->age_q / 4;
        double h = sh->hazard_q[age_y < MC_HAZARD_YEARS ? age_y : MC_HAZARD_YEARS - 1];
        if (f->unicorn)
            h *= p->unicorn_hazard_factor;
        if (f->funded_until_q >= q)
            h *= p->funded_hazard_factor;
        if (mc_uniform21(bits, 0) < h) {
            f->alive = 0;
            mc_deals_firm_event(sh, ps, f->id, q, false); /* its funds write their stakes off */
            continue;
        }
        double u1 = mc_uniform21(bits, 1);
        if (!f->unicorn && f->age_q >= sh->unicorn_min_q && u1 < sh->unicorn_q)
            f->unicorn = 1;
        if (sh->stage_up_q > 0 && f->stage >= FIRM_STAGE_SEED && f->stage < FIRM_STAGE_MATURE &&
            mc_uniform(mc_bits_at(stage_key, f->id)) < sh->stage_up_q)
            f->stage++; /* growth: seed -> startup -> growth -> mature */
        if (!f->exited && f->age_q >= sh->exit_min_q && 1.0 - u1 < sh->exit_q) {
            f->exited = 1;
            ps->exits += 1;
            mc_deals_firm_event(sh, ps, f->id, q, true); /* its funds sell their stakes */
        }
        if (n_pol > 0 && mc_uniform21(bits, 2) < apply_q)
            apply(sh, ps, f, q, mc_bits_at(apply_key, f->id));
        f->age_q++;
    }
    return births(sh, ps, q, err);
}
