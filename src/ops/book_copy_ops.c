/* book_copy_ops.c — `huoshui book copy` (see book_copy_ops.h). */
#include "ops/book_copy_ops.h"

#include <assert.h>

hs_status ops_book_copy(const char *src, const char *dst, store_copy_report *report,
                        hs_error *err) {
    assert(src != NULL && dst != NULL && report != NULL);
    return store_copy(src, dst, report, err);
}
