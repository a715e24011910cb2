/* policy_reform_view.c — a reform's comparison as JSON (`policy reform --json`, the HTTP body) and
 * as an Excel workbook (see policy_reform.h). Every amount is given in fen (integers, exact) and
 * as a decimal yuan string; the workbook shows yuan with a #,##0.00 format beside the fen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/money.h"
#include "ops/policy_reform.h"
#include "registry/firm.h"

static json_t *money_json(int64_t fen) {
    char buf[MONEY_TEXT_MAX];
    return json_string(money_format_decimal(fen, buf, sizeof buf));
}

static json_t *side_json(size_t eligible, int64_t total_fen, size_t errors) {
    json_t *o = json_object();
    json_object_set_new(o, "eligible", json_integer((json_int_t)eligible));
    json_object_set_new(o, "total_fen", json_integer(total_fen));
    json_object_set_new(o, "total", money_json(total_fen));
    json_object_set_new(o, "errors", json_integer((json_int_t)errors));
    return o;
}

static json_t *groups_json(const ops_reform_group *g, size_t n, const char *key) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, key, json_string(g[i].key));
        json_object_set_new(o, "firms", json_integer((json_int_t)g[i].firms));
        json_object_set_new(o, "baseline_eligible",
                            json_integer((json_int_t)g[i].baseline_eligible));
        json_object_set_new(o, "reform_eligible", json_integer((json_int_t)g[i].reform_eligible));
        json_object_set_new(o, "baseline_fen", json_integer(g[i].baseline_fen));
        json_object_set_new(o, "reform_fen", json_integer(g[i].reform_fen));
        json_object_set_new(o, "delta_fen", json_integer(g[i].delta_fen));
        json_array_append_new(arr, o);
    }
    return arr;
}

static const char *sector_of(const ops_reform_firm *f) {
    const char *code = firm_sector_code((firm_sector)f->sector);
    return code[0] ? code : "unset";
}

static json_t *firms_json(const ops_policy_reform_result *r, const size_t *idx, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < n; i++) {
        const ops_reform_firm *f = &r->firms[idx[i]];
        json_t *o = json_object();
        json_object_set_new(o, "uscc", json_string(f->uscc));
        json_object_set_new(o, "sector", json_string(sector_of(f)));
        json_object_set_new(o, "city", json_string(r->cities[f->city]));
        json_object_set_new(o, "baseline_eligible", json_boolean(f->baseline_eligible));
        json_object_set_new(o, "reform_eligible", json_boolean(f->reform_eligible));
        json_object_set_new(o, "baseline_fen", json_integer(f->baseline_fen));
        json_object_set_new(o, "reform_fen", json_integer(f->reform_fen));
        json_object_set_new(o, "delta_fen", json_integer(ops_reform_delta(f)));
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *view_policy_reform(const ops_policy_reform_result *r) {
    json_t *j = json_object();
    if (j == NULL)
        return NULL;
    char d[DATE_TEXT_LEN];
    json_object_set_new(j, "policy", json_string(r->policy));
    json_object_set_new(j, "version", json_string(r->version));
    json_object_set_new(j, "on", json_string(date_format(r->on, d)));
    json_object_set_new(j, "from",
                        r->has_from ? json_string(date_format(r->from, d)) : json_null());
    json_object_set_new(j, "applies", json_boolean(r->applies));
    json_object_set(j, "set", r->set ? r->set : json_object());
    json_object_set(j, "rule_off", r->rule_off ? r->rule_off : json_array());
    json_object_set_new(j, "firms", json_integer((json_int_t)r->nfirms));
    json_object_set_new(
        j, "baseline",
        side_json(r->all.baseline_eligible, r->all.baseline_fen, r->all.baseline_errors));
    json_object_set_new(j, "reform",
                        side_json(r->all.reform_eligible, r->all.reform_fen, r->all.reform_errors));
    json_object_set_new(j, "delta_fen", json_integer(r->all.delta_fen));
    json_object_set_new(j, "delta", money_json(r->all.delta_fen));
    json_object_set_new(j, "by_sector", groups_json(r->by_sector, r->nsectors_used, "sector"));
    json_object_set_new(j, "by_city", groups_json(r->by_city, r->nby_city, "city"));
    json_object_set_new(j, "gainers", firms_json(r, r->gainers, r->ngainers));
    json_object_set_new(j, "losers", firms_json(r, r->losers, r->nlosers));
    json_t *b = json_object();
    json_object_set_new(b, "account", json_string(r->budget));
    json_object_set_new(b, "delta_fen", json_integer(r->all.delta_fen));
    json_object_set_new(b, "programme", r->has_programme ? json_string(r->programme) : json_null());
    if (r->has_programme) {
        json_object_set_new(b, "remaining_fen", json_integer(r->remaining_fen));
        json_object_set_new(b, "remaining_after_fen", json_integer(r->remaining_after_fen));
        json_object_set_new(b, "covered", json_boolean(r->remaining_after_fen >= 0));
    }
    json_object_set_new(j, "budget", b);
    return j;
}

/* ---- the workbook ---- */

typedef struct {
    lxw_workbook *wb;
    lxw_format *bold, *money;
} book;

/* Writes fen at (row, col) as yuan (money format) and at col + 1 as the fen integer. */
static void put_money(const book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t fen) {
    /* display only: the exact figure is the fen integer written beside it */
    worksheet_write_number(ws, row, col, (double)fen / 100.0, b->money);
    worksheet_write_number(ws, row, col + 1, (double)fen, NULL);
}

static void header_row(const book *b, lxw_worksheet *ws, lxw_row_t row, const char *const *names) {
    for (lxw_col_t c = 0; names[c] != NULL; c++) {
        worksheet_write_string(ws, row, c, names[c], b->bold);
        worksheet_set_column(ws, c, c, c == 0 ? 26 : 16, NULL);
    }
}

static void sheet_groups(const book *b, const char *title, const ops_reform_group *g, size_t n) {
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, title);
    static const char *const cols[] = {"key",
                                       "firms",
                                       "baseline eligible",
                                       "reform eligible",
                                       "baseline (yuan)",
                                       "baseline_fen",
                                       "reform (yuan)",
                                       "reform_fen",
                                       "delta (yuan)",
                                       "delta_fen",
                                       NULL};
    header_row(b, ws, 0, cols);
    for (size_t i = 0; i < n; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, g[i].key[0] ? g[i].key : "(all)", NULL);
        worksheet_write_number(ws, row, 1, (double)g[i].firms, NULL);
        worksheet_write_number(ws, row, 2, (double)g[i].baseline_eligible, NULL);
        worksheet_write_number(ws, row, 3, (double)g[i].reform_eligible, NULL);
        put_money(b, ws, row, 4, g[i].baseline_fen);
        put_money(b, ws, row, 6, g[i].reform_fen);
        put_money(b, ws, row, 8, g[i].delta_fen);
    }
}

static void sheet_firms(const book *b, const ops_policy_reform_result *r) {
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "changes");
    static const char *const cols[] = {"uscc",
                                       "sector",
                                       "city",
                                       "baseline eligible",
                                       "reform eligible",
                                       "baseline (yuan)",
                                       "baseline_fen",
                                       "reform (yuan)",
                                       "reform_fen",
                                       "delta (yuan)",
                                       "delta_fen",
                                       NULL};
    header_row(b, ws, 0, cols);
    lxw_row_t row = 1;
    const size_t *lists[] = {r->gainers, r->losers};
    size_t counts[] = {r->ngainers, r->nlosers};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < counts[l]; i++, row++) {
            const ops_reform_firm *f = &r->firms[lists[l][i]];
            worksheet_write_string(ws, row, 0, f->uscc, NULL);
            worksheet_write_string(ws, row, 1, sector_of(f), NULL);
            worksheet_write_string(ws, row, 2, r->cities[f->city], NULL);
            worksheet_write_boolean(ws, row, 3, f->baseline_eligible, NULL);
            worksheet_write_boolean(ws, row, 4, f->reform_eligible, NULL);
            put_money(b, ws, row, 5, f->baseline_fen);
            put_money(b, ws, row, 7, f->reform_fen);
            put_money(b, ws, row, 9, ops_reform_delta(f));
        }
}

hs_status policy_reform_write_xlsx(const ops_policy_reform_result *r, const char *path,
                                   hs_error *err) {
    book b = {.wb = workbook_new(path)};
    if (b.wb == NULL)
        return hs_invalid_field(err, "--xlsx", "%s: cannot create the workbook", path);
    b.bold = workbook_add_format(b.wb);
    format_set_bold(b.bold);
    b.money = workbook_add_format(b.wb);
    format_set_num_format(b.money, "#,##0.00");
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, "summary");
    char d[DATE_TEXT_LEN], line[512];
    snprintf(line, sizeof line, "reform of %s %s on %s", r->policy, r->version,
             date_format(r->on, d));
    worksheet_write_string(ws, 0, 0, line, b.bold);
    if (r->has_from) {
        snprintf(line, sizeof line, "applies from %s: %s", date_format(r->from, d),
                 r->applies ? "in effect" : "not yet in effect (reform = baseline)");
        worksheet_write_string(ws, 1, 0, line, NULL);
    }
    char *set = json_dumps(r->set, JSON_COMPACT | JSON_SORT_KEYS);
    char *off = json_dumps(r->rule_off, JSON_COMPACT);
    worksheet_write_string(ws, 2, 0, "set", b.bold);
    worksheet_write_string(ws, 2, 1, set ? set : "{}", NULL);
    worksheet_write_string(ws, 3, 0, "rules off", b.bold);
    worksheet_write_string(ws, 3, 1, off ? off : "[]", NULL);
    free(set);
    free(off);
    ops_reform_group all = r->all;
    all.key[0] = '\0';
    sheet_groups(&b, "totals", &all, 1);
    sheet_groups(&b, "by sector", r->by_sector, r->nsectors_used);
    sheet_groups(&b, "by city", r->by_city, r->nby_city);
    sheet_firms(&b, r);
    worksheet_write_string(ws, 5, 0, "budget account", b.bold);
    worksheet_write_string(ws, 5, 1, r->budget, NULL);
    worksheet_write_string(ws, 6, 0, "delta (yuan / fen)", b.bold);
    put_money(&b, ws, 6, 1, r->all.delta_fen);
    if (r->has_programme) {
        worksheet_write_string(ws, 7, 0, "remaining now", b.bold);
        put_money(&b, ws, 7, 1, r->remaining_fen);
        worksheet_write_string(ws, 8, 0, "remaining after", b.bold);
        put_money(&b, ws, 8, 1, r->remaining_after_fen);
    }
    worksheet_set_column(ws, 0, 0, 22, NULL);
    lxw_error e = workbook_close(b.wb);
    if (e != LXW_NO_ERROR)
        return hs_invalid_field(err, "--xlsx", "%s: cannot write the workbook (%s)", path,
                                lxw_strerror(e));
    return HS_OK;
}
