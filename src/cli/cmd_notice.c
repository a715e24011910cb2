/* cmd_notice.c — `huoshui notice list|object|uphold|dismiss`: public notice (公示) of awards from
 * the CLI, over src/ops/notice_ops.h, acting as the CLI principal. */
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/notice_ops.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] notice list [--on DATE] [--json]\n"
            "       huoshui [--book B] notice object ID --reason R [--on DATE]\n"
            "       huoshui [--book B] [--as USER] notice uphold OBJECTION --reason R [--on DATE]\n"
            "       huoshui [--book B] [--as USER] notice dismiss OBJECTION --reason R [--on "
            "DATE]\n\n"
            "公示: an award under a policy stating `notice N working days` is published as N-k\n"
            "(firm name, amount, policy and clause, objection deadline = the N-th State Council\n"
            "working day after the award, 调休 included). Anyone may object until the deadline;\n"
            "an officer in scope upholds or dismisses the objection O-k. The award is payable\n"
            "only after the deadline with no open or upheld objection (else `notice_period`).\n");
}

enum { OPT_REASON, OPT_ON };

static const struct option notice_opts[] = {{"reason", required_argument, NULL, OPT_REASON},
                                            {"on", required_argument, NULL, OPT_ON},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};

static int list(const hs_config *cfg, const hs_ctx *ctx, hs_date on) {
    json_t *items = NULL;
    hs_error err = {0};
    if (ops_notice_list(ctx, on, &items, &err) != HS_OK)
        return cli_report("notice list", &err);
    if (cfg->json) {
        cli_print_json(items);
        return 0;
    }
    size_t i;
    json_t *v;
    json_array_foreach(items, i, v) {
        char m[MONEY_TEXT_MAX];
        printf(
            "%-6s %-12s objections until %s  %20s  %s  %s %s\n",
            json_string_value(json_object_get(v, "id")),
            json_is_true(json_object_get(v, "under_notice")) ? "under notice" : "ended",
            json_string_value(json_object_get(v, "objection_deadline")),
            cli_money_text(cfg, json_integer_value(json_object_get(v, "amount_fen")), m, sizeof m),
            json_string_value(json_object_get(v, "firm_name")),
            json_string_value(json_object_get(v, "policy_version")),
            json_string_value(json_object_get(v, "clause")));
    }
    if (json_array_size(items) == 0)
        printf("no notices\n");
    json_decref(items);
    return 0;
}

int cmd_notice(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    bool is_list = !strcmp(sub, "list");
    if (!is_list && strcmp(sub, "object") && strcmp(sub, "uphold") && strcmp(sub, "dismiss")) {
        usage(stderr);
        return cli_fail("notice", HS_INPUT, "unknown subcommand '%s'", sub);
    }
    char cmd[32];
    snprintf(cmd, sizeof cmd, "notice %s", sub);
    cli_opts o = {.cfg = cfg, .cmd = cmd, .table = notice_opts, .usage = usage};
    static const int allowed[] = {OPT_REASON, OPT_ON};
    int rc = opts_parse(&o, argc - 1, argv + 1, allowed, 2, is_list ? OPTS_NO_ARG : OPTS_ONE_ARG);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    hs_date on;
    if (!opts_date(&o, OPT_ON, &on))
        return 2;
    const char *id = o.arg, *reason = o.val[OPT_REASON];
    hs_store *s;
    if ((rc = cli_open_book(cfg, "notice", false, &s)) != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    if (is_list) {
        rc = list(cfg, &ctx, on);
        store_close(s);
        return rc;
    }
    hs_error err = {0};
    notice_objection obj;
    hs_status st = !strcmp(sub, "object") ? ops_notice_object(&ctx, id, reason, on, &obj, &err)
                                          : ops_notice_decide(&ctx, id, !strcmp(sub, "uphold"),
                                                              reason, on, &obj, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("notice", &err);
    if (cfg->json)
        cli_print_json(view_notice_objection(&obj));
    else if (!strcmp(sub, "object"))
        printf("objection %s to notice N-%lld filed by %s\n", obj.id, (long long)obj.notice_seq,
               obj.filer);
    else
        printf("objection %s %s by %s\n", obj.id, obj.state, obj.officer);
    return 0;
}
