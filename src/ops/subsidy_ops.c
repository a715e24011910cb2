/* subsidy_ops.c — subsidy operations: input precedence, the 免申即享 loop, one transaction per step
 * (see subsidy_ops.h). */
#include "ops/subsidy_ops.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "ops/explain_view.h"
#include "ops/notice_ops.h"
#include "ops/subsidy_view.h"
#include "instrument/programme.h"
#include "registry/firm_csv.h"
#include "registry/registry.h"

static const char *const extra_inputs[] = {"product", NULL};

/* A registry firm as a JSON row of CSV cells (the names policies read: sector, high_tech, ...). */
static json_t *firm_row(const hs_firm *f) {
    json_t *row = json_object();
    for (int k = 0; k < FIRM_FIELD_COUNT; k++) {
        char buf[512];
        const char *cell = firm_csv_cell(f, (firm_field)k, buf, sizeof buf);
        if (cell != NULL && cell[0] != '\0')
            json_object_set_new(row, firm_field_name((firm_field)k), json_string(cell));
    }
    return row;
}

/* Merges the registry's record of `uscc` (if any) under the inputs already there. */
static hs_status merge_registry(hs_store *s, const char *uscc, json_t *inputs, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    firm_meta meta;
    bool found = false;
    st = registry_find(r, uscc, &f, &meta, &found, err);
    if (st == HS_OK && found) {
        json_t *row = firm_row(&f);
        json_object_update_missing(inputs, row);
        json_decref(row);
    }
    registry_close(r);
    return st;
}

/* Applies in one transaction of its own. */
static hs_status apply_tx(const hs_ctx *ctx, const instrument_policy *ip, const char *id,
                          const char *firm, const char *product, const json_t *inputs, hs_date on,
                          const char *operation, subsidy_app *out, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = subsidy_apply(&tx, ip, id, firm, product, inputs, on, operation, out, err);
    return ops_end(&tx, st, err);
}

hs_status ops_subsidy_apply(const hs_ctx *ctx, const ops_subsidy_apply_req *req, subsidy_app *out,
                            hs_error *err) {
    assert(ctx != NULL && req != NULL && out != NULL);
    if (req->policy == NULL || req->firm == NULL || req->id == NULL)
        return hs_invalid_field(err,
                                req->policy == NULL ? "--policy"
                                : req->firm == NULL ? "--firm"
                                                    : "--id",
                                "--policy, --firm and --id are required");
    hs_status st = instrument_firm_check(req->firm, err);
    if (st != HS_OK)
        return st;
    instrument_policy ip;
    if ((st = ops_instrument_policy(req->policy, HS_INSTR_SUBSIDY, &ip, err)) != HS_OK)
        return st;
    if ((st = instrument_policy_for_module(&ip, NULL, err)) != HS_OK) {
        instrument_policy_free(&ip);
        return st;
    }
    json_t *inputs = req->inputs ? json_deep_copy(req->inputs) : json_object();
    if (inputs == NULL) {
        instrument_policy_free(&ip);
        return hs_fail(err, HS_STORAGE, "out of memory");
    }
    if (req->inputs != NULL)
        st = instrument_inputs_known(&ip, req->inputs, extra_inputs, err);
    if (st == HS_OK && req->firms_rows != NULL) {
        /* precedence: typed inputs > the firm's row of the CSV (the registry is not consulted) */
        const json_t *found = NULL;
        size_t i;
        json_t *row;
        json_array_foreach(req->firms_rows, i, row) {
            json_t *u = json_object_get(row, "uscc");
            if (json_is_string(u) && strcmp(json_string_value(u), req->firm) == 0) {
                found = row;
                break;
            }
        }
        if (found == NULL)
            st = hs_not_found(err, "--firm", "%s: no row with uscc %s",
                              req->firms_source ? req->firms_source : "firms", req->firm);
        else
            json_object_update_missing(inputs, (json_t *)found);
    } else if (st == HS_OK) {
        /* precedence: typed inputs > the firm's registry record */
        st = merge_registry(ctx->store, req->firm, inputs, err);
    }
    const char *product = req->product;
    if (product == NULL && json_is_string(json_object_get(inputs, "product")))
        product = json_string_value(json_object_get(inputs, "product"));
    if (st == HS_OK)
        st = apply_tx(ctx, &ip, req->id, req->firm, product, inputs, req->on, "subsidy.apply", out,
                      err);
    json_decref(inputs);
    instrument_policy_free(&ip);
    return st;
}

/* ---- 免申即享 ---- */

/* How a policy shares an oversubscribed round (subsidy_ops.h). */
typedef enum { OVER_FIRST_COME, OVER_PRO_RATA, OVER_RANKING } over_rule;

typedef struct {
    over_rule rule;
    bool has_cap;
    int64_t cap_fen;
} over_policy;

/* An application of the round waiting for its share. */
typedef struct {
    char id[SUBSIDY_ID_MAX];
    int64_t decided_fen, requested_fen, share_fen;
    int64_t score;
    bool blocked; /* a limit refuses it outright: awarded as usual, so the refusal says why */
    json_t *row;  /* borrowed: its entry in out->applications */
} over_app;

typedef struct {
    const hs_ctx *ctx;
    const instrument_policy *ip;
    const ops_subsidy_match_req *req;
    ops_subsidy_match_result *out;
    over_policy over;
    bool shared; /* awards wait for the round (a rule or a cap is declared) */
    over_app *pending;
    size_t npending, cap;
} match_ctx;

/* Reads the policy's oversubscription parameters on `on` (none: first come, first served). */
static hs_status over_settings(const hs_policy *p, hs_date on, over_policy *o, hs_error *err) {
    memset(o, 0, sizeof *o);
    bool pro_rata = false, ranking = false;
    for (size_t i = 0; i < policy_param_count(p); i++) {
        const char *name = policy_param_name(p, i);
        bool is_rule = strcmp(name, "oversubscription_pro_rata") == 0 ||
                       strcmp(name, "oversubscription_ranking") == 0;
        bool is_cap = strcmp(name, "oversubscription_firm_cap") == 0;
        if (!is_rule && !is_cap)
            continue;
        hs_ptype type;
        int64_t v = 0;
        hs_status st = policy_param(p, name, on, &type, &v, err);
        if (st != HS_OK)
            return st;
        if (type != (is_cap ? HS_T_MONEY : HS_T_BOOL) || (is_cap && v <= 0))
            return hs_invalid_field(err, name, "%s: parameter '%s' must be %s", policy_file(p),
                                    name, is_cap ? "money above 0元" : "bool");
        if (is_cap) {
            o->has_cap = true;
            o->cap_fen = v;
        } else if (strcmp(name, "oversubscription_pro_rata") == 0) {
            pro_rata = v != 0;
        } else {
            ranking = v != 0;
        }
    }
    if (pro_rata && ranking)
        return hs_invalid_field(err, "oversubscription_ranking",
                                "%s: a round is shared pro rata or by ranking, not both",
                                policy_file(p));
    bool has_score = false;
    for (size_t i = 0; i < policy_input_count(p); i++)
        has_score |= strcmp(policy_input_name(p, i), "ranking_score") == 0 &&
                     policy_input_type(p, i) == HS_T_INT;
    if (ranking && !has_score)
        return hs_invalid_field(err, "oversubscription_ranking",
                                "%s: ranking needs an input ranking_score: int", policy_file(p));
    o->rule = ranking ? OVER_RANKING : pro_rata || o->has_cap ? OVER_PRO_RATA : OVER_FIRST_COME;
    return HS_OK;
}

/* Awards in one transaction of its own: share_fen -1 the decided amount, else a round's share. */
static hs_status award_share_tx(const hs_ctx *ctx, const char *id, hs_date on, hs_date pay_by,
                                int64_t share_fen, const char *note, subsidy_app *out,
                                hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    bool already = false;
    st = subsidy_award_share(&tx, id, on, pay_by, share_fen, note, out, &already, err);
    if (st == HS_OK && !already) /* 公示, in the award's transaction */
        st = ops_notice_publish_award(ctx, &tx, out, err);
    return ops_end(&tx, st, err);
}

static hs_status award_tx(const hs_ctx *ctx, const char *id, hs_date on, hs_date pay_by,
                          subsidy_app *out, hs_error *err) {
    return award_share_tx(ctx, id, on, pay_by, -1, NULL, out, err);
}

/* Records one award's outcome in the result (counts, total, the row's award_fen | refused). */
static hs_status award_outcome(match_ctx *m, json_t *o, hs_status st, const subsidy_app *app,
                               const hs_error *aerr, hs_error *err) {
    if (st == HS_STORAGE) {
        *err = *aerr;
        return st;
    }
    if (st == HS_OK) {
        m->out->awarded++;
        if (!money_add(m->out->awarded_fen, app->award_fen, &m->out->awarded_fen))
            return hs_fail(err, HS_STORAGE, "awarded total overflows");
        json_object_set_new(o, "award_fen", json_integer(app->award_fen));
    } else {
        m->out->refused++;
        json_object_set_new(o, "refused", json_string(aerr->msg));
    }
    return HS_OK;
}

/* The score an application is ranked by: its stored input ranking_score (0 when absent). */
static int64_t ranking_score(const subsidy_app *app) {
    json_t *in = json_loads(app->inputs, 0, NULL);
    json_t *v = json_object_get(in, "ranking_score");
    int64_t score = 0;
    if (json_is_integer(v))
        score = json_integer_value(v);
    else if (json_is_string(v))
        score = strtoll(json_string_value(v), NULL, 10);
    json_decref(in);
    return score;
}

/* Keeps an applied application for the round. */
static hs_status round_add(match_ctx *m, const subsidy_app *app, json_t *o, hs_error *err) {
    if (m->npending == m->cap) {
        size_t n = m->cap ? m->cap * 2 : 64;
        over_app *grown = realloc(m->pending, n * sizeof *grown);
        if (grown == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        m->pending = grown;
        m->cap = n;
    }
    over_app *a = &m->pending[m->npending++];
    memset(a, 0, sizeof *a);
    snprintf(a->id, sizeof a->id, "%s", app->id);
    a->decided_fen = app->decided_fen;
    a->requested_fen =
        m->over.has_cap && app->decided_fen > m->over.cap_fen ? m->over.cap_fen : app->decided_fen;
    a->score = ranking_score(app);
    a->row = o;
    return HS_OK;
}

static int by_id(const void *x, const void *y) {
    return strcmp(((const over_app *)x)->id, ((const over_app *)y)->id);
}

static int by_rank(const void *x, const void *y) {
    const over_app *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->id, b->id);
}

typedef struct {
    const char *account;
    bool found;
    int64_t remaining_fen;
} budget_left;

static hs_status on_budget(void *arg, const programme_budget *b, hs_error *err) {
    (void)err;
    budget_left *l = arg;
    if (strcmp(b->account, l->account) == 0) {
        l->found = true;
        l->remaining_fen = b->remaining_fen;
    }
    return HS_OK;
}

/* Shares the round's budget among m->pending (each share_fen) and returns how in *round. */
static hs_status round_share(match_ctx *m, int64_t budget_fen, json_t *round, hs_error *err) {
    int64_t requested = 0, decided = 0;
    for (size_t i = 0; i < m->npending; i++)
        if (!money_add(requested, m->pending[i].requested_fen, &requested) ||
            !money_add(decided, m->pending[i].decided_fen, &decided))
            return hs_fail(err, HS_INPUT, "the round's requests overflow 64-bit fen");
    bool scaled = requested > budget_fen;
    const char *rule = !scaled ? (m->over.has_cap ? "firm_cap" : "within_budget")
                       : m->over.rule == OVER_RANKING ? "ranking"
                                                      : "pro_rata";
    int64_t shared = 0;
    if (!scaled) {
        for (size_t i = 0; i < m->npending; i++)
            m->pending[i].share_fen = m->pending[i].requested_fen;
        shared = requested;
    } else if (m->over.rule == OVER_RANKING) {
        qsort(m->pending, m->npending, sizeof *m->pending, by_rank);
        bool cut = false;
        for (size_t i = 0; i < m->npending; i++) {
            over_app *a = &m->pending[i];
            cut = cut || shared + a->requested_fen > budget_fen;
            a->share_fen = cut ? 0 : a->requested_fen;
            if (!cut) {
                shared += a->requested_fen;
                json_object_set_new(round, "cutoff_score", json_integer(a->score));
            }
        }
    } else {
        qsort(m->pending, m->npending, sizeof *m->pending, by_id); /* ties: the lower id */
        int64_t *w = calloc(m->npending + 1, sizeof *w), *share = calloc(m->npending + 1, 8);
        bool ok = w != NULL && share != NULL;
        for (size_t i = 0; ok && i < m->npending; i++)
            w[i] = m->pending[i].requested_fen;
        ok = ok && money_allocate(budget_fen, w, m->npending, share);
        for (size_t i = 0; ok && i < m->npending; i++) {
            m->pending[i].share_fen = share[i];
            shared += share[i];
            assert(share[i] <= m->pending[i].requested_fen); /* budget < requested */
        }
        free(w);
        free(share);
        if (!ok)
            return hs_fail(err, HS_STORAGE, "cannot share the round's budget pro rata");
        assert(shared == budget_fen); /* largest remainder: the shares sum to the budget */
    }
    assert(shared <= budget_fen || !scaled);
    json_object_set_new(round, "rule", json_string(rule));
    json_object_set_new(round, "budget_fen", json_integer(budget_fen));
    json_object_set_new(round, "requested_fen", json_integer(decided));
    json_object_set_new(round, "capped_fen", json_integer(requested));
    json_object_set_new(round, "shared_fen", json_integer(shared));
    json_object_set_new(round, "scaled", json_boolean(scaled));
    if (m->over.has_cap)
        json_object_set_new(round, "cap_fen", json_integer(m->over.cap_fen));
    return HS_OK;
}

/* The note an award of the round keeps: how its share was computed. */
static void share_note(const match_ctx *m, const over_app *a, const json_t *round, char *buf,
                       size_t len) {
    char s[MONEY_TEXT_MAX], r[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX], t[MONEY_TEXT_MAX];
    const char *rule = json_string_value(json_object_get(round, "rule"));
    int64_t budget = json_integer_value(json_object_get(round, "budget_fen"));
    int64_t capped = json_integer_value(json_object_get(round, "capped_fen"));
    money_format(a->share_fen, s, sizeof s);
    money_format(a->requested_fen, r, sizeof r);
    money_format(budget, b, sizeof b);
    money_format(capped, t, sizeof t);
    if (strcmp(rule, "pro_rata") == 0)
        snprintf(buf, len,
                 "oversubscribed round, pro rata (按比例核减): %s = %s x budget %s / requested %s "
                 "(largest remainder, ties by application id)",
                 s, r, b, t);
    else if (strcmp(rule, "ranking") == 0)
        snprintf(buf, len,
                 "oversubscribed round, by ranking (择优): ranking_score %lld, cut-off score %lld, "
                 "%s of %s requested (budget %s, requested %s)",
                 (long long)a->score,
                 (long long)json_integer_value(json_object_get(round, "cutoff_score")), s, r, b, t);
    else if (m->over.has_cap)
        snprintf(buf, len, "round within budget after the per-firm cap (单户封顶) %s: %s",
                 money_format(m->over.cap_fen, t, sizeof t), s);
    else
        snprintf(buf, len, "round within budget: %s in full", s);
}

/* Reads, in one transaction, what the round may share: the budget account's remaining amount,
 * capped by the headroom of the policy's whole-policy money limits, and each application's own
 * room under its limits (its request, then the per-firm cap). */
static hs_status round_room(match_ctx *m, int64_t *budget_fen, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(m->ctx, &tx, err);
    if (st != HS_OK)
        return st;
    budget_left left = {.account = m->ip->budget};
    bool limited = false;
    int64_t room = 0;
    st = programme_budgets(m->ctx->store, m->ip->programme, on_budget, &left, err);
    if (st == HS_OK)
        st = subsidy_round_room(&tx, m->ip->policy, m->req->on, &limited, &room, err);
    for (size_t i = 0; st == HS_OK && i < m->npending; i++) {
        over_app *a = &m->pending[i];
        int64_t own = -1;
        if ((st = subsidy_award_room(&tx, a->id, m->req->on, &own, err)) != HS_OK)
            break;
        a->blocked = own < 0;
        a->requested_fen = own < 0 ? 0 : own;
        if (m->over.has_cap && a->requested_fen > m->over.cap_fen)
            a->requested_fen = m->over.cap_fen;
        assert(a->requested_fen >= 0 && a->requested_fen <= a->decided_fen);
    }
    *budget_fen = left.found && left.remaining_fen > 0 ? left.remaining_fen : 0;
    if (limited && room < *budget_fen)
        *budget_fen = room;
    return ops_end(&tx, st, err);
}

/* Shares the round's budget and awards each pending application its share. */
static hs_status award_round(match_ctx *m, hs_error *err) {
    if (m->npending == 0)
        return HS_OK;
    int64_t budget_fen = 0;
    hs_status st = round_room(m, &budget_fen, err);
    if (st != HS_OK)
        return st;
    json_t *round = json_object();
    if (round == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory");
    if ((st = round_share(m, budget_fen, round, err)) != HS_OK) {
        json_decref(round);
        return st;
    }
    m->out->round = round;
    qsort(m->pending, m->npending, sizeof *m->pending, by_id); /* awarded in id order */
    for (size_t i = 0; st == HS_OK && i < m->npending; i++) {
        const over_app *a = &m->pending[i];
        char note[400];
        share_note(m, a, round, note, sizeof note);
        json_object_set_new(a->row, "share",
                            json_pack("{s:I, s:I, s:s}", "requested_fen",
                                      (json_int_t)a->requested_fen, "share_fen",
                                      (json_int_t)a->share_fen, "note", note));
        subsidy_app app;
        hs_error aerr = {0};
        hs_status ast = award_share_tx(m->ctx, a->id, m->req->on, m->req->pay_by,
                                       a->blocked ? -1 : a->share_fen, note, &app, &aerr);
        st = award_outcome(m, a->row, ast, &app, &aerr, err);
    }
    return st;
}

static hs_status match_row(match_ctx *m, const json_t *row, long record, hs_error *err) {
    const char *source =
        m->req->firms_rows ? (m->req->firms_source ? m->req->firms_source : "firms") : "registry";
    json_t *u = json_object_get(row, "uscc");
    if (!json_is_string(u))
        return hs_invalid_field(err, "uscc", "%s:%ld: field 'uscc': missing", source, record);
    const char *uscc = json_string_value(u);
    json_t *prod = json_object_get(row, "product");
    const char *product = json_is_string(prod) ? json_string_value(prod) : "";
    char id[SUBSIDY_ID_MAX];
    int n = snprintf(id, sizeof id, "%s%s%s%s", m->req->prefix ? m->req->prefix : "auto.", uscc,
                     product[0] ? "." : "", product);
    if (n < 0 || (size_t)n >= sizeof id)
        return hs_invalid_field(err, "--prefix",
                                "%s:%ld: application id %s%s%s%s is longer than %d characters",
                                source, record, m->req->prefix ? m->req->prefix : "auto.", uscc,
                                product[0] ? "." : "", product, SUBSIDY_ID_MAX - 1);
    subsidy_app app;
    m->out->rows++;
    hs_status st =
        apply_tx(m->ctx, m->ip, id, uscc, product, row, m->req->on, "subsidy.match", &app, err);
    if (st != HS_OK)
        return hs_error_prefix(err, "%s:%ld", source, record);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(app.id));
    json_object_set_new(o, "firm", json_string(uscc));
    json_object_set_new(o, "eligible", json_boolean(app.eligible));
    if (!app.eligible) {
        json_object_set_new(o, "reason", json_string(app.reason));
        json_array_append_new(m->out->applications, o);
        return HS_OK;
    }
    m->out->eligible++;
    json_object_set_new(o, "decided_fen", json_integer(app.decided_fen));
    if (json_array_append_new(m->out->applications, o) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    if (!m->req->award)
        return HS_OK;
    if (m->shared && strcmp(app.status, "applied") == 0)
        return round_add(m, &app, o, err); /* awarded with the round's share */
    hs_error aerr = {0};
    st = award_tx(m->ctx, app.id, m->req->on, m->req->pay_by, &app, &aerr);
    return award_outcome(m, o, st, &app, &aerr, err);
}

/* Every registry firm, with the typed facts applied over its record. */
static hs_status match_registry(match_ctx *m, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(m->ctx->store, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm *firms = NULL;
    size_t n = 0;
    st = registry_load(r, NULL, &firms, &n, err);
    registry_close(r);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        json_t *row = firm_row(&firms[i]);
        if (m->req->facts != NULL)
            json_object_update(row, (json_t *)m->req->facts);
        st = match_row(m, row, (long)i + 1, err);
        json_decref(row);
    }
    free(firms);
    return st;
}

hs_status ops_subsidy_match(const hs_ctx *ctx, const ops_subsidy_match_req *req,
                            ops_subsidy_match_result *out, hs_error *err) {
    assert(ctx != NULL && req != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    if (req->policy == NULL)
        return hs_invalid_field(err, "--policy", "--policy is required");
    instrument_policy ip;
    hs_status st = ops_instrument_policy(req->policy, HS_INSTR_SUBSIDY, &ip, err);
    if (st == HS_OK && (st = instrument_policy_for_module(&ip, NULL, err)) != HS_OK)
        instrument_policy_free(&ip);
    if (st != HS_OK)
        return st;
    if (req->facts != NULL &&
        (st = instrument_inputs_known(&ip, req->facts, extra_inputs, err)) != HS_OK) {
        instrument_policy_free(&ip);
        return st;
    }
    out->applications = json_array();
    match_ctx m = {ctx, &ip, req, out, .pending = NULL};
    if (req->award && (st = over_settings(req->policy->policy, req->on, &m.over, err)) != HS_OK) {
        instrument_policy_free(&ip);
        json_decref(out->applications);
        out->applications = NULL;
        return st;
    }
    m.shared = req->award && m.over.rule != OVER_FIRST_COME;
    if (req->firms_rows != NULL) {
        size_t i;
        json_t *row;
        json_array_foreach(req->firms_rows, i, row) {
            if ((st = match_row(&m, row, (long)i + 2, err)) != HS_OK)
                break;
        }
    } else {
        st = match_registry(&m, err);
    }
    if (st == HS_OK && m.shared)
        st = award_round(&m, err);
    free(m.pending);
    instrument_policy_free(&ip);
    if (st != HS_OK) {
        json_decref(out->applications);
        out->applications = NULL;
        json_decref(out->round);
        out->round = NULL;
    }
    assert(st != HS_OK || out->awarded + out->refused <= out->eligible);
    return st;
}

json_t *view_subsidy_match(const ops_subsidy_match_result *r) {
    json_t *o = json_object();
    json_object_set_new(o, "firms", json_integer(r->rows));
    json_object_set_new(o, "eligible", json_integer(r->eligible));
    json_object_set_new(o, "awarded", json_integer(r->awarded));
    json_object_set_new(o, "refused", json_integer(r->refused));
    json_object_set_new(o, "awarded_fen", json_integer(r->awarded_fen));
    json_object_set(o, "applications", r->applications ? r->applications : json_array());
    if (r->round != NULL)
        json_object_set(o, "oversubscription", r->round);
    return o;
}

/* ---- state changes ---- */

hs_status ops_subsidy_award(const hs_ctx *ctx, const char *id, hs_date on, hs_date pay_by,
                            subsidy_app *out, hs_error *err) {
    return award_tx(ctx, id, on, pay_by, out, err);
}

hs_status ops_subsidy_pay(const hs_ctx *ctx, const char *id, int64_t amount_fen, hs_date on,
                          subsidy_app *out, approval_outcome *gate, hs_error *err) {
    assert(ctx != NULL && id != NULL && out != NULL && gate != NULL);
    memset(gate, 0, sizeof *gate);
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    subsidy_app app;
    int64_t pay_fen = 0;
    st = subsidy_pay_check(&tx, id, amount_fen, on, &app, &pay_fen, err);
    if (st == HS_OK) {
        json_t *req =
            json_pack("{s:s, s:I}", "application", app.id, "amount_fen", (json_int_t)pay_fen);
        st = req ? approval_tx_gate(&tx, ctx->principal, app.policy.programme, "subsidy.pay", req,
                                    pay_fen, on, gate, err)
                 : hs_fail(err, HS_STORAGE, "out of memory");
        json_decref(req);
    }
    if (st == HS_OK && gate->pending)
        *out = app; /* nothing moved: the approval's execution pays */
    else if (st == HS_OK)
        st = subsidy_pay(&tx, id, pay_fen, on, out, err);
    return ops_end(&tx, st, err);
}

hs_status ops_subsidy_reject(const hs_ctx *ctx, const char *id, const char *reason, hs_date on,
                             subsidy_app *out, hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, subsidy_reject(&tx, id, reason, on, out, err), err);
}

hs_status ops_subsidy_clawback(const hs_ctx *ctx, const char *id, int64_t amount_fen,
                               const char *reason, hs_date on, subsidy_app *out, hs_error *err) {
    if (reason == NULL || *reason == '\0')
        return hs_invalid_field(err, "--reason", "a clawback needs a reason");
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    st = subsidy_clawback(&tx, id, amount_fen, reason, on, out, err);
    return ops_end(&tx, st, err);
}

hs_status ops_subsidy_expire(const hs_ctx *ctx, hs_date on, const char *programme_id, size_t *count,
                             hs_error *err) {
    hs_tx tx;
    hs_status st = ops_begin(ctx, &tx, err);
    if (st != HS_OK)
        return st;
    return ops_end(&tx, subsidy_expire(&tx, on, programme_id, count, err), err);
}

/* ---- reads ---- */

hs_status ops_subsidy_show(const hs_ctx *ctx, const char *id, subsidy_app *out, json_t **view,
                           hs_error *err) {
    *view = NULL;
    bool found = false;
    hs_status st = subsidy_find(ctx->store, id, out, &found, err);
    if (st != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "APP", "no subsidy application '%s'", id);
    instrument_policy ip;
    hs_error perr = {0};
    json_t *explanation = NULL;
    bool unchanged = false;
    st = instrument_policy_stored_ro(ctx->store, &out->policy, HS_INSTR_SUBSIDY, &ip, &perr);
    if (st == HS_STORAGE) {
        *err = perr;
        return st;
    }
    if (st == HS_OK) {
        unchanged = true;
        json_t *inputs = json_loads(out->inputs, 0, NULL);
        hs_explanation ex;
        if (inputs != NULL &&
            instrument_explain(&ip, out->firm, inputs, out->applied_date, &ex, &perr) == HS_OK) {
            explanation = view_explanation_items(&ex);
            explanation_free(&ex);
        }
        json_decref(inputs);
        instrument_policy_free(&ip);
    }
    *view = view_subsidy_show(out, explanation, unchanged);
    return *view ? HS_OK : hs_fail(err, HS_STORAGE, "out of memory");
}

hs_status ops_subsidy_list(const hs_ctx *ctx, const char *programme_id, const char *firm,
                           const char *status, const char *after_id, size_t max_rows,
                           hs_status (*fn)(void *c, const subsidy_app *a, hs_error *err), void *c,
                           hs_error *err) {
    return subsidy_each(ctx->store, programme_id, firm, status, after_id, max_rows, fn, c, err);
}
