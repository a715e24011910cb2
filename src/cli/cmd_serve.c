/* cmd_serve.c — `huoshui serve [--listen HOST:PORT] [--threads N] [--group-commit on|off]`: the
 * HTTP JSON API over the book (src/server). Parsing only; `--routes` and `--openapi` print the
 * route table and the OpenAPI document and exit (the tests iterate the table). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "server/daemon.h"
#include "server/routes.h"

#define SESSION_IDLE_NS_DEFAULT (30LL * 60 * 1000000000LL)

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] serve [--listen 127.0.0.1:8080] [--threads N]\n"
            "                 [--group-commit on|off] [--timeout SECONDS] [--max-connections N]\n"
            "                 [--cookie-secure]\n"
            "       huoshui serve --routes | --openapi\n\n"
            "Serves the book over HTTP: a JSON API under /api/v1/ (GET /api/v1/openapi.json\n"
            "describes every route). Prints 'listening on http://HOST:PORT' on stderr once it\n"
            "accepts connections (--listen 127.0.0.1:0 picks a free port). SIGTERM or SIGINT:\n"
            "stops accepting, finishes the requests in flight, exits 0.\n"
            "  --threads N         worker threads (default 16), each with its own connection\n"
            "  --group-commit off  commit each POST /api/v1/transfers on its own (default on:\n"
            "                      concurrent requests share one transaction, one fsync)\n"
            "  --timeout S         close connections idle for S seconds (default 30)\n"
            "  --max-connections N at most N connections at once (default 1024)\n"
            "  --cookie-secure     mark the session cookie Secure (TLS terminated in front)\n"
            "  --routes            print the route table as JSON (method, path, roles, ...)\n"
            "  --openapi           print the OpenAPI 3.1 document\n"
            "Bodies over 1 MiB are refused (413).\n");
}

static bool count_arg(const char *what, const char *text, unsigned lo, unsigned hi, unsigned *out) {
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < lo || v > hi) {
        cli_fail("serve", HS_INPUT, "%s: give a whole number from %u to %u", what, lo, hi);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

int cmd_serve(const hs_config *cfg, int argc, char **argv) {
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"group-commit", required_argument, NULL, 'g'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"max-connections", required_argument, NULL, 'm'},
                                         {"cookie-secure", no_argument, NULL, 's'},
                                         {"routes", no_argument, NULL, 'r'},
                                         {"openapi", no_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    server_config sc = {.book_path = cfg->book_path,
                        .data_dir = cfg->data_dir,
                        .clock = cfg->clock,
                        .threads = 16,
                        .group_commit = true,
                        .body_max = HTTP_BODY_MAX_DEFAULT,
                        .timeout_s = 30,
                        .connection_limit = 1024,
                        .session_idle_ns = SESSION_IDLE_NS_DEFAULT};
    server_parse_listen("127.0.0.1:8080", &sc);
    bool routes = false, openapi = false;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (!server_parse_listen(optarg, &sc))
                return cli_fail("serve", HS_INPUT,
                                "--listen: expected IPV4:PORT (e.g. 127.0.0.1:8080), got '%s'",
                                optarg);
            break;
        case 't':
            if (!count_arg("--threads", optarg, 1, 256, &sc.threads))
                return 2;
            break;
        case 'g':
            if (strcmp(optarg, "on") != 0 && strcmp(optarg, "off") != 0)
                return cli_fail("serve", HS_INPUT, "--group-commit: on or off, not '%s'", optarg);
            sc.group_commit = strcmp(optarg, "on") == 0;
            break;
        case 'T':
            if (!count_arg("--timeout", optarg, 1, 3600, &sc.timeout_s))
                return 2;
            break;
        case 'm':
            if (!count_arg("--max-connections", optarg, 1, 65536, &sc.connection_limit))
                return 2;
            break;
        case 's':
            sc.cookie_secure = true;
            break;
        case 'r':
            routes = true;
            break;
        case 'o':
            openapi = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc)
        return cli_fail("serve", HS_INPUT, "unexpected argument '%s'", argv[optind]);
    if (routes || openapi) {
        json_t *doc = routes ? routes_json() : openapi_document();
        if (doc == NULL)
            return cli_fail("serve", HS_STORAGE, "out of memory");
        cli_print_json(doc);
        return 0;
    }
    hs_error err = {0};
    hs_status st = server_run(&sc, &err);
    return st == HS_OK ? 0 : cli_report("serve", &err);
}
