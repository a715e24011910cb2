/* transfers_render.h — the answer to POST /api/v1/transfers, rendered inside the committing
 * transaction (so the idempotency record holds exactly it): 200 with the transfer's view (or
 * {"transfers":[...]}), or the error object with the refused transfer's id and detail and its
 * status (409 refused by a rule, 422 bad content, 409 idempotency_key_reused). An ops_group_render;
 * r->caller_data is the handler's request shape. */
#ifndef HS_SERVER_TRANSFERS_RENDER_H
#define HS_SERVER_TRANSFERS_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "ops/transfer_group.h"

bool transfers_render(void *ctx, const ops_group_request *r, int *code, char **body, size_t *len);

#endif
