/* policy_eval_ops.c — policy test, eval, explain and the matcher on resolved policies (see
 * policy_eval_ops.h). Populations are built here from the request's source: a CSV path (one
 * columnar population), or JSON rows and registry records (one single-row population each, since
 * the policy layer builds populations from files or from one firm's fields). */
#include "ops/policy_eval_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/money.h"
#include "ops/policy_versions.h"
#include "registry/firm_csv.h"
#include "registry/registry.h"
#include "registry/uscc.h"

#define POLICY_EVAL_REPEAT_MAX 100

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static json_t *money_json(int64_t fen) {
    char buf[MONEY_TEXT_MAX];
    return json_string(money_format_decimal(fen, buf, sizeof buf));
}

static const char *or_default(const char *field, const char *fallback) {
    return field != NULL ? field : fallback;
}

/* ---- inputs as text ---- */

/* The text a CSV cell would hold for a JSON value: a string as is, an integer in decimal, a
 * boolean as true/false; false for anything else. */
static bool cell_text(const json_t *v, char *buf, size_t len) {
    if (json_is_string(v)) {
        if (json_string_length(v) > POLICY_EVAL_TEXT_MAX)
            return false;
        snprintf(buf, len, "%s", json_string_value(v));
        return true;
    }
    if (json_is_integer(v)) {
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
        return true;
    }
    if (json_is_boolean(v)) {
        snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
        return true;
    }
    return false;
}

/* Checks a {NAME: VALUE} object typed by a person (at most POLICY_EVAL_FIELDS_MAX members, names
 * and values at most POLICY_EVAL_TEXT_MAX bytes) and copies it with every value as its text into
 * *out (new reference). `what` names it in messages ("inputs", "firms[3]"); `field` is the field
 * an error names. */
static hs_status text_object(const json_t *in, const char *what, const char *field, json_t **out,
                             hs_error *err) {
    *out = NULL;
    if (!json_is_object(in))
        return hs_invalid_field(err, field, "%s must be an object of NAME: VALUE", what);
    if (json_object_size(in) > POLICY_EVAL_FIELDS_MAX)
        return hs_invalid_field(err, field, "%s has %zu members, more than the %d allowed", what,
                                json_object_size(in), POLICY_EVAL_FIELDS_MAX);
    json_t *o = json_object();
    if (o == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)in, name, v) {
        char text[POLICY_EVAL_TEXT_MAX + 1];
        if (strlen(name) > POLICY_EVAL_TEXT_MAX || !cell_text(v, text, sizeof text)) {
            json_decref(o);
            return hs_invalid_field(err, field,
                                    "%s: '%.64s' must be a string of at most %d bytes (or an "
                                    "integer or a boolean)",
                                    what, name, POLICY_EVAL_TEXT_MAX);
        }
        /* copied as they came (the CLI's bytes are not checked as UTF-8; the parsers judge) */
        if (json_object_set_new_nocheck(o, name, json_string_nocheck(text)) != 0) {
            json_decref(o);
            return hs_fail(err, HS_STORAGE, "out of memory");
        }
    }
    *out = o;
    return HS_OK;
}

/* The policy to evaluate: the doc's own, or (with overrides) a private copy reparsed from its
 * text with each override applied. *own is that copy (NULL when none). */
static hs_status policy_with(const policy_doc *d, const json_t *params, const char *field,
                             hs_policy **own, const hs_policy **use, hs_error *err) {
    assert(d != NULL && d->policy != NULL);
    *own = NULL;
    *use = d->policy;
    if (params == NULL || (json_is_object(params) && json_object_size(params) == 0))
        return HS_OK;
    json_t *texts;
    hs_status st = text_object(params, "params", field, &texts, err);
    if (st != HS_OK)
        return st;
    size_t len = 0;
    const char *text = policy_text(d->policy, &len);
    hs_policy *p = NULL;
    st = policy_load_text(d->name, text, len, &p, err);
    const char *name;
    json_t *v;
    json_object_foreach(texts, name, v) {
        if (st != HS_OK)
            break;
        if (policy_param_override(p, name, json_string_value(v), err) != HS_OK) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            st = hs_invalid_field(err, field, "%s", msg);
        }
    }
    json_decref(texts);
    if (st != HS_OK) {
        policy_free(p);
        return st;
    }
    *own = p;
    *use = p;
    return HS_OK;
}

/* A one-firm population from `typed` (strings; every name must be an input, a money input's
 * NAME_fen, or uscc) over `base` (strings, e.g. a registry record: only the policy's inputs are
 * read, and only those not typed). Either may be NULL. */
static hs_status pop_of(const hs_policy *p, const char *uscc, const json_t *typed,
                        const json_t *base, hs_pop **pop, hs_error *err) {
    size_t cap = json_object_size(typed) + policy_input_count(p) + 1;
    const char **names = calloc(cap, sizeof *names), **values = calloc(cap, sizeof *values);
    if (names == NULL || values == NULL) {
        free(names);
        free(values);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    size_t n = 0;
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)typed, name, v) {
        names[n] = name;
        values[n++] = json_string_value(v);
    }
    for (size_t i = 0; base != NULL && i < policy_input_count(p); i++) {
        const char *in = policy_input_name(p, i);
        json_t *cell = json_object_get(base, in);
        if (json_is_string(cell) && json_object_get(typed, in) == NULL) {
            names[n] = in;
            values[n++] = json_string_value(cell);
        }
    }
    assert(n <= cap);
    hs_status st = pop_from_fields(p, uscc, names, values, n, pop, err);
    free(names);
    free(values);
    return st;
}

/* A registry firm as CSV cells by field name (what policies read: sector, high_tech, ...). */
static json_t *firm_cells(const hs_firm *f) {
    json_t *row = json_object();
    for (int k = 0; row != NULL && k < FIRM_FIELD_COUNT; k++) {
        char buf[512];
        const char *cell = firm_csv_cell(f, (firm_field)k, buf, sizeof buf);
        if (cell != NULL && cell[0] != '\0')
            json_object_set_new(row, firm_field_name((firm_field)k), json_string(cell));
    }
    return row;
}

/* The registry's record of `uscc` into *f; *found. */
static hs_status registry_firm(const hs_ctx *ctx, const char *uscc, hs_firm *f, bool *found,
                               hs_error *err) {
    hs_registry *r;
    *found = false;
    hs_status st = registry_open(ctx->store, &r, err);
    if (st != HS_OK)
        return st;
    firm_meta meta;
    st = registry_find(r, uscc, f, &meta, found, err);
    registry_close(r);
    return st;
}

/* ---- policy test ---- */

void ops_policy_test_free(ops_policy_test_result *r) {
    assert(r != NULL);
    for (size_t i = 0; r->cases != NULL && i < r->count; i++)
        free(r->cases[i].name);
    free(r->cases);
    r->cases = NULL;
    r->count = 0;
}

hs_status ops_policy_test(const policy_doc *d, ops_policy_test_result *out, hs_error *err) {
    assert(d != NULL && d->policy != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    const hs_policy *p = d->policy;
    snprintf(out->policy, sizeof out->policy, "%s", policy_id(p));
    snprintf(out->version, sizeof out->version, "%s", policy_version(p));
    size_t n = policy_test_count(p);
    out->cases = calloc(n ? n : 1, sizeof *out->cases);
    if (out->cases == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    for (size_t t = 0; t < n; t++) {
        ops_policy_test_case *c = &out->cases[t];
        const char *name = "";
        c->passed = policy_run_test(p, t, &name, c->why, sizeof c->why);
        const char *tf = policy_test_file(p, t);
        snprintf(c->file, sizeof c->file, "%s", tf ? tf : "");
        if (c->passed)
            c->why[0] = '\0';
        if ((c->name = strdup(name)) == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        out->count++;
        c->passed ? out->passed++ : out->failed++;
    }
    assert(out->passed + out->failed == out->count);
    return HS_OK;
}

json_t *view_policy_test_cases(const ops_policy_test_result *r, const char *file) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < r->count; i++) {
        const ops_policy_test_case *c = &r->cases[i];
        json_t *o = json_object();
        if (c->file[0])
            json_object_set_new(o, "file", json_string(c->file));
        else if (file != NULL)
            json_object_set_new(o, "file", json_string(file));
        json_object_set_new(o, "test", json_string(c->name));
        json_object_set_new(o, "passed", json_boolean(c->passed));
        if (!c->passed)
            json_object_set_new(o, "why", json_string(c->why));
        if (json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

json_t *view_policy_test(const ops_policy_test_result *r) {
    json_t *cases = view_policy_test_cases(r, NULL);
    json_t *o = cases ? json_object() : NULL;
    if (o == NULL) {
        json_decref(cases);
        return NULL;
    }
    json_object_set_new(o, "policy", json_string(r->policy));
    json_object_set_new(o, "version", json_string(r->version));
    json_object_set_new(o, "passed", json_integer((json_int_t)r->passed));
    json_object_set_new(o, "failed", json_integer((json_int_t)r->failed));
    json_object_set_new(o, "results", cases);
    return o;
}

/* ---- policy eval ---- */

void ops_policy_eval_free(ops_policy_eval_result *r) {
    assert(r != NULL);
    for (size_t k = 0; k < r->npops; k++) {
        pop_free(r->pops[k]);
        if (r->results != NULL)
            pop_result_free(&r->results[k]);
    }
    free(r->pops);
    free(r->results);
    policy_free(r->own);
    memset(r, 0, sizeof *r);
}

/* Room for n populations and their results. */
static hs_status pops_alloc(ops_policy_eval_result *r, size_t n, hs_error *err) {
    r->pops = calloc(n ? n : 1, sizeof *r->pops);
    r->results = calloc(n ? n : 1, sizeof *r->results);
    if (r->pops == NULL || r->results == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

/* One population per row of the JSON array `firms`. */
static hs_status load_rows(ops_policy_eval_result *r, const json_t *firms, const char *field,
                           hs_error *err) {
    if (!json_is_array(firms))
        return hs_invalid_field(err, field, "%s must be an array of objects {uscc, NAME: VALUE}",
                                field);
    size_t n = json_array_size(firms);
    if (n > POLICY_EVAL_FIRMS_MAX)
        return hs_invalid_field(err, field, "%s has %zu rows, more than the %d allowed", field, n,
                                POLICY_EVAL_FIRMS_MAX);
    hs_status st = pops_alloc(r, n, err);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        char what[96];
        snprintf(what, sizeof what, "%s[%zu]", field, i);
        json_t *typed;
        if ((st = text_object(json_array_get(firms, i), what, field, &typed, err)) != HS_OK)
            break;
        const char *uscc = json_string_value(json_object_get(typed, "uscc"));
        if (uscc == NULL || uscc[0] == '\0')
            st = hs_invalid_field(err, field, "%s: uscc is required", what);
        else if ((st = pop_of(r->policy, uscc, typed, NULL, &r->pops[i], err)) != HS_OK)
            st = hs_error_prefix(err, "%s (%s)", what, uscc);
        if (st == HS_INPUT)
            hs_error_field(err, field);
        json_decref(typed);
        if (st == HS_OK)
            r->npops++;
    }
    return st;
}

/* One population per registry firm: its record's cells. */
static hs_status load_registry(const hs_ctx *ctx, ops_policy_eval_result *r, hs_error *err) {
    hs_registry *reg;
    hs_status st = registry_open(ctx->store, &reg, err);
    if (st != HS_OK)
        return st;
    hs_firm *firms = NULL;
    size_t n = 0;
    st = registry_load(reg, NULL, &firms, &n, err);
    registry_close(reg);
    if (st == HS_OK)
        st = pops_alloc(r, n, err);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        json_t *cells = firm_cells(&firms[i]);
        st = cells ? pop_of(r->policy, firms[i].uscc, NULL, cells, &r->pops[i], err)
                   : hs_fail(err, HS_STORAGE, "out of memory");
        json_decref(cells);
        if (st == HS_OK)
            r->npops++;
        else
            hs_error_prefix(err, "registry firm %s", firms[i].uscc);
    }
    free(firms);
    return st;
}

/* Locates row i: population *k, row *j within it. */
static void locate(const ops_policy_eval_result *r, size_t i, size_t *k, size_t *j) {
    assert(i < r->rows);
    if (r->npops == 1) {
        *k = 0;
        *j = i;
    } else {
        *k = i;
        *j = 0;
    }
}

void ops_policy_eval_row_at(const ops_policy_eval_result *r, size_t i, ops_policy_eval_row *out) {
    size_t k, j;
    locate(r, i, &k, &j);
    const hs_pop_result *res = &r->results[k];
    out->uscc = pop_uscc(r->pops[k], j);
    out->eligible = res->eligible[j] != 0;
    out->error = res->error[j] != 0;
    out->amount_fen = res->amount_fen[j];
}

void ops_policy_eval_reason(const ops_policy_eval_result *r, size_t i, char *buf, size_t len) {
    size_t k, j;
    locate(r, i, &k, &j);
    policy_result_reason(r->policy, &r->results[k], j, r->on, buf, len);
}

/* Evaluates every population (repeat times, keeping the best time) and sums the result. */
static hs_status evaluate(ops_policy_eval_result *r, int threads, int repeat, hs_error *err) {
    double best = 1e300;
    for (int rep = 0; rep < repeat; rep++) {
        double ts = now_s();
        for (size_t k = 0; k < r->npops; k++) {
            if (rep > 0)
                pop_result_free(&r->results[k]);
            hs_status st = policy_eval_pop(r->policy, r->pops[k], r->on,
                                           r->npops == 1 ? threads : 1, &r->results[k], err);
            if (st != HS_OK) {
                memset(&r->results[k], 0, sizeof r->results[k]);
                return st;
            }
        }
        double t = now_s() - ts;
        if (t < best)
            best = t;
    }
    r->eval_seconds = best;
    r->rows = 0;
    for (size_t k = 0; k < r->npops; k++)
        r->rows += pop_rows(r->pops[k]);
    r->total_ok = true;
    for (size_t i = 0; i < r->rows; i++) {
        ops_policy_eval_row row;
        ops_policy_eval_row_at(r, i, &row);
        r->eligible += row.eligible;
        r->errors += row.error;
        if (row.eligible && !money_add(r->total_fen, row.amount_fen, &r->total_fen))
            r->total_ok = false;
    }
    assert(r->eligible <= r->rows && r->errors <= r->rows);
    return HS_OK;
}

hs_status ops_policy_eval(const hs_ctx *ctx, const ops_policy_eval_req *req,
                          ops_policy_eval_result *out, hs_error *err) {
    assert(req != NULL && req->policy != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->on = req->on;
    int repeat = req->repeat < 1 ? 1 : req->repeat;
    if (repeat > POLICY_EVAL_REPEAT_MAX)
        return hs_invalid_field(err, "--repeat", "--repeat takes 1 .. %d", POLICY_EVAL_REPEAT_MAX);
    hs_status st = policy_with(req->policy, req->params, or_default(req->params_field, "params"),
                               &out->own, &out->policy, err);
    if (st != HS_OK)
        return st;
    double t0 = now_s();
    if (req->firms_csv != NULL) {
        st = pops_alloc(out, 1, err);
        if (st == HS_OK &&
            (st = pop_load_csv(out->policy, req->firms_csv, &out->pops[0], err)) == HS_OK)
            out->npops = 1;
    } else if (req->firms != NULL) {
        st = load_rows(out, req->firms, or_default(req->firms_field, "firms"), err);
    } else {
        assert(ctx != NULL);
        st = load_registry(ctx, out, err);
    }
    if (st != HS_OK)
        return st;
    out->load_seconds = now_s() - t0;
    if (req->progress != NULL) {
        size_t rows = 0;
        for (size_t k = 0; k < out->npops; k++)
            rows += pop_rows(out->pops[k]);
        req->progress(req->progress_arg, rows);
    }
    return evaluate(out, req->threads < 1 ? 1 : req->threads, repeat, err);
}

json_t *view_policy_eval(const ops_policy_eval_result *r) {
    json_t *arr = json_array();
    char reason[1024], on[DATE_TEXT_LEN];
    for (size_t i = 0; arr != NULL && i < r->rows; i++) {
        ops_policy_eval_row row;
        ops_policy_eval_row_at(r, i, &row);
        json_t *f = json_object();
        json_object_set_new(f, "uscc", json_string(row.uscc));
        json_object_set_new(f, "eligible", json_boolean(row.eligible));
        json_object_set_new(f, "amount", money_json(row.amount_fen));
        json_object_set_new(f, "amount_fen", json_integer(row.amount_fen));
        ops_policy_eval_reason(r, i, reason, sizeof reason);
        json_object_set_new(f, "reason", json_string(reason));
        if (row.error)
            json_object_set_new(f, "error", json_true());
        if (json_array_append_new(arr, f) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    json_t *j = arr ? json_object() : NULL;
    if (j == NULL) {
        json_decref(arr);
        return NULL;
    }
    json_object_set_new(j, "policy", json_string(policy_id(r->policy)));
    json_object_set_new(j, "version", json_string(policy_version(r->policy)));
    char sha[65]; /* which text decided: the version's SHA-256, as decisions record it */
    policy_text_sha256(r->policy, sha);
    json_object_set_new(j, "sha256", json_string(sha));
    json_object_set_new(j, "on", json_string(date_format(r->on, on)));
    json_object_set_new(j, "firms", arr);
    json_object_set_new(j, "eligible", json_integer((json_int_t)r->eligible));
    json_object_set_new(j, "total", money_json(r->total_fen));
    return j;
}

json_t *view_policy_eval_stats(const ops_policy_eval_result *r, bool timings) {
    json_t *j = json_object();
    if (j == NULL)
        return NULL;
    json_object_set_new(j, "firms", json_integer((json_int_t)r->rows));
    json_object_set_new(j, "eligible", json_integer((json_int_t)r->eligible));
    json_object_set_new(j, "errors", json_integer((json_int_t)r->errors));
    json_object_set_new(j, "total", money_json(r->total_fen));
    if (timings) {
        json_object_set_new(j, "load_seconds", json_real(r->load_seconds));
        json_object_set_new(j, "eval_seconds", json_real(r->eval_seconds));
    }
    return j;
}

/* ---- policy explain ---- */

/* The population holding the firm to explain (*row its index), from the request's source. */
static hs_status explain_pop(const hs_ctx *ctx, const ops_policy_explain_req *req,
                             const hs_policy *p, hs_pop **pop, size_t *row, hs_error *err) {
    const char *field = or_default(req->firm_field, "firm");
    *row = 0;
    if (req->firms_csv != NULL) {
        hs_status st = pop_load_csv(p, req->firms_csv, pop, err);
        if (st != HS_OK)
            return st;
        long at = pop_find(*pop, req->firm);
        if (at < 0) {
            pop_free(*pop);
            *pop = NULL;
            return hs_invalid_field(err, field, "firm %s is not in %s", req->firm, req->firms_csv);
        }
        *row = (size_t)at;
        return HS_OK;
    }
    if (req->inputs == NULL && !req->registry)
        return hs_invalid_field(err, or_default(req->inputs_field, "inputs"),
                                "give the firm's inputs (or its CSV row)");
    json_t *typed = NULL, *cells = NULL;
    hs_status st = HS_OK;
    if (req->inputs != NULL)
        st = text_object(req->inputs, "inputs", or_default(req->inputs_field, "inputs"), &typed,
                         err);
    if (st == HS_OK && req->registry) {
        char why[160] = "";
        hs_firm f;
        bool found = false;
        if (!uscc_valid(req->firm, why, sizeof why))
            st = hs_invalid_field(err, field,
                                  "%s '%.64s' is not a valid 统一社会信用代码 (GB 32100): %s",
                                  field, req->firm, why);
        else if ((st = registry_firm(ctx, req->firm, &f, &found, err)) == HS_OK && found)
            st = (cells = firm_cells(&f)) ? HS_OK : hs_fail(err, HS_STORAGE, "out of memory");
        else if (st == HS_OK && req->inputs == NULL)
            st =
                hs_not_found(err, field, "no firm %s in the registry (give its inputs)", req->firm);
    }
    if (st == HS_OK && (st = pop_of(p, req->firm, typed, cells, pop, err)) == HS_INPUT &&
        req->inputs_field != NULL)
        hs_error_field(err, req->inputs_field);
    json_decref(typed);
    json_decref(cells);
    return st;
}

hs_status ops_policy_explain(const hs_ctx *ctx, const ops_policy_explain_req *req,
                             hs_explanation *out, hs_error *err) {
    assert(req != NULL && req->policy != NULL && req->firm != NULL && out != NULL);
    assert(!req->registry || ctx != NULL);
    memset(out, 0, sizeof *out);
    hs_policy *own = NULL;
    const hs_policy *p = NULL;
    hs_status st = policy_with(req->policy, req->params, or_default(req->params_field, "params"),
                               &own, &p, err);
    if (st != HS_OK)
        return st;
    hs_pop *pop = NULL;
    size_t row = 0;
    st = explain_pop(ctx, req, p, &pop, &row, err);
    if (st == HS_OK)
        st = policy_explain(p, pop, row, req->on, out, err);
    pop_free(pop);
    policy_free(own);
    return st;
}

/* ---- the matcher ---- */

typedef struct {
    json_t *view;
    bool eligible;
    int64_t amount_fen;
    char label[POLICY_REF_MAX];
} match_entry;

/* Eligible first, then the larger amount, then by label. */
static int by_match(const void *a, const void *b) {
    const match_entry *x = a, *y = b;
    if (x->eligible != y->eligible)
        return x->eligible ? -1 : 1;
    if (x->amount_fen != y->amount_fen)
        return x->amount_fen > y->amount_fen ? -1 : 1;
    return strcmp(x->label, y->label);
}

/* The failing rules of an explanation: [{rule, clause, line}]. */
static json_t *failed_rules(const hs_explanation *ex) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < ex->count; i++) {
        const hs_explain_item *it = &ex->items[i];
        if (it->kind != HS_EX_RULE || it->passed)
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(it->label));
        json_object_set_new(o, "clause", json_string(it->note));
        json_object_set_new(o, "line", json_integer(it->line));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* One policy's match for the firm's cells into *e. */
static hs_status match_one(const policy_doc *d, const char *uscc, const json_t *cells, hs_date on,
                           match_entry *e, hs_error *err) {
    const hs_policy *p = d->policy;
    snprintf(e->label, sizeof e->label, "%s@%s", policy_id(p), policy_version(p));
    hs_pop *pop = NULL;
    hs_error why = {0};
    hs_explanation ex = {0};
    bool decided = pop_of(p, uscc, NULL, cells, &pop, &why) == HS_OK &&
                   policy_explain(p, pop, 0, on, &ex, &why) == HS_OK;
    pop_free(pop);
    if (why.status == HS_STORAGE) {
        explanation_free(&ex);
        *err = why;
        return HS_STORAGE;
    }
    e->eligible = decided && ex.decision.status == HS_OK && ex.decision.eligible;
    e->amount_fen = e->eligible ? ex.decision.amount_fen : 0;
    json_t *o = json_object();
    json_object_set_new(o, "policy", json_string(policy_id(p)));
    json_object_set_new(o, "version", json_string(policy_version(p)));
    json_object_set_new(o, "label", json_string(e->label));
    json_object_set_new(o, "title_zh", json_string(policy_title_zh(p)));
    json_object_set_new(o, "title_en", json_string(policy_title_en(p)));
    json_object_set_new(o, "instrument", json_string(policy_instrument_name(policy_instrument(p))));
    json_object_set_new(o, "eligible", json_boolean(e->eligible));
    json_object_set_new(o, "amount", money_json(e->amount_fen));
    json_object_set_new(o, "amount_fen", json_integer(e->amount_fen));
    json_object_set_new(o, "reason", json_string(decided ? ex.decision.reason : why.msg));
    json_object_set_new(o, "failed", decided ? failed_rules(&ex) : json_array());
    explanation_free(&ex);
    e->view = o;
    return o != NULL ? HS_OK : hs_fail(err, HS_STORAGE, "out of memory");
}

/* True if docs[i] is in force on `on` and no later version of its id is. */
static bool chosen(const policy_doc *docs, size_t n, size_t i, hs_date on) {
    if (!policy_in_force(docs[i].policy, on))
        return false;
    for (size_t k = i + 1; k < n; k++)
        if (strcmp(policy_id(docs[k].policy), policy_id(docs[i].policy)) == 0 &&
            policy_in_force(docs[k].policy, on))
            return false;
    return true;
}

hs_status ops_policy_match(const hs_ctx *ctx, const char *uscc, hs_date on, json_t **out,
                           hs_error *err) {
    assert(ctx != NULL && out != NULL);
    *out = NULL;
    char why[160] = "";
    if (uscc == NULL || !uscc_valid(uscc, why, sizeof why))
        return hs_invalid_field(err, "uscc",
                                "uscc '%.64s' is not a valid 统一社会信用代码 (GB "
                                "32100): %s",
                                uscc ? uscc : "", why);
    hs_firm f;
    bool found = false;
    hs_status st = registry_firm(ctx, uscc, &f, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "uscc", "no firm %s in the registry", uscc);
    json_t *cells = firm_cells(&f);
    policy_doc *docs = NULL;
    size_t n = 0;
    st = cells ? policy_shipped_docs(ctx, &docs, &n, err)
               : hs_fail(err, HS_STORAGE, "out of memory");
    match_entry *entries = calloc(n ? n : 1, sizeof *entries);
    size_t m = 0;
    if (st == HS_OK && entries == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    for (size_t i = 0; st == HS_OK && i < n; i++)
        if (chosen(docs, n, i, on) &&
            (st = match_one(&docs[i], uscc, cells, on, &entries[m], err)) == HS_OK)
            m++;
    json_decref(cells);
    policy_docs_free(docs, n);
    json_t *matches = st == HS_OK ? json_array() : NULL;
    if (st == HS_OK && matches == NULL)
        st = hs_fail(err, HS_STORAGE, "out of memory");
    if (st == HS_OK)
        qsort(entries, m, sizeof *entries, by_match);
    for (size_t i = 0; i < m; i++) {
        if (matches != NULL)
            json_array_append(matches, entries[i].view);
        json_decref(entries[i].view);
    }
    free(entries);
    if (st != HS_OK)
        return st;
    char d[DATE_TEXT_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "firm", json_string(uscc));
    json_object_set_new(o, "name", json_string(f.name));
    json_object_set_new(o, "on", json_string(date_format(on, d)));
    json_object_set_new(o, "matches", matches);
    *out = o;
    return HS_OK;
}
