/* firm.c — the firm record's field table, comparisons and the sector/stage/boolean text forms. */
#include "registry/firm.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const field_names[FIRM_FIELD_COUNT] = {
    "uscc",
    "name",
    "city",
    "district",
    "sector",
    "stage",
    "founded",
    "employees",
    "revenue",
    "rd_spend",
    "patents",
    "trademarks",
    "software_copyrights",
    "high_tech",
    "zjtx",
    "national_lab",
    "national_engineering_center",
    "unicorn",
};

void firm_init(hs_firm *f) {
    memset(f, 0, sizeof *f);
}

const char *firm_field_name(firm_field field) {
    assert(field >= 0 && field < FIRM_FIELD_COUNT);
    return field_names[field];
}

bool firm_flag_parse(const char *text, uint32_t *flags) {
    for (int field = FIRM_FIELD_HIGH_TECH; field < FIRM_FIELD_COUNT; field++)
        if (strcmp(text, firm_field_name((firm_field)field)) == 0) {
            *flags |= firm_field_flag((firm_field)field);
            return true;
        }
    return false;
}

uint32_t firm_field_flag(firm_field field) {
    switch (field) {
    case FIRM_FIELD_HIGH_TECH:
        return FIRM_FLAG_HIGH_TECH;
    case FIRM_FIELD_ZJTX:
        return FIRM_FLAG_ZJTX;
    case FIRM_FIELD_NATIONAL_LAB:
        return FIRM_FLAG_NATIONAL_LAB;
    case FIRM_FIELD_NATIONAL_ENGINEERING_CENTER:
        return FIRM_FLAG_NATIONAL_ENGINEERING_CENTER;
    case FIRM_FIELD_UNICORN:
        return FIRM_FLAG_UNICORN;
    default:
        return 0;
    }
}

/* Copies an optional numeric field and its `has` bit. */
static void copy_opt(hs_firm *dst, const hs_firm *src, uint32_t bit, int64_t *dv,
                     const int64_t *sv) {
    *dv = *sv;
    dst->has = (dst->has & ~bit) | (src->has & bit);
}

void firm_copy_fields(hs_firm *dst, const hs_firm *src, uint32_t mask) {
    for (int i = 0; i < FIRM_FIELD_COUNT; i++) {
        if (!(mask & (1u << i)))
            continue;
        switch ((firm_field)i) {
        case FIRM_FIELD_USCC:
            memcpy(dst->uscc, src->uscc, sizeof dst->uscc);
            break;
        case FIRM_FIELD_NAME:
            memcpy(dst->name, src->name, sizeof dst->name);
            break;
        case FIRM_FIELD_CITY:
            memcpy(dst->city, src->city, sizeof dst->city);
            break;
        case FIRM_FIELD_DISTRICT:
            memcpy(dst->district, src->district, sizeof dst->district);
            break;
        case FIRM_FIELD_SECTOR:
            dst->sector = src->sector;
            break;
        case FIRM_FIELD_STAGE:
            dst->stage = src->stage;
            break;
        case FIRM_FIELD_FOUNDED:
            dst->founded = src->founded;
            dst->has = (dst->has & ~FIRM_HAS_FOUNDED) | (src->has & FIRM_HAS_FOUNDED);
            break;
        case FIRM_FIELD_EMPLOYEES:
            copy_opt(dst, src, FIRM_HAS_EMPLOYEES, &dst->employees, &src->employees);
            break;
        case FIRM_FIELD_REVENUE:
            copy_opt(dst, src, FIRM_HAS_REVENUE, &dst->revenue_fen, &src->revenue_fen);
            break;
        case FIRM_FIELD_RD_SPEND:
            copy_opt(dst, src, FIRM_HAS_RD_SPEND, &dst->rd_spend_fen, &src->rd_spend_fen);
            break;
        case FIRM_FIELD_PATENTS:
            copy_opt(dst, src, FIRM_HAS_PATENTS, &dst->patents, &src->patents);
            break;
        case FIRM_FIELD_TRADEMARKS:
            copy_opt(dst, src, FIRM_HAS_TRADEMARKS, &dst->trademarks, &src->trademarks);
            break;
        case FIRM_FIELD_SOFTWARE_COPYRIGHTS:
            copy_opt(dst, src, FIRM_HAS_SOFTWARE_COPYRIGHTS, &dst->software_copyrights,
                     &src->software_copyrights);
            break;
        default: {
            uint32_t flag = firm_field_flag((firm_field)i);
            assert(flag != 0);
            dst->flags = (dst->flags & ~flag) | (src->flags & flag);
        }
        }
    }
}

static bool opt_equal(const hs_firm *a, const hs_firm *b, uint32_t bit, int64_t av, int64_t bv) {
    if ((a->has & bit) != (b->has & bit))
        return false;
    return !(a->has & bit) || av == bv;
}

bool firm_equal(const hs_firm *a, const hs_firm *b) {
    return strcmp(a->uscc, b->uscc) == 0 && strcmp(a->name, b->name) == 0 &&
           strcmp(a->city, b->city) == 0 && strcmp(a->district, b->district) == 0 &&
           a->sector == b->sector && a->stage == b->stage && a->flags == b->flags &&
           opt_equal(a, b, FIRM_HAS_FOUNDED, a->founded, b->founded) &&
           opt_equal(a, b, FIRM_HAS_EMPLOYEES, a->employees, b->employees) &&
           opt_equal(a, b, FIRM_HAS_REVENUE, a->revenue_fen, b->revenue_fen) &&
           opt_equal(a, b, FIRM_HAS_RD_SPEND, a->rd_spend_fen, b->rd_spend_fen) &&
           opt_equal(a, b, FIRM_HAS_PATENTS, a->patents, b->patents) &&
           opt_equal(a, b, FIRM_HAS_TRADEMARKS, a->trademarks, b->trademarks) &&
           opt_equal(a, b, FIRM_HAS_SOFTWARE_COPYRIGHTS, a->software_copyrights,
                     b->software_copyrights);
}

/* ---- text forms ---- */

typedef struct {
    const char *label;
    int value;
} label_entry;

static const char *const sector_codes[FIRM_SECTOR_COUNT] = {
    "",     "nlp",     "vision", "smart_manufacturing", "biomedicine", "chips", "robotics",
    "data", "compute", "other",
};
static const char *const sector_zh[FIRM_SECTOR_COUNT] = {
    "", "自然语言", "视觉", "智能制造", "生物医药", "芯片", "机器人", "数据", "算力", "其他",
};
static const label_entry sector_aliases[] = {
    {"自然语言处理", FIRM_SECTOR_NLP},
    {"大模型", FIRM_SECTOR_NLP},
    {"大语言模型", FIRM_SECTOR_NLP},
    {"语言模型", FIRM_SECTOR_NLP},
    {"语音", FIRM_SECTOR_NLP},
    {"语音识别", FIRM_SECTOR_NLP},
    {"计算机视觉", FIRM_SECTOR_VISION},
    {"机器视觉", FIRM_SECTOR_VISION},
    {"图像识别", FIRM_SECTOR_VISION},
    {"图像", FIRM_SECTOR_VISION},
    {"cv", FIRM_SECTOR_VISION},
    {"工业智能", FIRM_SECTOR_SMART_MANUFACTURING},
    {"工业互联网", FIRM_SECTOR_SMART_MANUFACTURING},
    {"制造", FIRM_SECTOR_SMART_MANUFACTURING},
    {"医药", FIRM_SECTOR_BIOMEDICINE},
    {"生物医学", FIRM_SECTOR_BIOMEDICINE},
    {"医疗", FIRM_SECTOR_BIOMEDICINE},
    {"智慧医疗", FIRM_SECTOR_BIOMEDICINE},
    {"ai制药", FIRM_SECTOR_BIOMEDICINE},
    {"集成电路", FIRM_SECTOR_CHIPS},
    {"半导体", FIRM_SECTOR_CHIPS},
    {"ai芯片", FIRM_SECTOR_CHIPS},
    {"chip", FIRM_SECTOR_CHIPS},
    {"人形机器人", FIRM_SECTOR_ROBOTICS},
    {"具身智能", FIRM_SECTOR_ROBOTICS},
    {"工业机器人", FIRM_SECTOR_ROBOTICS},
    {"robot", FIRM_SECTOR_ROBOTICS},
    {"大数据", FIRM_SECTOR_DATA},
    {"数据服务", FIRM_SECTOR_DATA},
    {"数据要素", FIRM_SECTOR_DATA},
    {"智算", FIRM_SECTOR_COMPUTE},
    {"计算", FIRM_SECTOR_COMPUTE},
    {"云计算", FIRM_SECTOR_COMPUTE},
    {"数据中心", FIRM_SECTOR_COMPUTE},
    {"其它", FIRM_SECTOR_OTHER},
};

static const char *const stage_codes[FIRM_STAGE_COUNT] = {"", "seed", "startup", "growth",
                                                          "mature"};
static const char *const stage_zh[FIRM_STAGE_COUNT] = {"", "种子期", "初创期", "成长期", "成熟期"};

/* Lower-cases ASCII letters and maps '-' and ' ' to '_' into buf; false if too long. */
static bool normalize_label(const char *text, char *buf, size_t len) {
    size_t n = strlen(text);
    if (n + 1 > len)
        return false;
    for (size_t i = 0; i <= n; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c == '-' || c == ' ')
            c = '_';
        buf[i] = c;
    }
    return true;
}

const char *firm_sector_code(firm_sector s) {
    assert(s >= 0 && s < FIRM_SECTOR_COUNT);
    return sector_codes[s];
}

const char *firm_sector_label_zh(firm_sector s) {
    assert(s >= 0 && s < FIRM_SECTOR_COUNT);
    return sector_zh[s];
}

bool firm_sector_parse(const char *text, firm_sector *out) {
    char buf[128];
    if (!normalize_label(text, buf, sizeof buf))
        return false;
    for (int i = 0; i < FIRM_SECTOR_COUNT; i++)
        if (strcmp(buf, sector_codes[i]) == 0 || (i > 0 && strcmp(buf, sector_zh[i]) == 0)) {
            *out = (firm_sector)i;
            return true;
        }
    for (size_t i = 0; i < sizeof sector_aliases / sizeof sector_aliases[0]; i++)
        if (strcmp(buf, sector_aliases[i].label) == 0) {
            *out = (firm_sector)sector_aliases[i].value;
            return true;
        }
    return false;
}

const char *firm_stage_code(firm_stage s) {
    assert(s >= 0 && s < FIRM_STAGE_COUNT);
    return stage_codes[s];
}

bool firm_stage_parse(const char *text, firm_stage *out) {
    char buf[64];
    if (!normalize_label(text, buf, sizeof buf))
        return false;
    for (int i = 0; i < FIRM_STAGE_COUNT; i++)
        if (strcmp(buf, stage_codes[i]) == 0 || (i > 0 && strcmp(buf, stage_zh[i]) == 0)) {
            *out = (firm_stage)i;
            return true;
        }
    return false;
}

bool firm_bool_parse(const char *text, bool *out) {
    static const char *const yes[] = {"true", "1", "yes", "y", "是"};
    static const char *const no[] = {"", "false", "0", "no", "n", "否"};
    char buf[16];
    if (!normalize_label(text, buf, sizeof buf))
        return false;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(buf, yes[i]) == 0) {
            *out = true;
            return true;
        }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(buf, no[i]) == 0) {
            *out = false;
            return true;
        }
    return false;
}
