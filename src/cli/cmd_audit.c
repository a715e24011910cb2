/* cmd_audit.c — `huoshui audit verify`, `huoshui audit log [--actor A] [--object O] [--after
 * SEQ] [--limit N] [--json]` and `huoshui audit show SEQ [--json]`: argument parsing and printing
 * over src/ops/audit_ops.h. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "ops/audit_ops.h"
#include "ops/audit_view.h"
#include "store/store.h"

static const char *const usage_text =
    "usage: huoshui [--book B] audit verify [--json]\n"
    "       huoshui [--book B] audit log [--actor A] [--object O] [--after SEQ] [--limit N] "
    "[--json]\n"
    "       huoshui [--book B] audit show SEQ [--json]\n\n"
    "Every committed state change of the book, from the CLI or the server, appends one entry to\n"
    "the audit chain: seq, time, actor (a user, or cli:OS_USER), action, object, the SHA-256 of\n"
    "the request body, result, and a BLAKE2b-256 hash over the previous entry's hash and this\n"
    "entry. Refused operations roll back and leave no entry.\n"
    "  verify  recomputes the chain: exit 0 \"audit chain intact: N entries\", exit 1 \"audit\n"
    "          chain broken at sequence K: ...\" when an entry was edited, deleted, inserted or\n"
    "          reordered, or a transfer's link to its entry is wrong.\n"
    "  log     lists entries in sequence order (all of them, or one page with --limit N; the\n"
    "          next page is --after the last seq shown); --json prints an array of entries.\n"
    "  show    one entry with the transfers it committed (their codes and refs name the\n"
    "          application, voucher or loan whose decision says the clause).\n";

static int run_verify(const hs_config *cfg, int argc, char **argv) {
    if (argc != 2)
        return cli_fail("audit verify", HS_INPUT, "unexpected argument '%s'", argv[2]);
    hs_store *s;
    int rc = cli_open_book(cfg, "audit verify", false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    audit_verify_report r;
    hs_status st = ops_audit_verify(&ctx, &r, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report("audit verify", &err);
    if (!r.ok) {
        hs_fail_code(&err, HS_REFUSED, "audit_chain_broken", NULL,
                     "audit chain broken at sequence %lld: %s", (long long)r.broken_seq, r.why);
        json_t *extra = json_pack("{sI}", "broken_seq", (json_int_t)r.broken_seq);
        return cli_report_with("audit verify", &err, extra);
    }
    if (cfg->json)
        cli_print_json(view_audit_verify(&r));
    else
        printf("audit chain intact: %lld entries, head %s\n", (long long)r.entries, r.head_hash);
    return 0;
}

static void print_entry(const json_t *e) {
    const char *object = json_string_value(json_object_get(e, "object"));
    printf("%6lld  %s  %-16s  %-24s  %-24s  %s  %.16s\n",
           (long long)json_integer_value(json_object_get(e, "seq")),
           json_string_value(json_object_get(e, "time")),
           json_string_value(json_object_get(e, "actor")),
           json_string_value(json_object_get(e, "action")),
           object != NULL && object[0] != '\0' ? object : "-",
           json_string_value(json_object_get(e, "result")),
           json_string_value(json_object_get(e, "hash")));
}

static int run_log(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "audit log";
    ops_audit_query q = {0};
    bool paged = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL && (!strcmp(a, "--actor") || !strcmp(a, "--object") ||
                          !strcmp(a, "--after") || !strcmp(a, "--limit")))
            return cli_fail(cmd, HS_INPUT, "%s needs a value", a);
        if (!strcmp(a, "--actor"))
            q.actor = argv[++i];
        else if (!strcmp(a, "--object"))
            q.object = argv[++i];
        else if (!strcmp(a, "--after")) {
            if (!cli_int_arg(cmd, "--after", argv[++i], &q.after_seq))
                return 2;
        } else if (!strcmp(a, "--limit")) {
            if (!cli_int_arg(cmd, "--limit", argv[++i], &q.limit))
                return 2;
            if (q.limit < 1 || q.limit > AUDIT_PAGE_MAX)
                return cli_fail(cmd, HS_INPUT, "--limit: give 1 to %d", AUDIT_PAGE_MAX);
            paged = true;
        } else
            return cli_fail(cmd, HS_INPUT, "unexpected argument '%s' (see huoshui audit --help)",
                            a);
    }
    hs_store *s;
    int rc = cli_open_book(cfg, cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    hs_status st = HS_OK;
    size_t shown = 0;
    bool opened = false; /* the JSON array's '[' is out */
    /* page by page (without --limit, every page in turn), printed as it comes */
    while (st == HS_OK) {
        json_t *entries = NULL;
        int64_t next = 0;
        st = ops_audit_log(&ctx, &q, &entries, &next, &err);
        if (st != HS_OK)
            break;
        if (!opened && cfg->json)
            fputs("[", stdout);
        opened = true;
        size_t i;
        json_t *e;
        json_array_foreach(entries, i, e) {
            if (cfg->json) {
                char *text = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
                printf("%s\n  %s", shown ? "," : "", text ? text : "null");
                free(text);
            } else
                print_entry(e);
            shown++;
        }
        json_decref(entries);
        if (paged || next == 0)
            break;
        q.after_seq = next;
    }
    store_close(s);
    if (st != HS_OK && !opened)
        return cli_report(cmd, &err);
    if (cfg->json)
        fputs(shown ? "\n]\n" : "]\n", stdout);
    return st == HS_OK ? 0 : cli_report(cmd, &err);
}

static int run_show(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "audit show";
    char *end = NULL;
    long long seq = argc == 3 ? strtoll(argv[2], &end, 10) : 0;
    if (argc != 3 || end == argv[2] || *end != '\0')
        return cli_fail(cmd, HS_INPUT, "usage: huoshui audit show SEQ [--json]");
    hs_store *s;
    int rc = cli_open_book(cfg, cmd, false, &s);
    if (rc != 0)
        return rc;
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    json_t *v = NULL;
    hs_status st = ops_audit_entry(&ctx, (int64_t)seq, &v, &err);
    store_close(s);
    if (st != HS_OK)
        return cli_report(cmd, &err);
    if (cfg->json) {
        cli_print_json(v);
        return 0;
    }
    print_entry(json_object_get(v, "entry"));
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(v, "transfers"), i, t) {
        const char *code = json_string_value(json_object_get(t, "code"));
        json_t *ref = json_object_get(t, "ref");
        char *refs =
            json_object_size(ref) > 0 ? json_dumps(ref, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        printf("        %-24s %-40s -> %-40s %14s  %s%s%s\n",
               json_string_value(json_object_get(t, "id")),
               json_string_value(json_object_get(t, "debit")),
               json_string_value(json_object_get(t, "credit")),
               json_string_value(json_object_get(t, "amount")), code ? code : "", refs ? "  " : "",
               refs ? refs : "");
        free(refs);
    }
    json_decref(v);
    return 0;
}

int cmd_audit(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "verify"))
        return run_verify(cfg, argc, argv);
    if (!strcmp(argv[1], "log"))
        return run_log(cfg, argc, argv);
    if (!strcmp(argv[1], "show"))
        return run_show(cfg, argc, argv);
    fprintf(stderr, "huoshui audit: unknown subcommand '%s'\n%s", argv[1], usage_text);
    return 2;
}
