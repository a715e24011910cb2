/* cmd_token.c — `huoshui token create|check`: bearer tokens for machine clients (a bank's or a
 * provider's system) over ops/auth_ops.h. Argument parsing and printing only. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/stdin_secret.h"
#include "ops/auth_ops.h"
#include "ops/auth_view.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] token create USER [--expires DATE]\n"
            "       huoshui [--book B] token check [--json]      (the token on stdin)\n\n"
            "`create` makes a bearer token for USER (sent as `Authorization: Bearer TOKEN`) and\n"
            "prints it once, alone on the last line of stdout; the book keeps only its BLAKE2b\n"
            "digest. With --expires it authenticates through that day. Tokens start with hs_.\n"
            "`check` reads a token from the first line of stdin and prints who it authenticates\n"
            "as (exit 0), or exits 1 (unauthenticated: unknown, expired, or its user disabled).\n"
            "Exit 0 done, 1 refused, 2 bad input or no such user, 3 storage.\n");
}

enum { O_EXPIRES, O_COUNT };
static const struct option long_opts[] = {
    {"expires", required_argument, NULL, O_EXPIRES},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int create(const hs_config *cfg, const cli_opts *o) {
    hs_date expires_date = 0;
    bool expires = o->given[O_EXPIRES];
    if (expires && !opts_date(o, O_EXPIRES, &expires_date))
        return 2;
    hs_store *s;
    int rc = cli_open_book(cfg, o->cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    char token[AUTH_SECRET_MAX];
    hs_error err = {0};
    hs_status st = ops_token_create(&ctx, o->arg, expires, expires_date, token, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json) {
        cli_print_json(view_token_created(o->arg, token, expires, expires_date));
    } else {
        char d[DATE_TEXT_LEN];
        printf("bearer token for %s (%s%s); it is shown only this once:\n", o->arg,
               expires ? "valid through " : "no expiry",
               expires ? date_format(expires_date, d) : "");
        printf("%s\n", token);
    }
    fflush(stdout);
    sodium_memzero(token, sizeof token);
    return 0;
}

static int check(const hs_config *cfg, const cli_opts *o) {
    char token[AUTH_SECRET_MAX];
    stdin_secret_status rs = stdin_secret_read("token: ", token, sizeof token);
    if (rs != STDIN_SECRET_OK) {
        sodium_memzero(token, sizeof token);
        hs_error e;
        hs_invalid_field(&e, "token",
                         rs == STDIN_SECRET_EMPTY ? "no token: give it as the first line of stdin"
                                                  : "stdin does not hold a token");
        return cli_report(o->cmd, &e);
    }
    hs_store *s;
    int rc = cli_open_book(cfg, o->cmd, false, &s);
    if (rc != 0) {
        sodium_memzero(token, sizeof token);
        return rc;
    }
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_principal p;
    hs_error err = {0};
    hs_status st = ops_token_authenticate(&ctx, token, &p, &err);
    sodium_memzero(token, sizeof token);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json) {
        cli_print_json(view_principal(&p));
    } else {
        printf("%s role %s", p.user, role_name(p.role));
        for (size_t i = 0; i < p.scopes_count; i++)
            printf(" %s:%s", scope_kind_name(p.scopes[i].kind), p.scopes[i].id);
        printf("\n");
    }
    return 0;
}

int cmd_token(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    cli_opts o = {.cfg = cfg, .table = long_opts, .usage = usage};
    static const int create_opts[] = {O_EXPIRES};
    int rc;
    if (!strcmp(sub, "create")) {
        o.cmd = "token create";
        if ((rc = opts_parse(&o, argc - 1, argv + 1, create_opts, 1, OPTS_ONE_ARG)) != 0)
            return rc < 0 ? 0 : rc;
        return create(cfg, &o);
    }
    if (!strcmp(sub, "check")) {
        o.cmd = "token check";
        if ((rc = opts_parse(&o, argc - 1, argv + 1, NULL, 0, OPTS_NO_ARG)) != 0)
            return rc < 0 ? 0 : rc;
        return check(cfg, &o);
    }
    usage(stderr);
    return cli_fail("token", HS_INPUT, "unknown subcommand '%s'", sub);
}
