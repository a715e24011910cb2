/* cmd_programme.c — `huoshui programme create|fund|show|close`: argument parsing and printing over
 * src/ops/programme_ops.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "cli/cmd_approval.h"
#include "cli/commands.h"
#include "ops/approval_ops.h"
#include "ops/programme_ops.h"
#include "ops/programme_view.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] programme create ID [--title-zh T] [--title-en T] [--date D]\n"
        "                         [--approval-threshold A] [--appropriation A]\n"
        "       huoshui [--book B] programme fund ID --budget NAME --amount A [--date D] "
        "[--id TRANSFER_ID]\n"
        "       huoshui [--book B] programme release ID --amount A [--date D] [--id TRANSFER_ID]\n"
        "       huoshui [--book B] programme show ID [--json] [--cn]\n"
        "       huoshui [--book B] programme close ID [--date D]\n\n"
        "A programme (e.g. chengdu-2024) owns the account appropriation/ID and budgets\n"
        "budget/ID/NAME that can never overspend. `fund` moves money from the appropriation\n"
        "into a budget (creating it; again = top-up). `show` lists each budget's\n"
        "appropriated, reserved, paid and remaining amounts. `close` returns every unreserved\n"
        "remainder to the appropriation and refuses later funding.\n"
        "--approval-threshold A (e.g. 100万; 0 = every payment) turns on maker-checker: funding\n"
        "and subsidy payments of A or more become pending approvals (`huoshui approval`).\n"
        "Without the flag the programme has no maker-checker.\n"
        "--appropriation A (e.g. 12亿) makes the appropriation multi-year: the whole amount is\n"
        "pledged at creation and `release` moves part of it (year by year) into the\n"
        "appropriation; budgets can only be funded with what was released, and no release can\n"
        "go beyond the pledge (both refused with exit 1, code exceeds_credits). `release` is\n"
        "gated by --approval-threshold like funding. Without the flag the appropriation is\n"
        "open-ended.\n");
}

typedef struct {
    const char *id, *budget, *amount, *date, *transfer_id, *title_zh, *title_en, *threshold;
    const char *appropriation;
} prog_args;

static int parse(int argc, char **argv, prog_args *a) {
    static const struct option opts[] = {{"budget", required_argument, NULL, 'b'},
                                         {"amount", required_argument, NULL, 'a'},
                                         {"date", required_argument, NULL, 'd'},
                                         {"id", required_argument, NULL, 'i'},
                                         {"title-zh", required_argument, NULL, 'z'},
                                         {"title-en", required_argument, NULL, 'e'},
                                         {"approval-threshold", required_argument, NULL, 't'},
                                         {"appropriation", required_argument, NULL, 'p'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
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
        case 't':
            a->threshold = optarg;
            break;
        case 'p':
            a->appropriation = optarg;
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

static void print_figures(const hs_config *cfg, const char *name, const int64_t *v) {
    char t[PROGRAMME_FIGURES][MONEY_TEXT_MAX];
    for (int i = 0; i < PROGRAMME_FIGURES; i++)
        cli_money_text(cfg, v[i], t[i], sizeof t[i]);
    printf("%-28s %20s %18s %20s %20s %18s %20s\n", name, t[0], t[1], t[2], t[3], t[4], t[5]);
}

static int show(const hs_config *cfg, const hs_ctx *ctx, const char *id) {
    hs_error err = {0};
    programme_status ps;
    if (ops_programme_status(ctx, id, &ps, &err) != HS_OK)
        return cli_report("programme show", &err);
    if (cfg->json) {
        cli_print_json(view_programme_status(&ps));
    } else {
        const programme *p = &ps.programme;
        char d[DATE_TEXT_LEN];
        printf("programme %s  %s  %s%s%s\n", p->id, p->title_zh, p->title_en,
               p->closed ? "  closed " : "", p->closed ? date_format(p->closed_date, d) : "");
        const programme_appropriation *ap = &ps.appropriation;
        if (ap->multi_year) {
            char t[4][MONEY_TEXT_MAX];
            cli_money_text(cfg, ap->pledged_fen, t[0], sizeof t[0]);
            cli_money_text(cfg, ap->released_fen, t[1], sizeof t[1]);
            cli_money_text(cfg, ap->unreleased_fen, t[2], sizeof t[2]);
            cli_money_text(cfg, ap->unbudgeted_fen, t[3], sizeof t[3]);
            printf("multi-year appropriation %s: released %s, to release %s; released, not in a "
                   "budget %s\n",
                   t[0], t[1], t[2], t[3]);
        }
        printf("%-28s %20s %18s %20s %20s %18s %20s\n", "budget", "appropriated", "returned",
               "reserved", "paid", "closed out", "remaining");
        for (size_t i = 0; i < ps.n_budgets; i++) {
            const programme_budget *b = &ps.budgets[i];
            int64_t v[PROGRAMME_FIGURES] = {b->appropriated_fen, b->returned_fen,
                                            b->reserved_fen,     b->paid_fen,
                                            b->closed_out_fen,   b->remaining_fen};
            print_figures(cfg, b->name, v);
        }
        print_figures(cfg, "total", ps.totals);
    }
    programme_status_free(&ps);
    return 0;
}

int cmd_programme(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "create") && strcmp(sub, "fund") && strcmp(sub, "show") &&
        strcmp(sub, "close") && strcmp(sub, "release")) {
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
    hs_ctx ctx = cli_ctx(cfg, s);
    if (!strcmp(sub, "create")) {
        programme p = {.created_date = date};
        snprintf(p.id, sizeof p.id, "%s", a.id);
        snprintf(p.title_zh, sizeof p.title_zh, "%s", a.title_zh ? a.title_zh : "");
        snprintf(p.title_en, sizeof p.title_en, "%s", a.title_en ? a.title_en : "");
        int64_t threshold = 0;
        if ((a.threshold != NULL &&
             !cli_money_arg("programme create", "--approval-threshold", a.threshold, &threshold)) ||
            (a.appropriation != NULL && !cli_money_arg("programme create", "--appropriation",
                                                       a.appropriation, &p.multi_year_fen))) {
            store_close(s);
            return 2;
        }
        if (a.appropriation != NULL && p.multi_year_fen <= 0) {
            store_close(s);
            return cli_fail("programme create", HS_INPUT,
                            "--appropriation: must be positive (leave it out for an open-ended "
                            "appropriation)");
        }
        st = ops_approval_programme_create(&ctx, &p, a.threshold ? &threshold : NULL, &err);
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
        approval_outcome gate;
        st = ops_programme_fund(&ctx, a.id, a.budget, amount, date, a.transfer_id, &gate, &err);
        if (st == HS_OK && gate.pending) {
            store_close(s);
            return cli_print_pending(cfg, &gate.approval);
        }
        char m[MONEY_TEXT_MAX];
        if (st == HS_OK && !cfg->json)
            printf("funded budget/%s/%s with %s\n", a.id, a.budget,
                   money_format(amount, m, sizeof m));
    } else if (!strcmp(sub, "release")) {
        int64_t amount;
        if (a.amount == NULL) {
            store_close(s);
            return cli_fail("programme release", HS_INPUT, "--amount is required");
        }
        if (!cli_money_arg("programme release", "--amount", a.amount, &amount)) {
            store_close(s);
            return 2;
        }
        approval_outcome gate;
        st = ops_programme_release(&ctx, a.id, amount, date, a.transfer_id, &gate, &err);
        if (st == HS_OK && gate.pending) {
            store_close(s);
            return cli_print_pending(cfg, &gate.approval);
        }
        char m[MONEY_TEXT_MAX];
        if (st == HS_OK && !cfg->json)
            printf("released %s into appropriation/%s\n", money_format(amount, m, sizeof m), a.id);
    } else if (!strcmp(sub, "close")) {
        st = ops_programme_close(&ctx, a.id, date, &err);
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
        rc = show(cfg, &ctx, a.id);
    store_close(s);
    return rc;
}
