/* mc_snapshot.c — releasing a projection's snapshot (see mc_snapshot.h). */
#include "project/mc_snapshot.h"

#include <stdlib.h>
#include <string.h>

void mc_snapshot_free(mc_snapshot *s) {
    if (s == NULL)
        return;
    free(s->firms);
    free(s->cities);
    free(s->loans);
    free(s->pools);
    free(s->budgets);
    free(s->funds);
    free(s->deals);
    free(s->firm_attrs);
    free(s->city_keys);
    mc_policies_free(&s->policies);
    free(s->targets);
    free(s->target_start);
    free(s->target_known);
    memset(s, 0, sizeof *s);
}
