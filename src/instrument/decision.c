/* decision.c — policy loading for instruments, one-firm decisions and explanations. */
#include "instrument/decision.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/book.h"

static hs_status file_sha256(const char *path, char out[65], hs_error *err) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open the policy file", path);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crypto_hash_sha256_update(&st, buf, n);
    fclose(f);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
    return HS_OK;
}

hs_status instrument_policy_load(const char *path, hs_instrument expected, instrument_policy *out,
                                 hs_error *err) {
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return hs_fail(err, HS_STORAGE, "libsodium failed to initialise");
    hs_status st = policy_load_file(path, &out->policy, err);
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
        (size_t)(slash - prog) >= sizeof out->programme) {
        hs_fail(err, HS_INPUT, "%s: budget '%s' must be budget/<programme>/<name>", path, budget);
        instrument_policy_free(out);
        return HS_INPUT;
    }
    snprintf(out->budget, sizeof out->budget, "%s", budget);
    memcpy(out->programme, prog, (size_t)(slash - prog));
    out->programme[slash - prog] = '\0';
    if ((st = file_sha256(path, out->sha256, err)) != HS_OK) {
        instrument_policy_free(out);
        return st;
    }
    return HS_OK;
}

void instrument_policy_free(instrument_policy *ip) {
    policy_free(ip->policy);
    ip->policy = NULL;
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
    hs_status st = pop_from_fields(ip->policy, uscc, names, values, n, pop, err);
    free(names);
    free(values);
    return st;
}

hs_status instrument_decide(const instrument_policy *ip, const char *uscc, const json_t *inputs,
                            hs_date on, hs_decision *out, hs_error *err) {
    hs_pop *pop;
    hs_status st = build_pop(ip, uscc, inputs, &pop, err);
    if (st != HS_OK)
        return st;
    st = policy_eval_row(ip->policy, pop, 0, on, out, err);
    pop_free(pop);
    if (st == HS_OK && out->status != HS_OK)
        return hs_fail(err, out->status, "%s", out->reason);
    return st;
}

hs_status instrument_explain_json(const instrument_policy *ip, const char *uscc,
                                  const json_t *inputs, hs_date on, json_t **out, hs_error *err) {
    hs_pop *pop;
    hs_status st = build_pop(ip, uscc, inputs, &pop, err);
    if (st != HS_OK)
        return st;
    hs_explanation ex;
    st = policy_explain(ip->policy, pop, 0, on, &ex, err);
    pop_free(pop);
    if (st != HS_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; i < ex.count; i++) {
        const hs_explain_item *it = &ex.items[i];
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(policy_explain_kind_name(it->kind)));
        json_object_set_new(o, "depth", json_integer(it->depth));
        json_object_set_new(o, "label", json_string(it->label));
        json_object_set_new(o, "value", json_string(it->value));
        if (it->note[0])
            json_object_set_new(o, "note", json_string(it->note));
        if (it->kind == HS_EX_RULE)
            json_object_set_new(o, "passed", json_boolean(it->passed));
        json_object_set_new(o, "line", json_integer(it->line));
        json_array_append_new(arr, o);
    }
    explanation_free(&ex);
    *out = arr;
    return HS_OK;
}

hs_status instrument_ensure_account(hs_store *s, const char *name, const char *kind, uint32_t flags,
                                    hs_error *err) {
    hs_account a;
    bool existed;
    return book_account_create(s, name, kind, flags, &a, &existed, err);
}

hs_status instrument_firm_account(hs_store *s, const char *uscc, char *out, size_t len,
                                  hs_error *err) {
    snprintf(out, len, "firm/%s/cash", uscc);
    return instrument_ensure_account(s, out, "enterprise", 0, err);
}

hs_status instrument_apply(hs_tx *txn, const hs_transfer *ev, size_t n, const char *what,
                           hs_error *err) {
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
        return HS_OK;
    const char *hint = r[cause] == TR_EXCEEDS_CREDITS ? " (the budget cannot cover it)" : "";
    return hs_fail(err, transfer_result_status(r[cause]), "%s refused: %s%s", what,
                   transfer_result_name(r[cause]), hint);
}
