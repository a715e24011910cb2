/* account.h — a ledger account: a named bucket of CNY with four balances and optional limits.
 *
 * Balances follow TigerBeetle's model: debits_pending, debits_posted, credits_pending,
 * credits_posted, all in fen and never negative. Money "held" by an account is credits_posted -
 * debits_posted (an appropriation goes negative as it funds budgets; a budget holds what it was
 * given minus what it paid). Limits count pending amounts: ACCOUNT_DEBITS_LE_CREDITS:
 * debits_pending + debits_posted <= credits_posted (a budget can't overspend)
 *   ACCOUNT_CREDITS_LE_DEBITS: credits_pending + credits_posted <= debits_posted */
#ifndef HS_LEDGER_ACCOUNT_H
#define HS_LEDGER_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACCOUNT_NAME_MAX 160 /* bytes including NUL */
#define ACCOUNT_KIND_MAX 24
#define ACCOUNT_OWNER_MAX 16 /* bytes including NUL: a module name such as "credit" */

enum {
    ACCOUNT_DEBITS_LE_CREDITS = 1u << 0,
    ACCOUNT_CREDITS_LE_DEBITS = 1u << 1,
};

typedef struct {
    int64_t id; /* assigned by the store, > 0 */
    char name[ACCOUNT_NAME_MAX];
    char kind[ACCOUNT_KIND_MAX];
    uint32_t flags;
    int64_t debits_pending_fen;
    int64_t debits_posted_fen;
    int64_t credits_pending_fen;
    int64_t credits_posted_fen;
    int64_t created_ts;            /* ns since the epoch */
    char owner[ACCOUNT_OWNER_MAX]; /* the module that created it and alone moves it; "" if free */
} hs_account;

/* True if `name` is a valid account name (1..159 bytes, no spaces or control characters, no
 * leading '-'); otherwise writes why. */
bool account_name_valid(const char *name, char *why, size_t why_len);
/* True if `kind` is one of the known account kinds (see account_kinds_text()). */
bool account_kind_valid(const char *kind);
/* The known kinds, comma-separated, for help and error messages. */
const char *account_kinds_text(void);
/* Parses a --limit value (debits-le-credits | credits-le-debits | none) into flags; false if
 * unknown. */
bool account_limit_parse(const char *text, uint32_t *flags);
/* The --limit spelling of the flags ("debits-le-credits", "credits-le-debits" or "none"). */
const char *account_limit_text(uint32_t flags);
/* credits_posted - debits_posted (what the account holds); asserts no overflow. */
int64_t account_held_fen(const hs_account *a);
/* True if the account's balances respect its flags (counting pending) and none is negative. */
bool account_within_limits(const hs_account *a);

#endif
