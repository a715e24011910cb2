/* h_records.c — reads of the instruments' records over src/ops with their JSON views (the bytes
 * the CLI's --json prints): a programme's status, a subsidy application with its explanation, the
 * applications a caller may see (cursor pages), a firm's registry record. Each record is shown
 * only to whom route_record_visible allows. */
#include <stdlib.h>
#include <string.h>

#include "ops/credit_ops.h"
#include "ops/credit_view.h"
#include "ops/programme_ops.h"
#include "ops/programme_view.h"
#include "ops/registry_ops.h"
#include "ops/registry_view.h"
#include "ops/subsidy_ops.h"
#include "ops/subsidy_view.h"
#include "server/handlers.h"
#include "server/paging.h"

static void respond_not_visible(http_response *resp, const hs_principal *p, const char *what,
                                const char *id) {
    hs_error err = {0};
    hs_fail_code(&err, HS_REFUSED, "forbidden", NULL, "%s (%s) may not see %s '%.100s'", p->user,
                 role_name(p->role), what, id);
    http_respond_error(resp, &err, false, NULL);
}

void h_programme_get(route_call *call, http_response *resp) {
    hs_error err = {0};
    programme_status st = {0};
    if (ops_programme_status(call->ctx, route_param(call->match, "id"), &st, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_programme_status(&st);
    programme_status_free(&st);
    respond_view(resp, v);
}

void h_subsidy_get(route_call *call, http_response *resp) {
    hs_error err = {0};
    subsidy_app a;
    json_t *view = NULL;
    const char *id = route_param(call->match, "id");
    if (ops_subsidy_show(call->ctx, id, &a, &view, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (!route_record_visible(call->caller, a.policy.programme, a.firm)) {
        json_decref(view);
        respond_not_visible(resp, call->caller, "subsidy application", id);
        return;
    }
    respond_view(resp, view);
}

typedef struct {
    const hs_principal *caller;
    size_t limit;
    json_t *items;
    char last[SUBSIDY_ID_MAX];    /* the last item on the page */
    char scanned[SUBSIDY_ID_MAX]; /* the last row read: the next batch starts after it */
    size_t rows;                  /* rows read in this batch */
    bool more;
} subsidy_page;

static hs_status subsidy_add(void *vctx, const subsidy_app *a, hs_error *err) {
    subsidy_page *p = vctx;
    p->rows++;
    snprintf(p->scanned, sizeof p->scanned, "%s", a->id);
    if (p->more || !route_record_visible(p->caller, a->policy.programme, a->firm))
        return HS_OK;
    if (json_array_size(p->items) == p->limit) {
        p->more = true;
        return HS_OK;
    }
    json_t *v = view_subsidy(a);
    if (v == NULL || json_array_append_new(p->items, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing applications");
    snprintf(p->last, sizeof p->last, "%s", a->id);
    return HS_OK;
}

void h_subsidy_list(route_call *call, http_response *resp) {
    char after[SUBSIDY_ID_MAX];
    bool has_cursor;
    subsidy_page p = {.caller = call->caller};
    if (!page_args(call, resp, &p.limit, after, sizeof after, &has_cursor))
        return;
    p.items = json_array();
    hs_error err = {0};
    /* keyset batches read in the store (id > the last row read), rows the caller may not see
     * skipped, until the page and one more visible row are found or the rows run out */
    const size_t batch = p.limit + 1 < 64 ? 64 : p.limit + 1;
    char from[SUBSIDY_ID_MAX]; /* bound into the store's query: never the buffer it writes */
    snprintf(from, sizeof from, "%s", has_cursor ? after : "");
    hs_status st = p.items ? HS_OK : hs_fail(&err, HS_STORAGE, "out of memory");
    while (st == HS_OK) {
        p.rows = 0;
        st = ops_subsidy_list(call->ctx, http_query(call->req, "programme"),
                              http_query(call->req, "firm"), http_query(call->req, "status"),
                              from[0] ? from : NULL, batch, subsidy_add, &p, &err);
        if (p.more || p.rows < batch)
            break;
        snprintf(from, sizeof from, "%s", p.scanned);
    }
    if (st != HS_OK) {
        json_decref(p.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_page(resp, page_of_items(p.items, "id", p.more));
}

void h_firm_get(route_call *call, http_response *resp) {
    hs_error err = {0};
    registry_session rs;
    if (registry_session_open(call->ctx, false, &rs, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    firm_record rec;
    hs_status st = firm_show_op(call->ctx, &rs, route_param(call->match, "uscc"), &rec, &err);
    if (st != HS_OK) {
        registry_session_close(&rs);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_firm_record(&rec);
    firm_record_free(&rec);
    registry_session_close(&rs);
    respond_view(resp, v);
}

typedef struct {
    const char *after;
    size_t limit;
    json_t *items;
    char last[256];
    bool more;
} product_page;

static hs_status product_add(void *vctx, const credit_product *p, hs_error *err) {
    product_page *pg = vctx;
    if (pg->more || (pg->after != NULL && strcmp(p->id, pg->after) <= 0))
        return HS_OK;
    if (json_array_size(pg->items) == pg->limit) {
        pg->more = true;
        return HS_OK;
    }
    json_t *v = view_product(p);
    if (v == NULL || json_array_append_new(pg->items, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing products");
    snprintf(pg->last, sizeof pg->last, "%s", p->id);
    return HS_OK;
}

void h_credit_products(route_call *call, http_response *resp) {
    char after[256];
    bool has_cursor;
    product_page pg = {0};
    if (!page_args(call, resp, &pg.limit, after, sizeof after, &has_cursor))
        return;
    pg.after = has_cursor ? after : NULL;
    pg.items = json_array();
    hs_error err = {0};
    if (credit_ops_products_each(call->ctx, product_add, &pg, &err) != HS_OK || pg.items == NULL) {
        json_decref(pg.items);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(
        resp, 200,
        json_pack("{s:o, s:o}", "items", pg.items, "next_cursor", cursor_of(pg.last, pg.more)));
}
