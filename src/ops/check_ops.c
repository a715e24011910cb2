/* check_ops.c — the book-wide check (see check_ops.h). */
#include "ops/check_ops.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "instrument/fund_verify.h"
#include "instrument/guarantee_verify.h"
#include "instrument/interest_verify.h"
#include "instrument/ventureday.h"
#include "instrument/first_unit_verify.h"
#include "instrument/rdreserve_verify.h"
#include "instrument/verify.h"
#include "audit/audit_verify.h"

hs_status ops_book_check(const hs_ctx *ctx, book_check_report *out, hs_error *err) {
    assert(ctx != NULL && ctx->store != NULL && out != NULL);
    hs_store *s = ctx->store;
    memset(out, 0, sizeof *out);
    store_check_report report;
    hs_status st = store_check(s, &report, err);
    if (st != HS_OK)
        return st;
    out->ok = report.ok;
    out->accounts = report.accounts;
    out->transfers = report.transfers;
    snprintf(out->first_violation, sizeof out->first_violation, "%s",
             report.ok ? "" : report.first_violation);
    /* modules that index the ledger in their own tables are checked against it too */
    bool fund = false;
    if (out->ok && (st = instrument_module_present(s, "fund", &fund, err)) != HS_OK)
        return st;
    if (out->ok && fund) {
        fund_verify_report fr = {.ok = true};
        if ((st = fund_verify(s, NULL, &fr, err)) != HS_OK)
            return st;
        if (!fr.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation,
                     "fund tables agree with the ledger: %s", fr.first_violation);
        }
    }
    if (out->ok) {
        instrument_verify_report inst;
        if ((st = instrument_verify(s, &inst, err)) != HS_OK)
            return st;
        if (!inst.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation, "%s", inst.first_violation);
        }
    }
    if (out->ok) { /* interest subsidies: each paid accrual is its transfer, and no more */
        interest_verify_report ir;
        if ((st = interest_verify(s, &ir, err)) != HS_OK)
            return st;
        if (!ir.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation,
                     "interest tables agree with the ledger: %s", ir.first_violation);
        }
    }
    if (out->ok) { /* guarantees: each guarantor's capital and fees are what its records say */
        guarantee_verify_report gr;
        if ((st = guarantee_verify(s, &gr, err)) != HS_OK)
            return st;
        if (!gr.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation,
                     "guarantee tables agree with the ledger: %s", gr.first_violation);
        }
    }
    if (out->ok) { /* venture days: every investment a follow-up names is the fund module's deal */
        vd_verify_report vr;
        if ((st = vd_verify(s, &vr, err)) != HS_OK)
            return st;
        if (!vr.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation, "%s", vr.first_violation);
        }
    }
    if (out->ok) { /* R&D reserves: each paid reserve is its transfer, and no more */
        rdreserve_verify_report rr;
        if ((st = rdreserve_verify(s, &rr, err)) != HS_OK)
            return st;
        if (!rr.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation,
                     "R&D-reserve tables agree with the ledger: %s", rr.first_violation);
        }
    }
    if (out->ok) { /* first units: each premium subsidy and claim top-up is its transfer */
        first_unit_verify_report fu;
        if ((st = first_unit_verify(s, &fu, err)) != HS_OK)
            return st;
        if (!fu.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation,
                     "first-unit tables agree with the ledger: %s", fu.first_violation);
        }
    }
    if (out->ok) { /* the audit chain, last: the ledger it links to is sound by now */
        audit_verify_report audit;
        if ((st = audit_verify(s, &audit, err)) != HS_OK)
            return st;
        if (!audit.ok) {
            out->ok = false;
            snprintf(out->first_violation, sizeof out->first_violation,
                     "audit chain broken at sequence %lld: %s", (long long)audit.broken_seq,
                     audit.why);
        }
    }
    assert(out->ok || out->first_violation[0] != '\0'); /* a violation is always named */
    return HS_OK;
}

json_t *view_book_check(const book_check_report *r) {
    assert(r != NULL);
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_boolean(r->ok));
    json_object_set_new(o, "accounts", json_integer(r->accounts));
    json_object_set_new(o, "transfers", json_integer(r->transfers));
    if (!r->ok)
        json_object_set_new(o, "violation", json_string(r->first_violation));
    return o;
}
