/* transfer_codec.c — one field setter behind flags, JSON Lines and CSV input (see the header). */
#include "ledger/transfer_codec.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/text.h"

void transfer_init(hs_transfer *t) {
    memset(t, 0, sizeof *t);
}

static bool why_fail(char *why, size_t why_len, const char *fmt, const char *value) {
    snprintf(why, why_len, fmt, value);
    return false;
}

static bool parse_bool(const char *v, bool *out) {
    if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"))
        *out = true;
    else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, ""))
        *out = false;
    else
        return false;
    return true;
}

static bool set_flag(hs_transfer *t, uint32_t flag, const char *v, char *why, size_t why_len) {
    bool on;
    if (!parse_bool(v, &on))
        return why_fail(why, why_len, "expected true or false, got '%s'", v);
    t->flags = on ? (t->flags | flag) : (t->flags & ~flag);
    return true;
}

/* Copies a text field (`label` names it in `why`): refused if too long for `cap`, not valid
 * UTF-8 or holding a control character, so no interface can store text that a table or a JSON
 * view cannot show unchanged. */
static bool set_text(char *dst, size_t cap, const char *label, const char *v, char *why,
                     size_t why_len) {
    assert(dst != NULL && cap > 0 && v != NULL);
    size_t n = strlen(v);
    if (n >= cap) {
        snprintf(why, why_len, "longer than %zu bytes", cap - 1);
        return false;
    }
    char inner[128];
    if (!text_field_valid(v, inner, sizeof inner)) {
        snprintf(why, why_len, "%s %s", label, inner);
        return false;
    }
    memcpy(dst, v, n + 1); /* n < cap: fits with its NUL */
    return true;
}

static bool key_valid(const char *key) {
    if (*key == '\0')
        return false;
    for (const char *p = key; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-')
            return false;
    return true;
}

bool transfer_add_ref(hs_transfer *t, const char *key, const char *value, char *why,
                      size_t why_len) {
    return transfer_add_refs(t, &key, &value, 1, why, why_len);
}

bool transfer_add_refs(hs_transfer *t, const char *const *keys, const char *const *values, size_t n,
                       char *why, size_t why_len) {
    for (size_t i = 0; i < n; i++) {
        if (!key_valid(keys[i]))
            return why_fail(why, why_len,
                            "reference key '%s' must be letters, digits, '_', '.', '-'", keys[i]);
        char inner[128];
        if (!text_field_valid(values[i], inner, sizeof inner)) {
            snprintf(why, why_len, "reference value for '%s' %s", keys[i], inner);
            return false;
        }
    }
    json_t *obj = t->refs[0] ? json_loads(t->refs, 0, NULL) : json_object();
    for (size_t i = 0; obj != NULL && i < n; i++) {
        json_t *jv = json_string(values[i]);
        if (jv == NULL || json_object_set_new(obj, keys[i], jv) != 0) {
            json_decref(obj);
            return why_fail(why, why_len, "out of memory adding reference '%s'", keys[i]);
        }
    }
    if (obj == NULL)
        return why_fail(why, why_len, "out of memory adding reference '%s'", n ? keys[0] : "");
    char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(obj);
    if (text == NULL)
        return why_fail(why, why_len, "out of memory adding reference '%s'", n ? keys[n - 1] : "");
    bool ok = strlen(text) < sizeof t->refs;
    if (ok)
        snprintf(t->refs, sizeof t->refs, "%s", text);
    else
        snprintf(why, why_len, "references longer than %zu bytes", sizeof t->refs - 1);
    free(text);
    return ok;
}

bool transfer_field_known(const char *f) {
    static const char *const known[] = {"id",      "debit",   "credit", "amount", "amount_fen",
                                        "pending", "timeout", "post",   "void",   "linked",
                                        "code",    "date",    NULL};
    for (size_t i = 0; known[i]; i++)
        if (!strcmp(f, known[i]))
            return true;
    return strncmp(f, "ref.", 4) == 0 && key_valid(f + 4);
}

static bool set_int(const char *v, int64_t max, int64_t *out) {
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno != 0 || n < 0 || n > max)
        return false;
    *out = n;
    return true;
}

void transfer_date_why(const char *v, char *why, size_t why_len) {
    int y = 0, m = 0, d = 0;
    char tail;
    bool shaped = strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
                  v[4] == '-' && v[7] == '-';
    if (!text_field_valid(v, NULL, 0))
        snprintf(why, why_len, "not a YYYY-MM-DD date (not printable text)");
    else if (shaped && (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX))
        snprintf(why, why_len, "not a YYYY-MM-DD date: '%s' (the year must be between %d and %d)",
                 v, DATE_YEAR_MIN, DATE_YEAR_MAX);
    else if (shaped && m >= 1 && m <= 12 && d >= 1)
        snprintf(why, why_len, "not a YYYY-MM-DD date: '%s' (no such day)", v);
    else
        snprintf(why, why_len, "not a YYYY-MM-DD date: '%s'", v);
}

bool transfer_set_field(hs_transfer *t, const char *f, const char *v, char *why, size_t why_len) {
    if (!strcmp(f, "id"))
        return set_text(t->id, sizeof t->id, "the id", v, why, why_len);
    if (!strcmp(f, "debit"))
        return set_text(t->debit, sizeof t->debit, "the debit account name", v, why, why_len);
    if (!strcmp(f, "credit"))
        return set_text(t->credit, sizeof t->credit, "the credit account name", v, why, why_len);
    if (!strcmp(f, "code"))
        return set_text(t->code, sizeof t->code, "the code", v, why, why_len);
    if (!strcmp(f, "amount")) {
        if (*v == '\0')
            return true;
        if (!money_parse(v, &t->amount_fen, why, why_len))
            return false;
        if (t->amount_fen < 0)
            return why_fail(why, why_len, "amount must not be negative: '%s'", v);
        return true;
    }
    if (!strcmp(f, "amount_fen")) {
        int64_t n;
        if (*v != '\0' && !set_int(v, INT64_MAX, &n))
            return why_fail(why, why_len, "expected a non-negative integer of fen, got '%s'", v);
        if (*v != '\0')
            t->amount_fen = n;
        return true;
    }
    if (!strcmp(f, "pending"))
        return set_flag(t, TRANSFER_PENDING, v, why, why_len);
    if (!strcmp(f, "linked"))
        return set_flag(t, TRANSFER_LINKED, v, why, why_len);
    if (!strcmp(f, "timeout")) {
        int64_t n = 0;
        if (*v != '\0' && !set_int(v, UINT32_MAX, &n))
            return why_fail(why, why_len, "expected seconds (a non-negative integer), got '%s'", v);
        t->timeout_s = (uint32_t)n;
        return true;
    }
    if (!strcmp(f, "post") || !strcmp(f, "void")) {
        if (*v == '\0')
            return true;
        t->flags |= !strcmp(f, "post") ? TRANSFER_POST_PENDING : TRANSFER_VOID_PENDING;
        return set_text(t->pending_id, sizeof t->pending_id, "the pending transfer id", v, why,
                        why_len);
    }
    if (!strcmp(f, "date")) {
        if (*v == '\0')
            return true;
        if (!date_parse(v, &t->date)) {
            transfer_date_why(v, why, why_len);
            return false;
        }
        t->date_given = true;
        return true;
    }
    if (!strncmp(f, "ref.", 4))
        return *v == '\0' ? true : transfer_add_ref(t, f + 4, v, why, why_len);
    return why_fail(why, why_len, "unknown field '%s'", f);
}

/* Renders a JSON scalar as the text the setter takes; false for arrays/objects/null. A string
 * holding a NUL (\u0000) or too long for buf sets *bad and why: never silently cut short. */
static bool json_scalar_text(const json_t *v, char *buf, size_t len, bool *bad, char *why,
                             size_t why_len) {
    *bad = false;
    if (json_is_string(v)) {
        size_t n = json_string_length(v);
        if (memchr(json_string_value(v), '\0', n) != NULL) {
            *bad = true;
            snprintf(why, why_len, "contains a NUL character (\\u0000)");
        } else if (n >= len) {
            *bad = true;
            snprintf(why, why_len, "longer than %zu bytes", len - 1);
        } else {
            memcpy(buf, json_string_value(v), n + 1);
        }
    } else if (json_is_true(v))
        snprintf(buf, len, "true");
    else if (json_is_false(v))
        snprintf(buf, len, "false");
    else if (json_is_integer(v))
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, len, "%.2f", json_real_value(v));
    else
        return false;
    return true;
}

/* Copies a JSON key into `field` (cut to fit), without a printf per key. */
static void copy_key(char *field, size_t field_len, const char *key) {
    assert(field_len > 0);
    size_t n = strnlen(key, field_len - 1);
    memcpy(field, key, n);
    field[n] = '\0';
}

bool transfer_from_json(const json_t *obj, hs_transfer *t, char *field, size_t field_len, char *why,
                        size_t why_len) {
    transfer_init(t);
    if (!json_is_object(obj)) {
        snprintf(field, field_len, "(line)");
        snprintf(why, why_len, "expected a JSON object");
        return false;
    }
    if (json_object_get(obj, "amount") != NULL && json_object_get(obj, "amount_fen") != NULL) {
        snprintf(field, field_len, "amount_fen");
        return why_fail(why, why_len, "both amount and amount_fen are given; give one%s", "");
    }
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        copy_key(field, field_len, key);
        if (!strcmp(key, "ref") || !strcmp(key, "refs")) {
            if (!json_is_object(value))
                return why_fail(why, why_len, "expected an object of references%s", "");
            const char *rk;
            json_t *rv;
            json_object_foreach(value, rk, rv) {
                char text[TRANSFER_REFS_MAX];
                bool bad;
                if (!json_scalar_text(rv, text, sizeof text, &bad, why, why_len))
                    return why_fail(why, why_len, "reference '%s' must be a scalar", rk);
                if (bad)
                    return false;
                if (!transfer_add_ref(t, rk, text, why, why_len))
                    return false;
            }
            continue;
        }
        if (!strcmp(key, "amount_fen") && json_is_integer(value)) {
            /* the common form of a batch line: taken as the number it is, no text round trip */
            json_int_t fen = json_integer_value(value);
            if (fen < 0) {
                char text[32];
                snprintf(text, sizeof text, "%lld", (long long)fen);
                return why_fail(why, why_len, "expected a non-negative integer of fen, got '%s'",
                                text);
            }
            t->amount_fen = (int64_t)fen;
            continue;
        }
        if (!strcmp(key, "amount") && json_is_number(value)) {
            /* a JSON number is yuan; keep its exact decimal text rather than a double */
            if (json_is_integer(value)) {
                char text[32];
                snprintf(text, sizeof text, "%lld", (long long)json_integer_value(value));
                if (!transfer_set_field(t, key, text, why, why_len))
                    return false;
                continue;
            }
            return why_fail(why, why_len,
                            "give fractional amounts as a string (\"12.34\") or amount_fen%s", "");
        }
        char text[TRANSFER_REFS_MAX];
        bool bad;
        if (!json_scalar_text(value, text, sizeof text, &bad, why, why_len))
            return why_fail(why, why_len, "expected a string, number or boolean%s", "");
        if (bad)
            return false;
        if (!transfer_field_known(key))
            return why_fail(why, why_len, "unknown field '%s'", key);
        if (!transfer_set_field(t, key, text, why, why_len))
            return false;
    }
    field[0] = '\0';
    return true;
}

json_t *transfer_to_json(const hs_transfer *t) {
    char amount[MONEY_TEXT_MAX], date[DATE_TEXT_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(t->id));
    json_object_set_new(o, "debit", json_string(t->debit));
    json_object_set_new(o, "credit", json_string(t->credit));
    json_object_set_new(o, "amount_fen", json_integer(t->amount_fen));
    json_object_set_new(o, "amount",
                        json_string(money_format_decimal(t->amount_fen, amount, sizeof amount)));
    json_object_set_new(o, "date", json_string(date_format(t->date, date)));
    const char *kind = (t->flags & TRANSFER_PENDING)        ? "pending"
                       : (t->flags & TRANSFER_POST_PENDING) ? "post_pending"
                       : (t->flags & TRANSFER_VOID_PENDING) ? "void_pending"
                                                            : "posted";
    json_object_set_new(o, "kind", json_string(kind));
    if (t->flags & TRANSFER_PENDING) {
        static const char *const states[] = {"", "open", "posted", "voided", "expired"};
        json_object_set_new(o, "state", json_string(states[t->state <= 4 ? t->state : 0]));
        json_object_set_new(o, "timeout", json_integer(t->timeout_s));
    }
    if (t->pending_id[0])
        json_object_set_new(o, "pending_id", json_string(t->pending_id));
    json_object_set_new(o, "linked", json_boolean(t->flags & TRANSFER_LINKED));
    json_object_set_new(o, "code", json_string(t->code));
    json_t *refs = t->refs[0] ? json_loads(t->refs, 0, NULL) : NULL;
    json_object_set_new(o, "ref", refs ? refs : json_object());
    json_object_set_new(o, "ts", json_integer(t->ts));
    return o;
}

json_t *account_to_json(const hs_account *a) {
    json_t *o = json_object();
    json_object_set_new(o, "account", json_string(a->name));
    json_object_set_new(o, "kind", json_string(a->kind));
    json_object_set_new(o, "limit", json_string(account_limit_text(a->flags)));
    json_object_set_new(o, "debits_posted_fen", json_integer(a->debits_posted_fen));
    json_object_set_new(o, "credits_posted_fen", json_integer(a->credits_posted_fen));
    json_object_set_new(o, "debits_pending_fen", json_integer(a->debits_pending_fen));
    json_object_set_new(o, "credits_pending_fen", json_integer(a->credits_pending_fen));
    json_object_set_new(o, "balance_fen", json_integer(account_held_fen(a)));
    return o;
}
