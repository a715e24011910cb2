/* credit_db.c — shared helpers of the credit module: ids, transfers, owned accounts. */
#include "instrument/credit_db.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "ledger/transfer_codec.h"

bool credit_utf8_valid(const char *text) {
    assert(text != NULL);
    return text_utf8_valid(text, strlen(text)); /* the one UTF-8 rule (base/text.h) */
}

hs_status credit_require_text(const char *field, const char *text, size_t max, hs_error *err) {
    assert(field != NULL && max > 1);
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n >= max)
        return hs_invalid_field(err, field, "field '%s': must be 1-%zu bytes", field, max - 1);
    for (const char *p = text; *p; p++)
        if ((unsigned char)*p < ' ' || *p == 0x7f)
            return hs_invalid_field(err, field, "field '%s': control characters are not allowed",
                                    field);
    if (!credit_utf8_valid(text))
        return hs_invalid_field(err, field, "field '%s': not valid UTF-8", field);
    return HS_OK;
}

bool credit_id_valid(const char *id) {
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n >= CREDIT_ID_MAX || id[0] == '-' || !credit_utf8_valid(id))
        return false;
    for (const char *p = id; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == 0x7f || c == '/' || c == ',' || c == '"' || c == '\\')
            return false;
    }
    return true;
}

hs_status credit_require_id(const char *field, const char *id, hs_error *err) {
    assert(field != NULL);
    if (credit_id_valid(id))
        return HS_OK;
    if (id != NULL && !credit_utf8_valid(id)) /* never echo bytes that aren't text */
        return hs_invalid_field(err, field, "field '%s': not valid UTF-8", field);
    return hs_invalid_field(
        err, field, "field '%s': '%s' must be 1-63 bytes without '/', spaces, commas or quotes",
        field, id ? id : "");
}

hs_status credit_format_id(char *out, size_t len, const char *field, hs_error *err, const char *fmt,
                           ...) {
    assert(out != NULL && len > 0);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, len, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < len)
        return HS_OK;
    return hs_invalid_field(err, field,
                            "field '%s': too long: the derived id '%.*s...' would exceed %zu bytes",
                            field, 24, out, len - 1);
}

void credit_transfer_init(hs_transfer *t, const char *id, const char *debit, const char *credit,
                          int64_t amount_fen, const char *code, hs_date date, bool linked) {
    assert(strlen(id) < sizeof t->id && strlen(debit) < sizeof t->debit &&
           strlen(credit) < sizeof t->credit);
    transfer_init(t);
    snprintf(t->id, sizeof t->id, "%s", id);
    snprintf(t->debit, sizeof t->debit, "%s", debit);
    snprintf(t->credit, sizeof t->credit, "%s", credit);
    t->amount_fen = amount_fen;
    snprintf(t->code, sizeof t->code, "%s", code);
    t->date = date;
    t->date_given = true;
    t->flags = linked ? TRANSFER_LINKED : 0;
    assert(t->amount_fen == amount_fen && t->date == date);
}

hs_status credit_transfer_refs(hs_transfer *t, const char *const *pairs, hs_error *err) {
    assert(t != NULL && pairs != NULL);
    char why[256];
    for (size_t i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
        if (pairs[i + 1][0] == '\0')
            continue;
        if (!transfer_add_ref(t, pairs[i], pairs[i + 1], why, sizeof why))
            return hs_fail(err, HS_INPUT, "transfer %s: %s", t->id, why);
    }
    return HS_OK;
}

hs_status credit_apply(hs_tx *tx, const hs_transfer *events, size_t n, const char *what,
                       hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && events != NULL && what != NULL);
    transfer_result results[8];
    if (n == 0 || n > sizeof results / sizeof results[0])
        return hs_fail(err, HS_INPUT, "%s: %zu transfers (1 to 8)", what, n);
    hs_status st = hs_tx_transfer(tx, events, n, results, err);
    if (st != HS_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (results[i] == TR_OK || results[i] == TR_EXISTS)
            continue;
        /* a chain reports linked_event_failed on its other members: name the real cause */
        size_t j = i;
        for (size_t k = 0; k < n; k++)
            if (results[k] != TR_OK && results[k] != TR_EXISTS &&
                results[k] != TR_LINKED_EVENT_FAILED) {
                j = k;
                break;
            }
        return hs_fail_code(err, transfer_result_status(results[j]),
                            transfer_result_name(results[j]), NULL,
                            "%s refused by the ledger: %s -> %s: %s", what, events[j].debit,
                            events[j].credit, transfer_result_name(results[j]));
    }
    return HS_OK;
}

hs_status credit_account(hs_tx *tx, const char *name, const char *field, hs_account *out,
                         hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && name != NULL && out != NULL);
    bool found = false;
    hs_status st = hs_tx_account_get(tx, name, out, &found, err);
    if (st != HS_OK)
        return st;
    return found ? HS_OK : hs_not_found(err, field, "no account %s", name);
}

hs_status credit_owned_account(hs_tx *tx, const char *name, const char *kind, uint32_t flags,
                               hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && name != NULL && kind != NULL);
    bool existed;
    return hs_tx_account_ensure(tx, name, kind, flags, CREDIT_OWNER, NULL, &existed, err);
}

void credit_bank_account(const char *bank, const char *part, char *out, size_t len) {
    assert(strlen(bank) < CREDIT_ID_MAX && len >= ACCOUNT_NAME_MAX);
    snprintf(out, len, "bank/%s/%s", bank, part);
    assert(strncmp(out, "bank/", 5) == 0);
}
