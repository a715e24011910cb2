/* firm_inputs.c — the registry's record of a firm as policy inputs (see firm_inputs.h). */
#include "ops/firm_inputs.h"

#include "registry/firm_csv.h"
#include "registry/registry.h"

hs_status ops_firm_inputs(void *vctx, const char *uscc, json_t *inputs, hs_error *err) {
    hs_store *s = vctx;
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    firm_meta meta;
    bool found = false;
    st = registry_find(r, uscc, &f, &meta, &found, err);
    if (st == HS_OK && found) {
        json_t *row = json_object();
        for (int k = 0; row != NULL && k < FIRM_FIELD_COUNT; k++) {
            char buf[512];
            const char *cell = firm_csv_cell(&f, (firm_field)k, buf, sizeof buf);
            if (cell != NULL && cell[0] != '\0')
                json_object_set_new(row, firm_field_name((firm_field)k), json_string(cell));
        }
        if (row == NULL)
            st = hs_fail(err, HS_STORAGE, "out of memory");
        else
            json_object_update_missing(inputs, row);
        json_decref(row);
    }
    registry_close(r);
    return st;
}

hs_status ops_firm_registered(hs_store *s, const char *uscc, bool *found, hs_error *err) {
    hs_registry *r;
    hs_status st = registry_open(s, &r, err);
    if (st != HS_OK)
        return st;
    hs_firm f;
    firm_meta meta;
    st = registry_find(r, uscc, &f, &meta, found, err);
    registry_close(r);
    return st;
}
