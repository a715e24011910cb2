/* policy_arg.h — a command's --policy FILE|ID read as the version in force on the day the command
 * decides for: a file whose directory holds amendments of its id (`amends ID from DATE`) gives
 * the version in force that day, and the command says so on stderr, as `policy eval` does. */
#ifndef HS_CLI_POLICY_ARG_H
#define HS_CLI_POLICY_ARG_H

#include "ops/ops.h"
#include "ops/policy_source.h"

/* Fills *d (the caller frees it with policy_doc_free) with the policy `ref` names, in force on
 * `on` (ops/policy_versions.h policy_doc_on; `field` names the argument in its errors), and says
 * on stderr when an amendment was taken instead of the file named; errors in *err. */
hs_status cli_policy_doc_on(const hs_ctx *ctx, const char *cmd, const char *ref, hs_date on,
                            const char *field, policy_doc *d, hs_error *err);

#endif
