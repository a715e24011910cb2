/* h_firms.c — the firm registry over HTTP, on src/ops/registry_ops.h with the bodies `huoshui firm
 * ... --json` prints (src/ops/registry_view.h): the firm list (cursor pages, the filters of `firm
 * list`), a firm's products, and `firm import` of a CSV body (all or nothing, every bad row
 * listed by line and field). GET /firms/{uscc} (firm show) is in h_records.c.
 *
 * Who: the list is firm-level data — officers, reviewers and auditors see every firm, an
 * enterprise only the firms it holds (scope firm:USCC); analysts and the other roles are refused
 * (403). A firm's products: as GET /firms/{uscc} (the route's firm scope). Import: officers only —
 * they register the firms their programmes deal with; the registry holds no money, so no
 * Idempotency-Key (re-importing a file changes nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/registry_ops.h"
#include "ops/registry_view.h"
#include "server/body_fields.h"
#include "server/handlers.h"
#include "server/paging.h"

#define IMPORT_PROBLEMS_MAX 100 /* bad rows listed in a refused import's error */

static void respond_invalid(http_response *resp, const char *field, const char *msg) {
    hs_error err = {0};
    hs_invalid_field(&err, field, "%s", msg);
    http_respond_error(resp, &err, true, NULL);
}

/* A page being filled from a walk in key order: the items after `after`, at most `limit`. */
typedef struct {
    const hs_principal *caller;
    const char *after; /* NULL: from the first */
    size_t limit;
    json_t *items;
    char last[64];
    bool more;
} walk_page;

/* Whether the walk is past the cursor, and room is left (else *stop: more after this page). */
static bool page_takes(walk_page *pg, const char *key, hs_status *stop) {
    *stop = HS_OK;
    if (pg->after != NULL && strcmp(key, pg->after) <= 0)
        return false;
    if (json_array_size(pg->items) == pg->limit) {
        pg->more = true;
        *stop = HS_REFUSED; /* stops the walk (not an error: see the callers) */
        return false;
    }
    return true;
}

static hs_status page_add(walk_page *pg, const char *key, json_t *v, hs_error *err) {
    if (v == NULL || json_array_append_new(pg->items, v) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory listing the registry");
    snprintf(pg->last, sizeof pg->last, "%s", key);
    return HS_OK;
}

/* Answers the page filled by a walk that returned st (HS_REFUSED: stopped when full). */
static void page_answer(http_response *resp, walk_page *pg, hs_status st, const hs_error *err) {
    if (st != HS_OK && st != HS_REFUSED) {
        json_decref(pg->items);
        http_respond_error(resp, err, false, NULL);
        return;
    }
    json_t *page = json_object();
    if (page != NULL) {
        json_object_set_new(page, "items", pg->items);
        json_object_set_new(page, "next_cursor", cursor_of(pg->last, pg->more));
    } else {
        json_decref(pg->items);
    }
    respond_page(resp, page);
}

/* ---- GET /firms ---- */

static hs_status firm_row(void *arg, const hs_firm *f, hs_error *err) {
    walk_page *pg = arg;
    if (pg->caller->role == HS_ROLE_ENTERPRISE &&
        !principal_in_scope(pg->caller, HS_SCOPE_FIRM, f->uscc))
        return HS_OK;
    hs_status stop;
    if (!page_takes(pg, f->uscc, &stop))
        return stop;
    return page_add(pg, f->uscc, view_firm(f), err);
}

/* The filters of `firm list` from the query: sector, stage, city, status (the recognitions the
 * firm must all hold, comma-separated: high_tech, zjtx, national_lab, national_engineering_center,
 * unicorn — `firm list --flag`). False with resp filled when one is unknown. */
static bool filter_of(route_call *call, http_response *resp, firm_filter *f) {
    memset(f, 0, sizeof *f);
    const char *sector = http_query(call->req, "sector"), *stage = http_query(call->req, "stage");
    const char *status = http_query(call->req, "status");
    f->city = http_query(call->req, "city");
    if (sector != NULL &&
        (!firm_sector_parse(sector, &f->sector) || f->sector == FIRM_SECTOR_UNSET)) {
        respond_invalid(resp, "sector",
                        "sector is nlp, vision, smart_manufacturing, biomedicine, chips, robotics, "
                        "data, compute or other (or a Chinese label)");
        return false;
    }
    if (stage != NULL && (!firm_stage_parse(stage, &f->stage) || f->stage == FIRM_STAGE_UNSET)) {
        respond_invalid(resp, "stage", "stage is seed, startup, growth or mature");
        return false;
    }
    if (status != NULL) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", status);
        char *save = NULL;
        for (char *t = strtok_r(buf, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save))
            if (!firm_flag_parse(t, &f->flags_all)) {
                respond_invalid(resp, "status",
                                "status is a comma-separated list of high_tech, zjtx, "
                                "national_lab, national_engineering_center, unicorn");
                return false;
            }
    }
    return true;
}

void h_firm_list(route_call *call, http_response *resp) {
    char after[64];
    bool has_cursor;
    size_t limit;
    firm_filter filter;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor) ||
        !filter_of(call, resp, &filter))
        return;
    hs_error err = {0};
    registry_session rs;
    if (registry_session_open(call->ctx, false, &rs, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    walk_page pg = {call->caller, has_cursor ? after : NULL, limit, json_array(), "", false};
    hs_status st = pg.items == NULL ? hs_fail(&err, HS_STORAGE, "out of memory")
                                    : firm_list_op(call->ctx, &rs, &filter, firm_row, &pg, &err);
    registry_session_close(&rs);
    page_answer(resp, &pg, st, &err);
}

/* ---- GET /firms/{uscc}/products ---- */

static hs_status product_row(void *arg, const hs_product *p, hs_error *err) {
    walk_page *pg = arg;
    hs_status stop;
    if (!page_takes(pg, p->product_id, &stop))
        return stop;
    return page_add(pg, p->product_id, view_firm_product(p), err);
}

void h_firm_products(route_call *call, http_response *resp) {
    char after[64];
    bool has_cursor;
    size_t limit;
    if (!page_args(call, resp, &limit, after, sizeof after, &has_cursor))
        return;
    hs_error err = {0};
    registry_session rs;
    if (registry_session_open(call->ctx, false, &rs, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    walk_page pg = {call->caller, has_cursor ? after : NULL, limit, json_array(), "", false};
    hs_status st = pg.items == NULL
                       ? hs_fail(&err, HS_STORAGE, "out of memory")
                       : firm_products_op(call->ctx, &rs, route_param(call->match, "uscc"),
                                          product_row, &pg, &err);
    registry_session_close(&rs);
    page_answer(resp, &pg, st, &err);
}

/* ---- POST /firms/import ---- */

/* The diag lines ("body.csv:LINE: field 'F': why") as a JSON array, at most IMPORT_PROBLEMS_MAX. */
static json_t *problems_of(const char *text) {
    json_t *arr = json_array();
    const char *p = text;
    while (arr != NULL && p != NULL && *p != '\0' && json_array_size(arr) < IMPORT_PROBLEMS_MAX) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n > 0)
            json_array_append_new(arr, json_stringn(p, n));
        p = nl ? nl + 1 : NULL;
    }
    return arr;
}

/* The import of the body as CSV of `kind` (firm import / firm import-products). */
static void import_body(route_call *call, http_response *resp, import_kind kind) {
    const char *type = http_header(call->req, "Content-Type");
    if (type == NULL || strncmp(type, "text/csv", 8) != 0 || (type[8] != '\0' && type[8] != ';')) {
        hs_error err = {0};
        hs_fail_code(&err, HS_INPUT, "unsupported_media_type", "Content-Type",
                     "send the file as the body with Content-Type: text/csv (the columns of "
                     "huoshui firm %s)",
                     kind == IMPORT_FIRMS ? "import" : "import-products");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (call->req->body == NULL || call->req->body_len == 0) {
        respond_invalid(resp, "body", "the body is empty: send the CSV file");
        return;
    }
    hs_error err = {0};
    registry_session rs;
    if (registry_session_open(call->ctx, true, &rs, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    char *diag_text = NULL;
    size_t diag_len = 0;
    FILE *diag = open_memstream(&diag_text, &diag_len);
    import_options opt = {.diag = diag};
    import_summary sum;
    hs_status st = firm_import_text_op(call->ctx, &rs, kind, call->req->body, call->req->body_len,
                                       "body.csv", &opt, &sum, &err);
    registry_session_close(&rs);
    if (diag != NULL)
        fclose(diag);
    if (st != HS_OK) {
        json_t *extra = json_object();
        if (extra != NULL)
            json_object_set_new(extra, "problems", problems_of(diag_text ? diag_text : ""));
        http_respond_error(resp, &err, true, extra);
    } else {
        respond_view(resp, view_import_summary("body.csv", &sum, NULL));
    }
    free(diag_text);
}

void h_firm_import(route_call *call, http_response *resp) {
    import_body(call, resp, IMPORT_FIRMS);
}

void h_product_import(route_call *call, http_response *resp) {
    import_body(call, resp, IMPORT_PRODUCTS);
}

#define CHECK_CODES_MAX 1000 /* credit codes in one check */

void h_firm_check(route_call *call, http_response *resp) {
    static const char *const allowed[] = {"uscc", NULL};
    if (!only_fields(call, resp, allowed))
        return;
    json_t *codes = json_object_get(call->body, "uscc");
    size_t i;
    json_t *code;
    bool ok = json_is_array(codes) && json_array_size(codes) >= 1 &&
              json_array_size(codes) <= CHECK_CODES_MAX;
    json_array_foreach(codes, i, code) ok =
        ok && json_is_string(code) && json_string_length(code) <= 64;
    if (!ok) {
        respond_invalid(resp, "uscc", "uscc must be an array of 1 to 1000 credit codes (strings)");
        return;
    }
    hs_divisions *d = NULL;
    hs_error derr = {0};
    bool divisions = registry_divisions_load(call->ctx->data_dir, &d, &derr) == HS_OK;
    json_t *results = json_array();
    json_array_foreach(codes, i, code) {
        char why[200];
        bool valid;
        uscc_check_op(d, json_string_value(code), &valid, why, sizeof why);
        json_array_append_new(results, view_uscc_check(json_string_value(code), valid, why));
    }
    divisions_free(d);
    respond_view(resp, json_pack("{s:o, s:b}", "results", results, "divisions_checked", divisions));
}
