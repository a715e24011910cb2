/* pop.c — populations: the firm inputs a policy declares, held as one int64_t column per input.
 * Loaded from CSV (base/csv_reader) with the header matched to input names, from name=value text
 * pairs, or from a policy's own test case. Cells are parsed by the input's type; empty cells and
 * missing columns take the input's default, else they are errors naming file:row and column. */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/csv_reader.h"
#include "base/money.h"
#include "policy/internal.h"

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Rebuilds the hash with `cap` slots; false (the old hash kept) if memory runs out. */
static bool rehash(hs_pop *pop, size_t cap) {
    int *hash = calloc(cap, sizeof(int));
    if (hash == NULL)
        return false;
    free(pop->hash);
    pop->hash = hash;
    pop->hash_cap = cap;
    for (int i = 0; i < pop->pool.n; i++) {
        size_t h = hash_str(pop->pool.v[i]) & (cap - 1);
        while (pop->hash[h] != 0)
            h = (h + 1) & (cap - 1);
        pop->hash[h] = i + 1;
    }
    return true;
}

int64_t pop_string_lookup(const hs_pop *pop, const char *s) {
    if (pop == NULL || pop->hash_cap == 0)
        return -1;
    size_t h = hash_str(s) & (pop->hash_cap - 1);
    while (pop->hash[h] != 0) {
        if (strcmp(pop->pool.v[pop->hash[h] - 1], s) == 0)
            return pop->hash[h] - 1;
        h = (h + 1) & (pop->hash_cap - 1);
    }
    return -1;
}

int64_t pop_intern(hs_pop *pop, const char *s) {
    int64_t id = pop_string_lookup(pop, s);
    if (id >= 0)
        return id;
    char *copy = pol_strndup(s, strlen(s));
    char **slot = copy ? POL_PUSH(pop->pool) : NULL;
    if (slot == NULL) {
        free(copy);
        pop->oom = true;
        return -1;
    }
    *slot = copy;
    if ((size_t)pop->pool.n * 2 >= pop->hash_cap) {
        if (!rehash(pop, pop->hash_cap ? pop->hash_cap * 2 : 64)) {
            free(copy); /* not hashed: take it back out of the pool */
            pop->pool.n--;
            pop->oom = true;
            return -1;
        }
    } else {
        size_t h = hash_str(s) & (pop->hash_cap - 1);
        while (pop->hash[h] != 0)
            h = (h + 1) & (pop->hash_cap - 1);
        pop->hash[h] = pop->pool.n;
    }
    return pop->pool.n - 1;
}

/* An empty population for p's inputs, or NULL if memory runs out. */
static hs_pop *pop_new(const hs_policy *p) {
    hs_pop *pop = calloc(1, sizeof *pop);
    if (pop == NULL)
        return NULL;
    pop->ncols = p->inputs.n;
    pop->cols = calloc((size_t)pop->ncols + 1, sizeof *pop->cols);
    if (pop->cols == NULL) {
        free(pop);
        return NULL;
    }
    return pop;
}

void pop_free(hs_pop *pop) {
    if (pop == NULL)
        return;
    for (int i = 0; pop->cols != NULL && i < pop->ncols; i++)
        free(pop->cols[i]);
    free(pop->cols);
    free(pop->uscc_off);
    free(pop->uscc_buf);
    for (int i = 0; i < pop->pool.n; i++)
        free(pop->pool.v[i]);
    free(pop->pool.v);
    free(pop->hash);
    free(pop);
}

size_t pop_rows(const hs_pop *pop) {
    return pop->rows;
}

const char *pop_uscc(const hs_pop *pop, size_t i) {
    assert(i < pop->rows);
    return pop->uscc_buf + pop->uscc_off[i];
}

long pop_find(const hs_pop *pop, const char *uscc) {
    for (size_t i = 0; i < pop->rows; i++)
        if (strcmp(pop_uscc(pop, i), uscc) == 0)
            return (long)i;
    return -1;
}

/* Adds a row (values zero) with its uscc into *row; false (and pop->oom, no row added) if memory
 * runs out. */
static bool add_row(hs_pop *pop, const char *uscc, size_t *row) {
    if (pop->rows == pop->cap) {
        size_t cap = pop->cap ? pop->cap * 2 : 256;
        for (int c = 0; c < pop->ncols; c++) {
            int64_t *nc = realloc(pop->cols[c], (cap + POL_CHUNK) * sizeof(int64_t));
            if (nc == NULL) { /* the columns grown so far keep their rows: still consistent */
                pop->oom = true;
                return false;
            }
            pop->cols[c] = nc;
        }
        size_t *no = realloc(pop->uscc_off, cap * sizeof(size_t));
        if (no == NULL) {
            pop->oom = true;
            return false;
        }
        pop->uscc_off = no;
        pop->cap = cap;
    }
    size_t n = strlen(uscc) + 1;
    if (pop->uscc_len + n > pop->uscc_cap) {
        size_t cap = pop->uscc_cap ? pop->uscc_cap * 2 : 4096;
        while (cap < pop->uscc_len + n)
            cap *= 2;
        char *nb = realloc(pop->uscc_buf, cap);
        if (nb == NULL) {
            pop->oom = true;
            return false;
        }
        pop->uscc_buf = nb;
        pop->uscc_cap = cap;
    }
    memcpy(pop->uscc_buf + pop->uscc_len, uscc, n);
    pop->uscc_off[pop->rows] = pop->uscc_len;
    pop->uscc_len += n;
    for (int c = 0; c < pop->ncols; c++)
        pop->cols[c][pop->rows] = 0;
    *row = pop->rows++;
    assert(pop->rows <= pop->cap);
    return true;
}

static bool parse_bool(const char *s, int64_t *out) {
    static const char *const yes[] = {"true", "1", "yes", "y", "t", "\xe6\x98\xaf"};
    static const char *const no[] = {"false", "0", "no", "n", "f", "\xe5\x90\xa6"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return true;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return true;
        }
    }
    return false;
}

static bool parse_int(const char *s, int64_t *out) {
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0)
        return false;
    *out = v;
    return true;
}

/* Parses one cell for input `in`; `fen` marks an X_fen column of integer fen. */
static bool parse_cell(const hs_policy *p, hs_pop *pop, const pol_input *in, bool fen,
                       const char *text, int64_t *out, char *why, size_t why_len) {
    why[0] = '\0';
    switch (in->type.kind) {
    case HS_T_BOOL:
        if (parse_bool(text, out))
            return true;
        snprintf(why, why_len, "not a yes/no value (true, false, 1, 0, 是, 否): '%s'", text);
        return false;
    case HS_T_INT:
        if (parse_int(text, out))
            return true;
        snprintf(why, why_len, "not an integer: '%s'", text);
        return false;
    case HS_T_MONEY:
        if (fen) {
            if (parse_int(text, out))
                return true;
            snprintf(why, why_len, "not a whole number of fen: '%s'", text);
            return false;
        }
        if (money_parse(text, out, why, why_len))
            return true;
        return false;
    case HS_T_RATE:
        return rate_parse_bp(text, out, why, why_len);
    case HS_T_DATE: {
        hs_date d;
        if (date_parse(text, &d)) {
            *out = d;
            return true;
        }
        snprintf(why, why_len, "not a YYYY-MM-DD date: '%s'", text);
        return false;
    }
    case HS_T_ENUM: {
        const pol_enum *e = &p->enums.v[in->type.enum_id];
        for (int i = 0; i < e->count; i++)
            if (strcmp(e->names[i], text) == 0) {
                *out = i;
                return true;
            }
        char tt[512];
        pol_type_text(p, in->type, tt, sizeof tt);
        snprintf(why, why_len, "'%s' is not one of %s", text, tt);
        return false;
    }
    case HS_T_STRING:
        *out = pop_intern(pop, text);
        return true;
    }
    return false;
}

/* String values in tests and defaults are literal indexes; bring them into the pool. */
static int64_t pool_value(const hs_policy *p, hs_pop *pop, const pol_input *in, int64_t v) {
    if (in->type.kind != HS_T_STRING)
        return v;
    return pop_intern(pop, p->strings.v[v]);
}

/* ---- CSV ---- */

typedef struct {
    const hs_policy *p;
    const char *path;
    hs_pop *pop;
    hs_error *err;
    bool failed;
    hs_status status; /* of the failure: HS_INPUT, or HS_STORAGE when memory ran out */
    size_t record;    /* 1-based record number (the header is 1) */
    long line;        /* the line the current record starts on (for messages) */
    /* header mapping */
    int ncols_csv;
    int *col_input; /* per CSV column: input index or -1 */
    bool *col_fen;
    int uscc_col;
    /* current record */
    char **fields;
    int nfields, fields_cap;
} csv_state;

/* Stops the load: memory ran out. */
static void out_of_memory(csv_state *st) {
    if (!st->failed)
        hs_fail(st->err, HS_STORAGE, "%s:%zu: out of memory loading the population", st->path,
                st->record + 1);
    st->failed = true;
    st->status = HS_STORAGE;
}

static void on_field(const char *s, size_t len, csv_state *st) {
    if (st->failed)
        return;
    char *copy = s ? pol_strndup(s, len) : NULL;
    if ((s != NULL && copy == NULL) ||
        !pol_grow((void **)&st->fields, &st->fields_cap, st->nfields + 1, sizeof(char *))) {
        free(copy);
        out_of_memory(st);
        return;
    }
    st->fields[st->nfields++] = copy;
}

static void trim(char *s) {
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    if (i > 0)
        memmove(s, s + i, n - i + 1);
}

/* True if column `col` names quarter input `in` ("rd.Q4", declared `rd: money per quarter`) with
 * its year, "rd.2022Q4"; *year = 2022. */
static bool quarter_column(const char *col, const char *in, int *year) {
    size_t n = strlen(in);
    if (n < 4 || in[n - 3] != '.' || in[n - 2] != 'Q')
        return false;
    size_t base = n - 2; /* "rd." */
    if (strncmp(col, in, base) != 0)
        return false;
    const char *r = col + base;
    if (strlen(r) != 6 || r[4] != 'Q' || r[5] != in[n - 1])
        return false;
    int y = 0;
    for (int k = 0; k < 4; k++) {
        if (r[k] < '0' || r[k] > '9')
            return false;
        y = y * 10 + (r[k] - '0');
    }
    *year = y;
    return true;
}

/* Records the year a quarterly column names; false (err filled) if another column named another
 * year: one population holds one year's quarters. */
static bool note_quarter_year(hs_pop *pop, int year, const char *where, const char *col,
                              hs_error *err) {
    if (pop->quarter_year != 0 && pop->quarter_year != year) {
        hs_fail(err, HS_INPUT, "%s: column '%s' is for %d, but other quarterly columns are for %d",
                where, col, year, pop->quarter_year);
        return false;
    }
    pop->quarter_year = year;
    return true;
}

static void header(csv_state *st) {
    const hs_policy *p = st->p;
    st->ncols_csv = st->nfields;
    st->col_input = calloc((size_t)st->nfields + 1, sizeof(int));
    st->col_fen = calloc((size_t)st->nfields + 1, sizeof(bool));
    bool *have = calloc((size_t)p->inputs.n + 1, sizeof(bool));
    if (!st->col_input || !st->col_fen || !have) {
        free(have); /* col_input and col_fen are freed by pop_load_csv */
        out_of_memory(st);
        return;
    }
    st->uscc_col = -1;
    for (int c = 0; c < st->nfields; c++) {
        char *name = st->fields[c] ? st->fields[c] : "";
        if (c == 0 && strncmp(name, "\xef\xbb\xbf", 3) == 0)
            memmove(name, name + 3, strlen(name + 3) + 1);
        trim(name);
        st->col_input[c] = -1;
        for (int d = 0; d < c && !st->failed; d++)
            if (st->fields[d] != NULL && strcmp(st->fields[d], name) == 0) {
                hs_fail(st->err, HS_INPUT, "%s:%ld: duplicate column '%s' (columns %d and %d)",
                        st->path, st->line, name, d + 1, c + 1);
                st->failed = true;
            }
        if (strcmp(name, "uscc") == 0)
            st->uscc_col = c;
        for (int i = 0; i < p->inputs.n; i++) {
            const char *in = p->inputs.v[i].name;
            size_t n = strlen(in);
            bool exact = strcmp(name, in) == 0;
            bool fen = p->inputs.v[i].type.kind == HS_T_MONEY && strncmp(name, in, n) == 0 &&
                       strcmp(name + n, "_fen") == 0;
            int qy = 0;
            if (!exact && !fen && !have[i] && quarter_column(name, in, &qy)) {
                exact = true;
                char where[64];
                snprintf(where, sizeof where, "%.40s:1", st->path);
                if (st->pop != NULL && !note_quarter_year(st->pop, qy, where, name, st->err))
                    st->failed = true;
            }
            if ((exact || fen) && !have[i]) {
                st->col_input[c] = i;
                st->col_fen[c] = fen;
                have[i] = true;
            }
        }
    }
    if (st->uscc_col < 0) {
        hs_fail(st->err, HS_INPUT, "%s:1: no 'uscc' column in the header", st->path);
        st->failed = true;
    }
    for (int i = 0; i < p->inputs.n && !st->failed; i++)
        if (!have[i] && !p->inputs.v[i].has_default) {
            hs_fail(st->err, HS_INPUT,
                    "%s:1: no column '%s' for the policy's input '%s' (and it has no default)",
                    st->path, p->inputs.v[i].name, p->inputs.v[i].name);
            st->failed = true;
        }
    free(have);
}

static void on_record(csv_state *st) {
    if (!st->failed) {
        st->record++;
        if (st->record == 1) {
            header(st);
        } else if (!(st->nfields == 1 && st->fields[0] == NULL)) { /* skip blank lines */
            if (st->nfields != st->ncols_csv) {
                hs_fail(st->err, HS_INPUT, "%s:%ld: the row has %d fields, the header has %d",
                        st->path, st->line, st->nfields, st->ncols_csv);
                st->failed = true;
            } else {
                const char *uscc = st->fields[st->uscc_col];
                if (uscc == NULL || *uscc == '\0') {
                    hs_fail(st->err, HS_INPUT, "%s:%ld: empty uscc", st->path, st->line);
                    st->failed = true;
                } else {
                    hs_pop *pop = st->pop;
                    size_t row = 0;
                    bool *set = calloc((size_t)pop->ncols + 1, sizeof(bool));
                    if (set == NULL || !add_row(pop, uscc, &row))
                        out_of_memory(st);
                    for (int f = 0; f < st->nfields && !st->failed; f++) {
                        int i = st->col_input[f];
                        if (i < 0)
                            continue;
                        const char *cell = st->fields[f];
                        const pol_input *in = &st->p->inputs.v[i];
                        if (cell == NULL || *cell == '\0')
                            continue;
                        char why[256];
                        int64_t v = 0;
                        if (!parse_cell(st->p, pop, in, st->col_fen[f], cell, &v, why,
                                        sizeof why)) {
                            hs_fail(st->err, HS_INPUT, "%s:%ld: column '%s': %s", st->path,
                                    st->line, in->name, why);
                            st->failed = true;
                        }
                        pop->cols[i][row] = v;
                        set[i] = true;
                    }
                    for (int i = 0; set != NULL && i < pop->ncols && !st->failed; i++) {
                        if (set[i])
                            continue;
                        const pol_input *in = &st->p->inputs.v[i];
                        if (!in->has_default) {
                            hs_fail(st->err, HS_INPUT,
                                    "%s:%ld: column '%s' is empty and the input has no default",
                                    st->path, st->line, in->name);
                            st->failed = true;
                        }
                        pop->cols[i][row] = pool_value(st->p, pop, in, in->default_value);
                    }
                    free(set);
                }
            }
        }
    }
    for (int i = 0; i < st->nfields; i++)
        free(st->fields[i]);
    st->nfields = 0;
}

/* One record from the CSV reader: its cells become the fields on_record expects (NULL for an
 * empty cell). */
static hs_status pop_record(void *ctx, const csv_header *h, const csv_record *r, hs_error *err) {
    (void)h;
    csv_state *st = ctx;
    st->line = r->line;
    if (r->nul_cell >= 0) {
        st->failed = true;
        return hs_fail(err, HS_INPUT, "%s:%ld: column %d: the cell holds a NUL byte", st->path,
                       r->line, r->nul_cell + 1);
    }
    for (int i = 0; i < r->count; i++)
        on_field(r->cells[i][0] != '\0' ? r->cells[i] : NULL, r->lens[i], st);
    on_record(st);
    return st->failed ? st->status : HS_OK;
}

hs_status pop_load_csv(const hs_policy *p, const char *path, hs_pop **out, hs_error *err) {
    *out = NULL;
    csv_state st = {.p = p, .path = path, .pop = pop_new(p), .err = err, .status = HS_INPUT};
    hs_status rs = HS_OK;
    if (st.pop == NULL) {
        out_of_memory(&st);
    } else {
        csv_options o = {.header = false};
        csv_sink sink = {.ctx = &st, .on_record = pop_record};
        rs = csv_read_file(path, &o, &sink, err);
        if (rs != HS_OK)
            st.failed = true;
    }
    for (int i = 0; i < st.nfields; i++)
        free(st.fields[i]);
    free(st.fields);
    free(st.col_input);
    free(st.col_fen);
    if (!st.failed && st.pop->oom) /* a string value could not be pooled */
        out_of_memory(&st);
    if (!st.failed && st.record == 0) {
        hs_fail(err, HS_INPUT, "%s: empty file (a header row with 'uscc' is needed)", path);
        st.failed = true;
    }
    if (st.failed) {
        pop_free(st.pop);
        return rs == HS_STORAGE ? HS_STORAGE : st.status;
    }
    *out = st.pop;
    return HS_OK;
}

hs_status pop_from_fields(const hs_policy *p, const char *uscc, const char *const *names,
                          const char *const *values, size_t n, hs_pop **out, hs_error *err) {
    *out = NULL;
    hs_pop *pop = pop_new(p);
    size_t row = 0;
    bool *set = pop ? calloc((size_t)p->inputs.n + 1, sizeof(bool)) : NULL;
    if (set == NULL || !add_row(pop, uscc ? uscc : "-", &row)) {
        free(set);
        pop_free(pop);
        return hs_fail(err, HS_STORAGE, "%s: out of memory for the firm's inputs", p->file);
    }
    hs_status st = HS_OK;
    for (size_t f = 0; f < n && st == HS_OK; f++) {
        int found = -1;
        bool fen = false;
        for (int i = 0; i < p->inputs.n; i++) {
            const char *in = p->inputs.v[i].name;
            size_t len = strlen(in);
            int qy = 0;
            if (strcmp(names[f], in) == 0)
                found = i;
            else if (p->inputs.v[i].type.kind == HS_T_MONEY && strncmp(names[f], in, len) == 0 &&
                     strcmp(names[f] + len, "_fen") == 0)
                found = i, fen = true;
            else if (quarter_column(names[f], in, &qy)) {
                if (!note_quarter_year(pop, qy, p->file, names[f], err)) {
                    pop_free(pop);
                    free(set);
                    return HS_INPUT;
                }
                found = i;
            }
        }
        if (found < 0) {
            if (strcmp(names[f], "uscc") == 0)
                continue;
            st = hs_fail(err, HS_INPUT, "%s: no input named '%s'", p->file, names[f]);
            break;
        }
        char why[256];
        int64_t v = 0;
        if (!parse_cell(p, pop, &p->inputs.v[found], fen, values[f], &v, why, sizeof why)) {
            st = hs_fail(err, HS_INPUT, "input '%s': %s", names[f], why);
            break;
        }
        pop->cols[found][row] = v;
        set[found] = true;
    }
    for (int i = 0; i < p->inputs.n && st == HS_OK; i++) {
        if (set[i])
            continue;
        if (!p->inputs.v[i].has_default)
            st = hs_fail(err, HS_INPUT, "input '%s' is not given and has no default",
                         p->inputs.v[i].name);
        pop->cols[i][row] = pool_value(p, pop, &p->inputs.v[i], p->inputs.v[i].default_value);
    }
    free(set);
    if (st == HS_OK && pop->oom)
        st = hs_fail(err, HS_STORAGE, "%s: out of memory for the firm's inputs", p->file);
    if (st != HS_OK) {
        pop_free(pop);
        return st;
    }
    *out = pop;
    return HS_OK;
}

hs_pop *pol_test_pop(const hs_policy *p, int test) {
    const pol_test *t = &p->tests.v[test];
    hs_pop *pop = pop_new(p);
    size_t row = 0;
    if (pop == NULL || !add_row(pop, t->name, &row)) {
        pop_free(pop);
        return NULL;
    }
    for (int i = 0; i < p->inputs.n; i++)
        if (p->inputs.v[i].has_default)
            pop->cols[i][row] = pool_value(p, pop, &p->inputs.v[i], p->inputs.v[i].default_value);
    for (int k = 0; k < t->value_count; k++) {
        const pol_test_value *tv = &p->tvalues.v[t->first_value + k];
        pop->cols[tv->input][row] = pool_value(p, pop, &p->inputs.v[tv->input], tv->value);
    }
    if (pop->oom) {
        pop_free(pop);
        return NULL;
    }
    return pop;
}

hs_status pop_from_values(const hs_policy *p, const char *uscc, const char *const *names,
                          const int64_t *values, size_t n, hs_pop **out, hs_error *err) {
    *out = NULL;
    hs_pop *pop = pop_new(p);
    size_t row = 0;
    bool *set = pop ? calloc((size_t)p->inputs.n + 1, sizeof(bool)) : NULL;
    if (set == NULL || !add_row(pop, uscc ? uscc : "-", &row)) {
        free(set);
        pop_free(pop);
        return hs_fail(err, HS_STORAGE, "%s: out of memory for the firm's inputs", p->file);
    }
    hs_status st = HS_OK;
    for (size_t f = 0; f < n && st == HS_OK; f++) {
        int found = -1;
        for (int i = 0; i < p->inputs.n; i++)
            if (strcmp(names[f], p->inputs.v[i].name) == 0)
                found = i;
        if (found < 0) {
            st = hs_fail(err, HS_INPUT, "%s: no input named '%s'", p->file, names[f]);
            break;
        }
        const pol_input *in = &p->inputs.v[found];
        int64_t v = values[f];
        if (in->type.kind == HS_T_STRING)
            st = hs_fail(err, HS_INPUT, "input '%s' is a string: give it as text", in->name);
        else if (in->type.kind == HS_T_BOOL && v != 0 && v != 1)
            st = hs_fail(err, HS_INPUT, "input '%s' is bool: 0 or 1, not %lld", in->name,
                         (long long)v);
        else if (in->type.kind == HS_T_ENUM && (v < 0 || v >= p->enums.v[in->type.enum_id].count))
            st = hs_fail(err, HS_INPUT, "input '%s': no enum member %lld", in->name, (long long)v);
        else if (in->type.kind == HS_T_DATE && (v < date_from_ymd(DATE_YEAR_MIN, 1, 1) ||
                                                v > date_from_ymd(DATE_YEAR_MAX, 12, 31)))
            st = hs_fail(err, HS_INPUT, "input '%s': date out of range", in->name);
        pop->cols[found][row] = v;
        set[found] = true;
    }
    for (int i = 0; i < p->inputs.n && st == HS_OK; i++) {
        if (set[i])
            continue;
        if (!p->inputs.v[i].has_default)
            st = hs_fail(err, HS_INPUT, "input '%s' is not given and has no default",
                         p->inputs.v[i].name);
        pop->cols[i][row] = pool_value(p, pop, &p->inputs.v[i], p->inputs.v[i].default_value);
    }
    free(set);
    if (st == HS_OK && pop->oom)
        st = hs_fail(err, HS_STORAGE, "%s: out of memory for the firm's inputs", p->file);
    if (st != HS_OK) {
        pop_free(pop);
        return st;
    }
    *out = pop;
    return HS_OK;
}
