/* cmd_token.c — `huoshui token create|check`: bearer tokens for machine clients (a bank's or a
 * provider's system) over ops/auth_ops.h. Argument parsing and printing only. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/stdin_secret.h"
#include "ops/auth_ops.h"
#include "ops/auth_view.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] token create USER [--expires DATE]\n"
            "       huoshui [--book B] token check [--json]      (the token on stdin)\n"
            "       huoshui [--book B] token list [USER] [--json]\n"
            "       huoshui [--book B] token revoke LABEL\n\n"
            "`create` makes a bearer token for USER (sent as `Authorization: Bearer TOKEN`) and\n"
            "prints it once, alone on the last line of stdout; the book keeps only its BLAKE2b\n"
            "digest. With --expires it authenticates through that day. Tokens start with hs_.\n"
            "`check` reads a token from the first line of stdin and prints who it authenticates\n"
            "as (exit 0), or exits 1 (unauthenticated: unknown, expired, or its user disabled).\n"
            "`list` shows each token's label (hs_ + 8 hex digits of its digest: it names a token\n"
            "without revealing it), user, creation, expiry and whether it was revoked. `revoke`\n"
            "stops the token with that label at once (`token check` shows a token's label).\n"
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
    char label[AUTH_TOKEN_LABEL_LEN + 1];
    auth_token_label_of(token, label);
    sodium_memzero(token, sizeof token);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json) {
        json_t *v = view_principal(&p);
        if (v != NULL)
            json_object_set_new(v, "label", json_string(label));
        cli_print_json(v);
    } else {
        printf("%s %s role %s", label, p.user, role_name(p.role));
        for (size_t i = 0; i < p.scopes_count; i++)
            printf(" %s:%s", scope_kind_name(p.scopes[i].kind), p.scopes[i].id);
        printf("\n");
    }
    return 0;
}

static int list(const hs_config *cfg, const cli_opts *o) {
    hs_store *s;
    int rc = cli_open_book(cfg, o->cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    auth_token_rec *tokens = NULL;
    size_t n = 0;
    hs_error err = {0};
    hs_status st = ops_token_list(&ctx, o->arg[0] != '\0' ? o->arg : NULL, &tokens, &n, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json) {
        cli_print_json(view_tokens(tokens, n));
    } else {
        printf("%-12s %-24s %-11s %s\n", "label", "user", "expires", "state");
        for (size_t i = 0; i < n; i++) {
            char d[DATE_TEXT_LEN];
            printf("%-12s %-24s %-11s %s\n", tokens[i].label, tokens[i].user,
                   tokens[i].expires ? date_format(tokens[i].expires_date, d) : "-",
                   tokens[i].revoked_ns != 0 ? "revoked" : "active");
        }
    }
    free(tokens);
    return 0;
}

static int revoke(const hs_config *cfg, const cli_opts *o) {
    hs_store *s;
    int rc = cli_open_book(cfg, o->cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    auth_token_rec t;
    bool was_revoked = false;
    hs_error err = {0};
    hs_status st = ops_token_revoke(&ctx, o->arg, &t, &was_revoked, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json)
        cli_print_json(view_token_revoked(&t, was_revoked));
    else
        printf("token %s of %s %s\n", t.label, t.user,
               was_revoked ? "was revoked already" : "revoked");
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
    if (!strcmp(sub, "revoke")) {
        o.cmd = "token revoke";
        if ((rc = opts_parse(&o, argc - 1, argv + 1, NULL, 0, OPTS_ONE_ARG)) != 0)
            return rc < 0 ? 0 : rc;
        return revoke(cfg, &o);
    }
    if (!strcmp(sub, "list")) {
        o.cmd = "token list";
        if ((rc = opts_parse(&o, argc - 1, argv + 1, NULL, 0, OPTS_MAYBE_ARG)) != 0)
            return rc < 0 ? 0 : rc;
        return list(cfg, &o);
    }
    usage(stderr);
    return cli_fail("token", HS_INPUT, "unknown subcommand '%s'", sub);
}
