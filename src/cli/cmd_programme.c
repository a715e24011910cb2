/* cmd_programme.c — `huoshui programme create|fund|show|close`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "instrument/programme.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] programme create ID [--title-zh T] [--title-en T] [--date D]\n"
        "       huoshui [--book B] programme fund ID --budget NAME --amount A [--date D] "
        "[--id TRANSFER_ID]\n"
        "       huoshui [--book B] programme show ID [--json] [--cn]\n"
        "       huoshui [--book B] programme close ID [--date D]\n\n"
        "A programme (e.g. chengdu-2024) owns the account appropriation/ID and budgets\n"
        "budget/ID/NAME that can never overspend. `fund` moves money from the appropriation\n"
        "into a budget (creating it; again = top-up). `show` lists each budget's\n"
        "appropriated, reserved, paid and remaining amounts. `close` returns every unreserved\n"
        "remainder to the appropriation and refuses later funding.\n");
}

typedef struct {
    const char *id, *budget, *amount, *date, *transfer_id, *title_zh, *title_en;
} prog_args;

static int parse(int argc, char **argv, prog_args *a) {
    static const struct option opts[] = {
        {"budget", required_argument, NULL, 'b'},   {"amount", required_argument, NULL, 'a'},
        {"date", required_argument, NULL, 'd'},     {"id", required_argument, NULL, 'i'},
        {"title-zh", required_argument, NULL, 'z'}, {"title-en", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            a->budget = optarg;
            break;
        case 'a':
            a->amount = optarg;
            break;
        case 'd':
            a->date = optarg;
            break;
        case 'i':
            a->transfer_id = optarg;
            break;
        case 'z':
            a->title_zh = optarg;
            break;
        case 'e':
            a->title_en = optarg;
            break;
        case 'h':
            usage(stdout);
            return -1;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return cli_fail(argv[0], HS_INPUT, "need exactly one programme ID");
    }
    a->id = argv[optind];
    return 0;
}

typedef struct {
    const hs_config *cfg;
    json_t *array;
    int64_t totals[6];
} show_ctx;

static hs_status show_budget(void *vctx, const programme_budget *b, hs_error *err) {
    show_ctx *c = vctx;
    int64_t v[6] = {b->appropriated_fen, b->returned_fen,   b->reserved_fen,
                    b->paid_fen,         b->closed_out_fen, b->remaining_fen};
    for (int i = 0; i < 6; i++)
        if (!money_add(c->totals[i], v[i], &c->totals[i]))
            return hs_fail(err, HS_STORAGE, "totals overflow");
    if (c->array != NULL) {
        json_t *o = json_object();
        json_object_set_new(o, "budget", json_string(b->name));
        json_object_set_new(o, "account", json_string(b->account));
        json_object_set_new(o, "appropriated_fen", json_integer(b->appropriated_fen));
        json_object_set_new(o, "returned_fen", json_integer(b->returned_fen));
        json_object_set_new(o, "reserved_fen", json_integer(b->reserved_fen));
        json_object_set_new(o, "paid_fen", json_integer(b->paid_fen));
        json_object_set_new(o, "closed_out_fen", json_integer(b->closed_out_fen));
        json_object_set_new(o, "remaining_fen", json_integer(b->remaining_fen));
        json_array_append_new(c->array, o);
        return HS_OK;
    }
    char t[6][MONEY_TEXT_MAX];
    for (int i = 0; i < 6; i++)
        cli_money_text(c->cfg, v[i], t[i], sizeof t[i]);
    printf("%-28s %20s %18s %20s %20s %18s %20s\n", b->name, t[0], t[1], t[2], t[3], t[4], t[5]);
    return HS_OK;
}

static int show(const hs_config *cfg, hs_store *s, const char *id) {
    hs_error err = {0};
    programme p;
    bool found;
    if (programme_get(s, id, &p, &found, &err) != HS_OK)
        return cli_report("programme show", &err);
    if (!found)
        return cli_fail("programme show", HS_INPUT, "no programme '%s'", id);
    show_ctx c = {.cfg = cfg};
    char d[DATE_TEXT_LEN];
    if (cfg->json) {
        c.array = json_array();
    } else {
        printf("programme %s  %s  %s%s%s\n", p.id, p.title_zh, p.title_en,
               p.closed ? "  closed " : "", p.closed ? date_format(p.closed_date, d) : "");
        printf("%-28s %20s %18s %20s %20s %18s %20s\n", "budget", "appropriated", "returned",
               "reserved", "paid", "closed out", "remaining");
    }
    if (programme_budgets(s, id, show_budget, &c, &err) != HS_OK) {
        json_decref(c.array);
        return cli_report("programme show", &err);
    }
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "programme", json_string(p.id));
        json_object_set_new(o, "title_zh", json_string(p.title_zh));
        json_object_set_new(o, "title_en", json_string(p.title_en));
        json_object_set_new(o, "closed", json_boolean(p.closed));
        json_object_set_new(o, "budgets", c.array);
        static const char *const keys[6] = {"appropriated_fen", "returned_fen",   "reserved_fen",
                                            "paid_fen",         "closed_out_fen", "remaining_fen"};
        for (int i = 0; i < 6; i++)
            json_object_set_new(o, keys[i], json_integer(c.totals[i]));
        cli_print_json(o);
    } else {
        char t[6][MONEY_TEXT_MAX];
        for (int i = 0; i < 6; i++)
            cli_money_text(cfg, c.totals[i], t[i], sizeof t[i]);
        printf("%-28s %20s %18s %20s %20s %18s %20s\n", "total", t[0], t[1], t[2], t[3], t[4],
               t[5]);
    }
    return 0;
}

int cmd_programme(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "create") && strcmp(sub, "fund") && strcmp(sub, "show") &&
        strcmp(sub, "close")) {
        usage(stderr);
        return cli_fail("programme", HS_INPUT, "unknown subcommand '%s'", sub);
    }
    prog_args a;
    int rc = parse(argc - 1, argv + 1, &a);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    hs_date date = cli_today(cfg);
    if (a.date != NULL && !cli_date_arg("programme", "--date", a.date, &date))
        return 2;
    hs_store *s;
    if ((rc = cli_open_book(cfg, "programme", false, &s)) != 0)
        return rc;
    hs_error err = {0};
    hs_status st = HS_OK;
    if (!strcmp(sub, "create")) {
        programme p = {.created_date = date};
        snprintf(p.id, sizeof p.id, "%s", a.id);
        snprintf(p.title_zh, sizeof p.title_zh, "%s", a.title_zh ? a.title_zh : "");
        snprintf(p.title_en, sizeof p.title_en, "%s", a.title_en ? a.title_en : "");
        st = programme_create(s, &p, &err);
        if (st == HS_OK && !cfg->json)
            printf("programme %s: appropriation/%s\n", a.id, a.id);
    } else if (!strcmp(sub, "fund")) {
        int64_t amount;
        if (a.budget == NULL || a.amount == NULL) {
            store_close(s);
            return cli_fail("programme fund", HS_INPUT, "--budget and --amount are required");
        }
        if (!cli_money_arg("programme fund", "--amount", a.amount, &amount)) {
            store_close(s);
            return 2;
        }
        st = programme_fund(s, a.id, a.budget, amount, date, a.transfer_id, &err);
        char m[MONEY_TEXT_MAX];
        if (st == HS_OK && !cfg->json)
            printf("funded budget/%s/%s with %s\n", a.id, a.budget,
                   money_format(amount, m, sizeof m));
    } else if (!strcmp(sub, "close")) {
        st = programme_close(s, a.id, date, &err);
        if (st == HS_OK && !cfg->json)
            printf("closed programme %s; unreserved budgets returned to appropriation/%s\n", a.id,
                   a.id);
    }
    if (st != HS_OK) {
        store_close(s);
        return cli_report("programme", &err);
    }
    rc = 0;
    if (!strcmp(sub, "show") || cfg->json)
        rc = show(cfg, s, a.id);
    store_close(s);
    return rc;
}
