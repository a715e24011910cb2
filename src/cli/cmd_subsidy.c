/* cmd_subsidy.c — `huoshui subsidy apply|match|award|pay|reject|clawback|list|show|expire`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/csv_rows.h"
#include "instrument/subsidy.h"
#include "registry/firm_csv.h"
#include "registry/registry.h"

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
        "       huoshui [--book B] subsidy expire --on DATE   # void awards past their pay-by\n"
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
        cli_print_json(subsidy_to_json(a));
        return;
    }
    char d[MONEY_TEXT_MAX], w[MONEY_TEXT_MAX], p[MONEY_TEXT_MAX];
    printf("%s  %-11s firm %s  decided %s  awarded %s  paid %s  (%s)\n", a->id, a->status, a->firm,
           cli_money_text(cfg, a->decided_fen, d, sizeof d),
           cli_money_text(cfg, a->award_fen, w, sizeof w),
           cli_money_text(cfg, a->paid_fen, p, sizeof p), a->policy_label);
    if (!a->eligible)
        printf("  not eligible: %s\n", a->reason);
    if (a->note[0])
        printf("  note: %s\n", a->note);
}

/* A registry firm as a JSON row of CSV cells (the names policies read: sector, high_tech, ...). */
static json_t *firm_row(const hs_firm *f) {
    json_t *row = json_object();
    for (int k = 0; k < FIRM_FIELD_COUNT; k++) {
        char buf[512];
        const char *cell = firm_csv_cell(f, (firm_field)k, buf, sizeof buf);
        if (cell != NULL && cell[0] != '\0')
            json_object_set_new(row, firm_field_name((firm_field)k), json_string(cell));
    }
    return row;
}

/* Merges the registry's record of `uscc` (if any) under the explicit inputs. */
static hs_status merge_registry(hs_store *s, const char *uscc, json_t *inputs, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    firm_meta meta;
    bool found = false;
    st = registry_find(r, uscc, &f, &meta, &found, err);
    if (st == HS_OK && found) {
        json_t *row = firm_row(&f);
        json_object_update_missing(inputs, row);
        json_decref(row);
    }
    registry_close(r);
    return st;
}

/* Finds the firm's row in a CSV and merges it under the explicit inputs. */
typedef struct {
    const char *uscc;
    json_t *found;
} find_ctx;

static hs_status find_row(void *vctx, json_t *row, long record, hs_error *err) {
    find_ctx *c = vctx;
    json_t *u = json_object_get(row, "uscc");
    if (u != NULL && !strcmp(json_string_value(u), c->uscc) && c->found == NULL)
        c->found = json_deep_copy(row);
    return HS_OK;
}

static int do_apply(const hs_config *cfg, hs_store *s, sub_args *a, hs_date on) {
    if (!a->policy || !a->firm || !a->id)
        return cli_fail("subsidy apply", HS_INPUT, "--policy, --firm and --id are required");
    hs_error err = {0};
    if (a->firms != NULL) {
        find_ctx c = {a->firm, NULL};
        if (csv_rows_read(a->firms, find_row, &c, &err) != HS_OK)
            return cli_report("subsidy apply", &err);
        if (c.found == NULL)
            return cli_fail("subsidy apply", HS_INPUT, "%s: no row with uscc %s", a->firms,
                            a->firm);
        json_object_update_missing(a->inputs, c.found);
        json_decref(c.found);
    } else if (merge_registry(s, a->firm, a->inputs, &err) != HS_OK) {
        return cli_report("subsidy apply", &err);
    }
    instrument_policy ip;
    if (instrument_policy_load(a->policy, HS_INSTR_SUBSIDY, &ip, &err) != HS_OK)
        return cli_report("subsidy apply", &err);
    const char *product = a->product;
    if (product == NULL && json_is_string(json_object_get(a->inputs, "product")))
        product = json_string_value(json_object_get(a->inputs, "product"));
    subsidy_app app;
    hs_status st = subsidy_apply(s, &ip, a->id, a->firm, product, a->inputs, on, &app, &err);
    instrument_policy_free(&ip);
    if (st != HS_OK)
        return cli_report("subsidy apply", &err);
    print_app(cfg, &app);
    return app.eligible ? 0 : HS_REFUSED;
}

typedef struct {
    const hs_config *cfg;
    hs_store *store;
    instrument_policy *ip;
    sub_args *args;
    hs_date on, pay_by;
    long rows, eligible, awarded, refused;
    int64_t awarded_fen;
    json_t *out;
} match_ctx;

static hs_status match_row(void *vctx, json_t *row, long record, hs_error *err) {
    match_ctx *m = vctx;
    json_t *u = json_object_get(row, "uscc");
    if (!json_is_string(u))
        return hs_fail(err, HS_INPUT, "%s:%ld: field 'uscc': missing", m->args->firms, record);
    const char *uscc = json_string_value(u);
    json_t *prod = json_object_get(row, "product");
    const char *product = json_is_string(prod) ? json_string_value(prod) : "";
    char id[SUBSIDY_ID_MAX];
    snprintf(id, sizeof id, "%s%s%s%s", m->args->prefix ? m->args->prefix : "auto.", uscc,
             product[0] ? "." : "", product);
    subsidy_app app;
    m->rows++;
    hs_status st = subsidy_apply(m->store, m->ip, id, uscc, product, row, m->on, &app, err);
    if (st != HS_OK)
        return hs_error_prefix(err, "%s:%ld", m->args->firms ? m->args->firms : "registry", record);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(app.id));
    json_object_set_new(o, "firm", json_string(uscc));
    json_object_set_new(o, "eligible", json_boolean(app.eligible));
    if (!app.eligible) {
        json_object_set_new(o, "reason", json_string(app.reason));
        json_array_append_new(m->out, o);
        return HS_OK;
    }
    m->eligible++;
    json_object_set_new(o, "decided_fen", json_integer(app.decided_fen));
    if (m->args->award) {
        hs_error aerr = {0};
        st = subsidy_award(m->store, app.id, m->on, m->pay_by, &app, &aerr);
        if (st == HS_STORAGE) {
            json_decref(o);
            *err = aerr;
            return st;
        }
        if (st == HS_OK) {
            m->awarded++;
            money_add(m->awarded_fen, app.award_fen, &m->awarded_fen);
            json_object_set_new(o, "award_fen", json_integer(app.award_fen));
        } else {
            m->refused++;
            json_object_set_new(o, "refused", json_string(aerr.msg));
        }
    }
    json_array_append_new(m->out, o);
    return HS_OK;
}

/* 免申即享 over the registry: every firm, with the explicit --input facts applied to all. */
static hs_status match_registry(hs_store *s, match_ctx *m, const json_t *facts, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm *firms = NULL;
    size_t n = 0;
    st = registry_load(r, NULL, &firms, &n, err);
    registry_close(r);
    for (size_t i = 0; st == HS_OK && i < n; i++) {
        json_t *row = firm_row(&firms[i]);
        json_object_update(row, (json_t *)facts);
        st = match_row(m, row, (long)i + 1, err);
        json_decref(row);
    }
    free(firms);
    return st;
}

static int do_match(const hs_config *cfg, hs_store *s, sub_args *a, hs_date on, hs_date pay_by) {
    if (!a->policy)
        return cli_fail("subsidy match", HS_INPUT, "--policy is required");
    hs_error err = {0};
    instrument_policy ip;
    if (instrument_policy_load(a->policy, HS_INSTR_SUBSIDY, &ip, &err) != HS_OK)
        return cli_report("subsidy match", &err);
    match_ctx m = {cfg, s, &ip, a, on, pay_by, 0, 0, 0, 0, 0, json_array()};
    hs_status st = a->firms ? csv_rows_read(a->firms, match_row, &m, &err)
                            : match_registry(s, &m, a->inputs, &err);
    instrument_policy_free(&ip);
    if (st != HS_OK) {
        json_decref(m.out);
        return cli_report("subsidy match", &err);
    }
    char t[MONEY_TEXT_MAX];
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "firms", json_integer(m.rows));
        json_object_set_new(o, "eligible", json_integer(m.eligible));
        json_object_set_new(o, "awarded", json_integer(m.awarded));
        json_object_set_new(o, "refused", json_integer(m.refused));
        json_object_set_new(o, "awarded_fen", json_integer(m.awarded_fen));
        json_object_set_new(o, "applications", m.out);
        cli_print_json(o);
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(m.out, i, v) {
            json_t *r = json_object_get(v, "refused");
            if (r != NULL)
                printf("%s  eligible but not awarded: %s\n",
                       json_string_value(json_object_get(v, "id")), json_string_value(r));
        }
        printf("%ld firms evaluated, %ld eligible, %ld awarded (%s), %ld refused at award\n",
               m.rows, m.eligible, m.awarded, cli_money_text(cfg, m.awarded_fen, t, sizeof t),
               m.refused);
        json_decref(m.out);
    }
    return 0;
}

typedef struct {
    const hs_config *cfg;
    json_t *array;
} list_ctx;

static hs_status list_one(void *vctx, const subsidy_app *a, hs_error *err) {
    list_ctx *c = vctx;
    if (c->array)
        json_array_append_new(c->array, subsidy_to_json(a));
    else
        print_app(c->cfg, a);
    return HS_OK;
}

static int do_show(const hs_config *cfg, hs_store *s, const char *id) {
    hs_error err = {0};
    subsidy_app a;
    bool found;
    if (subsidy_get(s, id, &a, &found, &err) != HS_OK)
        return cli_report("subsidy show", &err);
    if (!found)
        return cli_fail("subsidy show", HS_INPUT, "no subsidy application '%s'", id);
    json_t *o = subsidy_to_json(&a);
    instrument_policy ip;
    json_t *explanation = NULL;
    if (instrument_policy_load(a.policy_path, HS_INSTR_SUBSIDY, &ip, &err) == HS_OK) {
        json_t *inputs = json_loads(a.inputs, 0, NULL);
        if (instrument_explain_json(&ip, a.firm, inputs, a.applied_date, &explanation, &err) !=
            HS_OK)
            explanation = NULL;
        json_decref(inputs);
        json_object_set_new(o, "policy_unchanged",
                            json_boolean(!strcmp(ip.sha256, a.policy_sha256)));
        instrument_policy_free(&ip);
    }
    if (cfg->json) {
        json_object_set_new(o, "explanation", explanation ? explanation : json_array());
        cli_print_json(o);
        return 0;
    }
    print_app(cfg, &a);
    if (!json_is_true(json_object_get(o, "policy_unchanged")))
        printf("  warning: %s is missing or changed since the decision\n", a.policy_path);
    size_t i;
    json_t *it;
    json_array_foreach(explanation, i, it) {
        const char *note = json_string_value(json_object_get(it, "note"));
        printf(
            "  %*s%-8s %s = %s%s%s\n", (int)(2 * json_integer_value(json_object_get(it, "depth"))),
            "", json_string_value(json_object_get(it, "kind")),
            json_string_value(json_object_get(it, "label")),
            json_string_value(json_object_get(it, "value")), note ? "   " : "", note ? note : "");
    }
    json_decref(explanation);
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
    hs_error err = {0};
    subsidy_app app;
    hs_status st = HS_OK;
    bool print = true;
    if (!strcmp(sub, "apply")) {
        rc = do_apply(cfg, s, &a, on);
        print = false;
    } else if (!strcmp(sub, "match")) {
        rc = do_match(cfg, s, &a, on, pay_by);
        print = false;
    } else if (!strcmp(sub, "show")) {
        rc = do_show(cfg, s, a.positional);
        print = false;
    } else if (!strcmp(sub, "list")) {
        list_ctx c = {cfg, cfg->json ? json_array() : NULL};
        st = subsidy_each(s, a.programme, a.firm, a.status, list_one, &c, &err);
        if (st == HS_OK && c.array)
            cli_print_json(c.array);
        print = false;
    } else if (!strcmp(sub, "expire")) {
        size_t n = 0;
        st = subsidy_expire(s, on, &n, &err);
        if (st == HS_OK)
            printf("expired %zu awards not paid by their pay-by date\n", n);
        print = false;
    } else if (!strcmp(sub, "award")) {
        st = subsidy_award(s, a.positional, on, pay_by, &app, &err);
    } else if (!strcmp(sub, "pay")) {
        st = subsidy_pay(s, a.positional, amount, on, &app, &err);
    } else if (!strcmp(sub, "reject")) {
        st = subsidy_reject(s, a.positional, a.reason, on, &app, &err);
    } else if (!strcmp(sub, "clawback")) {
        st = subsidy_clawback(s, a.positional, amount, a.reason, on, &app, &err);
    }
    store_close(s);
    json_decref(a.inputs);
    if (st != HS_OK)
        return cli_report("subsidy", &err);
    if (print)
        print_app(cfg, &app);
    return rc;
}
