/* h_reports.c — the standard reports over ops/report_ops as JSON (the rows of `report ... --json`),
 * CSV or Excel downloads (?format=json|csv|xlsx), and the voucher and loan records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/credit_ops.h"
#include "ops/credit_view.h"
#include "ops/report_ops.h"
#include "ops/report_view.h"
#include "ops/target_report.h"
#include "ops/target_view.h"
#include "ops/voucher_ops.h"
#include "server/handlers.h"
#include "server/paging.h"

/* Answers a filled table in the format the query asks for; frees it. */
static void respond_table(route_call *call, report_table *t, http_response *resp,
                          const char *filename) {
    hs_error err = {0};
    const char *format = http_query(call->req, "format");
    if (format == NULL || strcmp(format, "json") == 0) {
        json_t *v = view_report_table(t);
        table_free(t);
        if (v == NULL) {
            hs_fail(&err, HS_STORAGE, "out of memory");
            http_respond_error(resp, &err, false, NULL);
        } else {
            http_respond_json(resp, 200, v);
        }
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    const char *type;
    if (strcmp(format, "csv") == 0) {
        FILE *m = open_memstream(&buf, &len);
        if (m != NULL) {
            table_write_csv(t, false, m);
            fclose(m);
        }
        type = "text/csv; charset=utf-8";
    } else if (strcmp(format, "xlsx") == 0) {
        char path[] = "/tmp/huoshui-report-XXXXXX.xlsx";
        int fd = mkstemps(path, 5);
        if (fd >= 0) {
            close(fd);
            if (table_write(t, REPORT_XLSX, false, path, &err) == HS_OK) {
                FILE *f = fopen(path, "rb");
                FILE *m = f ? open_memstream(&buf, &len) : NULL;
                char chunk[8192];
                size_t n;
                while (m != NULL && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
                    fwrite(chunk, 1, n, m);
                if (m != NULL)
                    fclose(m);
                if (f != NULL)
                    fclose(f);
            }
            unlink(path);
        }
        type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    } else {
        table_free(t);
        hs_invalid_field(&err, "format", "format is json, csv or xlsx, not '%.20s'", format);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    table_free(t);
    if (buf == NULL) {
        if (err.status == HS_OK)
            hs_fail(&err, HS_STORAGE, "could not write the %s report", format);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_bytes(resp, 200, type, buf, len);
    free(buf);
    snprintf(resp->content_disposition, sizeof resp->content_disposition,
             "attachment; filename=\"%s.%s\"", filename, format);
}

void h_report_firm(route_call *call, http_response *resp) {
    hs_error err = {0};
    report_table t;
    memset(&t, 0, sizeof t);
    const char *uscc = route_param(call->match, "uscc");
    if (ops_report_firm(call->ctx, uscc, &t, &err) != HS_OK) {
        table_free(&t);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_table(call, &t, resp, "firm-statement");
}

void h_report_programme(route_call *call, http_response *resp) {
    hs_error err = {0};
    const char *by_text = http_query(call->req, "by");
    report_grouping by = BY_BUDGET;
    if (by_text != NULL && !report_grouping_parse(by_text, &by)) {
        hs_invalid_field(&err, "by", "by is budget, sector, district, city or firm");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (by == BY_FIRM && call->caller->role == HS_ROLE_ANALYST) {
        hs_fail_code(&err, HS_REFUSED, "forbidden", "by",
                     "analysts see aggregates: by budget, sector, district or city, not by firm");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    report_table t;
    memset(&t, 0, sizeof t);
    if (ops_report_programme(call->ctx, route_param(call->match, "id"), by, &t, &err) != HS_OK) {
        table_free(&t);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_table(call, &t, resp, "programme-report");
}

void h_report_targets(route_call *call, http_response *resp) {
    hs_error err = {0};
    const char *programme = http_query(call->req, "programme"),
               *on_text = http_query(call->req, "on");
    hs_date on = 0;
    if (on_text != NULL && !date_parse(on_text, &on)) {
        hs_invalid_field(&err, "on", "on must be a date YYYY-MM-DD");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    target_status *all = NULL;
    size_t n = 0;
    if (ops_target_status(call->ctx, programme, on, &all, &n, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    /* analysts and auditors see every programme's targets (aggregates); officers and reviewers
     * those of their programmes */
    bool every = call->caller->role == HS_ROLE_ANALYST || call->caller->role == HS_ROLE_AUDITOR;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (every || route_record_visible(call->caller, all[i].t.programme, NULL))
            all[kept++] = all[i];
    const char *format = http_query(call->req, "format");
    if (format == NULL || strcmp(format, "json") == 0) {
        json_t *v = view_target_statuses(all, kept);
        free(all);
        respond_view(resp, v);
        return;
    }
    report_table t;
    target_report_table(all, kept, false, &t);
    free(all);
    if (t.out_of_memory) {
        table_free(&t);
        hs_fail(&err, HS_STORAGE, "out of memory building the report");
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    respond_table(call, &t, resp, "targets");
}

void h_voucher_get(route_call *call, http_response *resp) {
    hs_error err = {0};
    voucher v;
    json_t *view = NULL;
    const char *id = route_param(call->match, "id");
    if (ops_voucher_show(call->ctx, id, &v, &view, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    if (!route_record_visible(call->caller, v.policy.programme, v.firm)) {
        json_decref(view);
        hs_fail_code(&err, HS_REFUSED, "forbidden", NULL, "%s (%s) may not see voucher '%.60s'",
                     call->caller->user, role_name(call->caller->role), id);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    http_respond_json(resp, 200, view);
}

void h_loan_get(route_call *call, http_response *resp) {
    hs_error err = {0};
    credit_loan_detail d;
    const char *id = route_param(call->match, "id");
    if (credit_ops_loan_show(call->ctx, id, &d, &err) != HS_OK) {
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    const hs_principal *p = call->caller;
    bool visible =
        p->role == HS_ROLE_AUDITOR ||
        (p->role == HS_ROLE_BANK && principal_in_scope(p, HS_SCOPE_BANK, d.loan.bank)) ||
        (p->role == HS_ROLE_ENTERPRISE && principal_in_scope(p, HS_SCOPE_FIRM, d.loan.firm));
    if (!visible) {
        credit_loan_detail_free(&d);
        hs_fail_code(&err, HS_REFUSED, "forbidden", NULL, "%s (%s) may not see loan '%.60s'",
                     p->user, role_name(p->role), id);
        http_respond_error(resp, &err, false, NULL);
        return;
    }
    json_t *v = view_loan_detail(&d);
    credit_loan_detail_free(&d);
    http_respond_json(resp, 200, v);
}
