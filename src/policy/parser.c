/* parser.c — recursive-descent parser and type checker in one pass. Names must be declared before
 * they are used (so there is no recursion), every node gets its type when it is made, and the
 * first error stops the parse with file:line:col and a caret. Grammar: see docs/policy-language.md.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "policy/internal.h"

typedef struct {
    hs_policy *p;
    pol_lexer lx;
    pol_token tok, prev;
    hs_error *err;
    jmp_buf fail;
    int depth;     /* nesting of expressions, bounded so hostile input cannot exhaust the stack */
    bool oom;      /* the parse stopped because memory ran out (HS_STORAGE, not a policy error) */
    bool has_last; /* a rule, let or amount was declared: what `exception` without `to` refines */
    pol_ex_of last_of; /* EX_OF_RULE, EX_OF_LET or EX_OF_AMOUNT */
    int last_idx;
    const char *tests_file; /* parsing a separate test file (pol_parse_tests): its path */
    pol_token amends_tok;   /* the `amends ... from DATE` date, for messages */
} parser;

/* Stops the parse: memory ran out. Reported as HS_STORAGE, never as a fault of the policy. */
static _Noreturn void out_of_memory(parser *ps) {
    ps->oom = true;
    if (ps->err != NULL)
        hs_fail(ps->err, HS_STORAGE, "%s: out of memory while reading the policy", ps->p->file);
    longjmp(ps->fail, 1);
}

/* pol_push that stops the parse if memory runs out. */
static void *ps_push(parser *ps, void **v, int *n, int *cap, size_t size) {
    void *at = pol_push(v, n, cap, size);
    if (at == NULL)
        out_of_memory(ps);
    return at;
}
#define PS_PUSH(ps, vec)                                                                           \
    ((__typeof__((vec).v))ps_push((ps), (void **)&(vec).v, &(vec).n, &(vec).cap, sizeof *(vec).v))

/* pol_strndup that stops the parse if memory runs out. */
static char *ps_strndup(parser *ps, const char *s, size_t n) {
    char *r = pol_strndup(s, n);
    if (r == NULL)
        out_of_memory(ps);
    return r;
}

static const char *const reserved[] = {
    "policy",   "version", "title", "instrument", "budget",   "valid",   "source", "input",
    "param",    "let",     "rule",  "amount",     "limit",    "test",    "on",     "from",
    "and",      "or",      "not",   "in",         "if",       "then",    "else",   "tier",
    "marginal", "true",    "false", "today",      "eligible", "because", "once",   "per",
};

static const struct {
    const char *name;
    int arity; /* -1: two or more */
    int func;  /* pol_func, or -1 min / -2 max */
} builtins[] = {
    {"min", -1, -1},
    {"max", -1, -2},
    {"year", 1, F_YEAR},
    {"yuan", 1, F_YUAN},
    {"to_int", 1, F_TO_INT},
    {"percent", 1, F_PERCENT},
    {"abs", 1, F_ABS},
    {"years_between", 2, F_YEARS_BETWEEN},
    {"days_between", 2, F_DAYS_BETWEEN},
    {"add_years", 2, F_ADD_YEARS},
    {"add_months", 2, F_ADD_MONTHS},
    {"quarter_start", 1, F_QUARTER_START},
};

/* ---- errors ---- */

static _Noreturn void __attribute__((format(printf, 4, 5)))
error_at(parser *ps, uint32_t line, uint32_t col, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ps->err != NULL) {
        ps->err->status = HS_INPUT;
        pol_diag(ps->p, line, col, msg, ps->err->msg, sizeof ps->err->msg);
    }
    longjmp(ps->fail, 1);
}

#define ERR_TOK(ps, t, ...) error_at(ps, (t).line, (t).col, __VA_ARGS__)
#define ERR_NODE(ps, n, ...)                                                                       \
    error_at(ps, ps->p->nodes.v[n].line, ps->p->nodes.v[n].col, __VA_ARGS__)

/* ---- tokens ---- */

static void next(parser *ps) {
    ps->prev = ps->tok;
    ps->tok = pol_lex_next(&ps->lx);
}

static bool tok_is(const parser *ps, const pol_token *t, const char *word) {
    size_t n = strlen(word);
    return t->kind == TK_IDENT && t->end - t->start == n &&
           memcmp(ps->p->src + t->start, word, n) == 0;
}

static bool is_kw(const parser *ps, const char *word) {
    return tok_is(ps, &ps->tok, word);
}

static bool accept_kw(parser *ps, const char *word) {
    if (!is_kw(ps, word))
        return false;
    next(ps);
    return true;
}

static void tok_text(const parser *ps, const pol_token *t, char *buf, size_t len) {
    if (t->kind == TK_EOF) {
        snprintf(buf, len, "end of file");
        return;
    }
    size_t n = t->end - t->start;
    if (n > 40)
        n = 40;
    snprintf(buf, len, "'%.*s'", (int)n, ps->p->src + t->start);
}

static _Noreturn void expected(parser *ps, const char *what) {
    char got[64];
    tok_text(ps, &ps->tok, got, sizeof got);
    ERR_TOK(ps, ps->tok, "expected %s, found %s", what, got);
}

static void expect_kw(parser *ps, const char *word) {
    if (!accept_kw(ps, word)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", word);
        expected(ps, what);
    }
}

static pol_token expect(parser *ps, pol_tok_kind kind, const char *what) {
    if (ps->tok.kind != kind)
        expected(ps, what);
    pol_token t = ps->tok;
    next(ps);
    return t;
}

static bool is_reserved(const char *s, size_t n) {
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strlen(reserved[i]) == n && memcmp(reserved[i], s, n) == 0)
            return true;
    return false;
}

/* A new name being declared: an identifier that is not a reserved word. */
static pol_token expect_name(parser *ps, const char *what) {
    if (ps->tok.kind != TK_IDENT)
        expected(ps, what);
    pol_token t = ps->tok;
    if (is_reserved(ps->p->src + t.start, t.end - t.start))
        ERR_TOK(ps, t, "'%.*s' is a reserved word and cannot be used as a name",
                (int)(t.end - t.start), ps->p->src + t.start);
    next(ps);
    return t;
}

static char *tok_dup(parser *ps, const pol_token *t) {
    return ps_strndup(ps, ps->p->src + t->start, t->end - t->start);
}

/* The contents of a string token, escapes resolved. */
static char *string_value(parser *ps, const pol_token *t) {
    assert(t->kind == TK_STRING);
    const char *s = ps->p->src + t->start + 1;
    size_t n = t->end - t->start - 2;
    char *r = ps_strndup(ps, s, n);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        r[j++] = s[i];
    }
    r[j] = '\0';
    return r;
}

static char *expect_string(parser *ps, const char *what) {
    pol_token t = expect(ps, TK_STRING, what);
    return string_value(ps, &t);
}

/* ---- names ---- */

static int find_input(const hs_policy *p, const char *s, size_t n) {
    for (int i = 0; i < p->inputs.n; i++)
        if (strlen(p->inputs.v[i].name) == n && memcmp(p->inputs.v[i].name, s, n) == 0)
            return i;
    return -1;
}
static int find_param(const hs_policy *p, const char *s, size_t n) {
    for (int i = 0; i < p->params.n; i++)
        if (strlen(p->params.v[i].name) == n && memcmp(p->params.v[i].name, s, n) == 0)
            return i;
    return -1;
}
static int find_let(const hs_policy *p, const char *s, size_t n) {
    for (int i = 0; i < p->lets.n; i++)
        if (strlen(p->lets.v[i].name) == n && memcmp(p->lets.v[i].name, s, n) == 0)
            return i;
    return -1;
}
static int find_rule(const hs_policy *p, const char *s, size_t n) {
    for (int i = 0; i < p->rules.n; i++)
        if (strlen(p->rules.v[i].name) == n && memcmp(p->rules.v[i].name, s, n) == 0)
            return i;
    return -1;
}

static size_t edit_distance(const char *a, size_t na, const char *b) {
    size_t nb = strlen(b);
    if (na > 64 || nb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Writes " (did you mean 'x'?)" for the nearest declared name, or "". */
static void did_you_mean(const hs_policy *p, const char *s, size_t n, char *buf, size_t len) {
    const char *best = NULL;
    size_t best_d = n <= 3 ? 1 : 2;
    best_d++;
    for (int i = 0; i < p->inputs.n; i++) {
        size_t d = edit_distance(s, n, p->inputs.v[i].name);
        if (d < best_d)
            best_d = d, best = p->inputs.v[i].name;
    }
    for (int i = 0; i < p->params.n; i++) {
        size_t d = edit_distance(s, n, p->params.v[i].name);
        if (d < best_d)
            best_d = d, best = p->params.v[i].name;
    }
    for (int i = 0; i < p->lets.n; i++) {
        size_t d = edit_distance(s, n, p->lets.v[i].name);
        if (d < best_d)
            best_d = d, best = p->lets.v[i].name;
    }
    if (best != NULL)
        snprintf(buf, len, " (did you mean '%s'?)", best);
    else
        buf[0] = '\0';
}

static void check_new_name(parser *ps, const pol_token *t) {
    const hs_policy *p = ps->p;
    const char *s = p->src + t->start;
    size_t n = t->end - t->start;
    int i;
    if ((i = find_input(p, s, n)) >= 0)
        ERR_TOK(ps, *t, "'%.*s' is already declared as an input at line %u", (int)n, s,
                p->inputs.v[i].line);
    if ((i = find_param(p, s, n)) >= 0)
        ERR_TOK(ps, *t, "'%.*s' is already declared as a parameter at line %u", (int)n, s,
                p->params.v[i].line);
    if ((i = find_let(p, s, n)) >= 0)
        ERR_TOK(ps, *t, "'%.*s' is already declared by a let at line %u", (int)n, s,
                p->lets.v[i].line);
}

/* ---- types ---- */

static bool type_eq(pol_type a, pol_type b) {
    return a.kind == b.kind && (a.kind != HS_T_ENUM || a.enum_id == b.enum_id);
}

static bool ordered(pol_type t) {
    return t.kind == HS_T_INT || t.kind == HS_T_MONEY || t.kind == HS_T_RATE || t.kind == HS_T_DATE;
}

static const char *kind_name(hs_ptype k) {
    switch (k) {
    case HS_T_BOOL:
        return "bool";
    case HS_T_INT:
        return "int";
    case HS_T_MONEY:
        return "money";
    case HS_T_RATE:
        return "rate";
    case HS_T_DATE:
        return "date";
    case HS_T_ENUM:
        return "enum";
    case HS_T_STRING:
        return "string";
    }
    return "unknown";
}

void pol_type_text(const hs_policy *p, pol_type t, char *buf, size_t len) {
    if (t.kind != HS_T_ENUM) {
        snprintf(buf, len, "%s", kind_name(t.kind));
        return;
    }
    const pol_enum *e = &p->enums.v[t.enum_id];
    size_t at = (size_t)snprintf(buf, len, "enum(");
    for (int i = 0; i < e->count && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", e->names[i]);
    if (at < len)
        snprintf(buf + at, len - at, ")");
}

static pol_type parse_type(parser *ps) {
    pol_token t = ps->tok;
    static const struct {
        const char *name;
        hs_ptype kind;
    } simple[] = {{"bool", HS_T_BOOL}, {"int", HS_T_INT},   {"money", HS_T_MONEY},
                  {"rate", HS_T_RATE}, {"date", HS_T_DATE}, {"string", HS_T_STRING}};
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        if (accept_kw(ps, simple[i].name))
            return (pol_type){simple[i].kind, -1};
    if (!accept_kw(ps, "enum"))
        ERR_TOK(ps, t, "expected a type (bool, int, money, rate, date, string, enum(a, b, ...))");
    expect(ps, TK_LPAREN, "'(' after enum");
    /* the enum joins the policy at once, so an error below leaks nothing */
    pol_enum *e = PS_PUSH(ps, ps->p->enums);
    int cap = 0;
    do {
        pol_token m = expect_name(ps, "an enum member name");
        for (int i = 0; i < e->count; i++)
            if (strlen(e->names[i]) == m.end - m.start &&
                memcmp(e->names[i], ps->p->src + m.start, m.end - m.start) == 0)
                ERR_TOK(ps, m, "enum member '%s' is listed twice", e->names[i]);
        if (e->count == 64)
            ERR_TOK(ps, m, "an enum has at most 64 members");
        if (!pol_grow((void **)&e->names, &cap, e->count + 1, sizeof(char *)))
            out_of_memory(ps);
        e->names[e->count++] = tok_dup(ps, &m);
    } while (ps->tok.kind == TK_COMMA && (next(ps), true));
    expect(ps, TK_RPAREN, "',' or ')' in the enum member list");
    /* reuse an identical enum */
    int last = ps->p->enums.n - 1;
    for (int i = 0; i < last; i++) {
        const pol_enum *o = &ps->p->enums.v[i];
        bool same = o->count == e->count;
        for (int k = 0; same && k < e->count; k++)
            same = strcmp(o->names[k], e->names[k]) == 0;
        if (same) {
            for (int k = 0; k < e->count; k++)
                free(e->names[k]);
            free(e->names);
            ps->p->enums.n--;
            return (pol_type){HS_T_ENUM, i};
        }
    }
    return (pol_type){HS_T_ENUM, last};
}

static int enum_member(const hs_policy *p, int enum_id, const char *s, size_t n) {
    const pol_enum *e = &p->enums.v[enum_id];
    for (int i = 0; i < e->count; i++)
        if (strlen(e->names[i]) == n && memcmp(e->names[i], s, n) == 0)
            return i;
    return -1;
}

/* ---- constants (test values, parameter values, defaults, set items) ---- */

/* Adds s (owned by the policy from now on, also if memory runs out) to the string table. */
static int add_string(parser *ps, char *s) {
    hs_policy *p = ps->p;
    char **slot = POL_PUSH(p->strings);
    if (slot == NULL) {
        free(s);
        out_of_memory(ps);
    }
    *slot = s;
    return p->strings.n - 1;
}

static const char *hint_for(pol_type want, hs_ptype got) {
    if (want.kind == HS_T_MONEY && got == HS_T_INT)
        return " (write an amount with a unit: 1000元, 250万, 1.5亿)";
    if (want.kind == HS_T_RATE && got == HS_T_INT)
        return " (write a rate: 30% or 300bp)";
    if (want.kind == HS_T_INT && got == HS_T_MONEY)
        return " (an int has no unit)";
    return "";
}

/* Parses a literal constant of type `want` for `what` ("input 'x'"); returns its value. */
static int64_t parse_const(parser *ps, pol_type want, const char *what) {
    pol_token t = ps->tok;
    bool neg = false;
    if (t.kind == TK_MINUS) {
        neg = true;
        next(ps);
    }
    pol_token v = ps->tok;
    hs_ptype got;
    int64_t value = v.value;
    switch (v.kind) {
    case TK_INT:
        got = HS_T_INT;
        break;
    case TK_MONEY:
        got = HS_T_MONEY;
        break;
    case TK_RATE:
        got = HS_T_RATE;
        break;
    case TK_DATE:
        got = HS_T_DATE;
        break;
    case TK_STRING:
        got = HS_T_STRING;
        break;
    case TK_IDENT:
        if (tok_is(ps, &v, "true") || tok_is(ps, &v, "false")) {
            got = HS_T_BOOL;
            value = tok_is(ps, &v, "true");
            break;
        }
        if (want.kind == HS_T_ENUM) {
            int m = enum_member(ps->p, want.enum_id, ps->p->src + v.start, v.end - v.start);
            if (m < 0) {
                char tt[256];
                pol_type_text(ps->p, want, tt, sizeof tt);
                ERR_TOK(ps, v, "'%.*s' is not a member of %s", (int)(v.end - v.start),
                        ps->p->src + v.start, tt);
            }
            next(ps);
            return m;
        }
        ERR_TOK(ps, v, "expected a literal value for %s, found '%.*s'", what,
                (int)(v.end - v.start), ps->p->src + v.start);
    case TK_DECIMAL:
        ERR_TOK(ps, v, "a number with a decimal point needs a unit (30%%, 1.5万, 2.5元)");
    default:
        expected(ps, "a literal value");
    }
    if (got != want.kind) {
        char tt[256];
        pol_type_text(ps->p, want, tt, sizeof tt);
        ERR_TOK(ps, v, "%s is %s, but this value is %s%s", what, tt, kind_name(got),
                hint_for(want, got));
    }
    if (neg && !(got == HS_T_INT || got == HS_T_MONEY || got == HS_T_RATE))
        ERR_TOK(ps, t, "'-' applies only to numbers");
    if (got == HS_T_STRING) {
        value = add_string(ps, string_value(ps, &v));
    }
    next(ps);
    return neg ? -value : value;
}

/* ---- nodes ---- */

static int32_t mk(parser *ps, pol_op op, pol_type type, const pol_token *start, int32_t a,
                  int32_t b, int32_t c) {
    hs_policy *p = ps->p;
    /* children always exist before their parent: the node array is the evaluation order */
    assert(a < p->nodes.n && b < p->nodes.n && c < p->nodes.n);
    /* a real policy has a few hundred nodes; the cap bounds evaluation memory (256 rows x 12 bytes
     * per node and thread) */
    if (p->nodes.n >= 20000)
        ERR_TOK(ps, *start, "policy too large: more than 20000 values and operations");
    pol_node *n = PS_PUSH(ps, p->nodes);
    n->op = (uint8_t)op;
    n->type = type;
    n->a = a;
    n->b = b;
    n->c = c;
    n->first_arg = 0;
    n->nargs = 0;
    n->start = start->start;
    n->end = ps->prev.end > start->start ? ps->prev.end : start->end;
    n->line = start->line;
    n->col = start->col;
    bool dep = op == N_INPUT;
    int32_t kids[3] = {a, b, c};
    for (int k = 0; k < 3; k++)
        if (kids[k] >= 0 && p->nodes.v[kids[k]].depends_on_input)
            dep = true;
    n->depends_on_input = dep;
    return p->nodes.n - 1;
}

static pol_node *N(parser *ps, int32_t i) {
    return &ps->p->nodes.v[i];
}

static void set_args(parser *ps, int32_t node, const int32_t *args, int n) {
    hs_policy *p = ps->p;
    int first = p->args.n;
    bool dep = N(ps, node)->depends_on_input;
    for (int i = 0; i < n; i++) {
        *PS_PUSH(ps, p->args) = args[i];
        if (args[i] >= 0 && p->nodes.v[args[i]].depends_on_input)
            dep = true;
    }
    N(ps, node)->first_arg = first;
    N(ps, node)->nargs = n;
    N(ps, node)->depends_on_input = dep;
}

/* Fails unless node i is a known name (bare names may be enum members until used). */
static void resolved(parser *ps, int32_t i) {
    pol_node *n = N(ps, i);
    if (n->type.kind != PT_UNRESOLVED)
        return;
    const char *s = ps->p->src + n->start;
    size_t len = n->end - n->start;
    char dym[128];
    did_you_mean(ps->p, s, len, dym, sizeof dym);
    ERR_NODE(ps, i, "unknown name '%.*s'%s", (int)len, s, dym);
}

/* Resolves a bare name against an enum type, if it is one. */
static void resolve_member(parser *ps, int32_t i, pol_type t) {
    pol_node *n = N(ps, i);
    if (n->type.kind != PT_UNRESOLVED || t.kind != HS_T_ENUM)
        return;
    int m = enum_member(ps->p, t.enum_id, ps->p->src + n->start, n->end - n->start);
    if (m < 0) {
        char tt[256];
        pol_type_text(ps->p, t, tt, sizeof tt);
        ERR_NODE(ps, i, "'%.*s' is neither a declared name nor a member of %s",
                 (int)(n->end - n->start), ps->p->src + n->start, tt);
    }
    n->op = N_CONST;
    n->ival = m;
    n->type = t;
}

static void need(parser *ps, int32_t i, hs_ptype kind, const char *context) {
    resolved(ps, i);
    if (N(ps, i)->type.kind != kind) {
        char tt[256];
        pol_type_text(ps->p, N(ps, i)->type, tt, sizeof tt);
        ERR_NODE(ps, i, "%s needs %s, but this is %s", context, kind_name(kind), tt);
    }
}

static _Noreturn void mismatch(parser *ps, const pol_token *op, int32_t a, int32_t b,
                               const char *opname) {
    char ta[256], tb[256];
    pol_type_text(ps->p, N(ps, a)->type, ta, sizeof ta);
    pol_type_text(ps->p, N(ps, b)->type, tb, sizeof tb);
    const char *hint = "";
    hs_ptype ka = N(ps, a)->type.kind, kb = N(ps, b)->type.kind;
    if ((ka == HS_T_MONEY && kb == HS_T_INT) || (ka == HS_T_INT && kb == HS_T_MONEY))
        hint = " (write money with a unit, e.g. 0元, or convert with yuan(n) / to_int(m))";
    else if ((ka == HS_T_RATE && kb == HS_T_INT) || (ka == HS_T_INT && kb == HS_T_RATE))
        hint = " (write a rate with %, or convert with percent(n))";
    ERR_TOK(ps, *op, "type mismatch: %s %s %s%s", ta, opname, tb, hint);
}

static void enter(parser *ps) {
    if (++ps->depth > 200)
        ERR_TOK(ps, ps->tok, "expression nested too deeply");
}

static int32_t parse_expr(parser *ps);

static int32_t parse_add(parser *ps);
static bool ratio_parts(parser *ps, int32_t node, int32_t *num, int32_t *den, const pol_token *at);
static int32_t parse_sum_quarters(parser *ps, pol_token name);
static int32_t parse_present_value(parser *ps, pol_token name);
static int32_t parse_unary(parser *ps);

static pol_type T(hs_ptype k) {
    return (pol_type){k, -1};
}

static int32_t parse_call(parser *ps, pol_token name) {
    const char *s = ps->p->src + name.start;
    size_t n = name.end - name.start;
    int which = -1;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strlen(builtins[i].name) == n && memcmp(builtins[i].name, s, n) == 0)
            which = (int)i;
    if (which < 0 && n == 12 && memcmp(s, "sum_quarters", 12) == 0)
        return parse_sum_quarters(ps, name);
    if (which < 0 && n == 13 && memcmp(s, "present_value", 13) == 0)
        return parse_present_value(ps, name);
    if (which < 0)
        ERR_TOK(ps, name,
                "unknown function '%.*s' (functions: min, max, abs, year, yuan, to_int, percent, "
                "years_between, days_between, add_years, add_months, quarter_start, "
                "sum_quarters, present_value)",
                (int)n, s);
    next(ps); /* ( */
    int32_t args[64];
    int nargs = 0;
    if (ps->tok.kind != TK_RPAREN) {
        do {
            if (nargs == 64)
                ERR_TOK(ps, ps->tok, "too many arguments");
            args[nargs++] = parse_expr(ps);
        } while (ps->tok.kind == TK_COMMA && (next(ps), true));
    }
    expect(ps, TK_RPAREN, "',' or ')' after an argument");
    int arity = builtins[which].arity;
    if (arity >= 0 && nargs != arity)
        ERR_TOK(ps, name, "%s takes %d argument%s, not %d", builtins[which].name, arity,
                arity == 1 ? "" : "s", nargs);
    if (arity < 0 && nargs < 2)
        ERR_TOK(ps, name, "%s takes two or more arguments", builtins[which].name);
    for (int i = 0; i < nargs; i++)
        resolved(ps, args[i]);
    int f = builtins[which].func;
    if (f < 0) {
        pol_type t = N(ps, args[0])->type;
        if (!ordered(t))
            ERR_NODE(ps, args[0], "%s works on int, money, rate or date values",
                     builtins[which].name);
        for (int i = 1; i < nargs; i++)
            if (!type_eq(N(ps, args[i])->type, t)) {
                char ta[64], tb[64];
                pol_type_text(ps->p, t, ta, sizeof ta);
                pol_type_text(ps->p, N(ps, args[i])->type, tb, sizeof tb);
                ERR_NODE(ps, args[i], "%s: argument is %s but the first argument is %s",
                         builtins[which].name, tb, ta);
            }
        int32_t node = mk(ps, f == -1 ? N_MIN : N_MAX, t, &name, -1, -1, -1);
        set_args(ps, node, args, nargs);
        return node;
    }
    pol_type rt;
    const char *fname = builtins[which].name;
    char ctx[64];
    snprintf(ctx, sizeof ctx, "%s()", fname);
    switch ((pol_func)f) {
    case F_YEAR:
        need(ps, args[0], HS_T_DATE, ctx);
        rt = T(HS_T_INT);
        break;
    case F_YUAN:
    case F_PERCENT:
        need(ps, args[0], HS_T_INT, ctx);
        rt = T(f == F_YUAN ? HS_T_MONEY : HS_T_RATE);
        break;
    case F_TO_INT:
        need(ps, args[0], HS_T_MONEY, ctx);
        rt = T(HS_T_INT);
        break;
    case F_ABS:
        rt = N(ps, args[0])->type;
        if (rt.kind != HS_T_INT && rt.kind != HS_T_MONEY && rt.kind != HS_T_RATE)
            ERR_NODE(ps, args[0], "abs() works on int, money or rate values");
        break;
    case F_YEARS_BETWEEN:
    case F_DAYS_BETWEEN:
        need(ps, args[0], HS_T_DATE, ctx);
        need(ps, args[1], HS_T_DATE, ctx);
        rt = T(HS_T_INT);
        break;
    case F_ADD_YEARS:
    case F_ADD_MONTHS:
        need(ps, args[0], HS_T_DATE, ctx);
        need(ps, args[1], HS_T_INT, ctx);
        rt = T(HS_T_DATE);
        break;
    case F_QUARTER_START: {
        /* the first day of quarter n (1..4) of the year evaluated: a function of today */
        need(ps, args[0], HS_T_INT, ctx);
        int32_t today = mk(ps, N_TODAY, T(HS_T_DATE), &name, -1, -1, -1);
        int32_t node = mk(ps, N_CALL2, T(HS_T_DATE), &name, today, args[0], -1);
        N(ps, node)->ival = F_QUARTER_START;
        return node;
    }
    default: /* every function of the table has a case above */
        assert(!"a function without a type rule");
        ERR_TOK(ps, name, "internal error: no type rule for this function");
    }
    int32_t node =
        mk(ps, arity == 1 ? N_CALL1 : N_CALL2, rt, &name, args[0], arity == 2 ? args[1] : -1, -1);
    N(ps, node)->ival = f;
    return node;
}

/* The input for quarter q (1..4) of a quarterly input `base` (declared `per quarter`), or -1. */
static int quarter_input(const hs_policy *p, const char *base, size_t n, int q) {
    char key[160];
    if (n > 120)
        return -1;
    snprintf(key, sizeof key, "%.*s.Q%d", (int)n, base, q);
    return find_input(p, key, strlen(key));
}

/* present_value(amount, rate, years): money, rate, int -> money (exact, see pol_present_value). */
static int32_t parse_present_value(parser *ps, pol_token name) {
    next(ps); /* ( */
    int32_t args[3];
    static const hs_ptype kinds[3] = {HS_T_MONEY, HS_T_RATE, HS_T_INT};
    for (int i = 0; i < 3; i++) {
        if (i > 0)
            expect(ps, TK_COMMA, "',' and the next argument of present_value(amount, rate, years)");
        args[i] = parse_expr(ps);
        need(ps, args[i], kinds[i], "present_value(amount: money, rate: rate, years: int)");
    }
    expect(ps, TK_RPAREN, "')' after present_value's three arguments");
    int32_t node = mk(ps, N_PV, T(HS_T_MONEY), &name, -1, -1, -1);
    set_args(ps, node, args, 3);
    return node;
}

/* sum_quarters(X): X.Q1 + X.Q2 + X.Q3 + X.Q4 of a quarterly input, overflow-checked. */
static int32_t parse_sum_quarters(parser *ps, pol_token name) {
    const hs_policy *p = ps->p;
    next(ps); /* ( */
    pol_token x = expect(ps, TK_IDENT, "a quarterly input's name (declared 'per quarter')");
    expect(ps, TK_RPAREN, "')' after the input's name");
    const char *s = p->src + x.start;
    size_t n = x.end - x.start;
    int32_t sum = -1;
    for (int q = 1; q <= 4; q++) {
        int i = quarter_input(p, s, n, q);
        if (i < 0)
            ERR_TOK(ps, x, "'%.*s' is not an input declared 'per quarter'", (int)n, s);
        pol_type t = p->inputs.v[i].type;
        if (t.kind != HS_T_MONEY && t.kind != HS_T_INT)
            ERR_TOK(ps, x, "sum_quarters() adds money or int quarters");
        int32_t in = mk(ps, N_INPUT, t, &x, -1, -1, -1);
        N(ps, in)->ival = i;
        N(ps, in)->depends_on_input = true;
        N(ps, in)->end = x.end;
        if (sum < 0) {
            sum = in;
        } else {
            sum = mk(ps, N_ADD, t, &name, sum, in, -1);
            N(ps, sum)->arith = AR_INT;
            N(ps, sum)->ival = q < 4; /* a partial sum: explanations show the quarters instead */
        }
    }
    return sum;
}

static int32_t parse_name(parser *ps) {
    pol_token t = ps->tok;
    const hs_policy *p = ps->p;
    const char *s = p->src + t.start;
    size_t n = t.end - t.start;
    next(ps);
    if (ps->tok.kind == TK_LPAREN) {
        ps->prev = t;
        return parse_call(ps, t);
    }
    if (tok_is(ps, &t, "true") || tok_is(ps, &t, "false")) {
        int32_t node = mk(ps, N_CONST, T(HS_T_BOOL), &t, -1, -1, -1);
        N(ps, node)->ival = tok_is(ps, &t, "true");
        return node;
    }
    if (tok_is(ps, &t, "today"))
        return mk(ps, N_TODAY, T(HS_T_DATE), &t, -1, -1, -1);
    if (is_reserved(s, n))
        ERR_TOK(ps, t, "'%.*s' is a reserved word, not a value here", (int)n, s);
    int i;
    if ((i = find_let(p, s, n)) >= 0) {
        int32_t target = p->lets.v[i].node;
        ps->p->lets.v[i].used = true;
        int32_t node = mk(ps, N_LETREF, p->nodes.v[target].type, &t, target, -1, -1);
        N(ps, node)->ival = i;
        return node;
    }
    if ((i = find_input(p, s, n)) >= 0) {
        int32_t node = mk(ps, N_INPUT, p->inputs.v[i].type, &t, -1, -1, -1);
        N(ps, node)->ival = i;
        N(ps, node)->depends_on_input = true;
        return node;
    }
    if ((i = find_param(p, s, n)) >= 0) {
        if (accept_kw(ps, "at")) {
            /* the value in force on a date of the firm's (e.g. when an expense occurred) */
            int32_t d = parse_unary(ps);
            need(ps, d, HS_T_DATE, "'at' (a parameter's value on a date)");
            int32_t node = mk(ps, N_PARAM_AT, p->params.v[i].type, &t, d, -1, -1);
            N(ps, node)->ival = i;
            return node;
        }
        int32_t node = mk(ps, N_PARAM, p->params.v[i].type, &t, -1, -1, -1);
        N(ps, node)->ival = i;
        return node;
    }
    if (quarter_input(p, s, n, 1) >= 0) {
        if (ps->tok.kind != TK_DOT)
            ERR_TOK(ps, t,
                    "'%.*s' is given per quarter: write %.*s.Q1 .. %.*s.Q4, or sum_quarters(%.*s)",
                    (int)n, s, (int)n, s, (int)n, s, (int)n, s);
        next(ps);
        pol_token q = expect(ps, TK_IDENT, "Q1, Q2, Q3 or Q4 after the quarterly input's '.'");
        int qi = -1;
        if (q.end - q.start == 2 && p->src[q.start] == 'Q' && p->src[q.start + 1] >= '1' &&
            p->src[q.start + 1] <= '4')
            qi = quarter_input(p, s, n, p->src[q.start + 1] - '0');
        if (qi < 0)
            ERR_TOK(ps, q, "a quarter is Q1, Q2, Q3 or Q4");
        int32_t node = mk(ps, N_INPUT, p->inputs.v[qi].type, &t, -1, -1, -1);
        N(ps, node)->ival = qi;
        N(ps, node)->depends_on_input = true;
        return node;
    }
    return mk(ps, N_UNRESOLVED, T(PT_UNRESOLVED), &t, -1, -1, -1);
}

/* tier X { <= b -> v, < b -> v, else -> v }  /  marginal X { <= b -> r, ..., else -> r } */
static int32_t parse_tier(parser *ps, bool marginal) {
    pol_token start = ps->tok;
    next(ps);
    int32_t x = parse_add(ps);
    resolved(ps, x);
    pol_type xt = N(ps, x)->type;
    const char *kw = marginal ? "marginal" : "tier";
    if (marginal && xt.kind != HS_T_MONEY) {
        char tt[64];
        pol_type_text(ps->p, xt, tt, sizeof tt);
        ERR_NODE(ps, x, "marginal brackets apply to money, but this is %s", tt);
    }
    if (!ordered(xt)) {
        char tt[64];
        pol_type_text(ps->p, xt, tt, sizeof tt);
        ERR_NODE(ps, x, "a tier needs an int, money, rate or date value, but this is %s", tt);
    }
    expect(ps, TK_LBRACE, "'{' to open the tier arms");
    int32_t args[3 * 32 + 1];
    int nargs = 0;
    pol_type vt = T(PT_UNRESOLVED);
    bool have_else = false;
    int64_t last_bound = INT64_MIN;
    bool last_const = false;
    for (;;) {
        pol_token arm = ps->tok;
        int kind;
        if (accept_kw(ps, "else")) {
            kind = -1;
        } else if (ps->tok.kind == TK_LE || ps->tok.kind == TK_LT) {
            kind = ps->tok.kind == TK_LT;
            if (marginal && kind == 1)
                ERR_TOK(ps, arm, "marginal brackets use '<=' bounds");
            next(ps);
        } else {
            expected(ps, "'<= bound -> value', '< bound -> value' or 'else -> value'");
        }
        int32_t bound = -1;
        if (kind >= 0) {
            if (nargs >= 3 * 32)
                ERR_TOK(ps, arm, "a %s has at most 32 arms", kw);
            bound = parse_add(ps);
            resolved(ps, bound);
            if (!type_eq(N(ps, bound)->type, xt)) {
                char ta[64], tb[64];
                pol_type_text(ps->p, xt, ta, sizeof ta);
                pol_type_text(ps->p, N(ps, bound)->type, tb, sizeof tb);
                ERR_NODE(ps, bound, "this bound is %s but the %s value is %s%s", tb, kw, ta,
                         hint_for(xt, N(ps, bound)->type.kind));
            }
            if (N(ps, bound)->op == N_CONST) {
                int64_t b = N(ps, bound)->ival;
                if (last_const && b <= last_bound)
                    ERR_NODE(ps, bound, "bounds must increase: this arm could never apply");
                last_bound = b;
                last_const = true;
            }
        }
        expect(ps, TK_ARROW, "'->' before the arm's value");
        int32_t v = parse_expr(ps);
        resolved(ps, v);
        if (marginal && N(ps, v)->type.kind != HS_T_RATE)
            ERR_NODE(ps, v, "a marginal bracket's value is a rate (e.g. 10%%)");
        if (vt.kind == PT_UNRESOLVED)
            vt = N(ps, v)->type;
        else if (!type_eq(vt, N(ps, v)->type)) {
            char ta[64], tb[64];
            pol_type_text(ps->p, vt, ta, sizeof ta);
            pol_type_text(ps->p, N(ps, v)->type, tb, sizeof tb);
            ERR_NODE(ps, v, "this arm gives %s but the first arm gives %s", tb, ta);
        }
        if (kind >= 0) {
            args[nargs++] = kind;
            args[nargs++] = bound;
        }
        args[nargs++] = v;
        if (kind < 0) {
            have_else = true;
            break;
        }
        if (ps->tok.kind == TK_COMMA)
            next(ps);
        else
            break;
    }
    if (!have_else)
        ERR_TOK(ps, ps->tok, "a %s needs a final 'else -> value' arm, so every value has a result",
                kw);
    if (ps->tok.kind == TK_COMMA)
        next(ps);
    expect(ps, TK_RBRACE, "'}' after the else arm");
    /* a tier over a quotient keeps its exact value (b / c) for the bound tests */
    int32_t num = -1, den = -1;
    if (!marginal && !ratio_parts(ps, x, &num, &den, &start))
        num = den = -1;
    int32_t node =
        mk(ps, marginal ? N_MARGINAL : N_TIER, marginal ? T(HS_T_MONEY) : vt, &start, x, num, den);
    set_args(ps, node, args, nargs);
    return node;
}

static int32_t parse_primary(parser *ps) {
    pol_token t = ps->tok;
    switch (t.kind) {
    case TK_INT:
    case TK_MONEY:
    case TK_RATE:
    case TK_DATE: {
        next(ps);
        hs_ptype k = t.kind == TK_INT     ? HS_T_INT
                     : t.kind == TK_MONEY ? HS_T_MONEY
                     : t.kind == TK_RATE  ? HS_T_RATE
                                          : HS_T_DATE;
        int32_t node = mk(ps, N_CONST, T(k), &t, -1, -1, -1);
        N(ps, node)->ival = t.value;
        return node;
    }
    case TK_DECIMAL:
        ERR_TOK(ps, t, "a number with a decimal point needs a unit (30%%, 1.5万, 2.5元)");
    case TK_STRING: {
        next(ps);
        int32_t node = mk(ps, N_STRLIT, T(HS_T_STRING), &t, -1, -1, -1);
        N(ps, node)->ival = add_string(ps, string_value(ps, &t));
        return node;
    }
    case TK_LPAREN: {
        next(ps);
        int32_t e = parse_expr(ps);
        expect(ps, TK_RPAREN, "')'");
        return e;
    }
    case TK_IDENT:
        if (is_kw(ps, "tier"))
            return parse_tier(ps, false);
        if (is_kw(ps, "marginal"))
            return parse_tier(ps, true);
        return parse_name(ps);
    default:
        expected(ps, "a value");
    }
}

static int32_t parse_unary_inner(parser *ps);

/* Every nested value passes through here, so counting depth here bounds all recursion (parens,
 * tiers, calls, unary minus). */
static int32_t parse_unary(parser *ps) {
    enter(ps);
    int32_t r = parse_unary_inner(ps);
    ps->depth--;
    return r;
}

static int32_t parse_unary_inner(parser *ps) {
    if (ps->tok.kind == TK_MINUS) {
        pol_token t = ps->tok;
        next(ps);
        int32_t a = parse_unary(ps);
        resolved(ps, a);
        hs_ptype k = N(ps, a)->type.kind;
        if (k != HS_T_INT && k != HS_T_MONEY && k != HS_T_RATE)
            ERR_TOK(ps, t, "'-' applies to int, money or rate values");
        if (N(ps, a)->op == N_CONST && N(ps, a)->ival != INT64_MIN) {
            N(ps, a)->ival = -N(ps, a)->ival;
            N(ps, a)->start = t.start;
            N(ps, a)->line = t.line;
            N(ps, a)->col = t.col;
            return a;
        }
        return mk(ps, N_NEG, N(ps, a)->type, &t, a, -1, -1);
    }
    return parse_primary(ps);
}

/* Types an arithmetic node; may swap operands so that money/rate comes first. */
static int32_t arith(parser *ps, pol_op op, int32_t a, int32_t b, const pol_token *optok,
                     const pol_token *start) {
    resolved(ps, a);
    resolved(ps, b);
    hs_ptype ka = N(ps, a)->type.kind, kb = N(ps, b)->type.kind;
    const char *opname = op == N_ADD ? "+" : op == N_SUB ? "-" : op == N_MUL ? "*" : "/";
    pol_type rt;
    pol_arith ar = AR_INT;
    bool ok = true;
    if (op == N_ADD || op == N_SUB) {
        if (ka == kb && (ka == HS_T_INT || ka == HS_T_MONEY || ka == HS_T_RATE))
            rt = T(ka);
        else if (ka == HS_T_DATE && kb == HS_T_INT)
            rt = T(HS_T_DATE), ar = AR_DATE;
        else if (op == N_SUB && ka == HS_T_DATE && kb == HS_T_DATE)
            rt = T(HS_T_INT), ar = AR_DATE;
        else
            ok = false;
    } else if (op == N_MUL) {
        if ((ka == HS_T_INT || ka == HS_T_RATE) && kb == HS_T_MONEY) {
            int32_t t = a;
            a = b;
            b = t;
            hs_ptype tk = ka;
            ka = kb;
            kb = tk;
        } else if (ka == HS_T_INT && kb == HS_T_RATE) {
            int32_t t = a;
            a = b;
            b = t;
            ka = HS_T_RATE;
            kb = HS_T_INT;
        }
        if (ka == HS_T_INT && kb == HS_T_INT)
            rt = T(HS_T_INT);
        else if (ka == HS_T_MONEY && kb == HS_T_INT)
            rt = T(HS_T_MONEY);
        else if (ka == HS_T_MONEY && kb == HS_T_RATE)
            rt = T(HS_T_MONEY), ar = AR_MONEY_RATE;
        else if (ka == HS_T_RATE && kb == HS_T_RATE)
            rt = T(HS_T_RATE), ar = AR_RATE_RATE;
        else if (ka == HS_T_RATE && kb == HS_T_INT)
            rt = T(HS_T_RATE);
        else
            ok = false;
    } else {
        if (ka == HS_T_INT && kb == HS_T_INT)
            rt = T(HS_T_INT), ar = AR_INT_DIV;
        else if ((ka == HS_T_MONEY || ka == HS_T_RATE) && kb == HS_T_INT)
            rt = T(ka), ar = AR_SCALE_DIV;
        else if (ka == HS_T_MONEY && kb == HS_T_MONEY)
            rt = T(HS_T_RATE), ar = AR_MONEY_MONEY_DIV;
        else
            ok = false;
    }
    if (!ok)
        mismatch(ps, optok, a, b, opname);
    int32_t node = mk(ps, op, rt, start, a, b, -1);
    N(ps, node)->arith = (uint8_t)ar;
    /* the node's position is the operator, where a runtime error belongs */
    N(ps, node)->line = optok->line;
    N(ps, node)->col = optok->col;
    return node;
}

static int32_t parse_mul(parser *ps) {
    pol_token start = ps->tok;
    int32_t a = parse_unary(ps);
    while (ps->tok.kind == TK_STAR || ps->tok.kind == TK_SLASH) {
        pol_token op = ps->tok;
        next(ps);
        int32_t b = parse_unary(ps);
        a = arith(ps, op.kind == TK_STAR ? N_MUL : N_DIV, a, b, &op, &start);
    }
    return a;
}

static int32_t parse_add(parser *ps) {
    pol_token start = ps->tok;
    int32_t a = parse_mul(ps);
    while (ps->tok.kind == TK_PLUS || ps->tok.kind == TK_MINUS) {
        pol_token op = ps->tok;
        next(ps);
        int32_t b = parse_mul(ps);
        a = arith(ps, op.kind == TK_PLUS ? N_ADD : N_SUB, a, b, &op, &start);
    }
    return a;
}

static int32_t parse_in(parser *ps, int32_t a, const pol_token *start, bool negate) {
    pol_token intok = ps->prev;
    resolved(ps, a);
    pol_type t = N(ps, a)->type;
    if (t.kind == HS_T_BOOL)
        ERR_NODE(ps, a, "'in' needs an enum, string, int, money, rate or date value, not bool");
    expect(ps, TK_LBRACE, "'{' to open the set");
    int32_t items[256];
    int n = 0;
    do {
        if (n == 256)
            ERR_TOK(ps, ps->tok, "a set has at most 256 items");
        pol_token it = ps->tok;
        char what[64];
        snprintf(what, sizeof what, "the value left of 'in'");
        int64_t v = parse_const(ps, t, what);
        int32_t node = mk(ps, t.kind == HS_T_STRING ? N_STRLIT : N_CONST, t, &it, -1, -1, -1);
        N(ps, node)->ival = v;
        items[n++] = node;
    } while (ps->tok.kind == TK_COMMA && (next(ps), true));
    expect(ps, TK_RBRACE, "',' or '}' in the set");
    int32_t node = mk(ps, N_IN, T(HS_T_BOOL), start, a, -1, -1);
    set_args(ps, node, items, n);
    N(ps, node)->line = intok.line;
    N(ps, node)->col = intok.col;
    if (negate)
        node = mk(ps, N_NOT, T(HS_T_BOOL), start, node, -1, -1);
    return node;
}

/* An int constant node (internal: never shown). */
static int32_t int_const(parser *ps, int64_t v, const pol_token *at) {
    int32_t node = mk(ps, N_CONST, T(HS_T_INT), at, -1, -1, -1);
    N(ps, node)->ival = v;
    return node;
}

/* The exact quotient behind a rate value that is (through lets and the branches of an `if`) a
 * division of money by money: *num / *den is the value before rounding to the basis point (a plain
 * rate r in another branch is r / 10000). False when no division is involved; then the rate is
 * already exact. Comparisons and tiers use it so that a threshold is never met by rounding. */
static bool ratio_parts(parser *ps, int32_t node, int32_t *num, int32_t *den, const pol_token *at) {
    pol_node nd = *N(ps, node); /* a copy: mk() may move the node array */
    if (nd.type.kind != HS_T_RATE)
        return false;
    if (nd.op == N_LETREF)
        return ratio_parts(ps, nd.a, num, den, at);
    if (nd.op == N_DIV && nd.arith == AR_MONEY_MONEY_DIV) {
        *num = nd.a;
        *den = nd.b;
        return true;
    }
    if (nd.op != N_IF)
        return false;
    int32_t n1, d1, n2, d2;
    bool r1 = ratio_parts(ps, nd.b, &n1, &d1, at);
    bool r2 = ratio_parts(ps, nd.c, &n2, &d2, at);
    if (!r1 && !r2)
        return false;
    if (!r1)
        n1 = nd.b, d1 = int_const(ps, 10000, at);
    if (!r2)
        n2 = nd.c, d2 = int_const(ps, 10000, at);
    *num = mk(ps, N_IF, T(HS_T_INT), at, nd.a, n1, n2);
    *den = mk(ps, N_IF, T(HS_T_INT), at, nd.a, d1, d2);
    return true;
}

static int32_t parse_cmp(parser *ps) {
    pol_token start = ps->tok;
    int32_t a = parse_add(ps);
    if (accept_kw(ps, "in"))
        return parse_in(ps, a, &start, false);
    if (is_kw(ps, "not")) {
        next(ps);
        if (!accept_kw(ps, "in"))
            expected(ps, "'in' after 'not' here");
        return parse_in(ps, a, &start, true);
    }
    pol_tok_kind k = ps->tok.kind;
    pol_op op;
    switch (k) {
    case TK_EQ:
    case TK_ASSIGN:
        op = N_EQ;
        break;
    case TK_NE:
        op = N_NE;
        break;
    case TK_LT:
        op = N_LT;
        break;
    case TK_LE:
        op = N_LE;
        break;
    case TK_GT:
        op = N_GT;
        break;
    case TK_GE:
        op = N_GE;
        break;
    default:
        return a;
    }
    pol_token optok = ps->tok;
    next(ps);
    int32_t b = parse_add(ps);
    resolve_member(ps, b, N(ps, a)->type);
    resolve_member(ps, a, N(ps, b)->type);
    resolved(ps, a);
    resolved(ps, b);
    pol_type ta = N(ps, a)->type, tb = N(ps, b)->type;
    char opname[4];
    snprintf(opname, sizeof opname, "%.*s", (int)(optok.end - optok.start),
             ps->p->src + optok.start);
    if (!type_eq(ta, tb))
        mismatch(ps, &optok, a, b, opname);
    if (op != N_EQ && op != N_NE && !ordered(ta)) {
        char tt[256];
        pol_type_text(ps->p, ta, tt, sizeof tt);
        ERR_TOK(ps, optok, "'%s' orders values, but %s values are only equal or not", opname, tt);
    }
    if (ps->tok.kind >= TK_ASSIGN && ps->tok.kind <= TK_GE)
        ERR_TOK(ps, ps->tok, "comparisons do not chain; join them with 'and'");
    int32_t n1, d1, n2, d2;
    bool ra = ta.kind == HS_T_RATE && ratio_parts(ps, a, &n1, &d1, &start);
    bool rb = ta.kind == HS_T_RATE && ratio_parts(ps, b, &n2, &d2, &start);
    int32_t node;
    if (ra || rb) {
        if (!ra)
            n1 = a, d1 = int_const(ps, 10000, &start);
        if (!rb)
            n2 = b, d2 = int_const(ps, 10000, &start);
        node = mk(ps, N_RATIO_CMP, T(HS_T_BOOL), &start, a, b, -1);
        int32_t parts[4] = {n1, d1, n2, d2};
        set_args(ps, node, parts, 4);
        N(ps, node)->ival = op;
    } else {
        node = mk(ps, op, T(HS_T_BOOL), &start, a, b, -1);
    }
    N(ps, node)->line = optok.line;
    N(ps, node)->col = optok.col;
    return node;
}

static int32_t parse_not(parser *ps) {
    if (is_kw(ps, "not")) {
        pol_token t = ps->tok;
        next(ps);
        enter(ps);
        int32_t a = parse_not(ps);
        ps->depth--;
        need(ps, a, HS_T_BOOL, "'not'");
        return mk(ps, N_NOT, T(HS_T_BOOL), &t, a, -1, -1);
    }
    return parse_cmp(ps);
}

static int32_t parse_and(parser *ps) {
    pol_token start = ps->tok;
    int32_t a = parse_not(ps);
    while (is_kw(ps, "and")) {
        next(ps);
        need(ps, a, HS_T_BOOL, "'and'");
        int32_t b = parse_not(ps);
        need(ps, b, HS_T_BOOL, "'and'");
        a = mk(ps, N_AND, T(HS_T_BOOL), &start, a, b, -1);
    }
    return a;
}

static int32_t parse_or(parser *ps) {
    pol_token start = ps->tok;
    int32_t a = parse_and(ps);
    while (is_kw(ps, "or")) {
        next(ps);
        need(ps, a, HS_T_BOOL, "'or'");
        int32_t b = parse_and(ps);
        need(ps, b, HS_T_BOOL, "'or'");
        a = mk(ps, N_OR, T(HS_T_BOOL), &start, a, b, -1);
    }
    return a;
}

static int32_t parse_expr(parser *ps) {
    enter(ps);
    int32_t r;
    if (is_kw(ps, "if")) {
        pol_token t = ps->tok;
        next(ps);
        int32_t c = parse_expr(ps);
        need(ps, c, HS_T_BOOL, "'if'");
        expect_kw(ps, "then");
        int32_t a = parse_expr(ps);
        expect_kw(ps, "else");
        int32_t b = parse_expr(ps);
        resolve_member(ps, a, N(ps, b)->type);
        resolve_member(ps, b, N(ps, a)->type);
        resolved(ps, a);
        resolved(ps, b);
        if (!type_eq(N(ps, a)->type, N(ps, b)->type)) {
            char ta[256], tb[256];
            pol_type_text(ps->p, N(ps, a)->type, ta, sizeof ta);
            pol_type_text(ps->p, N(ps, b)->type, tb, sizeof tb);
            ERR_NODE(ps, b, "'else' gives %s but 'then' gives %s", tb, ta);
        }
        r = mk(ps, N_IF, N(ps, a)->type, &t, c, a, b);
    } else {
        r = parse_or(ps);
    }
    ps->depth--;
    return r;
}

/* ---- statements ---- */

static void parse_input(parser *ps) {
    pol_token name = expect_name(ps, "the input's name");
    check_new_name(ps, &name);
    hs_policy *p = ps->p;
    if (quarter_input(p, p->src + name.start, name.end - name.start, 1) >= 0)
        ERR_TOK(ps, name, "'%.*s' is already declared as a quarterly input",
                (int)(name.end - name.start), p->src + name.start);
    expect(ps, TK_COLON, "':' and the input's type");
    pol_type t = parse_type(ps);
    /* `per quarter`: four inputs NAME.Q1 .. NAME.Q4 (CSV columns NAME.Q4 or NAME.2022Q4) */
    int quarters = 0;
    if (accept_kw(ps, "per")) {
        expect_kw(ps, "quarter");
        quarters = 4;
        if (name.end - name.start > 100)
            ERR_TOK(ps, name, "a quarterly input's name has at most 100 bytes");
    }
    bool has_default = false;
    int64_t v = 0;
    if (ps->tok.kind == TK_ASSIGN) {
        next(ps);
        char what[160];
        snprintf(what, sizeof what, "input '%.*s'", (int)(name.end - name.start),
                 p->src + name.start);
        v = parse_const(ps, t, what);
        has_default = true;
    }
    for (int q = quarters ? 1 : 0; q <= quarters; q++) {
        pol_input *in = PS_PUSH(ps, p->inputs);
        if (q == 0) {
            in->name = tok_dup(ps, &name);
        } else {
            char key[160];
            snprintf(key, sizeof key, "%.*s.Q%d", (int)(name.end - name.start), p->src + name.start,
                     q);
            in = &p->inputs.v[p->inputs.n - 1];
            in->name = ps_strndup(ps, key, strlen(key));
        }
        in = &p->inputs.v[p->inputs.n - 1];
        in->type = t;
        in->line = name.line;
        in->col = name.col;
        in->has_default = has_default;
        in->default_value = v;
    }
}

static void parse_param(parser *ps) {
    hs_policy *p = ps->p;
    pol_token name = expect_name(ps, "the parameter's name");
    check_new_name(ps, &name);
    expect(ps, TK_COLON, "':' and the parameter's type");
    pol_token tt = ps->tok;
    pol_type t = parse_type(ps);
    if (t.kind == HS_T_STRING || t.kind == HS_T_ENUM)
        ERR_TOK(ps, tt, "a parameter is bool, int, money, rate or date");
    expect(ps, TK_ASSIGN, "'=' and the parameter's value");
    char *pname = tok_dup(ps, &name);
    pol_param *pp = PS_PUSH(ps, p->params);
    pp->name = pname;
    pp->type = t;
    pp->line = name.line;
    pp->col = name.col;
    pp->first_entry = p->entries.n;
    char what[128];
    snprintf(what, sizeof what, "parameter '%s'", pname);
    int count = 0;
    for (;;) {
        pol_token vt = ps->tok;
        int64_t v = parse_const(ps, t, what);
        pol_param_entry *e = PS_PUSH(ps, p->entries);
        e->value = v;
        if (accept_kw(ps, "from")) {
            pol_token d = expect(ps, TK_DATE, "a date after 'from'");
            e->has_from = true;
            e->from = (hs_date)d.value;
            if (count > 0 && !p->entries.v[p->entries.n - 2].has_from)
                ERR_TOK(ps, vt, "only the first value of '%s' may go without 'from DATE'", pname);
            if (count > 0 && p->entries.v[p->entries.n - 2].from >= e->from)
                ERR_TOK(ps, d, "dates of '%s' must increase", pname);
        } else if (count > 0) {
            ERR_TOK(ps, vt, "each later value of '%s' needs 'from DATE'", pname);
        }
        if (accept_kw(ps, "ref")) {
            char *ref = expect_string(ps, "the document this value comes from, in quotes");
            p->entries.v[p->entries.n - 1].ref = ref;
            if (ref[0] == '\0')
                ERR_TOK(ps, ps->prev, "a 'ref' names its document: it cannot be empty");
        }
        count++;
        if (ps->tok.kind != TK_COMMA)
            break;
        next(ps);
    }
    p->params.v[p->params.n - 1].entry_count = count;
}

static void parse_limit(parser *ps) {
    pol_token start = ps->prev;
    hs_policy *p = ps->p;
    pol_limit lim;
    memset(&lim, 0, sizeof lim);
    lim.node = -1;
    lim.shape.line = start.line;
    lim.shape.once = accept_kw(ps, "once");
    if (!is_kw(ps, "per"))
        expected(ps, "'per firm', 'per product', 'per year' or 'per programme'");
    while (accept_kw(ps, "per")) {
        bool *flag = NULL;
        if (is_kw(ps, "firm"))
            flag = &lim.shape.per_firm;
        else if (is_kw(ps, "product"))
            flag = &lim.shape.per_product;
        else if (is_kw(ps, "year"))
            flag = &lim.shape.per_year;
        else if (is_kw(ps, "programme") || is_kw(ps, "program"))
            flag = &lim.shape.per_programme;
        else
            expected(ps, "firm, product, year or programme after 'per'");
        if (*flag)
            ERR_TOK(ps, ps->tok, "scope given twice");
        *flag = true;
        next(ps);
    }
    if (ps->tok.kind == TK_LE) {
        if (lim.shape.once)
            ERR_TOK(ps, ps->tok, "'once' limits count awards; drop 'once' to cap an amount");
        next(ps);
        pol_token t = ps->tok;
        int32_t node;
        if (t.kind == TK_MONEY) {
            next(ps);
            node = mk(ps, N_CONST, T(HS_T_MONEY), &t, -1, -1, -1);
            N(ps, node)->ival = t.value;
        } else if (t.kind == TK_IDENT) {
            node = parse_name(ps);
            resolved(ps, node);
            if (N(ps, node)->op != N_PARAM)
                ERR_TOK(ps, t, "a limit is an amount or a parameter, not a firm's value");
        } else {
            expected(ps, "an amount or a parameter after '<='");
        }
        if (N(ps, node)->type.kind != HS_T_MONEY)
            ERR_TOK(ps, t, "a limit's ceiling is money");
        lim.node = node;
        lim.shape.has_amount = true;
    } else if (!lim.shape.once) {
        expected(ps, "'<= amount' (or write 'limit once per ...')");
    }
    *PS_PUSH(ps, p->limits) = lim;
}

/* `on DATE` or `period YEAR` (the year's last day) of a test case. */
static hs_date parse_test_date(parser *ps) {
    if (accept_kw(ps, "period")) {
        pol_token y = expect(ps, TK_INT, "the test's period (a year such as 2022)");
        char text[32];
        snprintf(text, sizeof text, "%lld", (long long)y.value);
        hs_date end;
        if (!policy_period_end(text, &end))
            ERR_TOK(ps, y, "a period is a year from %d to %d", DATE_YEAR_MIN, DATE_YEAR_MAX);
        return end;
    }
    expect_kw(ps, "on");
    return (hs_date)expect(ps, TK_DATE, "the test's date (YYYY-MM-DD) or 'period YEAR'").value;
}

/* `within RATE` after an expected amount: the tolerance of an estimate (0% .. 100%). */
static int64_t parse_tolerance(parser *ps) {
    if (!accept_kw(ps, "within"))
        return 0;
    pol_token r = expect(ps, TK_RATE, "a tolerance such as 1% after 'within'");
    if (r.value < 0 || r.value > 10000)
        ERR_TOK(ps, r, "a tolerance is 0%% to 100%%");
    return r.value;
}

/* population "name" (on DATE | period YEAR) from "firms.csv" => eligible N [, total X [within R]]
 * — the CSV's path is relative to the directory of the file the case is written in. */
static void parse_population(parser *ps) {
    hs_policy *p = ps->p;
    pol_token kw = ps->prev;
    char *name = expect_string(ps, "the population test's name in quotes");
    pol_test *t = PS_PUSH(ps, p->tests);
    t->name = name;
    t->line = kw.line;
    t->because_rule = -1;
    t->population = true;
    t->first_value = p->tvalues.n;
    t->first_let = p->tlets.n;
    t->file = ps->tests_file ? ps_strndup(ps, ps->tests_file, strlen(ps->tests_file)) : NULL;
    hs_date on = parse_test_date(ps);
    expect_kw(ps, "from");
    char *csv = expect_string(ps, "the CSV of firms in quotes");
    const char *base = ps->tests_file ? ps->tests_file : p->file;
    const char *slash = strrchr(base, '/');
    size_t dir = csv[0] == '/' || slash == NULL ? 0 : (size_t)(slash - base) + 1;
    char *full = malloc(dir + strlen(csv) + 1);
    if (full == NULL) {
        free(csv);
        out_of_memory(ps);
    }
    memcpy(full, base, dir);
    strcpy(full + dir, csv);
    free(csv);
    t = &p->tests.v[p->tests.n - 1];
    t->csv = full;
    t->on = on;
    expect(ps, TK_FATARROW, "'=>' and the expected outcome");
    bool any = false;
    do {
        if (accept_kw(ps, "eligible")) {
            pol_token n = expect(ps, TK_INT, "the number of eligible firms");
            t = &p->tests.v[p->tests.n - 1];
            t->has_eligible = true;
            t->eligible_count = n.value;
        } else if (accept_kw(ps, "total")) {
            int64_t v = parse_const(ps, T(HS_T_MONEY), "the expected total");
            int64_t tol = parse_tolerance(ps);
            t = &p->tests.v[p->tests.n - 1];
            t->has_total = true;
            t->total_fen = v;
            t->tolerance_bp = tol;
        } else {
            expected(ps, "'eligible N' or 'total AMOUNT [within R]'");
        }
        any = true;
    } while (ps->tok.kind == TK_COMMA && (next(ps), true));
    (void)any;
}

static void parse_test(parser *ps) {
    hs_policy *p = ps->p;
    pol_token tt = ps->prev;
    char *name = expect_string(ps, "the test's name in quotes");
    pol_test *t = PS_PUSH(ps, p->tests);
    t->name = name;
    t->line = tt.line;
    t->because_rule = -1;
    t->first_value = p->tvalues.n;
    t->first_let = p->tlets.n;
    t->on = parse_test_date(ps);
    t->file = ps->tests_file ? ps_strndup(ps, ps->tests_file, strlen(ps->tests_file)) : NULL;
    pol_token brace = expect(ps, TK_LBRACE, "'{' and the test's inputs");
    int count = 0;
    while (ps->tok.kind != TK_RBRACE) {
        pol_token in = ps->tok;
        if (in.kind != TK_IDENT)
            expected(ps, "an input name or '}'");
        int i = find_input(p, p->src + in.start, in.end - in.start);
        next(ps);
        if (i < 0 && ps->tok.kind == TK_DOT) { /* a quarter: rd.Q4 */
            next(ps);
            pol_token q = expect(ps, TK_IDENT, "Q1, Q2, Q3 or Q4 after the quarterly input's '.'");
            if (q.end - q.start == 2 && p->src[q.start] == 'Q' && p->src[q.start + 1] >= '1' &&
                p->src[q.start + 1] <= '4')
                i = quarter_input(p, p->src + in.start, in.end - in.start,
                                  p->src[q.start + 1] - '0');
            in.end = q.end;
        }
        if (i < 0) {
            char dym[128];
            did_you_mean(p, p->src + in.start, in.end - in.start, dym, sizeof dym);
            ERR_TOK(ps, in, "'%.*s' is not a declared input%s", (int)(in.end - in.start),
                    p->src + in.start, dym);
        }
        for (int k = 0; k < count; k++)
            if (p->tvalues.v[p->tvalues.n - count + k].input == i)
                ERR_TOK(ps, in, "input '%s' is given twice", p->inputs.v[i].name);
        expect(ps, TK_ASSIGN, "'=' and the input's value");
        char what[128];
        snprintf(what, sizeof what, "input '%s'", p->inputs.v[i].name);
        int64_t v = parse_const(ps, p->inputs.v[i].type, what);
        pol_test_value *tv = PS_PUSH(ps, p->tvalues);
        tv->input = i;
        tv->value = v;
        count++;
        if (ps->tok.kind == TK_COMMA)
            next(ps);
        else if (ps->tok.kind != TK_RBRACE)
            expected(ps, "',' or '}' after an input's value");
    }
    next(ps);
    t = &p->tests.v[p->tests.n - 1];
    t->value_count = count;
    for (int i = 0; i < p->inputs.n; i++) {
        if (p->inputs.v[i].has_default)
            continue;
        bool given = false;
        for (int k = 0; k < count; k++)
            given |= p->tvalues.v[t->first_value + k].input == i;
        if (!given)
            ERR_TOK(ps, brace, "test \"%s\" does not give input '%s', which has no default",
                    t->name, p->inputs.v[i].name);
    }
    expect(ps, TK_FATARROW, "'=>' and the expected outcome");
    if (accept_kw(ps, "eligible")) {
        t->expect = EXPECT_ELIGIBLE;
        while (ps->tok.kind == TK_COMMA) {
            next(ps);
            if (accept_kw(ps, "amount")) {
                if (t->has_amount)
                    ERR_TOK(ps, ps->prev, "amount given twice");
                int64_t amount = parse_const(ps, T(HS_T_MONEY), "the amount");
                int64_t tol = parse_tolerance(ps);
                t = &p->tests.v[p->tests.n - 1];
                t->amount_fen = amount;
                t->tolerance_bp = tol;
                t->has_amount = true;
                continue;
            }
            pol_token ln = ps->tok;
            if (ln.kind != TK_IDENT)
                expected(ps, "'amount VALUE' or 'name = VALUE' for a let");
            int li = find_let(p, p->src + ln.start, ln.end - ln.start);
            if (li < 0)
                ERR_TOK(ps, ln, "'%.*s' is not a let (a test can check amount and lets)",
                        (int)(ln.end - ln.start), p->src + ln.start);
            next(ps);
            expect(ps, TK_ASSIGN, "'=' and the let's expected value");
            char what[128];
            snprintf(what, sizeof what, "let '%s'", p->lets.v[li].name);
            int64_t v = parse_const(ps, p->nodes.v[p->lets.v[li].node].type, what);
            pol_test_let *tl = PS_PUSH(ps, p->tlets);
            tl->let = li;
            tl->value = v;
            t = &p->tests.v[p->tests.n - 1];
            t->let_count++;
        }
    } else if (accept_kw(ps, "not")) {
        expect_kw(ps, "eligible");
        t->expect = EXPECT_NOT_ELIGIBLE;
        if (accept_kw(ps, "because")) {
            pol_token rn = ps->tok;
            if (rn.kind != TK_IDENT)
                expected(ps, "a rule name after 'because'");
            int r = find_rule(p, p->src + rn.start, rn.end - rn.start);
            if (r < 0 && !tok_is(ps, &rn, "valid"))
                ERR_TOK(ps, rn, "'%.*s' is not a rule declared above", (int)(rn.end - rn.start),
                        p->src + rn.start);
            t->because_rule = r < 0 ? -2 : r;
            next(ps);
        }
    } else if (is_kw(ps, "error")) {
        next(ps);
        t->expect = EXPECT_ERROR;
    } else {
        expected(ps, "'eligible', 'not eligible' or 'error'");
    }
}

/* ---- exceptions (Catala's default logic) ---- */

static int find_exception(const hs_policy *p, const char *s, size_t n) {
    for (int i = 0; i < p->exceptions.n; i++)
        if (strlen(p->exceptions.v[i].label) == n && memcmp(p->exceptions.v[i].label, s, n) == 0)
            return i;
    return -1;
}

/* The type an exception's value must have: its root definition's. */
static pol_type exception_root(const hs_policy *p, pol_ex_of of, int idx, pol_ex_of *root_of,
                               int *root_idx) {
    while (of == EX_OF_EXCEPTION) {
        const pol_exception *x = &p->exceptions.v[idx];
        of = x->of;
        idx = x->parent;
    }
    *root_of = of;
    *root_idx = idx;
    int32_t base = of == EX_OF_RULE  ? p->rules.v[idx].base
                   : of == EX_OF_LET ? p->lets.v[idx].base
                                     : p->amount_base;
    return p->nodes.v[base].type;
}

/* The definition (base, with the exceptions refining (of, idx) folded in): an N_DEFAULT node over
 * the direct exceptions in the order written, each one's value itself folded; `base` alone when
 * there are none. */
static int32_t fold_exceptions(parser *ps, int32_t base, pol_ex_of of, int idx,
                               const pol_token *at) {
    hs_policy *p = ps->p;
    int kids[64];
    int k = 0;
    for (int i = 0; i < p->exceptions.n; i++) {
        const pol_exception *x = &p->exceptions.v[i];
        if (x->of == of && (of == EX_OF_AMOUNT || x->parent == idx)) {
            if (k == 64)
                ERR_TOK(ps, *at, "a definition has at most 64 direct exceptions");
            kids[k++] = i;
        }
    }
    if (k == 0)
        return base;
    int32_t args[2 * 64 + 1];
    for (int i = 0; i < k; i++) {
        const pol_exception x = p->exceptions.v[kids[i]];
        args[2 * i] = x.cond;
        args[2 * i + 1] = fold_exceptions(ps, x.value, EX_OF_EXCEPTION, kids[i], at);
    }
    args[2 * k] = base;
    /* one pair node per two exceptions that could both apply: names them when they do */
    int32_t first_pair = p->nodes.n;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++) {
            const pol_exception *xj = &p->exceptions.v[kids[j]];
            pol_token t = {.kind = TK_IDENT, .line = xj->line, .col = xj->col};
            int32_t pair = mk(ps, N_CONST, T(HS_T_INT), &t, -1, -1, -1);
            N(ps, pair)->ival = (int64_t)kids[i] << 16 | kids[j];
        }
    int32_t node = mk(ps, N_DEFAULT, N(ps, base)->type, at, -1, -1, -1);
    set_args(ps, node, args, 2 * k + 1);
    N(ps, node)->ival = p->dexc.n;
    *PS_PUSH(ps, p->dexc) = first_pair;
    for (int i = 0; i < k; i++)
        *PS_PUSH(ps, p->dexc) = kids[i];
    N(ps, node)->line = N(ps, base)->line;
    N(ps, node)->col = N(ps, base)->col;
    return node;
}

/* exception LABEL [to (RULE | LET | amount | LABEL)] "clause" when COND: VALUE */
static void parse_exception(parser *ps, const pol_token *kw) {
    hs_policy *p = ps->p;
    pol_token label = expect_name(ps, "the exception's label");
    check_new_name(ps, &label);
    if (find_rule(p, p->src + label.start, label.end - label.start) >= 0 ||
        find_exception(p, p->src + label.start, label.end - label.start) >= 0)
        ERR_TOK(ps, label, "'%.*s' is already the name of a rule or an exception",
                (int)(label.end - label.start), p->src + label.start);
    pol_ex_of of;
    int idx = 0;
    if (accept_kw(ps, "to")) {
        pol_token t = ps->tok;
        if (t.kind != TK_IDENT)
            expected(ps, "what the exception refines: a rule, a let, 'amount' or an exception");
        const char *s = p->src + t.start;
        size_t n = t.end - t.start;
        if (tok_is(ps, &t, "amount")) {
            if (p->amount_node < 0)
                ERR_TOK(ps, t, "an exception to the amount comes after the amount line");
            of = EX_OF_AMOUNT;
        } else if ((idx = find_rule(p, s, n)) >= 0) {
            of = EX_OF_RULE;
        } else if ((idx = find_let(p, s, n)) >= 0) {
            of = EX_OF_LET;
        } else if ((idx = find_exception(p, s, n)) >= 0) {
            of = EX_OF_EXCEPTION;
        } else {
            ERR_TOK(ps, t, "'%.*s' is not a rule, let or exception declared above, nor 'amount'",
                    (int)n, s);
        }
        next(ps);
    } else {
        if (!ps->has_last)
            ERR_TOK(ps, *kw,
                    "an exception refines a rule, let or amount declared above it "
                    "(or name one with 'to')");
        of = ps->last_of;
        idx = ps->last_idx;
    }
    pol_ex_of root_of;
    int root_idx;
    pol_type want = exception_root(p, of, idx, &root_of, &root_idx);
    if (root_of == EX_OF_LET && p->lets.v[root_idx].used)
        ERR_TOK(ps, label,
                "let '%s' is already used above: its exceptions must come before its first use",
                p->lets.v[root_idx].name);
    char *clause = expect_string(ps, "the exception's legal clause in quotes");
    pol_exception *x = POL_PUSH(p->exceptions);
    if (x == NULL) {
        free(clause);
        out_of_memory(ps);
    }
    x->clause = clause;
    x->label = tok_dup(ps, &label);
    x->of = of;
    x->parent = idx;
    x->line = label.line;
    x->col = label.col;
    x->cond = x->value = -1;
    expect_kw(ps, "when");
    int32_t cond = parse_expr(ps);
    need(ps, cond, HS_T_BOOL, "an exception's condition");
    expect(ps, TK_COLON, "':' and the exception's value");
    pol_token vt = ps->tok;
    int32_t value = parse_expr(ps);
    resolve_member(ps, value, want);
    resolved(ps, value);
    if (!type_eq(N(ps, value)->type, want)) {
        char ta[256], tb[256];
        pol_type_text(p, want, ta, sizeof ta);
        pol_type_text(p, N(ps, value)->type, tb, sizeof tb);
        ERR_TOK(ps, vt, "the exception gives %s but what it refines is %s", tb, ta);
    }
    x = &p->exceptions.v[p->exceptions.n - 1];
    x->cond = cond;
    x->value = value;
    /* refold the root definition; the earlier folding becomes unreachable */
    if (root_of == EX_OF_RULE)
        p->rules.v[root_idx].node =
            fold_exceptions(ps, p->rules.v[root_idx].base, EX_OF_RULE, root_idx, kw);
    else if (root_of == EX_OF_LET)
        p->lets.v[root_idx].node =
            fold_exceptions(ps, p->lets.v[root_idx].base, EX_OF_LET, root_idx, kw);
    else
        p->amount_node = fold_exceptions(ps, p->amount_base, EX_OF_AMOUNT, 0, kw);
}

static int32_t parse_clause_expr(parser *ps, char **clause, const char *what) {
    *clause = expect_string(ps, what);
    expect(ps, TK_COLON, "':' before the expression");
    return parse_expr(ps);
}

/* Marks nodes reachable from lets, rules and amount, and lists them in ascending order. */
static void build_program(parser *ps) {
    hs_policy *p = ps->p;
    assert(p->amount_node >= 0 && p->program.n == 0);
    int n = p->nodes.n;
    uint8_t *live = calloc((size_t)n + 1, 1);
    if (live == NULL)
        out_of_memory(ps);
    for (int i = 0; i < p->lets.n; i++)
        live[p->lets.v[i].node] = 1;
    for (int i = 0; i < p->rules.n; i++)
        live[p->rules.v[i].node] = 1;
    if (p->amount_node >= 0)
        live[p->amount_node] = 1;
    for (int i = n - 1; i >= 0; i--) {
        if (!live[i])
            continue;
        const pol_node *nd = &p->nodes.v[i];
        if (nd->a >= 0)
            live[nd->a] = 1;
        if (nd->b >= 0)
            live[nd->b] = 1;
        if (nd->c >= 0)
            live[nd->c] = 1;
        if (nd->op == N_TIER || nd->op == N_MARGINAL) {
            for (int k = 0; k < nd->nargs; k++) {
                bool is_kind = (nd->nargs - 1 - k) > 0 && k % 3 == 0;
                if (!is_kind)
                    live[p->args.v[nd->first_arg + k]] = 1;
            }
        } else {
            for (int k = 0; k < nd->nargs; k++)
                live[p->args.v[nd->first_arg + k]] = 1;
        }
    }
    for (int i = 0; i < n; i++)
        if (live[i]) {
            int32_t *at = POL_PUSH(p->program);
            if (at == NULL) {
                free(live);
                out_of_memory(ps);
            }
            *at = i;
        }
    free(live);
    assert(p->program.n > 0 && p->program.v[p->program.n - 1] < n);
}

hs_status pol_parse(hs_policy *p, hs_error *err) {
    parser *ps = calloc(1, sizeof *ps);
    if (ps == NULL)
        return hs_fail(err, HS_STORAGE, "%s: out of memory while reading the policy", p->file);
    ps->p = p;
    ps->err = err;
    ps->lx = (pol_lexer){
        .p = p, .s = p->src, .len = p->src_len, .line = 1, .col = 1, .err = err, .fail = &ps->fail};
    p->amount_node = -1;
    if (setjmp(ps->fail) != 0) {
        bool oom = ps->oom;
        free(ps);
        return oom ? HS_STORAGE : HS_INPUT;
    }
    next(ps);
    if (!accept_kw(ps, "policy"))
        expected(ps, "'policy ID version V' as the first line");
    pol_token id = expect(ps, TK_IDENT, "the policy id (e.g. chengdu.compute_voucher)");
    while (ps->tok.kind == TK_DOT) {
        next(ps);
        id.end = expect(ps, TK_IDENT, "a name after '.' in the policy id").end;
    }
    p->id = tok_dup(ps, &id);
    expect_kw(ps, "version");
    if (ps->tok.kind == TK_DECIMAL || ps->tok.kind == TK_INT)
        p->version = tok_dup(ps, &ps->tok), next(ps);
    else if (ps->tok.kind == TK_STRING)
        p->version = string_value(ps, &ps->tok), next(ps);
    else
        expected(ps, "a version such as 2024.1");
    while (ps->tok.kind != TK_EOF) {
        pol_token kw = ps->tok;
        if (kw.kind != TK_IDENT)
            expected(ps, "a statement (title, instrument, budget, valid, source, input, param, "
                         "let, rule, amount, limit, test)");
#define ONCE(field, word)                                                                          \
    if (field)                                                                                     \
        ERR_TOK(ps, kw, "'" word "' is given twice");
        if (accept_kw(ps, "title")) {
            ONCE(p->title_zh, "title");
            expect_kw(ps, "zh");
            p->title_zh = expect_string(ps, "the Chinese title in quotes");
            expect_kw(ps, "en");
            p->title_en = expect_string(ps, "the English title in quotes");
        } else if (accept_kw(ps, "instrument")) {
            ONCE(p->has_instrument, "instrument");
            static const char *const names[] = {"subsidy", "voucher", "credit", "fund", "tax"};
            bool found = false;
            for (int i = 0; i < 5 && !found; i++)
                if (is_kw(ps, names[i])) {
                    p->instrument = (hs_instrument)i;
                    found = true;
                }
            if (!found)
                expected(ps, "subsidy, voucher, credit, fund or tax");
            next(ps);
            p->has_instrument = true;
        } else if (accept_kw(ps, "budget")) {
            ONCE(p->budget, "budget");
            p->budget = expect_string(ps, "the budget path in quotes");
        } else if (accept_kw(ps, "source")) {
            ONCE(p->source, "source");
            p->source = expect_string(ps, "the legal source in quotes");
        } else if (accept_kw(ps, "valid")) {
            ONCE(p->has_valid, "valid");
            p->valid_from = (hs_date)expect(ps, TK_DATE, "the first valid date").value;
            expect(ps, TK_DOTDOT, "'..' between the validity dates");
            if (ps->tok.kind == TK_DATE) {
                p->valid_to = (hs_date)ps->tok.value;
                if (p->valid_to < p->valid_from)
                    ERR_TOK(ps, ps->tok, "the validity ends before it starts");
                next(ps);
            } else {
                p->open_end = true;
                p->valid_to = date_from_ymd(DATE_YEAR_MAX, 12, 31);
            }
            p->has_valid = true;
        } else if (accept_kw(ps, "input")) {
            parse_input(ps);
        } else if (accept_kw(ps, "param")) {
            parse_param(ps);
        } else if (accept_kw(ps, "let")) {
            pol_token name = expect_name(ps, "the let's name");
            check_new_name(ps, &name);
            expect(ps, TK_ASSIGN, "'=' and the let's expression");
            int32_t e = parse_expr(ps);
            resolved(ps, e);
            pol_let *l = PS_PUSH(ps, p->lets);
            l->name = tok_dup(ps, &name);
            l->node = e;
            l->base = e;
            l->line = name.line;
            ps->has_last = true, ps->last_of = EX_OF_LET, ps->last_idx = p->lets.n - 1;
        } else if (accept_kw(ps, "rule")) {
            pol_token name = expect_name(ps, "the rule's name");
            if (find_rule(p, p->src + name.start, name.end - name.start) >= 0)
                ERR_TOK(ps, name, "rule '%.*s' is already declared", (int)(name.end - name.start),
                        p->src + name.start);
            pol_rule *r = PS_PUSH(ps, p->rules);
            r->name = tok_dup(ps, &name);
            r->line = name.line;
            r->node = -1;
            int32_t e = parse_clause_expr(ps, &r->clause, "the rule's legal clause in quotes");
            need(ps, e, HS_T_BOOL, "a rule");
            p->rules.v[p->rules.n - 1].node = e;
            p->rules.v[p->rules.n - 1].base = e;
            ps->has_last = true, ps->last_of = EX_OF_RULE, ps->last_idx = p->rules.n - 1;
        } else if (accept_kw(ps, "amount")) {
            ONCE(p->amount_clause, "amount");
            int32_t e =
                parse_clause_expr(ps, &p->amount_clause, "the amount's legal clause in quotes");
            need(ps, e, HS_T_MONEY, "the amount");
            p->amount_node = e;
            p->amount_base = e;
            p->amount_line = kw.line;
            ps->has_last = true, ps->last_of = EX_OF_AMOUNT, ps->last_idx = 0;
        } else if (accept_kw(ps, "limit")) {
            parse_limit(ps);
        } else if (accept_kw(ps, "notice")) {
            ONCE(p->notice_days, "notice");
            pol_token n = ps->tok;
            if (n.kind != TK_INT)
                expected(ps, "the notice period in working days (notice N working days)");
            if (n.value < 1 || n.value > 60)
                ERR_TOK(ps, n, "a notice period is 1 to 60 working days, not %lld",
                        (long long)n.value);
            next(ps);
            expect_kw(ps, "working");
            expect_kw(ps, "days");
            p->notice_days = (int)n.value;
        } else if (accept_kw(ps, "amends")) {
            ONCE(p->amends_id, "amends");
            pol_token a = expect(ps, TK_IDENT, "the id of the policy amended");
            while (ps->tok.kind == TK_DOT) {
                next(ps);
                a.end = expect(ps, TK_IDENT, "a name after '.' in the policy id").end;
            }
            p->amends_id = tok_dup(ps, &a);
            if (strcmp(p->amends_id, p->id) != 0)
                ERR_TOK(ps, a,
                        "an amendment keeps the id of the policy it amends: this file is '%s', "
                        "not '%s' (a new version: policy %s version V)",
                        p->id, p->amends_id, p->amends_id);
            expect_kw(ps, "from");
            pol_token d = expect(ps, TK_DATE, "the date the amendment takes over (from DATE)");
            p->amends_from = (hs_date)d.value;
            ps->amends_tok = d;
        } else if (accept_kw(ps, "period")) {
            ONCE(p->period, "period");
            if (accept_kw(ps, "year"))
                p->period = HS_PERIOD_YEAR;
            else if (accept_kw(ps, "month"))
                p->period = HS_PERIOD_MONTH;
            else
                expected(ps, "'year' or 'month' after 'period'");
        } else if (accept_kw(ps, "exception")) {
            parse_exception(ps, &kw);
        } else if (accept_kw(ps, "test")) {
            if (p->amount_node < 0)
                ERR_TOK(ps, kw, "tests come after the amount line");
            parse_test(ps);
        } else if (accept_kw(ps, "population")) {
            if (p->amount_node < 0)
                ERR_TOK(ps, kw, "tests come after the amount line");
            parse_population(ps);
        } else {
            char got[64];
            tok_text(ps, &kw, got, sizeof got);
            ERR_TOK(ps, kw,
                    "unknown statement %s (expected title, instrument, budget, valid, source, "
                    "input, param, let, rule, amount, exception, period, amends, limit, notice or "
                    "test)",
                    got);
        }
#undef ONCE
    }
    pol_token eof = {.kind = TK_EOF, .line = 1, .col = 1}; /* "missing" belongs to the policy */
    const char *missing = !p->title_zh         ? "title zh \"...\" en \"...\""
                          : !p->has_instrument ? "instrument"
                          : !p->budget         ? "budget"
                          : !p->has_valid      ? "valid FROM .. TO"
                          : !p->source         ? "source"
                          : p->amount_node < 0 ? "amount"
                                               : NULL;
    if (missing != NULL)
        ERR_TOK(ps, eof, "the policy has no '%s' line", missing);
    if (p->amends_id != NULL && (p->amends_from < p->valid_from || p->amends_from > p->valid_to))
        ERR_TOK(ps, ps->amends_tok,
                "the amendment takes over on a day outside its own 'valid' period");
    /* every parameter must have a value from the first valid day */
    for (int i = 0; i < p->params.n; i++) {
        const pol_param *pp = &p->params.v[i];
        const pol_param_entry *e = &p->entries.v[pp->first_entry];
        if (e->has_from && e->from > p->valid_from) {
            char a[DATE_TEXT_LEN], b[DATE_TEXT_LEN];
            error_at(ps, pp->line, pp->col,
                     "parameter '%s' has no value from %s (the policy's first valid day) until %s",
                     pp->name, date_format(p->valid_from, a), date_format(e->from, b));
        }
    }
    build_program(ps);
    free(ps);
    return HS_OK;
}

hs_status pol_parse_tests(hs_policy *p, const char *file, char *text, size_t len, hs_error *err) {
    parser *ps = calloc(1, sizeof *ps);
    if (ps == NULL)
        return hs_fail(err, HS_STORAGE, "%s: out of memory while reading the tests", file);
    /* the test file is the source while it is parsed: tokens and messages refer to it */
    char *saved_src = p->src, *saved_file = p->file;
    size_t saved_len = p->src_len;
    p->src = text;
    p->src_len = len;
    p->file = (char *)file;
    ps->p = p;
    ps->err = err;
    ps->tests_file = file;
    ps->lx = (pol_lexer){
        .p = p, .s = p->src, .len = p->src_len, .line = 1, .col = 1, .err = err, .fail = &ps->fail};
    hs_status st = HS_OK;
    int before = p->tests.n;
    if (setjmp(ps->fail) != 0) {
        st = ps->oom ? HS_STORAGE : HS_INPUT;
        for (int i = before; i < p->tests.n; i++) { /* a broken file adds no case */
            free(p->tests.v[i].name);
            free(p->tests.v[i].file);
            free(p->tests.v[i].csv);
        }
        p->tests.n = before;
    } else {
        next(ps);
        while (ps->tok.kind != TK_EOF) {
            pol_token kw = ps->tok;
            if (accept_kw(ps, "test"))
                parse_test(ps);
            else if (accept_kw(ps, "population"))
                parse_population(ps);
            else
                ERR_TOK(ps, kw, "a test file holds 'test' and 'population' cases");
        }
    }
    p->src = saved_src;
    p->src_len = saved_len;
    p->file = saved_file;
    free(ps);
    return st;
}
