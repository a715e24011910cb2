/* transfer.h — a transfer moves amount_fen from a debit account to a credit account, and the named
 * result of trying to apply one.
 *
 * Flags (TigerBeetle's two-phase model):
 *   TRANSFER_PENDING       reserve: raises debits_pending/credits_pending; later posted or voided
 *                          (or expired after timeout_s seconds, if timeout_s > 0).
 *   TRANSFER_POST_PENDING  posts the pending transfer `pending_id`, in full (amount 0 = full) or in
 *                          part (the rest is released).
 *   TRANSFER_VOID_PENDING  releases the pending transfer `pending_id`.
 *   TRANSFER_LINKED        this transfer and the next succeed or fail together; a chain ends at the
 *                          first transfer without the flag.
 * The id is chosen by the client: a retry with the same id and the same body is answered `exists`
 * and changes nothing; the same id with another body is refused, naming the field that differs. */
#ifndef HS_LEDGER_TRANSFER_H
#define HS_LEDGER_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "ledger/account.h"

#define TRANSFER_ID_MAX 64    /* bytes including NUL */
#define TRANSFER_CODE_MAX 48  /* bytes including NUL */
#define TRANSFER_REFS_MAX 512 /* canonical JSON object text, bytes including NUL */
/* The largest amount one transfer may move: 100万亿元 (1e16 fen), far above any programme, so that
 * sums over a book stay far from int64 overflow. */
#define TRANSFER_AMOUNT_MAX_FEN INT64_C(10000000000000000)

enum {
    TRANSFER_PENDING = 1u << 0,
    TRANSFER_POST_PENDING = 1u << 1,
    TRANSFER_VOID_PENDING = 1u << 2,
    TRANSFER_LINKED = 1u << 3,
    TRANSFER_AMOUNT_FULL = 1u << 4, /* stored on a post whose client asked for the full amount */
};

/* Lifecycle of a pending transfer (stored with it). */
typedef enum {
    PENDING_NONE = 0, /* not a pending transfer */
    PENDING_OPEN = 1,
    PENDING_POSTED = 2,
    PENDING_VOIDED = 3,
    PENDING_EXPIRED = 4,
} pending_state;

typedef struct {
    char id[TRANSFER_ID_MAX];
    char debit[ACCOUNT_NAME_MAX]; /* account names as given; may be empty on post/void */
    char credit[ACCOUNT_NAME_MAX];
    int64_t debit_account_id; /* resolved by the ledger */
    int64_t credit_account_id;
    int64_t amount_fen; /* > 0; on post 0 means "the full pending amount" */
    char pending_id[TRANSFER_ID_MAX];
    uint32_t flags;
    uint32_t timeout_s;
    char code[TRANSFER_CODE_MAX];
    char refs[TRANSFER_REFS_MAX]; /* canonical JSON object, "" if none */
    hs_date date;                 /* value date */
    bool date_given;              /* false: the ledger uses today, and retries ignore the date */
    int64_t ts;                   /* assigned by the ledger: strictly increasing ns */
    pending_state state;          /* for pending transfers */
    hs_date resolved_date;        /* date posted/voided/expired, for pending transfers */
} hs_transfer;

/* Why a transfer was or wasn't applied. Keep in sync with transfer_result_name(). */
typedef enum {
    TR_OK = 0,
    TR_EXISTS,
    TR_LINKED_EVENT_FAILED,
    TR_LINKED_EVENT_CHAIN_OPEN,
    TR_ID_MUST_NOT_BE_EMPTY,
    TR_ID_TOO_LONG,
    TR_FLAGS_ARE_MUTUALLY_EXCLUSIVE,
    TR_DEBIT_ACCOUNT_NOT_FOUND,
    TR_CREDIT_ACCOUNT_NOT_FOUND,
    TR_ACCOUNTS_MUST_BE_DIFFERENT,
    TR_AMOUNT_MUST_BE_POSITIVE,
    TR_AMOUNT_TOO_LARGE,
    TR_TIMEOUT_RESERVED_FOR_PENDING,
    TR_PENDING_ID_MUST_BE_EMPTY,
    TR_PENDING_ID_REQUIRED,
    TR_PENDING_TRANSFER_NOT_FOUND,
    TR_PENDING_TRANSFER_NOT_PENDING,
    TR_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT,
    TR_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT,
    TR_EXCEEDS_PENDING_TRANSFER_AMOUNT,
    TR_PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT, /* a void must name 0 or the full amount */
    TR_PENDING_TRANSFER_ALREADY_POSTED,
    TR_PENDING_TRANSFER_ALREADY_VOIDED,
    TR_PENDING_TRANSFER_EXPIRED,
    TR_EXISTS_WITH_DIFFERENT_FLAGS,
    TR_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT,
    TR_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT,
    TR_EXISTS_WITH_DIFFERENT_AMOUNT,
    TR_EXISTS_WITH_DIFFERENT_PENDING_ID,
    TR_EXISTS_WITH_DIFFERENT_TIMEOUT,
    TR_EXISTS_WITH_DIFFERENT_CODE,
    TR_EXISTS_WITH_DIFFERENT_REFS,
    TR_EXISTS_WITH_DIFFERENT_DATE,
    TR_EXCEEDS_CREDITS, /* debit account flagged debits-le-credits would overspend */
    TR_EXCEEDS_DEBITS,  /* credit account flagged credits-le-debits would be overdrawn */
    TR_OVERFLOWS_BALANCE,
    TR_ACCOUNT_OWNED_BY_MODULE, /* a plain transfer touched an account a module owns */
    TR_RESULT_COUNT
} transfer_result;

/* The snake_case name of a result ("exceeds_credits"). */
const char *transfer_result_name(transfer_result r);
/* The exit status a result maps to: HS_OK for ok/exists, HS_REFUSED for rule refusals, HS_INPUT for
 * malformed or conflicting input (unknown account, id reused with another body, ...). */
hs_status transfer_result_status(transfer_result r);
/* Compares a retried transfer with the stored one; TR_EXISTS if the same body, else the first
 * differing field's TR_EXISTS_WITH_DIFFERENT_*. `stored` has resolved account ids; `retry` names.
 */
transfer_result transfer_compare(const hs_transfer *retry, const hs_transfer *stored,
                                 const char *stored_debit_name, const char *stored_credit_name);
/* Checks the fields of one transfer on their own (ids, flags, amount, timeout); TR_OK if sound. */
transfer_result transfer_validate_shape(const hs_transfer *t);

#endif
