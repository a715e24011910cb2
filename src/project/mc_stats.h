/* mc_stats.h — what a projection's paths say: P10/P50/P90 (and the mean) of every yearly figure,
 * the pools' depletion (share of paths and the quarter's percentiles), each target's probability,
 * and for `project compare` the paired difference of two runs on common random numbers with its
 * 95% confidence interval (mean +- 1.96 standard errors of the per-path differences). */
#ifndef HS_PROJECT_MC_STATS_H
#define HS_PROJECT_MC_STATS_H

#include "project/mc_run.h"

typedef struct {
    double p10, p50, p90, mean;
} mc_band;

typedef struct {
    int years;
    int64_t paths;
    mc_band band[MC_METRICS][MC_YEARS_MAX]; /* [metric][year - 1] */
    double depletion_share;                 /* paths whose pools ran short within the horizon */
    int32_t depletion_q[3];                 /* P10/P50/P90 quarter (-1: not by then) */
    size_t n_targets;
    double *target_probability; /* NaN: not projected */
} mc_summary;

/* A paired difference (variant - baseline) over the paths. */
typedef struct {
    double mean, lo, hi; /* the mean and its 95% confidence interval */
} mc_diff;

/* Summarises r into *s (mc_summary_free). HS_STORAGE if out of memory. */
hs_status mc_summarize(const mc_result *r, mc_summary *s, hs_error *err);
/* Frees the summary's arrays; safe on a zeroed one. */
void mc_summary_free(mc_summary *s);
/* The paired difference of metric m at the end of year y between two runs of the same paths. */
mc_diff mc_diff_metric(const mc_result *base, const mc_result *variant, mc_metric m, int y);
/* The paired difference of target t's reached indicator (a probability difference); NaN mean if
 * either run did not project it. */
mc_diff mc_diff_target(const mc_result *base, const mc_result *variant, size_t t);
/* The q-quantile (0..1) of v[0..n) sorted ascending, by linear interpolation (type 7). */
double mc_quantile_sorted(const double *v, size_t n, double q);

#endif
