/* internal.h — the policy engine's shared structures: tokens, typed expression nodes (kept in
 * creation order, so children always precede parents and the node array is itself the evaluation
 * order), declarations, and the helpers the lexer, parser, evaluator and explainer share.
 * Not a public header: other modules use policy/policy.h. */
#ifndef HS_POLICY_INTERNAL_H
#define HS_POLICY_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "policy/policy.h"

/* ---- tokens ---- */
typedef enum {
    TK_EOF,
    TK_IDENT,
    TK_INT,
    TK_DECIMAL, /* 2024.1: only for versions */
    TK_MONEY,
    TK_RATE,
    TK_DATE,
    TK_STRING,
    TK_LPAREN,
    TK_RPAREN,
    TK_LBRACE,
    TK_RBRACE,
    TK_COMMA,
    TK_COLON,
    TK_ASSIGN, /* = */
    TK_EQ,     /* == */
    TK_NE,
    TK_LT,
    TK_LE,
    TK_GT,
    TK_GE,
    TK_PLUS,
    TK_MINUS,
    TK_STAR,
    TK_SLASH,
    TK_ARROW,  /* -> */
    TK_DOTDOT, /* .. */
    TK_FATARROW,
    TK_DOT,
} pol_tok_kind;

typedef struct {
    pol_tok_kind kind;
    uint32_t start, end; /* byte offsets */
    uint32_t line, col;  /* 1-based; col counts code points */
    int64_t value;       /* INT, MONEY (fen), RATE (bp), DATE (days) */
} pol_token;

/* ---- types ---- */
typedef struct {
    hs_ptype kind;
    int enum_id; /* for HS_T_ENUM */
} pol_type;

#define PT_UNRESOLVED ((hs_ptype)100) /* a bare name not yet known: maybe an enum member */

typedef struct {
    int count;
    char **names;
} pol_enum;

/* ---- nodes ---- */
typedef enum {
    N_CONST,  /* ival */
    N_STRLIT, /* ival = string literal index */
    N_INPUT,  /* ival = input index */
    N_PARAM,  /* ival = param index */
    N_LETREF, /* a = the let's node */
    N_TODAY,  /* the evaluation date */
    N_UNRESOLVED /* ival = name (arena string index) */,
    N_NEG,
    N_NOT,
    N_ADD,
    N_SUB,
    N_MUL,
    N_DIV,
    N_EQ,
    N_NE,
    N_LT,
    N_LE,
    N_GT,
    N_GE,
    N_AND,
    N_OR,
    N_IF,        /* a ? b : c */
    N_IN,        /* a in args (constant nodes) */
    N_MIN,       /* args */
    N_MAX,       /* args */
    N_TIER,      /* a = scrutinee; args = bound0, value0, bound1, value1, ..., else value */
    N_MARGINAL,  /* same layout; values are rates; result money */
    N_CALL1,     /* unary builtin: ival = which, a */
    N_CALL2,     /* binary builtin: ival = which, a, b */
    N_RATIO_CMP, /* exact comparison of quotients: a, b = the operands as written (shown, and
                  * their errors first); args = num1, den1, num2, den2; ival = N_LT .. N_NE */
    N_PV,        /* present_value(amount, rate, years): args = amount, rate, years */
    N_PARAM_AT,  /* `PARAM at DATE`: the parameter's value on a date per firm (a = the date);
                  * ival = param index */
    N_DEFAULT, /* a definition with exceptions (Catala's default logic): args = cond1, value1, ...,
                * condk, valuek, base; the value of the one exception whose condition holds,
                * the base when none does, an error (EK_CONFLICT) when two do; ival = index into
                * p->dexc: [first pair node, exception index 1, ..., exception index k] */
} pol_op;

/* Sub-operations of arithmetic, picked by the operand types at check time. */
typedef enum {
    AR_INT,             /* int op int, money +- money, rate +- rate: plain checked int64 */
    AR_MONEY_RATE,      /* money * rate (a is money, b rate; swapped at check time) */
    AR_RATE_RATE,       /* rate * rate -> rate */
    AR_MONEY_MONEY_DIV, /* money / money -> rate */
    AR_SCALE_DIV,       /* money / int, rate / int: rounded half away */
    AR_INT_DIV,         /* int / int truncating */
    AR_DATE,            /* date +- int days, date - date */
} pol_arith;

typedef enum {
    F_YEAR,          /* year(date) -> int */
    F_YUAN,          /* yuan(int) -> money */
    F_TO_INT,        /* to_int(money) -> whole yuan, rounded half away */
    F_PERCENT,       /* percent(int) -> rate */
    F_ABS,           /* abs(int|money|rate) */
    F_YEARS_BETWEEN, /* years_between(d1, d2): whole years */
    F_DAYS_BETWEEN,  /* days_between(d1, d2) */
    F_ADD_YEARS,     /* add_years(d, n) */
    F_ADD_MONTHS,    /* add_months(d, n) */
    F_QUARTER_START, /* quarter_start(n): CALL2 of (today, n), the first day of quarter n */
} pol_func;

typedef struct {
    uint8_t op;
    uint8_t arith; /* pol_arith for ADD/SUB/MUL/DIV */
    bool depends_on_input;
    pol_type type;
    int32_t a, b, c;
    int32_t first_arg, nargs;
    int64_t ival;
    uint32_t start, end; /* source span */
    uint32_t line, col;
} pol_node;

/* ---- declarations ---- */
typedef struct {
    char *name;
    pol_type type;
    bool has_default;
    int64_t default_value;
    uint32_t line, col;
} pol_input;

typedef struct {
    int64_t value;
    bool has_from;
    hs_date from;
    char *ref; /* `ref "document"`: the document this value comes from, or NULL */
} pol_param_entry;

typedef struct {
    char *name;
    pol_type type;
    int first_entry, entry_count;
    uint32_t line, col;
} pol_param;

typedef struct {
    char *name;
    int32_t node; /* with its exceptions, if any */
    int32_t base; /* the expression as written */
    bool used;    /* referenced below its declaration (then no exception may follow) */
    uint32_t line;
} pol_let;

typedef struct {
    char *name;
    char *clause;
    int32_t node; /* with its exceptions, if any */
    int32_t base; /* the expression as written */
    uint32_t line;
} pol_rule;

/* What an exception refines: a rule, the amount, a let, or another exception (more specific). */
typedef enum { EX_OF_RULE, EX_OF_AMOUNT, EX_OF_LET, EX_OF_EXCEPTION } pol_ex_of;

/* `exception LABEL [to PARENT] "clause" when COND: VALUE` */
typedef struct {
    char *label;
    char *clause;
    pol_ex_of of;
    int parent;          /* rule, let or exception index (unused for the amount) */
    int32_t cond, value; /* bool condition; value of the parent's type */
    uint32_t line, col;
} pol_exception;

typedef struct {
    hs_policy_limit shape; /* flags; amount filled per date */
    int32_t node;          /* ceiling expression or -1 */
} pol_limit;

typedef struct {
    int input;
    int64_t value;
} pol_test_value;

typedef enum { EXPECT_ELIGIBLE, EXPECT_NOT_ELIGIBLE, EXPECT_ERROR } pol_expect;

typedef struct {
    int let;
    int64_t value;
} pol_test_let;

typedef struct {
    char *name;
    hs_date on;
    uint32_t line;
    int first_value, value_count; /* into tvalues */
    pol_expect expect;
    bool has_amount;
    int64_t amount_fen;
    int because_rule;         /* -1 if not given */
    int first_let, let_count; /* into tlets */
    int64_t tolerance_bp;     /* `amount X within 1%`: |got - X| <= X x 1%; 0 = exact */
    char *file;               /* the test file it was written in (NULL: the policy file) */
    /* `population "name" on DATE from "firms.csv" => eligible N, total X [within R]` */
    bool population;
    char *csv; /* the CSV, relative paths resolved against the file's directory */
    bool has_eligible;
    int64_t eligible_count;
    bool has_total;
    int64_t total_fen;
} pol_test;

#define POL_VEC(T)                                                                                 \
    struct {                                                                                       \
        T *v;                                                                                      \
        int n, cap;                                                                                \
    }

struct hs_policy {
    char *file;
    char *src;
    size_t src_len;
    char *id, *version, *title_zh, *title_en, *source, *budget;
    bool has_instrument, has_valid;
    hs_instrument instrument;
    hs_date valid_from, valid_to;
    bool open_end;
    int32_t amount_node; /* with its exceptions, if any */
    int32_t amount_base; /* the expression as written */
    char *amount_clause;
    uint32_t amount_line;
    int notice_days;         /* `notice N working days` (公示): 1..60; 0 = no public notice */
    hs_policy_period period; /* `period year|month`: what one evaluation covers */
    char *amends_id;         /* `amends ID from DATE`: the policy this version amends, or NULL */
    hs_date amends_from;     /* ... and the day this version takes over */
    POL_VEC(pol_node) nodes;
    POL_VEC(int32_t) args;
    POL_VEC(pol_enum) enums;
    POL_VEC(char *) strings; /* string literals (N_STRLIT) and names (N_UNRESOLVED) */
    POL_VEC(pol_input) inputs;
    POL_VEC(pol_param) params;
    POL_VEC(pol_param_entry) entries;
    POL_VEC(pol_let) lets;
    POL_VEC(pol_rule) rules;
    POL_VEC(pol_limit) limits;
    POL_VEC(pol_exception) exceptions;
    POL_VEC(int32_t) dexc; /* per N_DEFAULT node: first pair node, then its exceptions */
    POL_VEC(pol_test) tests;
    POL_VEC(pol_test_value) tvalues;
    POL_VEC(pol_test_let) tlets;
    /* the nodes evaluation needs (reachable from lets, rules, amount), ascending */
    POL_VEC(int32_t) program;
};

/* Grows a POL_VEC by one zeroed element and returns a pointer to it, or NULL if memory runs out
 * (the vector is then unchanged). */
#define POL_PUSH(vec)                                                                              \
    ((__typeof__((vec).v))pol_push((void **)&(vec).v, &(vec).n, &(vec).cap, sizeof *(vec).v))
/* Appends one zeroed element and returns it; NULL (nothing changed) if memory runs out. */
void *pol_push(void **v, int *n, int *cap, size_t size);
/* Ensures capacity for `need` elements of `size` bytes, zeroing new space; false (nothing
 * changed) if memory runs out. */
bool pol_grow(void **v, int *cap, int need, size_t size);
/* A NUL-terminated copy of len bytes (the caller frees it), or NULL if memory runs out. */
char *pol_strndup(const char *s, size_t len);
/* The status a failed step left in err (HS_STORAGE for out of memory), HS_INPUT if none. */
static inline hs_status pol_failed_status(const hs_error *err) {
    return err != NULL && err->status != HS_OK ? err->status : HS_INPUT;
}

/* ---- diagnostics ---- */
/* Writes "file:line:col: message\n    <source line>\n    <caret>" into buf. */
void pol_diag(const hs_policy *p, uint32_t line, uint32_t col, const char *msg, char *buf,
              size_t len);

/* ---- lexer ---- */
typedef struct {
    hs_policy *p;
    const char *s;
    size_t len, pos;
    uint32_t line, col;
    hs_error *err;
    jmp_buf *fail;
} pol_lexer;

/* Reads the next token; on a lexical error fills err and longjmps to *fail. */
pol_token pol_lex_next(pol_lexer *lx);
/* Reports an error at line:col and longjmps to *fail. */
_Noreturn void pol_lex_error(pol_lexer *lx, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- parser ---- */
/* Parses and checks p->src into p; HS_INPUT with a diagnostic on error. */
hs_status pol_parse(hs_policy *p, hs_error *err);

/* Parses a test file (only `test` and `population` cases) against the loaded policy p, appending
 * its cases; HS_INPUT with file:line:col (the test file's) on error, the cases added so far kept.
 */
hs_status pol_parse_tests(hs_policy *p, const char *file, char *text, size_t len, hs_error *err);

/* ---- evaluation ---- */
/* Error codes per row: (node + 1) << 3 | kind. */
enum {
    EK_OVERFLOW = 1,
    EK_DIVZERO = 2,
    EK_DATE_RANGE = 3,
    EK_BOUNDS = 4,
    EK_PARAM = 5,
    EK_CONFLICT = 6,  /* the node is a pair node: ival = exception i << 16 | exception j */
    EK_ARG_RANGE = 7, /* an argument outside what the function takes (present_value) */
};

/* The exact present value of amount_fen due in `years` years at rate_bp a year:
 * amount x 10000^years / (10000 + rate_bp)^years, rounded once half away from zero to the fen.
 * False unless 0 <= rate_bp <= 10000 (0%..100%) and 0 <= years <= 100. */
bool pol_present_value(int64_t amount_fen, int64_t rate_bp, int64_t years, int64_t *out);

/* The pair node of exceptions at positions i < j among the k of an N_DEFAULT node. */
static inline int32_t pol_pair_node(int32_t first_pair, int k, int i, int j) {
    int idx = 0;
    for (int x = 0; x < i; x++)
        idx += k - 1 - x;
    return first_pair + idx + (j - i - 1);
}

/* The document (`ref "..."`) of the value parameter `param` has on `on`, or NULL if that value
 * names none (or there is no value that day). */
const char *pol_param_ref(const hs_policy *p, int param, hs_date on);
/* Value of parameter `param` on `on`; false if it has none that day. */
bool pol_param_value(const hs_policy *p, int param, hs_date on, int64_t *value, hs_date *from);

/* Evaluates every program node for rows [row0, row0+n) and returns per-node columns. The
 * evaluation frame is opaque; see eval.c. */
typedef struct pol_frame pol_frame;
pol_frame *pol_frame_new(const hs_policy *p, const hs_pop *pop, hs_date on, hs_error *err);
void pol_frame_free(pol_frame *f);
/* Evaluates rows [row0, row0 + n), n <= POL_CHUNK. */
void pol_frame_run(pol_frame *f, size_t row0, size_t n);
/* Value and error of node `node` at chunk position i after pol_frame_run. */
int64_t pol_frame_value(const pol_frame *f, int node, size_t i);
uint32_t pol_frame_error(const pol_frame *f, int node, size_t i);

#define POL_CHUNK 256

/* The sign of num1/den1 - num2/den2, computed exactly (no rounding: 5.999999% < 6%). The
 * denominators are nonzero. */
static inline int pol_ratio_sign(int64_t num1, int64_t den1, int64_t num2, int64_t den2) {
    __int128 l = (__int128)num1 * den2, r = (__int128)num2 * den1;
    int s = l < r ? -1 : l > r ? 1 : 0;
    return (den1 < 0) != (den2 < 0) ? -s : s;
}

/* True if comparison `op` (N_EQ .. N_GE) holds for a difference of sign s. */
static inline bool pol_cmp_holds(int op, int s) {
    switch (op) {
    case N_EQ:
        return s == 0;
    case N_NE:
        return s != 0;
    case N_LT:
        return s < 0;
    case N_LE:
        return s <= 0;
    case N_GT:
        return s > 0;
    default:
        return s >= 0;
    }
}

/* Whether a tier arm `< bound` (strict) or `<= bound` holds for scrutinee x; when the tier keeps
 * the scrutinee's exact quotient (exact, num/den with den != 0) the test is exact, so a ratio of
 * 5.999999% is below a 6% bound. */
static inline bool pol_tier_hit(bool exact, int64_t x, int64_t num, int64_t den, int64_t bound,
                                bool strict) {
    if (exact && den != 0) {
        int s = pol_ratio_sign(num, den, bound, 10000);
        return strict ? s < 0 : s <= 0;
    }
    return strict ? x < bound : x <= bound;
}

/* Formats a value of a type as text ("2,500,000.00 CNY", "30%", "maker", "2024-06-01"). */
void pol_value_text(const hs_policy *p, const hs_pop *pop, pol_type t, int64_t v, char *buf,
                    size_t len);
/* Name of a type ("money", "enum(maker, user)"). */
void pol_type_text(const hs_policy *p, pol_type t, char *buf, size_t len);

/* ---- populations ---- */
struct hs_pop {
    size_t rows, cap;
    int ncols;
    int64_t **cols; /* one per policy input */
    size_t *uscc_off;
    char *uscc_buf;
    size_t uscc_len, uscc_cap;
    POL_VEC(char *) pool; /* string values */
    int *hash;            /* open addressing over pool ids (+1; 0 empty) */
    size_t hash_cap;
    bool oom;         /* memory ran out while filling it: its builder fails with HS_STORAGE */
    int quarter_year; /* the year of quarterly columns named X.2022Q4 (0: none named a year) */
};
/* Interns s into the population's string pool; returns its id, or -1 (and sets pop->oom) if
 * memory runs out. */
int64_t pop_intern(hs_pop *pop, const char *s);
/* A population of one row holding test case i's inputs (defaults filled in); NULL if memory runs
 * out. */
hs_pop *pol_test_pop(const hs_policy *p, int test);

/* The string id of `s` in the pool, or -1 if absent. */
int64_t pop_string_lookup(const hs_pop *pop, const char *s);

#endif
