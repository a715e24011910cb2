/* product.h — a firm's product record (首版次软件, 首台套, ...), the unit that "once per product"
 * subsidies count, and its CSV format.
 *
 * CSV columns (uscc, product_id, kind, name required; price, date optional):
 *   uscc,product_id,kind,name,price,date
 * Chinese header aliases: 统一社会信用代码 产品编号 类别 产品名称 价格 日期.
 * Kinds (code, Chinese labels accepted):
 *   first_version_software  首版次软件, 首版次
 *   first_unit_equipment    首台套, 首台(套), 首台套装备
 *   first_batch_material    首批次新材料, 首批次
 *   ai_model                大模型, 模型备案, 备案大模型
 *   other                   其他
 * product_id is the firm's own identifier (1-63 printable characters, unique per firm); a firm's
 * (uscc, product_id) pair names one product, and re-importing it updates it. */
#ifndef HS_REGISTRY_PRODUCT_H
#define HS_REGISTRY_PRODUCT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/date.h"
#include "registry/csv_io.h"
#include "registry/uscc.h"

#define PRODUCT_ID_MAX 64
#define PRODUCT_NAME_MAX 256

typedef enum {
    PRODUCT_KIND_FIRST_VERSION_SOFTWARE = 0,
    PRODUCT_KIND_FIRST_UNIT_EQUIPMENT,
    PRODUCT_KIND_FIRST_BATCH_MATERIAL,
    PRODUCT_KIND_AI_MODEL,
    PRODUCT_KIND_OTHER,
    PRODUCT_KIND_COUNT
} product_kind;

enum { PRODUCT_HAS_PRICE = 1u << 0, PRODUCT_HAS_DATE = 1u << 1 };

typedef struct {
    char uscc[USCC_LEN + 1];
    char product_id[PRODUCT_ID_MAX];
    product_kind kind;
    char name[PRODUCT_NAME_MAX];
    int64_t price_fen; /* unit price (e.g. the contract price of a first unit) */
    hs_date date;      /* recognition / first sale date */
    uint32_t has;      /* PRODUCT_HAS_* */
} hs_product;

typedef enum {
    PRODUCT_FIELD_USCC = 0,
    PRODUCT_FIELD_PRODUCT_ID,
    PRODUCT_FIELD_KIND,
    PRODUCT_FIELD_NAME,
    PRODUCT_FIELD_PRICE,
    PRODUCT_FIELD_DATE,
    PRODUCT_FIELD_COUNT
} product_field;

/* The code of a kind ("first_version_software", ...). */
const char *product_kind_code(product_kind k);
/* Parses a kind code or Chinese label; false if unknown. */
bool product_kind_parse(const char *text, product_kind *out);
/* True if the two records hold the same values. */
bool product_equal(const hs_product *a, const hs_product *b);

/* Maps a product header record (unknown/repeated/missing columns are HS_INPUT errors). */
hs_status product_csv_header(csv_header_map *h, const csv_record *rec, const char *file,
                             hs_error *err);
/* Parses one data row; true if valid, else every problem is in `issues`. */
bool product_csv_row(const csv_header_map *h, const csv_record *rec, hs_product *out,
                     row_issues *issues);
/* Writes the canonical header line. */
void product_csv_write_header(FILE *out);
/* Writes one product as a canonical row. */
void product_csv_write_row(FILE *out, const hs_product *p);

#endif
