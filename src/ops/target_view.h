/* target_view.h — the JSON views of targets: what `--json` prints and the server returns, the
 * same bytes. Each returns a new reference (NULL only if jansson is out of memory). */
#ifndef HS_OPS_TARGET_VIEW_H
#define HS_OPS_TARGET_VIEW_H

#include <jansson.h>

#include "ops/target_ops.h"

/* {"programme","id","indicator","unit" ("count"|"fen"),"value","deadline","base_year"
 *  (null if none),"base_value","filter","source"} */
json_t *view_target(const target *t);
/* view_target plus {"actual" (null if unknown),"actual_source","actual_date","progress",
 *  "needed_growth" (null if not meaningful),"years_left","met","rag","path_value" (null without
 *  a base),"probability" (null before a projection run),"probability_paths"} */
json_t *view_target_status(const target_status *s);
/* A JSON array of view_target_status for s[0..n). */
json_t *view_target_statuses(const target_status *s, size_t n);

#endif
