/* book_copy_ops.h — what `huoshui book copy SRC DST` means: the whole book copied into a new,
 * empty one, either backend to either (store_copy). */
#ifndef HS_OPS_BOOK_COPY_OPS_H
#define HS_OPS_BOOK_COPY_OPS_H

#include "store/store.h"

/* Copies the book at `src` into `dst` (paths or PostgreSQL URLs); see store_copy. */
hs_status ops_book_copy(const char *src, const char *dst, store_copy_report *report, hs_error *err);

#endif
