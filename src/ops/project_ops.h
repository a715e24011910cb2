/* project_ops.h — the projection's start: a snapshot (project/mc_snapshot.h) of the live book and
 * registry of a programme on a date, and storing a run's target probabilities. Called by
 * `huoshui project run|compare`.
 *
 * What is read: every firm of the registry (sector, city and its GB/T 2260 key, stage, flags,
 * figures the policies may read, age from the founding date); the programme's targets with their
 * actual on the date (target_ops.h); its funds (those an LP pays from its budgets: committed,
 * paid-in, NAV, distributions, government share, age, life, investment period) and their deals
 * held on the date in registry firms (at their mark; others are counted and left in the fund's
 * T–A part); each policy's city from its title (the division table of DATA, else names less 市);
 * its risk pools (balance, claim rule) and their loans outstanding; its budgets (left and
 * paid); and its subsidy and voucher policies: every shipped file under DATA/policies whose budget
 * is one of the programme's (budget/<programme>/...), plus the files named. Targets and funds are
 * read first (the fund report opens its own read snapshot); firms, pools, loans and budgets are
 * then read in one read transaction. Nothing is written. */
#ifndef HS_OPS_PROJECT_OPS_H
#define HS_OPS_PROJECT_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "ops/ops.h"
#include "project/mc_run.h"
#include "project/mc_snapshot.h"

typedef struct {
    const char *programme;
    hs_date on;                      /* 0: today */
    const char *const *policy_files; /* more policies (may be NULL) */
    size_t n_policy_files;
    int new_funds; /* what-if: this many new funds of new_fund_size at age 0 */
    int64_t new_fund_size_fen;
} project_request;

/* Fills *out (mc_snapshot_free) for the request. HS_NOT_FOUND if the programme does not exist
 * and has no targets; HS_INPUT for a bad policy file (named); HS_STORAGE if the book cannot be
 * read. */
hs_status ops_project_snapshot(const hs_ctx *ctx, const project_request *req, mc_snapshot *out,
                               hs_error *err);

/* Stores the probability of each projected target of `snap` from summary probabilities (NaN:
 * not projected, not stored) in one transaction, so that `report targets` shows them. */
hs_status ops_project_store_probabilities(const hs_ctx *ctx, const mc_snapshot *snap,
                                          const double *probability, int64_t paths, uint64_t seed,
                                          hs_error *err);

#endif
