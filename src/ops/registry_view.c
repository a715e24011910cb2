/* registry_view.c — the registry's JSON views (see registry_view.h). */
#include "ops/registry_view.h"

#include "registry/firm_json.h"

json_t *view_firm(const hs_firm *f) {
    return firm_to_json(f);
}

json_t *view_firm_product(const hs_product *p) {
    return product_to_json(p);
}

json_t *view_firm_record(const firm_record *rec) {
    json_t *o = firm_to_json(&rec->firm);
    json_t *products = json_array(), *hist = json_array();
    if (o == NULL || products == NULL || hist == NULL) {
        json_decref(o);
        json_decref(products);
        json_decref(hist);
        return NULL;
    }
    json_object_set_new(o, "version", json_integer(rec->meta.version));
    json_object_set_new(o, "updated_at", json_string(rec->meta.updated_at));
    for (size_t i = 0; i < rec->nproducts; i++)
        json_array_append_new(products, product_to_json(&rec->products[i]));
    json_object_set_new(o, "products", products);
    for (size_t i = 0; i < rec->nhistory; i++) {
        json_t *h = json_pack(
            "{s:I, s:s, s:s}", "version", (json_int_t)rec->history_meta[i].version, "valid_from",
            rec->history_meta[i].updated_at, "replaced_at", rec->history_meta[i].replaced_at);
        if (h == NULL) {
            json_decref(o);
            json_decref(hist);
            return NULL;
        }
        json_object_set_new(h, "firm", firm_to_json(&rec->history[i]));
        json_array_append_new(hist, h);
    }
    json_object_set_new(o, "history", hist);
    if (rec->division_name != NULL) {
        char code[DIVISION_CODE_LEN + 1];
        snprintf(code, sizeof code, "%.6s", rec->firm.uscc + 2);
        json_object_set_new(o, "division",
                            json_pack("{s:s, s:s, s:b}", "code", code, "name", rec->division_name,
                                      "former", rec->division_former));
    }
    return o;
}

json_t *view_import_summary(const char *file, const import_summary *sum, const char *rejects) {
    json_t *o =
        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "file", file, "rows", (json_int_t)sum->rows,
                  "inserted", (json_int_t)sum->inserted, "updated", (json_int_t)sum->updated,
                  "unchanged", (json_int_t)sum->unchanged, "rejected", (json_int_t)sum->rejected);
    if (o != NULL && rejects != NULL)
        json_object_set_new(o, "rejects_file", json_string(rejects));
    return o;
}

json_t *view_uscc_check(const char *uscc, bool valid, const char *why) {
    return json_pack("{s:s, s:b, s:s}", "uscc", uscc, "valid", valid, "error", valid ? "" : why);
}
