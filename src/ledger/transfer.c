/* transfer.c — result names, their exit statuses, shape validation and idempotent-retry comparison.
 */
#include "ledger/transfer.h"

#include <assert.h>
#include <string.h>

static const char *const result_names[TR_RESULT_COUNT] = {
    [TR_OK] = "ok",
    [TR_EXISTS] = "exists",
    [TR_LINKED_EVENT_FAILED] = "linked_event_failed",
    [TR_LINKED_EVENT_CHAIN_OPEN] = "linked_event_chain_open",
    [TR_ID_MUST_NOT_BE_EMPTY] = "id_must_not_be_empty",
    [TR_ID_TOO_LONG] = "id_too_long",
    [TR_FLAGS_ARE_MUTUALLY_EXCLUSIVE] = "flags_are_mutually_exclusive",
    [TR_DEBIT_ACCOUNT_NOT_FOUND] = "debit_account_not_found",
    [TR_CREDIT_ACCOUNT_NOT_FOUND] = "credit_account_not_found",
    [TR_ACCOUNTS_MUST_BE_DIFFERENT] = "accounts_must_be_different",
    [TR_AMOUNT_MUST_BE_POSITIVE] = "amount_must_be_positive",
    [TR_AMOUNT_TOO_LARGE] = "amount_too_large",
    [TR_TIMEOUT_RESERVED_FOR_PENDING] = "timeout_reserved_for_pending_transfer",
    [TR_PENDING_ID_MUST_BE_EMPTY] = "pending_id_must_be_empty",
    [TR_PENDING_ID_REQUIRED] = "pending_id_required",
    [TR_PENDING_TRANSFER_NOT_FOUND] = "pending_transfer_not_found",
    [TR_PENDING_TRANSFER_NOT_PENDING] = "pending_transfer_not_pending",
    [TR_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT] =
        "pending_transfer_has_different_debit_account",
    [TR_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT] =
        "pending_transfer_has_different_credit_account",
    [TR_EXCEEDS_PENDING_TRANSFER_AMOUNT] = "exceeds_pending_transfer_amount",
    [TR_PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT] = "pending_transfer_has_different_amount",
    [TR_PENDING_TRANSFER_ALREADY_POSTED] = "pending_transfer_already_posted",
    [TR_PENDING_TRANSFER_ALREADY_VOIDED] = "pending_transfer_already_voided",
    [TR_PENDING_TRANSFER_EXPIRED] = "pending_transfer_expired",
    [TR_EXISTS_WITH_DIFFERENT_FLAGS] = "exists_with_different_flags",
    [TR_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT] = "exists_with_different_debit_account",
    [TR_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT] = "exists_with_different_credit_account",
    [TR_EXISTS_WITH_DIFFERENT_AMOUNT] = "exists_with_different_amount",
    [TR_EXISTS_WITH_DIFFERENT_PENDING_ID] = "exists_with_different_pending_id",
    [TR_EXISTS_WITH_DIFFERENT_TIMEOUT] = "exists_with_different_timeout",
    [TR_EXISTS_WITH_DIFFERENT_CODE] = "exists_with_different_code",
    [TR_EXISTS_WITH_DIFFERENT_REFS] = "exists_with_different_refs",
    [TR_EXISTS_WITH_DIFFERENT_DATE] = "exists_with_different_date",
    [TR_EXCEEDS_CREDITS] = "exceeds_credits",
    [TR_EXCEEDS_DEBITS] = "exceeds_debits",
    [TR_OVERFLOWS_BALANCE] = "overflows_balance",
    [TR_ACCOUNT_OWNED_BY_MODULE] = "account_owned_by_module",
};

const char *transfer_result_name(transfer_result r) {
    assert(r >= 0 && r < TR_RESULT_COUNT);
    return result_names[r] ? result_names[r] : "unknown";
}

hs_status transfer_result_status(transfer_result r) {
    assert(r >= 0 && r < TR_RESULT_COUNT);
    switch (r) {
    case TR_OK:
    case TR_EXISTS:
        return HS_OK;
    case TR_LINKED_EVENT_FAILED:
    case TR_EXCEEDS_PENDING_TRANSFER_AMOUNT:
    case TR_PENDING_TRANSFER_ALREADY_POSTED:
    case TR_PENDING_TRANSFER_ALREADY_VOIDED:
    case TR_PENDING_TRANSFER_EXPIRED:
    case TR_EXCEEDS_CREDITS:
    case TR_EXCEEDS_DEBITS:
    case TR_OVERFLOWS_BALANCE:
    case TR_ACCOUNT_OWNED_BY_MODULE:
        return HS_REFUSED;
    default:
        return HS_INPUT;
    }
}

transfer_result transfer_validate_shape(const hs_transfer *t) {
    assert(t != NULL);
    if (t->id[0] == '\0')
        return TR_ID_MUST_NOT_BE_EMPTY;
    if (strnlen(t->id, TRANSFER_ID_MAX) >= TRANSFER_ID_MAX)
        return TR_ID_TOO_LONG;
    uint32_t kind = t->flags & (TRANSFER_PENDING | TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING);
    if (kind & (kind - 1))
        return TR_FLAGS_ARE_MUTUALLY_EXCLUSIVE;
    bool resolves = kind & (TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING);
    if (t->timeout_s != 0 && !(t->flags & TRANSFER_PENDING))
        return TR_TIMEOUT_RESERVED_FOR_PENDING;
    if (resolves) {
        if (t->pending_id[0] == '\0')
            return TR_PENDING_ID_REQUIRED;
        if (t->amount_fen < 0)
            return TR_AMOUNT_MUST_BE_POSITIVE;
        if (t->amount_fen > TRANSFER_AMOUNT_MAX_FEN)
            return TR_AMOUNT_TOO_LARGE;
        return TR_OK;
    }
    if (t->pending_id[0] != '\0')
        return TR_PENDING_ID_MUST_BE_EMPTY;
    if (t->amount_fen <= 0)
        return TR_AMOUNT_MUST_BE_POSITIVE;
    if (t->amount_fen > TRANSFER_AMOUNT_MAX_FEN)
        return TR_AMOUNT_TOO_LARGE;
    if (t->debit[0] != '\0' && strcmp(t->debit, t->credit) == 0)
        return TR_ACCOUNTS_MUST_BE_DIFFERENT;
    assert(t->amount_fen > 0 && t->pending_id[0] == '\0');
    return TR_OK;
}

transfer_result transfer_compare(const hs_transfer *retry, const hs_transfer *stored,
                                 const char *stored_debit_name, const char *stored_credit_name) {
    assert(retry != NULL && stored != NULL && stored_debit_name != NULL &&
           stored_credit_name != NULL);
    assert(strcmp(retry->id, stored->id) == 0); /* only a retry of the same id is compared */
    uint32_t user_flags =
        TRANSFER_PENDING | TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING | TRANSFER_LINKED;
    if ((retry->flags & user_flags) != (stored->flags & user_flags))
        return TR_EXISTS_WITH_DIFFERENT_FLAGS;
    bool resolves = retry->flags & (TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING);
    /* On post/void the client may leave the accounts out; named ones must match. */
    if ((!resolves || retry->debit[0] != '\0') && strcmp(retry->debit, stored_debit_name) != 0)
        return TR_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT;
    if ((!resolves || retry->credit[0] != '\0') && strcmp(retry->credit, stored_credit_name) != 0)
        return TR_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT;
    if (retry->flags & TRANSFER_POST_PENDING) {
        bool retry_full = retry->amount_fen == 0;
        bool stored_full = stored->flags & TRANSFER_AMOUNT_FULL;
        if (retry_full != stored_full || (!retry_full && retry->amount_fen != stored->amount_fen))
            return TR_EXISTS_WITH_DIFFERENT_AMOUNT;
    } else if (!(retry->flags & TRANSFER_VOID_PENDING) || retry->amount_fen != 0) {
        if (retry->amount_fen != stored->amount_fen)
            return TR_EXISTS_WITH_DIFFERENT_AMOUNT;
    }
    if (strcmp(retry->pending_id, stored->pending_id) != 0)
        return TR_EXISTS_WITH_DIFFERENT_PENDING_ID;
    if (retry->timeout_s != stored->timeout_s)
        return TR_EXISTS_WITH_DIFFERENT_TIMEOUT;
    if (strcmp(retry->code, stored->code) != 0)
        return TR_EXISTS_WITH_DIFFERENT_CODE;
    if (strcmp(retry->refs, stored->refs) != 0)
        return TR_EXISTS_WITH_DIFFERENT_REFS;
    if (retry->date_given && retry->date != stored->date)
        return TR_EXISTS_WITH_DIFFERENT_DATE;
    return TR_EXISTS;
}
