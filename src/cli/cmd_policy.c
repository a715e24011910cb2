/* cmd_policy.c — `huoshui policy check|test|eval|explain|show`: check policy files, run their own
 * test cases, evaluate a population of firms on a date, explain one firm's decision. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csv_writer.h"
#include "base/money.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/policy_arg.h"
#include "ops/explain_view.h"
#include "ops/policy_eval_ops.h"
#include "ops/policy_ops.h"
#include "ops/policy_source.h"
#include "ops/policy_versions.h"
#include "policy/policy.h"
#include "store/store.h"

static const char *const usage_text =
    "usage: huoshui policy check FILE...\n"
    "       huoshui policy test [DIR|FILE [TESTFILE.tests...]]...   (default: policies/)\n"
    "       huoshui policy eval FILE --on DATE [--firms CSV] [--json|--csv] [--threads N]\n"
    "                                [--stats [--repeat N]]\n"
    "       huoshui policy explain FILE --firm USCC --on DATE [--firms CSV] [--set NAME=VALUE]...\n"
    "       (eval and explain take --period P instead of --on DATE)\n"
    "       huoshui policy show FILE [--on DATE]\n"
    "       huoshui [--book B] policy history [ID] [--json]  (with ID: the shipped amendments "
    "too)\n"
    "       huoshui policy reform POLICY --set NAME=VALUE... (--firms CSV | --registry) --on DATE\n"
    "       huoshui policy in-force ID --on DATE [--json]   (the version in force that day)\n"
    "       huoshui policy diff A B [--json]                (what changed between two versions)\n"
    "eval, explain and show take --param NAME=VALUE (repeatable) to ask \"what if\" a parameter\n"
    "had another value on every date, e.g. --param cap=300万.\n"
    "--period P evaluates a policy for a period: P = 2022 (a tax year: `period year` policies,\n"
    "quarterly inputs rd.Q1..rd.Q4 or CSV columns rd.2022Q1..) or 2022-10 (a month); the date\n"
    "used is the period's last day (2022-12-31).\n"
    "\n"
    "check    parse and type-check policy files; errors show file:line:column and a caret\n"
    "test     run the test cases written in policy files, and in test files (NAME.tests named\n"
    "         after its policy, or DIR/tests/NAME.tests found beside DIR/NAME.policy): `test`\n"
    "         cases, `amount X within 1%` estimates, `population` cases (a CSV of firms, the\n"
    "         eligible count and total expected); prints 'N passed, N failed'\n"
    "eval     decide every firm of a CSV (header row, column uscc, one column per input)\n"
    "explain  every rule, intermediate value and parameter in force for one firm\n"
    "show     the policy's facts: instrument, budget, validity, parameters, limits\n"
    "history  the policy versions stored in the book (each text under its SHA-256, kept at its\n"
    "         first use by a decision), with the date and operation of that first use\n"
    "--firms - (or no --firms with a pipe) reads the CSV from standard input.\n"
    "--stats prints only totals and timings (--repeat N: the best of N evaluations).\n"
    "exit: 0 done (a firm that is not eligible is not an error), 1 a test case failed,\n"
    "      2 bad input (syntax, type or data errors)\n";

static int load(const char *path, hs_policy **p) {
    hs_error err;
    hs_error_clear(&err);
    if (policy_load_file(path, p, &err) != HS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    return 0;
}

/* Reads a policy file as a resolved policy (ops/policy_source.h); prints why not (exit 2). */
static int load_doc(const char *path, policy_doc *d) {
    hs_error err;
    hs_error_clear(&err);
    if (policy_doc_file(path, d, &err) != HS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    return 0;
}

/* The policy to evaluate on `on`: FILE (or the version of its id in force that day, when its
 * directory holds amendments) or a shipped id; 0 or an exit code (the message printed). */
static int load_doc_on(const hs_config *cfg, const char *cmd, const char *ref, hs_date on,
                       policy_doc *d) {
    hs_ctx ctx = {.clock = cfg->clock, .data_dir = cfg->data_dir, .principal = &cfg->principal};
    hs_error err;
    hs_error_clear(&err);
    hs_status st = cli_policy_doc_on(&ctx, cmd, ref, on, "FILE", d, &err);
    if (st != HS_OK) {
        fprintf(stderr, "%s\n", err.msg); /* as for any file that does not load */
        return st == HS_STORAGE ? 3 : 2;
    }
    return 0;
}

static int policy_cmd_check(const hs_config *cfg, int argc, char **argv) {
    if (argc < 1)
        return cli_fail("policy check", HS_INPUT, "give one or more policy files");
    int rc = 0;
    json_t *arr = cfg->json ? json_array() : NULL;
    for (int i = 0; i < argc; i++) {
        hs_policy *p = NULL;
        hs_error err;
        hs_error_clear(&err);
        bool ok = policy_load_file(argv[i], &p, &err) == HS_OK;
        if (!ok)
            rc = 2;
        if (arr != NULL) {
            json_t *o = json_object();
            json_object_set_new(o, "file", json_string(argv[i]));
            json_object_set_new(o, "ok", json_boolean(ok));
            if (ok) {
                json_object_set_new(o, "id", json_string(policy_id(p)));
                json_object_set_new(o, "version", json_string(policy_version(p)));
                json_object_set_new(o, "rules", json_integer((json_int_t)policy_rule_count(p)));
                json_object_set_new(o, "tests", json_integer((json_int_t)policy_test_count(p)));
            } else {
                json_object_set_new(o, "error", json_string(err.msg));
            }
            json_array_append_new(arr, o);
        } else if (!ok) {
            fprintf(stderr, "%s\n", err.msg);
        } else if (!cfg->quiet) {
            printf("ok %s: %s version %s, %zu inputs, %zu rules, %zu tests\n", argv[i],
                   policy_id(p), policy_version(p), policy_input_count(p), policy_rule_count(p),
                   policy_test_count(p));
        }
        policy_free(p);
    }
    if (arr != NULL)
        cli_print_json(arr);
    return rc;
}

static int by_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the .policy files of a directory (sorted) or a file to the list. */
static void collect(const char *path, char ***files, size_t *n, size_t *cap) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d == NULL)
            return;
        size_t first = *n;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            if (len < 8 || strcmp(e->d_name + len - 7, ".policy") != 0)
                continue;
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 16;
                *files = realloc(*files, *cap * sizeof **files);
                if (*files == NULL)
                    abort();
            }
            size_t plen = strlen(path) + len + 2;
            char *full = malloc(plen);
            if (full == NULL)
                abort();
            snprintf(full, plen, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
                     e->d_name);
            (*files)[(*n)++] = full;
        }
        closedir(d);
        qsort(*files + first, *n - first, sizeof **files, by_str);
        return;
    }
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *files = realloc(*files, *cap * sizeof **files);
        if (*files == NULL)
            abort();
    }
    (*files)[(*n)++] = strdup(path);
}

/* The test files for files[k]: those named after it on the command line, else DIR/tests/NAME.tests
 * when it exists. Returns 0 or an exit code (a test file that does not load). */
static int add_test_files(policy_doc *d, const char *policy_path, char **named, size_t nnamed,
                          int *loaded) {
    *loaded = 0;
    char auto_path[4096];
    if (nnamed == 0) {
        const char *slash = strrchr(policy_path, '/');
        size_t dir = slash ? (size_t)(slash - policy_path) + 1 : 0;
        const char *base = policy_path + dir;
        size_t blen = strlen(base);
        if (blen <= 7 || strcmp(base + blen - 7, ".policy") != 0)
            return 0;
        snprintf(auto_path, sizeof auto_path, "%.*stests/%.*s.tests", (int)dir, policy_path,
                 (int)(blen - 7), base);
        struct stat st;
        if (stat(auto_path, &st) != 0)
            return 0;
        static char *one[1];
        one[0] = auto_path;
        named = one;
        nnamed = 1;
    }
    for (size_t i = 0; i < nnamed; i++) {
        hs_error err;
        hs_error_clear(&err);
        if (policy_load_tests(d->policy, named[i], &err) != HS_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return err.status == HS_STORAGE ? 3 : 2;
        }
        (*loaded)++;
    }
    return 0;
}

static int policy_cmd_test(const hs_config *cfg, int argc, char **argv) {
    char **files = NULL;
    size_t n = 0, cap = 0;
    /* test files (NAME.tests) named after a policy file */
    char **tests = calloc((size_t)argc + 1, sizeof *tests);
    size_t ntests = 0;
    if (tests == NULL)
        abort();
    if (argc == 0) {
        struct stat st;
        if (stat("policies", &st) == 0 && S_ISDIR(st.st_mode)) {
            collect("policies", &files, &n, &cap);
        } else {
            char dir[4096];
            collect(cli_data_path(cfg, "policies", dir, sizeof dir), &files, &n, &cap);
        }
    }
    size_t *owner =
        calloc((size_t)argc + 1, sizeof *owner); /* tests[j] belongs to files[owner[j]] */
    if (owner == NULL)
        abort();
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            for (size_t k = 0; k < n; k++)
                free(files[k]);
            free(files);
            free(tests);
            free(owner);
            return cli_fail("policy test", HS_INPUT, "%s: no such file or directory", argv[i]);
        }
        size_t len = strlen(argv[i]);
        if (len > 6 && strcmp(argv[i] + len - 6, ".tests") == 0) {
            if (n == 0) {
                free(files);
                free(tests);
                free(owner);
                return cli_fail("policy test", HS_INPUT,
                                "%s: a test file follows the policy file it tests", argv[i]);
            }
            owner[ntests] = n - 1;
            tests[ntests++] = argv[i];
            continue;
        }
        collect(argv[i], &files, &n, &cap);
    }
    int passed = 0, failed = 0, broken = 0;
    json_t *results = cfg->json ? json_array() : NULL;
    for (size_t f = 0; f < n; f++) {
        policy_doc d;
        if (load_doc(files[f], &d) != 0) {
            broken++;
            continue;
        }
        char *mine[64];
        size_t nmine = 0;
        for (size_t j = 0; j < ntests && nmine < 64; j++)
            if (owner[j] == f)
                mine[nmine++] = tests[j];
        int loaded;
        if (add_test_files(&d, files[f], mine, nmine, &loaded) != 0) {
            broken++;
            policy_doc_free(&d);
            continue;
        }
        hs_error err = {0};
        ops_policy_test_result r;
        if (ops_policy_test(&d, &r, &err) != HS_OK) {
            ops_policy_test_free(&r);
            policy_doc_free(&d);
            for (size_t k = 0; k < n; k++)
                free(files[k]);
            free(files);
            free(tests);
            free(owner);
            json_decref(results);
            return cli_report("policy test", &err);
        }
        passed += (int)r.passed;
        failed += (int)r.failed;
        if (results != NULL) {
            json_t *cases = view_policy_test_cases(&r, files[f]);
            if (cases != NULL)
                json_array_extend(results, cases);
            json_decref(cases);
        } else {
            for (size_t t = 0; t < r.count; t++) {
                const ops_policy_test_case *c = &r.cases[t];
                const char *where = c->file[0] ? c->file : files[f];
                if (!c->passed)
                    printf("  FAIL  %s: %s: %s\n", where, c->name, c->why);
                else if (!cfg->quiet)
                    printf("  ok    %s: %s\n", where, c->name);
            }
        }
        ops_policy_test_free(&r);
        policy_doc_free(&d);
    }
    for (size_t k = 0; k < n; k++)
        free(files[k]);
    free(files);
    free(tests);
    free(owner);
    if (results != NULL) {
        json_t *o = json_object();
        json_object_set_new(o, "passed", json_integer(passed));
        json_object_set_new(o, "failed", json_integer(failed));
        json_object_set_new(o, "unreadable_files", json_integer(broken));
        json_object_set_new(o, "results", results);
        cli_print_json(o);
    } else {
        if (broken)
            printf("%d policy or test file%s did not load\n", broken, broken == 1 ? "" : "s");
        printf("%d passed, %d failed\n", passed, failed);
    }
    if (broken)
        return 2;
    return failed ? 1 : 0;
}

typedef struct {
    const char *file, *firms, *firm, *on_text, *threads_text, *repeat_text;
    const char *period_text; /* --period 2022 (a tax year) or 2022-10: evaluated on its last day */
    char period_on[DATE_TEXT_LEN];
    bool csv, stats;
    const char *set_names[64], *set_values[64];
    size_t nset;
    char *param_args[32]; /* --param NAME=VALUE */
    size_t nparam;
} opts;

/* The --param NAME=VALUE overrides ("what if") as the ops take them: {NAME: VALUE}, or NULL when
 * none were given. New reference. */
static json_t *params_of(const opts *o) {
    if (o->nparam == 0)
        return NULL;
    json_t *params = json_object();
    for (size_t i = 0; params != NULL && i < o->nparam; i++) {
        char name[128];
        const char *eq = strchr(o->param_args[i], '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - o->param_args[i]), o->param_args[i]);
        /* the bytes as typed (not checked as UTF-8): the parameter's parser judges them */
        json_object_set_new_nocheck(params, name, json_string_nocheck(eq + 1));
    }
    return params;
}

/* Loads a policy and applies --param overrides ("what if") for `policy show`; 0 or an exit code.
 */
static int load_with(const char *cmd, const opts *o, hs_policy **p) {
    if (load(o->file, p) != 0)
        return 2;
    for (size_t i = 0; i < o->nparam; i++) {
        char name[128];
        const char *eq = strchr(o->param_args[i], '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - o->param_args[i]), o->param_args[i]);
        hs_error err;
        hs_error_clear(&err);
        if (policy_param_override(*p, name, eq + 1, &err) != HS_OK) {
            policy_free(*p);
            *p = NULL;
            return cli_report(cmd, &err);
        }
    }
    return 0;
}

static int parse_opts(const char *cmd, int argc, char **argv, opts *o) {
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--on") == 0)
            slot = &o->on_text;
        else if (strcmp(a, "--period") == 0)
            slot = &o->period_text;
        else if (strcmp(a, "--firms") == 0)
            slot = &o->firms;
        else if (strcmp(a, "--firm") == 0)
            slot = &o->firm;
        else if (strcmp(a, "--threads") == 0)
            slot = &o->threads_text;
        else if (strcmp(a, "--repeat") == 0)
            slot = &o->repeat_text;
        else if (strcmp(a, "--csv") == 0) {
            o->csv = true;
            continue;
        } else if (strcmp(a, "--stats") == 0) {
            o->stats = true;
            continue;
        } else if (strcmp(a, "--set") == 0) {
            if (i + 1 >= argc)
                return cli_fail(cmd, HS_INPUT, "--set needs NAME=VALUE");
            char *eq = strchr(argv[i + 1], '=');
            if (eq == NULL || o->nset == 64)
                return cli_fail(cmd, HS_INPUT, "--set needs NAME=VALUE, got '%s'", argv[i + 1]);
            *eq = '\0';
            o->set_names[o->nset] = argv[i + 1];
            o->set_values[o->nset++] = eq + 1;
            i++;
            continue;
        } else if (strcmp(a, "--param") == 0) {
            if (i + 1 >= argc || strchr(argv[i + 1], '=') == NULL || o->nparam == 32)
                return cli_fail(cmd, HS_INPUT, "--param needs NAME=VALUE");
            o->param_args[o->nparam++] = argv[++i];
            continue;
        } else if (a[0] == '-' && a[1] == '-') {
            return cli_fail(cmd, HS_INPUT, "unknown option '%s'", a);
        } else if (o->file == NULL) {
            o->file = a;
            continue;
        } else {
            return cli_fail(cmd, HS_INPUT, "unexpected argument '%s'", a);
        }
        if (i + 1 >= argc)
            return cli_fail(cmd, HS_INPUT, "%s needs a value", a);
        *slot = argv[++i];
    }
    if (o->file == NULL)
        return cli_fail(cmd, HS_INPUT, "give a policy file");
    if (o->period_text != NULL) {
        hs_date end;
        if (o->on_text != NULL)
            return cli_fail(cmd, HS_INPUT, "give --on DATE or --period, not both");
        if (!policy_period_end(o->period_text, &end))
            return cli_fail(cmd, HS_INPUT,
                            "--period is a year (2022) or a month (2022-10), not '%s'",
                            o->period_text);
        o->on_text = date_format(end, o->period_on);
    }
    return 0;
}

static void show_loaded(void *arg, size_t rows) {
    (void)arg;
    fprintf(stderr, "evaluating %zu firms ...      \r", rows);
}

/* Prints an evaluation as a table, or as CSV with --csv. */
static void print_eval(const hs_config *cfg, const opts *o, const ops_policy_eval_result *r) {
    char reason[1024], m[MONEY_TEXT_MAX];
    if (o->csv)
        printf("uscc,eligible,amount,amount_fen,reason\n");
    else
        printf("%-20s %-8s %22s  %s\n", "uscc", "eligible", "amount", "reason");
    for (size_t i = 0; i < r->rows; i++) {
        ops_policy_eval_row row;
        ops_policy_eval_row_at(r, i, &row);
        ops_policy_eval_reason(r, i, reason, sizeof reason);
        char *nl = strchr(reason, '\n');
        if (nl)
            *nl = '\0';
        if (o->csv) {
            csv_write_cell(stdout, row.uscc);
            printf(",%s,%s,%lld,", row.eligible ? "true" : "false",
                   money_format_decimal(row.amount_fen, m, sizeof m), (long long)row.amount_fen);
            csv_write_cell(stdout, reason);
            putchar('\n');
        } else {
            printf("%-20s %-8s %22s  %s\n", row.uscc,
                   row.error      ? "ERROR"
                   : row.eligible ? "yes"
                                  : "no",
                   cli_money_text(cfg, row.amount_fen, m, sizeof m), reason);
        }
    }
    if (!o->csv)
        printf("%zu firms, %zu eligible, total %s\n", r->rows, r->eligible,
               r->total_ok ? cli_money_text(cfg, r->total_fen, m, sizeof m) : "(overflow)");
}

static int policy_cmd_eval(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "policy eval";
    opts o;
    int rc = parse_opts(cmd, argc, argv, &o);
    if (rc != 0)
        return rc;
    hs_date on;
    if (o.on_text == NULL)
        return cli_fail(cmd, HS_INPUT, "--on DATE is required");
    if (!cli_date_arg(cmd, "--on", o.on_text, &on))
        return 2;
    if (o.firms == NULL) {
        if (isatty(STDIN_FILENO))
            return cli_fail(cmd, HS_INPUT, "give the firms with --firms CSV (or pipe a CSV in)");
        o.firms = "-"; /* a CSV piped in */
    }
    int64_t threads = 2;
    if (o.threads_text != NULL &&
        (!cli_int_arg(cmd, "--threads", o.threads_text, &threads) || threads < 1))
        return threads < 1 ? cli_fail(cmd, HS_INPUT, "--threads must be at least 1") : 2;
    int64_t repeat = 1;
    if (o.repeat_text != NULL &&
        (!cli_int_arg(cmd, "--repeat", o.repeat_text, &repeat) || repeat < 1 || repeat > 100))
        return cli_fail(cmd, HS_INPUT, "--repeat takes 1 .. 100");
    policy_doc d;
    if (load_doc_on(cfg, cmd, o.file, on, &d) != 0)
        return 2;
    bool progress = cli_show_progress(cfg);
    if (progress)
        fprintf(stderr, "loading %s ...\r", o.firms);
    json_t *params = params_of(&o);
    ops_policy_eval_req req = {.policy = &d,
                               .on = on,
                               .params = params,
                               .params_field = "--param",
                               .firms_csv = o.firms,
                               .threads = (int)threads,
                               .repeat = (int)repeat,
                               .progress = progress ? show_loaded : NULL};
    ops_policy_eval_result r;
    hs_error err = {0};
    hs_status st = ops_policy_eval(NULL, &req, &r, &err);
    json_decref(params);
    if (st != HS_OK) {
        ops_policy_eval_free(&r);
        policy_doc_free(&d);
        return cli_report(cmd, &err);
    }
    if (progress)
        fprintf(stderr, "%60s\r", "");
    char m[MONEY_TEXT_MAX];
    if (o.stats && cfg->json)
        cli_print_json(view_policy_eval_stats(&r, true));
    else if (o.stats)
        printf("firms %zu\neligible %zu\nerrors %zu\ntotal %s\nload_seconds %.3f\n"
               "eval_seconds %.3f\n",
               r.rows, r.eligible, r.errors, money_format_decimal(r.total_fen, m, sizeof m),
               r.load_seconds, r.eval_seconds);
    else if (cfg->json)
        cli_print_json(view_policy_eval(&r));
    else
        print_eval(cfg, &o, &r);
    rc = 0;
    if (r.errors > 0) {
        char reason[1024];
        for (size_t i = 0, shown = 0; i < r.rows && shown < 5; i++) {
            ops_policy_eval_row row;
            ops_policy_eval_row_at(&r, i, &row);
            if (!row.error)
                continue;
            ops_policy_eval_reason(&r, i, reason, sizeof reason);
            fprintf(stderr, "huoshui policy eval: firm %s: %s\n", row.uscc, reason);
            shown++;
        }
        rc = 2;
    }
    ops_policy_eval_free(&r);
    policy_doc_free(&d);
    return rc;
}

/* Prints an explanation as the human-readable tree. */
static void print_explanation(const hs_explanation *ex) {
    hs_explain_kind last = HS_EX_HEADER;
    for (size_t i = 0; i < ex->count; i++) {
        const hs_explain_item *it = &ex->items[i];
        if (it->kind != last && it->kind != HS_EX_SUB && it->kind != HS_EX_EXCEPTION) {
            if (it->kind == HS_EX_PARAM)
                printf("parameters in force:\n");
            else if (it->kind == HS_EX_INPUT && last != HS_EX_INPUT)
                printf("inputs:\n");
            else if (it->kind == HS_EX_LET && last != HS_EX_LET)
                printf("values:\n");
            else if (it->kind == HS_EX_RULE && last != HS_EX_RULE)
                printf("rules:\n");
            last = it->kind;
        }
        switch (it->kind) {
        case HS_EX_HEADER:
            printf("%-10s %s%s%s\n", it->label, it->value, it->note[0] ? "  " : "", it->note);
            break;
        case HS_EX_PARAM:
            printf("  %s = %s%s%s%s%s%s  (line %u)\n", it->label, it->value,
                   it->note[0] ? "  " : "", it->note, it->ref[0] ? "  ref \"" : "", it->ref,
                   it->ref[0] ? "\"" : "", it->line);
            break;
        case HS_EX_INPUT:
        case HS_EX_LET:
            printf("  %s = %s%s%s  (line %u)\n", it->label, it->value, it->note[0] ? "  " : "",
                   it->note, it->line);
            break;
        case HS_EX_RULE:
            printf("  [%s] %s \"%s\" (line %u) = %s\n", it->passed ? "pass" : "FAIL", it->label,
                   it->note, it->line, it->value);
            break;
        case HS_EX_AMOUNT:
            printf("amount \"%s\" (line %u) = %s%s\n", it->note, it->line, it->value,
                   ex->decision.eligible ? "" : "  (not awarded: not eligible)");
            break;
        case HS_EX_SUB:
            printf("%*s%s = %s%s%s%s%s%s%s\n", 2 + 4 * it->depth, "", it->label, it->value,
                   it->note[0] ? "  (" : "", it->note, it->note[0] ? ")" : "",
                   it->ref[0] ? "  ref \"" : "", it->ref, it->ref[0] ? "\"" : "");
            break;
        case HS_EX_OUTCOME:
            printf("decision: %s%s%s\n", it->value, it->note[0] ? ": " : "", it->note);
            break;
        case HS_EX_EXCEPTION:
            printf("%*s[%s] exception %s \"%s\" (line %u)\n", 2 + 4 * it->depth, "", it->value,
                   it->label, it->note, it->line);
            break;
        }
    }
}

static int policy_cmd_explain(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "policy explain";
    opts o;
    int rc = parse_opts(cmd, argc, argv, &o);
    if (rc != 0)
        return rc;
    hs_date on;
    if (o.on_text == NULL)
        return cli_fail(cmd, HS_INPUT, "--on DATE is required");
    if (!cli_date_arg(cmd, "--on", o.on_text, &on))
        return 2;
    if (o.firm == NULL)
        return cli_fail(cmd, HS_INPUT, "--firm USCC is required");
    if (o.firms == NULL && o.nset == 0)
        return cli_fail(cmd, HS_INPUT, "give the firm's data with --firms CSV or --set NAME=VALUE");
    policy_doc d;
    if (load_doc_on(cfg, cmd, o.file, on, &d) != 0)
        return 2;
    json_t *params = params_of(&o), *inputs = NULL;
    if (o.firms == NULL) {
        inputs = json_object();
        for (size_t i = 0; inputs != NULL && i < o.nset; i++)
            json_object_set_new_nocheck(inputs, o.set_names[i],
                                        json_string_nocheck(o.set_values[i]));
    }
    ops_policy_explain_req req = {.policy = &d,
                                  .firm = o.firm,
                                  .on = on,
                                  .params = params,
                                  .params_field = "--param",
                                  .firms_csv = o.firms,
                                  .inputs = inputs,
                                  .inputs_field = "--set",
                                  .firm_field = "--firm"};
    hs_explanation ex;
    hs_error err = {0};
    hs_status st = ops_policy_explain(NULL, &req, &ex, &err);
    json_decref(params);
    json_decref(inputs);
    policy_doc_free(&d);
    if (st != HS_OK)
        return cli_report(cmd, &err);
    if (cfg->json)
        cli_print_json(view_explanation(&ex, o.firm, o.on_text));
    else
        print_explanation(&ex);
    rc = ex.decision.status == HS_OK ? 0 : 2;
    explanation_free(&ex);
    return rc;
}

static int policy_cmd_show(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "policy show";
    opts o;
    int rc = parse_opts(cmd, argc, argv, &o);
    if (rc != 0)
        return rc;
    hs_date on = cli_today(cfg);
    if (o.on_text != NULL && !cli_date_arg(cmd, "--on", o.on_text, &on))
        return 2;
    hs_policy *p;
    if ((rc = load_with(cmd, &o, &p)) != 0)
        return rc;
    hs_date from, to;
    bool open_end;
    policy_validity(p, &from, &to, &open_end);
    char a[DATE_TEXT_LEN], b[DATE_TEXT_LEN], m[MONEY_TEXT_MAX];
    printf("policy     %s version %s\n", policy_id(p), policy_version(p));
    printf("title      %s / %s\n", policy_title_zh(p), policy_title_en(p));
    printf("source     %s\n", policy_source(p));
    printf("instrument %s\nbudget     %s\n", policy_instrument_name(policy_instrument(p)),
           policy_budget(p));
    printf("valid      %s .. %s\n", date_format(from, a), open_end ? "" : date_format(to, b));
    for (size_t i = 0; i < policy_limit_count(p); i++) {
        hs_policy_limit l;
        hs_error err;
        hs_error_clear(&err);
        if (policy_limit(p, i, on, &l, &err) != HS_OK) {
            fprintf(stderr, "%s\n", err.msg);
            continue;
        }
        char scope[128] = "";
        size_t at = 0;
        if (l.once)
            at += (size_t)snprintf(scope + at, sizeof scope - at, " once");
        if (l.per_firm)
            at += (size_t)snprintf(scope + at, sizeof scope - at, " per firm");
        if (l.per_product)
            at += (size_t)snprintf(scope + at, sizeof scope - at, " per product");
        if (l.per_programme)
            at += (size_t)snprintf(scope + at, sizeof scope - at, " per programme");
        if (l.per_year)
            at += (size_t)snprintf(scope + at, sizeof scope - at, " per year");
        printf("limit     %s%s%s\n", scope, l.has_amount ? " <= " : "",
               l.has_amount ? cli_money_text(cfg, l.amount_fen, m, sizeof m) : "");
    }
    for (size_t i = 0; i < policy_param_count(p); i++) {
        int64_t v;
        hs_ptype t;
        hs_error err;
        hs_error_clear(&err);
        char vb[MONEY_TEXT_MAX + 8];
        if (policy_param(p, policy_param_name(p, i), on, &t, &v, &err) != HS_OK)
            snprintf(vb, sizeof vb, "(no value)");
        else if (t == HS_T_MONEY)
            cli_money_text(cfg, v, vb, sizeof vb);
        else if (t == HS_T_RATE)
            rate_format_bp(v, vb, sizeof vb);
        else if (t == HS_T_DATE)
            date_format((hs_date)v, vb);
        else if (t == HS_T_BOOL)
            snprintf(vb, sizeof vb, "%s", v ? "true" : "false");
        else
            snprintf(vb, sizeof vb, "%lld", (long long)v);
        const char *ref = policy_param_ref(p, i, on);
        printf("param      %s = %s%s%s%s\n", policy_param_name(p, i), vb, ref ? "  ref \"" : "",
               ref ? ref : "", ref ? "\"" : "");
    }
    for (size_t i = 0; i < policy_rule_count(p); i++)
        printf("rule       %s \"%s\"\n", policy_rule_name(p, i), policy_rule_clause(p, i));
    printf("amount     \"%s\"\n", policy_amount_clause(p));
    policy_free(p);
    return 0;
}

static int policy_cmd_history(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "policy history";
    const char *id = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue;
        if (argv[i][0] == '-' || id != NULL)
            return cli_fail(cmd, HS_INPUT, "unexpected argument '%s'", argv[i]);
        id = argv[i];
    }
    hs_store *s;
    int rc = cli_open_book(cfg, cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    json_t *arr;
    hs_status st = ops_policy_history(&ctx, id, &arr, &err);
    store_close(s);
    if (st == HS_NOT_FOUND && id != NULL && !cfg->json) {
        /* none stored yet: the shipped versions still are its history */
        int shown = policy_print_chain(cfg, id);
        if (shown > 0) {
            printf("no version of %s stored in the book yet (they are kept at their first "
                   "decision)\n",
                   id);
            return 0;
        }
    }
    if (st != HS_OK)
        return cli_report(cmd, &err);
    if (cfg->json) {
        cli_print_json(arr);
        return 0;
    }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        printf("%-40s %-10s %.16s  first used %s by %s %s  (%s)\n",
               json_string_value(json_object_get(v, "policy")),
               json_string_value(json_object_get(v, "version")),
               json_string_value(json_object_get(v, "sha256")),
               json_string_value(json_object_get(v, "first_used")),
               json_string_value(json_object_get(v, "first_used_by")),
               json_string_value(json_object_get(v, "first_subject")),
               json_string_value(json_object_get(v, "path")));
    }
    if (json_array_size(arr) == 0)
        printf("no policy stored in the book yet (they are kept at their first decision)\n");
    json_decref(arr);
    if (id != NULL && policy_print_chain(cfg, id) < 0)
        return 2;
    return 0;
}

int cmd_policy(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "reform") == 0) /* cmd_policy_reform.c */
        return cmd_policy_reform(cfg, argc - 2, argv + 2);
    if (strcmp(argv[1], "in-force") == 0) /* cmd_policy_versions.c */
        return cmd_policy_in_force(cfg, argc - 2, argv + 2);
    if (strcmp(argv[1], "diff") == 0)
        return cmd_policy_diff(cfg, argc - 2, argv + 2);
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
    const char *sub = argv[1];
    if (strcmp(sub, "check") == 0)
        return policy_cmd_check(cfg, argc - 2, argv + 2);
    if (strcmp(sub, "test") == 0)
        return policy_cmd_test(cfg, argc - 2, argv + 2);
    if (strcmp(sub, "eval") == 0)
        return policy_cmd_eval(cfg, argc - 2, argv + 2);
    if (strcmp(sub, "explain") == 0)
        return policy_cmd_explain(cfg, argc - 2, argv + 2);
    if (strcmp(sub, "show") == 0)
        return policy_cmd_show(cfg, argc - 2, argv + 2);
    if (strcmp(sub, "history") == 0)
        return policy_cmd_history(cfg, argc - 2, argv + 2);
    fprintf(stderr, "huoshui policy: unknown subcommand '%s'\n%s", sub, usage_text);
    return 2;
}
