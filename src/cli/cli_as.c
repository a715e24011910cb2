/* cli_as.c — `--as USER`: authenticate a server user for this CLI invocation (see cli_as.h). */
#include "cli/cli_as.h"

#include <sodium.h>

#include "auth/password.h"
#include "cli/stdin_secret.h"
#include "ops/auth_ops.h"
#include "store/store.h"

int cli_act_as(hs_config *cfg, const char *user) {
    char password[AUTH_PASSWORD_MAX + 2];
    stdin_secret_status rs = stdin_secret_read("password: ", password, sizeof password);
    if (rs != STDIN_SECRET_OK) {
        sodium_memzero(password, sizeof password);
        hs_error e;
        hs_invalid_field(&e, "password",
                         rs == STDIN_SECRET_EMPTY ? "--as %s: give the password as the first line "
                                                    "of stdin"
                                                  : "--as %s: could not read the password",
                         user);
        return cli_report("--as", &e);
    }
    hs_store *s;
    int rc = cli_open_book(cfg, "--as", false, &s);
    if (rc != 0) {
        sodium_memzero(password, sizeof password);
        return rc;
    }
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_principal who;
    hs_error err = {0};
    hs_status st = ops_password_verify(&ctx, user, password, &who, &err);
    sodium_memzero(password, sizeof password);
    store_close(s);
    if (st != HS_OK)
        return cli_report("--as", &err);
    cfg->principal = who;
    return 0;
}
