/* transfer_codec.h — transfers to and from text fields and JSON, shared by the CLI's flags and
 * batch files (JSON Lines, CSV) and the HTTP API, so every interface accepts exactly the same
 * fields:
 *
 *   id, debit, credit      the client's id and the account names
 *   amount                 any money form ("1,000.00", "500万", "¥12.5"); amount_fen: integer fen
 *   pending                true/false: reserve instead of moving;  timeout: seconds (pending only)
 *   post, void             the pending transfer's id to post (amount optional: partial) or void
 *   linked                 true/false: succeeds or fails with the next transfer
 *   code                   why (e.g. "subsidy.award");  date: value date YYYY-MM-DD
 *   ref.KEY                a reference (policy, clause, enterprise, ...); in JSON: "ref": {...}
 * References are kept as a canonical JSON object (keys sorted), so a retry compares equal. */
#ifndef HS_LEDGER_TRANSFER_CODEC_H
#define HS_LEDGER_TRANSFER_CODEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "ledger/transfer.h"

/* An empty transfer (no flags, no date given). */
void transfer_init(hs_transfer *t);
/* Sets one field from text; false with `why` naming the problem (the caller adds file:line:field).
 * Text fields (id, debit, credit, code, post, void, ref values) must be valid UTF-8 without control
 * characters; amounts ignore surrounding spaces (as CSV cells do); an empty value leaves an
 * optional field unset. */
bool transfer_set_field(hs_transfer *t, const char *field, const char *value, char *why,
                        size_t why_len);
/* Adds one reference KEY=VALUE (keys: letters, digits, '_', '.', '-'); false with why. */
bool transfer_add_ref(hs_transfer *t, const char *key, const char *value, char *why,
                      size_t why_len);
/* Adds references keys[i]=values[i] for i < n as n calls of transfer_add_ref would (the same
 * canonical refs), decoding and encoding the refs once; false with why, t's refs unchanged. */
bool transfer_add_refs(hs_transfer *t, const char *const *keys, const char *const *values, size_t n,
                       char *why, size_t why_len);
/* Fills a transfer from a JSON object; on failure names the offending field in `field`. Strings
 * holding NUL, and objects giving both amount and amount_fen, are refused. */
bool transfer_from_json(const json_t *obj, hs_transfer *t, char *field, size_t field_len, char *why,
                        size_t why_len);
/* A JSON object describing a stored or applied transfer (amounts as *_fen integers and yuan text).
 */
json_t *transfer_to_json(const hs_transfer *t);
/* A JSON object describing an account: account, kind, limit, debits_posted_fen, credits_posted_fen,
 * debits_pending_fen, credits_pending_fen, balance_fen (credits_posted - debits_posted). */
json_t *account_to_json(const hs_account *a);
/* Writes why `v` is not a date transfer fields accept (shape, no such day, or the year range). */
void transfer_date_why(const char *v, char *why, size_t why_len);
/* True if `field` is a known field name (or ref.KEY). */
bool transfer_field_known(const char *field);

#endif
