/* input_info.h — what a caller building populations from typed values (pop_from_values), such as
 * the Monte Carlo projection, needs to know of a policy's inputs beyond name and type: whether an
 * input has a default, and the members of an enum input by index. */
#ifndef HS_POLICY_INPUT_INFO_H
#define HS_POLICY_INPUT_INFO_H

#include <stdbool.h>
#include <stddef.h>

#include "policy/policy.h"

/* True if input i declares a default (pop_from_values may leave it out). */
bool policy_input_has_default(const hs_policy *p, size_t i);
/* How many members input i's enum has; 0 if input i is not an enum (or i is out of range). */
size_t policy_input_enum_count(const hs_policy *p, size_t i);
/* Member k of input i's enum ("nlp"), or NULL if there is none. */
const char *policy_input_enum_member(const hs_policy *p, size_t i, size_t k);

#endif
