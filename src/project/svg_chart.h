/* svg_chart.h — a fund cash-flow chart as a standalone SVG file: contributions (bars below the
 * axis), distributions (bars above), NAV (line), cumulative net cash flow (line) with the J-curve's
 * trough marked, and labelled axes. Hand-written SVG 1.1 text, no library. */
#ifndef HS_PROJECT_SVG_CHART_H
#define HS_PROJECT_SVG_CHART_H

#include <stdio.h>

#include "base/error.h"

/* What to draw; every array has `years` values, index 0 is year 1. */
typedef struct {
    const char *title;      /* escaped for XML; may be NULL */
    const char *unit_label; /* the y axis label, e.g. "amount (commitment = 100)"; may be NULL */
    int years;              /* 1 .. 1000 */
    const double *contribution;   /* >= 0, drawn downward */
    const double *distribution;   /* >= 0, drawn upward */
    const double *nav;            /* line */
    const double *cumulative_net; /* line */
    int first_year;               /* the year the first values belong to; 0 means 1 */
    int trough_year; /* the year to mark, first_year .. first_year + years - 1; 0 = none */
} svg_fund_chart;

/* Writes the chart to `out` as one well-formed SVG document. HS_INPUT on bad data (non-finite
 * values, years out of range). */
hs_status svg_chart_render(const svg_fund_chart *chart, FILE *out, hs_error *err);

/* Writes the chart to the file at `path` (replaced). HS_INPUT on bad data or a path that cannot
 * be opened for writing (a bad argument); HS_STORAGE if writing fails midway (disk full). */
hs_status svg_chart_write(const svg_fund_chart *chart, const char *path, hs_error *err);

#endif
