/* account.c — account names, kinds and limits. */
#include "ledger/account.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/text.h"

static const char *const kinds[] = {
    "appropriation", "budget",    "payable", "receivable", "enterprise", "bank",     "provider",
    "pool",          "fund-cash", "holding", "commitment", "loan",       "lp",       "gp",
    "tax",           "equity",    "expense", "income",     "clearing",   "external", "treasury",
    "pledge",        NULL,
};

bool account_name_valid(const char *name, char *why, size_t why_len) {
    assert(name != NULL && (why == NULL || why_len > 0));
    size_t n = strlen(name);
    const char *problem = NULL;
    if (n == 0)
        problem = "account name is empty";
    else if (n >= ACCOUNT_NAME_MAX)
        problem = "account name is longer than 159 bytes";
    else if (name[0] == '-')
        problem = "account name must not start with '-'";
    for (size_t i = 0; problem == NULL && i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c <= ' ' || c == 0x7f || c == '"' || c == ',')
            problem = "account name must not contain spaces, commas, quotes or control characters";
    }
    bool utf8 = text_utf8_valid(name, n);
    if (problem == NULL && !utf8)
        problem = "account name is not valid UTF-8";
    if (problem == NULL)
        return true;
    if (why != NULL && utf8)
        snprintf(why, why_len, "%s: '%s'", problem, name);
    else if (why != NULL)
        snprintf(why, why_len, "%s", problem);
    return false;
}

bool account_kind_valid(const char *kind) {
    assert(kind != NULL);
    for (size_t i = 0; kinds[i] != NULL; i++)
        if (strcmp(kinds[i], kind) == 0)
            return true;
    return false;
}

const char *account_kinds_text(void) {
    return "appropriation, budget, payable, receivable, enterprise, bank, provider, pool, "
           "fund-cash, holding, commitment, loan, lp, gp, tax, equity, expense, income, clearing, "
           "external";
}

bool account_limit_parse(const char *text, uint32_t *flags) {
    assert(text != NULL && flags != NULL);
    if (strcmp(text, "debits-le-credits") == 0)
        *flags = ACCOUNT_DEBITS_LE_CREDITS;
    else if (strcmp(text, "credits-le-debits") == 0)
        *flags = ACCOUNT_CREDITS_LE_DEBITS;
    else if (strcmp(text, "none") == 0)
        *flags = 0;
    else
        return false;
    assert(*flags != (ACCOUNT_DEBITS_LE_CREDITS | ACCOUNT_CREDITS_LE_DEBITS));
    return true;
}

const char *account_limit_text(uint32_t flags) {
    if (flags & ACCOUNT_DEBITS_LE_CREDITS)
        return "debits-le-credits";
    if (flags & ACCOUNT_CREDITS_LE_DEBITS)
        return "credits-le-debits";
    return "none";
}

int64_t account_held_fen(const hs_account *a) {
    assert(a != NULL);
    int64_t held;
    bool ok = money_sub(a->credits_posted_fen, a->debits_posted_fen, &held);
    assert(ok);
    return ok ? held : 0;
}

bool account_within_limits(const hs_account *a) {
    assert(a != NULL);
    if (a->debits_pending_fen < 0 || a->debits_posted_fen < 0 || a->credits_pending_fen < 0 ||
        a->credits_posted_fen < 0)
        return false;
    if (a->flags & ACCOUNT_DEBITS_LE_CREDITS) {
        int64_t exposure;
        if (!money_add(a->debits_pending_fen, a->debits_posted_fen, &exposure))
            return false;
        if (exposure > a->credits_posted_fen)
            return false;
    }
    if (a->flags & ACCOUNT_CREDITS_LE_DEBITS) {
        int64_t exposure;
        if (!money_add(a->credits_pending_fen, a->credits_posted_fen, &exposure))
            return false;
        if (exposure > a->debits_posted_fen)
            return false;
    }
    return true;
}
