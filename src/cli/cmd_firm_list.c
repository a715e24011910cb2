/* cmd_firm_list.c — `huoshui firm list` and `huoshui firm show USCC` (tables or --json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "cli/cmd_firm.h"
#include "ops/registry_view.h"
#include "registry/firm_csv.h"

/* Display columns of UTF-8 text: CJK and other wide characters count two. */
static int display_width(const char *s) {
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        w += *p >= 0xE1 ? 2 : 1; /* three- and four-byte sequences: CJK, fullwidth forms */
    }
    return w;
}

static void print_padded(const char *s, int width) {
    fputs(s, stdout);
    for (int w = display_width(s); w < width; w++)
        putchar(' ');
}

typedef struct {
    const hs_config *cfg;
    int64_t limit; /* -1: all */
    int64_t shown;
} list_ctx;

static hs_status list_row(void *vctx, const hs_firm *f, hs_error *err) {
    list_ctx *c = vctx;
    if (c->limit >= 0 && c->shown >= c->limit)
        return HS_REFUSED; /* stop the walk */
    if (c->cfg->json) {
        json_t *o = view_firm(f);
        if (o == NULL)
            return hs_fail(err, HS_STORAGE, "out of memory");
        char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s\n  %s", c->shown ? "," : "", text ? text : "null");
        free(text);
        json_decref(o);
    } else {
        char emp[24] = "", rev[MONEY_TEXT_MAX] = "";
        if (f->has & FIRM_HAS_EMPLOYEES)
            snprintf(emp, sizeof emp, "%lld", (long long)f->employees);
        if (f->has & FIRM_HAS_REVENUE)
            cli_money_text(c->cfg, f->revenue_fen, rev, sizeof rev);
        printf("%s  ", f->uscc);
        print_padded(f->city, 8);
        printf("  %-19s  %-7s  %9s  %22s  %s\n", firm_sector_code(f->sector),
               firm_stage_code(f->stage), emp, rev, f->name);
    }
    c->shown++;
    return HS_OK;
}

int cmd_firm_list(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "firm list";
    firm_filter filter = {.city = NULL};
    list_ctx c = {.cfg = cfg, .limit = -1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: huoshui firm list [--city C] [--sector S] [--stage S] [--flag F]... "
                   "[--limit N] [--json]\n"
                   "Lists firms in credit-code order; --json prints an array of firm objects.\n"
                   "S: nlp vision smart_manufacturing biomedicine chips robotics data compute "
                   "other (or a Chinese label); stage: seed startup growth mature;\n"
                   "F: high_tech zjtx national_lab national_engineering_center unicorn.\n");
            return 0;
        }
        if (v == NULL)
            return cli_fail(cmd, HS_INPUT, "unknown or incomplete option '%s'", a);
        i++;
        if (strcmp(a, "--city") == 0)
            filter.city = v;
        else if (strcmp(a, "--sector") == 0) {
            if (!firm_sector_parse(v, &filter.sector) || filter.sector == FIRM_SECTOR_UNSET)
                return cli_fail(cmd, HS_INPUT, "--sector: unknown sector '%s'", v);
        } else if (strcmp(a, "--stage") == 0) {
            if (!firm_stage_parse(v, &filter.stage) || filter.stage == FIRM_STAGE_UNSET)
                return cli_fail(cmd, HS_INPUT, "--stage: unknown stage '%s'", v);
        } else if (strcmp(a, "--flag") == 0) {
            if (!firm_flag_parse(v, &filter.flags_all))
                return cli_fail(cmd, HS_INPUT, "--flag: unknown flag '%s'", v);
        } else if (strcmp(a, "--limit") == 0) {
            if (!cli_int_arg(cmd, "--limit", v, &c.limit))
                return HS_INPUT;
        } else
            return cli_fail(cmd, HS_INPUT, "unknown option '%s'", a);
    }
    hs_store *s;
    hs_ctx ctx;
    registry_session rs;
    int rc = firm_open(cfg, cmd, false, &s, &ctx, &rs);
    if (rc != 0)
        return rc;
    if (cfg->json)
        fputs("[", stdout);
    else
        printf("%-18s  %-8s  %-19s  %-7s  %9s  %22s  %s\n", "USCC", "CITY", "SECTOR", "STAGE",
               "EMPLOYEES", "REVENUE", "NAME");
    hs_error err;
    hs_error_clear(&err);
    hs_status st = firm_list_op(&ctx, &rs, &filter, list_row, &c, &err);
    if (st == HS_REFUSED)
        st = HS_OK;
    if (cfg->json)
        fputs(c.shown ? "\n]\n" : "]\n", stdout);
    firm_close(s, &rs);
    return st == HS_OK ? 0 : cli_report(cmd, &err);
}

/* ---- show ---- */

static void show_product(const hs_product *p, size_t index) {
    char price[MONEY_TEXT_MAX] = "", date[DATE_TEXT_LEN] = "";
    if (p->has & PRODUCT_HAS_PRICE)
        money_format(p->price_fen, price, sizeof price);
    if (p->has & PRODUCT_HAS_DATE)
        date_format(p->date, date);
    if (index == 0)
        printf("products:\n");
    printf("  %-16s  %-22s  %-10s  %18s  %s\n", p->product_id, product_kind_code(p->kind), date,
           price, p->name);
}

/* Prints "field old -> new" for each field that differs between two versions. */
static void print_changes(const hs_firm *a, const hs_firm *b) {
    const char *sep = "";
    for (int field = 0; field < FIRM_FIELD_COUNT; field++) {
        char ba[MONEY_TEXT_MAX], bb[MONEY_TEXT_MAX];
        const char *ta = firm_csv_cell(a, (firm_field)field, ba, sizeof ba);
        const char *tb = firm_csv_cell(b, (firm_field)field, bb, sizeof bb);
        if (strcmp(ta, tb) == 0)
            continue;
        printf("%s%s %s -> %s", sep, firm_field_name((firm_field)field), ta[0] ? ta : "(none)",
               tb[0] ? tb : "(none)");
        sep = "; ";
    }
    putchar('\n');
}

static void show_text(const hs_config *cfg, const firm_record *rec) {
    const hs_firm *f = &rec->firm;
    const firm_meta *meta = &rec->meta;
    char buf[MONEY_TEXT_MAX];
    printf("%s  %s\n", f->uscc, f->name);
    printf("  %-20s %s%s%s%s\n", "city", f->city, f->district[0] ? " (" : "", f->district,
           f->district[0] ? ")" : "");
    if (rec->division_name != NULL) /* GB/T 2260: characters 3-8 of the code */
        printf("  %-20s %.6s %s%s\n", "division", f->uscc + 2, rec->division_name,
               rec->division_former ? " (former division)" : "");
    if (f->sector != FIRM_SECTOR_UNSET)
        printf("  %-20s %s (%s)\n", "sector", firm_sector_code(f->sector),
               firm_sector_label_zh(f->sector));
    if (f->stage != FIRM_STAGE_UNSET)
        printf("  %-20s %s\n", "stage", firm_stage_code(f->stage));
    for (int field = FIRM_FIELD_FOUNDED; field < FIRM_FIELD_HIGH_TECH; field++) {
        const char *t = firm_csv_cell(f, (firm_field)field, buf, sizeof buf);
        if (t[0] == '\0')
            continue;
        if (field == FIRM_FIELD_REVENUE)
            t = cli_money_text(cfg, f->revenue_fen, buf, sizeof buf);
        else if (field == FIRM_FIELD_RD_SPEND)
            t = cli_money_text(cfg, f->rd_spend_fen, buf, sizeof buf);
        printf("  %-20s %s\n", firm_field_name((firm_field)field), t);
    }
    printf("  %-20s", "flags");
    bool any = false;
    for (int field = FIRM_FIELD_HIGH_TECH; field < FIRM_FIELD_COUNT; field++)
        if (f->flags & firm_field_flag((firm_field)field)) {
            printf(" %s", firm_field_name((firm_field)field));
            any = true;
        }
    printf("%s\n", any ? "" : " (none)");
    printf("  %-20s %lld (since %s)\n", "version", (long long)meta->version, meta->updated_at);
}

int cmd_firm_show(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "firm show";
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: huoshui firm show USCC [--json]\n"
               "Shows one firm, its products and its history (each earlier version, what changed "
               "and when).\n");
        return 0;
    }
    if (argc != 2)
        return cli_fail(cmd, HS_INPUT, "usage: huoshui firm show USCC [--json]");
    char why[200];
    hs_error err;
    hs_error_clear(&err);
    if (!uscc_valid(argv[1], why, sizeof why)) { /* before opening the book */
        hs_invalid_field(&err, "uscc", "invalid credit code '%s': %s", argv[1], why);
        return cli_report(cmd, &err);
    }
    hs_store *s;
    hs_ctx ctx;
    registry_session rs;
    int rc = firm_open(cfg, cmd, false, &s, &ctx, &rs);
    if (rc != 0)
        return rc;
    firm_record rec;
    hs_status st = firm_show_op(&ctx, &rs, argv[1], &rec, &err);
    if (st == HS_OK && cfg->json) {
        json_t *o = view_firm_record(&rec);
        if (o == NULL)
            st = hs_fail(&err, HS_STORAGE, "out of memory");
        else
            cli_print_json(o);
    } else if (st == HS_OK) {
        show_text(cfg, &rec);
        for (size_t i = 0; i < rec.nproducts; i++)
            show_product(&rec.products[i], i);
        if (rec.nhistory > 0)
            printf("history:\n");
        for (size_t i = 0; i < rec.nhistory; i++) {
            const hs_firm *next = i + 1 < rec.nhistory ? &rec.history[i + 1] : &rec.firm;
            printf("  v%lld %s .. %s: ", (long long)rec.history_meta[i].version,
                   rec.history_meta[i].updated_at, rec.history_meta[i].replaced_at);
            print_changes(&rec.history[i], next);
        }
    }
    firm_record_free(&rec);
    firm_close(s, &rs);
    return st == HS_OK ? 0 : cli_report(cmd, &err);
}
