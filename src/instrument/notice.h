/* notice.h — public notice (公示) of awards under a policy that states `notice N working days`.
 *
 * When such an award is made, a notice is published in the same transaction: the firm's name, the
 * amount, the policy (id@version) and its amount clause, the publication date (the award date)
 * and the objection deadline: the N-th working day after publication by the State Council
 * calendar (public holidays and 调休 make-up working days; base/date.h hs_calendar, converted from
 * npm chinese-days by scripts/holidays.js into data/calendar-cn.txt).
 *
 * Anyone may object up to and including the deadline; an officer in the programme's scope (or the
 * local operator) upholds or dismisses an open objection with a reason. The award is payable only
 * after the deadline (on a later date) and only when no objection is open or upheld; otherwise pay
 * is refused with code notice_period. An award whose objection was upheld stays unpaid; it can be
 * rejected with `subsidy reject`.
 *
 * Every function runs inside the caller's transaction (or reads on the store); errors as
 * elsewhere: HS_NOT_FOUND (not_found), HS_INPUT with the field, HS_REFUSED with a stable code
 * (notice_period, notice_closed, state_conflict, forbidden), HS_STORAGE for the book. */
#ifndef HS_INSTRUMENT_NOTICE_H
#define HS_INSTRUMENT_NOTICE_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/principal.h"
#include "base/date.h"
#include "base/error.h"
#include "store/book.h"
#include "store/store.h"

#define NOTICE_ID_MAX 24 /* "N-<seq>", "O-<seq>" */
#define NOTICE_TEXT_MAX 512
/* Objections one filer (a user, or public:<address> for an anonymous one) may file per day: the
 * public route takes no login, so a cap keeps one address from flooding the officers' queue. */
#define NOTICE_OBJECTIONS_PER_DAY 10
#define NOTICE_CALENDAR_FILE "calendar-cn.txt"

typedef struct {
    int64_t seq;
    char id[NOTICE_ID_MAX]; /* "N-<seq>" */
    char application[48];
    char programme[64];
    char firm[40];       /* 统一社会信用代码 */
    char firm_name[256]; /* the registry's name, else the code */
    int64_t amount_fen;
    char policy_id[96];
    char policy_label[128]; /* "<id>@<version>" */
    char clause[NOTICE_TEXT_MAX];
    int working_days;
    hs_date published_date, deadline;
} notice;

typedef struct {
    int64_t seq;
    char id[NOTICE_ID_MAX]; /* "O-<seq>" */
    int64_t notice_seq;
    char filer[HS_PRINCIPAL_NAME_MAX];
    char reason[NOTICE_TEXT_MAX];
    hs_date filed_date;
    char state[12]; /* open | upheld | dismissed */
    char officer[HS_PRINCIPAL_NAME_MAX];
    char decision[NOTICE_TEXT_MAX];
    hs_date decided_date;
} notice_objection;

/* The objection deadline of a notice published on `published`: the n-th (n >= 1) working day
 * strictly after it by `cal`. */
hs_date notice_deadline(const hs_calendar *cal, hs_date published, int n);

/* Loads the State Council calendar under a data directory: DATA_DIR/data/calendar-cn.txt
 * (installed), else DATA_DIR/build/data/calendar-cn.txt (a source tree after `make`). *out is
 * allocated (caller frees); HS_STORAGE naming both paths if neither can be read — a deadline is
 * never computed from weekends alone. */
hs_status notice_calendar_load(const char *data_dir, hs_calendar **out, hs_error *err);

/* Inside tx: publishes the notice of an award (n->seq and n->id assigned). Idempotent per
 * application: an existing notice of the same application is returned unchanged in *n. */
hs_status notice_tx_publish(hs_tx *tx, notice *n, hs_error *err);

/* Inside tx: HS_OK if application `app_id` may be paid on `on`: it has no notice, or its deadline
 * is before `on` and none of its objections is open or upheld. Else HS_REFUSED notice_period
 * naming the deadline or the objection. */
hs_status notice_tx_payable(hs_tx *tx, const char *app_id, hs_date on, hs_error *err);

/* Inside tx: files an objection to notice `notice_id` ("N-k") by `filer` with a reason (HS_INPUT
 * field --reason if empty) on `on`, which must not be after the deadline (HS_REFUSED
 * notice_closed); a filer who filed NOTICE_OBJECTIONS_PER_DAY already that day is refused
 * (HS_REFUSED rate_limited: HTTP 429) with nothing stored. */
hs_status notice_tx_object(hs_tx *tx, const char *notice_id, const char *filer, const char *reason,
                           hs_date on, notice_objection *out, hs_error *err);

/* Inside tx: upholds (uphold true) or dismisses an open objection ("O-k") with a reason, as `who`:
 * an officer in scope programme:<the notice's programme> or the local operator (else HS_REFUSED
 * forbidden); a decided objection is HS_REFUSED state_conflict. */
hs_status notice_tx_decide(hs_tx *tx, const char *objection_id, bool uphold,
                           const hs_principal *who, const char *reason, hs_date on,
                           notice_objection *out, hs_error *err);

/* Parses a notice id "N-12" (or "12") into *seq (> 0). HS_INPUT (invalid_field `field`) otherwise.
 */
hs_status notice_id_parse(const char *text, const char *field, int64_t *seq, hs_error *err);

/* Calls fn for each notice with seq > after_seq in publication order, at most max_rows of them
 * (0: all). Read-only. */
hs_status notice_each(hs_store *s, int64_t after_seq, size_t max_rows,
                      hs_status (*fn)(void *ctx, const notice *n, hs_error *err), void *ctx,
                      hs_error *err);
/* Calls fn for each objection of notice seq, in filing order (read-only). */
hs_status notice_objections_each(hs_store *s, int64_t notice_seq,
                                 hs_status (*fn)(void *ctx, const notice_objection *o,
                                                 hs_error *err),
                                 void *ctx, hs_error *err);

#endif
