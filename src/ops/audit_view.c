/* audit_view.c — JSON views of the audit chain (see audit_view.h). */
#include "ops/audit_view.h"

#include <assert.h>
#include <stdio.h>
#include <time.h>

/* UTC text of a nanosecond timestamp. */
static void iso_time(int64_t ns, char *buf, size_t len) {
    time_t secs = (time_t)(ns / 1000000000);
    long frac = (long)(ns % 1000000000);
    if (frac < 0) {
        frac += 1000000000;
        secs--;
    }
    struct tm tm;
    if (gmtime_r(&secs, &tm) == NULL) {
        snprintf(buf, len, "%s", "");
        return;
    }
    char day[32];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, len, "%s.%09ldZ", day, frac);
}

/* A JSON string of text read from the book (not necessarily UTF-8: each bad byte becomes U+FFFD
 * through jansson's length-checked constructor failing, then a lossy copy). */
static json_t *text(const char *s) {
    json_t *v = json_string(s);
    if (v != NULL)
        return v;
    char buf[AUDIT_OBJECT_MAX * 3];
    size_t at = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0' && at + 4 < sizeof buf; p++)
        if (*p < 0x80)
            buf[at++] = (char)*p;
        else {
            buf[at++] = (char)0xEF; /* U+FFFD */
            buf[at++] = (char)0xBF;
            buf[at++] = (char)0xBD;
        }
    buf[at] = '\0';
    return json_string(buf);
}

json_t *view_audit_entry(const audit_entry *e) {
    assert(e != NULL);
    char when[64];
    iso_time(e->time_ns, when, sizeof when);
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "seq", json_integer(e->seq));
    json_object_set_new(o, "time_ns", json_integer(e->time_ns));
    json_object_set_new(o, "time", json_string(when));
    json_object_set_new(o, "actor", text(e->actor));
    json_object_set_new(o, "action", text(e->action));
    json_object_set_new(o, "object", text(e->object));
    json_object_set_new(o, "body_sha256", text(e->body_sha256));
    json_object_set_new(o, "result", text(e->result));
    json_object_set_new(o, "prev_hash", text(e->prev_hash));
    json_object_set_new(o, "hash", text(e->hash));
    return o;
}

json_t *view_audit_verify(const audit_verify_report *r) {
    assert(r != NULL);
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "ok", json_boolean(r->ok));
    json_object_set_new(o, "entries", json_integer(r->entries));
    json_object_set_new(o, "head_hash", json_string(r->head_hash));
    if (!r->ok) {
        json_object_set_new(o, "broken_seq", json_integer(r->broken_seq));
        json_object_set_new(o, "why", text(r->why));
    }
    return o;
}
