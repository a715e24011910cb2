/* cmd_subsidy.c — `huoshui subsidy apply|match|award|pay|reject|clawback|list|show|expire`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/cmd_approval.h"
#include "cli/commands.h"
#include "cli/csv_rows.h"
#include "cli/policy_arg.h"
#include "ops/subsidy_ops.h"
#include "ops/subsidy_view.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] subsidy apply --policy FILE --firm USCC --id APP\n"
        "                 [--product P] [--on DATE] [--input NAME=VALUE]... [--firms CSV]\n"
        "       huoshui [--book B] subsidy match --policy FILE [--firms CSV] [--on DATE] "
        "[--award]\n"
        "                 [--pay-by DATE] [--prefix P]        # 免申即享: everyone eligible\n"
        "       huoshui [--book B] subsidy award APP [--on DATE] [--pay-by DATE]\n"
        "       huoshui [--book B] subsidy pay APP [--amount A] [--on DATE]   # instalments\n"
        "       huoshui [--book B] subsidy reject APP --reason TEXT [--on DATE]\n"
        "       huoshui [--book B] subsidy clawback APP --reason TEXT [--amount A] [--on DATE]\n"
        "       huoshui [--book B] subsidy expire --on DATE [--programme P]   # void awards past "
        "pay-by\n"
        "       huoshui [--book B] subsidy list [--programme P] [--firm USCC] [--status S] "
        "[--json]\n"
        "       huoshui [--book B] subsidy show APP [--json]  # with the policy's explanation\n\n"
        "The policy file decides eligibility and amount; its limits (once per firm / product /\n"
        "year / programme, money ceilings) are enforced at award; the award reserves the budget\n"
        "(a pending transfer) and the ledger refuses any award the budget cannot cover.\n"
        "Inputs come from --input NAME=VALUE, the firm's row in --firms CSV, or else the firm\n"
        "registry (`huoshui firm import`); `match` without --firms runs over the registry.\n"
        "exit: 0 done, 1 refused (ineligible, limit, budget, state), 2 bad input, 3 storage.\n");
}

typedef struct {
    const char *policy, *firm, *id, *product, *on, *pay_by, *amount, *reason, *firms, *prefix;
    const char *programme, *status;
    bool award;
    json_t *inputs;
    const char *positional;
} sub_args;

static int parse(int argc, char **argv, sub_args *a) {
    static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
                                         {"firm", required_argument, NULL, 'f'},
                                         {"id", required_argument, NULL, 'i'},
                                         {"product", required_argument, NULL, 'P'},
                                         {"on", required_argument, NULL, 'o'},
                                         {"date", required_argument, NULL, 'o'},
                                         {"pay-by", required_argument, NULL, 'b'},
                                         {"amount", required_argument, NULL, 'a'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {"firms", required_argument, NULL, 'F'},
                                         {"prefix", required_argument, NULL, 'x'},
                                         {"input", required_argument, NULL, 'I'},
                                         {"programme", required_argument, NULL, 'g'},
                                         {"status", required_argument, NULL, 's'},
                                         {"award", no_argument, NULL, 'A'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            a->policy = optarg;
            break;
        case 'f':
            a->firm = optarg;
            break;
        case 'i':
            a->id = optarg;
            break;
        case 'P':
            a->product = optarg;
            break;
        case 'o':
            a->on = optarg;
            break;
        case 'b':
            a->pay_by = optarg;
            break;
        case 'a':
            a->amount = optarg;
            break;
        case 'r':
            a->reason = optarg;
            break;
        case 'F':
            a->firms = optarg;
            break;
        case 'x':
            a->prefix = optarg;
            break;
        case 'g':
            a->programme = optarg;
            break;
        case 's':
            a->status = optarg;
            break;
        case 'A':
            a->award = true;
            break;
        case 'I':
            if (!cli_input_pair("subsidy", optarg, a->inputs))
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
    if (optind < argc)
        a->positional = argv[optind++];
    if (optind < argc)
        return cli_fail("subsidy", HS_INPUT, "unexpected argument '%s'", argv[optind]);
    return 0;
}

static void print_app(const hs_config *cfg, const subsidy_app *a) {
    if (cfg->json) {
        cli_print_json(view_subsidy(a));
        return;
    }
    char d[MONEY_TEXT_MAX], w[MONEY_TEXT_MAX], p[MONEY_TEXT_MAX];
    printf("%s  %-11s firm %s  decided %s  awarded %s  paid %s  (%s)\n", a->id, a->status, a->firm,
           cli_money_text(cfg, a->decided_fen, d, sizeof d),
           cli_money_text(cfg, a->award_fen, w, sizeof w),
           cli_money_text(cfg, a->paid_fen, p, sizeof p), a->policy.label);
    if (!a->eligible)
        printf("  not eligible: %s\n", a->reason);
    if (a->note[0])
        printf("  note: %s\n", a->note);
}

/* Reads a --firms CSV into a JSON array of rows (column -> cell; the reader reuses its row). */
static hs_status add_row(void *vctx, json_t *row, long record, hs_error *err) {
    if (json_array_append_new(vctx, json_deep_copy(row)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

static hs_status read_rows(const char *path, json_t **rows, hs_error *err) {
    *rows = json_array();
    hs_status st = csv_rows_read(path, add_row, *rows, err);
    if (st != HS_OK) {
        json_decref(*rows);
        *rows = NULL;
    }
    return st;
}

static int do_apply(const hs_config *cfg, const hs_ctx *ctx, sub_args *a, hs_date on) {
    if (!a->policy || !a->firm || !a->id)
        return cli_fail("subsidy apply", HS_INPUT, "--policy, --firm and --id are required");
    hs_error err = {0};
    json_t *rows = NULL;
    if (a->firms != NULL && read_rows(a->firms, &rows, &err) != HS_OK)
        return cli_report("subsidy apply", &err);
    policy_doc doc;
    if (cli_policy_doc_on(ctx, "subsidy apply", a->policy, on, "--policy", &doc, &err) != HS_OK) {
        json_decref(rows);
        return cli_report("subsidy apply", &err);
    }
    ops_subsidy_apply_req req = {.policy = &doc,
                                 .firm = a->firm,
                                 .id = a->id,
                                 .product = a->product,
                                 .on = on,
                                 .inputs = a->inputs,
                                 .firms_rows = rows,
                                 .firms_source = a->firms};
    subsidy_app app;
    hs_status st = ops_subsidy_apply(ctx, &req, &app, &err);
    policy_doc_free(&doc);
    json_decref(rows);
    if (st != HS_OK)
        return cli_report("subsidy apply", &err);
    print_app(cfg, &app);
    return app.eligible ? 0 : HS_REFUSED;
}

static int do_match(const hs_config *cfg, const hs_ctx *ctx, sub_args *a, hs_date on,
                    hs_date pay_by) {
    if (!a->policy)
        return cli_fail("subsidy match", HS_INPUT, "--policy is required");
    hs_error err = {0};
    json_t *rows = NULL;
    if (a->firms != NULL && read_rows(a->firms, &rows, &err) != HS_OK)
        return cli_report("subsidy match", &err);
    policy_doc doc;
    if (cli_policy_doc_on(ctx, "subsidy match", a->policy, on, "--policy", &doc, &err) != HS_OK) {
        json_decref(rows);
        return cli_report("subsidy match", &err);
    }
    ops_subsidy_match_req req = {.policy = &doc,
                                 .firms_rows = rows,
                                 .firms_source = a->firms,
                                 .facts = rows ? NULL : a->inputs,
                                 .prefix = a->prefix,
                                 .on = on,
                                 .pay_by = pay_by,
                                 .award = a->award};
    ops_subsidy_match_result m;
    hs_status st = ops_subsidy_match(ctx, &req, &m, &err);
    policy_doc_free(&doc);
    json_decref(rows);
    if (st != HS_OK)
        return cli_report("subsidy match", &err);
    if (cfg->json) {
        cli_print_json(view_subsidy_match(&m));
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(m.applications, i, v) {
            json_t *r = json_object_get(v, "refused");
            if (r != NULL)
                printf("%s  eligible but not awarded: %s\n",
                       json_string_value(json_object_get(v, "id")), json_string_value(r));
        }
        char t[MONEY_TEXT_MAX];
        printf("%ld firms evaluated, %ld eligible, %ld awarded (%s), %ld refused at award\n",
               m.rows, m.eligible, m.awarded, cli_money_text(cfg, m.awarded_fen, t, sizeof t),
               m.refused);
        if (m.round != NULL) { /* an oversubscribed round's sharing (subsidy_ops.h) */
            char b[MONEY_TEXT_MAX], r[MONEY_TEXT_MAX], s[MONEY_TEXT_MAX];
            printf("round: %s, budget %s, requested %s, shared %s\n",
                   json_string_value(json_object_get(m.round, "rule")),
                   cli_money_text(cfg, json_integer_value(json_object_get(m.round, "budget_fen")),
                                  b, sizeof b),
                   cli_money_text(cfg, json_integer_value(json_object_get(m.round, "capped_fen")),
                                  r, sizeof r),
                   cli_money_text(cfg, json_integer_value(json_object_get(m.round, "shared_fen")),
                                  s, sizeof s));
        }
    }
    json_decref(m.applications);
    json_decref(m.round);
    return 0;
}

typedef struct {
    const hs_config *cfg;
    json_t *array;
} list_ctx;

static hs_status list_one(void *vctx, const subsidy_app *a, hs_error *err) {
    list_ctx *c = vctx;
    if (c->array)
        json_array_append_new(c->array, view_subsidy(a));
    else
        print_app(c->cfg, a);
    return HS_OK;
}

static int do_show(const hs_config *cfg, const hs_ctx *ctx, const char *id) {
    hs_error err = {0};
    subsidy_app a;
    json_t *o;
    if (ops_subsidy_show(ctx, id, &a, &o, &err) != HS_OK)
        return cli_report("subsidy show", &err);
    if (cfg->json) {
        cli_print_json(o);
        return 0;
    }
    print_app(cfg, &a);
    if (!json_is_true(json_object_get(o, "policy_unchanged")))
        printf("  warning: %s is missing or changed since the decision\n", a.policy.path);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(o, "explanation"), i, it) {
        const char *note = json_string_value(json_object_get(it, "note"));
        printf(
            "  %*s%-8s %s = %s%s%s\n", (int)(2 * json_integer_value(json_object_get(it, "depth"))),
            "", json_string_value(json_object_get(it, "kind")),
            json_string_value(json_object_get(it, "label")),
            json_string_value(json_object_get(it, "value")), note ? "   " : "", note ? note : "");
    }
    json_decref(o);
    return 0;
}

int cmd_subsidy(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    static const char *const subs[] = {"apply",    "match", "award", "pay",    "reject",
                                       "clawback", "list",  "show",  "expire", NULL};
    bool known = false;
    for (int i = 0; subs[i]; i++)
        known |= !strcmp(sub, subs[i]);
    if (!known) {
        usage(stderr);
        return cli_fail("subsidy", HS_INPUT, "unknown subcommand '%s'", sub);
    }
    sub_args a = {.inputs = json_object()};
    int rc = parse(argc - 1, argv + 1, &a);
    if (rc != 0) {
        json_decref(a.inputs);
        return rc < 0 ? 0 : rc;
    }
    hs_date on = cli_today(cfg), pay_by = 0;
    int64_t amount = 0;
    if ((a.on && !cli_date_arg("subsidy", "--on", a.on, &on)) ||
        (a.pay_by && !cli_date_arg("subsidy", "--pay-by", a.pay_by, &pay_by)) ||
        (a.amount && !cli_money_arg("subsidy", "--amount", a.amount, &amount))) {
        json_decref(a.inputs);
        return 2;
    }
    bool needs_app = strcmp(sub, "apply") && strcmp(sub, "match") && strcmp(sub, "list") &&
                     strcmp(sub, "expire");
    if (needs_app && a.positional == NULL) {
        json_decref(a.inputs);
        return cli_fail("subsidy", HS_INPUT, "subsidy %s needs an application id", sub);
    }
    if ((!strcmp(sub, "reject") || !strcmp(sub, "clawback")) && a.reason == NULL) {
        json_decref(a.inputs);
        return cli_fail("subsidy", HS_INPUT, "subsidy %s needs --reason", sub);
    }
    hs_store *s;
    if ((rc = cli_open_book(cfg, "subsidy", false, &s)) != 0) {
        json_decref(a.inputs);
        return rc;
    }
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    subsidy_app app;
    hs_status st = HS_OK;
    bool print = true;
    if (!strcmp(sub, "apply")) {
        rc = do_apply(cfg, &ctx, &a, on);
        print = false;
    } else if (!strcmp(sub, "match")) {
        rc = do_match(cfg, &ctx, &a, on, pay_by);
        print = false;
    } else if (!strcmp(sub, "show")) {
        rc = do_show(cfg, &ctx, a.positional);
        print = false;
    } else if (!strcmp(sub, "list")) {
        list_ctx c = {cfg, cfg->json ? json_array() : NULL};
        st = ops_subsidy_list(&ctx, a.programme, a.firm, a.status, NULL, 0, list_one, &c, &err);
        if (st == HS_OK && c.array)
            cli_print_json(c.array);
        else
            json_decref(c.array);
        print = false;
    } else if (!strcmp(sub, "expire")) {
        size_t n = 0;
        st = ops_subsidy_expire(&ctx, on, a.programme, &n, &err);
        if (st == HS_OK)
            printf("expired %zu awards not paid by their pay-by date\n", n);
        print = false;
    } else if (!strcmp(sub, "award")) {
        st = ops_subsidy_award(&ctx, a.positional, on, pay_by, &app, &err);
    } else if (!strcmp(sub, "pay")) {
        approval_outcome gate;
        st = ops_subsidy_pay(&ctx, a.positional, amount, on, &app, &gate, &err);
        if (st == HS_OK && gate.pending) {
            store_close(s);
            json_decref(a.inputs);
            return cli_print_pending(cfg, &gate.approval);
        }
    } else if (!strcmp(sub, "reject")) {
        st = ops_subsidy_reject(&ctx, a.positional, a.reason, on, &app, &err);
    } else if (!strcmp(sub, "clawback")) {
        st = ops_subsidy_clawback(&ctx, a.positional, amount, a.reason, on, &app, &err);
    }
    store_close(s);
    json_decref(a.inputs);
    if (st != HS_OK)
        return cli_report("subsidy", &err);
    if (print)
        print_app(cfg, &app);
    return rc;
}
