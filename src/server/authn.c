/* authn.c — who sends a request (see dispatch.h, server_handle). */
#include "server/dispatch.h"

void server_handle(const server_env *env, const http_request *req, http_response *resp) {
    /* Authentication by session cookie or bearer token comes with the identity module
     * (ops/auth_ops.h); until it is merged every caller is anonymous: public routes answer,
     * every other route is 401. */
    server_handle_as(env, req, NULL, NULL, NULL, resp);
}
