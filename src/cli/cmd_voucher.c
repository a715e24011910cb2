/* cmd_voucher.c — `huoshui voucher issue|redeem|settle|expire|show|provider`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "instrument/voucher.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] voucher provider add ID --name NAME [--city CITY] [--on DATE]\n"
        "       huoshui [--book B] voucher provider list [--json]\n"
        "       huoshui [--book B] voucher issue --id V --policy FILE --firm USCC [--face A]\n"
        "                 --expires DATE [--on DATE] [--input NAME=VALUE]...\n"
        "       huoshui [--book B] voucher redeem V --provider ID --bill-id B --bill AMOUNT\n"
        "                 [--on DATE] [--input NAME=VALUE]...\n"
        "       huoshui [--book B] voucher settle [--provider ID] [--on DATE]\n"
        "       huoshui [--book B] voucher expire --on DATE\n"
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
    json_t *inputs;
    const char *positional[2];
    int npos;
} v_args;

static int parse(int argc, char **argv, v_args *a) {
    static const struct option opts[] = {{"id", required_argument, NULL, 'i'},
                                         {"policy", required_argument, NULL, 'p'},
                                         {"firm", required_argument, NULL, 'f'},
                                         {"face", required_argument, NULL, 'F'},
                                         {"expires", required_argument, NULL, 'e'},
                                         {"on", required_argument, NULL, 'o'},
                                         {"date", required_argument, NULL, 'o'},
                                         {"provider", required_argument, NULL, 'P'},
                                         {"bill-id", required_argument, NULL, 'B'},
                                         {"bill", required_argument, NULL, 'b'},
                                         {"name", required_argument, NULL, 'n'},
                                         {"city", required_argument, NULL, 'c'},
                                         {"input", required_argument, NULL, 'I'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
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

static int show(const hs_config *cfg, hs_store *s, const char *id) {
    hs_error err = {0};
    voucher v;
    bool found;
    json_t *o;
    if (voucher_get(s, id, &v, &found, &err) != HS_OK)
        return cli_report("voucher show", &err);
    if (!found)
        return cli_fail("voucher show", HS_INPUT, "no voucher '%s'", id);
    if (voucher_to_json(s, &v, &o, &err) != HS_OK)
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
        json_string_value(json_object_get(o, "expires")), v.policy_label);
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

static hs_status print_provider(void *ctx, const voucher_provider *p, hs_error *err) {
    json_t *arr = ctx;
    if (arr != NULL) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(p->id));
        json_object_set_new(o, "name", json_string(p->name));
        json_object_set_new(o, "city", json_string(p->city));
        json_array_append_new(arr, o);
    } else {
        printf("%-24s %-40s %s\n", p->id, p->name, p->city);
    }
    return HS_OK;
}

static int run(const hs_config *cfg, hs_store *s, const char *sub, v_args *a, hs_date on) {
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
            if ((st = voucher_provider_add(s, &p, &err)) == HS_OK)
                printf("registered provider %s (%s)\n", p.id, p.name);
        } else if (a->npos >= 1 && !strcmp(a->positional[0], "list")) {
            json_t *arr = cfg->json ? json_array() : NULL;
            if ((st = voucher_provider_each(s, print_provider, arr, &err)) == HS_OK && arr)
                cli_print_json(arr);
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
        instrument_policy ip;
        if ((st = instrument_policy_load(a->policy, HS_INSTR_VOUCHER, &ip, &err)) == HS_OK) {
            voucher v;
            st = voucher_issue(s, &ip, a->id, a->firm, face, on, expires, a->inputs, &v, &err);
            instrument_policy_free(&ip);
            char f[MONEY_TEXT_MAX];
            if (st == HS_OK && !cfg->json)
                printf("issued voucher %s to %s: %s from %s\n", v.id, v.firm,
                       money_format(v.face_fen, f, sizeof f), v.budget);
            if (st == HS_OK && cfg->json)
                return show(cfg, s, a->id);
        }
    } else if (!strcmp(sub, "redeem")) {
        int64_t bill, paid = 0;
        bool existed;
        if (a->npos != 1 || !a->provider || !a->bill_id || !a->bill)
            return cli_fail("voucher redeem", HS_INPUT, "need V, --provider, --bill-id and --bill");
        if (!cli_money_arg("voucher redeem", "--bill", a->bill, &bill))
            return 2;
        voucher v;
        st = voucher_redeem(s, a->positional[0], a->provider, a->bill_id, bill, on, a->inputs,
                            &paid, &existed, &v, &err);
        char p[MONEY_TEXT_MAX], l[MONEY_TEXT_MAX];
        if (st == HS_OK && cfg->json) {
            json_t *o = json_object();
            json_object_set_new(o, "voucher", json_string(a->positional[0]));
            json_object_set_new(o, "bill_id", json_string(a->bill_id));
            json_object_set_new(o, "paid_fen", json_integer(paid));
            json_object_set_new(o, "existed", json_boolean(existed));
            json_object_set_new(o, "remaining_fen", json_integer(v.face_fen - v.redeemed_fen));
            cli_print_json(o);
        } else if (st == HS_OK) {
            printf("%s bill %s at %s: voucher pays %s (%s left on %s)\n",
                   existed ? "already redeemed:" : "redeemed", a->bill_id, a->provider,
                   money_format(paid, p, sizeof p),
                   money_format(v.face_fen - v.redeemed_fen, l, sizeof l), v.id);
        }
    } else if (!strcmp(sub, "settle")) {
        int64_t total;
        size_t n;
        if ((st = voucher_settle(s, a->provider, on, &total, &n, &err)) == HS_OK) {
            char t[MONEY_TEXT_MAX];
            printf("settled %s to %zu provider account%s\n", money_format(total, t, sizeof t), n,
                   n == 1 ? "" : "s");
        }
    } else if (!strcmp(sub, "expire")) {
        size_t n;
        int64_t released;
        if ((st = voucher_expire(s, on, &n, &released, &err)) == HS_OK) {
            char t[MONEY_TEXT_MAX];
            printf("expired %zu voucher%s, releasing %s to their budgets\n", n, n == 1 ? "" : "s",
                   money_format(released, t, sizeof t));
        }
    } else if (!strcmp(sub, "show")) {
        if (a->npos != 1)
            return cli_fail("voucher show", HS_INPUT, "need a voucher id");
        return show(cfg, s, a->positional[0]);
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
    if (rc == 0)
        rc = run(cfg, s, argv[1], &a, on);
    store_close(s);
    json_decref(a.inputs);
    return rc < 0 ? 0 : rc;
}
