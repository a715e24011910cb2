/* cmd_policy_reform.c — `huoshui policy reform POLICY --set NAME=VALUE... [--from DATE]
 * [--rule-off NAME]... (--firms CSV | --registry) --on DATE [--json] [--xlsx F]`: the baseline
 * against the reform, by src/ops/policy_reform.h. POLICY is a policy file, or the id of a shipped
 * policy (or, with a book, one stored in it). The book is read when it exists (the registry with
 * --registry, which needs it; the programme budget the policy draws on); nothing is written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"
#include "base/money.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "ops/policy_reform.h"
#include "ops/policy_source.h"
#include "ops/policy_versions.h"
#include "registry/firm.h"
#include "store/store.h"

static const char *const usage_text =
    "usage: huoshui policy reform POLICY [--set NAME=VALUE]... [--rule-off RULE]... [--from DATE]\n"
    "                             (--firms CSV | --registry) --on DATE [--json] [--xlsx FILE]\n"
    "                             [--threads N]\n"
    "Decides the firms twice on DATE — under the policy as written (the baseline) and under the\n"
    "reform (parameters set to other values on every date, rules switched off) — and prints the\n"
    "eligible counts and totals, by sector and by city, the firms that gain or lose (the 20\n"
    "largest changes each; every one with --json or --xlsx) and the budget impact: the delta,\n"
    "and, when the book holds the programme budget the policy draws on, what it leaves.\n"
    "POLICY   a policy file, or a shipped policy's id (with a book also one stored in it)\n"
    "--from   the reform applies to decisions dated from DATE (earlier: reform = baseline)\n"
    "--firms  a firm CSV in the registry format (uscc, name, city, sector, ...); columns named\n"
    "         for the policy's inputs the registry does not hold may be added\n"
    "--registry  every firm of the book's registry\n"
    "exit: 0 done, 2 bad input (an unknown parameter or rule, a bad value, a bad CSV)\n";

#define SET_MAX 64

typedef struct {
    const char *policy, *on_text, *from_text, *firms, *xlsx, *threads_text;
    bool registry;
    char *set_args[SET_MAX];
    size_t nset;
    const char *rule_off[POLICY_REFORM_RULES_OFF_MAX];
    size_t noff;
} opts;

static int parse(const char *cmd, int argc, char **argv, opts *o) {
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = strcmp(a, "--on") == 0        ? &o->on_text
                            : strcmp(a, "--from") == 0    ? &o->from_text
                            : strcmp(a, "--firms") == 0   ? &o->firms
                            : strcmp(a, "--xlsx") == 0    ? &o->xlsx
                            : strcmp(a, "--threads") == 0 ? &o->threads_text
                                                          : NULL;
        bool takes = slot != NULL || strcmp(a, "--set") == 0 || strcmp(a, "--rule-off") == 0;
        if (takes && i + 1 >= argc)
            return cli_fail(cmd, HS_INPUT, "%s needs a value", a);
        if (slot != NULL) {
            *slot = argv[++i];
        } else if (strcmp(a, "--set") == 0) {
            char *v = argv[++i];
            if (strchr(v, '=') == NULL || v[0] == '=')
                return cli_fail(cmd, HS_INPUT, "--set needs NAME=VALUE, got '%s'", v);
            if (o->nset == SET_MAX)
                return cli_fail(cmd, HS_INPUT, "--set: at most %d", SET_MAX);
            o->set_args[o->nset++] = v;
        } else if (strcmp(a, "--rule-off") == 0) {
            if (o->noff == POLICY_REFORM_RULES_OFF_MAX)
                return cli_fail(cmd, HS_INPUT, "--rule-off: at most %d rules",
                                POLICY_REFORM_RULES_OFF_MAX);
            o->rule_off[o->noff++] = argv[++i];
        } else if (strcmp(a, "--registry") == 0) {
            o->registry = true;
        } else if (strcmp(a, "--json") == 0) {
            continue;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_fail(cmd, HS_INPUT, "unknown option '%s'", a);
        } else if (o->policy != NULL) {
            return cli_fail(cmd, HS_INPUT, "unexpected argument '%s'", a);
        } else {
            o->policy = a;
        }
    }
    if (o->policy == NULL)
        return cli_fail(cmd, HS_INPUT, "give the policy (a file or a shipped id)");
    if (o->on_text == NULL)
        return cli_fail(cmd, HS_INPUT, "--on DATE is required");
    if ((o->firms == NULL) == !o->registry)
        return cli_fail(cmd, HS_INPUT, "give exactly one of --firms CSV and --registry");
    return 0;
}

/* Parses a date option; exit 2 naming it (the field) when it is not YYYY-MM-DD. */
static int date_opt(const char *cmd, const char *opt, const char *text, hs_date *out) {
    if (date_parse(text, out))
        return 0;
    hs_error err = {0};
    hs_invalid_field(&err, opt, "%s: not a YYYY-MM-DD date: '%s'", opt, text);
    return cli_report(cmd, &err);
}

/* The --set NAME=VALUE pairs as {NAME: VALUE}. New reference. */
static json_t *settings(const opts *o) {
    json_t *set = json_object();
    for (size_t i = 0; set != NULL && i < o->nset; i++) {
        char name[128];
        const char *eq = strchr(o->set_args[i], '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - o->set_args[i]), o->set_args[i]);
        json_object_set_new_nocheck(set, name, json_string_nocheck(eq + 1));
    }
    return set;
}

/* POLICY: a file that exists, else an id (shipped; stored in the book when one is open) — the
 * version in force on `on` when the file or id has amendments (ops/policy_versions.h). */
static hs_status resolve(const hs_ctx *ctx, const char *ref, hs_date on, policy_doc *d,
                         hs_error *err) {
    struct stat st;
    if (stat(ref, &st) == 0 && S_ISREG(st.st_mode))
        return policy_doc_on(ctx, ref, "POLICY", on, d, NULL, err);
    if (strchr(ref, '@') == NULL) {
        hs_error shipped = {0};
        hs_status s = policy_doc_on(ctx, ref, "POLICY", on, d, NULL, &shipped);
        if (s == HS_OK || s == HS_STORAGE || (s != HS_NOT_FOUND && ctx->store == NULL)) {
            if (s != HS_OK)
                *err = shipped;
            return s;
        }
    }
    if (ctx->store != NULL)
        return policy_doc_resolve(ctx, ref, "POLICY", d, err);
    policy_doc *docs = NULL;
    size_t n = 0;
    hs_status s = policy_shipped_docs(ctx, &docs, &n, err);
    if (s != HS_OK)
        return s;
    size_t pick = n;
    for (size_t i = 0; i < n; i++) /* by id then version: the last match is the highest */
        if (strcmp(policy_id(docs[i].policy), ref) == 0)
            pick = i;
    if (pick == n) {
        policy_docs_free(docs, n);
        return hs_not_found(err, "POLICY", "no policy file or shipped policy '%s'", ref);
    }
    *d = docs[pick];
    memset(&docs[pick], 0, sizeof docs[pick]);
    policy_docs_free(docs, n);
    return HS_OK;
}

static void show_stage(void *arg, const char *stage, size_t rows) {
    (void)arg;
    if (rows == 0)
        fprintf(stderr, "%s ...                    \r", stage);
    else
        fprintf(stderr, "%s: deciding %zu firms ...      \r", stage, rows);
}

static void print_groups(const hs_config *cfg, const char *title, const ops_reform_group *g,
                         size_t n) {
    char b[MONEY_TEXT_MAX], r[MONEY_TEXT_MAX], d[MONEY_TEXT_MAX];
    printf("\n%s\n  %-22s %7s %9s %9s %22s %22s %22s\n", title, "", "firms", "eligible", "->elig.",
           "baseline", "reform", "delta");
    for (size_t i = 0; i < n; i++) {
        printf("  ");
        text_print_padded(stdout, g[i].key, 22, false); /* city names are 汉字: 2 columns each */
        printf(" %7zu %9zu %9zu %22s %22s %22s\n", g[i].firms, g[i].baseline_eligible,
               g[i].reform_eligible, cli_money_text(cfg, g[i].baseline_fen, b, sizeof b),
               cli_money_text(cfg, g[i].reform_fen, r, sizeof r),
               cli_money_text(cfg, g[i].delta_fen, d, sizeof d));
    }
}

static void print_firms(const hs_config *cfg, const ops_policy_reform_result *res,
                        const char *title, const size_t *idx, size_t n) {
    char b[MONEY_TEXT_MAX], r[MONEY_TEXT_MAX], d[MONEY_TEXT_MAX];
    printf("\n%s: %zu firms%s\n", title, n,
           n > POLICY_REFORM_TABLE_TOP ? " (the 20 largest changes; all with --json or --xlsx)"
                                       : "");
    for (size_t i = 0; i < n && i < POLICY_REFORM_TABLE_TOP; i++) {
        const ops_reform_firm *f = &res->firms[idx[i]];
        const char *sector = firm_sector_code((firm_sector)f->sector);
        printf("  %-18s %-20s ", f->uscc, sector[0] ? sector : "unset");
        text_print_padded(stdout, res->cities[f->city], 12, false);
        printf(" %22s -> %22s  %22s\n", cli_money_text(cfg, f->baseline_fen, b, sizeof b),
               cli_money_text(cfg, f->reform_fen, r, sizeof r),
               cli_money_text(cfg, ops_reform_delta(f), d, sizeof d));
    }
}

static void print_text(const hs_config *cfg, const ops_policy_reform_result *r) {
    char on[DATE_TEXT_LEN], from[DATE_TEXT_LEN], b[MONEY_TEXT_MAX], f[MONEY_TEXT_MAX],
        d[MONEY_TEXT_MAX];
    char *set = json_dumps(r->set, JSON_COMPACT), *off = json_dumps(r->rule_off, JSON_COMPACT);
    printf("reform of %s %s on %s: set %s, rules off %s", r->policy, r->version,
           date_format(r->on, on), set ? set : "{}", off ? off : "[]");
    free(set);
    free(off);
    if (r->has_from)
        printf(", from %s%s", date_format(r->from, from),
               r->applies ? "" : " (not yet in effect: reform = baseline)");
    printf("\n\n  %-22s %22s %22s %22s\n", "", "baseline", "reform", "delta");
    printf("  %-22s %22zu %22zu %+22lld\n", "firms eligible", r->all.baseline_eligible,
           r->all.reform_eligible,
           (long long)r->all.reform_eligible - (long long)r->all.baseline_eligible);
    printf("  %-22s %22s %22s %22s\n", "total",
           cli_money_text(cfg, r->all.baseline_fen, b, sizeof b),
           cli_money_text(cfg, r->all.reform_fen, f, sizeof f),
           cli_money_text(cfg, r->all.delta_fen, d, sizeof d));
    printf("  %-22s %22zu\n", "firms", r->nfirms);
    if (r->all.baseline_errors + r->all.reform_errors > 0)
        printf("  %-22s %22zu %22zu\n", "evaluation errors", r->all.baseline_errors,
               r->all.reform_errors);
    print_groups(cfg, "by sector", r->by_sector, r->nsectors_used);
    print_groups(cfg, "by city", r->by_city, r->nby_city);
    print_firms(cfg, r, "gain", r->gainers, r->ngainers);
    print_firms(cfg, r, "lose", r->losers, r->nlosers);
    printf("\nbudget %s: the reform costs %s more", r->budget,
           cli_money_text(cfg, r->all.delta_fen, d, sizeof d));
    if (r->has_programme)
        printf("; programme %s has %s remaining, %s after the reform%s", r->programme,
               cli_money_text(cfg, r->remaining_fen, b, sizeof b),
               cli_money_text(cfg, r->remaining_after_fen, f, sizeof f),
               r->remaining_after_fen < 0 ? " (NOT covered)" : "");
    printf("\n");
}

int cmd_policy_reform(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "policy reform";
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
    opts o;
    int rc = parse(cmd, argc, argv, &o);
    if (rc != 0)
        return rc;
    hs_date on, from = 0;
    if ((rc = date_opt(cmd, "--on", o.on_text, &on)) != 0 ||
        (o.from_text != NULL && (rc = date_opt(cmd, "--from", o.from_text, &from)) != 0))
        return rc;
    int64_t threads = 2;
    if (o.threads_text != NULL &&
        (!cli_int_arg(cmd, "--threads", o.threads_text, &threads) || threads < 1 || threads > 16))
        return cli_fail(cmd, HS_INPUT, "--threads takes 1 .. 16");
    hs_store *s = NULL;
    if (o.registry || store_book_exists(cfg->book_path)) {
        if ((rc = cli_open_book(cfg, cmd, false, &s)) != 0)
            return rc;
    }
    /* without a book: a context for the shipped policies only (no store is read) */
    hs_ctx ctx = s != NULL ? cli_ctx(cfg, s)
                           : (hs_ctx){.clock = cfg->clock,
                                      .actor = cfg->principal.user,
                                      .data_dir = cfg->data_dir,
                                      .principal = &cfg->principal};
    hs_error err = {0};
    policy_doc d = {0};
    if (resolve(&ctx, o.policy, on, &d, &err) != HS_OK) {
        store_close(s);
        return cli_report(cmd, &err);
    }
    json_t *set = settings(&o);
    bool progress = cli_show_progress(cfg);
    ops_policy_reform_req req = {.policy = &d,
                                 .on = on,
                                 .has_from = o.from_text != NULL,
                                 .from = from,
                                 .set = set,
                                 .set_field = "--set",
                                 .rule_off = o.rule_off,
                                 .rule_off_count = o.noff,
                                 .rule_off_field = "--rule-off",
                                 .firms_csv = o.firms,
                                 .firms_field = "--firms",
                                 .threads = (int)threads,
                                 .progress = progress ? show_stage : NULL};
    ops_policy_reform_result r;
    hs_status st = ops_policy_reform(&ctx, &req, &r, &err);
    json_decref(set);
    policy_doc_free(&d);
    store_close(s);
    if (progress)
        fprintf(stderr, "%60s\r", "");
    if (st == HS_OK && o.xlsx != NULL)
        st = policy_reform_write_xlsx(&r, o.xlsx, &err);
    if (st != HS_OK) {
        ops_policy_reform_free(&r);
        return cli_report(cmd, &err);
    }
    if (cfg->json)
        cli_print_json(view_policy_reform(&r));
    else if (o.xlsx == NULL || !cfg->quiet)
        print_text(cfg, &r);
    ops_policy_reform_free(&r);
    return 0;
}
