/* input_info.c — defaults and enum members of a policy's inputs (see input_info.h). */
#include "policy/input_info.h"

#include "policy/internal.h"

bool policy_input_has_default(const hs_policy *p, size_t i) {
    return p != NULL && i < (size_t)p->inputs.n && p->inputs.v[i].has_default;
}

size_t policy_input_enum_count(const hs_policy *p, size_t i) {
    if (p == NULL || i >= (size_t)p->inputs.n || p->inputs.v[i].type.kind != HS_T_ENUM)
        return 0;
    return (size_t)p->enums.v[p->inputs.v[i].type.enum_id].count;
}

const char *policy_input_enum_member(const hs_policy *p, size_t i, size_t k) {
    if (k >= policy_input_enum_count(p, i))
        return NULL;
    return p->enums.v[p->inputs.v[i].type.enum_id].names[k];
}
