/* cmd_user.c — `huoshui user add|list|disable`: the users of a shared book (see ops/auth_ops.h).
 * Argument parsing and printing only. The password of `user add` is the first line of stdin; it
 * is never echoed, printed or kept after the call (wiped with sodium_memzero). */
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
            "usage: huoshui [--book B] user add NAME --role ROLE [--scope KIND:ID]...\n"
            "       huoshui [--book B] user list [--json]\n"
            "       huoshui [--book B] user disable NAME\n\n"
            "The users of `huoshui serve`. `add` reads the password from the first line of stdin\n"
            "(12..256 bytes, not the name; never echoed) and stores only its Argon2id hash.\n"
            "NAME: 1..63 bytes of a-z 0-9 . _ - starting with a letter. ROLE and the scopes it\n"
            "works in (--scope is repeatable):\n"
            "  officer, reviewer   programme:ID (at least one)\n"
            "  fund_manager        fund:ID       bank      bank:ID      provider  provider:ID\n"
            "  enterprise          firm:USCC (a valid 统一社会信用代码)\n"
            "  admin, auditor, analyst: no scope\n"
            "`disable` ends the user's sessions and revokes its bearer tokens at once.\n"
            "Exit 0 done, 1 refused (the user exists), 2 bad input or no such user, 3 storage.\n");
}

enum { O_ROLE, O_SCOPE, O_COUNT };
static const struct option long_opts[] = {
    {"role", required_argument, NULL, O_ROLE},
    {"scope", required_argument, NULL, O_SCOPE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Fills u from NAME, --role and every --scope; 0 or the exit code after reporting. */
static int user_from_args(const cli_opts *o, int argc, char **argv, auth_user *u) {
    memset(u, 0, sizeof *u);
    if (strlen(o->arg) >= sizeof u->name || !auth_user_name_valid(o->arg)) {
        hs_error e;
        hs_invalid_field(&e, "name",
                         "user name must be 1..63 bytes of a-z 0-9 . _ - starting with a letter");
        return cli_report(o->cmd, &e);
    }
    snprintf(u->name, sizeof u->name, "%s", o->arg);
    int rc = opts_need(o, O_ROLE);
    if (rc != 0)
        return rc;
    u->role = role_parse(o->val[O_ROLE]);
    if (u->role == HS_ROLE_NONE)
        return opts_fail(o, O_ROLE, "invalid_field",
                         "--role: '%s' is not one of admin officer reviewer fund_manager bank "
                         "provider enterprise auditor analyst",
                         o->val[O_ROLE]);
    const char *scopes[HS_PRINCIPAL_SCOPES_MAX];
    size_t n = opts_each(o, argc, argv, O_SCOPE, scopes, HS_PRINCIPAL_SCOPES_MAX);
    if (n > HS_PRINCIPAL_SCOPES_MAX)
        return opts_fail(o, O_SCOPE, "invalid_field", "--scope: at most %d scopes",
                         HS_PRINCIPAL_SCOPES_MAX);
    for (size_t i = 0; i < n; i++)
        if (!scope_parse(scopes[i], &u->scopes[u->scopes_count++]))
            return opts_fail(o, O_SCOPE, "invalid_field",
                             "--scope: '%.80s' is not KIND:ID (KIND one of programme fund bank "
                             "provider firm; ID 1..63 bytes, no control characters)",
                             scopes[i]);
    return 0;
}

static int read_password(const char *cmd, char *buf, size_t len) {
    stdin_secret_status st = stdin_secret_read("password: ", buf, len);
    if (st == STDIN_SECRET_OK)
        return 0;
    hs_error e;
    if (st == STDIN_SECRET_EMPTY)
        hs_invalid_field(&e, "password", "no password: give it as the first line of stdin");
    else if (st == STDIN_SECRET_TOO_LONG)
        hs_invalid_field(&e, "password", "the password is longer than %d bytes", AUTH_PASSWORD_MAX);
    else
        hs_invalid_field(&e, "password",
                         "could not read the password from stdin (it holds a NUL byte?)");
    return cli_report(cmd, &e);
}

static int add(const hs_config *cfg, const cli_opts *o, int argc, char **argv) {
    auth_user u;
    int rc = user_from_args(o, argc, argv, &u);
    if (rc != 0)
        return rc;
    char password[AUTH_PASSWORD_MAX + 2];
    if ((rc = read_password(o->cmd, password, sizeof password)) != 0) {
        sodium_memzero(password, sizeof password);
        return rc;
    }
    hs_store *s;
    if ((rc = cli_open_book(cfg, o->cmd, false, &s)) != 0) {
        sodium_memzero(password, sizeof password);
        return rc;
    }
    hs_ctx ctx = cli_ctx(cfg, s);
    auth_config acfg = auth_config_default();
    hs_error err = {0};
    hs_status st = ops_user_add(&ctx, &acfg, &u, password, &err);
    sodium_memzero(password, sizeof password);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json) {
        hs_principal p = auth_user_principal(&u);
        cli_print_json(view_principal(&p));
    } else
        printf("user %s: role %s, %zu scope%s\n", u.name, role_name(u.role), u.scopes_count,
               u.scopes_count == 1 ? "" : "s");
    return 0;
}

static void print_table(const auth_user *users, size_t n) {
    printf("%-24s %-12s %-9s %s\n", "user", "role", "state", "scopes");
    for (size_t i = 0; i < n; i++) {
        const auth_user *u = &users[i];
        printf("%-24s %-12s %-9s", u->name, role_name(u->role),
               u->disabled ? "disabled" : "active");
        for (size_t k = 0; k < u->scopes_count; k++)
            printf(" %s:%s", scope_kind_name(u->scopes[k].kind), u->scopes[k].id);
        printf("\n");
    }
}

static int list(const hs_config *cfg, const cli_opts *o) {
    hs_store *s;
    int rc = cli_open_book(cfg, o->cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    auth_user *users = NULL;
    size_t n = 0;
    hs_error err = {0};
    hs_status st = ops_user_list(&ctx, &users, &n, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json)
        cli_print_json(view_users(users, n));
    else
        print_table(users, n);
    free(users);
    return 0;
}

static int disable(const hs_config *cfg, const cli_opts *o) {
    hs_store *s;
    int rc = cli_open_book(cfg, o->cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    auth_disable_result r;
    hs_error err = {0};
    hs_status st = ops_user_disable(&ctx, o->arg, &r, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(o->cmd, &err);
    if (cfg->json)
        cli_print_json(view_user_disabled(o->arg, &r));
    else if (r.was_disabled)
        printf("user %s was disabled already\n", o->arg);
    else
        printf("user %s disabled: %zu session%s ended, %zu token%s revoked\n", o->arg,
               r.sessions_ended, r.sessions_ended == 1 ? "" : "s", r.tokens_revoked,
               r.tokens_revoked == 1 ? "" : "s");
    return 0;
}

int cmd_user(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    cli_opts o = {.cfg = cfg, .table = long_opts, .usage = usage};
    static const int add_opts[] = {O_ROLE, O_SCOPE};
    int rc;
    if (!strcmp(sub, "add")) {
        o.cmd = "user add";
        if ((rc = opts_parse(&o, argc - 1, argv + 1, add_opts, 2, OPTS_ONE_ARG)) != 0)
            return rc < 0 ? 0 : rc;
        return add(cfg, &o, argc - 1, argv + 1);
    }
    if (!strcmp(sub, "list")) {
        o.cmd = "user list";
        if ((rc = opts_parse(&o, argc - 1, argv + 1, NULL, 0, OPTS_NO_ARG)) != 0)
            return rc < 0 ? 0 : rc;
        return list(cfg, &o);
    }
    if (!strcmp(sub, "disable")) {
        o.cmd = "user disable";
        if ((rc = opts_parse(&o, argc - 1, argv + 1, NULL, 0, OPTS_ONE_ARG)) != 0)
            return rc < 0 ? 0 : rc;
        return disable(cfg, &o);
    }
    usage(stderr);
    return cli_fail("user", HS_INPUT, "unknown subcommand '%s'", sub);
}
