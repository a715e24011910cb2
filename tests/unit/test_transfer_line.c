/* test_transfer_line.c — the yajl reading of plain JSON Lines transfers against the jansson
 * reading it stands in for: it answers for the common lines, and whenever it answers, jansson and
 * transfer_from_json give a transfer with exactly the same bytes; every line it leaves (escapes,
 * NUL, duplicates, reals, null, nested objects, bad UTF-8, conflicts, bad fields) is one the slow
 * reading must see. A mutation run over thirty thousand damaged lines holds it to the same promise.
 */
#include "harness.h"

#include <jansson.h>
#include <stdint.h>

#include "ledger/transfer_codec.h"
#include "ledger/transfer_line.h"

/* The jansson reading of a line, as the batch reader does it; false if it refuses the line. */
static bool slow_read(const char *line, hs_transfer *t) {
    json_error_t jerr;
    json_t *obj = json_loadb(line, strlen(line), JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (obj == NULL)
        return false;
    char field[64], why[256];
    bool ok = transfer_from_json(obj, t, field, sizeof field, why, sizeof why);
    json_decref(obj);
    return ok;
}

/* True if the fast reading answers for `line`; then the slow one must accept it identically. */
static bool fast_agrees(const char *line, bool *answered) {
    hs_transfer fast, slow;
    *answered = transfer_from_json_line(line, strlen(line), &fast);
    if (!*answered)
        return true;
    return slow_read(line, &slow) && memcmp(&fast, &slow, sizeof fast) == 0;
}

static const char *const answered_lines[] = {
    "{\"id\":\"t1\",\"debit\":\"acct/a\",\"credit\":\"acct/b\",\"amount_fen\":2192871,"
    "\"date\":\"2020-01-01\"}",
    "  {\"id\": \"t2\", \"debit\": \"acct/a\", \"credit\": \"acct/b\", \"amount\": "
    "\"1,000.50\"}\r\n",
    "{\"id\":\"t3\",\"debit\":\"预算/成都\",\"credit\":\"企业/成都-1\",\"amount\":\"500万\","
    "\"code\":\"subsidy.award\"}",
    "{\"id\":\"t4\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":5,\"pending\":true,"
    "\"timeout\":3600}",
    "{\"id\":\"t5\",\"post\":\"t4\",\"amount_fen\":0}",
    "{\"id\":\"t6\",\"void\":\"t4\"}",
    "{\"id\":\"t7\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1,\"linked\":false,"
    "\"ref\":{\"policy\":\"chengdu.compute_voucher\",\"clause\":\"3.2\",\"n\":7,\"ok\":true}}",
    "{\"id\":\"t8\",\"debit\":\"a\",\"credit\":\"b\",\"amount\":12,\"ref.firm\":"
    "\"91510100MA6CB1234X\"}",
    "{\"id\":\"t9\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":\"42\",\"refs\":{}}",
    "{\"id\":\"t10\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":9223372036854775807}",
};

static const char *const left_lines[] = {
    "{\"id\":\"t\\u0000\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1}", /* escape */
    "{\"id\":\"t\\\"q\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1}",
    "{\"id\":\"t\",\"id\":\"u\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1}", /* duplicate */
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1.5}",            /* real */
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":-1}",             /* negative */
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1,\"amount\":\"1\"}",
    "{\"id\":\"t\",\"debit\":null,\"credit\":\"b\",\"amount_fen\":1}",
    "{\"id\":\"t\",\"debit\":[\"a\"],\"credit\":\"b\",\"amount_fen\":1}",
    "{\"id\":\"t\",\"debit\":{\"x\":1},\"credit\":\"b\",\"amount_fen\":1}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1,\"ref\":\"x\"}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1,\"ref\":{\"k\":1,\"k\":2}}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1,\"ref\":{\"k\":{\"d\":1}}}",
    "{\"id\":\"t\",\"debit\":\"a\xff\",\"credit\":\"b\",\"amount_fen\":1}",         /* bad UTF-8 */
    "{\"id\":\"t\",\"debit\":\"a\xed\xa0\x80\",\"credit\":\"b\",\"amount_fen\":1}", /* surrogate */
    "{\"id\":\"t\",\"debit\":\"a\xc0\xaf\",\"credit\":\"b\",\"amount_fen\":1}",     /* overlong */
    "{\"id\":\"t\",\"debit\":\"a\tb\",\"credit\":\"b\",\"amount_fen\":1}",          /* raw tab */
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1,\"colour\":\"red\"}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount\":\"lots\"}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"date\":\"2020-02-30\"}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":99999999999999999999}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1} {\"id\":\"u\"}",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1",
    "{\"id\":\"t\",\"debit\":\"a\",\"credit\":\"b\",\"amount_fen\":1} // c",
    "[{\"id\":\"t\"}]",
    "\"t\"",
    "{'id':'t'}",
    "{\"id\":\"t\",\"pending\":\"maybe\"}",
};

TEST(transfer_line_answers_plain_lines_exactly_as_jansson_reads_them) {
    for (size_t i = 0; i < sizeof answered_lines / sizeof *answered_lines; i++) {
        bool answered;
        CHECK(fast_agrees(answered_lines[i], &answered));
        CHECK(answered);
        if (!answered)
            fprintf(stderr, "  not answered: %s\n", answered_lines[i]);
    }
    hs_transfer t;
    CHECK(transfer_from_json_line(answered_lines[0], strlen(answered_lines[0]), &t));
    CHECK_EQ_STR(t.id, "t1");
    CHECK_EQ_STR(t.credit, "acct/b");
    CHECK(t.amount_fen == 2192871 && t.date_given);
    CHECK(transfer_from_json_line(answered_lines[6], strlen(answered_lines[6]), &t));
    CHECK(strstr(t.refs, "\"clause\"") != NULL && strstr(t.refs, "\"n\":\"7\"") != NULL);
}

TEST(transfer_line_leaves_every_doubtful_line_to_the_slow_reading) {
    for (size_t i = 0; i < sizeof left_lines / sizeof *left_lines; i++) {
        hs_transfer t;
        bool answered = transfer_from_json_line(left_lines[i], strlen(left_lines[i]), &t);
        CHECK(!answered);
        if (answered)
            fprintf(stderr, "  answered: %s\n", left_lines[i]);
    }
}

/* Damages valid lines byte by byte (flips, deletions, duplications, quotes, digits, high bytes):
 * every line the fast reading still answers for must be read identically by jansson. */
TEST(transfer_line_agrees_with_jansson_on_damaged_lines) {
    uint64_t rng = 0x9e3779b97f4a7c15u;
    static const char alphabet[] = "{}[]\",:0123456789-.eE tn\\\xe4\xb8\xad\xff\x80 idamountfen";
    long answered_count = 0, disagreements = 0;
    for (int round = 0; round < 30000; round++) {
        char line[512];
        const char *base = answered_lines[round % (sizeof answered_lines / sizeof *answered_lines)];
        snprintf(line, sizeof line, "%s", base);
        int edits = 1 + round % 3;
        for (int e = 0; e < edits; e++) {
            size_t n = strlen(line);
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t at = (size_t)(rng % (n + 1));
            char c = alphabet[(rng >> 20) % (sizeof alphabet - 1)];
            switch ((rng >> 40) % 3) {
            case 0: /* replace */
                if (at < n)
                    line[at] = c;
                break;
            case 1: /* delete */
                if (at < n)
                    memmove(line + at, line + at + 1, n - at);
                break;
            default: /* insert */
                if (n + 1 < sizeof line) {
                    memmove(line + at + 1, line + at, n - at + 1);
                    line[at] = c;
                }
            }
        }
        bool answered;
        if (!fast_agrees(line, &answered)) {
            disagreements++;
            if (disagreements < 5)
                fprintf(stderr, "  disagrees: %s\n", line);
        }
        answered_count += answered;
    }
    CHECK_EQ_INT(disagreements, 0);
    CHECK(answered_count > 2000); /* the damage leaves many lines plain: the check is not empty */
}
