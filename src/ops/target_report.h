/* target_report.h — `report targets` as a report table (text, CSV, Excel through report/table.h):
 * one row per target with value, actual, progress, growth still needed, red/amber/green and the
 * last projection's probability. */
#ifndef HS_OPS_TARGET_REPORT_H
#define HS_OPS_TARGET_REPORT_H

#include "ops/target_ops.h"
#include "report/table.h"

/* Fills t (table_init'ed here; the caller table_free's it) from s[0..n); `cn` formats amounts in
 * 万/亿. Marks t->out_of_memory if a cell could not be stored. */
void target_report_table(const target_status *s, size_t n, bool cn, report_table *t);

#endif
