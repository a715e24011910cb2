/* report_repo.c — the reports' registry reads in the book (see report/report_repo.h). */
#include "report/report_repo.h"
#include "store/sql/sql_store.h"

#include <assert.h>

typedef struct {
    char *sector, *place;
    size_t sector_len, place_len;
} place_out;

static void read_place(db_stmt *q, void *out) {
    place_out *o = out;
    store_column_text(q, 0, o->sector, o->sector_len);
    store_column_text(q, 1, o->place, o->place_len);
}

hs_status report_repo_firm_place(hs_store *s, const char *uscc, bool city, char *sector,
                                 size_t sector_len, char *place, size_t place_len, bool *found,
                                 hs_error *err) {
    assert(s != NULL && uscc != NULL && sector_len > 0 && place_len > 0 && found != NULL);
    sector[0] = place[0] = '\0';
    place_out o = {sector, place, sector_len, place_len};
    return store_get_one(s,
                         city ? "SELECT sector, city FROM firms WHERE uscc = ?1"
                              : "SELECT sector, COALESCE(NULLIF(district, ''), city) FROM firms "
                                "WHERE uscc = ?1",
                         uscc, read_place, &o, found, "reading a firm's place", err);
}
