/* fund_verify.h — checks that the fund tables agree with the ledger (the tables index what the
 * transfers did; they never hold money of their own). For every fund of a tree or group:
 *   per LP: commitments recorded = debits of fund/F/commitment/LP; calls + default cancellations
 *           recorded = its credits;
 *   per deal: cost recorded = credits of fund/F/investment/DEAL, cost still held = its balance;
 *   cash: calls - investments + exit proceeds - fees - distributions - carry = fund/F/cash,
 *         plus distributions received from sub-funds and minus calls paid into them;
 *   the derived flow totals (per kind and LP: sum and count; per kind and date: the sums of calls
 *           and distributions) = what fund_flows sum to, and the deal totals per place (count,
 *           held, cost, cost held, value, realised) = what fund_deals sum to (tables against
 *           tables);
 *   every fund event's transfers exist (legs counted by id prefix is not needed: each check above
 *   compares sums). */
#ifndef HS_INSTRUMENT_FUND_VERIFY_H
#define HS_INSTRUMENT_FUND_VERIFY_H

#include "instrument/fund.h"

typedef struct {
    bool ok;
    size_t funds, checks;
    char first_violation[512];
} fund_verify_report;

/* Verifies every fund in the tree or group `root` ("" or NULL: every fund in the book). HS_OK
 * with out->ok false when a figure disagrees (first one named); HS_NOT_FOUND if root is
 * unknown; HS_STORAGE if a figure cannot be read (never reported as a match or a mismatch). */
hs_status fund_verify(hs_store *s, const char *root, fund_verify_report *out, hs_error *err);

#endif
