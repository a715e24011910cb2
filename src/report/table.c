/* table.c — typed report tables and their four writers. */
#include "report/table.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/csv_writer.h"
#include "base/money.h"
#include "base/text.h"

void table_init(report_table *t, const char *title, const table_column *cols, size_t ncols) {
    assert(ncols <= TABLE_COLUMNS_MAX);
    memset(t, 0, sizeof *t);
    snprintf(t->title, sizeof t->title, "%s", title);
    t->ncols = ncols;
    memcpy(t->cols, cols, ncols * sizeof *cols);
}

void table_free(report_table *t) {
    for (size_t i = 0; i < t->rows * t->ncols; i++)
        free(t->cells[i].text);
    free(t->cells);
    t->cells = NULL;
    t->rows = t->capacity = 0;
}

size_t table_add_row(report_table *t) {
    assert(t != NULL && t->ncols > 0 && t->rows <= t->capacity);
    if (t->rows == t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 32;
        table_cell *c = realloc(t->cells, cap * t->ncols * sizeof *c);
        if (c == NULL)
            return TABLE_NO_ROW; /* the table is unchanged */
        t->cells = c;
        t->capacity = cap;
    }
    size_t r = t->rows++;
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[r * t->ncols + c] =
            (table_cell){.kind = t->cols[c].kind, .value = 0, .text = NULL};
    return r;
}

void table_set_text(report_table *t, size_t row, size_t col, const char *text) {
    assert(row < t->rows && col < t->ncols && t->cols[col].kind == CELL_TEXT);
    table_cell *c = &t->cells[row * t->ncols + col];
    free(c->text);
    c->text = strdup(text ? text : "");
    if (c->text == NULL)
        t->out_of_memory = true;
}

void table_set_value(report_table *t, size_t row, size_t col, int64_t value) {
    assert(row < t->rows && col < t->ncols && t->cols[col].kind != CELL_TEXT);
    t->cells[row * t->ncols + col].value = value;
}

int64_t table_value(const report_table *t, size_t row, size_t col) {
    assert(row < t->rows && col < t->ncols);
    return t->cells[row * t->ncols + col].value;
}

static const char *cell_text(const report_table *t, size_t r, size_t c, bool cn, char *buf,
                             size_t len) {
    const table_cell *cell = &t->cells[r * t->ncols + c];
    if (cell->kind == CELL_TEXT)
        return cell->text ? cell->text : "";
    if (cell->kind == CELL_INT) {
        snprintf(buf, len, "%lld", (long long)cell->value);
        return buf;
    }
    return cn ? money_format_cn(cell->value, buf, len) : money_format(cell->value, buf, len);
}

static void write_text(const report_table *t, bool cn) {
    size_t width[TABLE_COLUMNS_MAX];
    char buf[MONEY_TEXT_MAX];
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] = text_display_width(cn ? t->cols[c].zh : t->cols[c].en);
        for (size_t r = 0; r < t->rows; r++) {
            size_t w = text_display_width(cell_text(t, r, c, cn, buf, sizeof buf));
            if (w > width[c])
                width[c] = w;
        }
    }
    printf("%s\n", t->title);
    /* padded by display columns, so that columns of 汉字 line up with the rest */
    for (size_t c = 0; c < t->ncols; c++) {
        text_print_padded(stdout, cn ? t->cols[c].zh : t->cols[c].en, width[c],
                          t->cols[c].kind != CELL_TEXT);
        printf("  ");
    }
    printf("\n");
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            text_print_padded(stdout, cell_text(t, r, c, cn, buf, sizeof buf), width[c],
                              t->cols[c].kind != CELL_TEXT);
            printf("  ");
        }
        printf("\n");
    }
}

json_t *table_to_json(const report_table *t) {
    json_t *arr = json_array();
    char buf[MONEY_TEXT_MAX], key[96];
    for (size_t r = 0; r < t->rows; r++) {
        json_t *o = json_object();
        for (size_t c = 0; c < t->ncols; c++) {
            const table_cell *cell = &t->cells[r * t->ncols + c];
            if (cell->kind == CELL_TEXT) {
                json_object_set_new(o, t->cols[c].key, json_string(cell->text ? cell->text : ""));
            } else if (cell->kind == CELL_INT) {
                json_object_set_new(o, t->cols[c].key, json_integer(cell->value));
            } else {
                snprintf(key, sizeof key, "%s_fen", t->cols[c].key);
                json_object_set_new(o, key, json_integer(cell->value));
                json_object_set_new(
                    o, t->cols[c].key,
                    json_string(money_format_decimal(cell->value, buf, sizeof buf)));
            }
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

void table_write_csv(const report_table *t, bool cn, FILE *out) {
    char buf[MONEY_TEXT_MAX];
    for (size_t c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', out);
        csv_write_cell(out, cn ? t->cols[c].zh : t->cols[c].key);
    }
    fputc('\n', out);
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', out);
            const table_cell *cell = &t->cells[r * t->ncols + c];
            csv_write_cell(out, cell->kind == CELL_MONEY
                                    ? money_format_decimal(cell->value, buf, sizeof buf)
                                    : cell_text(t, r, c, false, buf, sizeof buf));
        }
        fputc('\n', out);
    }
}

static void write_csv(const report_table *t, bool cn) {
    table_write_csv(t, cn, stdout);
}

static hs_status write_xlsx(const report_table *t, bool cn, const char *path, hs_error *err) {
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot create the workbook", path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    worksheet_write_string(ws, 0, 0, t->title, bold);
    for (size_t c = 0; c < t->ncols; c++) {
        worksheet_write_string(ws, 2, (lxw_col_t)c, cn ? t->cols[c].zh : t->cols[c].en, bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, t->cols[c].kind == CELL_TEXT ? 28 : 18,
                             NULL);
    }
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const table_cell *cell = &t->cells[r * t->ncols + c];
            lxw_row_t row = (lxw_row_t)(r + 3);
            if (cell->kind == CELL_TEXT)
                worksheet_write_string(ws, row, (lxw_col_t)c, cell->text ? cell->text : "", NULL);
            else if (cell->kind == CELL_INT)
                worksheet_write_number(ws, row, (lxw_col_t)c, (double)cell->value, NULL);
            else /* yuan with two decimals: exact in a double below 2^53 fen */
                worksheet_write_number(ws, row, (lxw_col_t)c, (double)cell->value / 100.0, money);
        }
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return hs_fail(err, HS_INPUT, "%s: %s", path, lxw_strerror(e));
    return HS_OK;
}

hs_status table_write(const report_table *t, report_format format, bool cn, const char *xlsx_path,
                      hs_error *err) {
    if (t->out_of_memory)
        return hs_fail(err, HS_STORAGE, "out of memory building the report");
    switch (format) {
    case REPORT_TEXT:
        write_text(t, cn);
        return HS_OK;
    case REPORT_CSV:
        write_csv(t, cn);
        return HS_OK;
    case REPORT_JSON: {
        json_t *o = json_object();
        json_object_set_new(o, "title", json_string(t->title));
        json_object_set_new(o, "rows", table_to_json(t));
        char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (text) {
            puts(text);
            free(text);
        }
        return HS_OK;
    }
    case REPORT_XLSX:
        return write_xlsx(t, cn, xlsx_path, err);
    }
    return hs_fail(err, HS_INPUT, "unknown report format");
}
