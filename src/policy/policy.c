/* policy.c — loading, freeing and reading a checked policy: header facts, dated parameters,
 * limits, inputs and rules. */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "policy/internal.h"

#define POLICY_FILE_MAX (4u << 20)

hs_status policy_load_text(const char *name, const char *text, size_t len, hs_policy **out,
                           hs_error *err) {
    assert(out != NULL);
    *out = NULL;
    if (len > POLICY_FILE_MAX)
        return hs_fail(err, HS_INPUT, "%s: policy file larger than 4 MiB", name);
    hs_policy *p = calloc(1, sizeof *p);
    if (p == NULL)
        return hs_fail(err, HS_STORAGE, "%s: out of memory loading the policy", name);
    p->file = pol_strndup(name, strlen(name));
    p->src = pol_strndup(text, len);
    p->src_len = len;
    if (p->file == NULL || p->src == NULL) {
        policy_free(p);
        return hs_fail(err, HS_STORAGE, "%s: out of memory loading the policy", name);
    }
    if (memchr(text, '\0', len) != NULL) {
        policy_free(p);
        return hs_fail(err, HS_INPUT, "%s: the policy file contains a NUL byte", name);
    }
    hs_status st = pol_parse(p, err);
    if (st != HS_OK) {
        policy_free(p);
        return st;
    }
    *out = p;
    return HS_OK;
}

hs_status policy_load_file(const char *path, hs_policy **out, hs_error *err) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open: %s", path, strerror(errno));
    char *buf = malloc(POLICY_FILE_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        return hs_fail(err, HS_STORAGE, "%s: out of memory reading the policy", path);
    }
    size_t n = fread(buf, 1, POLICY_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        return hs_fail(err, HS_INPUT, "%s: cannot read", path);
    }
    hs_status st = policy_load_text(path, buf, n, out, err);
    free(buf);
    return st;
}

hs_status policy_load_tests(hs_policy *p, const char *path, hs_error *err) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot open: %s", path, strerror(errno));
    char *buf = malloc(POLICY_FILE_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        return hs_fail(err, HS_STORAGE, "%s: out of memory reading the tests", path);
    }
    size_t n = fread(buf, 1, POLICY_FILE_MAX, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        return hs_fail(err, HS_INPUT, "%s: cannot read", path);
    }
    buf[n] = '\0';
    hs_status st = pol_parse_tests(p, path, buf, n, err);
    free(buf);
    return st;
}

const char *policy_test_file(const hs_policy *p, size_t i) {
    return i < (size_t)p->tests.n ? p->tests.v[i].file : NULL;
}

void policy_free(hs_policy *p) {
    if (p == NULL)
        return;
    free(p->file);
    free(p->src);
    free(p->amends_id);
    free(p->id);
    free(p->version);
    free(p->title_zh);
    free(p->title_en);
    free(p->source);
    free(p->budget);
    free(p->amount_clause);
    for (int i = 0; i < p->enums.n; i++) {
        for (int k = 0; k < p->enums.v[i].count; k++)
            free(p->enums.v[i].names[k]);
        free(p->enums.v[i].names);
    }
    for (int i = 0; i < p->strings.n; i++)
        free(p->strings.v[i]);
    for (int i = 0; i < p->inputs.n; i++)
        free(p->inputs.v[i].name);
    for (int i = 0; i < p->params.n; i++)
        free(p->params.v[i].name);
    for (int i = 0; i < p->lets.n; i++)
        free(p->lets.v[i].name);
    for (int i = 0; i < p->rules.n; i++) {
        free(p->rules.v[i].name);
        free(p->rules.v[i].clause);
    }
    for (int i = 0; i < p->tests.n; i++) {
        free(p->tests.v[i].name);
        free(p->tests.v[i].file);
        free(p->tests.v[i].csv);
    }
    for (int i = 0; i < p->exceptions.n; i++) {
        free(p->exceptions.v[i].label);
        free(p->exceptions.v[i].clause);
    }
    free(p->exceptions.v);
    free(p->dexc.v);
    free(p->nodes.v);
    free(p->args.v);
    free(p->enums.v);
    free(p->strings.v);
    free(p->inputs.v);
    free(p->params.v);
    for (int i = 0; i < p->entries.n; i++)
        free(p->entries.v[i].ref);
    free(p->entries.v);
    free(p->lets.v);
    free(p->rules.v);
    free(p->limits.v);
    free(p->tests.v);
    free(p->tvalues.v);
    free(p->tlets.v);
    free(p->program.v);
    free(p);
}

const char *policy_id(const hs_policy *p) {
    return p->id;
}
const char *policy_version(const hs_policy *p) {
    return p->version;
}
const char *policy_title_zh(const hs_policy *p) {
    return p->title_zh;
}
const char *policy_title_en(const hs_policy *p) {
    return p->title_en;
}
const char *policy_source(const hs_policy *p) {
    return p->source;
}
const char *policy_file(const hs_policy *p) {
    return p->file;
}
const char *policy_text(const hs_policy *p, size_t *len) {
    assert(p->src != NULL);
    *len = p->src_len;
    return p->src;
}
hs_instrument policy_instrument(const hs_policy *p) {
    return p->instrument;
}
const char *policy_instrument_name(hs_instrument instrument) {
    static const char *const names[] = {"subsidy", "voucher", "credit", "fund", "tax"};
    return (unsigned)instrument < 5 ? names[instrument] : "unknown";
}
const char *policy_budget(const hs_policy *p) {
    return p->budget;
}
void policy_validity(const hs_policy *p, hs_date *from, hs_date *to, bool *open_end) {
    if (from)
        *from = p->valid_from;
    if (to)
        *to = p->valid_to;
    if (open_end)
        *open_end = p->open_end;
}
bool policy_in_force(const hs_policy *p, hs_date on) {
    return on >= p->valid_from && on <= p->valid_to;
}

bool pol_param_value(const hs_policy *p, int param, hs_date on, int64_t *value, hs_date *from) {
    assert(param >= 0 && param < p->params.n);
    const pol_param *pp = &p->params.v[param];
    bool found = false;
    for (int i = 0; i < pp->entry_count; i++) {
        const pol_param_entry *e = &p->entries.v[pp->first_entry + i];
        if (!e->has_from || e->from <= on) {
            *value = e->value;
            if (from)
                *from = e->has_from ? e->from : INT32_MIN;
            found = true;
        }
    }
    return found;
}

const char *pol_param_ref(const hs_policy *p, int param, hs_date on) {
    assert(param >= 0 && param < p->params.n);
    const pol_param *pp = &p->params.v[param];
    const char *ref = NULL;
    for (int i = 0; i < pp->entry_count; i++) {
        const pol_param_entry *e = &p->entries.v[pp->first_entry + i];
        if (!e->has_from || e->from <= on)
            ref = e->ref;
    }
    return ref;
}

const char *policy_param_ref(const hs_policy *p, size_t i, hs_date on) {
    return i < (size_t)p->params.n ? pol_param_ref(p, (int)i, on) : NULL;
}

const char *policy_amends(const hs_policy *p, hs_date *from) {
    if (p->amends_id != NULL && from != NULL)
        *from = p->amends_from;
    return p->amends_id;
}

hs_date policy_effective_from(const hs_policy *p) {
    return p->amends_id != NULL ? p->amends_from : p->valid_from;
}

hs_policy_period policy_period(const hs_policy *p) {
    return p->period;
}

bool policy_period_end(const char *text, hs_date *out) {
    int y = 0, m = 0;
    char tail = 0;
    size_t n = strlen(text);
    if (n == 4 && sscanf(text, "%4d%c", &y, &tail) == 1) {
        m = 12;
    } else if (n == 7 && text[4] == '-' && sscanf(text, "%4d-%2d%c", &y, &m, &tail) == 2) {
        if (m < 1 || m > 12)
            return false;
    } else {
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (i != 4 && (text[i] < '0' || text[i] > '9'))
            return false;
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX)
        return false;
    hs_date first = date_from_ymd(y, m, 1);
    *out = date_add_months(first, 1) - 1;
    return true;
}

size_t policy_limit_count(const hs_policy *p) {
    return (size_t)p->limits.n;
}

hs_status policy_limit(const hs_policy *p, size_t i, hs_date on, hs_policy_limit *out,
                       hs_error *err) {
    if (i >= (size_t)p->limits.n)
        return hs_fail(err, HS_INPUT, "%s: no limit %zu", p->file, i);
    const pol_limit *l = &p->limits.v[i];
    *out = l->shape;
    if (l->node >= 0) {
        const pol_node *n = &p->nodes.v[l->node];
        if (n->op == N_CONST) {
            out->amount_fen = n->ival;
        } else {
            assert(n->op == N_PARAM);
            if (!pol_param_value(p, (int)n->ival, on, &out->amount_fen, NULL)) {
                char d[DATE_TEXT_LEN], msg[256];
                snprintf(msg, sizeof msg, "parameter '%s' has no value on %s",
                         p->params.v[n->ival].name, date_format(on, d));
                if (err != NULL) {
                    err->status = HS_INPUT;
                    pol_diag(p, n->line, n->col, msg, err->msg, sizeof err->msg);
                }
                return HS_INPUT;
            }
        }
    }
    return HS_OK;
}

hs_status policy_param(const hs_policy *p, const char *name, hs_date on, hs_ptype *type,
                       int64_t *value, hs_error *err) {
    for (int i = 0; i < p->params.n; i++) {
        if (strcmp(p->params.v[i].name, name) != 0)
            continue;
        if (type)
            *type = p->params.v[i].type.kind;
        if (!pol_param_value(p, i, on, value, NULL)) {
            char d[DATE_TEXT_LEN], msg[256];
            snprintf(msg, sizeof msg, "parameter '%s' has no value on %s", name,
                     date_format(on, d));
            if (err != NULL) {
                err->status = HS_INPUT;
                pol_diag(p, p->params.v[i].line, p->params.v[i].col, msg, err->msg,
                         sizeof err->msg);
            }
            return HS_INPUT;
        }
        return HS_OK;
    }
    return hs_fail(err, HS_INPUT, "%s: no parameter '%s'", p->file, name);
}

hs_status policy_rule_disable(hs_policy *p, const char *name, hs_error *err) {
    for (int i = 0; i < p->rules.n; i++) {
        pol_rule *r = &p->rules.v[i];
        if (strcmp(r->name, name) != 0)
            continue;
        free(r->name);
        free(r->clause);
        memmove(r, r + 1, (size_t)(p->rules.n - i - 1) * sizeof *r);
        p->rules.n--;
        /* the policy's own tests name rules by index: keep them pointing at the same rules */
        for (int t = 0; t < p->tests.n; t++) {
            int *because = &p->tests.v[t].because_rule;
            if (*because == i)
                *because = -1;
            else if (*because > i)
                (*because)--;
        }
        return HS_OK;
    }
    return hs_fail(err, HS_INPUT, "%s: no rule '%s'", p->file, name);
}

size_t policy_input_count(const hs_policy *p) {
    return (size_t)p->inputs.n;
}
const char *policy_input_name(const hs_policy *p, size_t i) {
    assert(i < (size_t)p->inputs.n);
    return p->inputs.v[i].name;
}
hs_ptype policy_input_type(const hs_policy *p, size_t i) {
    assert(i < (size_t)p->inputs.n);
    return p->inputs.v[i].type.kind;
}
size_t policy_rule_count(const hs_policy *p) {
    return (size_t)p->rules.n;
}
const char *policy_rule_name(const hs_policy *p, size_t i) {
    assert(i < (size_t)p->rules.n);
    return p->rules.v[i].name;
}
const char *policy_rule_clause(const hs_policy *p, size_t i) {
    assert(i < (size_t)p->rules.n);
    return p->rules.v[i].clause;
}
const char *policy_amount_clause(const hs_policy *p) {
    return p->amount_clause;
}
int policy_notice_days(const hs_policy *p) {
    return p->notice_days;
}
size_t policy_test_count(const hs_policy *p) {
    return (size_t)p->tests.n;
}

void pol_value_text(const hs_policy *p, const hs_pop *pop, pol_type t, int64_t v, char *buf,
                    size_t len) {
    switch (t.kind) {
    case HS_T_BOOL:
        snprintf(buf, len, "%s", v ? "true" : "false");
        break;
    case HS_T_INT:
        snprintf(buf, len, "%lld", (long long)v);
        break;
    case HS_T_MONEY:
        money_format(v, buf, len);
        break;
    case HS_T_RATE:
        rate_format_bp(v, buf, len);
        break;
    case HS_T_DATE:
        if (v >= date_from_ymd(DATE_YEAR_MIN, 1, 1) && v <= date_from_ymd(DATE_YEAR_MAX, 12, 31))
            date_format((hs_date)v, buf);
        else
            snprintf(buf, len, "(date out of range)");
        break;
    case HS_T_ENUM:
        if (v >= 0 && v < p->enums.v[t.enum_id].count)
            snprintf(buf, len, "%s", p->enums.v[t.enum_id].names[v]);
        else
            snprintf(buf, len, "(bad enum %lld)", (long long)v);
        break;
    case HS_T_STRING:
        if (pop != NULL && v >= 0 && v < pop->pool.n)
            snprintf(buf, len, "\"%s\"", pop->pool.v[v]);
        else if (v < 0 && -v - 1 < p->strings.n)
            snprintf(buf, len, "\"%s\"", p->strings.v[-v - 1]);
        else
            snprintf(buf, len, "(string)");
        break;
    default:
        snprintf(buf, len, "?");
    }
}

size_t policy_param_count(const hs_policy *p) {
    return (size_t)p->params.n;
}
const char *policy_param_name(const hs_policy *p, size_t i) {
    assert(i < (size_t)p->params.n);
    return p->params.v[i].name;
}
hs_ptype policy_param_type(const hs_policy *p, size_t i) {
    assert(i < (size_t)p->params.n);
    return p->params.v[i].type.kind;
}

hs_status policy_param_override(hs_policy *p, const char *name, const char *value_text,
                                hs_error *err) {
    for (int i = 0; i < p->params.n; i++) {
        pol_param *pp = &p->params.v[i];
        if (strcmp(pp->name, name) != 0)
            continue;
        int64_t v = 0;
        char why[256] = "";
        bool ok = false;
        switch (pp->type.kind) {
        case HS_T_MONEY:
            ok = money_parse(value_text, &v, why, sizeof why);
            break;
        case HS_T_RATE:
            ok = rate_parse_bp(value_text, &v, why, sizeof why);
            break;
        case HS_T_INT: {
            char *end = NULL;
            errno = 0;
            long long n = strtoll(value_text, &end, 10);
            ok = *value_text != '\0' && *end == '\0' && errno == 0;
            v = n;
            snprintf(why, sizeof why, "not an integer: '%s'", value_text);
            break;
        }
        case HS_T_DATE: {
            hs_date d;
            ok = date_parse(value_text, &d);
            v = d;
            snprintf(why, sizeof why, "not a YYYY-MM-DD date: '%s'", value_text);
            break;
        }
        case HS_T_BOOL:
            ok = strcmp(value_text, "true") == 0 || strcmp(value_text, "false") == 0;
            v = strcmp(value_text, "true") == 0;
            snprintf(why, sizeof why, "not true or false: '%s'", value_text);
            break;
        default:
            snprintf(why, sizeof why, "cannot override a parameter of this type");
        }
        if (!ok)
            return hs_fail(err, HS_INPUT, "parameter '%s': %s", name, why);
        /* one undated value: the first entry, used on every date */
        pol_param_entry *e = &p->entries.v[pp->first_entry];
        e->value = v;
        e->has_from = false;
        free(e->ref); /* a "what if" value comes from no document */
        e->ref = NULL;
        pp->entry_count = 1;
        return HS_OK;
    }
    return hs_fail(err, HS_INPUT, "%s: no parameter '%s'", p->file, name);
}
