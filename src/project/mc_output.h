/* mc_output.h — a projection summary as CSV (one row per metric and year) and as an SVG fan chart
 * (one panel per key figure: the P10-P90 band shaded, the median as a line). */
#ifndef HS_PROJECT_MC_OUTPUT_H
#define HS_PROJECT_MC_OUTPUT_H

#include <stdio.h>

#include "project/mc_stats.h"

/* Writes "metric,year,date,p10,p50,p90,mean" rows to out (dates = on + year years). */
void mc_write_csv(const mc_summary *s, hs_date on, FILE *out);
/* Writes the fan chart to the file at path (replaced): HS_INPUT if it cannot be opened,
 * HS_STORAGE if writing fails. */
hs_status mc_write_fan_chart(const mc_summary *s, hs_date on, const char *title, const char *path,
                             hs_error *err);

#endif
