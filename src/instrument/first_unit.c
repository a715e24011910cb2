/* first_unit.c — first units of major equipment (首台套): the catalogue, insured units, the premium
 * subsidy and claims (see first_unit.h). The module's rows go through first_unit_repo.h; money
 * only through the ledger (instrument_apply). */
#include "instrument/first_unit.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "instrument/credit_db.h"
#include "instrument/first_unit_repo.h"
#include "instrument/programme.h"
#include "policy/policy.h"

static const char *const party_names[] = {"maker", "buyer"};
static const char *const status_names[] = {"registered", "subsidised"};
static const char *const failure_names[] = {"quality", "liability", "other"};

const char *first_unit_party_name(first_unit_party p) {
    assert(p == FIRST_UNIT_MAKER || p == FIRST_UNIT_BUYER);
    return party_names[p];
}

bool first_unit_party_parse(const char *text, first_unit_party *out) {
    for (int i = 0; i <= FIRST_UNIT_BUYER; i++)
        if (text != NULL && strcmp(text, party_names[i]) == 0) {
            *out = (first_unit_party)i;
            return true;
        }
    return false;
}

const char *first_unit_status_name(first_unit_status s) {
    assert(s == FIRST_UNIT_REGISTERED || s == FIRST_UNIT_SUBSIDISED);
    return status_names[s];
}

const char *first_unit_failure_name(first_unit_failure f) {
    assert(f >= FIRST_UNIT_FAIL_QUALITY && f <= FIRST_UNIT_FAIL_OTHER);
    return failure_names[f];
}

bool first_unit_failure_parse(const char *text, first_unit_failure *out) {
    for (int i = 0; i <= FIRST_UNIT_FAIL_OTHER; i++)
        if (text != NULL && strcmp(text, failure_names[i]) == 0) {
            *out = (first_unit_failure)i;
            return true;
        }
    return false;
}

hs_date first_unit_cover_to(hs_date from, int32_t years) {
    assert(years >= 1 && years <= FIRST_UNIT_YEARS_MAX);
    return date_add_days(date_add_years(from, years), -1);
}

static hs_status require_id(const char *id, const char *field, hs_error *err) {
    if (id == NULL || strlen(id) >= FIRST_UNIT_ID_MAX || strchr(id, '.') != NULL ||
        !credit_id_valid(id))
        return hs_invalid_field(err, field,
                                "field '%s': an id of 1-%d bytes without '/', '.', spaces, "
                                "commas or quotes",
                                field, FIRST_UNIT_ID_MAX - 1);
    return HS_OK;
}

static hs_status require_firm(const char *uscc, const char *field, hs_error *err) {
    hs_status st = instrument_firm_check(uscc, err);
    if (st != HS_OK)
        snprintf(err->field, sizeof err->field, "%s", field);
    return st;
}

/* ---- the catalogue ---- */

hs_status first_unit_catalogue_add(hs_tx *tx, const first_unit_item *it, bool *existed,
                                   hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && it != NULL);
    hs_status st = require_id(it->item, "item", err);
    if (st != HS_OK)
        return st;
    if (it->name[0] == '\0')
        return hs_invalid_field(err, "name", "field 'name': the equipment's name is required");
    first_unit_item old;
    bool found = false;
    if ((st = first_unit_repo_item_get(tx->store, it->item, &old, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(old.name, it->name) != 0 || strcmp(old.category, it->category) != 0 ||
            strcmp(old.edition, it->edition) != 0)
            return hs_fail_code(err, HS_INPUT, "id_reused", "item",
                                "catalogue item '%s' exists as %s", it->item, old.name);
        if (existed != NULL)
            *existed = true;
        return HS_OK;
    }
    first_unit_item row = *it;
    row.added_date = tx->today;
    if ((st = first_unit_repo_item_insert(tx, &row, err)) == HS_OK && existed != NULL)
        *existed = false;
    return st;
}

hs_status first_unit_catalogue_each(hs_store *s,
                                    hs_status (*fn)(void *ctx, const first_unit_item *it,
                                                    hs_error *err),
                                    void *ctx, hs_error *err) {
    return first_unit_repo_items_each(s, fn, ctx, err);
}

/* ---- units ---- */

static hs_status check_request(const first_unit_request *r, hs_error *err) {
    hs_status st;
    if ((st = require_id(r->id, "unit", err)) != HS_OK ||
        (st = require_id(r->item, "item", err)) != HS_OK ||
        (st = require_firm(r->maker, "maker", err)) != HS_OK ||
        (st = require_firm(r->buyer, "buyer", err)) != HS_OK)
        return st;
    if (strcmp(r->maker, r->buyer) == 0)
        return hs_invalid_field(err, "buyer", "field 'buyer': a maker does not buy its own unit");
    if (r->price_fen <= 0)
        return hs_invalid_field(err, "price", "field 'price': a positive amount");
    if (r->premium_fen <= 0)
        return hs_invalid_field(err, "premium", "field 'premium': a positive amount");
    if (r->unit_no < 1 || r->unit_no > 1000)
        return hs_invalid_field(err, "unit_no", "field 'unit_no': 1..1000");
    if (r->cover_years < 1 || r->cover_years > FIRST_UNIT_YEARS_MAX)
        return hs_invalid_field(err, "years", "field 'years': whole years 1..%d",
                                FIRST_UNIT_YEARS_MAX);
    if (r->cover_from == 0)
        return hs_invalid_field(err, "from", "field 'from': the cover's first day");
    if (r->insurer[0] == '\0')
        return hs_invalid_field(err, "insurer", "field 'insurer': the insurer's name");
    return HS_OK;
}

static bool same_request(const first_unit_request *a, const first_unit_request *b) {
    return strcmp(a->item, b->item) == 0 && strcmp(a->maker, b->maker) == 0 &&
           strcmp(a->buyer, b->buyer) == 0 && a->price_fen == b->price_fen &&
           a->unit_no == b->unit_no && a->insured == b->insured &&
           strcmp(a->insurer, b->insurer) == 0 && a->premium_fen == b->premium_fen &&
           a->cover_from == b->cover_from && a->cover_years == b->cover_years;
}

hs_status first_unit_register(hs_tx *tx, const instrument_policy *ip, const first_unit_request *r,
                              hs_date on, first_unit *out, bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && ip != NULL && r != NULL && out != NULL);
    hs_status st = check_request(r, err);
    if (st != HS_OK)
        return st;
    if (policy_instrument(ip->policy) != HS_INSTR_SUBSIDY)
        return hs_invalid_field(err, "policy", "%s feeds instrument %s, not subsidy", ip->path,
                                policy_instrument_name(policy_instrument(ip->policy)));
    if ((st = instrument_policy_for_module(ip, "first_unit", err)) != HS_OK)
        return st;
    first_unit u;
    memset(&u, 0, sizeof u);
    u.req = *r;
    u.cover_to = first_unit_cover_to(r->cover_from, r->cover_years);
    instrument_policy_ref_of(ip, &u.policy);
    u.registered_date = on;
    u.status = FIRST_UNIT_REGISTERED;
    snprintf(u.inputs, sizeof u.inputs, "{}");
    first_unit old;
    bool found = false;
    if ((st = first_unit_repo_get(tx->store, r->id, &old, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (!same_request(&old.req, r) || strcmp(old.policy.sha256, u.policy.sha256) != 0)
            return hs_fail_code(err, HS_INPUT, "id_reused", "unit",
                                "first unit '%s' exists with other terms (%s, %s -> %s)", r->id,
                                old.req.item, old.req.maker, old.req.buyer);
        if (existed != NULL)
            *existed = true;
        *out = old;
        return HS_OK;
    }
    if ((st = programme_require_open(tx->store, u.policy.programme, err)) != HS_OK)
        return st;
    hs_account budget;
    if ((st = hs_tx_account_get(tx, u.policy.budget, &budget, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "budget", "no budget %s (policy %s draws on it)", u.policy.budget,
                            ip->path);
    if ((st = instrument_policy_record(tx, ip, "first_unit.register", r->id, on, err)) != HS_OK ||
        (st = first_unit_repo_insert(tx, &u, err)) != HS_OK)
        return st;
    if (existed != NULL)
        *existed = false;
    *out = u;
    return HS_OK;
}

hs_status first_unit_get(hs_store *s, const char *id, first_unit *out, bool *found, hs_error *err) {
    return first_unit_repo_get(s, id, out, found, err);
}

hs_status first_unit_each(hs_store *s, const char *firm,
                          hs_status (*fn)(void *ctx, const first_unit *u, hs_error *err), void *ctx,
                          hs_error *err) {
    return first_unit_repo_each(s, firm, fn, ctx, err);
}

hs_status first_unit_claims_each(hs_store *s, const char *unit,
                                 hs_status (*fn)(void *ctx, const first_unit_claim *c,
                                                 hs_error *err),
                                 void *ctx, hs_error *err) {
    return first_unit_repo_claims_each(s, unit, fn, ctx, err);
}

/* ---- decisions ---- */

static void money_text(int64_t fen, char *buf, size_t len) {
    assert(fen >= 0);
    snprintf(buf, len, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

hs_status first_unit_inputs(hs_store *s, const first_unit *u, const first_unit_claim *c,
                            first_unit_firm_inputs_fn fn, void *fn_ctx, json_t **out,
                            hs_error *err) {
    assert(s != NULL && u != NULL && out != NULL);
    first_unit_item it;
    bool listed = false;
    hs_status st = first_unit_repo_item_get(s, u->req.item, &it, &listed, err);
    if (st != HS_OK)
        return st;
    char price[48], premium[48], unit_no[16], years[16], loss[48], paid[48];
    money_text(u->req.price_fen, price, sizeof price);
    money_text(u->req.premium_fen, premium, sizeof premium);
    money_text(c ? c->loss_fen : 0, loss, sizeof loss);
    money_text(c ? c->insurer_paid_fen : 0, paid, sizeof paid);
    snprintf(unit_no, sizeof unit_no, "%d", (int)u->req.unit_no);
    snprintf(years, sizeof years, "%d", (int)u->req.cover_years);
    bool in_cover = c != NULL && c->date >= u->req.cover_from && c->date <= u->cover_to;
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "event",
                           c ? "claim" : "premium", "on_catalogue", listed ? "true" : "false",
                           "unit_no", unit_no, "price", price, "premium_total", premium,
                           "cover_years", years, "insured", first_unit_party_name(u->req.insured),
                           "failure", c ? first_unit_failure_name(c->failure) : "none", "loss",
                           loss, "insurer_paid", paid, "in_cover", in_cover ? "true" : "false");
    if (in == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory building inputs");
    const char *party = u->req.insured == FIRST_UNIT_MAKER ? u->req.maker : u->req.buyer;
    if (fn != NULL && (st = fn(fn_ctx, party, in, err)) != HS_OK) {
        json_decref(in);
        return st;
    }
    *out = in;
    return HS_OK;
}

/* Decides event (premium when c is NULL, else claim c) for unit u on `on`: *amount_fen and the
 * clause, the inputs' JSON text into inputs_text; HS_REFUSED not_eligible when the policy says
 * no. */
static hs_status decide(hs_tx *tx, const first_unit *u, const first_unit_claim *c,
                        first_unit_firm_inputs_fn fn, void *fn_ctx, hs_date on, int64_t *amount_fen,
                        char *clause, size_t clause_len, char *inputs_text, size_t inputs_len,
                        hs_error *err) {
    instrument_policy ip;
    hs_status st = instrument_policy_stored(tx, &u->policy, HS_INSTR_SUBSIDY, &ip, err);
    if (st != HS_OK)
        return st;
    json_t *inputs = NULL;
    hs_decision d;
    if ((st = first_unit_inputs(tx->store, u, c, fn, fn_ctx, &inputs, err)) == HS_OK &&
        (st = instrument_inputs_text(inputs, inputs_text, inputs_len, err)) == HS_OK)
        st = instrument_decide(&ip, u->req.id, inputs, on, &d, err);
    json_decref(inputs);
    if (st == HS_OK && !d.eligible)
        st = hs_fail_code(err, HS_REFUSED, "not_eligible", c ? "claim" : "unit",
                          "%s of first unit %s is not %s under %s: %s",
                          c ? "the claim" : "the premium", u->req.id,
                          c ? "a qualifying failure" : "subsidised", ip.label, d.reason);
    if (st == HS_OK) {
        *amount_fen = d.amount_fen;
        snprintf(clause, clause_len, "%s", policy_amount_clause(ip.policy));
    }
    instrument_policy_free(&ip);
    return st;
}

/* Pays amount_fen from the unit's budget to firm/<payee>/cash in the transaction. */
static hs_status pay(hs_tx *tx, const first_unit *u, const char *payee, int64_t amount_fen,
                     const char *code, const char *kind, int seq, const char *claim,
                     const char *clause_text, char *account, size_t account_len,
                     char transfer_id[TRANSFER_ID_MAX], hs_error *err) {
    assert(amount_fen > 0);
    hs_status st = instrument_firm_account(tx, payee, account, account_len, err);
    if (st != HS_OK ||
        (st = instrument_transfer_id(transfer_id, "fu", u->req.id, kind, seq, err)) != HS_OK)
        return st;
    hs_transfer t;
    credit_transfer_init(&t, transfer_id, u->policy.budget, account, amount_fen, code, tx->today,
                         false);
    char clause[160];
    snprintf(clause, sizeof clause, "%.150s", clause_text);
    const char *refs[] = {"instrument",    "first_unit", "unit", u->req.id, "firm", payee, "policy",
                          u->policy.label, "clause",     clause, "claim",   claim,  NULL,  NULL};
    if ((st = credit_transfer_refs(&t, refs, err)) != HS_OK)
        return st;
    return instrument_apply(tx, &t, 1, kind[0] == 'p' ? "premium subsidy" : "claim top-up", err);
}

hs_status first_unit_subsidise(hs_tx *tx, const char *id, first_unit_firm_inputs_fn fn,
                               void *fn_ctx, first_unit *out, bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && out != NULL && existed != NULL);
    *existed = false;
    bool found = false;
    hs_status st = first_unit_repo_get(tx->store, id ? id : "", out, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "unit", "no first unit '%s'", id ? id : "");
    if (out->status == FIRST_UNIT_SUBSIDISED) { /* once: the record, nothing paid */
        *existed = true;
        return HS_OK;
    }
    if ((st = programme_require_open(tx->store, out->policy.programme, err)) != HS_OK)
        return st;
    int64_t amount = 0;
    if ((st = decide(tx, out, NULL, fn, fn_ctx, tx->today, &amount, out->clause, sizeof out->clause,
                     out->inputs, sizeof out->inputs, err)) != HS_OK)
        return st;
    if (amount <= 0)
        return hs_fail_code(err, HS_REFUSED, "not_eligible", "unit",
                            "the premium of first unit %s: %s gives nothing", id,
                            out->policy.label);
    const char *payee = out->req.insured == FIRST_UNIT_MAKER ? out->req.maker : out->req.buyer;
    if ((st = pay(tx, out, payee, amount, FIRST_UNIT_SUBSIDY_CODE, "p", 1, "", out->clause,
                  out->payee_account, sizeof out->payee_account, out->transfer_id, err)) != HS_OK)
        return st;
    out->computed_fen = out->subsidy_fen = amount;
    out->subsidy_date = tx->today;
    out->status = FIRST_UNIT_SUBSIDISED;
    assert(out->subsidy_fen > 0 && out->transfer_id[0] != '\0');
    return first_unit_repo_mark_subsidised(tx, out, err);
}

static bool same_claim(const first_unit_claim *a, const first_unit_claim *b) {
    return strcmp(a->unit, b->unit) == 0 && a->date == b->date && a->failure == b->failure &&
           a->loss_fen == b->loss_fen && a->insurer_paid_fen == b->insurer_paid_fen;
}

hs_status first_unit_claim_record(hs_tx *tx, const first_unit_claim *c,
                                  first_unit_firm_inputs_fn fn, void *fn_ctx, first_unit_claim *out,
                                  bool *existed, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && c != NULL && out != NULL && existed != NULL);
    *existed = false;
    hs_status st = require_id(c->id, "claim", err);
    if (st != HS_OK)
        return st;
    if (c->date == 0 || c->date > tx->today)
        return hs_invalid_field(err, "date", "field 'date': the failure's day, not after today");
    if (c->loss_fen <= 0)
        return hs_invalid_field(err, "loss", "field 'loss': a positive amount");
    if (c->insurer_paid_fen < 0 || c->insurer_paid_fen > c->loss_fen)
        return hs_invalid_field(err, "insurer_paid",
                                "field 'insurer_paid': 0 up to the loss (the insurer pays no "
                                "more than was lost)");
    bool found = false;
    if ((st = first_unit_repo_claim_get(tx->store, c->id, out, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (!same_claim(out, c))
            return hs_fail_code(err, HS_INPUT, "id_reused", "claim",
                                "claim '%s' exists on unit %s with other figures", c->id,
                                out->unit);
        *existed = true;
        return HS_OK;
    }
    first_unit u;
    if ((st = first_unit_repo_get(tx->store, c->unit, &u, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "unit", "no first unit '%s'", c->unit);
    if ((st = programme_require_open(tx->store, u.policy.programme, err)) != HS_OK)
        return st;
    first_unit_claim row = *c;
    row.seq = u.claims + 1;
    row.topup_fen = 0;
    row.payee_account[0] = row.transfer_id[0] = '\0';
    if ((st = decide(tx, &u, &row, fn, fn_ctx, row.date, &row.topup_fen, row.clause,
                     sizeof row.clause, row.inputs, sizeof row.inputs, err)) != HS_OK)
        return st;
    if (row.topup_fen > 0 && (st = pay(tx, &u, u.req.buyer, row.topup_fen, FIRST_UNIT_TOPUP_CODE,
                                       "c", row.seq, row.id, row.clause, row.payee_account,
                                       sizeof row.payee_account, row.transfer_id, err)) != HS_OK)
        return st;
    if ((st = first_unit_repo_claim_insert(tx, &row, err)) != HS_OK ||
        (st = first_unit_repo_add_claim(tx, u.req.id, row.insurer_paid_fen, row.topup_fen, err)) !=
            HS_OK)
        return st;
    *out = row;
    return HS_OK;
}
