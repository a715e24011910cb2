/* cmd_account.c — `huoshui account create|list|show|import`: argument parsing and printing over
 * ops/account_ops and ops/ledger_view. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "ops/account_ops.h"
#include "ops/ledger_view.h"
#include "store/store.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] account create NAME --kind KIND "
            "[--limit debits-le-credits|credits-le-debits]\n"
            "       huoshui [--book B] account list [PREFIX] [--kind KIND] [--json]\n"
            "       huoshui [--book B] account show NAME [--json]\n"
            "       huoshui [--book B] account import FILE.csv   # columns name,kind[,limit]\n\n"
            "Account names are readable paths: budget/chengdu-2024/vouchers, firm/USCC/cash.\n"
            "Kinds: %s.\n"
            "--limit debits-le-credits: the account can never pay out more than it received,\n"
            "counting reservations (use it for every budget). credits-le-debits: the mirror.\n",
            account_kinds_text());
}

static int account_create(const hs_config *cfg, int argc, char **argv) {
    static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *kind = NULL;
    uint32_t flags = 0;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'k')
            kind = optarg;
        else if (c == 'l') {
            if (!account_limit_parse(optarg, &flags))
                return cli_fail("account create", HS_INPUT,
                                "--limit: expected debits-le-credits, credits-le-debits or none, "
                                "got '%s'",
                                optarg);
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc || kind == NULL) {
        usage(stderr);
        return cli_fail("account create", HS_INPUT, "need exactly one NAME and --kind KIND");
    }
    hs_store *s;
    int rc = cli_open_book(cfg, "account create", false, &s);
    if (rc != 0)
        return rc;
    hs_error err = {0};
    hs_account a;
    bool existed = false;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_status st = ops_account_create(&ctx, argv[optind], kind, flags, &a, &existed, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("account create", &err);
    if (cfg->json) {
        cli_print_json(view_account_created(&a, existed));
    } else {
        printf("%s %s (%s, limit %s)\n", existed ? "account exists:" : "created account", a.name,
               a.kind, account_limit_text(a.flags));
    }
    return 0;
}

typedef struct {
    const hs_config *cfg;
    const char *kind;
    json_t *array;
    size_t count;
} list_ctx;

static hs_status list_one(void *ctx, const hs_account *a, hs_error *err) {
    list_ctx *l = ctx;
    if (l->kind != NULL && strcmp(l->kind, a->kind) != 0)
        return HS_OK;
    l->count++;
    if (l->array != NULL) {
        json_array_append_new(l->array, view_account(a));
        return HS_OK;
    }
    char held[MONEY_TEXT_MAX];
    printf("%-48s %-14s %-18s %24s\n", a->name, a->kind, account_limit_text(a->flags),
           cli_money_text(l->cfg, account_held_fen(a), held, sizeof held));
    return HS_OK;
}

static int account_list(const hs_config *cfg, int argc, char **argv) {
    static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    list_ctx l = {.cfg = cfg};
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'k')
            l.kind = optarg;
        else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (argc - optind > 1)
        return cli_fail("account list", HS_INPUT, "at most one PREFIX");
    const char *prefix = optind < argc ? argv[optind] : NULL;
    hs_store *s;
    int rc = cli_open_book(cfg, "account list", false, &s);
    if (rc != 0)
        return rc;
    if (cfg->json)
        l.array = json_array();
    else
        printf("%-48s %-14s %-18s %24s\n", "account", "kind", "limit", "balance (cr - dr)");
    hs_error err = {0};
    hs_status st = store_accounts_each(s, prefix, list_one, &l, &err);
    store_close(s);
    if (st != HS_OK) {
        json_decref(l.array);
        return cli_report("account list", &err);
    }
    if (l.array != NULL)
        cli_print_json(l.array);
    return 0;
}

static int account_show(const hs_config *cfg, int argc, char **argv) {
    if (argc != 2 || argv[1][0] == '-') {
        usage(argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    hs_store *s;
    int rc = cli_open_book(cfg, "account show", false, &s);
    if (rc != 0)
        return rc;
    hs_error err = {0};
    hs_account a;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_status st = ops_account_get(&ctx, argv[1], &a, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("account show", &err);
    if (cfg->json) {
        cli_print_json(view_account(&a));
        return 0;
    }
    char b1[MONEY_TEXT_MAX], b2[MONEY_TEXT_MAX], b3[MONEY_TEXT_MAX], b4[MONEY_TEXT_MAX],
        b5[MONEY_TEXT_MAX];
    printf("account          %s\nkind             %s\nlimit            %s\n"
           "debits posted    %s\ncredits posted   %s\ndebits pending   %s\n"
           "credits pending  %s\nbalance (cr-dr)  %s\n",
           a.name, a.kind, account_limit_text(a.flags),
           cli_money_text(cfg, a.debits_posted_fen, b1, sizeof b1),
           cli_money_text(cfg, a.credits_posted_fen, b2, sizeof b2),
           cli_money_text(cfg, a.debits_pending_fen, b3, sizeof b3),
           cli_money_text(cfg, a.credits_pending_fen, b4, sizeof b4),
           cli_money_text(cfg, account_held_fen(&a), b5, sizeof b5));
    return 0;
}

static int account_import(const hs_config *cfg, int argc, char **argv) {
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0')) {
        usage(argc == 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
        return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 2;
    }
    hs_store *s = NULL;
    int rc = cli_open_book(cfg, "account import", false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    ops_account_import_summary sum;
    hs_status st = ops_account_import(&ctx, argv[1], &sum, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("account import", &err);
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "created", json_integer((json_int_t)sum.created));
        json_object_set_new(o, "existed", json_integer((json_int_t)(sum.rows - sum.created)));
        cli_print_json(o);
    } else {
        printf("created %zu accounts (%zu already existed) from %s\n", sum.created,
               sum.rows - sum.created, argv[1]);
    }
    return 0;
}

int cmd_account(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "create") == 0)
        return account_create(cfg, argc - 1, argv + 1);
    if (strcmp(argv[1], "list") == 0)
        return account_list(cfg, argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0)
        return account_show(cfg, argc - 1, argv + 1);
    if (strcmp(argv[1], "import") == 0)
        return account_import(cfg, argc - 1, argv + 1);
    usage(stderr);
    return cli_fail("account", HS_INPUT, "unknown subcommand '%s'", argv[1]);
}
