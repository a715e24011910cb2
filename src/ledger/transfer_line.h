/* transfer_line.h — the fast reading of one plain JSON Lines transfer, beside transfer_from_json.
 *
 * `transfer --batch` reads millions of lines of one flat object each. Building a jansson tree per
 * line (a hashtable and an allocation per key and value) took most of the reader's time, so a line
 * is first streamed through yajl (Debian's libyajl) straight into the transfer's fields. The fast
 * reading only ever answers for a line it is sure of; everything else (escapes, control bytes,
 * invalid UTF-8, numbers with a fraction, null, arrays, nested objects other than "ref"/"refs",
 * duplicate keys, both amount and amount_fen, any field a setter refuses) is left to the jansson
 * reading, which gives the messages and decisions it always gave. */
#ifndef HS_LEDGER_TRANSFER_LINE_H
#define HS_LEDGER_TRANSFER_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "ledger/transfer.h"

/* Fills `t` from text[0..len) (one JSON object, surrounding whitespace allowed) and returns true
 * when the line is a plain transfer that transfer_from_json would accept with exactly the same
 * result (the same bytes in `t`); returns false, with `t` unspecified, when the caller must read
 * the line with jansson and transfer_from_json instead. Never allocates beyond yajl's own handle;
 * no error is lost by a false return, since the slow reading decides the line again. */
bool transfer_from_json_line(const char *text, size_t len, hs_transfer *t);

#endif
