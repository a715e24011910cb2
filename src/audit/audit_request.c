/* audit_request.c — describing a request for its audit entry (see audit_request.h). */
#include "audit/audit_request.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

audit_request audit_request_make(const char *actor, const char *action, const char *object,
                                 const void *body, size_t body_len) {
    audit_request r;
    memset(&r, 0, sizeof r);
    snprintf(r.actor, sizeof r.actor, "%s", actor != NULL ? actor : "");
    snprintf(r.action, sizeof r.action, "%s", action != NULL ? action : "");
    snprintf(r.object, sizeof r.object, "%s", object != NULL ? object : "");
    bool ok = audit_sha256_hex(body, body_len, r.body_sha256);
    assert(ok || r.body_sha256[0] == '\0');
    (void)ok;
    return r;
}

static bool is_secret_option(const char *arg) {
    static const char *const secret[] = {"--password", "--token", "--secret"};
    for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++) {
        size_t n = strlen(secret[i]);
        if (strncmp(arg, secret[i], n) == 0 && (arg[n] == '\0' || arg[n] == '='))
            return true;
    }
    return false;
}

/* Appends "<len>:<text>\n" at *at (writing only what fits in buf[0..len)). */
static void put_arg(char *buf, size_t len, size_t *at, const char *text, size_t n) {
    char prefix[32];
    int k = snprintf(prefix, sizeof prefix, "%zu:", n);
    const char *parts[] = {prefix, text, "\n"};
    size_t sizes[] = {(size_t)k, n, 1};
    for (size_t p = 0; p < 3; p++) {
        if (*at < len) {
            size_t fit = len - *at < sizes[p] ? len - *at : sizes[p];
            memcpy(buf + *at, parts[p], fit);
        }
        *at += sizes[p];
    }
}

size_t audit_cli_body(int argc, char *const *argv, char *buf, size_t len) {
    assert(argc >= 0 && (buf != NULL || len == 0));
    size_t at = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        char redacted[64];
        if (is_secret_option(arg) && strchr(arg, '=') != NULL) {
            snprintf(redacted, sizeof redacted, "%.*s=<redacted>", (int)(strchr(arg, '=') - arg),
                     arg);
            arg = redacted;
        } else if (i > 0 && is_secret_option(argv[i - 1]) && strchr(argv[i - 1], '=') == NULL) {
            arg = "<redacted>";
        }
        put_arg(buf, len, &at, arg, strlen(arg));
    }
    return at;
}

/* A subcommand word: lowercase letters, digits and '-', starting with a letter. */
static bool is_word(const char *arg) {
    if (arg == NULL || !(arg[0] >= 'a' && arg[0] <= 'z'))
        return false;
    for (const char *p = arg; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

static bool is_group(const char *command, const char *sub) {
    if (strcmp(command, "credit") == 0)
        return !strcmp(sub, "product") || !strcmp(sub, "loan") || !strcmp(sub, "pool");
    if (strcmp(command, "voucher") == 0)
        return !strcmp(sub, "provider");
    return false;
}

/* Sets r->action from argv; returns the index of the first argument after the action words. */
static int cli_action(audit_request *r, int argc, char *const *argv) {
    int words = 1;
    snprintf(r->action, sizeof r->action, "%s", argv[0]);
    if (argc > 1 && is_word(argv[1])) {
        words = 2;
        if (argc > 2 && is_group(argv[0], argv[1]) && is_word(argv[2]))
            words = 3;
    }
    size_t at = strlen(r->action);
    for (int i = 1; i < words && at < sizeof r->action; i++) {
        int n = snprintf(r->action + at, sizeof r->action - at, ".%s", argv[i]);
        at += n > 0 ? (size_t)n : 0;
    }
    return words;
}

audit_request audit_request_cli(const char *actor, int argc, char *const *argv) {
    assert(argc >= 1 && argv != NULL && argv[0] != NULL);
    size_t need = audit_cli_body(argc, argv, NULL, 0);
    char *body = malloc(need + 1);
    audit_request r = audit_request_make(actor, "", "", "", 0);
    if (body != NULL) {
        audit_cli_body(argc, argv, body, need + 1);
        r = audit_request_make(actor, "", "", body, need);
        free(body);
    } else {
        /* no memory for the encoding: say so in the hash field rather than hash something else */
        snprintf(r.body_sha256, sizeof r.body_sha256, "%s", "");
    }
    int first = cli_action(&r, argc, argv);
    for (int i = first; i < argc; i++)
        if (strcmp(argv[i], "--id") == 0 && i + 1 < argc) {
            snprintf(r.object, sizeof r.object, "%s", argv[i + 1]);
            return r;
        } else if (strncmp(argv[i], "--id=", 5) == 0) {
            snprintf(r.object, sizeof r.object, "%s", argv[i] + 5);
            return r;
        }
    for (int i = first; i < argc; i++) {
        if (argv[i][0] == '-') {
            /* an option: skip its value unless the next argument is another option */
            if (strchr(argv[i], '=') == NULL && i + 1 < argc && argv[i + 1][0] != '-')
                i++;
            continue;
        }
        snprintf(r.object, sizeof r.object, "%s", argv[i]);
        break;
    }
    return r;
}
