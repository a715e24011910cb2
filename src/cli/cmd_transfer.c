/* cmd_transfer.c — `huoshui transfer`: one transfer from flags, or a batch file applied all or
 * nothing (streamed through one book transaction, so a million lines need little memory). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/batch_file.h"
#include "cli/commands.h"
#include "ledger/transfer_codec.h"
#include "store/book.h"

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
        "12,345.67  ¥12,345.67  500万  2.5亿. The id is yours: repeating a transfer with the\n"
        "same id and body changes nothing (exit 0, 'exists'); the same id with another body\n"
        "is refused (exit 2). --pending reserves (a budget's reservation counts against its\n"
        "limit); --post posts a reservation in full or in part, --void releases it.\n"
        "A batch applies wholly or not at all; every bad line is named (FILE:LINE: field).\n"
        "Batch fields: id, debit, credit, amount | amount_fen, pending, timeout, post, void,\n"
        "linked, code, date, ref.KEY (CSV header) or \"ref\": {...} (JSON).\n"
        "exit: 0 applied or already applied, 1 refused by a rule, 2 bad input, 3 storage.\n");
}

/* Explains a refusal with the balances that caused it. */
static void describe(hs_store *s, const hs_transfer *t, transfer_result r, char *buf, size_t len) {
    hs_account a;
    bool found = false;
    hs_error err = {0};
    char held[MONEY_TEXT_MAX], reserved[MONEY_TEXT_MAX], amount[MONEY_TEXT_MAX];
    money_format(t->amount_fen, amount, sizeof amount);
    if (r == TR_EXCEEDS_CREDITS && store_account_by_name(s, t->debit, &a, &found, &err) == HS_OK &&
        found) {
        snprintf(buf, len,
                 "%s would overspend: it holds %s with %s reserved, and cannot pay %s more", a.name,
                 money_format(account_held_fen(&a), held, sizeof held),
                 money_format(a.debits_pending_fen, reserved, sizeof reserved), amount);
    } else if (r == TR_EXCEEDS_DEBITS &&
               store_account_by_name(s, t->credit, &a, &found, &err) == HS_OK && found) {
        snprintf(buf, len, "%s may not be credited beyond its debits (%s)", a.name, amount);
    } else if (r == TR_DEBIT_ACCOUNT_NOT_FOUND) {
        snprintf(buf, len, "no account named '%s' (field 'debit')", t->debit);
    } else if (r == TR_CREDIT_ACCOUNT_NOT_FOUND) {
        snprintf(buf, len, "no account named '%s' (field 'credit')", t->credit);
    } else if (r == TR_PENDING_TRANSFER_NOT_FOUND) {
        snprintf(buf, len, "no pending transfer with id '%s'", t->pending_id);
    } else if (r >= TR_EXISTS_WITH_DIFFERENT_FLAGS && r <= TR_EXISTS_WITH_DIFFERENT_DATE) {
        snprintf(buf, len, "id '%s' was used before for a transfer with another body", t->id);
    } else {
        buf[0] = '\0';
    }
}

/* ---- batch ---- */

typedef struct {
    const hs_config *cfg;
    const char *path;
    hs_store *store;
    hs_tx txn;
    hs_transfer *events;
    long *lines;
    transfer_result *results;
    size_t count, capacity;
    long bad_lines;
    long refusals;
    hs_status first_refusal;
    json_t *problems; /* --json: list of {line, id, field, error} */
} batch_ctx;

static void note_problem(batch_ctx *b, long line, const char *id, const char *field,
                         const char *why) {
    if (b->problems != NULL) {
        json_t *o = json_object();
        json_object_set_new(o, "line", json_integer(line));
        if (id != NULL)
            json_object_set_new(o, "id", json_string(id));
        json_object_set_new(o, "field", json_string(field));
        json_object_set_new(o, "error", json_string(why));
        json_array_append_new(b->problems, o);
    }
}

static void on_bad_line(void *ctx, long line, const char *field, const char *why) {
    batch_ctx *b = ctx;
    if (b->bad_lines++ < BAD_LINES_LISTED_MAX)
        fprintf(stderr, "huoshui transfer: %s:%ld: %s%s%s%s\n", b->path, line,
                field[0] ? "field '" : "", field, field[0] ? "': " : "", why);
    note_problem(b, line, NULL, field, why);
}

/* Applies the buffered events (unless a bad line or refusal already doomed the batch). */
static hs_status flush(batch_ctx *b, hs_error *err) {
    if (b->count == 0)
        return HS_OK;
    if (b->bad_lines == 0 && b->refusals == 0) {
        hs_status st = hs_tx_transfer(&b->txn, b->events, b->count, b->results, err);
        if (st != HS_OK)
            return st;
        for (size_t i = 0; i < b->count; i++) {
            transfer_result r = b->results[i];
            if (r == TR_OK || r == TR_EXISTS)
                continue;
            if (b->refusals++ == 0)
                b->first_refusal = transfer_result_status(r);
            char detail[512];
            describe(b->store, &b->events[i], r, detail, sizeof detail);
            if (b->refusals <= REFUSALS_LISTED_MAX)
                fprintf(stderr, "huoshui transfer: %s:%ld: transfer %s refused: %s%s%s\n", b->path,
                        b->lines[i], b->events[i].id, transfer_result_name(r),
                        detail[0] ? ": " : "", detail);
            note_problem(b, b->lines[i], b->events[i].id, "", transfer_result_name(r));
        }
    }
    b->count = 0;
    return HS_OK;
}

static hs_status on_transfer(void *ctx, const hs_transfer *t, long line, hs_error *err) {
    batch_ctx *b = ctx;
    if (b->count == b->capacity) {
        size_t cap = b->capacity ? b->capacity * 2 : 1024;
        hs_transfer *e = realloc(b->events, cap * sizeof *e);
        long *l = e ? realloc(b->lines, cap * sizeof *l) : NULL;
        transfer_result *r = l ? realloc(b->results, cap * sizeof *r) : NULL;
        if (e)
            b->events = e;
        if (l)
            b->lines = l;
        if (r)
            b->results = r;
        if (!e || !l || !r)
            return hs_fail(err, HS_STORAGE, "out of memory reading the batch");
        b->capacity = cap;
    }
    b->events[b->count] = *t;
    b->lines[b->count] = line;
    b->count++;
    /* Flush at chunk size, never inside a linked chain. */
    if (b->count >= BOOK_CHUNK_EVENTS && !(t->flags & TRANSFER_LINKED))
        return flush(b, err);
    return HS_OK;
}

static int transfer_batch(const hs_config *cfg, const char *path) {
    batch_ctx b = {.cfg = cfg, .path = strcmp(path, "-") == 0 ? "(stdin)" : path};
    int rc = cli_open_book(cfg, "transfer", false, &b.store);
    if (rc != 0)
        return rc;
    if (cfg->json)
        b.problems = json_array();
    hs_error err = {0};
    hs_status st = hs_tx_begin(b.store, &b.txn, &err);
    b.txn.free_accounts_only = true; /* a plain transfer never moves a module's money */
    batch_sink sink = {.ctx = &b, .on_transfer = on_transfer, .on_bad_line = on_bad_line};
    if (st == HS_OK)
        st = batch_file_read(path, &sink, &err);
    if (st == HS_OK)
        st = flush(&b, &err);
    bool commit = st == HS_OK && b.bad_lines == 0 && b.refusals == 0;
    if (commit)
        st = hs_tx_commit(&b.txn, &err);
    else
        hs_tx_rollback(&b.txn);
    store_close(b.store);
    free(b.events);
    free(b.lines);
    free(b.results);
    int exit_code = 0;
    if (st != HS_OK)
        exit_code = cli_report("transfer", &err);
    else if (b.bad_lines > 0)
        exit_code = HS_INPUT;
    else if (b.refusals > 0)
        exit_code = b.first_refusal;
    if (exit_code != 0 && st == HS_OK) {
        if (b.bad_lines > BAD_LINES_LISTED_MAX)
            fprintf(stderr, "huoshui transfer: ... and %ld more bad lines\n",
                    b.bad_lines - BAD_LINES_LISTED_MAX);
        if (b.refusals > REFUSALS_LISTED_MAX)
            fprintf(stderr, "huoshui transfer: ... and %ld more refusals\n",
                    b.refusals - REFUSALS_LISTED_MAX);
        fprintf(stderr, "huoshui transfer: %s: nothing was applied (%ld bad lines, %ld refused)\n",
                b.path, b.bad_lines, b.refusals);
    }
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "applied",
                            json_integer(commit ? (json_int_t)b.txn.summary.applied : 0));
        json_object_set_new(o, "existed", json_integer((json_int_t)b.txn.summary.existed));
        json_object_set_new(o, "bad_lines", json_integer(b.bad_lines));
        json_object_set_new(o, "refused", json_integer(b.refusals));
        json_object_set_new(o, "problems", b.problems);
        cli_print_json(o);
    } else if (exit_code == 0) {
        printf("applied %zu transfers (%zu already applied) from %s\n", b.txn.summary.applied,
               b.txn.summary.existed, b.path);
    }
    return exit_code;
}

/* ---- one transfer from flags ---- */

static bool set(hs_transfer *t, const char *field, const char *value) {
    char why[256];
    if (transfer_set_field(t, field, value, why, sizeof why))
        return true;
    cli_fail("transfer", HS_INPUT, "--%s: %s", field, why);
    return false;
}

static int transfer_one(const hs_config *cfg, hs_transfer *t) {
    hs_store *s;
    int rc = cli_open_book(cfg, "transfer", false, &s);
    if (rc != 0)
        return rc;
    transfer_result r = TR_RESULT_COUNT;
    hs_error err = {0};
    hs_tx tx;
    hs_status st = hs_tx_begin(s, &tx, &err);
    if (st == HS_OK) {
        tx.free_accounts_only = true; /* a plain transfer never moves a module's money */
        st = hs_tx_transfer(&tx, t, 1, &r, &err);
        if (st == HS_OK && (r == TR_OK || r == TR_EXISTS))
            st = hs_tx_commit(&tx, &err);
        else
            hs_tx_rollback(&tx);
    }
    if (st == HS_STORAGE || r == TR_RESULT_COUNT) {
        store_close(s);
        return cli_report("transfer", &err);
    }
    char detail[512];
    describe(s, t, r, detail, sizeof detail);
    hs_transfer stored;
    bool found = false;
    if (r == TR_OK || r == TR_EXISTS)
        store_transfer_by_id(s, t->id, &stored, &found, &err);
    store_close(s);
    if (cfg->json) {
        json_t *o = found ? transfer_to_json(&stored) : json_object();
        json_object_set_new(o, "id", json_string(t->id));
        json_object_set_new(o, "result", json_string(transfer_result_name(r)));
        if (detail[0])
            json_object_set_new(o, "detail", json_string(detail));
        cli_print_json(o);
    }
    if (r == TR_OK || r == TR_EXISTS) {
        if (!cfg->json) {
            char amount[MONEY_TEXT_MAX];
            printf("%s %s: %s %s -> %s%s\n", r == TR_OK ? "ok" : "exists (nothing changed)", t->id,
                   money_format(found ? stored.amount_fen : t->amount_fen, amount, sizeof amount),
                   found ? stored.debit : t->debit, found ? stored.credit : t->credit,
                   (t->flags & TRANSFER_PENDING) ? " (reserved)" : "");
        }
        return 0;
    }
    hs_error e; /* the result's name is the error's code (account_owned_by_module, ...) */
    hs_fail_code(&e, transfer_result_status(r), transfer_result_name(r), NULL,
                 "transfer %s refused: %s%s%s", t->id, transfer_result_name(r),
                 detail[0] ? ": " : "", detail);
    return cli_report("transfer", &e);
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
    bool any_single = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
            return 2;
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
    if (!resolves && (t.debit[0] == '\0' || t.credit[0] == '\0' || t.amount_fen == 0))
        return cli_fail("transfer", HS_INPUT,
                        "--debit, --credit and --amount are required (or --post/--void ID)");
    return transfer_one(cfg, &t);
}
