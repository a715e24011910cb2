/* eval.c — the columnar evaluator. The checked node array is already in dependency order, so a
 * chunk of up to POL_CHUNK rows is evaluated by one pass over the program: each node is one tight
 * loop over arrays of int64_t. Errors are values too: a node whose children raised no error and
 * whose own loop saw no overflow skips all error bookkeeping; otherwise a per-row scalar pass
 * computes the error codes, honouring the laziness of and/or/if/tier (an error in a branch that
 * is not taken is no error). Constants, parameters and the date are filled once per frame; inputs
 * are read in place from the population's columns. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "policy/internal.h"

enum { K_COMPUTE, K_FILLED, K_INPUT, K_ALIAS };

struct pol_frame {
    const hs_policy *p;
    const hs_pop *pop;
    hs_date on;
    int64_t **val;   /* per node: values of the current chunk */
    uint32_t **err;  /* per node: error codes (valid only when anyerr) */
    uint8_t *anyerr; /* per node */
    uint8_t *kind;   /* per node */
    int64_t *vbuf;
    uint32_t *ebuf;
    int64_t *set_items; /* IN items resolved (strings) */
};

static uint32_t code_of(int node, int kind) {
    return ((uint32_t)(node + 1) << 3) | (uint32_t)kind;
}

static hs_date min_day(void) {
    return date_from_ymd(DATE_YEAR_MIN, 1, 1);
}
static hs_date max_day(void) {
    return date_from_ymd(DATE_YEAR_MAX, 12, 31);
}

/* The value a string literal has against this population: its pool id, or a negative id that
 * equals no pool string. */
static int64_t literal_id(const hs_policy *p, const hs_pop *pop, int64_t lit) {
    int64_t id = pop_string_lookup(pop, p->strings.v[lit]);
    return id >= 0 ? id : -lit - 1;
}

void pol_frame_free(pol_frame *f) {
    if (f == NULL)
        return;
    free(f->val);
    free(f->err);
    free(f->anyerr);
    free(f->kind);
    free(f->vbuf);
    free(f->ebuf);
    free(f);
}

pol_frame *pol_frame_new(const hs_policy *p, const hs_pop *pop, hs_date on, hs_error *err) {
    pol_frame *f = calloc(1, sizeof *f);
    if (f == NULL) {
        hs_fail(err, HS_STORAGE, "%s: out of memory evaluating the policy", p->file);
        return NULL;
    }
    size_t nn = (size_t)p->nodes.n;
    f->p = p;
    f->pop = pop;
    f->on = on;
    f->val = calloc(nn + 1, sizeof *f->val);
    f->err = calloc(nn + 1, sizeof *f->err);
    f->anyerr = calloc(nn + 1, 1);
    f->kind = calloc(nn + 1, 1);
    /* own buffers only for program nodes */
    size_t own = (size_t)p->program.n;
    f->vbuf = malloc((own + 1) * POL_CHUNK * sizeof(int64_t));
    f->ebuf = malloc((own + 1) * POL_CHUNK * sizeof(uint32_t));
    if (!f->val || !f->err || !f->anyerr || !f->kind || !f->vbuf || !f->ebuf) {
        pol_frame_free(f);
        hs_fail(err, HS_STORAGE, "%s: out of memory evaluating the policy", p->file);
        return NULL;
    }
    for (int pi = 0; pi < p->program.n; pi++) {
        int i = p->program.v[pi];
        const pol_node *nd = &p->nodes.v[i];
        f->val[i] = f->vbuf + (size_t)pi * POL_CHUNK;
        f->err[i] = f->ebuf + (size_t)pi * POL_CHUNK;
        int64_t fill = 0;
        switch (nd->op) {
        case N_CONST:
            fill = nd->ival;
            break;
        case N_STRLIT:
            fill = literal_id(p, pop, nd->ival);
            break;
        case N_TODAY:
            fill = on;
            break;
        case N_PARAM:
            if (!pol_param_value(p, (int)nd->ival, on, &fill, NULL)) {
                char d[DATE_TEXT_LEN], msg[256];
                snprintf(msg, sizeof msg, "parameter '%s' has no value on %s",
                         p->params.v[nd->ival].name, date_format(on, d));
                if (err != NULL) {
                    err->status = HS_INPUT;
                    pol_diag(p, nd->line, nd->col, msg, err->msg, sizeof err->msg);
                }
                pol_frame_free(f);
                return NULL;
            }
            break;
        case N_INPUT:
            f->kind[i] = K_INPUT;
            continue;
        case N_LETREF:
            f->kind[i] = K_ALIAS;
            continue;
        default:
            f->kind[i] = K_COMPUTE;
            continue;
        }
        f->kind[i] = K_FILLED;
        for (size_t k = 0; k < POL_CHUNK; k++)
            f->val[i][k] = fill;
    }
    return f;
}

#define CE(j) (f->anyerr[j] ? f->err[j][k] : 0u)
#define V(j) (f->val[j][k])

static bool in_date_range(int64_t d) {
    return d >= min_day() && d <= max_day();
}

/* One row of one node, with error propagation: returns 0 or an error code. */
static uint32_t scalar(const pol_frame *f, int i, size_t k, int64_t *out) {
    const hs_policy *p = f->p;
    const pol_node *nd = &p->nodes.v[i];
    const int32_t *args = nd->nargs > 0 ? p->args.v + nd->first_arg : NULL;
    uint32_t e;
    int64_t x = 0, y = 0;
    *out = 0;
    if (nd->a >= 0) {
        if (nd->op != N_IF && (e = CE(nd->a)))
            return e;
        x = V(nd->a);
    }
    switch ((pol_op)nd->op) {
    case N_AND:
    case N_OR:
        if (x == (nd->op == N_OR)) {
            *out = x;
            return 0;
        }
        if ((e = CE(nd->b)))
            return e;
        *out = V(nd->b);
        return 0;
    case N_IF: {
        if ((e = CE(nd->a)))
            return e;
        int br = V(nd->a) ? nd->b : nd->c;
        if ((e = CE(br)))
            return e;
        *out = V(br);
        return 0;
    }
    case N_DEFAULT: {
        int nx = (nd->nargs - 1) / 2;
        int hit = -1;
        for (int j = 0; j < nx; j++) {
            if ((e = CE(args[2 * j])))
                return e;
            if (!V(args[2 * j]))
                continue;
            if (hit >= 0)
                return code_of(pol_pair_node(p->dexc.v[nd->ival], nx, hit, j), EK_CONFLICT);
            hit = j;
        }
        int sel = hit >= 0 ? args[2 * hit + 1] : args[nd->nargs - 1];
        if ((e = CE(sel)))
            return e;
        *out = V(sel);
        return 0;
    }
    case N_TIER: {
        int nargs = nd->nargs;
        bool exact = nd->b >= 0;
        if (exact && ((e = CE(nd->b)) || (e = CE(nd->c))))
            return e;
        int64_t num = exact ? V(nd->b) : 0, den = exact ? V(nd->c) : 0;
        if (exact && den == 0)
            return code_of(i, EK_DIVZERO);
        for (int j = 0; j + 1 < nargs; j += 3) {
            int bound = args[j + 1];
            if ((e = CE(bound)))
                return e;
            bool hit = pol_tier_hit(exact, x, num, den, V(bound), args[j] == 1);
            if (hit) {
                if ((e = CE(args[j + 2])))
                    return e;
                *out = V(args[j + 2]);
                return 0;
            }
        }
        if ((e = CE(args[nargs - 1])))
            return e;
        *out = V(args[nargs - 1]);
        return 0;
    }
    default:
        break;
    }
    /* strict operations: every child's error first */
    if (nd->b >= 0) {
        if ((e = CE(nd->b)))
            return e;
        y = V(nd->b);
    }
    for (int j = 0; j < nd->nargs; j++)
        if ((e = CE(args[j])) && !(nd->op == N_MARGINAL && j % 3 == 0 && j + 1 < nd->nargs))
            return e;
    int64_t r = 0;
    switch ((pol_op)nd->op) {
    case N_NEG:
        if (x == INT64_MIN)
            return code_of(i, EK_OVERFLOW);
        r = -x;
        break;
    case N_NOT:
        r = !x;
        break;
    case N_ADD:
    case N_SUB:
    case N_MUL:
    case N_DIV:
        switch ((pol_arith)nd->arith) {
        case AR_INT:
            if (nd->op == N_ADD   ? __builtin_add_overflow(x, y, &r)
                : nd->op == N_SUB ? __builtin_sub_overflow(x, y, &r)
                                  : __builtin_mul_overflow(x, y, &r))
                return code_of(i, EK_OVERFLOW);
            break;
        case AR_MONEY_RATE:
        case AR_RATE_RATE:
            if (!money_mul_bp(x, y, &r))
                return code_of(i, EK_OVERFLOW);
            break;
        case AR_MONEY_MONEY_DIV:
            if (y == 0)
                return code_of(i, EK_DIVZERO);
            if (!money_mul_ratio(x, MONEY_BP_ONE, y, &r))
                return code_of(i, EK_OVERFLOW);
            break;
        case AR_SCALE_DIV:
            if (y == 0)
                return code_of(i, EK_DIVZERO);
            if (!money_mul_ratio(x, 1, y, &r))
                return code_of(i, EK_OVERFLOW);
            break;
        case AR_INT_DIV:
            if (y == 0)
                return code_of(i, EK_DIVZERO);
            if (x == INT64_MIN && y == -1)
                return code_of(i, EK_OVERFLOW);
            r = x / y;
            break;
        case AR_DATE:
            if (nd->op == N_SUB && p->nodes.v[nd->b].type.kind == HS_T_DATE) {
                r = x - y;
            } else {
                if (y > 1000000 || y < -1000000)
                    return code_of(i, EK_DATE_RANGE);
                r = nd->op == N_ADD ? x + y : x - y;
                if (!in_date_range(r))
                    return code_of(i, EK_DATE_RANGE);
            }
            break;
        }
        break;
    case N_EQ:
        r = x == y;
        break;
    case N_NE:
        r = x != y;
        break;
    case N_LT:
        r = x < y;
        break;
    case N_LE:
        r = x <= y;
        break;
    case N_GT:
        r = x > y;
        break;
    case N_GE:
        r = x >= y;
        break;
    case N_PV:
        if (!pol_present_value(V(args[0]), V(args[1]), V(args[2]), &r))
            return code_of(i, EK_ARG_RANGE);
        break;
    case N_PARAM_AT:
        if (!in_date_range(x) || !pol_param_value(p, (int)nd->ival, (hs_date)x, &r, NULL))
            return code_of(i, EK_PARAM);
        break;
    case N_RATIO_CMP:
        if (V(args[1]) == 0 || V(args[3]) == 0)
            return code_of(i, EK_DIVZERO);
        r = pol_cmp_holds((int)nd->ival,
                          pol_ratio_sign(V(args[0]), V(args[1]), V(args[2]), V(args[3])));
        break;
    case N_IN:
        r = 0;
        for (int j = 0; j < nd->nargs; j++)
            if (x == V(args[j]))
                r = 1;
        break;
    case N_MIN:
    case N_MAX:
        r = V(args[0]);
        for (int j = 1; j < nd->nargs; j++) {
            int64_t v = V(args[j]);
            if (nd->op == N_MIN ? v < r : v > r)
                r = v;
        }
        break;
    case N_MARGINAL: {
        int64_t prev = 0, total = 0;
        int nargs = nd->nargs;
        for (int j = 0; j < nargs; j += 3) {
            bool last = j + 1 >= nargs;
            int64_t rate = V(args[last ? j : j + 2]);
            int64_t portion;
            if (last) {
                portion = x > prev ? x - prev : 0;
            } else {
                int64_t bound = V(args[j + 1]);
                if (bound < prev)
                    return code_of(i, EK_BOUNDS);
                int64_t top = x < bound ? x : bound;
                portion = top > prev ? top - prev : 0;
                prev = bound;
            }
            int64_t piece;
            if (!money_mul_bp(portion, rate, &piece) || !money_add(total, piece, &total))
                return code_of(i, EK_OVERFLOW);
        }
        r = total;
        break;
    }
    case N_CALL1:
        switch ((pol_func)nd->ival) {
        case F_YEAR: {
            int yy, mm, dd;
            if (!in_date_range(x))
                return code_of(i, EK_DATE_RANGE);
            date_to_ymd((hs_date)x, &yy, &mm, &dd);
            r = yy;
            break;
        }
        case F_YUAN:
            if (!money_mul_int(x, MONEY_FEN_PER_YUAN, &r))
                return code_of(i, EK_OVERFLOW);
            break;
        case F_TO_INT:
            if (!money_mul_ratio(x, 1, MONEY_FEN_PER_YUAN, &r))
                return code_of(i, EK_OVERFLOW);
            break;
        case F_PERCENT:
            if (__builtin_mul_overflow(x, 100, &r))
                return code_of(i, EK_OVERFLOW);
            break;
        case F_ABS:
            if (x == INT64_MIN)
                return code_of(i, EK_OVERFLOW);
            r = x < 0 ? -x : x;
            break;
        default: /* the parser only makes calls of known functions */
            assert(!"an unknown one-argument function");
            return code_of(i, 0); /* "evaluation error" */
        }
        break;
    case N_CALL2:
        switch ((pol_func)nd->ival) {
        case F_DAYS_BETWEEN:
            r = y - x;
            break;
        case F_YEARS_BETWEEN: {
            if (!in_date_range(x) || !in_date_range(y))
                return code_of(i, EK_DATE_RANGE);
            int64_t lo = x < y ? x : y, hi = x < y ? y : x;
            int y1, m1, d1, y2, m2, d2;
            date_to_ymd((hs_date)lo, &y1, &m1, &d1);
            date_to_ymd((hs_date)hi, &y2, &m2, &d2);
            int64_t years = y2 - y1;
            if (m2 < m1 || (m2 == m1 && d2 < d1))
                years--;
            r = x <= y ? years : -years;
            break;
        }
        case F_QUARTER_START: {
            if (!in_date_range(x) || y < 1 || y > 4)
                return code_of(i, EK_DATE_RANGE);
            int yy, mm, dd;
            date_to_ymd((hs_date)x, &yy, &mm, &dd);
            r = date_from_ymd(yy, (int)(3 * (y - 1) + 1), 1);
            break;
        }
        case F_ADD_YEARS:
        case F_ADD_MONTHS: {
            if (!in_date_range(x))
                return code_of(i, EK_DATE_RANGE);
            int64_t months = y;
            if (nd->ival == F_ADD_YEARS && __builtin_mul_overflow(y, 12, &months))
                return code_of(i, EK_DATE_RANGE);
            int yy, mm, dd;
            date_to_ymd((hs_date)x, &yy, &mm, &dd);
            if (months > 20000 || months < -20000)
                return code_of(i, EK_DATE_RANGE);
            int64_t total = (int64_t)yy * 12 + (mm - 1) + months;
            if (total / 12 < DATE_YEAR_MIN || total / 12 > DATE_YEAR_MAX)
                return code_of(i, EK_DATE_RANGE);
            r = date_add_months((hs_date)x, (int32_t)months);
            break;
        }
        default: /* the parser only makes calls of known functions */
            assert(!"an unknown two-argument function");
            return code_of(i, 0);
        }
        break;
    default: /* the fast paths handle every other operation */
        assert(!"an operation without a scalar rule");
        return code_of(i, 0);
    }
    *out = r;
    return 0;
}

/* The per-row pass: values and error codes for every row of the chunk. */
static void slow_node(pol_frame *f, int i, size_t n) {
    int64_t *R = f->val[i];
    uint32_t *E = f->err[i];
    uint32_t any = 0;
    for (size_t k = 0; k < n; k++) {
        E[k] = scalar(f, i, k, &R[k]);
        any |= E[k];
    }
    f->anyerr[i] = any != 0;
}

/* money x rate, rounded half away from zero; false on overflow (mirrors money_mul_bp). */
static inline bool mul_bp(int64_t a, int64_t bp, int64_t *out) {
    __int128 prod = (__int128)a * bp;
    __int128 q = prod >= 0 ? (prod + 5000) / 10000 : (prod - 5000) / 10000;
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    *out = (int64_t)q;
    return true;
}

static bool children_clean(const pol_frame *f, const pol_node *nd) {
    if (nd->a >= 0 && f->anyerr[nd->a])
        return false;
    if (nd->b >= 0 && f->anyerr[nd->b])
        return false;
    if (nd->c >= 0 && f->anyerr[nd->c])
        return false;
    const int32_t *args = nd->nargs > 0 ? f->p->args.v + nd->first_arg : NULL;
    bool tier = nd->op == N_TIER || nd->op == N_MARGINAL;
    for (int j = 0; j < nd->nargs; j++) {
        if (tier && j % 3 == 0 && j + 1 < nd->nargs)
            continue;
        if (f->anyerr[args[j]])
            return false;
    }
    return true;
}

#define LOOP for (size_t k = 0; k < n; k++)

static void run_node(pol_frame *f, int i, size_t n) {
    const pol_node *nd = &f->p->nodes.v[i];
    if (!children_clean(f, nd)) {
        slow_node(f, i, n);
        return;
    }
    f->anyerr[i] = 0;
    int64_t *restrict R = f->val[i];
    const int64_t *A = nd->a >= 0 ? f->val[nd->a] : NULL;
    const int64_t *B = nd->b >= 0 ? f->val[nd->b] : NULL;
    bool ov = false;
    switch ((pol_op)nd->op) {
    case N_ADD:
        if (nd->arith != AR_INT)
            break;
        LOOP ov |= __builtin_add_overflow(A[k], B[k], &R[k]);
        goto done;
    case N_SUB:
        if (nd->arith != AR_INT)
            break;
        LOOP ov |= __builtin_sub_overflow(A[k], B[k], &R[k]);
        goto done;
    case N_MUL:
        if (nd->arith == AR_INT) {
            LOOP ov |= __builtin_mul_overflow(A[k], B[k], &R[k]);
            goto done;
        }
        if (nd->arith == AR_MONEY_RATE || nd->arith == AR_RATE_RATE) {
            LOOP ov |= !mul_bp(A[k], B[k], &R[k]);
            goto done;
        }
        break;
    case N_EQ:
        LOOP R[k] = A[k] == B[k];
        return;
    case N_NE:
        LOOP R[k] = A[k] != B[k];
        return;
    case N_LT:
        LOOP R[k] = A[k] < B[k];
        return;
    case N_LE:
        LOOP R[k] = A[k] <= B[k];
        return;
    case N_GT:
        LOOP R[k] = A[k] > B[k];
        return;
    case N_GE:
        LOOP R[k] = A[k] >= B[k];
        return;
    case N_AND:
        LOOP R[k] = A[k] & B[k];
        return;
    case N_OR:
        LOOP R[k] = A[k] | B[k];
        return;
    case N_NOT:
        LOOP R[k] = !A[k];
        return;
    case N_IF: {
        const int64_t *C = f->val[nd->c];
        LOOP R[k] = A[k] ? B[k] : C[k];
        return;
    }
    case N_IN: {
        const int32_t *args = nd->nargs > 0 ? f->p->args.v + nd->first_arg : NULL;
        LOOP R[k] = 0;
        for (int j = 0; j < nd->nargs; j++) {
            int64_t item = f->val[args[j]][0];
            LOOP R[k] |= A[k] == item;
        }
        return;
    }
    case N_RATIO_CMP: {
        const int32_t *args = f->p->args.v + nd->first_arg;
        const int64_t *N1 = f->val[args[0]], *D1 = f->val[args[1]];
        const int64_t *N2 = f->val[args[2]], *D2 = f->val[args[3]];
        bool zero = false;
        LOOP zero |= D1[k] == 0 || D2[k] == 0;
        if (zero)
            break; /* the per-row pass reports the division by zero */
        int op = (int)nd->ival;
        LOOP R[k] = pol_cmp_holds(op, pol_ratio_sign(N1[k], D1[k], N2[k], D2[k]));
        return;
    }
    case N_MIN:
    case N_MAX: {
        const int32_t *args = nd->nargs > 0 ? f->p->args.v + nd->first_arg : NULL;
        memcpy(R, f->val[args[0]], n * sizeof *R);
        for (int j = 1; j < nd->nargs; j++) {
            const int64_t *X = f->val[args[j]];
            if (nd->op == N_MIN)
                LOOP R[k] = X[k] < R[k] ? X[k] : R[k];
            else
                LOOP R[k] = X[k] > R[k] ? X[k] : R[k];
        }
        return;
    }
    default:
        break;
    }
    slow_node(f, i, n);
    return;
done:
    if (ov)
        slow_node(f, i, n);
}

void pol_frame_run(pol_frame *f, size_t row0, size_t n) {
    assert(n <= POL_CHUNK);
    assert(row0 + n <= f->pop->rows);
    const hs_policy *p = f->p;
    for (int pi = 0; pi < p->program.n; pi++) {
        int i = p->program.v[pi];
        const pol_node *nd = &p->nodes.v[i];
        switch (f->kind[i]) {
        case K_FILLED:
            break;
        case K_INPUT:
            f->val[i] = f->pop->cols[nd->ival] + row0;
            f->anyerr[i] = 0;
            break;
        case K_ALIAS:
            f->val[i] = f->val[nd->a];
            f->err[i] = f->err[nd->a];
            f->anyerr[i] = f->anyerr[nd->a];
            break;
        default:
            run_node(f, i, n);
        }
    }
}

int64_t pol_frame_value(const pol_frame *f, int node, size_t i) {
    return f->val[node] ? f->val[node][i] : 0;
}

uint32_t pol_frame_error(const pol_frame *f, int node, size_t i) {
    return f->anyerr[node] ? f->err[node][i] : 0;
}

/* Fills decisions for rows [row0, row0+n) of the chunk just run. */
static void decide(const pol_frame *f, size_t row0, size_t n, hs_pop_result *out) {
    const hs_policy *p = f->p;
    assert(p->nodes.v[p->amount_node].type.kind == HS_T_MONEY);
    for (size_t k = 0; k < n; k++) {
        size_t row = row0 + k;
        uint8_t elig = 1;
        int32_t failed = -1;
        uint32_t e = 0;
        int64_t amount = 0;
        for (int r = 0; r < p->rules.n; r++) {
            int node = p->rules.v[r].node;
            if ((e = CE(node)))
                break;
            if (!V(node)) {
                elig = 0;
                failed = r;
                break;
            }
        }
        if (e == 0 && elig) {
            e = CE(p->amount_node);
            amount = V(p->amount_node);
        }
        if (e != 0) {
            elig = 0;
            amount = 0;
        }
        assert(!(elig && e != 0)); /* an error never yields an award */
        out->eligible[row] = elig;
        out->amount_fen[row] = elig ? amount : 0;
        out->failed_rule[row] = failed;
        out->error[row] = e;
    }
}

typedef struct {
    pol_frame *frame;
    size_t from, to;
    hs_pop_result *out;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    for (size_t at = w->from; at < w->to; at += POL_CHUNK) {
        size_t n = w->to - at < POL_CHUNK ? w->to - at : POL_CHUNK;
        pol_frame_run(w->frame, at, n);
        decide(w->frame, at, n, w->out);
    }
    return NULL;
}

void pop_result_free(hs_pop_result *r) {
    if (r == NULL)
        return;
    free(r->eligible);
    free(r->amount_fen);
    free(r->failed_rule);
    free(r->error);
    memset(r, 0, sizeof *r);
}

/* True (err filled) when the population's quarterly columns name a year (X.2022Q4) other than
 * the year evaluated: quarters of 2022 are never read as 2023's. */
static bool quarter_year_mismatch(const hs_policy *p, const hs_pop *pop, hs_date on,
                                  hs_error *err) {
    if (pop->quarter_year == 0)
        return false;
    int y, m, d;
    date_to_ymd(on, &y, &m, &d);
    if (y == pop->quarter_year)
        return false;
    hs_fail(err, HS_INPUT,
            "%s: the firms' quarterly columns are for %d, but the period evaluated is %d", p->file,
            pop->quarter_year, y);
    return true;
}

hs_status policy_eval_pop(const hs_policy *p, const hs_pop *pop, hs_date on, int threads,
                          hs_pop_result *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    if (pop->ncols != p->inputs.n)
        return hs_fail(err, HS_INPUT, "%s: the population was not loaded for this policy", p->file);
    if (quarter_year_mismatch(p, pop, on, err))
        return HS_INPUT;
    size_t rows = pop->rows;
    out->rows = rows;
    out->eligible = calloc(rows + 1, 1);
    out->amount_fen = calloc(rows + 1, sizeof(int64_t));
    out->failed_rule = calloc(rows + 1, sizeof(int32_t));
    out->error = calloc(rows + 1, sizeof(uint32_t));
    if (!out->eligible || !out->amount_fen || !out->failed_rule || !out->error) {
        pop_result_free(out);
        return hs_fail(err, HS_STORAGE, "%s: out of memory for %zu rows", p->file, rows);
    }
    if (!policy_in_force(p, on)) {
        for (size_t r = 0; r < rows; r++)
            out->failed_rule[r] = -2;
        return HS_OK;
    }
    if (threads < 1)
        threads = 1;
    if (threads > 16)
        threads = 16;
    if (rows < (size_t)threads * POL_CHUNK * 8)
        threads = 1;
    worker w[16];
    size_t chunks = (rows + POL_CHUNK - 1) / POL_CHUNK;
    for (int t = 0; t < threads; t++) {
        w[t].frame = pol_frame_new(p, pop, on, err);
        if (w[t].frame == NULL) {
            for (int u = 0; u < t; u++)
                pol_frame_free(w[u].frame);
            pop_result_free(out);
            return pol_failed_status(err);
        }
        w[t].from = chunks * (size_t)t / (size_t)threads * POL_CHUNK;
        w[t].to = chunks * (size_t)(t + 1) / (size_t)threads * POL_CHUNK;
        if (w[t].to > rows)
            w[t].to = rows;
        w[t].out = out;
    }
    pthread_t tid[16];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[t], NULL, work, &w[t]) == 0)
            started = t;
        else
            break;
    work(&w[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    for (int t = started + 1; t < threads; t++)
        work(&w[t]); /* a thread could not start: do its share here */
    for (int t = 0; t < threads; t++)
        pol_frame_free(w[t].frame);
    return HS_OK;
}

void policy_error_text(const hs_policy *p, uint32_t code, char *buf, size_t len) {
    int node = (int)(code >> 3) - 1;
    int kind = (int)(code & 7);
    if (node < 0 || node >= p->nodes.n) {
        snprintf(buf, len, "%s: evaluation error", p->file);
        return;
    }
    if (kind == EK_CONFLICT && p->nodes.v[node].op == N_CONST) {
        int64_t pair = p->nodes.v[node].ival;
        int xi = (int)(pair >> 16), xj = (int)(pair & 0xffff);
        if (xi >= 0 && xi < p->exceptions.n && xj >= 0 && xj < p->exceptions.n) {
            const pol_exception *a = &p->exceptions.v[xi], *b = &p->exceptions.v[xj];
            char msg[1024];
            snprintf(msg, sizeof msg,
                     "conflicting exceptions: '%s' (%s, line %u) and '%s' (%s, line %u) both "
                     "apply; neither is more specific (make one an exception 'to' the other)",
                     a->label, a->clause, a->line, b->label, b->clause, b->line);
            pol_diag(p, b->line, b->col, msg, buf, len);
            return;
        }
    }
    const char *msg = kind == EK_OVERFLOW     ? "overflow: the result does not fit in 64 bits"
                      : kind == EK_DIVZERO    ? "division by zero"
                      : kind == EK_DATE_RANGE ? "date out of range (1900-01-01 .. 2999-12-31)"
                      : kind == EK_BOUNDS     ? "marginal bracket bounds must increase"
                      : kind == EK_PARAM      ? "the parameter has no value on that date"
                      : kind == EK_ARG_RANGE
                          ? "present_value needs a rate of 0% to 100% and 0 to 100 years"
                          : "evaluation error";
    const pol_node *nd = &p->nodes.v[node];
    pol_diag(p, nd->line, nd->col, msg, buf, len);
}

/* Writes the reason for a row's decision. */
static void reason_text(const hs_policy *p, const hs_pop_result *r, size_t row, hs_date on,
                        char *buf, size_t len) {
    buf[0] = '\0';
    if (r->error[row]) {
        policy_error_text(p, r->error[row], buf, len);
    } else if (r->failed_rule[row] == -2) {
        char d[DATE_TEXT_LEN], a[DATE_TEXT_LEN], b[DATE_TEXT_LEN];
        snprintf(buf, len, "not in force on %s (valid %s .. %s)", date_format(on, d),
                 date_format(p->valid_from, a), p->open_end ? "" : date_format(p->valid_to, b));
    } else if (r->failed_rule[row] >= 0) {
        const pol_rule *rule = &p->rules.v[r->failed_rule[row]];
        snprintf(buf, len, "rule '%s' (%s) not met", rule->name, rule->clause);
    }
}

hs_status policy_eval_row(const hs_policy *p, const hs_pop *pop, size_t row, hs_date on,
                          hs_decision *out, hs_error *err) {
    memset(out, 0, sizeof *out);
    if (pop->ncols != p->inputs.n)
        return hs_fail(err, HS_INPUT, "%s: the population was not loaded for this policy", p->file);
    if (row >= pop->rows)
        return hs_fail(err, HS_INPUT, "no row %zu", row);
    if (quarter_year_mismatch(p, pop, on, err))
        return HS_INPUT;
    /* one-row result arrays: decide() writes at index row0 + k, so offset them by -row */
    uint8_t eligible = 0;
    int64_t amount = 0;
    int32_t failed = -2;
    uint32_t code = 0;
    if (policy_in_force(p, on)) {
        pol_frame *f = pol_frame_new(p, pop, on, err);
        if (f == NULL)
            return pol_failed_status(err);
        pol_frame_run(f, row, 1);
        hs_pop_result one = {.rows = 1,
                             .eligible = &eligible,
                             .amount_fen = &amount,
                             .failed_rule = &failed,
                             .error = &code};
        decide(f, 0, 1, &one);
        pol_frame_free(f);
    }
    hs_pop_result one = {.rows = 1,
                         .eligible = &eligible,
                         .amount_fen = &amount,
                         .failed_rule = &failed,
                         .error = &code};
    out->eligible = eligible;
    out->amount_fen = amount;
    out->failed_rule = failed;
    out->status = code ? HS_INPUT : HS_OK;
    reason_text(p, &one, 0, on, out->reason, sizeof out->reason);
    return HS_OK;
}

void policy_result_reason(const hs_policy *p, const hs_pop_result *r, size_t row, hs_date on,
                          char *buf, size_t len) {
    reason_text(p, r, row, on, buf, len);
}

hs_status policy_eval_firm(const hs_policy *p, const char *const *names, const char *const *values,
                           size_t n, hs_date on, hs_decision *out, hs_error *err) {
    hs_pop *pop = NULL;
    hs_status st = pop_from_fields(p, "-", names, values, n, &pop, err);
    if (st != HS_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    st = policy_eval_row(p, pop, 0, on, out, err);
    pop_free(pop);
    return st;
}
