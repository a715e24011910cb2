/* firm_gen.c — the synthetic firm population (see firm_gen.h).
 *
 * Proportions (percent of firms; rough shares of China's AI firms by city, from public city counts
 * and the seed articles — Beijing, Shanghai and Shenzhen lead, then Hangzhou, Guangzhou, Suzhou,
 * Chengdu, Hefei, Wuxi, Zhuhai):
 *   city    Beijing 20, Shanghai 14, Shenzhen 14, Hangzhou 10, Guangzhou 9, Suzhou 8, Chengdu 8,
 *           Hefei 6, Wuxi 6, Zhuhai 5. Half the codes carry the city's administrative division
 *           (e.g. 440300, registered at the city), half a district's (e.g. 440305 南山区); the
 *           district column names the district either way.
 *   sector  mix "all": nlp 20, smart_manufacturing 18, vision 12, data 12, other 10, robotics 8,
 *           biomedicine 8, chips 6, compute 6.
 *           mix "large-model": nlp 78, smart_manufacturing 12, biomedicine 6, other 4 — the
 *           split of 217 national large-model projects in 2023 (seed 002, CAS Bulletin).
 * Distributions (as of params.as_of):
 *   age       exponential, mean 5.5 years, at most 30 (young firms dominate);
 *   employees log-normal, median 12 x (1 + age)^0.6, sigma 1.1, 1..300,000;
 *   revenue   employees x log-normal(median 30万 per head, sigma 0.9), capped at 5000亿; firms
 *             under 1.5 years old have no revenue with probability 0.6;
 *   rd_spend  revenue x log-normal(sector median intensity: chips 20%, biomedicine 18%, nlp 15%,
 *             vision/robotics 12%, data 8%, compute/smart_manufacturing 6%, other 4%; sigma 0.6,
 *             at most 300%); firms without revenue spend employees x log-normal(20万, 0.5);
 *   patents, software_copyrights, trademarks: log-normal around a*employees^b by sector;
 *   3% of firms report no revenue/R&D (empty cells), 2% no employee count;
 *   stage     seed (age < 2, < 30 staff), startup (age < 5 or < 50 staff), mature (age >= 15, or
 *             age >= 8 with >= 300 staff), else growth;
 *   flags     high_tech 55% of firms at least a year old with R&D >= 5% of revenue and a patent,
 *             else 4%; zjtx 10% of growth/mature firms with >= 30 staff, else 1%; national_lab 5%
 *             of mature firms with >= 2000 staff, else 0.02%; national_engineering_center 3% with
 *             >= 500 staff, else 0.05%; unicorn 1% of growth firms <= 10 years old with >= 200
 *             staff.
 * Products (firm_gen_products): software-heavy sectors (nlp, vision, data, compute, other) register
 * first-version software (首版次软件) with probability 5%, price log-normal around 80万; nlp firms
 * also a filed large model (ai_model) with probability 2%; hardware sectors (chips, robotics,
 * smart_manufacturing) a first unit of equipment (首台套) with probability 4%, around 500万;
 * biomedicine an "other" product with probability 2%. 1-3 products each, dated between founding
 * and as_of; ids SW-n, EQ-n, AM-n, OT-n.
 * Codes: "91" (market regulator, enterprise) + division + organisation code + check. Firms founded
 * before 2015-10-01 get a numeric organisation code, later ones the "MA" form; each is a bijection
 * of the firm's index, so codes never repeat within FIRM_GEN_MAX firms. */
#include "registry/firm_gen.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "registry/uscc.h"

typedef struct {
    const char *name;
    const char *code;
} district;

typedef struct {
    const char *name;
    const char *code;
    unsigned weight;
    district districts[8];
    unsigned ndistricts;
} city;

static const city cities[] = {
    {"北京",
     "110000",
     20,
     {{"海淀区", "110108"},
      {"朝阳区", "110105"},
      {"东城区", "110101"},
      {"西城区", "110102"},
      {"丰台区", "110106"},
      {"昌平区", "110114"},
      {"大兴区", "110115"}},
     7},
    {"上海",
     "310000",
     14,
     {{"浦东新区", "310115"},
      {"徐汇区", "310104"},
      {"闵行区", "310112"},
      {"杨浦区", "310110"},
      {"长宁区", "310105"},
      {"嘉定区", "310114"}},
     6},
    {"深圳",
     "440300",
     14,
     {{"南山区", "440305"},
      {"福田区", "440304"},
      {"宝安区", "440306"},
      {"龙岗区", "440307"},
      {"龙华区", "440309"},
      {"罗湖区", "440303"},
      {"坪山区", "440310"},
      {"光明区", "440311"}},
     8},
    {"杭州",
     "330100",
     10,
     {{"西湖区", "330106"},
      {"滨江区", "330108"},
      {"余杭区", "330110"},
      {"上城区", "330102"},
      {"拱墅区", "330105"},
      {"萧山区", "330109"}},
     6},
    {"广州",
     "440100",
     9,
     {{"天河区", "440106"},
      {"黄埔区", "440112"},
      {"海珠区", "440105"},
      {"番禺区", "440113"},
      {"越秀区", "440104"},
      {"白云区", "440111"},
      {"南沙区", "440115"}},
     7},
    {"苏州",
     "320500",
     8,
     {{"虎丘区", "320505"},
      {"吴中区", "320506"},
      {"相城区", "320507"},
      {"姑苏区", "320508"},
      {"吴江区", "320509"}},
     5},
    {"成都",
     "510100",
     8,
     {{"武侯区", "510107"},
      {"锦江区", "510104"},
      {"青羊区", "510105"},
      {"金牛区", "510106"},
      {"成华区", "510108"},
      {"双流区", "510116"},
      {"郫都区", "510117"}},
     7},
    {"合肥",
     "340100",
     6,
     {{"蜀山区", "340104"}, {"包河区", "340111"}, {"庐阳区", "340103"}, {"瑶海区", "340102"}},
     4},
    {"无锡",
     "320200",
     6,
     {{"新吴区", "320214"},
      {"梁溪区", "320213"},
      {"滨湖区", "320211"},
      {"惠山区", "320206"},
      {"锡山区", "320205"}},
     5},
    {"珠海", "440400", 5, {{"香洲区", "440402"}, {"金湾区", "440404"}, {"斗门区", "440403"}}, 3},
};
#define CITY_COUNT (sizeof cities / sizeof cities[0])

/* Indexed by firm_sector. */
static const unsigned mix_all[FIRM_SECTOR_COUNT] = {0, 20, 12, 18, 8, 6, 8, 12, 6, 10};
static const unsigned mix_large_model[FIRM_SECTOR_COUNT] = {0, 78, 0, 12, 6, 0, 0, 0, 0, 4};
static const double rd_intensity[FIRM_SECTOR_COUNT] = {0.04, 0.15, 0.12, 0.06, 0.18,
                                                       0.20, 0.12, 0.08, 0.06, 0.04};
static const double patent_factor[FIRM_SECTOR_COUNT] = {1.0, 0.8, 1.0, 1.2, 1.5,
                                                        2.0, 1.4, 0.5, 0.6, 0.5};
static const double copyright_factor[FIRM_SECTOR_COUNT] = {1.0, 2.0, 1.5, 0.8, 0.6,
                                                           0.5, 1.0, 2.0, 1.8, 1.0};
static const char *const suffixes[FIRM_SECTOR_COUNT][3] = {
    {"科技", "科技", "科技"},
    {"智能科技", "人工智能科技", "语言智能科技"},
    {"视觉科技", "图像技术", "智能视觉科技"},
    {"智能制造", "工业智能科技", "智能装备"},
    {"生物医药科技", "医疗科技", "生命科技"},
    {"半导体", "微电子", "芯片科技"},
    {"机器人", "智能机器人", "具身智能科技"},
    {"数据科技", "大数据科技", "数据技术"},
    {"算力科技", "云计算科技", "智算科技"},
    {"科技", "网络科技", "信息科技"},
};
static const char *const name_chars[] = {
    "星", "云", "智", "睿", "天", "海", "华", "启", "明", "创", "新", "恒", "腾", "达", "极", "光",
    "深", "远", "鸿", "博", "思", "源", "芯", "灵", "卓", "越", "融", "汇", "锐", "德", "瀚", "宇",
    "阳", "峰", "川", "蓝", "图", "科", "信", "安", "元", "数", "联", "众", "和", "祥", "瑞", "凌"};
#define NAME_CHARS (sizeof name_chars / sizeof name_chars[0])

static const uint64_t new_space = UINT64_C(887503681); /* 31^6 */
static const uint64_t old_space = UINT64_C(100000000); /* 10^8 */

bool firm_gen_mix_parse(const char *text, firm_gen_mix *out) {
    if (strcmp(text, "all") == 0)
        *out = FIRM_GEN_MIX_ALL;
    else if (strcmp(text, "large-model") == 0 || strcmp(text, "large_model") == 0)
        *out = FIRM_GEN_MIX_LARGE_MODEL;
    else
        return false;
    return true;
}

void firm_gen_init(firm_gen *g, const firm_gen_params *params) {
    memset(g, 0, sizeof *g);
    g->params = *params;
    rng_seed(&g->rng, params->seed);
    /* multipliers coprime to the spaces (not divisible by 31; odd and not divisible by 5) */
    do
        g->new_mult = 1 + rng_below(&g->rng, new_space - 1);
    while (g->new_mult % 31 == 0);
    g->new_offset = rng_below(&g->rng, new_space);
    do
        g->old_mult = 1 + rng_below(&g->rng, old_space - 1);
    while (g->old_mult % 2 == 0 || g->old_mult % 5 == 0);
    g->old_offset = rng_below(&g->rng, old_space);
}

/* Fills code[8..16] (organisation code: 8-character body + GB 11714 check) for firm `index`. */
static void org_code(const firm_gen *g, int64_t index, bool new_style, char *code) {
    static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char body[9];
    if (new_style) {
        uint64_t v = ((uint64_t)index % new_space * g->new_mult + g->new_offset) % new_space;
        body[0] = 'M';
        body[1] = 'A';
        for (int i = 7; i >= 2; i--) {
            body[i] = charset[v % 31];
            v /= 31;
        }
    } else {
        uint64_t v = ((uint64_t)index % old_space * g->old_mult + g->old_offset) % old_space;
        for (int i = 7; i >= 0; i--) {
            body[i] = (char)('0' + v % 10);
            v /= 10;
        }
    }
    body[8] = '\0';
    memcpy(code + 8, body, 8);
    code[16] = uscc_orgcode_check_char(body);
}

static int64_t clamp_round(double v, double lo, double hi) {
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return (int64_t)llround(v);
}

static void gen_size(firm_gen *g, hs_firm *f, double age) {
    hs_rng *r = &g->rng;
    f->employees = clamp_round(rng_lognormal(r, 12.0 * pow(1.0 + age, 0.6), 1.1), 1, 300000);
    double revenue = 0.0;
    if (!(age < 1.5 && rng_chance(r, 0.6)))
        revenue = (double)f->employees * rng_lognormal(r, 300000.0, 0.9);
    int64_t revenue_yuan = clamp_round(revenue, 0, 5e11);
    double rd = revenue_yuan > 0 ? (double)revenue_yuan *
                                       fmin(3.0, rng_lognormal(r, rd_intensity[f->sector], 0.6))
                                 : (double)f->employees * rng_lognormal(r, 200000.0, 0.5);
    int64_t rd_yuan = clamp_round(rd, 0, 1.5e12);
    if (!rng_chance(r, 0.03)) {
        f->revenue_fen = revenue_yuan * 100;
        f->rd_spend_fen = rd_yuan * 100;
        f->has |= FIRM_HAS_REVENUE | FIRM_HAS_RD_SPEND;
    }
    double e = (double)f->employees;
    f->patents = clamp_round(
        floor(rng_lognormal(r, 0.15 * pow(e, 0.8) * patent_factor[f->sector], 0.8)), 0, 1e6);
    f->software_copyrights = clamp_round(
        floor(rng_lognormal(r, 0.3 * pow(e, 0.7) * copyright_factor[f->sector], 0.8)), 0, 1e6);
    f->trademarks = clamp_round(floor(rng_lognormal(r, 0.05 * pow(e, 0.7), 1.0)), 0, 1e6);
    f->has |= FIRM_HAS_PATENTS | FIRM_HAS_SOFTWARE_COPYRIGHTS | FIRM_HAS_TRADEMARKS;
    f->has |= FIRM_HAS_EMPLOYEES;
}

static void gen_stage_flags(firm_gen *g, hs_firm *f, double age) {
    hs_rng *r = &g->rng;
    int64_t staff = f->employees;
    if (age < 2 && staff < 30)
        f->stage = FIRM_STAGE_SEED;
    else if (age < 5 || staff < 50)
        f->stage = FIRM_STAGE_STARTUP;
    else if (age < 15 && (age < 8 || staff < 300))
        f->stage = FIRM_STAGE_GROWTH;
    else
        f->stage = FIRM_STAGE_MATURE;
    bool research =
        f->revenue_fen > 0 && f->rd_spend_fen * 20 >= f->revenue_fen && f->patents >= 1 && age >= 1;
    bool grown = f->stage == FIRM_STAGE_GROWTH || f->stage == FIRM_STAGE_MATURE;
    if (rng_chance(r, research ? 0.55 : 0.04))
        f->flags |= FIRM_FLAG_HIGH_TECH;
    if (rng_chance(r, grown && staff >= 30 ? 0.10 : 0.01))
        f->flags |= FIRM_FLAG_ZJTX;
    if (rng_chance(r, f->stage == FIRM_STAGE_MATURE && staff >= 2000 ? 0.05 : 0.0002))
        f->flags |= FIRM_FLAG_NATIONAL_LAB;
    if (rng_chance(r, staff >= 500 ? 0.03 : 0.0005))
        f->flags |= FIRM_FLAG_NATIONAL_ENGINEERING_CENTER;
    if (f->stage == FIRM_STAGE_GROWTH && age <= 10 && staff >= 200 && rng_chance(r, 0.01))
        f->flags |= FIRM_FLAG_UNICORN;
}

void firm_gen_next(firm_gen *g, hs_firm *f) {
    assert(g->index < FIRM_GEN_MAX);
    hs_rng *r = &g->rng;
    firm_init(f);
    unsigned city_w[CITY_COUNT];
    for (unsigned i = 0; i < CITY_COUNT; i++)
        city_w[i] = cities[i].weight;
    const city *c = &cities[rng_weighted(r, city_w, CITY_COUNT)];
    const district *d = &c->districts[rng_below(r, c->ndistricts)];
    f->sector = (firm_sector)rng_weighted(
        r, g->params.mix == FIRM_GEN_MIX_LARGE_MODEL ? mix_large_model : mix_all,
        FIRM_SECTOR_COUNT);
    assert(f->sector != FIRM_SECTOR_UNSET);

    double age = -5.5 * log(rng_unit(r));
    if (age > 30.0)
        age = 30.0 * rng_unit(r);
    f->founded = date_add_days(g->params.as_of, -(int32_t)llround(age * 365.25));
    f->has |= FIRM_HAS_FOUNDED;
    bool new_style = f->founded >= date_from_ymd(2015, 10, 1);

    char code[USCC_LEN + 1];
    code[0] = '9';
    code[1] = '1';
    memcpy(code + 2, rng_chance(r, 0.5) ? c->code : d->code, 6);
    org_code(g, g->index, new_style, code);
    code[17] = uscc_check_char(code);
    code[18] = '\0';
    memcpy(f->uscc, code, sizeof code);

    snprintf(f->city, sizeof f->city, "%s", c->name);
    snprintf(f->district, sizeof f->district, "%s", d->name);
    snprintf(f->name, sizeof f->name, "%s%s%s%s有限公司", c->name,
             name_chars[rng_below(r, NAME_CHARS)], name_chars[rng_below(r, NAME_CHARS)],
             suffixes[f->sector][rng_below(r, 3)]);

    gen_size(g, f, age);
    if (rng_chance(r, 0.02))
        f->has &= ~(uint32_t)FIRM_HAS_EMPLOYEES;
    gen_stage_flags(g, f, age);
    g->index++;
}

size_t firm_gen_products(hs_rng *r, const firm_gen_params *params, const hs_firm *f,
                         hs_product *out) {
    assert((f->has & FIRM_HAS_FOUNDED) && f->founded <= params->as_of);
    product_kind kind;
    double chance, price_median;
    const char *prefix, *what;
    switch (f->sector) {
    case FIRM_SECTOR_CHIPS:
    case FIRM_SECTOR_ROBOTICS:
    case FIRM_SECTOR_SMART_MANUFACTURING:
        kind = PRODUCT_KIND_FIRST_UNIT_EQUIPMENT, chance = 0.04, price_median = 5e6;
        prefix = "EQ", what = "首台套装备";
        break;
    case FIRM_SECTOR_BIOMEDICINE:
        kind = PRODUCT_KIND_OTHER, chance = 0.02, price_median = 1e6;
        prefix = "OT", what = "医疗AI产品";
        break;
    default:
        kind = PRODUCT_KIND_FIRST_VERSION_SOFTWARE, chance = 0.05, price_median = 8e5;
        prefix = "SW", what = "首版次软件";
        break;
    }
    size_t n = 0;
    if (rng_chance(r, chance)) {
        size_t count = 1 + (size_t)rng_below(r, FIRM_GEN_PRODUCTS_MAX);
        for (size_t i = 0; i < count; i++) {
            hs_product *p = &out[n++];
            memset(p, 0, sizeof *p);
            memcpy(p->uscc, f->uscc, sizeof p->uscc);
            snprintf(p->product_id, sizeof p->product_id, "%s-%zu", prefix, i + 1);
            p->kind = kind;
            snprintf(p->name, sizeof p->name, "%s%s V%zu.0", f->name, what, i + 1);
            p->price_fen = clamp_round(rng_lognormal(r, price_median, 0.7), 1, 1e10) * 100;
            int32_t span = date_diff_days(f->founded, params->as_of);
            p->date = date_add_days(f->founded, (int32_t)rng_below(r, (uint64_t)span + 1));
            p->has = PRODUCT_HAS_PRICE | PRODUCT_HAS_DATE;
        }
        for (size_t i = 1; i < n; i++) /* later versions come later */
            for (size_t j = i; j > 0 && out[j - 1].date > out[j].date; j--) {
                hs_date t = out[j - 1].date;
                out[j - 1].date = out[j].date;
                out[j].date = t;
            }
    }
    if (f->sector == FIRM_SECTOR_NLP && n < FIRM_GEN_PRODUCTS_MAX && rng_chance(r, 0.02)) {
        hs_product *p = &out[n++];
        memset(p, 0, sizeof *p);
        memcpy(p->uscc, f->uscc, sizeof p->uscc);
        snprintf(p->product_id, sizeof p->product_id, "AM-1");
        p->kind = PRODUCT_KIND_AI_MODEL;
        snprintf(p->name, sizeof p->name, "%s大模型", f->name);
        int32_t span = date_diff_days(f->founded, params->as_of);
        p->date = date_add_days(f->founded, (int32_t)rng_below(r, (uint64_t)span + 1));
        p->has = PRODUCT_HAS_DATE;
    }
    assert(n <= FIRM_GEN_PRODUCTS_MAX);
    return n;
}
