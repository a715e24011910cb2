/* ventureday.c — venture-day matchmaking: validation, fit, ranking, follow-ups and outcomes over
 * ventureday_repo.h (see ventureday.h). */
#include "instrument/ventureday.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/text.h"
#include "instrument/fund.h"
#include "instrument/fund_deal.h"
#include "instrument/ventureday_repo.h"

static const char *const status_names[VD_STATUSES] = {"met", "diligence", "term-sheet", "invested",
                                                      "declined"};

const char *vd_status_name(vd_status s) {
    assert(s >= 0 && s < VD_STATUSES);
    return status_names[s];
}

bool vd_status_parse(const char *text, vd_status *out) {
    for (int i = 0; i < VD_STATUSES; i++)
        if (strcmp(text, status_names[i]) == 0) {
            *out = (vd_status)i;
            return true;
        }
    return false;
}

/* An id: 1..64 bytes of a-z, A-Z, 0-9, '-', '_', '.', or a 统一社会信用代码's characters. */
static bool id_valid(const char *id) {
    size_t n = strlen(id);
    if (n == 0 || n >= VD_ID_MAX)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

static hs_status check_id(const char *field, const char *id, bool optional, hs_error *err) {
    if (optional && id[0] == '\0')
        return HS_OK;
    if (!id_valid(id))
        return hs_invalid_field(err, field,
                                "field '%s': '%.80s' must be 1-64 characters of a-z, A-Z, 0-9, "
                                "'-', '_', '.'",
                                field, id);
    return HS_OK;
}

static hs_status check_text(const char *field, const char *text, bool optional, hs_error *err) {
    char why[160];
    if (!optional && text[0] == '\0')
        return hs_invalid_field(err, field, "field '%s' is required", field);
    if (!text_field_valid(text, why, sizeof why))
        return hs_invalid_field(err, field, "field '%s' %s", field, why);
    return HS_OK;
}

/* True if `item` is one of the comma-separated `list` (exact, case-sensitive). */
static bool in_list(const char *list, const char *item) {
    size_t n = strlen(item);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, item, n) == 0)
            return true;
        if (end == NULL)
            break;
        p = end + 1;
    }
    return false;
}

/* A list of 1.. items, each non-empty text without spaces (a sector or stage name). */
static hs_status check_list(const char *field, const char *list, bool optional, hs_error *err) {
    hs_status st = check_text(field, list, optional, err);
    if (st != HS_OK || list[0] == '\0')
        return st;
    for (const char *p = list;; p++) {
        if (*p == ',' || *p == '\0') {
            if (p == list || p[-1] == ',')
                return hs_invalid_field(err, field, "field '%s': an empty item in '%.80s'", field,
                                        list);
            if (*p == '\0')
                return HS_OK;
        } else if (*p == ' ') {
            return hs_invalid_field(err, field, "field '%s': items are separated by ',' only",
                                    field);
        }
    }
}

int vd_fit(const vd_roadshow *r, const vd_interest *i, char *explain, size_t explain_len) {
    assert(r != NULL && i != NULL && explain != NULL && explain_len > 0);
    int fit = 0;
    size_t used = 0;
    explain[0] = '\0';
#define SAY(...)                                                                                   \
    do {                                                                                           \
        int k = snprintf(explain + used, explain_len - used, __VA_ARGS__);                         \
        if (k > 0)                                                                                 \
            used = used + (size_t)k < explain_len ? used + (size_t)k : explain_len - 1;            \
    } while (0)
    if (!in_list(i->sectors, r->sector)) {
        SAY("sector %s is not one of the investor's sectors (%s): no match", r->sector, i->sectors);
        return 0;
    }
    fit += VD_FIT_SECTOR;
    SAY("sector %s is one of the investor's sectors (+%d)", r->sector, VD_FIT_SECTOR);
    if (i->stages[0] == '\0' || in_list(i->stages, r->stage)) {
        fit += VD_FIT_STAGE;
        SAY("; stage %s %s (+%d)", r->stage,
            i->stages[0] ? "is one of the investor's stages" : "(the investor takes any stage)",
            VD_FIT_STAGE);
    } else {
        SAY("; stage %s is not one of %s (+0)", r->stage, i->stages);
    }
    char seek[MONEY_TEXT_MAX], lo[MONEY_TEXT_MAX], hi[MONEY_TEXT_MAX];
    money_format_cn(r->seeking_fen, seek, sizeof seek);
    money_format_cn(i->ticket_min_fen, lo, sizeof lo);
    money_format_cn(i->ticket_max_fen, hi, sizeof hi);
    /* half the minimum and twice the maximum, without overflow */
    int64_t near_lo = i->ticket_min_fen / 2;
    int64_t near_hi = i->ticket_max_fen > INT64_MAX / 2 ? INT64_MAX : 2 * i->ticket_max_fen;
    if (r->seeking_fen >= i->ticket_min_fen && r->seeking_fen <= i->ticket_max_fen) {
        fit += VD_FIT_TICKET;
        SAY("; seeking %s within the ticket %s-%s (+%d)", seek, lo, hi, VD_FIT_TICKET);
    } else if (r->seeking_fen >= near_lo && r->seeking_fen <= near_hi) {
        fit += VD_FIT_TICKET_NEAR;
        SAY("; seeking %s near the ticket %s-%s (+%d)", seek, lo, hi, VD_FIT_TICKET_NEAR);
    } else {
        SAY("; seeking %s far from the ticket %s-%s (+0)", seek, lo, hi);
    }
#undef SAY
    assert(fit >= VD_FIT_SECTOR && fit <= 100);
    return fit;
}

static hs_status event_required(hs_store *s, const char *id, vd_event *e, hs_error *err) {
    bool found;
    hs_status st = vd_repo_event_get(s, id, e, &found, err);
    if (st == HS_OK && !found)
        st = hs_not_found(err, "event",
                          "no venture-day event '%.80s' (create it with `huoshui ventureday "
                          "event create`)",
                          id);
    return st;
}

hs_status vd_event_create(hs_tx *tx, const vd_event *e, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && e != NULL);
    hs_status st = check_id("id", e->id, false, err);
    if (st == HS_OK)
        st = check_text("title", e->title, true, err);
    if (st == HS_OK)
        st = check_text("city", e->city, false, err);
    if (st == HS_OK && e->date <= 0)
        st = hs_invalid_field(err, "date", "field 'date' is required");
    if (st != HS_OK)
        return st;
    vd_event have;
    bool found;
    if ((st = vd_repo_event_get(tx->store, e->id, &have, &found, err)) != HS_OK)
        return st;
    if (found) {
        if (strcmp(have.title, e->title) || strcmp(have.city, e->city) || have.date != e->date)
            return hs_fail_code(err, HS_INPUT, "exists_with_different_fields", "id",
                                "event %s exists with another title, city or date", e->id);
        return HS_OK;
    }
    if ((st = vd_repo_event_insert(tx, e, err)) != HS_OK)
        return st;
    /* postcondition, paired with a read in the same transaction */
    if ((st = vd_repo_event_get(tx->store, e->id, &have, &found, err)) != HS_OK)
        return st;
    if (!found || have.date != e->date)
        return hs_fail(err, HS_STORAGE, "event %s was not recorded", e->id);
    return HS_OK;
}

/* Registrations close at the end of the event's day. */
static hs_status still_open(const vd_event *e, hs_date today, hs_error *err) {
    if (today > e->date) {
        char d[DATE_TEXT_LEN];
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "event",
                            "event %s took place on %s: registrations are closed", e->id,
                            date_format(e->date, d));
    }
    return HS_OK;
}

hs_status vd_roadshow_add(hs_tx *tx, const vd_roadshow *r, hs_date today, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && r != NULL);
    hs_status st = check_id("firm", r->firm, false, err);
    if (st == HS_OK)
        st = check_id("session", r->session, true, err);
    if (st == HS_OK)
        st = check_list("sector", r->sector, false, err);
    if (st == HS_OK && strchr(r->sector, ',') != NULL)
        st = hs_invalid_field(err, "sector", "field 'sector': one sector, not a list");
    if (st == HS_OK)
        st = check_list("stage", r->stage, false, err);
    if (st == HS_OK && strchr(r->stage, ',') != NULL)
        st = hs_invalid_field(err, "stage", "field 'stage': one stage, not a list");
    if (st == HS_OK && r->seeking_fen <= 0)
        st = hs_invalid_field(err, "seeking", "field 'seeking': must be positive");
    vd_event e;
    if (st == HS_OK)
        st = event_required(tx->store, r->event, &e, err);
    if (st == HS_OK)
        st = still_open(&e, today, err);
    if (st != HS_OK)
        return st;
    if ((st = vd_repo_roadshow_put(tx, r, err)) != HS_OK)
        return st;
    vd_roadshow back;
    bool found;
    if ((st = vd_repo_roadshow_get(tx->store, r->event, r->firm, &back, &found, err)) != HS_OK)
        return st;
    if (!found || back.seeking_fen != r->seeking_fen)
        return hs_fail(err, HS_STORAGE, "the roadshow of %s was not recorded", r->firm);
    return HS_OK;
}

hs_status vd_interest_add(hs_tx *tx, const vd_interest *i, hs_date today, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && i != NULL);
    hs_status st = check_id("investor", i->investor, false, err);
    if (st == HS_OK)
        st = check_id("session", i->session, true, err);
    if (st == HS_OK)
        st = check_id("fund", i->fund, true, err);
    if (st == HS_OK)
        st = check_list("sectors", i->sectors, false, err);
    if (st == HS_OK)
        st = check_list("stages", i->stages, true, err);
    if (st == HS_OK && i->ticket_min_fen <= 0)
        st = hs_invalid_field(err, "ticket_min", "field 'ticket_min': must be positive");
    if (st == HS_OK && i->ticket_max_fen < i->ticket_min_fen)
        st = hs_invalid_field(err, "ticket_max", "field 'ticket_max': must be at least ticket_min");
    vd_event e;
    if (st == HS_OK)
        st = event_required(tx->store, i->event, &e, err);
    if (st == HS_OK)
        st = still_open(&e, today, err);
    if (st == HS_OK && i->fund[0] != '\0') {
        fund_terms terms;
        bool found;
        if ((st = fund_get(tx->store, i->fund, &terms, &found, err)) == HS_OK && !found)
            st = hs_not_found(err, "fund", "no fund '%.80s' in the book", i->fund);
    }
    if (st != HS_OK)
        return st;
    if ((st = vd_repo_interest_put(tx, i, err)) != HS_OK)
        return st;
    vd_interest back;
    bool found;
    if ((st = vd_repo_interest_get(tx->store, i->event, i->investor, &back, &found, err)) != HS_OK)
        return st;
    if (!found || back.ticket_max_fen != i->ticket_max_fen)
        return hs_fail(err, HS_STORAGE, "the interest of %s was not recorded", i->investor);
    return HS_OK;
}

/* True if the interest takes part in the roadshow's session. */
static bool same_session(const vd_roadshow *r, const vd_interest *i) {
    return i->session[0] == '\0' || strcmp(i->session, r->session) == 0;
}

hs_status vd_followup_add(hs_tx *tx, vd_followup *f, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && f != NULL);
    hs_status st = check_id("firm", f->firm, false, err);
    if (st == HS_OK)
        st = check_id("investor", f->investor, false, err);
    if (st == HS_OK)
        st = check_text("note", f->note, true, err);
    if (st == HS_OK && f->date <= 0)
        st = hs_invalid_field(err, "date", "field 'date' is required");
    bool invested = f->status == VD_INVESTED;
    if (st == HS_OK && invested && (f->fund[0] == '\0' || f->deal[0] == '\0'))
        st = hs_invalid_field(err, "deal",
                              "an investment names the fund module's --fund and --deal it became");
    if (st == HS_OK && !invested && (f->fund[0] != '\0' || f->deal[0] != '\0'))
        st = hs_invalid_field(err, "deal", "only an 'invested' follow-up names a fund and deal");
    vd_event e;
    if (st == HS_OK)
        st = event_required(tx->store, f->event, &e, err);
    if (st != HS_OK)
        return st;
    vd_roadshow r;
    vd_interest in;
    bool found;
    if ((st = vd_repo_roadshow_get(tx->store, f->event, f->firm, &r, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "firm", "firm %s gave no roadshow at %s", f->firm, f->event);
    if ((st = vd_repo_interest_get(tx->store, f->event, f->investor, &in, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "investor", "investor %s registered no interest at %s",
                            f->investor, f->event);
    char why[VD_EXPLAIN_MAX];
    if (!same_session(&r, &in) || vd_fit(&r, &in, why, sizeof why) == 0)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "investor",
                            "%s and %s did not match at %s: %s", f->firm, f->investor, f->event,
                            same_session(&r, &in) ? why : "not in the same session");
    if (f->date < e.date) {
        char d[DATE_TEXT_LEN];
        return hs_invalid_field(err, "date", "a follow-up comes on or after the event (%s)",
                                date_format(e.date, d));
    }
    vd_followup last;
    if ((st = vd_repo_followup_last(tx->store, f->event, f->firm, f->investor, &last, &found,
                                    err)) != HS_OK)
        return st;
    if (found && (last.status == VD_DECLINED || last.status == VD_INVESTED))
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "status",
                            "%s and %s already ended as %s", f->firm, f->investor,
                            vd_status_name(last.status));
    if (found && f->status != VD_DECLINED && f->status <= last.status)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "status",
                            "%s and %s are at %s already: a follow-up moves forward", f->firm,
                            f->investor, vd_status_name(last.status));
    if (found && f->date < last.date)
        return hs_invalid_field(err, "date", "a follow-up is not dated before the last one");
    if (invested) {
        fund_deal deal;
        if ((st = fund_deal_get_tx(tx, f->fund, f->deal, &deal, &found, err)) != HS_OK)
            return st;
        if (!found)
            return hs_not_found(err, "deal", "no deal %s in fund %s", f->deal, f->fund);
        if (strcmp(deal.firm, f->firm) != 0)
            return hs_fail_code(err, HS_REFUSED, "state_conflict", "deal",
                                "deal %s of fund %s is in firm %s, not %s", f->deal, f->fund,
                                deal.firm, f->firm);
        if (in.fund[0] != '\0' && strcmp(in.fund, f->fund) != 0)
            return hs_fail_code(err, HS_REFUSED, "state_conflict", "fund",
                                "investor %s invests from fund %s, not %s", f->investor, in.fund,
                                f->fund);
    }
    return vd_repo_followup_insert(tx, f, err);
}

hs_status vd_event_get(hs_store *s, const char *id, vd_event *out, bool *found, hs_error *err) {
    assert(s != NULL && id != NULL && out != NULL && found != NULL);
    return vd_repo_event_get(s, id, out, found, err);
}

hs_status vd_events_each(hs_store *s, hs_status (*fn)(void *ctx, const vd_event *e, hs_error *err),
                         void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    return vd_repo_events_each(s, fn, ctx, err);
}

/* ---- matching ---- */

typedef struct {
    vd_roadshow *v;
    size_t n, cap;
} roadshow_list;

typedef struct {
    vd_interest *v;
    size_t n, cap;
} interest_list;

static hs_status collect_roadshow(void *vctx, const vd_roadshow *r, hs_error *err) {
    roadshow_list *l = vctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        vd_roadshow *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading roadshows");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *r;
    return HS_OK;
}

static hs_status collect_interest(void *vctx, const vd_interest *i, hs_error *err) {
    interest_list *l = vctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        vd_interest *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory reading interests");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *i;
    return HS_OK;
}

static int match_order(const void *a, const void *b) {
    const vd_match *x = a, *y = b;
    if (x->fit != y->fit)
        return x->fit > y->fit ? -1 : 1;
    if (x->roadshow.seeking_fen != y->roadshow.seeking_fen)
        return x->roadshow.seeking_fen > y->roadshow.seeking_fen ? -1 : 1;
    int c = strcmp(x->roadshow.firm, y->roadshow.firm);
    return c != 0 ? c : strcmp(x->interest.investor, y->interest.investor);
}

/* Every matching pair of the event, ranked, into *out (caller frees). */
static hs_status all_matches(hs_store *s, const char *event, vd_match **out, size_t *n,
                             hs_error *err) {
    roadshow_list rl = {0};
    interest_list il = {0};
    *out = NULL;
    *n = 0;
    hs_status st = vd_repo_roadshows_each(s, event, collect_roadshow, &rl, err);
    if (st == HS_OK)
        st = vd_repo_interests_each(s, event, collect_interest, &il, err);
    vd_match *m = NULL;
    size_t count = 0;
    if (st == HS_OK && rl.n > 0 && il.n > 0) {
        m = calloc(rl.n * il.n, sizeof *m);
        if (m == NULL)
            st = hs_fail(err, HS_STORAGE, "out of memory matching %zu firms and %zu investors",
                         rl.n, il.n);
    }
    for (size_t a = 0; st == HS_OK && a < rl.n; a++)
        for (size_t b = 0; b < il.n; b++) {
            if (!same_session(&rl.v[a], &il.v[b]))
                continue;
            vd_match *x = &m[count];
            x->fit = vd_fit(&rl.v[a], &il.v[b], x->explain, sizeof x->explain);
            if (x->fit == 0)
                continue;
            x->roadshow = rl.v[a];
            x->interest = il.v[b];
            count++;
        }
    free(rl.v);
    free(il.v);
    if (st != HS_OK) {
        free(m);
        return st;
    }
    if (count > 0)
        qsort(m, count, sizeof *m, match_order);
    for (size_t k = 0; k < count; k++)
        m[k].rank = (int)k + 1;
    *out = m;
    *n = count;
    return HS_OK;
}

hs_status vd_matches(hs_store *s, const char *event, const char *session, const char *firm,
                     const char *investor, vd_match **out, size_t *n, hs_error *err) {
    assert(s != NULL && event != NULL && out != NULL && n != NULL);
    vd_event e;
    hs_status st = event_required(s, event, &e, err);
    if (st != HS_OK)
        return st;
    if ((st = all_matches(s, event, out, n, err)) != HS_OK)
        return st;
    size_t kept = 0;
    for (size_t k = 0; k < *n; k++) {
        const vd_match *x = &(*out)[k];
        if ((session && strcmp(x->roadshow.session, session)) ||
            (firm && strcmp(x->roadshow.firm, firm)) ||
            (investor && strcmp(x->interest.investor, investor)))
            continue;
        (*out)[kept++] = *x;
    }
    *n = kept;
    return HS_OK;
}

/* ---- outcomes ---- */

typedef struct {
    hs_store *s;
    vd_outcome *o;
    const char *session;
    hs_error *err;
} outcome_ctx;

static hs_status count_roadshow(void *vctx, const vd_roadshow *r, hs_error *err) {
    outcome_ctx *c = vctx;
    if (c->session && strcmp(r->session, c->session))
        return HS_OK;
    c->o->roadshows++;
    if (!money_add(c->o->sought_fen, r->seeking_fen, &c->o->sought_fen))
        return hs_fail(err, HS_STORAGE, "the amounts sought overflow");
    return HS_OK;
}

static hs_status count_interest(void *vctx, const vd_interest *i, hs_error *err) {
    (void)err;
    outcome_ctx *c = vctx;
    if (c->session && i->session[0] && strcmp(i->session, c->session))
        return HS_OK;
    c->o->interests++;
    return HS_OK;
}

/* The furthest step each pair of the event reached (declined is not a step), by pair. */
typedef struct {
    char firm[VD_ID_MAX], investor[VD_ID_MAX];
    int furthest; /* -1: only declined; else a vd_status up to VD_INVESTED */
    char fund[VD_ID_MAX], deal[VD_ID_MAX];
} pair_step;

typedef struct {
    pair_step *v;
    size_t n, cap;
} pair_steps;

static hs_status note_followup(void *vctx, const vd_followup *f, hs_error *err) {
    pair_steps *p = vctx;
    pair_step *x = NULL;
    for (size_t k = 0; k < p->n && x == NULL; k++)
        if (!strcmp(p->v[k].firm, f->firm) && !strcmp(p->v[k].investor, f->investor))
            x = &p->v[k];
    if (x == NULL) {
        if (p->n == p->cap) {
            size_t cap = p->cap ? 2 * p->cap : 32;
            pair_step *v = realloc(p->v, cap * sizeof *v);
            if (v == NULL)
                return hs_fail(err, HS_STORAGE, "out of memory counting follow-ups");
            p->v = v;
            p->cap = cap;
        }
        x = &p->v[p->n++];
        memset(x, 0, sizeof *x);
        snprintf(x->firm, sizeof x->firm, "%s", f->firm);
        snprintf(x->investor, sizeof x->investor, "%s", f->investor);
        x->furthest = -1;
    }
    if (f->status != VD_DECLINED && (int)f->status > x->furthest) {
        x->furthest = (int)f->status;
        snprintf(x->fund, sizeof x->fund, "%s", f->fund);
        snprintf(x->deal, sizeof x->deal, "%s", f->deal);
    }
    return HS_OK;
}

/* Counts each pair once at the furthest step it reached: met (any step), term sheets (a term
 * sheet or an investment), investments (with the linked deals' cost). */
static hs_status count_pairs(outcome_ctx *c, const pair_steps *p, hs_error *err) {
    for (size_t k = 0; k < p->n; k++) {
        const pair_step *x = &p->v[k];
        vd_roadshow r;
        bool found;
        hs_status st = vd_repo_roadshow_get(c->s, c->o->event, x->firm, &r, &found, err);
        if (st != HS_OK)
            return st;
        if (!found || (c->session && strcmp(r.session, c->session)) || x->furthest < 0)
            continue;
        c->o->met++;
        if (x->furthest >= VD_TERM_SHEET)
            c->o->term_sheets++;
        if (x->furthest == VD_INVESTED) {
            c->o->invested++;
            fund_deal d;
            if ((st = fund_deal_get(c->s, x->fund, x->deal, &d, &found, err)) != HS_OK)
                return st;
            if (found && !money_add(c->o->invested_fen, d.cost_fen, &c->o->invested_fen))
                return hs_fail(err, HS_STORAGE, "the invested amounts overflow");
        }
    }
    return HS_OK;
}

hs_status vd_outcome_of(hs_store *s, const char *event, const char *session, vd_outcome *out,
                        hs_error *err) {
    assert(s != NULL && event != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    snprintf(out->event, sizeof out->event, "%s", event);
    snprintf(out->session, sizeof out->session, "%s", session ? session : "");
    vd_event e;
    hs_status st = event_required(s, event, &e, err);
    outcome_ctx c = {s, out, session, err};
    if (st == HS_OK)
        st = vd_repo_roadshows_each(s, event, count_roadshow, &c, err);
    if (st == HS_OK)
        st = vd_repo_interests_each(s, event, count_interest, &c, err);
    vd_match *m = NULL;
    size_t n = 0;
    if (st == HS_OK)
        st = vd_matches(s, event, session, NULL, NULL, &m, &n, err);
    free(m);
    out->matches = (long)n;
    pair_steps pairs = {0};
    if (st == HS_OK)
        st = vd_repo_followups_each(s, event, note_followup, &pairs, err);
    if (st == HS_OK)
        st = count_pairs(&c, &pairs, err);
    free(pairs.v);
    assert(st != HS_OK || (out->invested <= out->term_sheets && out->term_sheets <= out->met));
    return st;
}

hs_status vd_followups_each(hs_store *s, const char *event,
                            hs_status (*fn)(void *ctx, const vd_followup *f, hs_error *err),
                            void *ctx, hs_error *err) {
    assert(s != NULL && fn != NULL);
    return vd_repo_followups_each(s, event, fn, ctx, err);
}

hs_status vd_roadshows_each(hs_store *s, const char *event,
                            hs_status (*fn)(void *ctx, const vd_roadshow *r, hs_error *err),
                            void *ctx, hs_error *err) {
    assert(s != NULL && event != NULL && fn != NULL);
    return vd_repo_roadshows_each(s, event, fn, ctx, err);
}

/* ---- check ---- */

typedef struct {
    hs_store *s;
    vd_verify_report *r;
} verify_ctx;

static hs_status verify_one(void *vctx, const vd_followup *f, hs_error *err) {
    verify_ctx *c = vctx;
    c->r->followups++;
    if (f->status != VD_INVESTED || !c->r->ok)
        return HS_OK;
    fund_deal d;
    bool found;
    hs_status st = fund_deal_get(c->s, f->fund, f->deal, &d, &found, err);
    if (st != HS_OK)
        return st;
    if (!found || strcmp(d.firm, f->firm) != 0) {
        c->r->ok = false;
        snprintf(c->r->first_violation, sizeof c->r->first_violation,
                 "venture-day follow-up %lld (%s, %s) names deal %s of fund %s, %s",
                 (long long)f->seq, f->firm, f->investor, f->deal, f->fund,
                 found ? "in another firm" : "which the fund module does not hold");
    }
    return HS_OK;
}

hs_status vd_verify(hs_store *s, vd_verify_report *out, hs_error *err) {
    assert(s != NULL && out != NULL);
    memset(out, 0, sizeof *out);
    out->ok = true;
    verify_ctx c = {s, out};
    hs_status st = vd_repo_followups_each(s, NULL, verify_one, &c, err);
    assert(st != HS_OK || out->ok || out->first_violation[0] != '\0');
    return st;
}
