/* cmd_approval.c — `huoshui approval list|approve|reject`: maker-checker from the CLI, over
 * src/ops/approval_ops.h, acting as the CLI principal (the local operator, or the user given by
 * the global --as USER). */
#include "cli/cmd_approval.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "ops/approval_ops.h"
#include "ops/approval_view.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] [--as USER] approval list [--programme P] [--state S] "
            "[--json]\n"
            "       huoshui [--book B] [--as USER] approval approve ID [--reason R] [--on DATE]\n"
            "       huoshui [--book B] [--as USER] approval reject ID --reason R [--on DATE]\n\n"
            "Maker-checker (四眼原则): on a programme created with --approval-threshold, funding\n"
            "and subsidy payments at or above the threshold become pending approvals A-N. A\n"
            "reviewer in the programme's scope (or the local operator) other than the maker\n"
            "approves — the payment is then made, dated --on (default today) — or rejects it\n"
            "with a reason. States: pending, executed, rejected. --as USER acts as a server user\n"
            "whose password is the first line of stdin.\n");
}

int cli_print_pending(const hs_config *cfg, const approval *a) {
    if (cfg->json) {
        cli_print_json(view_approval_pending(a));
    } else {
        char m[MONEY_TEXT_MAX];
        printf("pending approval %s (needs a reviewer): %s %s of programme %s by %s\n", a->id,
               a->action, money_format(a->amount_fen, m, sizeof m), a->programme, a->maker);
    }
    return 0;
}

typedef struct {
    const char *id, *programme, *state, *reason, *on;
} approval_args;

static int parse(int argc, char **argv, approval_args *a, bool want_id) {
    static const struct option opts[] = {{"programme", required_argument, NULL, 'p'},
                                         {"state", required_argument, NULL, 's'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {"on", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            a->programme = optarg;
            break;
        case 's':
            a->state = optarg;
            break;
        case 'r':
            a->reason = optarg;
            break;
        case 'o':
            a->on = optarg;
            break;
        case 'h':
            usage(stdout);
            return -1;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (want_id ? optind + 1 != argc : optind != argc) {
        usage(stderr);
        return cli_fail(argv[0], HS_INPUT,
                        want_id ? "need exactly one approval ID" : "unexpected argument '%s'",
                        argv[optind < argc ? optind : 0]);
    }
    if (want_id)
        a->id = argv[optind];
    return 0;
}

static void print_row(const hs_config *cfg, const json_t *v) {
    char m[MONEY_TEXT_MAX];
    const char *decided = json_string_value(json_object_get(v, "decided"));
    printf("%-8s %-10s %-16s %-24s %20s  maker %s%s%s%s%s\n",
           json_string_value(json_object_get(v, "id")),
           json_string_value(json_object_get(v, "state")),
           json_string_value(json_object_get(v, "action")),
           json_string_value(json_object_get(v, "programme")),
           cli_money_text(cfg, json_integer_value(json_object_get(v, "amount_fen")), m, sizeof m),
           json_string_value(json_object_get(v, "maker")), decided ? "  checker " : "",
           decided ? json_string_value(json_object_get(v, "checker")) : "", decided ? " " : "",
           decided ? decided : "");
}

static int list(const hs_config *cfg, const hs_ctx *ctx, const approval_args *a) {
    json_t *items = NULL;
    hs_error err = {0};
    if (ops_approval_list(ctx, a->programme, a->state, &items, &err) != HS_OK)
        return cli_report("approval list", &err);
    if (cfg->json) {
        cli_print_json(items);
        return 0;
    }
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v) print_row(cfg, v);
    if (json_array_size(items) == 0)
        printf("no approvals\n");
    json_decref(items);
    return 0;
}

int cmd_approval(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    bool is_list = !strcmp(sub, "list");
    if (!is_list && strcmp(sub, "approve") && strcmp(sub, "reject")) {
        usage(stderr);
        return cli_fail("approval", HS_INPUT, "unknown subcommand '%s'", sub);
    }
    approval_args a;
    int rc = parse(argc - 1, argv + 1, &a, !is_list);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    hs_date on = cli_today(cfg);
    if (a.on != NULL && !cli_date_arg("approval", "--on", a.on, &on))
        return 2;
    hs_store *s;
    if ((rc = cli_open_book(cfg, "approval", false, &s)) != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    if (is_list) {
        rc = list(cfg, &ctx, &a);
        store_close(s);
        return rc;
    }
    hs_error err = {0};
    approval done;
    hs_status st = !strcmp(sub, "approve")
                       ? ops_approval_approve(&ctx, a.id, a.reason, on, &done, &err)
                       : ops_approval_reject(&ctx, a.id, a.reason, on, &done, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(!strcmp(sub, "approve") ? "approval approve" : "approval reject", &err);
    if (cfg->json) {
        cli_print_json(view_approval(&done));
    } else {
        char m[MONEY_TEXT_MAX];
        printf("approval %s %s by %s: %s %s of programme %s\n", done.id, done.state, done.checker,
               done.action, money_format(done.amount_fen, m, sizeof m), done.programme);
    }
    return 0;
}
