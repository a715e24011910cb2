/* target_report.c — the `report targets` table (see target_report.h). */
#include "ops/target_report.h"

#include <assert.h>
#include <stdio.h>

enum {
    C_PROGRAMME,
    C_ID,
    C_INDICATOR,
    C_VALUE,
    C_ACTUAL,
    C_PROGRESS,
    C_NEEDED,
    C_DEADLINE,
    C_RAG,
    C_PROBABILITY,
    C_SOURCE,
    C_COLS
};

static const table_column cols[C_COLS] = {
    {"programme", "Programme", "计划", CELL_TEXT},
    {"id", "Target", "目标", CELL_TEXT},
    {"indicator", "Indicator", "指标", CELL_TEXT},
    {"value", "Value", "目标值", CELL_TEXT},
    {"actual", "Actual", "实际值", CELL_TEXT},
    {"progress", "Progress", "完成度", CELL_TEXT},
    {"needed_growth", "Growth needed/yr", "所需年增速", CELL_TEXT},
    {"deadline", "Deadline", "期限", CELL_TEXT},
    {"rag", "RAG", "红黄绿", CELL_TEXT},
    {"probability", "P(reach)", "达成概率", CELL_TEXT},
    {"source", "Source", "来源", CELL_TEXT},
};

static void pct(char *buf, size_t len, bool ok, double v) {
    if (ok && v > 10.0)
        snprintf(buf, len, ">1000%%");
    else if (ok)
        snprintf(buf, len, "%.1f%%", 100.0 * v);
    else
        snprintf(buf, len, "-");
}

void target_report_table(const target_status *s, size_t n, bool cn, report_table *t) {
    assert(t != NULL && (n == 0 || s != NULL));
    table_init(t, "Programme targets", cols, C_COLS);
    for (size_t i = 0; i < n; i++) {
        size_t r = table_add_row(t);
        if (r == TABLE_NO_ROW) {
            t->out_of_memory = true;
            return;
        }
        const target_status *x = &s[i];
        char buf[128], d[16];
        table_set_text(t, r, C_PROGRAMME, x->t.programme);
        table_set_text(t, r, C_ID, x->t.id);
        table_set_text(t, r, C_INDICATOR, target_indicator_name(x->t.indicator));
        table_set_text(t, r, C_VALUE,
                       target_value_format(x->t.indicator, x->t.value, cn, buf, sizeof buf));
        if (x->actual_known)
            target_value_format(x->t.indicator, x->actual, cn, buf, sizeof buf);
        else
            snprintf(buf, sizeof buf, "-");
        table_set_text(t, r, C_ACTUAL, buf);
        pct(buf, sizeof buf, x->actual_known, x->a.progress);
        table_set_text(t, r, C_PROGRESS, buf);
        pct(buf, sizeof buf, x->actual_known && x->a.needed_ok, x->a.needed_cagr);
        table_set_text(t, r, C_NEEDED, buf);
        table_set_text(t, r, C_DEADLINE, date_format(x->t.deadline, d));
        table_set_text(t, r, C_RAG, x->actual_known ? target_rag_name(x->a.rag) : "-");
        pct(buf, sizeof buf, x->has_probability, x->probability.probability);
        table_set_text(t, r, C_PROBABILITY, buf);
        table_set_text(t, r, C_SOURCE, x->t.source);
    }
}
