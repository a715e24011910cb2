/* cmd_fund_batch.c — `huoshui fund events --batch FILE.jsonl`: many fund events in one transaction.
 *
 * One JSON object a line (blank lines and lines starting with '#' skipped), with "kind" (commit,
 * call, default, invest, mark, fee, exit, distribute, writeoff), "fund" and the fields of the
 * single-event command under the same names and in the same text syntax: "id", "date", "lp",
 * "type", "amount", "from", "phase", "default", "deal", "firm", "sector", "stage", "city",
 * "region", "share", "value", "days", "proceeds", "cost" (strings; "phase" and "days" may also be
 * integers). Every event is decided by the same rules as one `fund KIND` command, in file order,
 * and all of them commit together (one fsync) or none does: the first bad or refused line is
 * reported with its number, and nothing is applied. A line is read by fund_event_from_json
 * (src/ops/fund_json.h), as POST /api/v1/funds/{id}/events reads its events. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/money.h"
#include "cli/cmd_fund.h"
#include "ops/fund_json.h"
#include "ops/fund_ops.h"
#include "store/store.h"

#define CMD "fund events"

/* The lines read: their JSON (which the requests borrow strings from) and line numbers. */
typedef struct {
    json_t **docs;
    fund_event_req *reqs;
    long *lines;
    size_t n, cap;
} batch_lines;

static void lines_free(batch_lines *b) {
    for (size_t i = 0; i < b->n; i++)
        json_decref(b->docs[i]);
    free(b->docs);
    free(b->reqs);
    free(b->lines);
    memset(b, 0, sizeof *b);
}

static bool lines_push(batch_lines *b, json_t *doc, long line) {
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        json_t **d = realloc(b->docs, cap * sizeof *d);
        if (d != NULL)
            b->docs = d;
        fund_event_req *r = realloc(b->reqs, cap * sizeof *r);
        if (r != NULL)
            b->reqs = r;
        long *l = realloc(b->lines, cap * sizeof *l);
        if (l != NULL)
            b->lines = l;
        if (d == NULL || r == NULL || l == NULL)
            return false;
        b->cap = cap;
    }
    b->docs[b->n] = doc;
    b->lines[b->n++] = line;
    return true;
}

/* Reads and checks every line of path ("-": stdin) into b; 0 or the exit code after reporting. */
static int read_lines(const char *path, const hs_config *cfg, batch_lines *b) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL)
        return cli_fail(CMD, HS_INPUT, "--batch: cannot open %s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t cap = 0;
    long line = 0;
    int rc = 0;
    while (rc == 0 && getline(&buf, &cap, f) != -1) {
        line++;
        const char *p = buf + strspn(buf, " \t\r\n");
        if (*p == '\0' || *p == '#')
            continue;
        json_error_t je;
        json_t *doc = json_loads(p, 0, &je);
        hs_error e;
        if (doc == NULL || !json_is_object(doc)) {
            json_decref(doc);
            hs_fail_code(&e, HS_INPUT, "invalid_field", "", "%s:%ld: not a JSON object%s%s", path,
                         line, doc ? "" : ": ", doc ? "" : je.text);
            rc = cli_report(CMD, &e);
        } else if (!lines_push(b, doc, line)) {
            json_decref(doc);
            rc = cli_fail(CMD, HS_STORAGE, "out of memory");
        } else {
            hs_error why = {0};
            if (fund_event_from_json(doc, &b->reqs[b->n - 1], &why) != HS_OK) {
                hs_fail_code(&e, HS_INPUT, "invalid_field", why.field, "%s:%ld: %s", path, line,
                             why.msg);
                rc = cli_report(CMD, &e);
            } else if (b->reqs[b->n - 1].date == 0) {
                b->reqs[b->n - 1].date = cli_today(cfg);
            }
        }
    }
    free(buf);
    if (f != stdin)
        fclose(f);
    if (rc == 0 && b->n == 0)
        rc = cli_fail(CMD, HS_INPUT, "--batch: %s holds no event", path);
    return rc;
}

int fund_events_batch(const hs_config *cfg, int argc, char **argv) {
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc && path == NULL)
            path = argv[++i];
        else
            return cli_fail(CMD, HS_INPUT, "usage: huoshui fund events --batch FILE.jsonl");
    }
    if (path == NULL)
        return cli_fail(CMD, HS_INPUT, "--batch FILE.jsonl is required");
    batch_lines b = {0};
    int rc = read_lines(path, cfg, &b);
    hs_store *s = NULL;
    if (rc == 0)
        rc = cli_open_book(cfg, "fund", false, &s);
    if (rc != 0) {
        lines_free(&b);
        return rc;
    }
    hs_ctx ctx = cli_ctx(cfg, s);
    hs_error err = {0};
    size_t applied, existed, failed_at;
    hs_status st = fund_ops_events(&ctx, b.reqs, b.n, &applied, &existed, &failed_at, &err);
    store_close(s);
    if (st != HS_OK) {
        hs_error e = err;
        snprintf(e.msg, sizeof e.msg, "%s:%ld: %s (nothing applied)", path,
                 failed_at < b.n ? b.lines[failed_at] : 0L, err.msg);
        lines_free(&b);
        return cli_report(CMD, &e);
    }
    if (cfg->json) {
        json_t *o = json_pack("{s:I,s:I,s:I}", "events", (json_int_t)b.n, "applied",
                              (json_int_t)applied, "existed", (json_int_t)existed);
        cli_print_json(o);
    } else if (!cfg->quiet) {
        printf("fund events: %zu applied, %zu existed already (nothing changed), in one "
               "transaction\n",
               applied, existed);
    }
    lines_free(&b);
    return 0;
}
