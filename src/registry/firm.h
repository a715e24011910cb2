/* firm.h — one enterprise in the registry: identity (统一社会信用代码), place, sector, stage, size,
 * innovation counts and recognition flags, plus the text forms every importer and exporter shares.
 *
 * Optional numeric fields carry a bit in `has` (FIRM_HAS_*): unset means "not reported", which is
 * different from zero. Text fields use "" for not reported. Flags are plain booleans (an empty
 * cell means false). Money is int64 fen; dates are hs_date.
 *
 * Sector labels (firm_sector_parse, case-insensitive for Latin letters; '-' or ' ' = '_'):
 *   nlp                  自然语言, 自然语言处理, 大模型, 大语言模型, 语言模型, 语音, 语音识别
 *   vision               视觉, 计算机视觉, 机器视觉, 图像识别, 图像, cv
 *   smart_manufacturing  智能制造, 工业智能, 工业互联网, 制造
 *   biomedicine          生物医药, 医药, 生物医学, 医疗, 智慧医疗, ai制药
 *   chips                芯片, 集成电路, 半导体, ai芯片, chip
 *   robotics             机器人, 人形机器人, 具身智能, 工业机器人, robot
 *   data                 数据, 大数据, 数据服务, 数据要素
 *   compute              算力, 智算, 计算, 云计算, 数据中心
 *   other                其他, 其它
 * Stage labels: seed 种子期, startup 初创期, growth 成长期, mature 成熟期.
 * Booleans: true/false, 1/0, yes/no, y/n, 是/否 (Latin case-insensitive); empty = false. */
#ifndef HS_REGISTRY_FIRM_H
#define HS_REGISTRY_FIRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "registry/uscc.h"

#define FIRM_NAME_MAX 256 /* bytes of UTF-8 including the NUL */
#define FIRM_PLACE_MAX 64 /* city, district */

typedef enum {
    FIRM_SECTOR_UNSET = 0,
    FIRM_SECTOR_NLP,
    FIRM_SECTOR_VISION,
    FIRM_SECTOR_SMART_MANUFACTURING,
    FIRM_SECTOR_BIOMEDICINE,
    FIRM_SECTOR_CHIPS,
    FIRM_SECTOR_ROBOTICS,
    FIRM_SECTOR_DATA,
    FIRM_SECTOR_COMPUTE,
    FIRM_SECTOR_OTHER,
    FIRM_SECTOR_COUNT
} firm_sector;

typedef enum {
    FIRM_STAGE_UNSET = 0,
    FIRM_STAGE_SEED,
    FIRM_STAGE_STARTUP,
    FIRM_STAGE_GROWTH,
    FIRM_STAGE_MATURE,
    FIRM_STAGE_COUNT
} firm_stage;

enum {
    FIRM_FLAG_HIGH_TECH = 1u << 0,                   /* 高新技术企业 */
    FIRM_FLAG_ZJTX = 1u << 1,                        /* 专精特新 */
    FIRM_FLAG_NATIONAL_LAB = 1u << 2,                /* 国家重点实验室 */
    FIRM_FLAG_NATIONAL_ENGINEERING_CENTER = 1u << 3, /* 国家工程(技术)研究中心 */
    FIRM_FLAG_UNICORN = 1u << 4,                     /* 独角兽 */
};
#define FIRM_FLAG_COUNT 5

enum {
    FIRM_HAS_FOUNDED = 1u << 0,
    FIRM_HAS_EMPLOYEES = 1u << 1,
    FIRM_HAS_REVENUE = 1u << 2,
    FIRM_HAS_RD_SPEND = 1u << 3,
    FIRM_HAS_PATENTS = 1u << 4,
    FIRM_HAS_TRADEMARKS = 1u << 5,
    FIRM_HAS_SOFTWARE_COPYRIGHTS = 1u << 6,
};

typedef struct {
    char uscc[USCC_LEN + 1];
    char name[FIRM_NAME_MAX];
    char city[FIRM_PLACE_MAX];
    char district[FIRM_PLACE_MAX];
    firm_sector sector;
    firm_stage stage;
    hs_date founded;
    int64_t employees;
    int64_t revenue_fen;  /* annual operating revenue */
    int64_t rd_spend_fen; /* annual R&D expense */
    int64_t patents, trademarks, software_copyrights;
    uint32_t has;   /* FIRM_HAS_* */
    uint32_t flags; /* FIRM_FLAG_* */
} hs_firm;

/* The fields of a firm, in the canonical CSV column order (export writes them in this order). */
typedef enum {
    FIRM_FIELD_USCC = 0,
    FIRM_FIELD_NAME,
    FIRM_FIELD_CITY,
    FIRM_FIELD_DISTRICT,
    FIRM_FIELD_SECTOR,
    FIRM_FIELD_STAGE,
    FIRM_FIELD_FOUNDED,
    FIRM_FIELD_EMPLOYEES,
    FIRM_FIELD_REVENUE,
    FIRM_FIELD_RD_SPEND,
    FIRM_FIELD_PATENTS,
    FIRM_FIELD_TRADEMARKS,
    FIRM_FIELD_SOFTWARE_COPYRIGHTS,
    FIRM_FIELD_HIGH_TECH,
    FIRM_FIELD_ZJTX,
    FIRM_FIELD_NATIONAL_LAB,
    FIRM_FIELD_NATIONAL_ENGINEERING_CENTER,
    FIRM_FIELD_UNICORN,
    FIRM_FIELD_COUNT
} firm_field;

/* Zeroes a firm (every optional field unset, no flags). */
void firm_init(hs_firm *f);
/* The canonical (CSV column / JSON key) name of a field, e.g. "rd_spend". */
const char *firm_field_name(firm_field field);
/* The flag bit of a boolean field (FIRM_FIELD_HIGH_TECH..UNICORN); 0 for other fields. */
uint32_t firm_field_flag(firm_field field);
/* Adds to *flags the flag bit of the boolean field named `text` (high_tech, zjtx, national_lab,
 * national_engineering_center, unicorn); false (flags untouched) for any other text. */
bool firm_flag_parse(const char *text, uint32_t *flags);
/* Copies the fields whose bit (1u << field) is set in `fields_mask` from src into dst. */
void firm_copy_fields(hs_firm *dst, const hs_firm *src, uint32_t fields_mask);
/* True if the two firms hold the same values (unset fields compare equal whatever their payload).
 */
bool firm_equal(const hs_firm *a, const hs_firm *b);

/* The code of a sector ("nlp", ...), "" for UNSET. */
const char *firm_sector_code(firm_sector s);
/* The Chinese label of a sector ("自然语言", ...), "" for UNSET. */
const char *firm_sector_label_zh(firm_sector s);
/* Parses a sector code or Chinese label (see the table above); "" gives UNSET. False if unknown. */
bool firm_sector_parse(const char *text, firm_sector *out);
/* The code of a stage ("seed", ...), "" for UNSET. */
const char *firm_stage_code(firm_stage s);
/* Parses a stage code or Chinese label; "" gives UNSET. False if unknown. */
bool firm_stage_parse(const char *text, firm_stage *out);
/* Parses a boolean cell (see above; "" = false). False if not a boolean. */
bool firm_bool_parse(const char *text, bool *out);

#endif
