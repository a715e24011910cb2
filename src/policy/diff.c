/* diff.c — what changed between two versions of a policy: its facts, parameters (every dated value
 * with its reference), inputs, lets, rules, exceptions, the amount and the limits, each as the text
 * written, matched by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "policy/internal.h"

typedef struct {
    hs_policy_change *v;
    size_t n, cap;
    bool oom;
} changes;

/* Source text of a node, white space collapsed. */
static void src_text(const hs_policy *p, int32_t node, char *buf, size_t len) {
    size_t j = 0;
    bool space = false;
    if (node < 0) {
        buf[0] = '\0';
        return;
    }
    const pol_node *nd = &p->nodes.v[node];
    for (uint32_t i = nd->start; i < nd->end && i < p->src_len && j + 1 < len; i++) {
        char ch = p->src[i];
        if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
            space = true;
            continue;
        }
        if (space && j > 0 && j + 2 < len)
            buf[j++] = ' ';
        space = false;
        buf[j++] = ch;
    }
    buf[j] = '\0';
}

static void add(changes *c, const char *kind, const char *name, const char *before,
                const char *after) {
    bool same = before != NULL && after != NULL && strcmp(before, after) == 0;
    if (same || (before == NULL && after == NULL) || c->oom)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        hs_policy_change *v = realloc(c->v, cap * sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        c->v = v;
        c->cap = cap;
    }
    hs_policy_change *x = &c->v[c->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->kind, sizeof x->kind, "%s", kind);
    snprintf(x->name, sizeof x->name, "%s", name);
    snprintf(x->change, sizeof x->change, "%s",
             before == NULL  ? "added"
             : after == NULL ? "removed"
                             : "changed");
    snprintf(x->before, sizeof x->before, "%s", before ? before : "");
    snprintf(x->after, sizeof x->after, "%s", after ? after : "");
}

/* Every dated value of parameter i: "30% from 2024-01-01 ref \"...\", 60% from 2025-01-01". */
static void param_text(const hs_policy *p, int i, char *buf, size_t len) {
    const pol_param *pp = &p->params.v[i];
    size_t at = 0;
    buf[0] = '\0';
    char tt[128];
    pol_type_text(p, pp->type, tt, sizeof tt);
    at += (size_t)snprintf(buf + at, len - at, "%s = ", tt);
    for (int k = 0; k < pp->entry_count && at < len; k++) {
        const pol_param_entry *e = &p->entries.v[pp->first_entry + k];
        char v[MONEY_TEXT_MAX + 32], d[DATE_TEXT_LEN];
        pol_value_text(p, NULL, pp->type, e->value, v, sizeof v);
        at += (size_t)snprintf(buf + at, len - at, "%s%s%s%s%s%s%s", k ? ", " : "", v,
                               e->has_from ? " from " : "",
                               e->has_from ? date_format(e->from, d) : "", e->ref ? " ref \"" : "",
                               e->ref ? e->ref : "", e->ref ? "\"" : "");
    }
}

static void input_text(const hs_policy *p, int i, char *buf, size_t len) {
    const pol_input *in = &p->inputs.v[i];
    char tt[512], v[MONEY_TEXT_MAX + 32] = "";
    pol_type_text(p, in->type, tt, sizeof tt);
    if (in->has_default && in->type.kind != HS_T_STRING)
        pol_value_text(p, NULL, in->type, in->default_value, v, sizeof v);
    snprintf(buf, len, "%s%s%s", tt, in->has_default ? " = " : "", in->has_default ? v : "");
}

static void exception_text(const hs_policy *p, int i, char *buf, size_t len) {
    const pol_exception *x = &p->exceptions.v[i];
    const char *parent = x->of == EX_OF_AMOUNT ? "amount"
                         : x->of == EX_OF_RULE ? p->rules.v[x->parent].name
                         : x->of == EX_OF_LET  ? p->lets.v[x->parent].name
                                               : p->exceptions.v[x->parent].label;
    char c[400], v[400];
    src_text(p, x->cond, c, sizeof c);
    src_text(p, x->value, v, sizeof v);
    snprintf(buf, len, "to %s \"%s\" when %s: %s", parent, x->clause, c, v);
}

static void limit_text(const hs_policy *p, int i, char *buf, size_t len) {
    const pol_limit *l = &p->limits.v[i];
    char ceiling[256] = "";
    if (l->node >= 0)
        src_text(p, l->node, ceiling, sizeof ceiling);
    snprintf(buf, len, "%s%s%s%s%s%s%s", l->shape.once ? "once" : "",
             l->shape.per_firm ? " per firm" : "", l->shape.per_product ? " per product" : "",
             l->shape.per_year ? " per year" : "", l->shape.per_programme ? " per programme" : "",
             l->node >= 0 ? " <= " : "", ceiling);
}

#define FIELD(kind, name, a_text, b_text) add(&c, kind, name, a_text, b_text)

size_t policy_diff(const hs_policy *a, const hs_policy *b, hs_policy_change **out) {
    changes c = {0};
    char x[1024], y[1024];
    FIELD("policy", "id", a->id, b->id);
    FIELD("policy", "version", a->version, b->version);
    FIELD("policy", "title", a->title_zh, b->title_zh);
    FIELD("policy", "instrument", policy_instrument_name(a->instrument),
          policy_instrument_name(b->instrument));
    FIELD("policy", "budget", a->budget, b->budget);
    FIELD("policy", "source", a->source, b->source);
    char d1[DATE_TEXT_LEN], d2[DATE_TEXT_LEN];
    snprintf(x, sizeof x, "%s .. %s", date_format(a->valid_from, d1),
             a->open_end ? "" : date_format(a->valid_to, d2));
    snprintf(y, sizeof y, "%s .. %s", date_format(b->valid_from, d1),
             b->open_end ? "" : date_format(b->valid_to, d2));
    FIELD("policy", "valid", x, y);
    snprintf(x, sizeof x, "%s", a->amends_id ? date_format(a->amends_from, d1) : "");
    snprintf(y, sizeof y, "%s", b->amends_id ? date_format(b->amends_from, d1) : "");
    FIELD("policy", "amends from", x[0] ? x : NULL, y[0] ? y : NULL);
    /* named things: each of a against b, then those only in b */
    for (int i = 0; i < a->params.n; i++) {
        param_text(a, i, x, sizeof x);
        const char *name = a->params.v[i].name;
        int j = -1;
        for (int k = 0; k < b->params.n; k++)
            if (strcmp(b->params.v[k].name, name) == 0)
                j = k;
        if (j >= 0)
            param_text(b, j, y, sizeof y);
        FIELD("param", name, x, j >= 0 ? y : NULL);
    }
    for (int k = 0; k < b->params.n; k++) {
        bool seen = false;
        for (int i = 0; i < a->params.n; i++)
            seen |= strcmp(a->params.v[i].name, b->params.v[k].name) == 0;
        if (!seen) {
            param_text(b, k, y, sizeof y);
            FIELD("param", b->params.v[k].name, NULL, y);
        }
    }
#define NAMED(KIND, VEC, NAMEF, TEXT)                                                              \
    for (int i = 0; i < a->VEC.n; i++) {                                                           \
        TEXT(a, i, x, sizeof x);                                                                   \
        int j = -1;                                                                                \
        for (int k = 0; k < b->VEC.n; k++)                                                         \
            if (strcmp(b->VEC.v[k].NAMEF, a->VEC.v[i].NAMEF) == 0)                                 \
                j = k;                                                                             \
        if (j >= 0)                                                                                \
            TEXT(b, j, y, sizeof y);                                                               \
        FIELD(KIND, a->VEC.v[i].NAMEF, x, j >= 0 ? y : NULL);                                      \
    }                                                                                              \
    for (int k = 0; k < b->VEC.n; k++) {                                                           \
        bool seen = false;                                                                         \
        for (int i = 0; i < a->VEC.n; i++)                                                         \
            seen |= strcmp(a->VEC.v[i].NAMEF, b->VEC.v[k].NAMEF) == 0;                             \
        if (!seen) {                                                                               \
            TEXT(b, k, y, sizeof y);                                                               \
            FIELD(KIND, b->VEC.v[k].NAMEF, NULL, y);                                               \
        }                                                                                          \
    }
#define LET_TEXT(p, i, buf, len) src_text(p, (p)->lets.v[i].base, buf, len)
#define RULE_TEXT(p, i, buf, len)                                                                  \
    do {                                                                                           \
        char e_[800];                                                                              \
        src_text(p, (p)->rules.v[i].base, e_, sizeof e_);                                          \
        snprintf(buf, len, "\"%s\": %s", (p)->rules.v[i].clause, e_);                              \
    } while (0)
    NAMED("input", inputs, name, input_text)
    NAMED("let", lets, name, LET_TEXT)
    NAMED("rule", rules, name, RULE_TEXT)
    NAMED("exception", exceptions, label, exception_text)
    char e1[800], e2[800];
    src_text(a, a->amount_base, e1, sizeof e1);
    src_text(b, b->amount_base, e2, sizeof e2);
    snprintf(x, sizeof x, "\"%s\": %s", a->amount_clause, e1);
    snprintf(y, sizeof y, "\"%s\": %s", b->amount_clause, e2);
    FIELD("amount", "amount", x, y);
    int nl = a->limits.n > b->limits.n ? a->limits.n : b->limits.n;
    for (int i = 0; i < nl; i++) {
        char name[32];
        snprintf(name, sizeof name, "limit %d", i + 1);
        if (i < a->limits.n)
            limit_text(a, i, x, sizeof x);
        if (i < b->limits.n)
            limit_text(b, i, y, sizeof y);
        FIELD("limit", name, i < a->limits.n ? x : NULL, i < b->limits.n ? y : NULL);
    }
#undef NAMED
#undef LET_TEXT
#undef RULE_TEXT
    if (c.oom) {
        free(c.v);
        *out = NULL;
        return (size_t)-1;
    }
    *out = c.v;
    return c.n;
}
