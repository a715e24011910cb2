/* decision.c — what subsidy and voucher share: policies with their text and hash (stored in the
 * book at first use), inputs, one-firm decisions and explanations, limits, transfer ids. */
#include "instrument/decision.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "instrument/policy_repo.h"
#include "ledger/transfer_codec.h"
#include "registry/uscc.h"

#define POLICY_TEXT_MAX (4u << 20) /* as the policy parser allows */

static void text_sha256(const char *text, size_t len, char out[65]) {
    assert(text != NULL && out != NULL);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    sodium_bin2hex(out, 65, digest, sizeof digest);
    assert(strlen(out) == 64);
}

hs_status instrument_policy_from_text(const char *path, const char *text, size_t len,
                                      hs_instrument expected, instrument_policy *out,
                                      hs_error *err) {
    assert(path != NULL && text != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return hs_fail(err, HS_STORAGE, "libsodium failed to initialise");
    hs_status st = policy_load_text(path, text, len, &out->policy, err);
    if (st != HS_OK)
        return st;
    if (policy_instrument(out->policy) != expected) {
        hs_fail(err, HS_INPUT, "%s: this policy feeds %s, not %s", path,
                policy_instrument_name(policy_instrument(out->policy)),
                policy_instrument_name(expected));
        instrument_policy_free(out);
        return HS_INPUT;
    }
    snprintf(out->path, sizeof out->path, "%s", path);
    snprintf(out->label, sizeof out->label, "%s@%s", policy_id(out->policy),
             policy_version(out->policy));
    const char *budget = policy_budget(out->policy);
    const char *prog = strncmp(budget, "budget/", 7) == 0 ? budget + 7 : NULL;
    const char *slash = prog ? strchr(prog, '/') : NULL;
    if (prog == NULL || slash == NULL || slash == prog || slash[1] == '\0' ||
        (size_t)(slash - prog) >= sizeof out->programme || strlen(budget) >= sizeof out->budget) {
        hs_fail(err, HS_INPUT, "%s: budget '%s' must be budget/<programme>/<name>", path, budget);
        instrument_policy_free(out);
        return HS_INPUT;
    }
    snprintf(out->budget, sizeof out->budget, "%s", budget);
    memcpy(out->programme, prog, (size_t)(slash - prog));
    out->programme[slash - prog] = '\0';
    out->text = malloc(len + 1);
    if (out->text == NULL) {
        instrument_policy_free(out);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    memcpy(out->text, text, len);
    out->text[len] = '\0';
    out->text_len = len;
    text_sha256(text, len, out->sha256);
    assert(strlen(out->sha256) == 64);
    return HS_OK;
}

hs_status instrument_policy_load(const char *path, hs_instrument expected, instrument_policy *out,
                                 hs_error *err) {
    assert(path != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open: %s", path, strerror(errno));
    char *buf = malloc(POLICY_TEXT_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    size_t n = fread(buf, 1, POLICY_TEXT_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    hs_status st = bad ? hs_fail(err, HS_INPUT, "%s: cannot read", path)
                       : instrument_policy_from_text(path, buf, n, expected, out, err);
    free(buf);
    assert(st != HS_OK || (out->policy != NULL && out->text != NULL));
    return st;
}

void instrument_policy_free(instrument_policy *ip) {
    assert(ip != NULL);
    policy_free(ip->policy);
    ip->policy = NULL;
    free(ip->text);
    ip->text = NULL;
    ip->text_len = 0;
    assert(ip->policy == NULL && ip->text == NULL);
}

void instrument_policy_ref_of(const instrument_policy *ip, instrument_policy_ref *out) {
    assert(ip->policy != NULL);
    memset(out, 0, sizeof *out);
    snprintf(out->programme, sizeof out->programme, "%s", ip->programme);
    snprintf(out->budget, sizeof out->budget, "%s", ip->budget);
    snprintf(out->path, sizeof out->path, "%s", ip->path);
    snprintf(out->id, sizeof out->id, "%s", policy_id(ip->policy));
    snprintf(out->label, sizeof out->label, "%s", ip->label);
    snprintf(out->sha256, sizeof out->sha256, "%s", ip->sha256);
}

hs_status instrument_policy_record(hs_tx *tx, const instrument_policy *ip, const char *operation,
                                   const char *subject, hs_date on, hs_error *err) {
    assert(tx != NULL && ip->policy != NULL && ip->text != NULL);
    policy_version_rec rec;
    memset(&rec, 0, sizeof rec);
    snprintf(rec.sha256, sizeof rec.sha256, "%s", ip->sha256);
    snprintf(rec.policy_id, sizeof rec.policy_id, "%s", policy_id(ip->policy));
    snprintf(rec.version, sizeof rec.version, "%s", policy_version(ip->policy));
    snprintf(rec.path, sizeof rec.path, "%s", ip->path);
    rec.first_used = on;
    snprintf(rec.first_used_by, sizeof rec.first_used_by, "%s", operation);
    snprintf(rec.first_subject, sizeof rec.first_subject, "%s", subject ? subject : "");
    rec.stored_ns = tx->now_ns;
    bool existed;
    return policy_repo_put(tx, &rec, ip->text, ip->text_len, &existed, err);
}

/* Loads ref's policy from the book (tx or store), else from ref->path if its hash matches. */
static hs_status stored(hs_tx *tx, hs_store *s, const instrument_policy_ref *ref,
                        hs_instrument expected, instrument_policy *out, hs_error *err) {
    assert(s != NULL && (tx == NULL || tx->store == s) && ref != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    policy_version_rec rec;
    char *text = NULL;
    size_t len = 0;
    bool found = false;
    hs_status st = tx ? policy_repo_get(tx, ref->sha256, &rec, &text, &len, &found, err)
                      : policy_repo_find(s, ref->sha256, &rec, &text, &len, &found, err);
    if (st != HS_OK)
        return st;
    if (found) {
        st = instrument_policy_from_text(rec.path, text, len, expected, out, err);
        free(text);
        if (st == HS_OK && strcmp(out->sha256, ref->sha256) != 0) {
            instrument_policy_free(out);
            return hs_fail(err, HS_STORAGE, "the book's copy of policy %s does not match its hash",
                           ref->label);
        }
        return st;
    }
    /* a book written before policies were stored: the file, only if it is still the same text */
    hs_error ferr = {0};
    if (instrument_policy_load(ref->path, expected, out, &ferr) != HS_OK ||
        strcmp(out->sha256, ref->sha256) != 0) {
        instrument_policy_free(out);
        return hs_fail_code(err, HS_REFUSED, "policy_changed", NULL,
                            "policy %s (sha256 %.12s…) is not stored in the book and %s is missing "
                            "or changed",
                            ref->label, ref->sha256, ref->path);
    }
    if (tx != NULL &&
        (st = instrument_policy_record(tx, out, "legacy", "", tx->today, err)) != HS_OK)
        instrument_policy_free(out);
    return st;
}

hs_status instrument_policy_stored(hs_tx *tx, const instrument_policy_ref *ref,
                                   hs_instrument expected, instrument_policy *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && ref != NULL && out != NULL);
    return stored(tx, tx->store, ref, expected, out, err);
}

hs_status instrument_policy_stored_ro(hs_store *s, const instrument_policy_ref *ref,
                                      hs_instrument expected, instrument_policy *out,
                                      hs_error *err) {
    assert(s != NULL && ref != NULL && out != NULL);
    return stored(NULL, s, ref, expected, out, err);
}

/* ---- inputs and checks ---- */

hs_status instrument_firm_check(const char *uscc, hs_error *err) {
    char why[160] = "";
    if (uscc != NULL && uscc_valid(uscc, why, sizeof why))
        return HS_OK;
    return hs_invalid_field(err, "--firm",
                            "--firm '%s' is not a valid 统一社会信用代码 (GB 32100): %s",
                            uscc ? uscc : "", why);
}

hs_status instrument_inputs_text(const json_t *inputs, char *out, size_t len, hs_error *err) {
    assert(out != NULL && len > 0);
    char *text = json_dumps(inputs, JSON_COMPACT | JSON_SORT_KEYS);
    if (text == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory serialising the inputs");
    size_t n = strlen(text);
    if (n >= len) {
        free(text);
        return hs_invalid_field(err, "--input",
                                "--input: the inputs take %zu bytes as JSON, more than the %zu "
                                "a decision record holds",
                                n, len - 1);
    }
    memcpy(out, text, n + 1);
    free(text);
    return HS_OK;
}

hs_status instrument_inputs_known(const instrument_policy *ip, const json_t *given,
                                  const char *const *also, hs_error *err) {
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)given, name, v) {
        bool known = false;
        for (size_t i = 0; !known && i < policy_input_count(ip->policy); i++)
            known = strcmp(name, policy_input_name(ip->policy, i)) == 0;
        for (size_t i = 0; !known && also != NULL && also[i] != NULL; i++)
            known = strcmp(name, also[i]) == 0;
        if (known)
            continue;
        char list[512] = "";
        size_t at = 0;
        for (size_t i = 0; i < policy_input_count(ip->policy) && at < sizeof list; i++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "",
                                   policy_input_name(ip->policy, i));
        return hs_invalid_field(err, "--input", "--input %s: %s has no input '%s' (its inputs: %s)",
                                name, ip->label, name, list);
    }
    return HS_OK;
}

hs_status instrument_in_force(const instrument_policy *ip, hs_date on, hs_error *err) {
    if (policy_in_force(ip->policy, on))
        return HS_OK;
    hs_date from, to;
    bool open_end;
    policy_validity(ip->policy, &from, &to, &open_end);
    char d[DATE_TEXT_LEN], a[DATE_TEXT_LEN], b[DATE_TEXT_LEN];
    return hs_fail_code(err, HS_REFUSED, "not_in_force", "--on",
                        "%s is not in force on %s (valid %s .. %s)", ip->label, date_format(on, d),
                        date_format(from, a), open_end ? "" : date_format(to, b));
}

/* Builds a one-row population from the JSON inputs the policy declares. */
static hs_status build_pop(const instrument_policy *ip, const char *uscc, const json_t *inputs,
                           hs_pop **pop, hs_error *err) {
    size_t n_inputs = policy_input_count(ip->policy);
    const char **names = calloc(n_inputs + 1, sizeof *names);
    const char **values = calloc(n_inputs + 1, sizeof *values);
    if (names == NULL || values == NULL) {
        free(names);
        free(values);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < n_inputs; i++) {
        const char *name = policy_input_name(ip->policy, i);
        json_t *v = json_object_get(inputs, name);
        if (v != NULL && json_is_string(v)) {
            names[n] = name;
            values[n] = json_string_value(v);
            n++;
        }
    }
    assert(n <= n_inputs);
    hs_status st = pop_from_fields(ip->policy, uscc, names, values, n, pop, err);
    free(names);
    free(values);
    return st;
}

hs_status instrument_decide(const instrument_policy *ip, const char *uscc, const json_t *inputs,
                            hs_date on, hs_decision *out, hs_error *err) {
    assert(ip != NULL && ip->policy != NULL && out != NULL);
    hs_pop *pop;
    hs_status st = build_pop(ip, uscc, inputs, &pop, err);
    if (st != HS_OK)
        return st;
    st = policy_eval_row(ip->policy, pop, 0, on, out, err);
    pop_free(pop);
    if (st == HS_OK && out->status != HS_OK)
        return hs_fail(err, out->status, "%s", out->reason);
    assert(st != HS_OK || out->eligible || out->amount_fen == 0 || out->failed_rule != -1);
    return st;
}

hs_status instrument_explain(const instrument_policy *ip, const char *uscc, const json_t *inputs,
                             hs_date on, hs_explanation *out, hs_error *err) {
    assert(ip != NULL && ip->policy != NULL && out != NULL);
    hs_pop *pop;
    hs_status st = build_pop(ip, uscc, inputs, &pop, err);
    if (st != HS_OK)
        return st;
    st = policy_explain(ip->policy, pop, 0, on, out, err);
    pop_free(pop);
    return st;
}

/* ---- limits ---- */

/* " per firm per product per programme per year", as the limit line reads. */
static void scope_text(const hs_policy_limit *lim, bool programme_if_none, char *out, size_t len) {
    assert(lim != NULL && out != NULL && len > 0);
    snprintf(out, len, "%s%s%s%s", lim->per_firm ? " per firm" : "",
             lim->per_product ? " per product" : "",
             lim->per_programme || (programme_if_none && !lim->per_firm && !lim->per_product)
                 ? " per programme"
                 : "",
             lim->per_year ? " per year" : "");
}

hs_status instrument_limits_check(const hs_policy *p, hs_date on,
                                  const instrument_limit_subject *subject,
                                  instrument_usage_fn usage, void *usage_ctx, int64_t *amount_fen,
                                  char *note, size_t note_len, hs_error *err) {
    assert(p != NULL && subject != NULL && usage != NULL && amount_fen != NULL);
    assert(*amount_fen >= 0);
    int year, m, d;
    date_to_ymd(on, &year, &m, &d);
    const int64_t asked = *amount_fen;
    for (size_t i = 0; i < policy_limit_count(p); i++) {
        hs_policy_limit lim;
        hs_status st = policy_limit(p, i, on, &lim, err);
        if (st != HS_OK)
            return st;
        /* the rule chooses the scope; the repository only sums it */
        instrument_limit_scope scope = {
            .policy_id = policy_id(p),
            .firm = lim.per_firm ? subject->firm : NULL,
            .product = lim.per_product ? (subject->product ? subject->product : "") : NULL,
            .year = lim.per_year ? year : 0,
            .exclude_id = subject->id,
        };
        instrument_limit_usage u;
        memset(&u, 0, sizeof u);
        if ((st = usage(usage_ctx, &scope, &u, err)) != HS_OK)
            return st;
        if (u.count < 0 || u.used_fen < 0)
            return hs_fail(err, HS_STORAGE, "limit usage read back negative (count %lld, %lld fen)",
                           (long long)u.count, (long long)u.used_fen);
        char sc[96];
        scope_text(&lim, !subject->may_cap, sc, sizeof sc);
        if (lim.once && u.count > 0)
            return hs_fail_code(err, HS_REFUSED, "limit_used", NULL,
                                "limit once%s (policy line %u) already used by %s %s", sc, lim.line,
                                subject->kind, u.first_id);
        if (!lim.has_amount)
            continue;
        char c[MONEY_TEXT_MAX], h[MONEY_TEXT_MAX], f[MONEY_TEXT_MAX], x[MONEY_TEXT_MAX];
        int64_t headroom = lim.amount_fen - u.used_fen;
        if (!subject->may_cap) {
            if (*amount_fen > headroom)
                return hs_fail_code(
                    err, HS_REFUSED, "limit_used", NULL,
                    "%s %s of %s would exceed limit%s <= %s (policy line %u): %s already committed",
                    subject->kind, subject->id, money_format(*amount_fen, f, sizeof f), sc,
                    money_format(lim.amount_fen, c, sizeof c), lim.line,
                    money_format(u.used_fen, x, sizeof x));
            continue;
        }
        if (headroom <= 0)
            return hs_fail_code(err, HS_REFUSED, "limit_used", NULL,
                                "limit%s <= %s (policy line %u) is used up", sc,
                                money_format(lim.amount_fen, c, sizeof c), lim.line);
        if (*amount_fen > headroom) {
            *amount_fen = headroom;
            if (note != NULL)
                snprintf(note, note_len, "capped to %s by limit%s <= %s (policy line %u)",
                         money_format(headroom, h, sizeof h), sc,
                         money_format(lim.amount_fen, c, sizeof c), lim.line);
        }
    }
    assert(*amount_fen <= asked && (*amount_fen == asked || subject->may_cap));
    return HS_OK;
}

/* ---- transfers ---- */

hs_status instrument_transfer_id(char out[TRANSFER_ID_MAX], const char *prefix, const char *id,
                                 const char *kind, int seq, hs_error *err) {
    assert(seq >= 0 && out != NULL && prefix != NULL && id != NULL && kind != NULL);
    int n = snprintf(out, TRANSFER_ID_MAX, "%s.%s.%s%d", prefix, id, kind, seq);
    if (n < 0 || n >= TRANSFER_ID_MAX)
        return hs_invalid_field(err, "id", "transfer id %s.%s.%s%d would be longer than %d bytes",
                                prefix, id, kind, seq, TRANSFER_ID_MAX - 1);
    return HS_OK;
}

hs_status instrument_transfer(hs_transfer *t, const char *prefix, const char *ref_key,
                              const char *id, const char *policy_label, const char *firm,
                              const char *kind, int seq, hs_date on, const char *code,
                              hs_error *err) {
    assert(t != NULL && ref_key != NULL && policy_label != NULL && firm != NULL && code != NULL);
    transfer_init(t);
    hs_status st = instrument_transfer_id(t->id, prefix, id, kind, seq, err);
    if (st != HS_OK)
        return st;
    t->date = on;
    t->date_given = true;
    snprintf(t->code, sizeof t->code, "%s", code);
    char why[128];
    if (!transfer_add_ref(t, ref_key, id, why, sizeof why) ||
        !transfer_add_ref(t, "policy", policy_label, why, sizeof why) ||
        !transfer_add_ref(t, "firm", firm, why, sizeof why))
        return hs_fail(err, HS_INPUT, "transfer %s: %s", t->id, why);
    assert(t->amount_fen == 0 && t->flags == 0); /* the caller sets what moves */
    return HS_OK;
}

hs_status instrument_module_account(hs_tx *tx, const char *name, const char *kind,
                                    const char *owner, hs_error *err) {
    assert(tx != NULL && owner != NULL && owner[0] != '\0');
    hs_account a;
    bool found = false;
    hs_status st = hs_tx_account_get(tx, name, &a, &found, err);
    if (st != HS_OK)
        return st;
    if (found && a.owner[0] == '\0' && strcmp(a.kind, kind) == 0)
        return HS_OK; /* made before accounts had owners */
    bool existed;
    return hs_tx_account_ensure(tx, name, kind, 0, owner, &a, &existed, err);
}

hs_status instrument_firm_account(hs_tx *tx, const char *uscc, char *out, size_t len,
                                  hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && uscc != NULL && out != NULL);
    int n = snprintf(out, len, "firm/%s/cash", uscc);
    if (n < 0 || (size_t)n >= len)
        return hs_invalid_field(err, "--firm", "firm code '%s' is too long", uscc);
    bool existed;
    return hs_tx_account_ensure(tx, out, "enterprise", 0, NULL, NULL, &existed, err);
}

hs_status instrument_apply(hs_tx *txn, const hs_transfer *ev, size_t n, const char *what,
                           hs_error *err) {
    assert(txn != NULL && store_in_txn(txn->store) && ev != NULL && n > 0 && what != NULL);
    transfer_result r[8];
    if (n > 8)
        return hs_fail(err, HS_INPUT, "%s: too many transfers in one step", what);
    hs_status st = hs_tx_transfer(txn, ev, n, r, err);
    if (st != HS_OK)
        return st;
    size_t cause = n;
    for (size_t i = 0; i < n; i++)
        if (r[i] != TR_OK && r[i] != TR_EXISTS &&
            (cause == n || r[cause] == TR_LINKED_EVENT_FAILED))
            cause = i;
    if (cause == n)
        return HS_OK; /* every transfer applied (or was there already, the same) */
    assert(r[cause] != TR_OK && r[cause] != TR_EXISTS);
    char hint[ACCOUNT_NAME_MAX + 48] = "";
    if (r[cause] == TR_EXCEEDS_CREDITS)
        snprintf(hint, sizeof hint, " (the budget cannot cover it)");
    else if (r[cause] == TR_DEBIT_ACCOUNT_NOT_FOUND)
        snprintf(hint, sizeof hint, " (no account %s)", ev[cause].debit);
    else if (r[cause] == TR_CREDIT_ACCOUNT_NOT_FOUND)
        snprintf(hint, sizeof hint, " (no account %s)", ev[cause].credit);
    return hs_fail_code(err, transfer_result_status(r[cause]), transfer_result_name(r[cause]), NULL,
                        "%s refused: %s%s", what, transfer_result_name(r[cause]), hint);
}

/* ---- policies that only one module may run ---- */

static bool declares_input(const hs_policy *p, const char *name) {
    for (size_t i = 0; i < policy_input_count(p); i++)
        if (strcmp(policy_input_name(p, i), name) == 0)
            return true;
    return false;
}

const char *instrument_policy_module(const hs_policy *p) {
    assert(p != NULL);
    if (declares_input(p, "rd_filed"))
        return "rdreserve";
    if (declares_input(p, "on_catalogue"))
        return "first_unit";
    return NULL;
}

hs_status instrument_policy_for_module(const instrument_policy *ip, const char *module,
                                       hs_error *err) {
    assert(ip != NULL && ip->policy != NULL);
    const char *owner = instrument_policy_module(ip->policy);
    if (owner == NULL && module == NULL)
        return HS_OK;
    if (owner != NULL && module != NULL && strcmp(owner, module) == 0)
        return HS_OK;
    if (owner != NULL)
        return hs_invalid_field(err, "policy",
                                "%s is run by the %s module alone (its facts come from the book, "
                                "not from inputs typed here)",
                                ip->label, owner);
    return hs_invalid_field(err, "policy", "%s is not a %s policy (it declares no %s input)",
                            ip->label, module,
                            strcmp(module, "rdreserve") == 0 ? "rd_filed" : "on_catalogue");
}
