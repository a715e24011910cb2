/* report_view.h — the JSON view of a report: what `report ... --json` prints and the server
 * returns, the same bytes. */
#ifndef HS_OPS_REPORT_VIEW_H
#define HS_OPS_REPORT_VIEW_H

#include <jansson.h>

#include "report/table.h"

/* {"title": ..., "rows": [one object per row, money as "<key>_fen" and "<key>" yuan text]}. New
 * reference (NULL only if jansson is out of memory). */
json_t *view_report_table(const report_table *t);

#endif
