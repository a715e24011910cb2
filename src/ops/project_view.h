/* project_view.h — the JSON view of a projection run (`project run --json`) and of a comparison
 * (`project compare --json`). New references (NULL only if jansson is out of memory). */
#ifndef HS_OPS_PROJECT_VIEW_H
#define HS_OPS_PROJECT_VIEW_H

#include <jansson.h>

#include "project/mc_snapshot.h"
#include "project/mc_stats.h"

/* {"programme","on","paths","seed","years","start":{firms,loans,pools,funds,policies,budgets,
 *  deals (listed: in registry firms), deals_unlisted (left to T–A)},
 *  "policies":[{"id","city" (the title's city, or null: open to every firm),"profiles"}],
 *  "years_data":[{"year","date", METRIC:{"p10","p50","p90","mean"}...}],
 *  "pool_depletion":{"share","p10","p50","p90"} (dates or null),
 *  "targets":[{"id","indicator","value","deadline","probability"}]} */
json_t *view_projection(const mc_snapshot *snap, const mc_summary *s, uint64_t seed);
/* {"programme","on","paths","seed","set","metrics":[{"metric","year","mean","lo","hi"}],
 *  "targets":[{"id","base","variant","difference","lo","hi"}]} */
json_t *view_comparison(const mc_snapshot *snap, const mc_result *base, const mc_result *variant,
                        const mc_summary *sb, const mc_summary *sv, uint64_t seed,
                        const char *set_text);

#endif
