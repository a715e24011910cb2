/* main.c — `huoshui [--book PATH] COMMAND ... [--json]`: reads the process config, dispatches. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "cli/cli.h"
#include "cli/cli_as.h"
#include "ledger/transfer_codec.h"

#ifndef HUOSHUI_DATADIR
#define HUOSHUI_DATADIR "/usr/local/share/huoshui"
#endif

static void usage(FILE *out) {
    fprintf(out, "usage: huoshui [--book PATH] COMMAND [ARGS...] [--json] [--cn] [--quiet]\n\n"
                 "huoshui runs a government's AI-industry financing programmes on one double-entry "
                 "book.\n\ncommands:\n");
    for (const command_entry *c = cli_commands; c->name != NULL; c++)
        fprintf(out, "  %-12s %s\n", c->name, c->summary);
    fprintf(out,
            "\nglobal options:\n"
            "  --book PATH   the book (default $HUOSHUI_BOOK, else ./huoshui.db)\n"
            "  --json        machine-readable output\n"
            "  --cn          amounts in Chinese units (万, 亿) in tables\n"
            "  --quiet       no progress output\n"
            "  --today DATE  what \"today\" is for every default date (else $HUOSHUI_TODAY)\n"
            "  --as USER     act as server user USER (password: first line of stdin), e.g. a\n"
            "                reviewer approving with `approval approve`\n"
            "exit codes: 0 done, 1 refused by a rule, 2 bad usage or input, 3 storage failure\n"
            "`huoshui COMMAND --help` explains each command.\n");
}

static int file_exists(const char *path) {
    return access(path, R_OK) == 0;
}

/* Finds the directory that holds data/ and policies/: $HUOSHUI_DATA, the source tree the binary was
 * built in, an installed share/huoshui, or the current directory. */
static const char *find_data_dir(char *buf, size_t len) {
    const char *env = getenv("HUOSHUI_DATA");
    if (env != NULL && *env != '\0')
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *dir = dirname(exe);
        const char *candidates[] = {"%s/../..", "%s/../share/huoshui", "%s"};
        for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
            char probe[PATH_MAX + 64];
            snprintf(buf, len, candidates[i], dir);
            snprintf(probe, sizeof probe, "%s/data/holidays-cn.txt", buf);
            if (file_exists(probe))
                return buf;
        }
    }
    snprintf(buf, len, "%s/data/holidays-cn.txt", HUOSHUI_DATADIR);
    if (file_exists(buf)) {
        snprintf(buf, len, "%s", HUOSHUI_DATADIR);
        return buf;
    }
    return ".";
}

/* The process clock: --today DATE, else $HUOSHUI_TODAY; $HUOSHUI_NOW_NS fixes "now" (tests). The
 * environment is read here and nowhere else. Returns false (after saying why) on a bad date. */
static bool read_clock(const char *today_flag, hs_clock *clock) {
    *clock = hs_clock_system();
    const char *today = today_flag;
    const char *origin = "--today";
    if (today == NULL) {
        today = getenv("HUOSHUI_TODAY");
        origin = "HUOSHUI_TODAY";
    }
    if (today_flag != NULL && *today_flag == '\0') {
        fprintf(stderr, "huoshui: --today: give a YYYY-MM-DD date (leave the flag out for the "
                        "system date)\n");
        return false;
    }
    if (today != NULL && *today != '\0') {
        if (!date_parse(today, &clock->today)) {
            char why[256];
            transfer_date_why(today, why, sizeof why);
            fprintf(stderr, "huoshui: %s: %s\n", origin, why);
            return false;
        }
        clock->today_fixed = true;
    }
    const char *now_ns = getenv("HUOSHUI_NOW_NS");
    if (now_ns != NULL && *now_ns != '\0') {
        char *end;
        long long v = strtoll(now_ns, &end, 10);
        if (*end != '\0' || v <= 0) {
            fprintf(stderr, "huoshui: HUOSHUI_NOW_NS: '%s' is not a positive integer\n", now_ns);
            return false;
        }
        clock->fixed_now_ns = v;
    }
    return true;
}

int main(int argc, char **argv) {
    static char data_dir[PATH_MAX];
    hs_config cfg = {.book_path = NULL, .json = false};
    const char *today_flag = NULL;
    const char *as_user = NULL; /* --as USER: act as a server user (password on stdin) */
    const char *env_book = getenv("HUOSHUI_BOOK");
    cfg.book_path = (env_book != NULL && *env_book != '\0') ? env_book : "huoshui.db";
    cfg.data_dir = find_data_dir(data_dir, sizeof data_dir);

    /* Global flags may appear anywhere; they are removed before the command sees argv. */
    int kept = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            cfg.json = true;
        else if (strcmp(argv[i], "--cn") == 0)
            cfg.cn = true;
        else if (strcmp(argv[i], "--quiet") == 0)
            cfg.quiet = true;
        else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc && argv[i + 1][0] != '-')
            today_flag = argv[++i];
        else if (strncmp(argv[i], "--today=", 8) == 0)
            today_flag = argv[i] + 8;
        else if (strcmp(argv[i], "--as") == 0 && i + 1 < argc && argv[i + 1][0] != '-')
            as_user = argv[++i];
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    argv[argc] = NULL;
    if (!read_clock(today_flag, &cfg.clock))
        return 2;
    cfg.principal = principal_cli_operator();
    cli_set_config(&cfg);

    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--book") == 0 && i + 1 < argc) {
            cfg.book_path = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--book=", 7) == 0) {
            cfg.book_path = argv[i] + 7;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("huoshui 0.1.0\n");
            return 0;
        } else {
            fprintf(stderr, "huoshui: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    int as_rc = as_user != NULL ? cli_act_as(&cfg, as_user) : 0;
    if (as_rc != 0)
        return as_rc;
    /* what this command line will be audited as (argv from the command on; stdin never) */
    cfg.audit = audit_request_cli(cfg.principal.user, argc - i, argv + i);
    for (const command_entry *c = cli_commands; c->name != NULL; c++)
        if (strcmp(c->name, argv[i]) == 0) {
            int rc = c->run(&cfg, argc - i, argv + i);
            return rc == HS_NOT_FOUND ? hs_exit_code(HS_NOT_FOUND) : rc;
        }
    fprintf(stderr, "huoshui: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return 2;
}
