/* fund_select.c — 遴选 of sub-fund managers by a rule table (see fund_select.h). */
#include "instrument/fund_select.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv_reader.h"
#include "base/money.h"
#include "policy/policy.h"

#define WAN INT64_C(1000000)    /* 1万 in fen */
#define YI INT64_C(10000000000) /* 1亿 in fen */
#define CHENGDU "Chengdu high-tech zone AI fund sub-fund selection (seed-programmes.md)"

const fund_select_rule fund_select_rules[] = {
    {"manager-paid-in", "paid_in", "", SELECT_MIN, 1000 * WAN, "manager paid-in capital >= 1000万",
     CHENGDU},
    {"aum-industry", "aum", "industry", SELECT_MIN, 20 * YI,
     "assets under management >= 20亿 (industry fund)", CHENGDU},
    {"aum-venture", "aum", "venture", SELECT_MIN, 1 * YI,
     "assets under management >= 1亿 (venture fund)", CHENGDU},
    {"senior-staff", "senior_staff", "", SELECT_MIN, 3,
     ">= 3 senior staff with >= 3 years' experience", CHENGDU},
    {"sub-fund-size", "fund_size", "", SELECT_MAX, 10 * YI, "sub-fund size <= 10亿", CHENGDU},
};
const size_t fund_select_rule_count = sizeof fund_select_rules / sizeof fund_select_rules[0];

static int64_t field_of(const fund_candidate *c, const char *field) {
    if (!strcmp(field, "paid_in"))
        return c->paid_in_fen;
    if (!strcmp(field, "aum"))
        return c->aum_fen;
    if (!strcmp(field, "senior_staff"))
        return c->senior_staff;
    return c->fund_size_fen;
}

static int rank_cmp(const void *a, const void *b) {
    const fund_candidate *x = *(const fund_candidate *const *)a,
                         *y = *(const fund_candidate *const *)b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return strcmp(x->manager, y->manager);
}

static double capped(double v, double cap) {
    return v < cap ? v : cap;
}

/* Scores the eligible candidates and ranks them (eligibility already decided). */
static void score_and_rank(fund_candidate *c, size_t n) {
    fund_candidate **order = malloc((n ? n : 1) * sizeof *order);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        fund_candidate *k = &c[i];
        k->score = k->score_aum = k->score_staff = k->score_paid_in = 0;
        k->rank = 0;
        if (!k->eligible)
            continue;
        int64_t aum_threshold = 0;
        for (size_t r = 0; r < fund_select_rule_count; r++)
            if (!strcmp(fund_select_rules[r].field, "aum") &&
                !strcmp(fund_select_rules[r].kind, k->kind))
                aum_threshold = fund_select_rules[r].threshold;
        if (aum_threshold > 0)
            k->score_aum =
                capped(SELECT_SCORE_AUM_PER_MULTIPLE * (double)k->aum_fen / (double)aum_threshold,
                       SELECT_SCORE_AUM_MAX);
        k->score_staff =
            capped((double)(SELECT_SCORE_STAFF_EACH * k->senior_staff), SELECT_SCORE_STAFF_MAX);
        k->score_paid_in =
            capped(SELECT_SCORE_PAID_IN_PER_10M * (double)k->paid_in_fen / (double)(1000 * WAN),
                   SELECT_SCORE_PAID_IN_MAX);
        /* two decimals, so that the ranking does not hang on floating-point noise */
        k->score_aum = (double)(int64_t)(k->score_aum * 100 + 0.5) / 100;
        k->score_staff = (double)(int64_t)(k->score_staff * 100 + 0.5) / 100;
        k->score_paid_in = (double)(int64_t)(k->score_paid_in * 100 + 0.5) / 100;
        k->score = k->score_aum + k->score_staff + k->score_paid_in;
        if (order)
            order[m++] = k;
    }
    if (order) {
        qsort(order, m, sizeof *order, rank_cmp);
        for (size_t i = 0; i < m; i++)
            order[i]->rank = (int)i + 1;
    }
    free(order);
}

void fund_select_evaluate(fund_candidate *c, size_t n) {
    for (size_t i = 0; i < n; i++) {
        fund_candidate *k = &c[i];
        k->eligible = true;
        k->reasons[0] = '\0';
        for (size_t r = 0; r < fund_select_rule_count; r++) {
            const fund_select_rule *rule = &fund_select_rules[r];
            if (rule->kind[0] && strcmp(rule->kind, k->kind) != 0)
                continue;
            int64_t v = field_of(k, rule->field);
            bool ok = rule->cmp == SELECT_MIN ? v >= rule->threshold : v <= rule->threshold;
            if (!ok) {
                k->eligible = false;
                size_t used = strlen(k->reasons);
                snprintf(k->reasons + used, sizeof k->reasons - used, "%s%s: %s [%s]",
                         used ? "; " : "", rule->id, rule->text, rule->source);
            }
        }
    }
    score_and_rank(c, n);
}

hs_status fund_select_evaluate_policy(const char *policy_path, const char *csv_path, hs_date on,
                                      fund_candidate *c, size_t n, hs_error *err) {
    hs_policy *p = NULL;
    hs_pop *pop = NULL;
    hs_status st = policy_load_file(policy_path, &p, err);
    if (st != HS_OK)
        return st;
    if (policy_instrument(p) != HS_INSTR_FUND) {
        st = hs_fail(err, HS_INPUT, "%s: policy %s is for instrument %s, not fund", policy_path,
                     policy_id(p), policy_instrument_name(policy_instrument(p)));
        goto done;
    }
    if ((st = pop_load_csv(p, csv_path, &pop, err)) != HS_OK)
        goto done;
    if (pop_rows(pop) != n) {
        st = hs_fail(err, HS_INPUT, "%s: %zu rows for the policy, %zu candidates", csv_path,
                     pop_rows(pop), n);
        goto done;
    }
    hs_pop_result res;
    if ((st = policy_eval_pop(p, pop, on, 1, &res, err)) != HS_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        c[i].eligible = res.eligible[i] != 0 && res.error[i] == 0;
        c[i].reasons[0] = '\0';
        if (!c[i].eligible) {
            char why[768];
            policy_result_reason(p, &res, i, on, why, sizeof why);
            snprintf(c[i].reasons, sizeof c[i].reasons, "%s [%s@%s]", why, policy_id(p),
                     policy_version(p));
        }
    }
    pop_result_free(&res);
    score_and_rank(c, n);
done:
    pop_free(pop);
    policy_free(p);
    return st;
}

/* ---- reading the candidates (base/csv_reader: RFC 4180, BOM, CRLF, FILE:LINE errors) ---- */

#define SELECT_FIELDS_MAX 32
#define SELECT_FIELD_MAX 8192

/* One CSV record handed to a row function: its fields (trimmed) and the line it starts on. */
typedef struct {
    char field[SELECT_FIELDS_MAX][SELECT_FIELD_MAX];
    const char *path;
    /* what the reader does with each record */
    hs_status (*row)(void *ctx, char fields[][SELECT_FIELD_MAX], int nf, int line, hs_error *err);
    void *ctx;
} select_reader;

/* Copies one record into the reader's fields and calls its row function; # comments skipped. */
static hs_status select_record(void *vr, const csv_header *h, const csv_record *rec,
                               hs_error *err) {
    (void)h;
    select_reader *r = vr;
    assert(rec->count >= 1 && rec->count <= SELECT_FIELDS_MAX);
    if (rec->nul_cell >= 0)
        return hs_fail(err, HS_INPUT, "%s:%ld: field %d holds a NUL byte", r->path, rec->line,
                       rec->nul_cell + 1);
    if (rec->cells[0][0] == '#')
        return HS_OK;
    for (int i = 0; i < rec->count; i++) {
        assert(rec->lens[i] < SELECT_FIELD_MAX);
        memcpy(r->field[i], rec->cells[i], rec->lens[i] + 1);
    }
    return r->row(r->ctx, r->field, rec->count, (int)rec->line, err);
}

/* Reads CSV file `path`, calling r->row for each record that is not blank or a # comment. */
static hs_status read_csv(const char *path, select_reader *r, hs_error *err) {
    r->path = path;
    csv_options opts = {.field_max = SELECT_FIELD_MAX - 1, .columns_max = SELECT_FIELDS_MAX};
    csv_sink sink = {.ctx = r, .on_record = select_record};
    return csv_read_file(path, &opts, &sink, err);
}

static const char *const select_cols[] = {"manager", "kind",         "paid_in",
                                          "aum",     "senior_staff", "fund_size"};

typedef struct {
    const char *path;
    int pos[6];
    bool header;
    fund_candidate *v;
    size_t n, cap;
} candidates_ctx;

/* One candidate from its fields (the header's columns at c->pos). */
static hs_status candidate_of(candidates_ctx *c, char fields[][SELECT_FIELD_MAX], int nf,
                              int lineno, fund_candidate *k, hs_error *err) {
    const char *path = c->path;
    memset(k, 0, sizeof *k);
    k->line = lineno;
    for (int i = 0; i < 6; i++)
        if (c->pos[i] >= nf)
            return hs_fail(err, HS_INPUT, "%s:%d: field '%s': missing", path, lineno,
                           select_cols[i]);
    const char *m = fields[c->pos[0]];
    if (!fund_id_valid(m))
        return hs_fail(err, HS_INPUT, "%s:%d: field 'manager': '%s' is not a valid id", path,
                       lineno, m);
    snprintf(k->manager, sizeof k->manager, "%s", m);
    const char *kind = fields[c->pos[1]];
    if (strcmp(kind, "industry") && strcmp(kind, "venture"))
        return hs_fail(err, HS_INPUT, "%s:%d: field 'kind': '%s' (industry or venture)", path,
                       lineno, kind);
    snprintf(k->kind, sizeof k->kind, "%s", kind);
    char why[128];
    int64_t *amounts[] = {&k->paid_in_fen, &k->aum_fen, NULL, &k->fund_size_fen};
    for (int i = 2; i < 6; i++) {
        const char *txt = fields[c->pos[i]];
        if (i == 4) {
            char *end;
            long long cnt = strtoll(txt, &end, 10);
            if (*txt == '\0' || *end != '\0' || cnt < 0 || cnt > 100000)
                return hs_fail(err, HS_INPUT, "%s:%d: field 'senior_staff': '%s'", path, lineno,
                               txt);
            k->senior_staff = cnt;
            continue;
        }
        if (!money_parse(txt, amounts[i - 2], why, sizeof why) || *amounts[i - 2] < 0)
            return hs_fail(err, HS_INPUT, "%s:%d: field '%s': %s", path, lineno, select_cols[i],
                           *amounts[i - 2] < 0 ? "must be >= 0" : why);
    }
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].manager, k->manager))
            return hs_fail(err, HS_INPUT, "%s:%d: field 'manager': %s appears twice", path, lineno,
                           k->manager);
    return HS_OK;
}

static hs_status candidate_row(void *vctx, char fields[][SELECT_FIELD_MAX], int nf, int lineno,
                               hs_error *err) {
    candidates_ctx *c = vctx;
    if (!c->header) {
        for (int i = 0; i < 6; i++)
            c->pos[i] = -1;
        for (int i = 0; i < nf; i++)
            for (int k = 0; k < 6; k++)
                if (!strcmp(fields[i], select_cols[k]))
                    c->pos[k] = i;
        for (int k = 0; k < 6; k++)
            if (c->pos[k] < 0)
                return hs_fail(err, HS_INPUT, "%s:%d: header lacks column '%s'", c->path, lineno,
                               select_cols[k]);
        c->header = true;
        return HS_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        fund_candidate *p = realloc(c->v, cap * sizeof *p);
        if (p == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        c->v = p;
        c->cap = cap;
    }
    hs_status st = candidate_of(c, fields, nf, lineno, &c->v[c->n], err);
    if (st == HS_OK)
        c->n++;
    return st;
}

hs_status fund_select_read(const char *path, fund_candidate **out, size_t *n, hs_error *err) {
    *out = NULL;
    *n = 0;
    candidates_ctx c = {.path = path};
    select_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    r->row = candidate_row;
    r->ctx = &c;
    hs_status st = read_csv(path, r, err);
    free(r);
    if (st == HS_OK && !c.header)
        st = hs_fail(err, HS_INPUT, "%s: no header line", path);
    if (st != HS_OK) {
        free(c.v);
        return st;
    }
    *out = c.v;
    *n = c.n;
    return HS_OK;
}
