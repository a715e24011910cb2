/* credit_db.h — what the credit files share: id checks, derived ids that are never truncated, and
 * building and applying the ledger transfers of one credit operation inside the caller's hs_tx (so
 * the module's rows and the money always change together or not at all).
 *
 * The module's tables (module "credit") sit behind credit_repo.h; nothing here knows the backend.
 * Every account credit creates (pool/, loan/, bank/<b>/...) is owned by "credit": only this module
 * moves it, a plain `huoshui transfer` touching one is refused (account_owned_by_module). Firm cash
 * accounts (firm/<uscc>/cash) stay free. */
#ifndef HS_INSTRUMENT_CREDIT_DB_H
#define HS_INSTRUMENT_CREDIT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "ledger/transfer.h"
#include "store/book.h"
#include "store/store.h"

#define CREDIT_ID_MAX 64
#define CREDIT_OWNER "credit" /* the owner of every account the module creates (but firm cash) */

/* True if `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF). */
bool credit_utf8_valid(const char *text);
/* HS_INPUT (invalid_field naming `field`) unless `text` is 1..max-1 bytes of UTF-8 without control
 * characters (names and other free text). */
hs_status credit_require_text(const char *field, const char *text, size_t max, hs_error *err);
/* True if `id` is 1..63 bytes of UTF-8 with no '/', spaces, commas, quotes or control characters
 * and no leading '-' (so it can sit inside an account name); 银行, 锡科贷 are fine. */
bool credit_id_valid(const char *id);
/* HS_INPUT (code invalid_field) naming `field` unless credit_id_valid(id). */
hs_status credit_require_id(const char *field, const char *id, hs_error *err);
/* Formats a derived id or account name into out[len]; HS_INPUT (invalid_field naming `field`) if it
 * would not fit, so that two long ids sharing a prefix never collide on a truncated name. */
hs_status credit_format_id(char *out, size_t len, const char *field, hs_error *err, const char *fmt,
                           ...) __attribute__((format(printf, 5, 6)));

/* Initialises a dated transfer id: debit -> credit, amount, code; linked if `linked`. */
void credit_transfer_init(hs_transfer *t, const char *id, const char *debit, const char *credit,
                          int64_t amount_fen, const char *code, hs_date date, bool linked);
/* Adds references from NULL-terminated key/value pairs (empty values skipped); HS_INPUT if too
 * long. */
hs_status credit_transfer_refs(hs_transfer *t, const char *const *pairs, hs_error *err);
/* Applies events (at most 8) in the open transaction; HS_OK only if every one is ok (a retry's
 * "exists" counts as ok); otherwise the first refusal's status, with the ledger's result name as
 * the code (exceeds_credits, ...) and "what refused by the ledger: debit -> credit: reason". */
hs_status credit_apply(hs_tx *tx, const hs_transfer *events, size_t n, const char *what,
                       hs_error *err);
/* Reads an account inside the transaction; HS_NOT_FOUND naming `field` if it does not exist. */
hs_status credit_account(hs_tx *tx, const char *name, const char *field, hs_account *out,
                         hs_error *err);
/* Creates an account owned by "credit" if missing, inside the transaction (kind, flags and owner
 * must match an existing one: HS_INPUT otherwise). */
hs_status credit_owned_account(hs_tx *tx, const char *name, const char *kind, uint32_t flags,
                               hs_error *err);

/* One recorded repayment or recovery. */
typedef struct {
    char id[TRANSFER_ID_MAX];
    char loan[CREDIT_ID_MAX];
    char kind[16]; /* "repay" or "recover" */
    hs_date date;
    int64_t amount_fen, principal_fen, interest_fen, pool_fen;
} credit_event;

/* Account names of a bank: "bank/<bank>/<part>" (part: lending, interest, losses). Bank ids are
 * at most 63 bytes, so the name always fits ACCOUNT_NAME_MAX. */
void credit_bank_account(const char *bank, const char *part, char *out, size_t len);

#endif
