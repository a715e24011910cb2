/* explain.c — one firm on one date, in full: the policy's facts, the parameter values in force,
 * the inputs, each let and rule with every intermediate value beneath it, the amount and the
 * decision. Built from the same columnar frame the bulk evaluator uses (a chunk of one row). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "policy/internal.h"

typedef struct {
    const hs_policy *p;
    const hs_pop *pop;
    const pol_frame *f;
    hs_explanation *ex;
    int cap;
    bool oom; /* memory ran out: items went to `scratch`, the result is HS_STORAGE */
    hs_explain_item scratch;
} ctx;

/* Copies s into buf, cutting only at a UTF-8 character boundary. */
static void utf8_copy(char *buf, size_t len, const char *s) {
    size_t n = strlen(s);
    if (n >= len) {
        n = len - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* The next item of the explanation; if memory runs out, a scratch item (c->oom is set and the
 * explanation fails with HS_STORAGE when it is finished). */
static hs_explain_item *item(ctx *c, hs_explain_kind kind, int depth, unsigned line) {
    hs_explain_item *it = &c->scratch;
    if (!c->oom &&
        pol_grow((void **)&c->ex->items, &c->cap, (int)c->ex->count + 1, sizeof(hs_explain_item)))
        it = &c->ex->items[c->ex->count++];
    else
        c->oom = true;
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->depth = depth;
    it->line = line;
    return it;
}

/* The node's source text with runs of white space collapsed. */
static void node_text(const hs_policy *p, const pol_node *nd, char *buf, size_t len) {
    size_t j = 0;
    bool space = false;
    for (uint32_t i = nd->start; i < nd->end && i < p->src_len && j + 4 < len; i++) {
        char ch = p->src[i];
        if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
            space = true;
            continue;
        }
        if (space && j > 0)
            buf[j++] = ' ';
        space = false;
        buf[j++] = ch;
    }
    if (j + 4 >= len) {
        /* cut at a UTF-8 boundary */
        while (j > 0 && ((unsigned char)buf[j - 1] & 0xc0) == 0x80)
            j--;
        if (j > 0 && (unsigned char)buf[j - 1] >= 0xc0)
            j--;
        memcpy(buf + j, "...", 3);
        j += 3;
    }
    buf[j] = '\0';
}

/* Writes "exactly 5.999999...%" for num / den into buf when rounding to the basis point changed
 * it (the exact value is what comparisons use); leaves buf alone otherwise. */
static void exact_note(int64_t num, int64_t den, char *buf, size_t len) {
    if (den == 0)
        return;
    /* percent with 6 decimals, truncated toward zero */
    __int128 scaled = (__int128)num * 100 * 1000000;
    __int128 q = scaled / den;
    bool inexact = q * den != scaled;
    __int128 bp = ((__int128)num * 10000) / den;
    if (!inexact && bp * den == (__int128)num * 10000)
        return; /* the basis points are exact */
    bool neg = q < 0 || (q == 0 && inexact && ((num < 0) != (den < 0)));
    __int128 aq = q < 0 ? -q : q;
    long long whole = (long long)(aq / 1000000), frac = (long long)(aq % 1000000);
    snprintf(buf, len, "exactly %s%lld.%06lld%s%%", neg ? "-" : "", whole, frac,
             inexact ? "..." : "");
}

static void value_of(ctx *c, int node, char *buf, size_t len, bool *ok) {
    uint32_t e = pol_frame_error(c->f, node, 0);
    if (e != 0) {
        char msg[1024];
        policy_error_text(c->p, e, msg, sizeof msg);
        char *nl = strchr(msg, '\n');
        if (nl)
            *nl = '\0';
        snprintf(buf, len, "error: %s", msg);
        if (ok)
            *ok = false;
        return;
    }
    if (ok)
        *ok = true;
    pol_value_text(c->p, c->pop, c->p->nodes.v[node].type, pol_frame_value(c->f, node, 0), buf,
                   len);
}

/* The note of a quotient (money / money) whose basis points are rounded: "exactly 5.999999%",
 * the value comparisons use. Leaves note alone otherwise. */
static void quotient_note(const ctx *c, int node, char *note, size_t len) {
    if (pol_frame_error(c->f, node, 0))
        return;
    const pol_node *nd = &c->p->nodes.v[node];
    /* through lets and the branch of an `if` taken for this firm */
    for (int hops = 0; hops < 64 && (nd->op == N_LETREF || nd->op == N_IF); hops++)
        nd = &c->p->nodes.v[nd->op == N_LETREF                ? nd->a
                            : pol_frame_value(c->f, nd->a, 0) ? nd->b
                                                              : nd->c];
    if (nd->op != N_DIV || nd->arith != AR_MONEY_MONEY_DIV || pol_frame_error(c->f, node, 0))
        return;
    exact_note(pol_frame_value(c->f, nd->a, 0), pol_frame_value(c->f, nd->b, 0), note, len);
}

static bool is_literal(const pol_node *nd) {
    return nd->op == N_CONST || nd->op == N_STRLIT || nd->op == N_TODAY;
}

static void walk(ctx *c, int node, int depth);
static void walk_default(ctx *c, const pol_node *nd, int depth);

/* Which exception of an N_DEFAULT node decides for this firm: its position, -1 for the base (none
 * applies), -2 when a condition failed or two apply (an error). */
static int default_choice(const ctx *c, const pol_node *nd) {
    const int32_t *args = c->p->args.v + nd->first_arg;
    int k = (nd->nargs - 1) / 2, hit = -1;
    for (int j = 0; j < k; j++) {
        if (pol_frame_error(c->f, args[2 * j], 0) != 0)
            return -2;
        if (pol_frame_value(c->f, args[2 * j], 0)) {
            if (hit >= 0)
                return -2;
            hit = j;
        }
    }
    return hit;
}

/* Which children of a lazy node were not used for this firm (their values are still shown, marked
 * "not used", and not expanded). Bit k: kid k (a, b, c); bit 3 + j: argument j. */
static uint64_t unused_children(const ctx *c, const pol_node *nd) {
    const pol_frame *f = c->f;
    if ((nd->a >= 0 && pol_frame_error(f, nd->a, 0) != 0))
        return 0;
    int64_t x = nd->a >= 0 ? pol_frame_value(f, nd->a, 0) : 0;
    switch ((pol_op)nd->op) {
    case N_AND:
        return x ? 0 : 2u;
    case N_OR:
        return x ? 2u : 0;
    case N_IF:
        return x ? 4u : 2u;
    case N_DEFAULT: {
        /* every value but the one chosen is not used */
        int sel = default_choice(c, nd);
        uint64_t mask = 0;
        int k = (nd->nargs - 1) / 2;
        for (int j = 0; j <= k && 2 * j + 1 < 60; j++) {
            int vi = j < k ? 2 * j + 1 : nd->nargs - 1;
            if ((j < k ? j : -1) != sel)
                mask |= (uint64_t)1 << (3 + vi);
        }
        return mask;
    }
    case N_TIER: {
        uint64_t mask = 0;
        bool hit = false;
        const int32_t *args = c->p->args.v + nd->first_arg;
        bool exact = nd->b >= 0;
        int64_t num = exact ? pol_frame_value(f, nd->b, 0) : 0;
        int64_t den = exact ? pol_frame_value(f, nd->c, 0) : 0;
        for (int j = 0; j + 1 < nd->nargs && j < 60; j += 3) {
            if (hit) {
                mask |= (uint64_t)1 << (3 + j + 1);
                mask |= (uint64_t)1 << (3 + j + 2);
                continue;
            }
            int64_t b = pol_frame_value(f, args[j + 1], 0);
            hit = pol_tier_hit(exact, x, num, den, b, args[j] == 1);
            if (!hit)
                mask |= (uint64_t)1 << (3 + j + 2);
        }
        if (hit && nd->nargs - 1 < 60)
            mask |= (uint64_t)1 << (3 + nd->nargs - 1);
        return mask;
    }
    default:
        return 0;
    }
}

/* For `PARAM at DATE`: the note says which dated value applied ("from 2022-10-01") and the item
 * carries that value's document. */
static void param_at_note(const ctx *c, int node, hs_explain_item *it) {
    const pol_node *nd = &c->p->nodes.v[node];
    if (nd->op != N_PARAM_AT || pol_frame_error(c->f, node, 0) != 0)
        return;
    hs_date on = (hs_date)pol_frame_value(c->f, nd->a, 0), from;
    int64_t v;
    if (!pol_param_value(c->p, (int)nd->ival, on, &v, &from))
        return;
    char d1[DATE_TEXT_LEN], d2[DATE_TEXT_LEN];
    if (from != INT32_MIN)
        snprintf(it->note, sizeof it->note, "value on %s: from %s", date_format(on, d1),
                 date_format(from, d2));
    const char *ref = pol_param_ref(c->p, (int)nd->ival, on);
    if (ref != NULL)
        utf8_copy(it->ref, sizeof it->ref, ref);
}

static void sub_item(ctx *c, int ch, int depth, bool unused) {
    const hs_policy *p = c->p;
    const pol_node *nd = &p->nodes.v[ch];
    if (is_literal(nd))
        return;
    if (nd->op == N_ADD && nd->ival == 1 && !unused) {
        /* a partial sum inside sum_quarters(): its quarters stand in its place */
        sub_item(c, nd->a, depth, false);
        sub_item(c, nd->b, depth, false);
        return;
    }
    hs_explain_item *it = item(c, HS_EX_SUB, depth, nd->line);
    if (nd->op == N_INPUT)
        snprintf(it->label, sizeof it->label, "%s", p->inputs.v[nd->ival].name);
    else
        node_text(p, nd, it->label, sizeof it->label);
    value_of(c, ch, it->value, sizeof it->value, &it->passed);
    if (unused) {
        snprintf(it->note, sizeof it->note, "not used");
        return;
    }
    quotient_note(c, ch, it->note, sizeof it->note);
    param_at_note(c, ch, it);
    walk(c, ch, depth + 1);
}

/* An N_DEFAULT node: each exception with whether it applies (its condition beneath), then the
 * value chosen: the exception's (its own exceptions first) or, when none applies, the base. */
static void walk_default(ctx *c, const pol_node *nd, int depth) {
    const hs_policy *p = c->p;
    const int32_t *args = p->args.v + nd->first_arg;
    int k = (nd->nargs - 1) / 2;
    int sel = default_choice(c, nd);
    for (int j = 0; j < k; j++) {
        const pol_exception *x = &p->exceptions.v[p->dexc.v[nd->ival + 1 + j]];
        hs_explain_item *it = item(c, HS_EX_EXCEPTION, depth, x->line);
        snprintf(it->label, sizeof it->label, "%s", x->label);
        utf8_copy(it->note, sizeof it->note, x->clause);
        bool ok;
        char v[64];
        value_of(c, args[2 * j], v, sizeof v, &ok);
        bool holds = ok && pol_frame_value(c->f, args[2 * j], 0) != 0;
        it->passed = sel == j;
        snprintf(it->value, sizeof it->value, "%s",
                 !ok        ? v
                 : sel == j ? "applies"
                 : holds    ? "applies (conflict)"
                            : "does not apply");
        sub_item(c, args[2 * j], depth + 1, false);
        if (sel == j) {
            const pol_node *vn = &p->nodes.v[args[2 * j + 1]];
            if (vn->op == N_DEFAULT)
                walk_default(c, vn, depth + 1);
            else
                sub_item(c, args[2 * j + 1], depth + 1, false);
        }
    }
    if (sel == -1)
        sub_item(c, args[nd->nargs - 1], depth, false);
}

static void walk(ctx *c, int node, int depth) {
    const hs_policy *p = c->p;
    const pol_node *nd = &p->nodes.v[node];
    if (depth > 12 || c->ex->count > 4000)
        return;
    int kids[3] = {nd->a, nd->b, nd->c};
    bool tier = nd->op == N_TIER || nd->op == N_MARGINAL;
    if (nd->op == N_LETREF)
        return;
    if (nd->op == N_DEFAULT) {
        walk_default(c, nd, depth);
        return;
    }
    uint64_t unused = unused_children(c, nd);
    if (nd->op == N_TIER)
        kids[1] = kids[2] = -1; /* the exact quotient behind the scrutinee: internal */
    for (int k = 0; k < 3; k++)
        if (kids[k] >= 0)
            sub_item(c, kids[k], depth, (unused >> k) & 1);
    if (nd->op == N_RATIO_CMP)
        return; /* its arguments are the exact quotients behind a and b: internal */
    for (int j = 0; j < nd->nargs; j++) {
        if (tier && j % 3 == 0 && j + 1 < nd->nargs)
            continue;
        sub_item(c, p->args.v[nd->first_arg + j], depth, j < 60 && ((unused >> (3 + j)) & 1));
    }
}

void explanation_free(hs_explanation *ex) {
    if (ex == NULL)
        return;
    free(ex->items);
    ex->items = NULL;
    ex->count = 0;
}

/* The explanation's status once built: HS_STORAGE (and nothing kept) if memory ran out. */
static hs_status finish(const ctx *c, hs_explanation *out, hs_error *err) {
    if (!c->oom)
        return HS_OK;
    explanation_free(out);
    return hs_fail(err, HS_STORAGE, "%s: out of memory explaining the decision", c->p->file);
}

hs_status policy_explain(const hs_policy *p, const hs_pop *pop, size_t row, hs_date on,
                         hs_explanation *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    if (row >= pop->rows)
        return hs_fail(err, HS_INPUT, "no row %zu", row);
    hs_status st = policy_eval_row(p, pop, row, on, &out->decision, err);
    if (st != HS_OK)
        return st;
    ctx c = {.p = p, .pop = pop, .ex = out};
    char d[DATE_TEXT_LEN], a[DATE_TEXT_LEN], b[DATE_TEXT_LEN];
    hs_explain_item *it;
    it = item(&c, HS_EX_HEADER, 0, 1);
    snprintf(it->label, sizeof it->label, "policy");
    snprintf(it->value, sizeof it->value, "%s version %s", p->id, p->version);
    it = item(&c, HS_EX_HEADER, 0, 1);
    snprintf(it->label, sizeof it->label, "title");
    utf8_copy(it->value, sizeof it->value, p->title_zh);
    utf8_copy(it->note, sizeof it->note, p->title_en);
    it = item(&c, HS_EX_HEADER, 0, 1);
    snprintf(it->label, sizeof it->label, "source");
    utf8_copy(it->value, sizeof it->value, p->source);
    it = item(&c, HS_EX_HEADER, 0, 1);
    snprintf(it->label, sizeof it->label, "instrument");
    snprintf(it->value, sizeof it->value, "%s", policy_instrument_name(p->instrument));
    snprintf(it->note, sizeof it->note, "budget %s", p->budget);
    it = item(&c, HS_EX_HEADER, 0, 1);
    snprintf(it->label, sizeof it->label, "firm");
    snprintf(it->value, sizeof it->value, "%s", pop_uscc(pop, row));
    snprintf(it->note, sizeof it->note, "on %s", date_format(on, d));
    it = item(&c, HS_EX_HEADER, 0, 1);
    it->passed = policy_in_force(p, on);
    snprintf(it->label, sizeof it->label, "valid");
    snprintf(it->value, sizeof it->value, "%s .. %s", date_format(p->valid_from, a),
             p->open_end ? "" : date_format(p->valid_to, b));
    snprintf(it->note, sizeof it->note, "%s", it->passed ? "in force" : "NOT in force");

    for (int i = 0; i < p->params.n; i++) {
        it = item(&c, HS_EX_PARAM, 0, p->params.v[i].line);
        snprintf(it->label, sizeof it->label, "%s", p->params.v[i].name);
        int64_t v;
        hs_date from;
        if (pol_param_value(p, i, on, &v, &from)) {
            pol_value_text(p, pop, p->params.v[i].type, v, it->value, sizeof it->value);
            if (from != INT32_MIN)
                snprintf(it->note, sizeof it->note, "from %s", date_format(from, d));
            const char *ref = pol_param_ref(p, i, on);
            if (ref != NULL)
                utf8_copy(it->ref, sizeof it->ref, ref);
            it->passed = true;
        } else {
            snprintf(it->value, sizeof it->value, "(no value on %s)", date_format(on, d));
        }
    }
    for (int i = 0; i < p->limits.n; i++) {
        hs_policy_limit lim;
        hs_error lerr;
        it = item(&c, HS_EX_HEADER, 0, p->limits.v[i].shape.line);
        snprintf(it->label, sizeof it->label, "limit");
        if (policy_limit(p, (size_t)i, on, &lim, &lerr) != HS_OK) {
            snprintf(it->value, sizeof it->value, "(no value on %s)", date_format(on, d));
            continue;
        }
        char scope[128];
        snprintf(scope, sizeof scope, "%s%s%s%s%s", lim.once ? "once" : "",
                 lim.per_firm ? " per firm" : "", lim.per_product ? " per product" : "",
                 lim.per_programme ? " per programme" : "", lim.per_year ? " per year" : "");
        char m[MONEY_TEXT_MAX];
        snprintf(it->value, sizeof it->value, "%s%s%s", scope[0] == ' ' ? scope + 1 : scope,
                 lim.has_amount ? " <= " : "",
                 lim.has_amount ? money_format(lim.amount_fen, m, sizeof m) : "");
        snprintf(it->note, sizeof it->note, "enforced against the ledger");
        it->passed = true;
    }
    for (int i = 0; i < p->inputs.n; i++) {
        it = item(&c, HS_EX_INPUT, 0, p->inputs.v[i].line);
        snprintf(it->label, sizeof it->label, "%s", p->inputs.v[i].name);
        pol_value_text(p, pop, p->inputs.v[i].type, pop->cols[i][row], it->value, sizeof it->value);
        it->passed = true;
    }
    if (!policy_in_force(p, on)) {
        it = item(&c, HS_EX_OUTCOME, 0, 0);
        snprintf(it->label, sizeof it->label, "decision");
        snprintf(it->value, sizeof it->value, "not eligible");
        snprintf(it->note, sizeof it->note, "%s", out->decision.reason);
        return finish(&c, out, err);
    }
    pol_frame *f = pol_frame_new(p, pop, on, err);
    if (f == NULL) {
        explanation_free(out);
        return pol_failed_status(err);
    }
    /* a one-row chunk starting at `row` */
    pol_frame_run(f, row, 1);
    c.f = f;
    for (int i = 0; i < p->lets.n; i++) {
        it = item(&c, HS_EX_LET, 0, p->lets.v[i].line);
        snprintf(it->label, sizeof it->label, "%s", p->lets.v[i].name);
        value_of(&c, p->lets.v[i].node, it->value, sizeof it->value, &it->passed);
        quotient_note(&c, p->lets.v[i].node, it->note, sizeof it->note);
        walk(&c, p->lets.v[i].node, 1);
    }
    bool all = true;
    for (int i = 0; i < p->rules.n; i++) {
        const pol_rule *r = &p->rules.v[i];
        it = item(&c, HS_EX_RULE, 0, r->line);
        snprintf(it->label, sizeof it->label, "%s", r->name);
        snprintf(it->note, sizeof it->note, "%s", r->clause);
        bool ok;
        value_of(&c, r->node, it->value, sizeof it->value, &ok);
        it->passed = ok && pol_frame_value(f, r->node, 0) != 0;
        all = all && it->passed;
        walk(&c, r->node, 1);
    }
    it = item(&c, HS_EX_AMOUNT, 0, p->amount_line);
    snprintf(it->label, sizeof it->label, "amount");
    snprintf(it->note, sizeof it->note, "%s", p->amount_clause);
    value_of(&c, p->amount_node, it->value, sizeof it->value, &it->passed);
    walk(&c, p->amount_node, 1);
    (void)all;
    it = item(&c, HS_EX_OUTCOME, 0, 0);
    snprintf(it->label, sizeof it->label, "decision");
    if (out->decision.status != HS_OK) {
        snprintf(it->value, sizeof it->value, "error");
    } else if (out->decision.eligible) {
        char m[MONEY_TEXT_MAX];
        snprintf(it->value, sizeof it->value, "eligible, amount %s",
                 money_format(out->decision.amount_fen, m, sizeof m));
        it->passed = true;
    } else {
        snprintf(it->value, sizeof it->value, "not eligible");
    }
    utf8_copy(it->note, sizeof it->note, out->decision.reason);
    pol_frame_free(f);
    return finish(&c, out, err);
}

/* ---- test cases ---- */

/* True if got is within tol_bp of want: |got - want| x 10000 <= |want| x tol_bp (exact). */
static bool within(int64_t got, int64_t want, int64_t tol_bp) {
    __int128 diff = (__int128)got - want;
    if (diff < 0)
        diff = -diff;
    __int128 w = want < 0 ? -(__int128)want : want;
    return diff * 10000 <= w * tol_bp;
}

/* A population case: the CSV decided in bulk, its eligible count and total against the expected. */
static bool run_population(const hs_policy *p, const pol_test *t, char *why, size_t why_len) {
    hs_error err;
    hs_error_clear(&err);
    hs_pop *pop = NULL;
    if (pop_load_csv(p, t->csv, &pop, &err) != HS_OK) {
        snprintf(why, why_len, "%s", err.msg);
        return false;
    }
    hs_pop_result r;
    if (policy_eval_pop(p, pop, t->on, 1, &r, &err) != HS_OK) {
        snprintf(why, why_len, "%s", err.msg);
        pop_free(pop);
        return false;
    }
    size_t eligible = 0, errors = 0, first_error = 0;
    int64_t total = 0;
    bool overflow = false;
    for (size_t k = 0; k < r.rows; k++) {
        if (r.error[k] != 0 && errors++ == 0)
            first_error = k;
        if (r.eligible[k]) {
            eligible++;
            overflow |= !money_add(total, r.amount_fen[k], &total);
        }
    }
    bool pass = true;
    char m1[MONEY_TEXT_MAX], m2[MONEY_TEXT_MAX];
    if (errors > 0) {
        char reason[1024];
        policy_result_reason(p, &r, first_error, t->on, reason, sizeof reason);
        char *nl = strchr(reason, '\n');
        if (nl)
            *nl = '\0';
        snprintf(why, why_len, "%zu of %zu firms hit evaluation errors (first, %s: %s)", errors,
                 r.rows, pop_uscc(pop, first_error), reason);
        pass = false;
    } else if (overflow) {
        snprintf(why, why_len, "the total overflows");
        pass = false;
    } else if (t->has_eligible && (int64_t)eligible != t->eligible_count) {
        snprintf(why, why_len, "expected %lld eligible of %zu, got %zu",
                 (long long)t->eligible_count, r.rows, eligible);
        pass = false;
    } else if (t->has_total && !within(total, t->total_fen, t->tolerance_bp)) {
        char tol[32] = "";
        if (t->tolerance_bp > 0)
            rate_format_bp(t->tolerance_bp, tol, sizeof tol);
        snprintf(why, why_len, "expected total %s%s%s, got %s",
                 money_format(t->total_fen, m1, sizeof m1), tol[0] ? " within " : "", tol,
                 money_format(total, m2, sizeof m2));
        pass = false;
    }
    pop_result_free(&r);
    pop_free(pop);
    return pass;
}

bool policy_run_test(const hs_policy *p, size_t i, const char **name, char *why, size_t why_len) {
    assert(i < (size_t)p->tests.n);
    const pol_test *t = &p->tests.v[i];
    *name = t->name;
    why[0] = '\0';
    if (t->population)
        return run_population(p, t, why, why_len);
    hs_pop *pop = pol_test_pop(p, (int)i);
    if (pop == NULL) {
        snprintf(why, why_len, "%s: out of memory running test '%s'", p->file, t->name);
        return false;
    }
    hs_error err;
    hs_error_clear(&err);
    hs_pop_result r;
    if (policy_eval_pop(p, pop, t->on, 1, &r, &err) != HS_OK) {
        snprintf(why, why_len, "%s", err.msg);
        pop_free(pop);
        return false;
    }
    char reason[1024], m1[MONEY_TEXT_MAX], m2[MONEY_TEXT_MAX];
    policy_result_reason(p, &r, 0, t->on, reason, sizeof reason);
    bool pass = true;
    if (t->expect == EXPECT_ERROR) {
        if (r.error[0] == 0) {
            pass = false;
            snprintf(why, why_len, "expected an error, got %s",
                     r.eligible[0] ? "eligible" : "not eligible");
        }
    } else if (r.error[0] != 0) {
        pass = false;
        snprintf(why, why_len, "evaluation error: %s", reason);
    } else if (t->expect == EXPECT_NOT_ELIGIBLE) {
        if (r.eligible[0]) {
            pass = false;
            snprintf(why, why_len, "expected not eligible, got eligible with amount %s",
                     money_format(r.amount_fen[0], m1, sizeof m1));
        } else if (t->because_rule != -1 && t->because_rule != r.failed_rule[0]) {
            pass = false;
            snprintf(why, why_len, "expected not eligible because %s, got: %s",
                     t->because_rule == -2 ? "valid" : p->rules.v[t->because_rule].name, reason);
        }
    } else {
        if (!r.eligible[0]) {
            pass = false;
            snprintf(why, why_len, "expected eligible, got not eligible: %s", reason);
        } else if (t->has_amount && !within(r.amount_fen[0], t->amount_fen, t->tolerance_bp)) {
            pass = false;
            char tol[32] = "";
            if (t->tolerance_bp > 0)
                rate_format_bp(t->tolerance_bp, tol, sizeof tol);
            snprintf(why, why_len, "expected amount %s%s%s, got %s",
                     money_format(t->amount_fen, m1, sizeof m1), tol[0] ? " within " : "", tol,
                     money_format(r.amount_fen[0], m2, sizeof m2));
        } else if (t->let_count > 0) {
            pol_frame *f = pol_frame_new(p, pop, t->on, &err);
            if (f == NULL) {
                pass = false;
                snprintf(why, why_len, "%s", err.msg);
            } else {
                pol_frame_run(f, 0, 1);
                for (int k = 0; k < t->let_count && pass; k++) {
                    const pol_test_let *tl = &p->tlets.v[t->first_let + k];
                    const pol_let *l = &p->lets.v[tl->let];
                    int64_t got = pol_frame_value(f, l->node, 0);
                    int64_t want = tl->value;
                    if (p->nodes.v[l->node].type.kind == HS_T_STRING) {
                        /* expected strings are literal indexes; values are pool ids */
                        int64_t id = pop_string_lookup(pop, p->strings.v[want]);
                        want = id >= 0 ? id : -want - 1;
                    }
                    if (pol_frame_error(f, l->node, 0) != 0 || got != want) {
                        char a[160], b[160];
                        pol_type text_type = p->nodes.v[l->node].type;
                        pol_value_text(p, pop, text_type, want, a, sizeof a);
                        pol_value_text(p, pop, text_type, got, b, sizeof b);
                        pass = false;
                        snprintf(why, why_len, "expected %s = %s, got %s", l->name, a, b);
                    }
                }
                pol_frame_free(f);
            }
        }
    }
    pop_result_free(&r);
    pop_free(pop);
    return pass;
}

const char *policy_explain_kind_name(hs_explain_kind k) {
    switch (k) {
    case HS_EX_HEADER:
        return "header";
    case HS_EX_PARAM:
        return "param";
    case HS_EX_INPUT:
        return "input";
    case HS_EX_LET:
        return "let";
    case HS_EX_RULE:
        return "rule";
    case HS_EX_AMOUNT:
        return "amount";
    case HS_EX_SUB:
        return "value";
    case HS_EX_OUTCOME:
        return "decision";
    case HS_EX_EXCEPTION:
        return "exception";
    }
    return "?";
}
