/* cmd_policy_versions.c — `huoshui policy in-force ID --on DATE` (the version of a policy in force
 * on a date, with its chain of amendments) and `huoshui policy diff A B` (what changed between two
 * versions: parameters, rules, exceptions, the amount, ...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "ops/policy_versions.h"

static const char *const in_force_usage =
    "usage: huoshui policy in-force ID|FILE --on DATE [--json]\n"
    "The version of policy ID (shipped under policies/, or the chain of FILE's directory) in "
    "force\n"
    "on DATE — the version whose `amends ID from DATE` (or first valid day) is the latest not "
    "after\n"
    "it — and the chain of versions: version, file, effective from, validity, SHA-256 of the "
    "text.\n"
    "Exit 2 when no version is in force that day or the id is unknown.\n";

static const char *const diff_usage =
    "usage: huoshui policy diff A B [--json]\n"
    "A and B: policy files, or shipped ids as ID@VERSION (ID alone: the version in force today).\n"
    "Prints what changed from A to B: the facts (version, validity, budget, amends), each "
    "parameter\n"
    "with all its dated values and refs, inputs, lets, rules, exceptions, the amount, the limits.\n"
    "--json: {\"a\", \"b\", \"changes\": [{kind, name, change, before, after}]}.\n";

static bool help_asked(int argc, char **argv) {
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static hs_ctx shipped_ctx(const hs_config *cfg) {
    return (hs_ctx){.clock = cfg->clock, .data_dir = cfg->data_dir, .principal = &cfg->principal};
}

int cmd_policy_in_force(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "policy in-force";
    if (help_asked(argc, argv)) {
        fputs(in_force_usage, stdout);
        return 0;
    }
    const char *ref = NULL, *on_text = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue;
        if (strcmp(argv[i], "--on") == 0 && i + 1 < argc) {
            on_text = argv[++i];
            continue;
        }
        if (argv[i][0] == '-' || ref != NULL)
            return cli_fail(cmd, HS_INPUT, "unexpected argument '%s'\n%s", argv[i], in_force_usage);
        ref = argv[i];
    }
    if (ref == NULL || on_text == NULL)
        return cli_fail(cmd, HS_INPUT, "give ID and --on DATE\n%s", in_force_usage);
    hs_date on;
    if (!cli_date_arg(cmd, "--on", on_text, &on))
        return 2;
    hs_ctx ctx = shipped_ctx(cfg);
    hs_error err = {0};
    policy_doc d;
    bool switched;
    hs_status st = policy_doc_on(&ctx, ref, "ID", on, &d, &switched, &err);
    if (st != HS_OK)
        return cli_report(cmd, &err);
    /* the chain of its directory */
    char dir[1024];
    const char *slash = strrchr(d.name, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - d.name) : 1, slash ? d.name : ".");
    policy_doc *docs = NULL;
    size_t n = 0;
    bool chain = false;
    st = policy_versions_in(dir, policy_id(d.policy), &docs, &n, &chain, &err);
    if (st != HS_OK) {
        policy_doc_free(&d);
        return cli_report(cmd, &err);
    }
    char sha[65], day[DATE_TEXT_LEN], a[DATE_TEXT_LEN], b[DATE_TEXT_LEN];
    policy_text_sha256(d.policy, sha);
    hs_date from, to;
    bool open;
    policy_validity(d.policy, &from, &to, &open);
    bool in_force = policy_in_force(d.policy, on);
    if (cfg->json) {
        json_t *o = json_object();
        json_object_set_new(o, "policy", json_string(policy_id(d.policy)));
        json_object_set_new(o, "on", json_string(date_format(on, day)));
        json_object_set_new(o, "version", json_string(policy_version(d.policy)));
        char label[256];
        snprintf(label, sizeof label, "%s@%s", policy_id(d.policy), policy_version(d.policy));
        json_object_set_new(o, "label", json_string(label));
        json_object_set_new(o, "file", json_string(d.name));
        json_object_set_new(o, "sha256", json_string(sha));
        json_object_set_new(o, "effective_from",
                            json_string(date_format(policy_effective_from(d.policy), a)));
        json_object_set_new(o, "valid_from", json_string(date_format(from, a)));
        json_object_set_new(o, "valid_to", open ? json_null() : json_string(date_format(to, b)));
        json_object_set_new(o, "in_force", json_boolean(in_force));
        json_object_set_new(o, "versions", chain ? view_policy_versions(docs, n) : json_array());
        cli_print_json(o);
    } else {
        printf("%s@%s in force on %s%s\n", policy_id(d.policy), policy_version(d.policy),
               date_format(on, day), in_force ? "" : " (NOT in force: outside its validity)");
        printf("file       %s\n", d.name);
        printf("sha256     %s\n", sha);
        printf("effective  from %s; valid %s .. %s\n",
               date_format(policy_effective_from(d.policy), day), date_format(from, a),
               open ? "" : date_format(to, b));
        if (chain) {
            printf("versions:\n");
            for (size_t i = 0; i < n; i++) {
                const char *am = policy_amends(docs[i].policy, NULL);
                printf("  %s %-8s from %s  %s%s\n", strcmp(docs[i].name, d.name) == 0 ? "*" : " ",
                       policy_version(docs[i].policy),
                       date_format(policy_effective_from(docs[i].policy), day), docs[i].name,
                       am ? "  (amends the version before)" : "  (first version)");
            }
        }
    }
    policy_docs_free(docs, n);
    policy_doc_free(&d);
    return in_force ? 0 : 1;
}

/* A or B of `policy diff`: a file, or ID[@VERSION] among the shipped policies (ID alone: the
 * version in force today). */
static hs_status diff_side(const hs_config *cfg, const char *ref, const char *field, policy_doc *d,
                           hs_error *err) {
    struct stat st;
    if (stat(ref, &st) == 0 && S_ISREG(st.st_mode))
        return policy_doc_file(ref, d, err);
    hs_ctx ctx = shipped_ctx(cfg);
    const char *at = strchr(ref, '@');
    if (at == NULL)
        return policy_doc_on(&ctx, ref, field, hs_clock_today(&cfg->clock), d, NULL, err);
    char id[POLICY_REF_MAX], dir[1024];
    snprintf(id, sizeof id, "%.*s", (int)(at - ref), ref);
    snprintf(dir, sizeof dir, "%s/policies", cfg->data_dir ? cfg->data_dir : ".");
    policy_doc *docs = NULL;
    size_t n = 0;
    hs_status s = policy_versions_in(dir, id, &docs, &n, NULL, err);
    if (s != HS_OK)
        return s;
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < n; i++)
        if (d->policy == NULL && strcmp(policy_version(docs[i].policy), at + 1) == 0) {
            *d = docs[i];
            memset(&docs[i], 0, sizeof docs[i]);
        }
    for (size_t i = 0; i < n; i++)
        if (docs[i].policy != NULL)
            policy_doc_free(&docs[i]);
    free(docs);
    if (d->policy == NULL)
        return hs_not_found(err, field, "no shipped policy '%.100s'", ref);
    return HS_OK;
}

int policy_print_chain(const hs_config *cfg, const char *id) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/policies", cfg->data_dir ? cfg->data_dir : ".");
    policy_doc *docs = NULL;
    size_t n = 0;
    bool chain = false;
    hs_error err = {0};
    if (policy_versions_in(dir, id, &docs, &n, &chain, &err) != HS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    int shown = 0;
    if (chain && n > 0) {
        printf("versions shipped (each in force from its day until the next):\n");
        for (size_t i = 0; i < n; i++) {
            char day[DATE_TEXT_LEN], sha[65];
            policy_text_sha256(docs[i].policy, sha);
            const char *base = strrchr(docs[i].name, '/');
            printf("  %-10s from %s  %.16s  %s%s\n", policy_version(docs[i].policy),
                   date_format(policy_effective_from(docs[i].policy), day), sha,
                   base ? base + 1 : docs[i].name,
                   policy_amends(docs[i].policy, NULL) ? "  (amends the version before)"
                                                       : "  (first version)");
            shown++;
        }
    }
    policy_docs_free(docs, n);
    return shown;
}

int cmd_policy_diff(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "policy diff";
    if (help_asked(argc, argv)) {
        fputs(diff_usage, stdout);
        return 0;
    }
    const char *refs[2] = {NULL, NULL};
    int nref = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue;
        if (argv[i][0] == '-' || nref == 2)
            return cli_fail(cmd, HS_INPUT, "unexpected argument '%s'\n%s", argv[i], diff_usage);
        refs[nref++] = argv[i];
    }
    if (nref != 2)
        return cli_fail(cmd, HS_INPUT, "give two policies, A and B\n%s", diff_usage);
    policy_doc a = {0}, b = {0};
    hs_error err = {0};
    if (diff_side(cfg, refs[0], "A", &a, &err) != HS_OK)
        return cli_report(cmd, &err);
    if (diff_side(cfg, refs[1], "B", &b, &err) != HS_OK) {
        policy_doc_free(&a);
        return cli_report(cmd, &err);
    }
    hs_policy_change *ch = NULL;
    size_t n = policy_diff(a.policy, b.policy, &ch);
    int rc = 0;
    if (n == (size_t)-1) {
        rc = cli_fail(cmd, HS_STORAGE, "out of memory");
    } else if (cfg->json) {
        json_t *o = json_object(), *arr = json_array();
        char la[256], lb[256];
        snprintf(la, sizeof la, "%s@%s", policy_id(a.policy), policy_version(a.policy));
        snprintf(lb, sizeof lb, "%s@%s", policy_id(b.policy), policy_version(b.policy));
        json_object_set_new(o, "a", json_string(la));
        json_object_set_new(o, "b", json_string(lb));
        for (size_t i = 0; i < n; i++) {
            json_t *c = json_object();
            json_object_set_new(c, "kind", json_string(ch[i].kind));
            json_object_set_new(c, "name", json_string(ch[i].name));
            json_object_set_new(c, "change", json_string(ch[i].change));
            json_object_set_new(c, "before", json_string(ch[i].before));
            json_object_set_new(c, "after", json_string(ch[i].after));
            json_array_append_new(arr, c);
        }
        json_object_set_new(o, "changes", arr);
        cli_print_json(o);
    } else {
        printf("%s@%s -> %s@%s: %zu change%s\n", policy_id(a.policy), policy_version(a.policy),
               policy_id(b.policy), policy_version(b.policy), n, n == 1 ? "" : "s");
        for (size_t i = 0; i < n; i++) {
            const hs_policy_change *c = &ch[i];
            if (strcmp(c->change, "added") == 0)
                printf("+ %s %s: %s\n", c->kind, c->name, c->after);
            else if (strcmp(c->change, "removed") == 0)
                printf("- %s %s: %s\n", c->kind, c->name, c->before);
            else
                printf("~ %s %s: %s\n      -> %s\n", c->kind, c->name, c->before, c->after);
        }
    }
    free(ch);
    policy_doc_free(&a);
    policy_doc_free(&b);
    return rc;
}
