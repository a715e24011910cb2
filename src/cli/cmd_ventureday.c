/* cmd_ventureday.c — `huoshui ventureday event|roadshow|interest|match|followup|report`:
 * venture-day matchmaking. Argument parsing and printing only: the operations and the --json
 * bodies are src/ops/ventureday_ops.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/ventureday_ops.h"

static void usage(FILE *out) {
    fprintf(out,
            "usage: huoshui [--book B] ventureday COMMAND ... [--json] [--cn]\n\n"
            "  ventureday event create ID --date D --city C [--title T]\n"
            "  ventureday event list\n"
            "  ventureday roadshow EVENT --firm F --sector S --stage S --seeking A [--session S]\n"
            "  ventureday interest EVENT --investor I --sectors S1,S2 [--stages S1,S2]\n"
            "                      --ticket-min A --ticket-max A [--session S] [--fund FUND]\n"
            "  ventureday match EVENT [--session S] [--firm F] [--investor I]\n"
            "  ventureday followup EVENT --firm F --investor I --status STATUS [--date D]\n"
            "                      [--note N] [--fund FUND --deal DEAL]\n"
            "  ventureday report EVENT\n\n"
            "A venture day (深圳创投日, the 8th of each month, with an AI session) gathers firms'\n"
            "roadshows and investors' interests. `match` ranks every firm-investor pair of a\n"
            "session by fit out of 100 and says why: sector among the investor's sectors +50\n"
            "(without it, no match), stage among its stages (or none given) +30, the amount\n"
            "sought within the ticket +20 (within half to twice of it +10). `followup` records\n"
            "what came of a match: met, diligence, term-sheet, invested (naming the fund module's\n"
            "--fund and --deal it became), declined; steps only move forward. `report` gives the\n"
            "outcome figures of the event and of each session. Registrations close after the\n"
            "event's day. Exit 0 done, 1 refused, 2 bad input or not found, 3 storage.\n");
}

#define VD_OPTIONS(X)                                                                              \
    X(DATE, "date", required_argument)                                                             \
    X(CITY, "city", required_argument)                                                             \
    X(TITLE, "title", required_argument)                                                           \
    X(FIRM, "firm", required_argument)                                                             \
    X(SECTOR, "sector", required_argument)                                                         \
    X(STAGE, "stage", required_argument)                                                           \
    X(SEEKING, "seeking", required_argument)                                                       \
    X(SESSION, "session", required_argument)                                                       \
    X(INVESTOR, "investor", required_argument)                                                     \
    X(SECTORS, "sectors", required_argument)                                                       \
    X(STAGES, "stages", required_argument)                                                         \
    X(TICKET_MIN, "ticket-min", required_argument)                                                 \
    X(TICKET_MAX, "ticket-max", required_argument)                                                 \
    X(FUND, "fund", required_argument)                                                             \
    X(STATUS, "status", required_argument)                                                         \
    X(NOTE, "note", required_argument)                                                             \
    X(DEAL, "deal", required_argument)

#define OPTION_ENUM(id, name, has_arg) O_##id,
enum { VD_OPTIONS(OPTION_ENUM) O_COUNT };
#define OPTION_ENTRY(id, name, has_arg) {name, has_arg, NULL, O_##id},
static const struct option long_opts[] = {
    VD_OPTIONS(OPTION_ENTRY){"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

_Static_assert(O_COUNT <= OPTS_MAX, "the option table fits cli_opts");

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
    cli_opts o;
    hs_store *store;
    hs_ctx ctx;
} vargs;

/* Parses, then opens the book; returns 0 to go on, else the exit code (0 after --help). */
static int begin(vargs *a, const char *cmd, int argc, char **argv, const int *allowed, size_t n,
                 opts_args args, int *rc) {
    a->o.cmd = cmd;
    int parsed = opts_parse(&a->o, argc, argv, allowed, n, args);
    if (parsed != 0) {
        *rc = parsed < 0 ? 0 : parsed;
        return 1;
    }
    if ((*rc = cli_open_book(a->o.cfg, cmd, false, &a->store)) != 0)
        return 1;
    a->ctx = cli_ctx(a->o.cfg, a->store);
    return 0;
}

static int done(vargs *a, hs_status st, const hs_error *err) {
    store_close(a->store);
    a->store = NULL;
    return st == HS_OK ? 0 : cli_report(a->o.cmd, err);
}

/* Copies option i into buf (or "" when not given); false naming it if it does not fit. */
static bool copy_opt(const cli_opts *o, int i, char *buf, size_t len) {
    if (!o->given[i]) {
        buf[0] = '\0';
        return true;
    }
    return opts_copy(o, i, buf, len);
}

static int event_cmd(vargs *a, int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return cli_fail("ventureday event", HS_INPUT, "event create ID ... or event list");
    }
    int rc;
    if (!strcmp(argv[1], "list")) {
        if (begin(a, "ventureday event list", argc - 1, argv + 1, NULL, 0, OPTS_NO_ARG, &rc))
            return rc;
        hs_error err = {0};
        json_t *list;
        hs_status st = ops_vd_events_json(&a->ctx, &list, &err);
        if (st == HS_OK && a->o.cfg->json) {
            cli_print_json(list);
        } else if (st == HS_OK) {
            size_t k;
            json_t *e;
            json_array_foreach(list, k, e)
                printf("%s  %s  %s  %s\n", json_string_value(json_object_get(e, "date")),
                       json_string_value(json_object_get(e, "id")),
                       json_string_value(json_object_get(e, "city")),
                       json_string_value(json_object_get(e, "title")));
            json_decref(list);
        }
        return done(a, st, &err);
    }
    if (strcmp(argv[1], "create")) {
        usage(stderr);
        return cli_fail("ventureday event", HS_INPUT, "unknown subcommand '%s' (create, list)",
                        argv[1]);
    }
    static const int opts[] = {O_DATE, O_CITY, O_TITLE};
    if (begin(a, "ventureday event create", argc - 1, argv + 1, opts, N(opts), OPTS_ONE_ARG, &rc))
        return rc;
    const cli_opts *o = &a->o;
    vd_event e = {0};
    if ((rc = opts_need(o, O_DATE)) || (rc = opts_need(o, O_CITY)) ||
        !opts_date(o, O_DATE, &e.date) || !copy_opt(o, O_CITY, e.city, sizeof e.city) ||
        !copy_opt(o, O_TITLE, e.title, sizeof e.title)) {
        store_close(a->store);
        return rc ? rc : 2;
    }
    snprintf(e.id, sizeof e.id, "%s", o->arg);
    hs_error err = {0};
    hs_status st = ops_vd_event_create(&a->ctx, &e, &err);
    if (st == HS_OK && a->o.cfg->json)
        cli_print_json(view_vd_event(&e));
    else if (st == HS_OK)
        printf("venture day %s on %s in %s\n", e.id, o->val[O_DATE], e.city);
    return done(a, st, &err);
}

static int roadshow_cmd(vargs *a, int argc, char **argv) {
    static const int opts[] = {O_FIRM, O_SECTOR, O_STAGE, O_SEEKING, O_SESSION};
    int rc;
    if (begin(a, "ventureday roadshow", argc, argv, opts, N(opts), OPTS_ONE_ARG, &rc))
        return rc;
    const cli_opts *o = &a->o;
    vd_roadshow r = {0};
    snprintf(r.event, sizeof r.event, "%s", o->arg);
    if ((rc = opts_need(o, O_FIRM)) || (rc = opts_need(o, O_SECTOR)) ||
        (rc = opts_need(o, O_STAGE)) || (rc = opts_need(o, O_SEEKING)) ||
        !copy_opt(o, O_FIRM, r.firm, sizeof r.firm) ||
        !copy_opt(o, O_SECTOR, r.sector, sizeof r.sector) ||
        !copy_opt(o, O_STAGE, r.stage, sizeof r.stage) ||
        !copy_opt(o, O_SESSION, r.session, sizeof r.session) ||
        !opts_money(o, O_SEEKING, &r.seeking_fen)) {
        store_close(a->store);
        return rc ? rc : 2;
    }
    hs_error err = {0};
    hs_status st = ops_vd_roadshow_add(&a->ctx, &r, &err);
    char m[MONEY_TEXT_MAX];
    if (st == HS_OK && !a->o.cfg->json)
        printf("roadshow of %s at %s%s%s: %s, %s, seeking %s\n", r.firm, r.event,
               r.session[0] ? " session " : "", r.session, r.sector, r.stage,
               cli_money_text(a->o.cfg, r.seeking_fen, m, sizeof m));
    else if (st == HS_OK)
        cli_print_json(view_vd_roadshow(&r));
    return done(a, st, &err);
}

static int interest_cmd(vargs *a, int argc, char **argv) {
    static const int opts[] = {O_INVESTOR,   O_SECTORS, O_STAGES, O_TICKET_MIN,
                               O_TICKET_MAX, O_SESSION, O_FUND};
    int rc;
    if (begin(a, "ventureday interest", argc, argv, opts, N(opts), OPTS_ONE_ARG, &rc))
        return rc;
    const cli_opts *o = &a->o;
    vd_interest i = {0};
    snprintf(i.event, sizeof i.event, "%s", o->arg);
    if ((rc = opts_need(o, O_INVESTOR)) || (rc = opts_need(o, O_SECTORS)) ||
        (rc = opts_need(o, O_TICKET_MIN)) || (rc = opts_need(o, O_TICKET_MAX)) ||
        !copy_opt(o, O_INVESTOR, i.investor, sizeof i.investor) ||
        !copy_opt(o, O_SECTORS, i.sectors, sizeof i.sectors) ||
        !copy_opt(o, O_STAGES, i.stages, sizeof i.stages) ||
        !copy_opt(o, O_SESSION, i.session, sizeof i.session) ||
        !copy_opt(o, O_FUND, i.fund, sizeof i.fund) ||
        !opts_money(o, O_TICKET_MIN, &i.ticket_min_fen) ||
        !opts_money(o, O_TICKET_MAX, &i.ticket_max_fen)) {
        store_close(a->store);
        return rc ? rc : 2;
    }
    hs_error err = {0};
    hs_status st = ops_vd_interest_add(&a->ctx, &i, &err);
    char lo[MONEY_TEXT_MAX], hi[MONEY_TEXT_MAX];
    if (st == HS_OK && !a->o.cfg->json)
        printf("interest of %s at %s: %s%s%s, tickets %s-%s\n", i.investor, i.event, i.sectors,
               i.stages[0] ? " / " : "", i.stages,
               cli_money_text(a->o.cfg, i.ticket_min_fen, lo, sizeof lo),
               cli_money_text(a->o.cfg, i.ticket_max_fen, hi, sizeof hi));
    else if (st == HS_OK)
        cli_print_json(view_vd_interest(&i));
    return done(a, st, &err);
}

static int match_cmd(vargs *a, int argc, char **argv) {
    static const int opts[] = {O_SESSION, O_FIRM, O_INVESTOR};
    int rc;
    if (begin(a, "ventureday match", argc, argv, opts, N(opts), OPTS_ONE_ARG, &rc))
        return rc;
    const cli_opts *o = &a->o;
    hs_error err = {0};
    json_t *list;
    hs_status st = ops_vd_matches_json(&a->ctx, o->arg, o->val[O_SESSION], o->val[O_FIRM],
                                       o->val[O_INVESTOR], &list, &err);
    if (st == HS_OK && a->o.cfg->json) {
        cli_print_json(list);
    } else if (st == HS_OK) {
        printf("%4s %4s  %-22s %-10s %-22s  %s\n", "rank", "fit", "firm", "session", "investor",
               "why");
        size_t k;
        json_t *m;
        json_array_foreach(list, k, m) {
            const char *session = json_string_value(json_object_get(m, "session"));
            printf("%4lld %4lld  %-22s %-10s %-22s  %s\n",
                   (long long)json_integer_value(json_object_get(m, "rank")),
                   (long long)json_integer_value(json_object_get(m, "fit")),
                   json_string_value(json_object_get(m, "firm")), session[0] ? session : "-",
                   json_string_value(json_object_get(m, "investor")),
                   json_string_value(json_object_get(m, "explain")));
        }
        if (json_array_size(list) == 0)
            printf("no match\n");
        json_decref(list);
    }
    return done(a, st, &err);
}

static int followup_cmd(vargs *a, int argc, char **argv) {
    static const int opts[] = {O_FIRM, O_INVESTOR, O_STATUS, O_DATE, O_NOTE, O_FUND, O_DEAL};
    int rc;
    if (begin(a, "ventureday followup", argc, argv, opts, N(opts), OPTS_ONE_ARG, &rc))
        return rc;
    const cli_opts *o = &a->o;
    vd_followup f = {0};
    snprintf(f.event, sizeof f.event, "%s", o->arg);
    if ((rc = opts_need(o, O_FIRM)) || (rc = opts_need(o, O_INVESTOR)) ||
        (rc = opts_need(o, O_STATUS)) || !copy_opt(o, O_FIRM, f.firm, sizeof f.firm) ||
        !copy_opt(o, O_INVESTOR, f.investor, sizeof f.investor) ||
        !copy_opt(o, O_NOTE, f.note, sizeof f.note) ||
        !copy_opt(o, O_FUND, f.fund, sizeof f.fund) ||
        !copy_opt(o, O_DEAL, f.deal, sizeof f.deal) || !opts_date(o, O_DATE, &f.date)) {
        store_close(a->store);
        return rc ? rc : 2;
    }
    if (!vd_status_parse(o->val[O_STATUS], &f.status)) {
        rc = opts_fail(o, O_STATUS, "invalid_field",
                       "--status: met, diligence, term-sheet, invested or declined, not '%s'",
                       o->val[O_STATUS]);
        store_close(a->store);
        return rc;
    }
    hs_error err = {0};
    hs_status st = ops_vd_followup_add(&a->ctx, &f, &err);
    if (st == HS_OK && a->o.cfg->json)
        cli_print_json(view_vd_followup(&f));
    else if (st == HS_OK)
        printf("follow-up %lld: %s and %s %s%s%s%s%s\n", (long long)f.seq, f.firm, f.investor,
               vd_status_name(f.status), f.deal[0] ? " (deal " : "", f.deal,
               f.deal[0] ? " of " : "", f.deal[0] ? f.fund : "");
    return done(a, st, &err);
}

static void print_outcome(const hs_config *cfg, const json_t *o) {
    char sought[MONEY_TEXT_MAX], inv[MONEY_TEXT_MAX];
    const char *session = json_string_value(json_object_get(o, "session"));
    printf("%-12s %9lld %9lld %7lld %5lld %11lld %8lld %16s %16s\n", session[0] ? session : "(all)",
           (long long)json_integer_value(json_object_get(o, "roadshows")),
           (long long)json_integer_value(json_object_get(o, "interests")),
           (long long)json_integer_value(json_object_get(o, "matches")),
           (long long)json_integer_value(json_object_get(o, "met")),
           (long long)json_integer_value(json_object_get(o, "term_sheets")),
           (long long)json_integer_value(json_object_get(o, "invested")),
           cli_money_text(cfg, json_integer_value(json_object_get(o, "sought_fen")), sought,
                          sizeof sought),
           cli_money_text(cfg, json_integer_value(json_object_get(o, "invested_fen")), inv,
                          sizeof inv));
}

static int report_cmd(vargs *a, int argc, char **argv) {
    int rc;
    if (begin(a, "ventureday report", argc, argv, NULL, 0, OPTS_ONE_ARG, &rc))
        return rc;
    hs_error err = {0};
    json_t *r;
    hs_status st = ops_vd_report_json(&a->ctx, a->o.arg, &r, &err);
    if (st == HS_OK && a->o.cfg->json) {
        cli_print_json(r);
    } else if (st == HS_OK) {
        const json_t *e = json_object_get(r, "event");
        printf("venture day %s  %s  %s  %s\n", json_string_value(json_object_get(e, "id")),
               json_string_value(json_object_get(e, "date")),
               json_string_value(json_object_get(e, "city")),
               json_string_value(json_object_get(e, "title")));
        printf("%-12s %9s %9s %7s %5s %11s %8s %16s %16s\n", "session", "roadshows", "interests",
               "matches", "met", "term sheets", "invested", "sought", "invested amount");
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(r, "sessions"), k, s) print_outcome(a->o.cfg, s);
        print_outcome(a->o.cfg, json_object_get(r, "outcome"));
        json_decref(r);
    }
    return done(a, st, &err);
}

int cmd_ventureday(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    vargs a;
    memset(&a, 0, sizeof a);
    a.o.cfg = cfg;
    a.o.cmd = "ventureday";
    a.o.table = long_opts;
    a.o.usage = usage;
    const char *sub = argv[1];
    if (!strcmp(sub, "event"))
        return event_cmd(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "roadshow"))
        return roadshow_cmd(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "interest"))
        return interest_cmd(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "match"))
        return match_cmd(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "followup"))
        return followup_cmd(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "report"))
        return report_cmd(&a, argc - 1, argv + 1);
    usage(stderr);
    return cli_fail("ventureday", HS_INPUT,
                    "unknown subcommand '%s' (event, roadshow, interest, match, followup, report)",
                    sub);
}
