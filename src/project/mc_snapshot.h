/* mc_snapshot.h — what a projection starts from: a plain in-memory copy of the live book and
 * registry on one date (firms, loans outstanding, pools, budgets left, funds, the programme's
 * policies and targets). Filled by src/ops/project_ops.c; the simulation (mc_run.h) reads only
 * this and never touches the store. Money is in yuan as doubles (the projection is an
 * estimate), except what is handed back to the credit rule (credit_claim_decide), in fen. */
#ifndef HS_PROJECT_MC_SNAPSHOT_H
#define HS_PROJECT_MC_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "instrument/credit_pool.h"
#include "instrument/target.h"
#include "project/mc_policy.h"

typedef struct {
    uint8_t sector;  /* firm_sector */
    uint8_t unicorn; /* 0/1 */
    uint16_t city;   /* index into mc_snapshot.cities */
    int32_t age_q;   /* age in quarters on the start date */
    uint32_t flags;  /* FIRM_FLAG_* of the registry (births: none) */
    uint8_t stage;   /* firm_stage (births: seed) */
} mc_firm0;

typedef struct {
    double outstanding; /* yuan of principal outstanding */
    double amount;      /* the original principal (what a renewal lends again) */
    int32_t pool;       /* index into pools, -1: none */
    int32_t bank;       /* index of the bank (per-bank annual claim caps) */
    int32_t quarters_left;
    int32_t term_quarters;
    int64_t unsecured_bp;
    uint8_t first_loan;
} mc_loan0;

typedef struct {
    char id[CREDIT_ID_MAX];
    credit_pool_params params;
    double balance; /* yuan */
} mc_pool0;

typedef struct {
    char account[128];
    double remaining; /* yuan left in the budget on the start date */
    double paid;      /* yuan paid out of it before the start date */
} mc_budget0;

typedef struct {
    char id[64];
    char group[64], parent[64]; /* its group and mother fund ("" none): a target's fund= tree */
    double committed, paid_in, nav, distributed; /* yuan */
    double gov_share;      /* government money / committed (look-through), 0..1 */
    int32_t age_q;         /* quarters since the vintage */
    int32_t life_q;        /* invest + exit + extension years, in quarters */
    double invested;       /* cost of deals + into sub-funds so far */
    int32_t invest_q;      /* its investment period from the vintage, quarters (0: the model's
                              fund_investment_years) */
    uint8_t recycling_set; /* 1: `recycling` is this fund's own (--set model.fund_recycling.ID) */
    double recycling;      /* share of exit proceeds and distributions redeployed in the
                              investment period (else the model's fund_recycling) */
    int32_t first_deal, n_deals; /* its listed deals: deals[first_deal .. + n_deals) */
} mc_fund0;

/* A deal the book lists for a fund, in a firm of the registry, held on the start date: its firm's
 * exit on a path returns value x an exit multiple to the fund; its failure writes it off. */
typedef struct {
    int32_t fund;     /* index into funds */
    int32_t firm;     /* index into firms (registry firm) */
    double value;     /* yuan: the fund's stake at its latest mark (else cost) on the start date */
    double cost;      /* yuan: cost still held */
    int64_t share_bp; /* the equity share the fund holds */
} mc_deal0;

typedef struct {
    hs_date on;
    char programme[TARGET_ID_MAX];
    mc_firm0 *firms;
    size_t n_firms;
    char (*cities)[64];
    size_t n_cities;
    mc_loan0 *loans;
    size_t n_loans;
    size_t n_banks;
    mc_pool0 *pools;
    size_t n_pools;
    mc_budget0 *budgets;
    size_t n_budgets;
    mc_fund0 *funds;
    size_t n_funds;
    mc_deal0 *deals; /* grouped by fund, in the fund's deal order */
    size_t n_deals;
    size_t n_deals_unlisted;  /* held deals left to T–A: their firm is not in the registry */
    mc_firm_attr *firm_attrs; /* per firm: what the policies read */
    char (*city_keys)[MC_CITY_KEY_MAX]; /* per city: its normalised key (division code) */
    mc_policies policies;               /* the programme's subsidy and voucher policies */
    target *targets;
    size_t n_targets;
    double *target_start;  /* each target's actual on the start date (imported or computed) */
    uint8_t *target_known; /* 0: no actual on the start date (output then unknown) */
} mc_snapshot;

/* Frees everything the snapshot owns (and zeroes it); safe on a zeroed snapshot. */
void mc_snapshot_free(mc_snapshot *s);

#endif
