/* firm_json.c — firms and products as JSON objects (see firm_json.h). */
#include "registry/firm_json.h"

#include <assert.h>

static json_t *opt_int(const hs_firm *f, uint32_t bit, int64_t v) {
    return (f->has & bit) ? json_integer(v) : json_null();
}

json_t *firm_to_json(const hs_firm *f) {
    json_t *o = json_object();
    assert(o != NULL);
    char date[DATE_TEXT_LEN];
    json_object_set_new(o, "uscc", json_string(f->uscc));
    json_object_set_new(o, "name", json_string(f->name));
    json_object_set_new(o, "city", json_string(f->city));
    json_object_set_new(o, "district", json_string(f->district));
    json_object_set_new(o, "sector", json_string(firm_sector_code(f->sector)));
    json_object_set_new(o, "stage", json_string(firm_stage_code(f->stage)));
    json_object_set_new(o, "founded",
                        (f->has & FIRM_HAS_FOUNDED) ? json_string(date_format(f->founded, date))
                                                    : json_null());
    json_object_set_new(o, "employees", opt_int(f, FIRM_HAS_EMPLOYEES, f->employees));
    json_object_set_new(o, "revenue_fen", opt_int(f, FIRM_HAS_REVENUE, f->revenue_fen));
    json_object_set_new(o, "rd_spend_fen", opt_int(f, FIRM_HAS_RD_SPEND, f->rd_spend_fen));
    json_object_set_new(o, "patents", opt_int(f, FIRM_HAS_PATENTS, f->patents));
    json_object_set_new(o, "trademarks", opt_int(f, FIRM_HAS_TRADEMARKS, f->trademarks));
    json_object_set_new(o, "software_copyrights",
                        opt_int(f, FIRM_HAS_SOFTWARE_COPYRIGHTS, f->software_copyrights));
    for (int field = FIRM_FIELD_HIGH_TECH; field < FIRM_FIELD_COUNT; field++)
        json_object_set_new(o, firm_field_name((firm_field)field),
                            json_boolean(f->flags & firm_field_flag((firm_field)field)));
    return o;
}

json_t *product_to_json(const hs_product *p) {
    json_t *o = json_object();
    assert(o != NULL);
    char date[DATE_TEXT_LEN];
    json_object_set_new(o, "uscc", json_string(p->uscc));
    json_object_set_new(o, "product_id", json_string(p->product_id));
    json_object_set_new(o, "kind", json_string(product_kind_code(p->kind)));
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "price_fen",
                        (p->has & PRODUCT_HAS_PRICE) ? json_integer(p->price_fen) : json_null());
    json_object_set_new(o, "date",
                        (p->has & PRODUCT_HAS_DATE) ? json_string(date_format(p->date, date))
                                                    : json_null());
    return o;
}
