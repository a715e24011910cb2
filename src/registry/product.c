/* product.c — product kinds and the product CSV format (see product.h). */
#include "registry/product.h"

#include <assert.h>
#include <string.h>

#include "base/money.h"

static const char *const kind_codes[PRODUCT_KIND_COUNT] = {
    "first_version_software", "first_unit_equipment", "first_batch_material", "ai_model", "other",
};

static const struct {
    const char *label;
    product_kind kind;
} kind_labels[] = {
    {"首版次软件", PRODUCT_KIND_FIRST_VERSION_SOFTWARE},
    {"首版次", PRODUCT_KIND_FIRST_VERSION_SOFTWARE},
    {"首台套", PRODUCT_KIND_FIRST_UNIT_EQUIPMENT},
    {"首台(套)", PRODUCT_KIND_FIRST_UNIT_EQUIPMENT},
    {"首台套装备", PRODUCT_KIND_FIRST_UNIT_EQUIPMENT},
    {"首批次新材料", PRODUCT_KIND_FIRST_BATCH_MATERIAL},
    {"首批次", PRODUCT_KIND_FIRST_BATCH_MATERIAL},
    {"大模型", PRODUCT_KIND_AI_MODEL},
    {"模型备案", PRODUCT_KIND_AI_MODEL},
    {"备案大模型", PRODUCT_KIND_AI_MODEL},
    {"其他", PRODUCT_KIND_OTHER},
};

static const char *const field_names[PRODUCT_FIELD_COUNT] = {"uscc", "product_id", "kind",
                                                             "name", "price",      "date"};

static const csv_alias product_aliases[] = {
    {PRODUCT_FIELD_USCC, "统一社会信用代码"},
    {PRODUCT_FIELD_PRODUCT_ID, "产品编号"},
    {PRODUCT_FIELD_KIND, "类别"},
    {PRODUCT_FIELD_NAME, "产品名称"},
    {PRODUCT_FIELD_PRICE, "价格"},
    {PRODUCT_FIELD_DATE, "日期"},
};

const char *product_kind_code(product_kind k) {
    assert(k >= 0 && k < PRODUCT_KIND_COUNT);
    return kind_codes[k];
}

bool product_kind_parse(const char *text, product_kind *out) {
    char buf[64];
    size_t n = strlen(text);
    if (n >= sizeof buf)
        return false;
    for (size_t i = 0; i <= n; i++) {
        char c = text[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : (c == '-' || c == ' ') ? '_' : c;
    }
    for (int k = 0; k < PRODUCT_KIND_COUNT; k++)
        if (strcmp(buf, kind_codes[k]) == 0) {
            *out = (product_kind)k;
            return true;
        }
    for (size_t i = 0; i < sizeof kind_labels / sizeof kind_labels[0]; i++)
        if (strcmp(buf, kind_labels[i].label) == 0) {
            *out = kind_labels[i].kind;
            return true;
        }
    return false;
}

bool product_equal(const hs_product *a, const hs_product *b) {
    return strcmp(a->uscc, b->uscc) == 0 && strcmp(a->product_id, b->product_id) == 0 &&
           a->kind == b->kind && strcmp(a->name, b->name) == 0 && a->has == b->has &&
           (!(a->has & PRODUCT_HAS_PRICE) || a->price_fen == b->price_fen) &&
           (!(a->has & PRODUCT_HAS_DATE) || a->date == b->date);
}

hs_status product_csv_header(csv_header_map *h, const csv_record *rec, const char *file,
                             hs_error *err) {
    unsigned required = (1u << PRODUCT_FIELD_USCC) | (1u << PRODUCT_FIELD_PRODUCT_ID) |
                        (1u << PRODUCT_FIELD_KIND) | (1u << PRODUCT_FIELD_NAME);
    return csv_header_map_build(h, rec, field_names, PRODUCT_FIELD_COUNT, product_aliases,
                                sizeof product_aliases / sizeof product_aliases[0], required, file,
                                err);
}

static void parse_cell(product_field field, const char *cell, hs_product *p, row_issues *ri) {
    const char *name = field_names[field];
    char why[200];
    switch (field) {
    case PRODUCT_FIELD_USCC:
        if (!uscc_valid(cell, why, sizeof why))
            row_issues_add(ri, name, "invalid credit code '%s': %s", cell, why);
        else
            memcpy(p->uscc, cell, USCC_LEN + 1);
        break;
    case PRODUCT_FIELD_PRODUCT_ID:
        if (cell[0] == '\0')
            row_issues_add(ri, name, "required, but empty");
        else
            snprintf(p->product_id, sizeof p->product_id, "%s", cell);
        break;
    case PRODUCT_FIELD_KIND:
        if (!product_kind_parse(cell, &p->kind))
            row_issues_add(ri, name,
                           "unknown kind '%s' (first_version_software, first_unit_equipment, "
                           "first_batch_material, ai_model, other)",
                           cell);
        break;
    case PRODUCT_FIELD_NAME:
        if (cell[0] == '\0')
            row_issues_add(ri, name, "required, but empty");
        else
            snprintf(p->name, sizeof p->name, "%s", cell);
        break;
    case PRODUCT_FIELD_PRICE:
        if (cell[0] == '\0')
            break;
        if (!money_parse(cell, &p->price_fen, why, sizeof why))
            row_issues_add(ri, name, "not an amount: '%s' (%s)", cell, why);
        else if (p->price_fen < 0)
            row_issues_add(ri, name, "must not be negative: '%s'", cell);
        else
            p->has |= PRODUCT_HAS_PRICE;
        break;
    default:
        assert(field == PRODUCT_FIELD_DATE);
        if (cell[0] == '\0')
            break;
        if (!date_parse(cell, &p->date))
            row_issues_add(ri, name, "not a YYYY-MM-DD date: '%s'", cell);
        else
            p->has |= PRODUCT_HAS_DATE;
        break;
    }
}

bool product_csv_row(const csv_header_map *h, const csv_record *rec, hs_product *out,
                     row_issues *issues) {
    memset(out, 0, sizeof *out);
    issues->count = 0;
    if ((size_t)rec->count != h->ncols) {
        row_issues_add(issues, "(row)", "has %d cells, the header has %zu", rec->count, h->ncols);
        return false;
    }
    for (int field = 0; field < PRODUCT_FIELD_COUNT; field++) {
        int col = h->col_of[field];
        if (col < 0)
            continue;
        char cell[PRODUCT_NAME_MAX];
        size_t cap = field == PRODUCT_FIELD_NAME         ? PRODUCT_NAME_MAX
                     : field == PRODUCT_FIELD_PRODUCT_ID ? PRODUCT_ID_MAX
                                                         : 128;
        if (csv_cell_text(rec, col, field_names[field], cell, cap, issues))
            parse_cell((product_field)field, cell, out, issues);
    }
    return issues->count == 0;
}

void product_csv_write_header(FILE *out) {
    csv_write_record(out, field_names, PRODUCT_FIELD_COUNT);
}

void product_csv_write_row(FILE *out, const hs_product *p) {
    char price[MONEY_TEXT_MAX], date[DATE_TEXT_LEN];
    const char *cells[PRODUCT_FIELD_COUNT] = {
        p->uscc,
        p->product_id,
        product_kind_code(p->kind),
        p->name,
        (p->has & PRODUCT_HAS_PRICE) ? money_format_decimal(p->price_fen, price, sizeof price) : "",
        (p->has & PRODUCT_HAS_DATE) ? date_format(p->date, date) : "",
    };
    csv_write_record(out, cells, PRODUCT_FIELD_COUNT);
}
