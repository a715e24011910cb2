/* cmd_firm.c — `huoshui firm import|import-products|export|export-products|check|match`, and the
 * dispatch of `firm list|show` (cmd_firm_list.c). */
#include "cli/cmd_firm.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "ops/policy_eval_ops.h"
#include "ops/registry_view.h"
#include "registry/firm_csv.h"

#define CMD "firm"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book PATH] firm SUBCOMMAND ...\n\n"
        "The firm registry: enterprises by 统一社会信用代码 (USCC), with their products.\n\n"
        "  firm import FILE.csv [--skip-bad REJECTS.csv]\n"
        "      Import or update firms. Header row required; columns uscc, name, city required,\n"
        "      optional: district sector stage founded employees revenue rd_spend patents\n"
        "      trademarks software_copyrights high_tech zjtx national_lab\n"
        "      national_engineering_center unicorn (Chinese headers such as 统一社会信用代码,\n"
        "      企业名称, 城市 are accepted). Any bad row: nothing stored, every problem listed,\n"
        "      exit 2. --skip-bad: store good rows, write bad ones (+ line, error) to REJECTS.\n"
        "      A changed firm keeps its previous version in its history.\n"
        "  firm import-products FILE.csv [--skip-bad REJECTS.csv]\n"
        "      Columns uscc, product_id, kind, name (required), price, date. Kinds:\n"
        "      first_version_software (首版次软件), first_unit_equipment (首台套),\n"
        "      first_batch_material (首批次新材料), ai_model (大模型), other.\n"
        "  firm list [--city C] [--sector S] [--stage S] [--flag F]... [--limit N] [--json]\n"
        "      F: high_tech, zjtx, national_lab, national_engineering_center, unicorn.\n"
        "  firm show USCC [--json]      one firm, its products and its history\n"
        "  firm export FILE.csv         all firms in the import format ('-' = stdout)\n"
        "  firm export-products FILE.csv\n"
        "  firm check USCC...           validate credit codes (GB 32100 check character and\n"
        "                               the GB/T 2260 administrative division, characters 3-8)\n"
        "  firm match USCC [--on DATE] [--json] [--cn]\n"
        "      The matcher: every shipped policy in force on DATE (default today; the highest\n"
        "      version of each) decided for the firm's registry record, eligible first, then by\n"
        "      amount: label, eligible, amount and why not (the failing rules and clauses).\n\n"
        "The book must exist: create it with `huoshui --book PATH init`.\n"
        "exit codes: 0 done, 2 bad usage or input (and a firm the registry lacks), 3 storage\n"
        "failure\n");
}

int firm_open(const hs_config *cfg, const char *cmd, bool need_divisions, hs_store **s, hs_ctx *ctx,
              registry_session *rs) {
    memset(rs, 0, sizeof *rs);
    int rc = cli_open_book(cfg, cmd, false, s);
    if (rc != 0)
        return rc;
    *ctx = cli_ctx(cfg, *s);
    hs_error err;
    hs_error_clear(&err);
    if (registry_session_open(ctx, need_divisions, rs, &err) != HS_OK) {
        store_close(*s);
        *s = NULL;
        return cli_report(cmd, &err);
    }
    return 0;
}

void firm_close(hs_store *s, registry_session *rs) {
    registry_session_close(rs);
    store_close(s);
}

static void show_progress(void *ctx, size_t rows) {
    (void)ctx;
    fprintf(stderr, "\r  %zu rows", rows);
    fflush(stderr);
}

static int import_cmd(const hs_config *cfg, int argc, char **argv, import_kind kind) {
    const char *cmd = kind == IMPORT_FIRMS ? "firm import" : "firm import-products";
    const char *file = NULL, *rejects = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--skip-bad") == 0 && i + 1 < argc)
            rejects = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_fail(cmd, HS_INPUT, "unknown option '%s' (see `huoshui firm --help`)",
                            argv[i]);
        else if (file == NULL)
            file = argv[i];
        else
            return cli_fail(cmd, HS_INPUT, "one file at a time ('%s' is extra)", argv[i]);
    }
    if (file == NULL)
        return cli_fail(cmd, HS_INPUT, "usage: huoshui %s FILE.csv [--skip-bad REJECTS.csv]", cmd);
    hs_store *s;
    hs_ctx ctx;
    registry_session rs;
    int rc = firm_open(cfg, cmd, true, &s, &ctx, &rs);
    if (rc != 0)
        return rc;
    import_options opt = {.rejects_path = rejects, .diag = stderr};
    if (cli_show_progress(cfg))
        opt.progress = show_progress;
    import_summary sum;
    hs_error err;
    hs_error_clear(&err);
    hs_status st = firm_import_op(&ctx, &rs, kind, file, &opt, &sum, &err);
    if (opt.progress != NULL && sum.rows >= 10000)
        fputc('\n', stderr);
    firm_close(s, &rs);
    if (st != HS_OK)
        return cli_report(cmd, &err);
    if (cfg->json) {
        cli_print_json(view_import_summary(file, &sum, rejects));
    } else {
        printf("%s: %zu rows: %zu new, %zu updated, %zu unchanged, %zu rejected", file, sum.rows,
               sum.inserted, sum.updated, sum.unchanged, sum.rejected);
        if (rejects != NULL)
            printf(" (written to %s)", rejects);
        putchar('\n');
    }
    return 0;
}

typedef struct {
    FILE *out;
    size_t count;
} export_ctx;

static hs_status export_firm(void *ctx, const hs_firm *f, hs_error *err) {
    (void)err;
    export_ctx *x = ctx;
    firm_csv_write_row(x->out, f);
    x->count++;
    return HS_OK;
}

static hs_status export_product(void *ctx, const hs_product *p, hs_error *err) {
    (void)err;
    export_ctx *x = ctx;
    product_csv_write_row(x->out, p);
    x->count++;
    return HS_OK;
}

static int export_cmd(const hs_config *cfg, int argc, char **argv, bool products) {
    const char *cmd = products ? "firm export-products" : "firm export";
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_fail(cmd, HS_INPUT, "unknown option '%s'", argv[i]);
        else if (file == NULL)
            file = argv[i];
        else
            return cli_fail(cmd, HS_INPUT, "one file at a time ('%s' is extra)", argv[i]);
    }
    if (file == NULL)
        return cli_fail(cmd, HS_INPUT, "usage: huoshui %s FILE.csv ('-' for stdout)", cmd);
    hs_store *s;
    hs_ctx ctx;
    registry_session rs;
    int rc = firm_open(cfg, cmd, false, &s, &ctx, &rs);
    if (rc != 0)
        return rc;
    hs_registry *r = rs.registry;
    bool to_stdout = strcmp(file, "-") == 0;
    export_ctx x = {.out = to_stdout ? stdout : fopen(file, "w")};
    if (x.out == NULL) {
        firm_close(s, &rs);
        return cli_fail(cmd, HS_INPUT, "cannot write %s: %s", file, strerror(errno));
    }
    hs_error err;
    hs_error_clear(&err);
    hs_status st;
    if (products) {
        product_csv_write_header(x.out);
        st = registry_products_each(r, NULL, export_product, &x, &err);
    } else {
        firm_csv_write_header(x.out);
        st = registry_each(r, NULL, export_firm, &x, &err);
    }
    bool write_failed = to_stdout ? fflush(stdout) != 0 : fclose(x.out) != 0;
    firm_close(s, &rs);
    if (st != HS_OK)
        return cli_report(cmd, &err);
    if (write_failed)
        return cli_fail(cmd, HS_STORAGE, "cannot write %s", file);
    if (!to_stdout && !cfg->quiet)
        fprintf(stderr, "%s: %zu %s\n", file, x.count, products ? "products" : "firms");
    return 0;
}

static int check_cmd(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2)
        return cli_fail("firm check", HS_INPUT, "usage: huoshui firm check USCC...");
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
    /* the division part is checked when the data file can be read; else say it was not */
    hs_divisions *d = NULL;
    hs_error derr;
    hs_error_clear(&derr);
    if (registry_divisions_load(cfg->data_dir, &d, &derr) != HS_OK && !cfg->quiet)
        fprintf(stderr, "huoshui firm check: administrative divisions not checked: %s\n", derr.msg);
    int bad = 0;
    json_t *arr = cfg->json ? json_array() : NULL;
    for (int i = 1; i < argc; i++) {
        char why[200];
        bool ok;
        uscc_check_op(d, argv[i], &ok, why, sizeof why);
        bad += !ok;
        if (arr != NULL)
            json_array_append_new(arr, view_uscc_check(argv[i], ok, why));
        else if (ok)
            printf("%s valid\n", argv[i]);
        else
            printf("%s invalid: %s\n", argv[i], why);
    }
    divisions_free(d);
    if (arr != NULL)
        cli_print_json(arr);
    return bad ? HS_INPUT : 0;
}

/* How many of a match's policies the firm is eligible for. */
static size_t eligible_count(const json_t *match) {
    size_t i, n = 0;
    json_t *m;
    json_array_foreach(json_object_get(match, "matches"), i, m) n +=
        json_is_true(json_object_get(m, "eligible"));
    return n;
}

/* `firm match USCC [--on DATE]`: ops_policy_match, as JSON or a table. */
static int match_cmd(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "firm match";
    const char *uscc = NULL, *on_text = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--on") == 0) {
            if (i + 1 >= argc)
                return cli_fail(cmd, HS_INPUT, "--on needs a date YYYY-MM-DD");
            on_text = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "--cn") == 0) {
            continue; /* global flags, already in cfg */
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_fail(cmd, HS_INPUT, "unknown option '%s' (see `huoshui firm --help`)",
                            argv[i]);
        } else if (uscc == NULL) {
            uscc = argv[i];
        } else {
            return cli_fail(cmd, HS_INPUT, "one firm at a time ('%s' is extra)", argv[i]);
        }
    }
    if (uscc == NULL)
        return cli_fail(cmd, HS_INPUT, "usage: huoshui firm match USCC [--on DATE] [--json]");
    hs_date on = cli_today(cfg);
    if (on_text != NULL && !cli_date_arg(cmd, "--on", on_text, &on))
        return 2;
    hs_store *s;
    int rc = cli_open_book(cfg, cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    json_t *out = NULL;
    hs_status st = ops_policy_match(&ctx, uscc, on, &out, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(cmd, &err);
    if (cfg->json) {
        cli_print_json(out);
        return 0;
    }
    printf("%s %s on %s\n", json_string_value(json_object_get(out, "firm")),
           json_string_value(json_object_get(out, "name")),
           json_string_value(json_object_get(out, "on")));
    printf("%-44s %-8s %22s  %s\n", "policy", "eligible", "amount", "reason");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(out, "matches"), i, m) {
        char money[MONEY_TEXT_MAX + 16], reason[1024];
        snprintf(reason, sizeof reason, "%s", json_string_value(json_object_get(m, "reason")));
        char *nl = strchr(reason, '\n');
        if (nl)
            *nl = '\0';
        bool eligible = json_is_true(json_object_get(m, "eligible"));
        printf("%-44s %-8s %22s  %s\n", json_string_value(json_object_get(m, "label")),
               eligible ? "yes" : "no",
               cli_money_text(cfg, (int64_t)json_integer_value(json_object_get(m, "amount_fen")),
                              money, sizeof money),
               reason);
    }
    printf("%zu policies in force, %zu eligible\n",
           json_array_size(json_object_get(out, "matches")), eligible_count(out));
    json_decref(out);
    return 0;
}

int cmd_firm(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? HS_INPUT : 0;
    }
    const char *sub = argv[1];
    argc--;
    argv++;
    if (strcmp(sub, "import") == 0)
        return import_cmd(cfg, argc, argv, IMPORT_FIRMS);
    if (strcmp(sub, "import-products") == 0)
        return import_cmd(cfg, argc, argv, IMPORT_PRODUCTS);
    if (strcmp(sub, "export") == 0)
        return export_cmd(cfg, argc, argv, false);
    if (strcmp(sub, "export-products") == 0)
        return export_cmd(cfg, argc, argv, true);
    if (strcmp(sub, "list") == 0)
        return cmd_firm_list(cfg, argc, argv);
    if (strcmp(sub, "show") == 0)
        return cmd_firm_show(cfg, argc, argv);
    if (strcmp(sub, "check") == 0)
        return check_cmd(cfg, argc, argv);
    if (strcmp(sub, "match") == 0)
        return match_cmd(cfg, argc, argv);
    fprintf(stderr, "huoshui firm: unknown subcommand '%s'\n", sub);
    usage(stderr);
    return HS_INPUT;
}
