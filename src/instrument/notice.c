/* notice.c — public notice (公示) rules over one hs_tx (see notice.h); rows behind notice_repo.h.
 */
#include "instrument/notice.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instrument/notice_repo.h"

hs_date notice_deadline(const hs_calendar *cal, hs_date published, int n) {
    assert(cal != NULL && n >= 1);
    hs_date day = published;
    /* bounded: every week outside the longest holiday (<= 10 days) has a working day */
    while (n > 0) {
        day++;
        if (calendar_is_workday(cal, day))
            n--;
    }
    assert(day > published);
    return day;
}

hs_status notice_calendar_load(const char *data_dir, hs_calendar **out, hs_error *err) {
    assert(data_dir != NULL && out != NULL);
    *out = NULL;
    hs_calendar *cal = malloc(sizeof *cal);
    if (cal == NULL)
        return hs_fail(err, HS_STORAGE, "out of memory loading the holiday calendar");
    char installed[1024], built[1024];
    snprintf(installed, sizeof installed, "%s/data/%s", data_dir, NOTICE_CALENDAR_FILE);
    snprintf(built, sizeof built, "%s/build/data/%s", data_dir, NOTICE_CALENDAR_FILE);
    hs_error e1 = {0}, e2 = {0};
    if (calendar_load(cal, installed, &e1) == HS_OK || calendar_load(cal, built, &e2) == HS_OK) {
        *out = cal;
        return HS_OK;
    }
    free(cal);
    return hs_fail_code(err, HS_STORAGE, "calendar_missing", NULL,
                        "no State Council holiday calendar: %s (%s), %s (%s); `make` converts it "
                        "from npm chinese-days (scripts/deps.sh installs it)",
                        installed, e1.msg, built, e2.msg);
}

/* Parses "<letter>-<seq>" (or just "<seq>"). */
static hs_status parse_id(const char *text, char letter, const char *field, int64_t *seq,
                          hs_error *err) {
    const char *p = text;
    if (p[0] == letter && p[1] == '-')
        p += 2;
    char *end = NULL;
    errno = 0;
    long long v = (*p >= '0' && *p <= '9') ? strtoll(p, &end, 10) : 0;
    if (end == NULL || *end != '\0' || errno != 0 || v <= 0)
        return hs_invalid_field(err, field, "'%s' is not a %s id (%c-N)", text,
                                letter == 'N' ? "notice" : "objection", letter);
    *seq = (int64_t)v;
    return HS_OK;
}

hs_status notice_id_parse(const char *text, const char *field, int64_t *seq, hs_error *err) {
    assert(text != NULL && field != NULL && seq != NULL);
    return parse_id(text, 'N', field, seq, err);
}

hs_status notice_tx_publish(hs_tx *tx, notice *n, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && n != NULL);
    assert(n->working_days >= 1 && n->working_days <= 60 && n->deadline > n->published_date);
    assert(n->amount_fen > 0);
    notice existing;
    bool found = false;
    hs_status st = notice_repo_get(tx->store, 0, n->application, &existing, &found, err);
    if (st != HS_OK)
        return st;
    if (found) {
        *n = existing;
        return HS_OK;
    }
    if ((st = notice_repo_insert(tx, n, err)) != HS_OK)
        return st;
    /* postcondition, paired with a read in the same transaction */
    if ((st = notice_repo_get(tx->store, n->seq, NULL, &existing, &found, err)) != HS_OK)
        return st;
    if (!found || existing.deadline != n->deadline || existing.amount_fen != n->amount_fen)
        return hs_fail(err, HS_STORAGE, "notice of %s was not recorded", n->application);
    return HS_OK;
}

typedef struct {
    notice_objection first;
    bool any;
} block_ctx;

static hs_status find_block(void *vctx, const notice_objection *o, hs_error *err) {
    (void)err;
    block_ctx *b = vctx;
    if (!b->any && (!strcmp(o->state, "open") || !strcmp(o->state, "upheld"))) {
        b->first = *o;
        b->any = true;
    }
    return HS_OK;
}

hs_status notice_tx_payable(hs_tx *tx, const char *app_id, hs_date on, hs_error *err) {
    assert(tx != NULL && app_id != NULL);
    notice n;
    bool found = false;
    hs_status st = notice_repo_get(tx->store, 0, app_id, &n, &found, err);
    if (st != HS_OK || !found)
        return st;
    char d[DATE_TEXT_LEN];
    if (on <= n.deadline)
        return hs_fail_code(err, HS_REFUSED, "notice_period", NULL,
                            "application %s is under public notice %s until %s (objections "
                            "accepted until then); it can be paid from the next day",
                            app_id, n.id, date_format(n.deadline, d));
    block_ctx b = {0};
    if ((st = notice_repo_objections_each(tx->store, n.seq, find_block, &b, err)) != HS_OK)
        return st;
    if (b.any)
        return hs_fail_code(err, HS_REFUSED, "notice_period", NULL,
                            "application %s: objection %s to notice %s is %s%s", app_id, b.first.id,
                            n.id, b.first.state,
                            !strcmp(b.first.state, "open")
                                ? " (an officer must uphold or dismiss it)"
                                : " (the award can be rejected with `subsidy reject`)");
    return HS_OK;
}

hs_status notice_tx_object(hs_tx *tx, const char *notice_id, const char *filer, const char *reason,
                           hs_date on, notice_objection *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && notice_id != NULL && filer != NULL);
    if (reason == NULL || reason[0] == '\0')
        return hs_invalid_field(err, "--reason", "an objection needs a reason");
    if (strlen(reason) >= NOTICE_TEXT_MAX)
        return hs_invalid_field(err, "--reason", "the reason is longer than %d bytes",
                                NOTICE_TEXT_MAX - 1);
    int64_t seq;
    hs_status st = parse_id(notice_id, 'N', "ID", &seq, err);
    if (st != HS_OK)
        return st;
    notice n;
    bool found = false;
    if ((st = notice_repo_get(tx->store, seq, NULL, &n, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "ID", "no notice %s", notice_id);
    char d[DATE_TEXT_LEN];
    if (on > n.deadline)
        return hs_fail_code(err, HS_REFUSED, "notice_closed", NULL,
                            "notice %s took objections until %s", n.id, date_format(n.deadline, d));
    int64_t filed_today = 0;
    if ((st = notice_repo_objections_filed(tx, filer, on, &filed_today, err)) != HS_OK)
        return st;
    assert(filed_today >= 0);
    if (filed_today >= NOTICE_OBJECTIONS_PER_DAY)
        return hs_fail_code(err, HS_REFUSED, "rate_limited", NULL,
                            "%s has filed %d objections today, the most one filer may file in a "
                            "day; file again tomorrow",
                            filer, NOTICE_OBJECTIONS_PER_DAY);
    notice_objection o = {.notice_seq = n.seq, .filed_date = on};
    snprintf(o.filer, sizeof o.filer, "%s", filer);
    snprintf(o.reason, sizeof o.reason, "%s", reason);
    snprintf(o.state, sizeof o.state, "open");
    if ((st = notice_repo_objection_insert(tx, &o, err)) != HS_OK)
        return st;
    if (out != NULL)
        *out = o;
    return HS_OK;
}

hs_status notice_tx_decide(hs_tx *tx, const char *objection_id, bool uphold,
                           const hs_principal *who, const char *reason, hs_date on,
                           notice_objection *out, hs_error *err) {
    assert(tx != NULL && store_in_txn(tx->store) && objection_id != NULL && who != NULL);
    if (reason == NULL || reason[0] == '\0')
        return hs_invalid_field(err, "--reason", "a decision on an objection needs a reason");
    int64_t seq;
    hs_status st = parse_id(objection_id, 'O', "OBJECTION", &seq, err);
    if (st != HS_OK)
        return st;
    notice_objection o;
    bool found = false;
    if ((st = notice_repo_objection_get(tx->store, seq, &o, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_not_found(err, "OBJECTION", "no objection %s", objection_id);
    notice n;
    if ((st = notice_repo_get(tx->store, o.notice_seq, NULL, &n, &found, err)) != HS_OK)
        return st;
    if (!found)
        return hs_fail(err, HS_STORAGE, "objection %s names a missing notice", o.id);
    if (who->role != HS_ROLE_OFFICER && who->role != HS_ROLE_OPERATOR)
        return hs_fail_code(err, HS_REFUSED, "forbidden", NULL,
                            "%s (role %s) may not decide objections: an officer decides", who->user,
                            role_name(who->role));
    if (!principal_in_scope(who, HS_SCOPE_PROGRAMME, n.programme))
        return hs_fail_code(err, HS_REFUSED, "forbidden", NULL,
                            "%s is not an officer of programme %s", who->user, n.programme);
    if (strcmp(o.state, "open") != 0)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "OBJECTION",
                            "objection %s is already %s", o.id, o.state);
    bool changed = false;
    const char *state = uphold ? "upheld" : "dismissed";
    if ((st = notice_repo_objection_decide(tx, seq, state, who->user, reason, on, &changed, err)) !=
        HS_OK)
        return st;
    if (!changed)
        return hs_fail_code(err, HS_REFUSED, "state_conflict", "OBJECTION",
                            "objection %s was decided meanwhile", o.id);
    if ((st = notice_repo_objection_get(tx->store, seq, &o, &found, err)) != HS_OK)
        return st;
    if (!found || strcmp(o.state, state) != 0)
        return hs_fail(err, HS_STORAGE, "objection %s was not recorded %s", objection_id, state);
    if (out != NULL)
        *out = o;
    return HS_OK;
}

hs_status notice_each(hs_store *s, int64_t after_seq, size_t max_rows,
                      hs_status (*fn)(void *ctx, const notice *n, hs_error *err), void *ctx,
                      hs_error *err) {
    return notice_repo_each(s, after_seq, max_rows, fn, ctx, err);
}

hs_status notice_objections_each(hs_store *s, int64_t notice_seq,
                                 hs_status (*fn)(void *ctx, const notice_objection *o,
                                                 hs_error *err),
                                 void *ctx, hs_error *err) {
    return notice_repo_objections_each(s, notice_seq, fn, ctx, err);
}
