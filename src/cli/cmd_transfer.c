/* cmd_transfer.c — `huoshui transfer`: one transfer from flags, or a batch file applied all or
 * nothing. Argument parsing and printing only: the transfer and the streamed batch are
 * ops/transfer_ops, the --json output ops/ledger_view. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/batch_file.h"
#include "cli/commands.h"
#include "ledger/transfer_codec.h"
#include "ops/ledger_view.h"
#include "ops/transfer_ops.h"

#define REFUSALS_LISTED_MAX 20
#define BAD_LINES_LISTED_MAX 50

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] transfer --id ID --debit NAME --credit NAME --amount AMOUNT\n"
        "                 [--pending [--timeout SECONDS]] [--post PENDING_ID [--amount A]]\n"
        "                 [--void PENDING_ID] [--linked] [--code CODE] [--ref KEY=VALUE]...\n"
        "                 [--date YYYY-MM-DD] [--json]\n"
        "       huoshui [--book B] transfer --batch FILE   # JSON Lines or CSV, '-' = stdin\n\n"
        "Moves AMOUNT from the debit account to the credit account. AMOUNT takes any form:\n"
        "12,345.67  ¥12,345.67  500万  2.5亿 (spaces around it are ignored, as in CSV cells).\n"
        "Ids, account names, codes and references must be UTF-8 text without control\n"
        "characters. The id is yours: repeating a transfer with the\n"
        "same id and body changes nothing (exit 0, 'exists'); the same id with another body\n"
        "is refused (exit 2). --pending reserves (a budget's reservation counts against its\n"
        "limit); --post posts a reservation in full or in part, --void releases it.\n"
        "A batch applies wholly or not at all; every bad line is named (FILE:LINE: field);\n"
        "an id may appear once per batch, and amount and amount_fen are never both given.\n"
        "Batch fields: id, debit, credit, amount | amount_fen, pending, timeout, post, void,\n"
        "linked, code, date, ref.KEY (CSV header) or \"ref\": {...} (JSON).\n"
        "exit: 0 applied or already applied, 1 refused by a rule, 2 bad input, 3 storage.\n");
}

/* ---- batch ---- */

typedef struct {
    const hs_config *cfg;
    const char *label;
    ops_batch *batch;
    long bad_lines, refusals;
    json_t *problems; /* --json: list of {line, id, field, error} */
    bool progress;    /* stderr is a terminal (cli_show_progress) */
    long next_progress, last_line;
} batch_cli;

#define PROGRESS_EVERY_LINES 100000

/* On a terminal only, a line count every PROGRESS_EVERY_LINES lines (overwritten in place). */
static void show_progress(batch_cli *c, long line) {
    c->last_line = line;
    if (!c->progress || line < c->next_progress)
        return;
    fprintf(stderr, "\rhuoshui transfer: %s: %ld lines read", c->label, line);
    fflush(stderr);
    c->next_progress = line + PROGRESS_EVERY_LINES;
}

static void end_progress(batch_cli *c) {
    if (c->progress && c->next_progress > PROGRESS_EVERY_LINES)
        fprintf(stderr, "\rhuoshui transfer: %s: %ld lines read\n", c->label, c->last_line);
}

/* Prints the first problems of each kind to stderr (and keeps every one for --json). */
static void on_problem(void *ctx, const ops_batch_problem *p) {
    batch_cli *c = ctx;
    if (!p->refused && c->bad_lines++ < BAD_LINES_LISTED_MAX)
        fprintf(stderr, "huoshui transfer: %s:%ld: %s%s%s%s\n", c->label, p->line,
                p->field[0] ? "field '" : "", p->field, p->field[0] ? "': " : "", p->why);
    if (p->refused && c->refusals++ < REFUSALS_LISTED_MAX)
        fprintf(stderr, "huoshui transfer: %s:%ld: transfer %s refused: %s%s%s\n", c->label,
                p->line, p->id, p->why, p->detail[0] ? ": " : "", p->detail);
    if (c->problems != NULL)
        json_array_append_new(c->problems, view_batch_problem(p));
}

static void on_bad_line(void *ctx, long line, const char *field, const char *why) {
    batch_cli *c = ctx;
    show_progress(c, line);
    ops_batch_bad_line(c->batch, line, field, why);
}

static hs_status on_transfer(void *ctx, const hs_transfer *t, long line, hs_error *err) {
    batch_cli *c = ctx;
    show_progress(c, line);
    return ops_batch_add(c->batch, t, line, err);
}

static int transfer_batch(const hs_config *cfg, const char *path) {
    batch_cli c = {.cfg = cfg,
                   .label = strcmp(path, "-") == 0 ? "(stdin)" : path,
                   .progress = cli_show_progress(cfg),
                   .next_progress = PROGRESS_EVERY_LINES};
    hs_store *s;
    int rc = cli_open_book(cfg, "transfer", false, &s);
    if (rc != 0)
        return rc;
    if (cfg->json)
        c.problems = json_array();
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    hs_status st = ops_batch_begin(&ctx, c.label, on_problem, &c, &c.batch, &err);
    if (st != HS_OK) {
        store_close(s);
        json_decref(c.problems);
        return cli_report("transfer", &err);
    }
    batch_sink sink = {.ctx = &c, .on_transfer = on_transfer, .on_bad_line = on_bad_line};
    hs_status reading = batch_file_read(path, &sink, &err);
    end_progress(&c);
    ops_batch_summary sum;
    st = ops_batch_finish(c.batch, reading, &sum, &err);
    store_close(s);
    if (st == HS_OK) {
        if (cfg->json)
            cli_print_json(view_batch_summary(&sum, c.problems));
        else
            printf("applied %zu transfers (%zu already applied) from %s\n", sum.applied,
                   sum.existed, c.label);
        return 0;
    }
    if (reading == HS_OK) {
        if (sum.bad_lines > BAD_LINES_LISTED_MAX)
            fprintf(stderr, "huoshui transfer: ... and %ld more bad lines\n",
                    sum.bad_lines - BAD_LINES_LISTED_MAX);
        if (sum.refusals > REFUSALS_LISTED_MAX)
            fprintf(stderr, "huoshui transfer: ... and %ld more refusals\n",
                    sum.refusals - REFUSALS_LISTED_MAX);
    }
    json_t *extra = NULL;
    if (c.problems != NULL) {
        extra = view_batch_summary(&sum, c.problems);
        c.problems = NULL;
    }
    return cli_report_with("transfer", &err, extra);
}

/* ---- one transfer from flags ---- */

/* Sets one field from its flag; false (the error reported, naming the field) if it is bad. */
static bool set(hs_transfer *t, const char *field, const char *value) {
    char why[256];
    hs_error err;
    if (!strcmp(field, "date") && value[0] == '\0') {
        hs_invalid_field(&err, field,
                         "--date: give a YYYY-MM-DD date (leave the flag out for today)");
        cli_report("transfer", &err);
        return false;
    }
    if (transfer_set_field(t, field, value, why, sizeof why))
        return true;
    hs_invalid_field(&err, field, "--%s: %s", field, why);
    cli_report("transfer", &err);
    return false;
}

static int transfer_one(const hs_config *cfg, hs_transfer *t) {
    hs_store *s;
    int rc = cli_open_book(cfg, "transfer", false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    ops_transfer_outcome o;
    hs_status st = ops_transfer_one(&ctx, t, &o, &err);
    store_close(s);
    if (st != HS_OK) {
        json_t *extra = NULL;
        if (cfg->json && o.result < TR_RESULT_COUNT) {
            extra = json_object();
            json_object_set_new(extra, "id", json_string(t->id));
            if (o.detail[0])
                json_object_set_new(extra, "detail", json_string(o.detail));
        }
        return cli_report_with("transfer", &err, extra);
    }
    if (cfg->json) {
        cli_print_json(view_transfer_outcome(t, &o));
        return 0;
    }
    char amount[MONEY_TEXT_MAX];
    bool found = o.stored_found;
    printf("%s %s: %s %s -> %s%s\n", o.result == TR_OK ? "ok" : "exists (nothing changed)", t->id,
           money_format(found ? o.stored.amount_fen : t->amount_fen, amount, sizeof amount),
           found ? o.stored.debit : t->debit, found ? o.stored.credit : t->credit,
           (t->flags & TRANSFER_PENDING) ? " (reserved)" : "");
    return 0;
}

int cmd_transfer(const hs_config *cfg, int argc, char **argv) {
    static const struct option opts[] = {{"id", required_argument, NULL, 'i'},
                                         {"debit", required_argument, NULL, 'd'},
                                         {"credit", required_argument, NULL, 'c'},
                                         {"amount", required_argument, NULL, 'a'},
                                         {"pending", no_argument, NULL, 'p'},
                                         {"timeout", required_argument, NULL, 't'},
                                         {"post", required_argument, NULL, 'P'},
                                         {"void", required_argument, NULL, 'V'},
                                         {"linked", no_argument, NULL, 'l'},
                                         {"code", required_argument, NULL, 'C'},
                                         {"ref", required_argument, NULL, 'r'},
                                         {"date", required_argument, NULL, 'D'},
                                         {"batch", required_argument, NULL, 'b'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    hs_transfer t;
    transfer_init(&t);
    const char *batch = NULL;
    bool any_single = false, amount_given = false;
    int c;
    optind = 0;
    opterr = 0; /* reported below, once, as text and (with --json) one error object */
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        bool ok = true;
        any_single |= c != 'b' && c != 'h' && c != '?';
        switch (c) {
        case 'i':
            ok = set(&t, "id", optarg);
            break;
        case 'd':
            ok = set(&t, "debit", optarg);
            break;
        case 'c':
            ok = set(&t, "credit", optarg);
            break;
        case 'a':
            ok = set(&t, "amount", optarg);
            amount_given = true;
            break;
        case 'p':
            ok = set(&t, "pending", "true");
            break;
        case 't':
            ok = set(&t, "timeout", optarg);
            break;
        case 'P':
            ok = set(&t, "post", optarg);
            break;
        case 'V':
            ok = set(&t, "void", optarg);
            break;
        case 'l':
            ok = set(&t, "linked", "true");
            break;
        case 'C':
            ok = set(&t, "code", optarg);
            break;
        case 'D':
            ok = set(&t, "date", optarg);
            break;
        case 'b':
            batch = optarg;
            break;
        case 'r': {
            char *eq = strchr(optarg, '=');
            char why[256];
            if (eq == NULL)
                return cli_fail("transfer", HS_INPUT, "--ref: expected KEY=VALUE, got '%s'",
                                optarg);
            *eq = '\0';
            ok = transfer_add_ref(&t, optarg, eq + 1, why, sizeof why);
            if (!ok)
                cli_fail("transfer", HS_INPUT, "--ref: %s", why);
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return cli_fail("transfer", HS_INPUT, "unknown option or missing value: '%s'",
                            argv[optind - 1]);
        }
        if (!ok)
            return 2;
    }
    if (optind != argc)
        return cli_fail("transfer", HS_INPUT, "unexpected argument '%s'", argv[optind]);
    if (batch != NULL) {
        if (any_single)
            return cli_fail("transfer", HS_INPUT, "--batch takes no other transfer flags");
        return transfer_batch(cfg, batch);
    }
    bool resolves = t.flags & (TRANSFER_POST_PENDING | TRANSFER_VOID_PENDING);
    if (t.id[0] == '\0')
        return cli_fail("transfer", HS_INPUT, "--id is required (see huoshui transfer --help)");
    if (!resolves && amount_given && t.amount_fen == 0)
        return cli_fail("transfer", HS_INPUT, "--amount: the amount must be positive");
    if (!resolves && (t.debit[0] == '\0' || t.credit[0] == '\0' || t.amount_fen == 0))
        return cli_fail("transfer", HS_INPUT,
                        "--debit, --credit and --amount are required (or --post/--void ID)");
    return transfer_one(cfg, &t);
}
