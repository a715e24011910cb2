/* cmd_rdreserve.c — `huoshui rdreserve register|filing|pay|show|list`: enterprise R&D reserves
 * (研发准备金). Argument parsing and printing only: the operations are src/ops/rdreserve_ops.h,
 * the --json bodies src/ops/rdreserve_view.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/csv_rows.h"
#include "cli/opts.h"
#include "ops/explain_view.h"
#include "ops/rdreserve_ops.h"
#include "ops/rdreserve_view.h"

#define RDRESERVE_FILE_ROWS_MAX 1000000 /* filings one import may hold */

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] rdreserve COMMAND ... [--json] [--cn]\n\n"
        "  rdreserve filing add FIRM --year Y --rd AMOUNT [--filed D]\n"
        "  rdreserve filing import FILE.csv      # uscc,tax_year,rd_expense[,filed_date]\n"
        "  rdreserve filing list [--firm F]\n"
        "  rdreserve register FIRM --year Y --policy FILE|ID --reserve AMOUNT [--date D]\n"
        "  rdreserve pay FIRM --year Y\n"
        "  rdreserve show FIRM --year Y [--explain]\n"
        "  rdreserve list [--firm F] [--year Y]\n\n"
        "Enterprise R&D reserves (企业研发准备金). A registry firm registers the reserve it set\n"
        "aside for a year under a programme's policy (instrument subsidy); once the year is\n"
        "over the agency pays, from the budget the policy names, the policy's share of the\n"
        "increase in R&D expense over the year before, capped. The R&D figures are the\n"
        "firm's filed R&D super-deduction (研发费用加计扣除) figures, one per tax year, kept as\n"
        "a history: a year without a filing is refused by the policy's clause. A filing is\n"
        "never replaced (another figure: exit 1, filing_exists); an import is all or nothing\n"
        "and a bad row is named FILE:LINE and field (exit 2). A firm-year is paid once (again:\n"
        "the record, nothing paid). `show --explain` gives the decision clause by clause (for\n"
        "an unpaid reserve: what `pay` would decide today). Exit 0 done, 1 refused, 2 bad\n"
        "input or not found, 3 storage.\n");
}

#define RDRESERVE_OPTIONS(X)                                                                       \
    X(POLICY, "policy", required_argument)                                                         \
    X(YEAR, "year", required_argument)                                                             \
    X(RESERVE, "reserve", required_argument)                                                       \
    X(RD, "rd", required_argument)                                                                 \
    X(FILED, "filed", required_argument)                                                           \
    X(DATE, "date", required_argument)                                                             \
    X(FIRM, "firm", required_argument)                                                             \
    X(EXPLAIN, "explain", no_argument)

#define OPTION_ENUM(id, name, has_arg) O_##id,
enum { RDRESERVE_OPTIONS(OPTION_ENUM) O_COUNT };
#define OPTION_ENTRY(id, name, has_arg) {name, has_arg, NULL, O_##id},
static const struct option long_opts[] = {
    RDRESERVE_OPTIONS(OPTION_ENTRY){"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

_Static_assert(O_COUNT <= OPTS_MAX, "the option table fits cli_opts");

typedef struct {
    cli_opts o;
    hs_store *store;
    hs_ctx ctx;
} rargs;

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int parse(rargs *a, const char *cmd, int argc, char **argv, const int *allowed, size_t n,
                 opts_args args) {
    a->o.cmd = cmd;
    int rc = opts_parse(&a->o, argc, argv, allowed, n, args);
    return rc < 0 ? -1 : rc;
}

#define PARSE_OR_RETURN(...)                                                                       \
    do {                                                                                           \
        int parsed_ = parse(__VA_ARGS__);                                                          \
        if (parsed_ != 0)                                                                          \
            return parsed_ < 0 ? 0 : parsed_;                                                      \
    } while (0)

static int open_book(rargs *a) {
    int rc = cli_open_book(a->o.cfg, a->o.cmd, false, &a->store);
    if (rc == 0)
        a->ctx = cli_ctx(a->o.cfg, a->store);
    return rc;
}

static int done(rargs *a, hs_status st, const hs_error *err) {
    store_close(a->store);
    a->store = NULL;
    return st == HS_OK ? 0 : cli_report(a->o.cmd, err);
}

static char *money(const rargs *a, int64_t fen, char *buf) {
    return cli_money_text(a->o.cfg, fen, buf, MONEY_TEXT_MAX);
}

/* --year: a tax year. */
static bool year_opt(const rargs *a, int32_t *out) {
    if (opts_need(&a->o, O_YEAR) != 0 || !opts_int32(&a->o, O_YEAR, out))
        return false;
    if (!rdreserve_year_valid(*out)) {
        opts_fail(&a->o, O_YEAR, "invalid_field", "--year: a year %d..%d, not %d",
                  RDRESERVE_YEAR_MIN, RDRESERVE_YEAR_MAX, (int)*out);
        return false;
    }
    return true;
}

/* --policy: a file if one exists at that path, else a shipped policy's id (ID or ID@VERSION). */
static hs_status resolve_policy(rargs *a, const char *ref, policy_doc *doc, hs_error *err) {
    struct stat sb;
    if (stat(ref, &sb) == 0 || strchr(ref, '/') != NULL)
        return policy_doc_file(ref, doc, err);
    return policy_doc_resolve(&a->ctx, ref, "--policy", doc, err);
}

static void print_reserve(const rargs *a, const rdreserve *r) {
    char m[4][MONEY_TEXT_MAX], d[11];
    printf("reserve %s/%d: %s under %s, %s (registered %s)\n", r->firm, (int)r->year,
           money(a, r->reserve_fen, m[0]), r->policy.label, rdreserve_status_name(r->status),
           date_format(r->registered_date, d));
    if (r->status != RDRESERVE_PAID)
        return;
    printf("  filed R&D %d: %s, %d: %s\n", (int)r->year, money(a, r->rd_fen, m[1]),
           (int)r->year - 1, money(a, r->prior_rd_fen, m[2]));
    printf("  paid %s on %s to %s (%s)\n", money(a, r->amount_fen, m[3]),
           date_format(r->paid_date, d), r->payee_account, r->transfer_id);
    printf("  clause: %s\n", r->clause);
    if (r->note[0])
        printf("  note: %s\n", r->note);
}

/* ---- filings ---- */

static int filing_add(rargs *a, int argc, char **argv) {
    static const int opts[] = {O_YEAR, O_RD, O_FILED};
    PARSE_OR_RETURN(a, "rdreserve filing add", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    rdreserve_filing f;
    memset(&f, 0, sizeof f);
    int rc;
    if (!year_opt(a, &f.tax_year))
        return 2;
    if ((rc = opts_need(&a->o, O_RD)) != 0)
        return rc;
    if (!opts_money(&a->o, O_RD, &f.rd_expense_fen))
        return 2;
    if (a->o.given[O_FILED] && !opts_date(&a->o, O_FILED, &f.filed_date))
        return 2;
    if (strlen(a->o.arg) >= sizeof f.firm) {
        hs_error e;
        hs_fail_code(&e, HS_INPUT, "invalid_field", "firm", "firm: an 18-character credit code");
        return cli_report(a->o.cmd, &e);
    }
    snprintf(f.firm, sizeof f.firm, "%s", a->o.arg);
    snprintf(f.source, sizeof f.source, "cli");
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    size_t added = 0;
    hs_status st = rdreserve_ops_filings_add(&a->ctx, &f, 1, NULL, &added, &err);
    if (st == HS_OK && a->o.cfg->json) {
        json_t *v = view_rdreserve_filing(&f);
        json_object_set_new(v, "existed", json_boolean(added == 0));
        cli_print_json(v);
    } else if (st == HS_OK) {
        char m[MONEY_TEXT_MAX];
        printf("filing %s/%d: R&D expense %s%s\n", f.firm, (int)f.tax_year,
               money(a, f.rd_expense_fen, m), added ? "" : " (already there: nothing changed)");
    }
    return done(a, st, &err);
}

typedef struct {
    const char *path;
    rdreserve_filing *rows;
    char (*where)[RDRESERVE_SOURCE_MAX];
    size_t n, cap;
} filing_file;

static hs_status file_fail(const filing_file *ff, long line, const char *field, hs_error *err,
                           const char *why) {
    return hs_fail_code(err, HS_INPUT, "invalid_field", field, "%s:%ld: field '%s': %s", ff->path,
                        line, field, why);
}

/* One CSV row: uscc, tax_year, rd_expense (any money form), filed_date (optional). */
static hs_status filing_row(void *vctx, json_t *row, long line, hs_error *err) {
    filing_file *ff = vctx;
    if (ff->n == ff->cap) {
        size_t cap = ff->cap ? ff->cap * 2 : 64;
        if (cap > RDRESERVE_FILE_ROWS_MAX)
            return hs_fail(err, HS_INPUT, "%s: more than %d filings", ff->path,
                           RDRESERVE_FILE_ROWS_MAX);
        rdreserve_filing *rows = realloc(ff->rows, cap * sizeof *rows);
        if (rows == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        ff->rows = rows;
        char(*where)[RDRESERVE_SOURCE_MAX] = realloc(ff->where, cap * sizeof *where);
        if (where == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        ff->where = where;
        ff->cap = cap;
    }
    rdreserve_filing *f = &ff->rows[ff->n];
    memset(f, 0, sizeof *f);
    const char *uscc = json_string_value(json_object_get(row, "uscc"));
    const char *year = json_string_value(json_object_get(row, "tax_year"));
    const char *rd = json_string_value(json_object_get(row, "rd_expense"));
    const char *filed = json_string_value(json_object_get(row, "filed_date"));
    if (uscc == NULL || strlen(uscc) != 18)
        return file_fail(ff, line, "uscc", err, "an 18-character credit code is required");
    snprintf(f->firm, sizeof f->firm, "%s", uscc);
    char *end = NULL;
    long y = year ? strtol(year, &end, 10) : 0;
    if (year == NULL || *end != '\0' || !rdreserve_year_valid(y))
        return file_fail(ff, line, "tax_year", err, "a year such as 2024 is required");
    f->tax_year = (int32_t)y;
    char why[128] = "required";
    if (rd == NULL || !money_parse(rd, &f->rd_expense_fen, why, sizeof why) ||
        f->rd_expense_fen < 0)
        return file_fail(ff, line, "rd_expense", err,
                         rd == NULL ? why : "an amount >= 0 (1234.56, 500万)");
    if (filed != NULL && !date_parse(filed, &f->filed_date))
        return file_fail(ff, line, "filed_date", err, "a date YYYY-MM-DD");
    snprintf(f->source, sizeof f->source, "%.140s:%ld", ff->path, line);
    snprintf(ff->where[ff->n], sizeof ff->where[ff->n], "%s", f->source);
    ff->n++;
    return HS_OK;
}

static int filing_import(rargs *a, int argc, char **argv) {
    PARSE_OR_RETURN(a, "rdreserve filing import", argc, argv, NULL, 0, OPTS_ONE_ARG);
    filing_file ff = {.path = a->o.arg};
    hs_error err = {0};
    hs_status st = csv_rows_read(ff.path, filing_row, &ff, &err);
    const char **where = NULL;
    if (st == HS_OK && ff.n > 0 && (where = calloc(ff.n, sizeof *where)) == NULL)
        st = hs_fail(&err, HS_STORAGE, "out of memory");
    for (size_t i = 0; where != NULL && i < ff.n; i++)
        where[i] = ff.where[i];
    int rc = 0;
    size_t added = 0;
    if (st == HS_OK && (rc = open_book(a)) == 0) {
        st = rdreserve_ops_filings_add(&a->ctx, ff.rows, ff.n, where, &added, &err);
        if (st == HS_OK && a->o.cfg->json)
            cli_print_json(json_pack("{s:s, s:I, s:I}", "file", ff.path, "rows", (json_int_t)ff.n,
                                     "added", (json_int_t)added));
        else if (st == HS_OK)
            printf("%s: %zu filings, %zu new\n", ff.path, ff.n, added);
        rc = done(a, st, &err);
    } else if (st != HS_OK) {
        rc = cli_report(a->o.cmd, &err);
    }
    free(where);
    free(ff.rows);
    free(ff.where);
    return rc;
}

typedef struct {
    rargs *a;
    json_t *all;
} listing;

static hs_status list_filing(void *c, const rdreserve_filing *f, hs_error *err) {
    listing *l = c;
    if (l->all != NULL) {
        if (json_array_append_new(l->all, view_rdreserve_filing(f)) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory");
        return HS_OK;
    }
    char m[MONEY_TEXT_MAX], d[11];
    printf("%-18s %4d %22s %-10s %s\n", f->firm, (int)f->tax_year,
           money(l->a, f->rd_expense_fen, m), f->filed_date ? date_format(f->filed_date, d) : "-",
           f->source);
    return HS_OK;
}

static int filing_list(rargs *a, int argc, char **argv) {
    static const int opts[] = {O_FIRM};
    PARSE_OR_RETURN(a, "rdreserve filing list", argc, argv, opts, N(opts), OPTS_NO_ARG);
    int rc = open_book(a);
    if (rc != 0)
        return rc;
    listing l = {a, a->o.cfg->json ? json_array() : NULL};
    if (!a->o.cfg->json)
        printf("%-18s %4s %22s %-10s %s\n", "firm", "year", "R&D expense", "filed", "source");
    hs_error err = {0};
    hs_status st = rdreserve_ops_filings_each(&a->ctx, a->o.given[O_FIRM] ? a->o.val[O_FIRM] : NULL,
                                              list_filing, &l, &err);
    if (st == HS_OK && l.all != NULL)
        cli_print_json(l.all);
    else
        json_decref(l.all);
    return done(a, st, &err);
}

static int cmd_filing(rargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    if (!strcmp(sub, "add"))
        return filing_add(a, argc - 1, argv + 1);
    if (!strcmp(sub, "import"))
        return filing_import(a, argc - 1, argv + 1);
    if (!strcmp(sub, "list"))
        return filing_list(a, argc - 1, argv + 1);
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return cli_fail("rdreserve filing", HS_INPUT, "unknown subcommand '%s' (add, import, list)",
                    sub);
}

/* ---- reserves ---- */

static int do_register(rargs *a, int argc, char **argv) {
    static const int opts[] = {O_YEAR, O_POLICY, O_RESERVE, O_DATE};
    PARSE_OR_RETURN(a, "rdreserve register", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    int32_t year = 0;
    int64_t reserve_fen = 0;
    hs_date on = 0;
    int rc;
    if (!year_opt(a, &year))
        return 2;
    if ((rc = opts_need(o, O_POLICY)) != 0 || (rc = opts_need(o, O_RESERVE)) != 0)
        return rc;
    if (!opts_money(o, O_RESERVE, &reserve_fen))
        return 2;
    if (o->given[O_DATE] && !opts_date(o, O_DATE, &on))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    policy_doc doc;
    memset(&doc, 0, sizeof doc);
    hs_status st = resolve_policy(a, o->val[O_POLICY], &doc, &err);
    rdreserve r;
    bool existed = false;
    if (st == HS_OK)
        st = rdreserve_ops_register(&a->ctx, &doc, o->arg, year, reserve_fen, on, &r, &existed,
                                    &err);
    policy_doc_free(&doc);
    if (st == HS_OK && o->cfg->json) {
        json_t *v = view_rdreserve(&r);
        json_object_set_new(v, "existed", json_boolean(existed));
        cli_print_json(v);
    } else if (st == HS_OK) {
        print_reserve(a, &r);
        if (existed)
            printf("(already there: nothing changed)\n");
    }
    return done(a, st, &err);
}

static int do_pay(rargs *a, int argc, char **argv) {
    static const int opts[] = {O_YEAR};
    PARSE_OR_RETURN(a, "rdreserve pay", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int32_t year = 0;
    int rc;
    if (!year_opt(a, &year))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    rdreserve r;
    bool existed = false;
    hs_status st = rdreserve_ops_pay(&a->ctx, a->o.arg, year, &r, &existed, &err);
    if (st == HS_OK && a->o.cfg->json) {
        json_t *v = view_rdreserve(&r);
        json_object_set_new(v, "existed", json_boolean(existed));
        cli_print_json(v);
    } else if (st == HS_OK) {
        print_reserve(a, &r);
        if (existed)
            printf("(paid before: nothing paid now)\n");
    }
    return done(a, st, &err);
}

static int do_show(rargs *a, int argc, char **argv) {
    static const int opts[] = {O_YEAR, O_EXPLAIN};
    PARSE_OR_RETURN(a, "rdreserve show", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int32_t year = 0;
    int rc;
    if (!year_opt(a, &year))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    rdreserve r;
    if (!a->o.given[O_EXPLAIN]) {
        hs_status st = rdreserve_ops_show(&a->ctx, a->o.arg, year, &r, &err);
        if (st == HS_OK && a->o.cfg->json)
            cli_print_json(view_rdreserve(&r));
        else if (st == HS_OK)
            print_reserve(a, &r);
        return done(a, st, &err);
    }
    hs_explanation ex;
    hs_status st = rdreserve_ops_explain(&a->ctx, a->o.arg, year, &r, &ex, &err);
    if (st == HS_OK && a->o.cfg->json) {
        cli_print_json(view_rdreserve_explained(&r, &ex));
    } else if (st == HS_OK) {
        print_reserve(a, &r);
        printf("%s:\n", r.status == RDRESERVE_PAID ? "as decided" : "as it would be decided today");
        for (size_t i = 0; i < ex.count; i++) {
            const hs_explain_item *it = &ex.items[i];
            printf("  %*s%s: %s%s%s\n", 2 * it->depth, "", it->label, it->value,
                   it->note[0] ? "  -- " : "", it->note);
        }
    }
    if (st == HS_OK)
        explanation_free(&ex);
    return done(a, st, &err);
}

static hs_status list_reserve(void *c, const rdreserve *r, hs_error *err) {
    listing *l = c;
    if (l->all != NULL) {
        if (json_array_append_new(l->all, view_rdreserve(r)) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory");
        return HS_OK;
    }
    char m[2][MONEY_TEXT_MAX], d[11];
    printf("%-18s %4d %-10s %20s %20s %-10s %s\n", r->firm, (int)r->year,
           rdreserve_status_name(r->status), money(l->a, r->reserve_fen, m[0]),
           money(l->a, r->amount_fen, m[1]), r->paid_date ? date_format(r->paid_date, d) : "-",
           r->policy.label);
    return HS_OK;
}

static int do_list(rargs *a, int argc, char **argv) {
    static const int opts[] = {O_FIRM, O_YEAR};
    PARSE_OR_RETURN(a, "rdreserve list", argc, argv, opts, N(opts), OPTS_NO_ARG);
    int32_t year = 0;
    if (a->o.given[O_YEAR] && !year_opt(a, &year))
        return 2;
    int rc = open_book(a);
    if (rc != 0)
        return rc;
    listing l = {a, a->o.cfg->json ? json_array() : NULL};
    if (!a->o.cfg->json)
        printf("%-18s %4s %-10s %20s %20s %-10s %s\n", "firm", "year", "status", "reserve", "paid",
               "paid on", "policy");
    hs_error err = {0};
    hs_status st = rdreserve_ops_each(&a->ctx, a->o.given[O_FIRM] ? a->o.val[O_FIRM] : NULL, year,
                                      list_reserve, &l, &err);
    if (st == HS_OK && l.all != NULL)
        cli_print_json(l.all);
    else
        json_decref(l.all);
    return done(a, st, &err);
}

int cmd_rdreserve(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    rargs a;
    memset(&a, 0, sizeof a);
    a.o.cfg = cfg;
    a.o.cmd = "rdreserve";
    a.o.table = long_opts;
    a.o.usage = usage;
    const char *sub = argv[1];
    if (!strcmp(sub, "filing"))
        return cmd_filing(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "register"))
        return do_register(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "pay"))
        return do_pay(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "show"))
        return do_show(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "list"))
        return do_list(&a, argc - 1, argv + 1);
    usage(stderr);
    return cli_fail("rdreserve", HS_INPUT,
                    "unknown subcommand '%s' (filing, register, pay, show, list)", sub);
}
