/* ventureday.h — venture-day matchmaking (深圳创投日: an event on the 8th of each month, with an AI
 * session; seed 001): firms register roadshows, investors (and the funds of the fund module)
 * register interests, huoshui ranks every firm-investor pair of a session by fit and explains the
 * ranking clause by clause, follow-ups record what came of a match, and one that became an
 * investment is linked to the fund module's deal (so the outcome figures count real money).
 *
 * No money moves here: the module keeps its own records behind ventureday_repo.h, and `check`
 * verifies that every follow-up linked to a deal names a deal of the fund module in the same firm.
 *
 * Fit, out of 100 (VD_FIT_* below):
 *   sector  the roadshow's sector is one of the investor's sectors                  +50
 *   stage   the roadshow's stage is one of the investor's stages (none given: any)   +30
 *   ticket  the amount sought lies within the investor's ticket range                +20,
 *           within half to twice of it                                              +10
 * A pair without the sector is not a match; pairs are ranked by fit, then by the amount sought
 * (larger first), then by firm and investor id. */
#ifndef HS_INSTRUMENT_VENTUREDAY_H
#define HS_INSTRUMENT_VENTUREDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "store/book.h"
#include "store/store.h"

#define VD_ID_MAX 65    /* event, firm, investor, session ids: 1..64 bytes */
#define VD_TEXT_MAX 161 /* titles, cities, sectors, stages, notes */
#define VD_LIST_MAX 321 /* comma-separated sectors or stages */
#define VD_FIT_SECTOR 50
#define VD_FIT_STAGE 30
#define VD_FIT_TICKET 20
#define VD_FIT_TICKET_NEAR 10
#define VD_EXPLAIN_MAX 640

typedef struct {
    char id[VD_ID_MAX];
    char title[VD_TEXT_MAX];
    char city[VD_TEXT_MAX];
    hs_date date;
} vd_event;

/* A firm's roadshow at an event, in one session ("" = the main session). */
typedef struct {
    char event[VD_ID_MAX];
    char firm[VD_ID_MAX];
    char session[VD_ID_MAX];
    char sector[VD_TEXT_MAX];
    char stage[VD_TEXT_MAX];
    int64_t seeking_fen; /* > 0 */
} vd_roadshow;

/* An investor's interest at an event: a session ("" = all of them), sectors (at least one) and
 * stages ("" = any), a ticket range, and optionally the fund module's fund it invests from. */
typedef struct {
    char event[VD_ID_MAX];
    char investor[VD_ID_MAX];
    char session[VD_ID_MAX];
    char fund[VD_ID_MAX];                   /* "" if none */
    char sectors[VD_LIST_MAX];              /* "nlp,vision" */
    char stages[VD_LIST_MAX];               /* "seed,early" or "" */
    int64_t ticket_min_fen, ticket_max_fen; /* 0 < min <= max */
} vd_interest;

/* One ranked pair with its fit and the clauses that gave it. */
typedef struct {
    vd_roadshow roadshow;
    vd_interest interest;
    int fit;                      /* 0..100 */
    int rank;                     /* 1 = best, within the event */
    char explain[VD_EXPLAIN_MAX]; /* "sector nlp is one of the investor's sectors (+50); ..." */
} vd_match;

typedef enum {
    VD_MET = 0,
    VD_DILIGENCE,
    VD_TERM_SHEET,
    VD_INVESTED,
    VD_DECLINED,
    VD_STATUSES
} vd_status;

/* What came of a pair, in order: met, diligence, term-sheet, invested (linked to a deal), declined.
 */
typedef struct {
    char event[VD_ID_MAX];
    char firm[VD_ID_MAX];
    char investor[VD_ID_MAX];
    vd_status status;
    hs_date date;
    char note[VD_TEXT_MAX];
    char fund[VD_ID_MAX]; /* invested: the fund module's fund and deal */
    char deal[VD_ID_MAX];
    int64_t seq; /* assigned when recorded */
} vd_followup;

/* The outcome figures of an event (or of one session of it). */
typedef struct {
    char event[VD_ID_MAX];
    char session[VD_ID_MAX]; /* "" = the whole event */
    long roadshows, interests, matches, met, term_sheets, invested;
    int64_t sought_fen;   /* by the roadshows */
    int64_t invested_fen; /* the linked deals' cost in the fund module */
} vd_outcome;

/* The name of a status ("met", "diligence", "term-sheet", "invested", "declined"). */
const char *vd_status_name(vd_status s);
/* Parses a status name; false if it is none of them. */
bool vd_status_parse(const char *text, vd_status *out);

/* The fit of a roadshow for an interest (0..100; 0 without the sector) and its explanation. Pure:
 * reads nothing, writes nothing. */
int vd_fit(const vd_roadshow *r, const vd_interest *i, char *explain, size_t explain_len);

/* Inside tx: creates event `e` (the same id with the same fields again: a no-op). HS_INPUT
 * (invalid_field naming the field) for a bad id, title, city or date; HS_INPUT
 * (exists_with_different_fields) if the id exists otherwise. */
hs_status vd_event_create(hs_tx *tx, const vd_event *e, hs_error *err);
/* Inside tx: registers (or replaces, until the event's day) a firm's roadshow. HS_NOT_FOUND for an
 * unknown event; HS_INPUT naming the field for bad input; HS_REFUSED state_conflict after the
 * event's day (`today` later than it). */
hs_status vd_roadshow_add(hs_tx *tx, const vd_roadshow *r, hs_date today, hs_error *err);
/* Inside tx: registers (or replaces, until the event's day) an investor's interest; a fund named
 * must exist in the fund module. Errors as vd_roadshow_add. */
hs_status vd_interest_add(hs_tx *tx, const vd_interest *i, hs_date today, hs_error *err);
/* Inside tx: records a follow-up of a pair that matched at the event. Statuses move forward only
 * (declined ends it); "invested" needs fund and deal naming the fund module's deal in the same
 * firm. HS_NOT_FOUND for an unknown event, roadshow, interest or deal; HS_REFUSED state_conflict
 * for a pair that does not match, a step back, or anything after declined/invested; HS_INPUT naming
 * the field for bad input. On success f->seq is set. */
hs_status vd_followup_add(hs_tx *tx, vd_followup *f, hs_error *err);

/* Reads event `id` (*found false if none), read-only. */
hs_status vd_event_get(hs_store *s, const char *id, vd_event *out, bool *found, hs_error *err);
/* Calls fn for each event in date then id order, read-only. */
hs_status vd_events_each(hs_store *s, hs_status (*fn)(void *ctx, const vd_event *e, hs_error *err),
                         void *ctx, hs_error *err);
/* The event's matches, ranked (see above), in *out (caller frees; *n of them). `session` NULL: all
 * sessions; `firm` / `investor` NULL: everyone (the ranks stay the event's). Read-only. */
hs_status vd_matches(hs_store *s, const char *event, const char *session, const char *firm,
                     const char *investor, vd_match **out, size_t *n, hs_error *err);
/* The event's outcome figures, whole (session NULL) or for one session. Read-only. */
hs_status vd_outcome_of(hs_store *s, const char *event, const char *session, vd_outcome *out,
                        hs_error *err);
/* Calls fn for each roadshow of the event in firm order, read-only. */
hs_status vd_roadshows_each(hs_store *s, const char *event,
                            hs_status (*fn)(void *ctx, const vd_roadshow *r, hs_error *err),
                            void *ctx, hs_error *err);
/* Calls fn for each follow-up of the event (NULL: of every event) in record order, read-only. */
hs_status vd_followups_each(hs_store *s, const char *event,
                            hs_status (*fn)(void *ctx, const vd_followup *f, hs_error *err),
                            void *ctx, hs_error *err);

/* The check: every follow-up "invested" names a deal of the fund module in the same firm. */
typedef struct {
    bool ok;
    long followups;
    char first_violation[512];
} vd_verify_report;
hs_status vd_verify(hs_store *s, vd_verify_report *out, hs_error *err);

#endif
