/* money.h — money is an int64_t count of fen (0.01 CNY); rates are int64_t basis points.
 *
 * Nothing here wraps: every arithmetic helper returns false on overflow and leaves *out untouched.
 * Rounding rule, used everywhere in huoshui: half away from zero, to the fen
 * (money_mul_bp(1, 5000) = 1 fen x 50% = 0.5 -> 1 fen; -0.5 -> -1 fen).
 *
 * Accepted input forms (money_parse):
 *   12,345.67   12345.67 CNY   ¥12,345.67   -3.5   500万   1283亿   2.5亿   3270万元   12元
 * Output forms: money_format -> "12,345.67 CNY"; money_format_cn -> "1,283.00亿" / "500.00万" /
 * "12.00元". */
#ifndef HS_BASE_MONEY_H
#define HS_BASE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONEY_FEN_PER_YUAN INT64_C(100)
#define MONEY_BP_ONE INT64_C(10000) /* 100% in basis points */
#define MONEY_TEXT_MAX 64           /* enough for any formatted amount */

/* *out = a + b; false (and *out untouched) on overflow. */
bool money_add(int64_t a_fen, int64_t b_fen, int64_t *out_fen);
/* *out = a - b; false on overflow. */
bool money_sub(int64_t a_fen, int64_t b_fen, int64_t *out_fen);
/* *out = amount x count (e.g. a per-unit price times units); false on overflow. */
bool money_mul_int(int64_t amount_fen, int64_t count, int64_t *out_fen);
/* *out = amount x rate_bp / 10000, rounded half away from zero; false on overflow. */
bool money_mul_bp(int64_t amount_fen, int64_t rate_bp, int64_t *out_fen);
/* *out = amount x num / den (den != 0), rounded half away from zero; false on overflow or den == 0.
 */
bool money_mul_ratio(int64_t amount_fen, int64_t num, int64_t den, int64_t *out_fen);

/* Splits total_fen (>= 0) into n shares proportional to weights (each >= 0, sum > 0) that add up to
 * total_fen exactly (largest-remainder method; ties go to the lower index). False on bad input. */
bool money_allocate(int64_t total_fen, const int64_t *weights, size_t n, int64_t *shares_fen);

/* Parses any accepted form into fen. Returns true on success; on failure writes a reason to `why`.
 */
bool money_parse(const char *text, int64_t *out_fen, char *why, size_t why_len);

/* Writes "12,345.67 CNY" (or "-12,345.67 CNY"); returns buf. */
char *money_format(int64_t amount_fen, char *buf, size_t len);
/* Writes "12,345.67" without the currency; returns buf. */
char *money_format_plain(int64_t amount_fen, char *buf, size_t len);
/* Writes the decimal yuan string "12345.67" (no grouping, for JSON/CSV); returns buf. */
char *money_format_decimal(int64_t amount_fen, char *buf, size_t len);
/* Writes Chinese-unit style: >= 1亿 "1,283.00亿", >= 1万 "500.00万", else "12.34元" (display only,
 * rounded half away from zero to two decimals of the unit); returns buf. */
char *money_format_cn(int64_t amount_fen, char *buf, size_t len);

/* Parses a rate: "3%", "2.5%", "0.03", "300bp" -> basis points. False (with a reason) if finer than
 * 1bp. */
bool rate_parse_bp(const char *text, int64_t *out_bp, char *why, size_t why_len);
/* Writes a rate in basis points as a percentage, "2.5%"; returns buf. */
char *rate_format_bp(int64_t rate_bp, char *buf, size_t len);

#endif
