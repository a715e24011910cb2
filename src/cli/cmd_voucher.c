/* cmd_voucher.c — `huoshui voucher issue|redeem|settle|expire|show|provider`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/policy_arg.h"
#include "ops/voucher_ops.h"
#include "ops/voucher_view.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] voucher provider add ID --name NAME [--city CITY] [--on DATE]\n"
        "       huoshui [--book B] voucher provider list [--json]\n"
        "       huoshui [--book B] voucher issue --id V --policy FILE --firm USCC [--face A]\n"
        "                 --expires DATE [--on DATE] [--input NAME=VALUE]...\n"
        "       huoshui [--book B] voucher redeem V --provider ID --bill-id B --bill AMOUNT\n"
        "                 [--on DATE] [--input NAME=VALUE]...\n"
        "       huoshui [--book B] voucher settle [--provider ID] [--programme P] [--on DATE]\n"
        "       huoshui [--book B] voucher expire --on DATE [--programme P]\n"
        "       huoshui [--book B] voucher show V [--json]\n\n"
        "A voucher reserves its face value (default: the policy's firm_cap) from the policy's\n"
        "budget. A redemption pays the policy's share of the bill, never more than is left; a\n"
        "bill is redeemed at most once. `settle` pays providers what redemptions owe them;\n"
        "`expire` releases what is left on vouchers past their expiry date.\n"
        "exit: 0 done, 1 refused (limit, budget, expired, already redeemed), 2 bad input, 3 "
        "storage.\n");
}

typedef struct {
    const char *id, *policy, *firm, *face, *expires, *on, *provider, *bill_id, *bill, *name, *city;
    const char *programme;
    json_t *inputs;
    const char *positional[2];
    int npos;
} v_args;

static int parse(int argc, char **argv, v_args *a) {
    static const struct option opts[] = {
        {"id", required_argument, NULL, 'i'},      {"policy", required_argument, NULL, 'p'},
        {"firm", required_argument, NULL, 'f'},    {"face", required_argument, NULL, 'F'},
        {"expires", required_argument, NULL, 'e'}, {"on", required_argument, NULL, 'o'},
        {"date", required_argument, NULL, 'o'},    {"provider", required_argument, NULL, 'P'},
        {"bill-id", required_argument, NULL, 'B'}, {"bill", required_argument, NULL, 'b'},
        {"name", required_argument, NULL, 'n'},    {"city", required_argument, NULL, 'c'},
        {"input", required_argument, NULL, 'I'},   {"programme", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'i':
            a->id = optarg;
            break;
        case 'p':
            a->policy = optarg;
            break;
        case 'f':
            a->firm = optarg;
            break;
        case 'F':
            a->face = optarg;
            break;
        case 'e':
            a->expires = optarg;
            break;
        case 'o':
            a->on = optarg;
            break;
        case 'g':
            a->programme = optarg;
            break;
        case 'P':
            a->provider = optarg;
            break;
        case 'B':
            a->bill_id = optarg;
            break;
        case 'b':
            a->bill = optarg;
            break;
        case 'n':
            a->name = optarg;
            break;
        case 'c':
            a->city = optarg;
            break;
        case 'I':
            if (!cli_input_pair("voucher", optarg, a->inputs))
                return 2;
            break;
        case 'h':
            usage(stdout);
            return -1;
        default:
            usage(stderr);
            return 2;
        }
    }
    while (optind < argc && a->npos < 2)
        a->positional[a->npos++] = argv[optind++];
    if (optind < argc)
        return cli_fail("voucher", HS_INPUT, "unexpected argument '%s'", argv[optind]);
    return 0;
}

static int show(const hs_config *cfg, const hs_ctx *ctx, const char *id) {
    hs_error err = {0};
    voucher v;
    json_t *o;
    if (ops_voucher_show(ctx, id, &v, &o, &err) != HS_OK)
        return cli_report("voucher show", &err);
    if (cfg->json) {
        cli_print_json(o);
        return 0;
    }
    char f[MONEY_TEXT_MAX], r[MONEY_TEXT_MAX], l[MONEY_TEXT_MAX];
    printf(
        "voucher %s  %s  firm %s  face %s  redeemed %s  remaining %s  expires %s  (%s)\n", v.id,
        v.status, v.firm, cli_money_text(cfg, v.face_fen, f, sizeof f),
        cli_money_text(cfg, v.redeemed_fen, r, sizeof r),
        cli_money_text(cfg, json_integer_value(json_object_get(o, "remaining_fen")), l, sizeof l),
        json_string_value(json_object_get(o, "expires")), v.policy.label);
    size_t i;
    json_t *red;
    json_array_foreach(json_object_get(o, "redemptions"), i, red) {
        char b[MONEY_TEXT_MAX], p[MONEY_TEXT_MAX];
        printf(
            "  %s  %-20s bill %-16s %18s  paid %18s%s\n",
            json_string_value(json_object_get(red, "date")),
            json_string_value(json_object_get(red, "provider")),
            json_string_value(json_object_get(red, "bill_id")),
            cli_money_text(cfg, json_integer_value(json_object_get(red, "bill_fen")), b, sizeof b),
            cli_money_text(cfg, json_integer_value(json_object_get(red, "paid_fen")), p, sizeof p),
            json_is_true(json_object_get(red, "settled")) ? "  settled" : "");
    }
    json_decref(o);
    return 0;
}

static int run(const hs_config *cfg, const hs_ctx *ctx, const char *sub, v_args *a, hs_date on) {
    hs_error err = {0};
    hs_status st = HS_OK;
    if (!strcmp(sub, "provider")) {
        if (a->npos >= 1 && !strcmp(a->positional[0], "add")) {
            if (a->npos != 2 || a->name == NULL)
                return cli_fail("voucher provider add", HS_INPUT, "need ID and --name");
            voucher_provider p = {.registered_date = on};
            snprintf(p.id, sizeof p.id, "%s", a->positional[1]);
            snprintf(p.name, sizeof p.name, "%s", a->name);
            snprintf(p.city, sizeof p.city, "%s", a->city ? a->city : "");
            if ((st = ops_voucher_provider_add(ctx, &p, &err)) == HS_OK)
                printf("registered provider %s (%s)\n", p.id, p.name);
        } else if (a->npos >= 1 && !strcmp(a->positional[0], "list")) {
            json_t *arr;
            if ((st = ops_voucher_providers(ctx, &arr, &err)) == HS_OK) {
                if (cfg->json) {
                    cli_print_json(arr);
                } else {
                    size_t i;
                    json_t *p;
                    json_array_foreach(arr, i, p) {
                        printf("%-24s %-40s %s\n", json_string_value(json_object_get(p, "id")),
                               json_string_value(json_object_get(p, "name")),
                               json_string_value(json_object_get(p, "city")));
                    }
                    json_decref(arr);
                }
            }
        } else {
            return cli_fail("voucher provider", HS_INPUT,
                            "expected `provider add` or `provider list`");
        }
    } else if (!strcmp(sub, "issue")) {
        int64_t face = 0;
        hs_date expires;
        if (!a->id || !a->policy || !a->firm || !a->expires)
            return cli_fail("voucher issue", HS_INPUT,
                            "--id, --policy, --firm and --expires are required");
        if ((a->face && !cli_money_arg("voucher issue", "--face", a->face, &face)) ||
            !cli_date_arg("voucher issue", "--expires", a->expires, &expires))
            return 2;
        policy_doc doc;
        if (cli_policy_doc_on(ctx, "voucher issue", a->policy, on, "--policy", &doc, &err) != HS_OK)
            return cli_report("voucher issue", &err);
        ops_voucher_issue_req req = {.id = a->id,
                                     .policy = &doc,
                                     .firm = a->firm,
                                     .face_fen = face,
                                     .on = on,
                                     .expires = expires,
                                     .inputs = a->inputs};
        voucher v;
        st = ops_voucher_issue(ctx, &req, &v, &err);
        policy_doc_free(&doc);
        if (st == HS_OK) {
            if (cfg->json)
                return show(cfg, ctx, a->id);
            char f[MONEY_TEXT_MAX];
            printf("issued voucher %s to %s: %s from %s\n", v.id, v.firm,
                   money_format(v.face_fen, f, sizeof f), v.policy.budget);
        }
    } else if (!strcmp(sub, "redeem")) {
        int64_t bill, paid = 0;
        bool existed = false;
        if (a->npos != 1 || !a->provider || !a->bill_id || !a->bill)
            return cli_fail("voucher redeem", HS_INPUT, "need V, --provider, --bill-id and --bill");
        if (!cli_money_arg("voucher redeem", "--bill", a->bill, &bill))
            return 2;
        ops_voucher_redeem_req req = {.id = a->positional[0],
                                      .provider = a->provider,
                                      .bill_id = a->bill_id,
                                      .bill_fen = bill,
                                      .on = on,
                                      .inputs = a->inputs};
        voucher v;
        st = ops_voucher_redeem(ctx, &req, &paid, &existed, &v, &err);
        char p[MONEY_TEXT_MAX], l[MONEY_TEXT_MAX];
        if (st == HS_OK && cfg->json) {
            cli_print_json(view_voucher_redeemed(&v, a->bill_id, paid, existed));
        } else if (st == HS_OK) {
            printf("%s bill %s at %s: voucher pays %s (%s left on %s)\n",
                   existed ? "already redeemed:" : "redeemed", a->bill_id, a->provider,
                   money_format(paid, p, sizeof p),
                   money_format(v.face_fen - v.redeemed_fen, l, sizeof l), v.id);
        }
    } else if (!strcmp(sub, "settle")) {
        int64_t total;
        size_t n;
        json_t *pending = NULL;
        if ((st = ops_voucher_settle(ctx, a->programme, a->provider, on, &total, &n, &pending,
                                     &err)) == HS_OK) {
            char t[MONEY_TEXT_MAX];
            printf("settled %s to %zu provider account%s\n", money_format(total, t, sizeof t), n,
                   n == 1 ? "" : "s");
            size_t i;
            json_t *v;
            json_array_foreach(pending, i, v) {
                printf(
                    "pending approval %s (needs a reviewer): voucher.settle %s of programme %s "
                    "to %s\n",
                    json_string_value(json_object_get(v, "id")),
                    money_format(json_integer_value(json_object_get(v, "amount_fen")), t, sizeof t),
                    json_string_value(json_object_get(v, "programme")),
                    json_string_value(json_object_get(json_object_get(v, "request"), "provider")));
            }
            json_decref(pending);
        }
    } else if (!strcmp(sub, "expire")) {
        size_t n;
        int64_t released;
        if ((st = ops_voucher_expire(ctx, on, a->programme, &n, &released, &err)) == HS_OK) {
            char t[MONEY_TEXT_MAX];
            printf("expired %zu voucher%s, releasing %s to their budgets\n", n, n == 1 ? "" : "s",
                   money_format(released, t, sizeof t));
        }
    } else if (!strcmp(sub, "show")) {
        if (a->npos != 1)
            return cli_fail("voucher show", HS_INPUT, "need a voucher id");
        return show(cfg, ctx, a->positional[0]);
    } else {
        usage(stderr);
        return cli_fail("voucher", HS_INPUT, "unknown subcommand '%s'", sub);
    }
    return st == HS_OK ? 0 : cli_report("voucher", &err);
}

int cmd_voucher(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    v_args a = {.inputs = json_object()};
    int rc = parse(argc - 1, argv + 1, &a);
    hs_date on = cli_today(cfg);
    if (rc == 0 && a.on && !cli_date_arg("voucher", "--on", a.on, &on))
        rc = 2;
    hs_store *s = NULL;
    if (rc == 0)
        rc = cli_open_book(cfg, "voucher", false, &s);
    if (rc == 0) {
        hs_ctx ctx = cli_ctx(cfg, s);
        rc = run(cfg, &ctx, argv[1], &a, on);
    }
    store_close(s);
    json_decref(a.inputs);
    return rc < 0 ? 0 : rc;
}
