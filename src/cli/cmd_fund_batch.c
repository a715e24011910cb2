/* cmd_fund_batch.c — `huoshui fund events --batch FILE.jsonl`: many fund events in one transaction.
 *
 * One JSON object a line (blank lines and lines starting with '#' skipped), with "kind" (commit,
 * call, default, invest, mark, fee, exit, distribute, writeoff), "fund" and the fields of the
 * single-event command under the same names and in the same text syntax: "id", "date", "lp",
 * "type", "amount", "from", "phase", "default", "deal", "firm", "sector", "stage", "city",
 * "region", "share", "value", "days", "proceeds", "cost" (strings; "phase" and "days" may also be
 * integers). Every event is decided by the same rules as one `fund KIND` command, in file order,
 * and all of them commit together (one fsync) or none does: the first bad or refused line is
 * reported with its number, and nothing is applied. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/money.h"
#include "cli/cmd_fund.h"
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

static const char *const known[] = {"kind",   "fund",     "id",    "date",    "lp",    "type",
                                    "amount", "from",     "phase", "default", "deal",  "firm",
                                    "sector", "stage",    "city",  "region",  "share", "value",
                                    "days",   "proceeds", "cost",  NULL};

/* The string value of `key`, or NULL if absent; false (with why) if it is not a string. */
static bool text_of(json_t *o, const char *key, const char **out, char *why, size_t len) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        snprintf(why, len, "field '%s': give a string", key);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

/* An integer field given as a JSON integer or a decimal string (0..1,000,000). */
static bool int_of(json_t *o, const char *key, int *out, char *why, size_t len) {
    json_t *v = json_object_get(o, key);
    long long x = 0;
    if (v == NULL || json_is_null(v))
        return true;
    if (json_is_integer(v)) {
        x = json_integer_value(v);
    } else if (json_is_string(v)) {
        const char *t = json_string_value(v);
        char *end = NULL;
        errno = 0;
        x = strtoll(t, &end, 10);
        if (*t == '\0' || *end != '\0' || errno != 0)
            x = -1;
    } else {
        x = -1;
    }
    if (x < 0 || x > 1000000) {
        snprintf(why, len, "field '%s': not an integer 0..1000000", key);
        return false;
    }
    *out = (int)x;
    return true;
}

static bool money_of(json_t *o, const char *key, int64_t *out, char *why, size_t len) {
    const char *t;
    if (!text_of(o, key, &t, why, len))
        return false;
    char w[200];
    if (t == NULL || money_parse(t, out, w, sizeof w))
        return true;
    snprintf(why, len, "field '%s': %s", key, w);
    return false;
}

static bool copy_of(json_t *o, const char *key, char *buf, size_t cap, char *why, size_t len) {
    const char *t;
    if (!text_of(o, key, &t, why, len))
        return false;
    if (t != NULL && strlen(t) >= cap) {
        snprintf(why, len, "field '%s': longer than %zu bytes", key, cap - 1);
        return false;
    }
    if (t != NULL)
        memcpy(buf, t, strlen(t) + 1);
    return true;
}

/* One line's object into q (strings borrowed from o); false with why (and the field) if bad. */
static bool line_to_req(json_t *o, fund_event_req *q, const char **field, char *why, size_t len) {
    memset(q, 0, sizeof *q);
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool ok = false;
        for (size_t i = 0; known[i] && !ok; i++)
            ok = strcmp(known[i], key) == 0;
        if (!ok) {
            *field = key;
            snprintf(why, len, "unknown field '%s'", key);
            return false;
        }
    }
    const char *kind, *date, *type, *share;
    *field = "kind";
    if (!text_of(o, "kind", &kind, why, len))
        return false;
    if (kind == NULL || !fund_event_kind_parse(kind, &q->kind)) {
        snprintf(why, len,
                 "field 'kind': one of commit, call, default, invest, mark, fee, exit, "
                 "distribute, writeoff");
        return false;
    }
    q->value_fen = q->kind == FUND_EV_MARK ? -1 : 0;
    q->proceeds_fen = q->kind == FUND_EV_EXIT ? -1 : 0;
    char w[200];
    int64_t bp;
    if (!(*field = "fund", text_of(o, "fund", &q->fund, why, len)) ||
        !(*field = "id", text_of(o, "id", &q->id, why, len)) ||
        !(*field = "lp", text_of(o, "lp", &q->lp, why, len)) ||
        !(*field = "from", text_of(o, "from", &q->from, why, len)) ||
        !(*field = "default", text_of(o, "default", &q->defaulting_lp, why, len)) ||
        !(*field = "amount", money_of(o, "amount", &q->amount_fen, why, len)) ||
        !(*field = "value", money_of(o, "value", &q->value_fen, why, len)) ||
        !(*field = "proceeds", money_of(o, "proceeds", &q->proceeds_fen, why, len)) ||
        !(*field = "cost", money_of(o, "cost", &q->cost_fen, why, len)) ||
        !(*field = "phase", int_of(o, "phase", &q->phase, why, len)) ||
        !(*field = "days", int_of(o, "days", &q->days, why, len)) ||
        !(*field = "deal", copy_of(o, "deal", q->deal.deal, sizeof q->deal.deal, why, len)) ||
        !(*field = "firm", copy_of(o, "firm", q->deal.firm, sizeof q->deal.firm, why, len)) ||
        !(*field = "sector",
          copy_of(o, "sector", q->deal.sector, sizeof q->deal.sector, why, len)) ||
        !(*field = "stage", copy_of(o, "stage", q->deal.stage, sizeof q->deal.stage, why, len)) ||
        !(*field = "city", copy_of(o, "city", q->deal.city, sizeof q->deal.city, why, len)) ||
        !(*field = "region",
          copy_of(o, "region", q->deal.region, sizeof q->deal.region, why, len)) ||
        !(*field = "date", text_of(o, "date", &date, why, len)) ||
        !(*field = "type", text_of(o, "type", &type, why, len)) ||
        !(*field = "share", text_of(o, "share", &share, why, len)))
        return false;
    if (date != NULL && !date_parse(date, &q->date)) {
        *field = "date";
        snprintf(why, len, "field 'date': not a YYYY-MM-DD date: '%s'", date);
        return false;
    }
    if (type != NULL && !fund_lp_type_parse(type, &q->lp_type)) {
        *field = "type";
        snprintf(why, len, "field 'type': gov, state, bank, corporate, social or fund");
        return false;
    }
    if (q->kind == FUND_EV_COMMIT && type == NULL) {
        *field = "type";
        snprintf(why, len, "field 'type' is required for a commitment");
        return false;
    }
    if (share != NULL) {
        if (!rate_parse_bp(share, &bp, w, sizeof w)) {
            *field = "share";
            snprintf(why, len, "field 'share': %s", w);
            return false;
        }
        q->deal.share_bp = bp;
    }
    return true;
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
            const char *field = "";
            char why[300];
            if (!line_to_req(doc, &b->reqs[b->n - 1], &field, why, sizeof why)) {
                hs_fail_code(&e, HS_INPUT, "invalid_field", field, "%s:%ld: %s", path, line, why);
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
