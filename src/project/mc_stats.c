/* mc_stats.c — percentiles, probabilities and paired differences of projection paths (see
 * mc_stats.h). */
#include "project/mc_stats.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double mc_quantile_sorted(const double *v, size_t n, double q) {
    assert(n > 0 && q >= 0 && q <= 1);
    double h = (double)(n - 1) * q;
    size_t i = (size_t)h;
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (h - (double)i) * (v[i + 1] - v[i]);
}

hs_status mc_summarize(const mc_result *r, mc_summary *s, hs_error *err) {
    assert(r != NULL && s != NULL && r->paths > 0);
    memset(s, 0, sizeof *s);
    s->years = r->years;
    s->paths = r->paths;
    size_t n = (size_t)r->paths;
    double *buf = malloc(n * sizeof *buf);
    s->n_targets = r->n_targets;
    s->target_probability = malloc((r->n_targets ? r->n_targets : 1) * sizeof(double));
    if (buf == NULL || s->target_probability == NULL) {
        free(buf);
        mc_summary_free(s);
        return hs_fail(err, HS_STORAGE, "out of memory summarising %zu paths", n);
    }
    for (int m = 0; m < MC_METRICS; m++)
        for (int y = 1; y <= r->years; y++) {
            double sum = 0;
            for (size_t p = 0; p < n; p++)
                sum += buf[p] = mc_result_value(r, (mc_metric)m, y, (int64_t)p);
            qsort(buf, n, sizeof *buf, cmp_double);
            s->band[m][y - 1] = (mc_band){.p10 = mc_quantile_sorted(buf, n, 0.1),
                                          .p50 = mc_quantile_sorted(buf, n, 0.5),
                                          .p90 = mc_quantile_sorted(buf, n, 0.9),
                                          .mean = sum / (double)n};
        }
    size_t short_paths = 0;
    for (size_t p = 0; p < n; p++) {
        int32_t q = r->depletion_q[p];
        short_paths += q >= 0;
        buf[p] = q >= 0 ? (double)q : INFINITY; /* never: after every quarter */
    }
    qsort(buf, n, sizeof *buf, cmp_double);
    s->depletion_share = (double)short_paths / (double)n;
    static const double qs[3] = {0.1, 0.5, 0.9};
    for (int k = 0; k < 3; k++) {
        double v = buf[(size_t)floor(qs[k] * (double)(n - 1))]; /* lower rank: no interpolation */
        s->depletion_q[k] = isfinite(v) ? (int32_t)v : -1;
    }
    for (size_t t = 0; t < r->n_targets; t++) {
        size_t hit = 0, projected = 0;
        for (size_t p = 0; p < n; p++) {
            int8_t v = r->reached[t * n + p];
            projected += v >= 0;
            hit += v == 1;
        }
        s->target_probability[t] = projected == n ? (double)hit / (double)n : NAN;
    }
    free(buf);
    return HS_OK;
}

void mc_summary_free(mc_summary *s) {
    if (s == NULL)
        return;
    free(s->target_probability);
    memset(s, 0, sizeof *s);
}

/* Mean and 95% interval of d(p) over the paths, by Welford's running variance. */
typedef struct {
    double mean, m2;
    size_t n;
} running;

static void add(running *r, double x) {
    r->n++;
    double d = x - r->mean;
    r->mean += d / (double)r->n;
    r->m2 += d * (x - r->mean);
}

static mc_diff finish(const running *r) {
    double se = r->n > 1 ? sqrt(r->m2 / (double)(r->n - 1) / (double)r->n) : 0;
    return (mc_diff){.mean = r->mean, .lo = r->mean - 1.96 * se, .hi = r->mean + 1.96 * se};
}

mc_diff mc_diff_metric(const mc_result *base, const mc_result *variant, mc_metric m, int y) {
    assert(base->paths == variant->paths && y >= 1 && y <= base->years && y <= variant->years);
    running r = {0};
    for (int64_t p = 0; p < base->paths; p++)
        add(&r, mc_result_value(variant, m, y, p) - mc_result_value(base, m, y, p));
    return finish(&r);
}

mc_diff mc_diff_target(const mc_result *base, const mc_result *variant, size_t t) {
    assert(base->paths == variant->paths && t < base->n_targets && t < variant->n_targets);
    running r = {0};
    size_t n = (size_t)base->paths;
    for (size_t p = 0; p < n; p++) {
        int8_t a = base->reached[t * n + p], b = variant->reached[t * n + p];
        if (a < 0 || b < 0)
            return (mc_diff){NAN, NAN, NAN};
        add(&r, (double)(b - a));
    }
    return finish(&r);
}
