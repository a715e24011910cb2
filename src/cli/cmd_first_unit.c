/* cmd_first_unit.c — `huoshui first-unit catalogue|register|subsidise|claim|show|list`: first
 * units of major equipment (首台套) insured, the premium subsidised, claims recorded. Argument
 * parsing and printing only: the operations are src/ops/first_unit_ops.h, the --json bodies
 * src/ops/first_unit_view.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/money.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "ops/explain_view.h"
#include "ops/first_unit_ops.h"
#include "ops/first_unit_view.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui [--book B] first-unit COMMAND ... [--json] [--cn]\n\n"
        "  first-unit catalogue add ITEM --name N [--category C] [--edition E]\n"
        "  first-unit catalogue list\n"
        "  first-unit register UNIT --item ITEM --maker USCC --buyer USCC --price P --unit-no N\n"
        "      --insured maker|buyer --insurer NAME --premium P --from D --years N\n"
        "      --policy FILE|ID [--date D]\n"
        "  first-unit subsidise UNIT\n"
        "  first-unit claim UNIT --id C --date D --failure quality|liability|other --loss L\n"
        "      --insurer-paid X\n"
        "  first-unit show UNIT [--explain]\n"
        "  first-unit list [--firm F]\n\n"
        "First units of major equipment (首台（套）重大技术装备): a unit on the catalogue bought\n"
        "from its maker and insured (综合险) for whole years; the policy (instrument subsidy)\n"
        "subsidises the insured party's premium once (national scheme, 财建〔2015〕19号: 80%% of\n"
        "the premium at a rate of at most 3%% a year, for at most 3 years), paid from its budget\n"
        "to firm/USCC/cash. A claim on a failure records what the insurer paid (outside the\n"
        "book's money) and pays any agency top-up the policy gives to the buyer; a failure the\n"
        "cover does not take, or outside it, is refused (exit 1, not_eligible). `show\n"
        "--explain` explains the premium subsidy clause by clause. Exit 0 done, 1 refused, 2\n"
        "bad input or not found, 3 storage.\n");
}

#define FIRST_UNIT_OPTIONS(X)                                                                      \
    X(NAME, "name", required_argument)                                                             \
    X(CATEGORY, "category", required_argument)                                                     \
    X(EDITION, "edition", required_argument)                                                       \
    X(ITEM, "item", required_argument)                                                             \
    X(MAKER, "maker", required_argument)                                                           \
    X(BUYER, "buyer", required_argument)                                                           \
    X(PRICE, "price", required_argument)                                                           \
    X(UNIT_NO, "unit-no", required_argument)                                                       \
    X(INSURED, "insured", required_argument)                                                       \
    X(INSURER, "insurer", required_argument)                                                       \
    X(PREMIUM, "premium", required_argument)                                                       \
    X(FROM, "from", required_argument)                                                             \
    X(YEARS, "years", required_argument)                                                           \
    X(POLICY, "policy", required_argument)                                                         \
    X(DATE, "date", required_argument)                                                             \
    X(ID, "id", required_argument)                                                                 \
    X(FAILURE, "failure", required_argument)                                                       \
    X(LOSS, "loss", required_argument)                                                             \
    X(INSURER_PAID, "insurer-paid", required_argument)                                             \
    X(FIRM, "firm", required_argument)                                                             \
    X(EXPLAIN, "explain", no_argument)

#define OPTION_ENUM(id, name, has_arg) O_##id,
enum { FIRST_UNIT_OPTIONS(OPTION_ENUM) O_COUNT };
#define OPTION_ENTRY(id, name, has_arg) {name, has_arg, NULL, O_##id},
static const struct option long_opts[] = {
    FIRST_UNIT_OPTIONS(OPTION_ENTRY){"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

_Static_assert(O_COUNT <= OPTS_MAX, "the option table fits cli_opts");

typedef struct {
    cli_opts o;
    hs_store *store;
    hs_ctx ctx;
} fargs;

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int parse(fargs *a, const char *cmd, int argc, char **argv, const int *allowed, size_t n,
                 opts_args args) {
    a->o.cmd = cmd;
    int rc = opts_parse(&a->o, argc, argv, allowed, n, args);
    return rc < 0 ? -1 : rc;
}

#define PARSE_OR_RETURN(...)                                                                       \
    do {                                                                                           \
        int parsed_ = parse(__VA_ARGS__);                                                          \
        if (parsed_ != 0)                                                                          \
            return parsed_ < 0 ? 0 : parsed_;                                                      \
    } while (0)

static int open_book(fargs *a) {
    int rc = cli_open_book(a->o.cfg, a->o.cmd, false, &a->store);
    if (rc == 0)
        a->ctx = cli_ctx(a->o.cfg, a->store);
    return rc;
}

static int done(fargs *a, hs_status st, const hs_error *err) {
    store_close(a->store);
    a->store = NULL;
    return st == HS_OK ? 0 : cli_report(a->o.cmd, err);
}

static char *money(const fargs *a, int64_t fen, char *buf) {
    return cli_money_text(a->o.cfg, fen, buf, MONEY_TEXT_MAX);
}

/* Copies option i into buf (len bytes); false (exit 2 reported) if too long. */
static bool copy_opt(const fargs *a, int i, char *buf, size_t len) {
    return !a->o.given[i] || opts_copy(&a->o, i, buf, len);
}

/* The positional argument into buf; false (exit 2 reported) if it does not fit. */
static bool copy_arg(const fargs *a, const char *field, char *buf, size_t len) {
    if (strlen(a->o.arg) < len) {
        snprintf(buf, len, "%s", a->o.arg);
        return true;
    }
    hs_error e;
    hs_fail_code(&e, HS_INPUT, "invalid_field", field, "%s: at most %zu bytes", field, len - 1);
    cli_report(a->o.cmd, &e);
    return false;
}

static hs_status resolve_policy(fargs *a, const char *ref, policy_doc *doc, hs_error *err) {
    struct stat sb;
    if (stat(ref, &sb) == 0 || strchr(ref, '/') != NULL)
        return policy_doc_file(ref, doc, err);
    return policy_doc_resolve(&a->ctx, ref, "--policy", doc, err);
}

static void print_unit(const fargs *a, const first_unit *u) {
    char m[4][MONEY_TEXT_MAX], d[2][11];
    const first_unit_request *r = &u->req;
    printf("first unit %s: %s no. %d, %s -> %s, price %s (%s)\n", r->id, r->item, (int)r->unit_no,
           r->maker, r->buyer, money(a, r->price_fen, m[0]), first_unit_status_name(u->status));
    printf("  insured by the %s with %s: premium %s, %s..%s (%d years), under %s\n",
           first_unit_party_name(r->insured), r->insurer, money(a, r->premium_fen, m[1]),
           date_format(r->cover_from, d[0]), date_format(u->cover_to, d[1]), (int)r->cover_years,
           u->policy.label);
    if (u->status == FIRST_UNIT_SUBSIDISED)
        printf("  premium subsidy %s paid %s to %s (%s)\n  clause: %s\n",
               money(a, u->subsidy_fen, m[2]), date_format(u->subsidy_date, d[0]), u->payee_account,
               u->transfer_id, u->clause);
    if (u->claims > 0)
        printf("  %d claims: insurer paid %s, agency top-up %s\n", (int)u->claims,
               money(a, u->insurer_paid_fen, m[2]), money(a, u->topup_fen, m[3]));
}

/* ---- the catalogue ---- */

static int catalogue_add(fargs *a, int argc, char **argv) {
    static const int opts[] = {O_NAME, O_CATEGORY, O_EDITION};
    PARSE_OR_RETURN(a, "first-unit catalogue add", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    first_unit_item it;
    memset(&it, 0, sizeof it);
    int rc;
    if ((rc = opts_need(&a->o, O_NAME)) != 0)
        return rc;
    if (!copy_arg(a, "item", it.item, sizeof it.item) ||
        !copy_opt(a, O_NAME, it.name, sizeof it.name) ||
        !copy_opt(a, O_CATEGORY, it.category, sizeof it.category) ||
        !copy_opt(a, O_EDITION, it.edition, sizeof it.edition))
        return 2;
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    bool existed = false;
    hs_status st = first_unit_ops_catalogue_add(&a->ctx, &it, &existed, &err);
    if (st == HS_OK && a->o.cfg->json) {
        json_t *v = view_first_unit_item(&it);
        json_object_set_new(v, "existed", json_boolean(existed));
        cli_print_json(v);
    } else if (st == HS_OK) {
        printf("catalogue item %s: %s%s\n", it.item, it.name,
               existed ? " (already there: nothing changed)" : "");
    }
    return done(a, st, &err);
}

typedef struct {
    fargs *a;
    json_t *all;
} listing;

static hs_status list_item(void *c, const first_unit_item *it, hs_error *err) {
    listing *l = c;
    if (l->all != NULL) {
        if (json_array_append_new(l->all, view_first_unit_item(it)) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory");
        return HS_OK;
    }
    printf("%-20s %-10s %-16s %s\n", it->item, it->edition, it->category, it->name);
    return HS_OK;
}

static int cmd_catalogue(fargs *a, int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : "";
    if (!strcmp(sub, "add"))
        return catalogue_add(a, argc - 1, argv + 1);
    if (!strcmp(sub, "list")) {
        PARSE_OR_RETURN(a, "first-unit catalogue list", argc - 1, argv + 1, NULL, 0, OPTS_NO_ARG);
        int rc = open_book(a);
        if (rc != 0)
            return rc;
        listing l = {a, a->o.cfg->json ? json_array() : NULL};
        hs_error err = {0};
        hs_status st = first_unit_ops_catalogue_each(&a->ctx, list_item, &l, &err);
        if (st == HS_OK && l.all != NULL)
            cli_print_json(l.all);
        else
            json_decref(l.all);
        return done(a, st, &err);
    }
    usage(stderr);
    return cli_fail("first-unit catalogue", HS_INPUT, "unknown subcommand '%s' (add, list)", sub);
}

/* ---- units ---- */

static int do_register(fargs *a, int argc, char **argv) {
    static const int opts[] = {O_ITEM,    O_MAKER,   O_BUYER, O_PRICE, O_UNIT_NO, O_INSURED,
                               O_INSURER, O_PREMIUM, O_FROM,  O_YEARS, O_POLICY,  O_DATE};
    PARSE_OR_RETURN(a, "first-unit register", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    static const int need[] = {O_ITEM,    O_MAKER,   O_BUYER, O_PRICE, O_UNIT_NO, O_INSURED,
                               O_INSURER, O_PREMIUM, O_FROM,  O_YEARS, O_POLICY};
    int rc;
    for (size_t i = 0; i < N(need); i++)
        if ((rc = opts_need(o, need[i])) != 0)
            return rc;
    first_unit_request r;
    memset(&r, 0, sizeof r);
    hs_date on = 0;
    if (!copy_arg(a, "unit", r.id, sizeof r.id) || !copy_opt(a, O_ITEM, r.item, sizeof r.item) ||
        !copy_opt(a, O_MAKER, r.maker, sizeof r.maker) ||
        !copy_opt(a, O_BUYER, r.buyer, sizeof r.buyer) ||
        !copy_opt(a, O_INSURER, r.insurer, sizeof r.insurer) ||
        !opts_money(o, O_PRICE, &r.price_fen) || !opts_money(o, O_PREMIUM, &r.premium_fen) ||
        !opts_int32(o, O_UNIT_NO, &r.unit_no) || !opts_int32(o, O_YEARS, &r.cover_years) ||
        !opts_date(o, O_FROM, &r.cover_from) || (o->given[O_DATE] && !opts_date(o, O_DATE, &on)))
        return 2;
    if (!first_unit_party_parse(o->val[O_INSURED], &r.insured))
        return opts_fail(o, O_INSURED, "invalid_field", "--insured: 'maker' or 'buyer', not '%s'",
                         o->val[O_INSURED]);
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    policy_doc doc;
    memset(&doc, 0, sizeof doc);
    hs_status st = resolve_policy(a, o->val[O_POLICY], &doc, &err);
    first_unit u;
    bool existed = false;
    if (st == HS_OK)
        st = first_unit_ops_register(&a->ctx, &doc, &r, on, &u, &existed, &err);
    policy_doc_free(&doc);
    if (st == HS_OK && o->cfg->json) {
        json_t *v = view_first_unit(&u);
        json_object_set_new(v, "existed", json_boolean(existed));
        cli_print_json(v);
    } else if (st == HS_OK) {
        print_unit(a, &u);
        if (existed)
            printf("(already there: nothing changed)\n");
    }
    return done(a, st, &err);
}

static int do_subsidise(fargs *a, int argc, char **argv) {
    PARSE_OR_RETURN(a, "first-unit subsidise", argc, argv, NULL, 0, OPTS_ONE_ARG);
    int rc = open_book(a);
    if (rc != 0)
        return rc;
    hs_error err = {0};
    first_unit u;
    bool existed = false;
    hs_status st = first_unit_ops_subsidise(&a->ctx, a->o.arg, &u, &existed, &err);
    if (st == HS_OK && a->o.cfg->json) {
        json_t *v = view_first_unit(&u);
        json_object_set_new(v, "existed", json_boolean(existed));
        cli_print_json(v);
    } else if (st == HS_OK) {
        print_unit(a, &u);
        if (existed)
            printf("(subsidised before: nothing paid now)\n");
    }
    return done(a, st, &err);
}

static int do_claim(fargs *a, int argc, char **argv) {
    static const int opts[] = {O_ID, O_DATE, O_FAILURE, O_LOSS, O_INSURER_PAID};
    PARSE_OR_RETURN(a, "first-unit claim", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    const cli_opts *o = &a->o;
    int rc;
    for (size_t i = 0; i < N(opts); i++)
        if ((rc = opts_need(o, opts[i])) != 0)
            return rc;
    first_unit_claim c;
    memset(&c, 0, sizeof c);
    if (!copy_arg(a, "unit", c.unit, sizeof c.unit) || !copy_opt(a, O_ID, c.id, sizeof c.id) ||
        !opts_date(o, O_DATE, &c.date) || !opts_money(o, O_LOSS, &c.loss_fen) ||
        !opts_money(o, O_INSURER_PAID, &c.insurer_paid_fen))
        return 2;
    if (!first_unit_failure_parse(o->val[O_FAILURE], &c.failure))
        return opts_fail(o, O_FAILURE, "invalid_field",
                         "--failure: 'quality', 'liability' or 'other', not '%s'",
                         o->val[O_FAILURE]);
    if ((rc = open_book(a)) != 0)
        return rc;
    hs_error err = {0};
    first_unit_claim out;
    bool existed = false;
    hs_status st = first_unit_ops_claim(&a->ctx, &c, &out, &existed, &err);
    if (st == HS_OK && o->cfg->json) {
        json_t *v = view_first_unit_claim(&out);
        json_object_set_new(v, "existed", json_boolean(existed));
        cli_print_json(v);
    } else if (st == HS_OK) {
        char m[3][MONEY_TEXT_MAX], d[11];
        printf("claim %s on %s (%s, %s): loss %s, insurer paid %s, agency top-up %s%s%s\n", out.id,
               out.unit, first_unit_failure_name(out.failure), date_format(out.date, d),
               money(a, out.loss_fen, m[0]), money(a, out.insurer_paid_fen, m[1]),
               money(a, out.topup_fen, m[2]), out.payee_account[0] ? " to " : "",
               out.payee_account);
        printf("  clause: %s\n", out.clause);
        if (existed)
            printf("(recorded before: nothing paid now)\n");
    }
    return done(a, st, &err);
}

static hs_status claim_json(void *c, const first_unit_claim *cl, hs_error *err) {
    if (json_array_append_new(c, view_first_unit_claim(cl)) != 0)
        return hs_fail(err, HS_STORAGE, "out of memory");
    return HS_OK;
}

static int do_show(fargs *a, int argc, char **argv) {
    static const int opts[] = {O_EXPLAIN};
    PARSE_OR_RETURN(a, "first-unit show", argc, argv, opts, N(opts), OPTS_ONE_ARG);
    int rc = open_book(a);
    if (rc != 0)
        return rc;
    hs_error err = {0};
    first_unit u;
    hs_explanation ex;
    memset(&ex, 0, sizeof ex);
    bool explain = a->o.given[O_EXPLAIN];
    hs_status st = explain ? first_unit_ops_explain(&a->ctx, a->o.arg, &u, &ex, &err)
                           : first_unit_ops_show(&a->ctx, a->o.arg, &u, &err);
    json_t *claims = json_array();
    if (st == HS_OK && claims == NULL)
        st = hs_fail(&err, HS_STORAGE, "out of memory");
    if (st == HS_OK)
        st = first_unit_ops_claims_each(&a->ctx, u.req.id, claim_json, claims, &err);
    if (st == HS_OK && a->o.cfg->json) {
        cli_print_json(view_first_unit_full(&u, claims, explain ? &ex : NULL));
    } else if (st == HS_OK) {
        print_unit(a, &u);
        size_t i;
        json_t *c;
        json_array_foreach(claims, i, c) {
            printf("  claim %s %s %s: loss %s, insurer %s, top-up %s\n",
                   json_string_value(json_object_get(c, "id")),
                   json_string_value(json_object_get(c, "date")),
                   json_string_value(json_object_get(c, "failure")),
                   json_string_value(json_object_get(c, "loss")),
                   json_string_value(json_object_get(c, "insurer_paid")),
                   json_string_value(json_object_get(c, "topup")));
        }
        if (explain)
            printf("%s:\n", u.status == FIRST_UNIT_SUBSIDISED ? "the premium subsidy as decided"
                                                              : "as it would be decided today");
        for (size_t k = 0; explain && k < ex.count; k++) {
            const hs_explain_item *it = &ex.items[k];
            printf("  %*s%s: %s%s%s\n", 2 * it->depth, "", it->label, it->value,
                   it->note[0] ? "  -- " : "", it->note);
        }
    }
    json_decref(claims);
    if (explain && ex.items != NULL)
        explanation_free(&ex);
    return done(a, st, &err);
}

static hs_status list_unit(void *c, const first_unit *u, hs_error *err) {
    listing *l = c;
    if (l->all != NULL) {
        if (json_array_append_new(l->all, view_first_unit(u)) != 0)
            return hs_fail(err, HS_STORAGE, "out of memory");
        return HS_OK;
    }
    char m[3][MONEY_TEXT_MAX];
    printf("%-16s %-16s %-18s %-18s %20s %-10s %18s %4d\n", u->req.id, u->req.item, u->req.maker,
           u->req.buyer, money(l->a, u->req.price_fen, m[0]), first_unit_status_name(u->status),
           money(l->a, u->subsidy_fen, m[1]), (int)u->claims);
    return HS_OK;
}

static int do_list(fargs *a, int argc, char **argv) {
    static const int opts[] = {O_FIRM};
    PARSE_OR_RETURN(a, "first-unit list", argc, argv, opts, N(opts), OPTS_NO_ARG);
    int rc = open_book(a);
    if (rc != 0)
        return rc;
    listing l = {a, a->o.cfg->json ? json_array() : NULL};
    if (!a->o.cfg->json)
        printf("%-16s %-16s %-18s %-18s %20s %-10s %18s %4s\n", "unit", "item", "maker", "buyer",
               "price", "status", "subsidy", "clms");
    hs_error err = {0};
    hs_status st = first_unit_ops_each(&a->ctx, a->o.given[O_FIRM] ? a->o.val[O_FIRM] : NULL,
                                       list_unit, &l, &err);
    if (st == HS_OK && l.all != NULL)
        cli_print_json(l.all);
    else
        json_decref(l.all);
    return done(a, st, &err);
}

int cmd_first_unit(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    fargs a;
    memset(&a, 0, sizeof a);
    a.o.cfg = cfg;
    a.o.cmd = "first-unit";
    a.o.table = long_opts;
    a.o.usage = usage;
    const char *sub = argv[1];
    if (!strcmp(sub, "catalogue"))
        return cmd_catalogue(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "register"))
        return do_register(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "subsidise"))
        return do_subsidise(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "claim"))
        return do_claim(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "show"))
        return do_show(&a, argc - 1, argv + 1);
    if (!strcmp(sub, "list"))
        return do_list(&a, argc - 1, argv + 1);
    usage(stderr);
    return cli_fail("first-unit", HS_INPUT,
                    "unknown subcommand '%s' (catalogue, register, subsidise, claim, show, list)",
                    sub);
}
