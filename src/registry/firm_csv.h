/* firm_csv.h — the firm CSV format: header mapping, one row to a firm (with every problem named),
 * and one firm back to a row.
 *
 * Columns (canonical names, in export order; uscc, name, city required, the rest optional):
 *   uscc,name,city,district,sector,stage,founded,employees,revenue,rd_spend,patents,trademarks,
 *   software_copyrights,high_tech,zjtx,national_lab,national_engineering_center,unicorn
 * Chinese header aliases: 统一社会信用代码 企业名称 城市 区县 行业 阶段 成立日期 员工人数 营业收入
 * 研发投入 专利 商标 软件著作权 高新技术企业 专精特新 国家重点实验室 国家工程研究中心 独角兽
 * (and a few more, see firm_csv.c).
 * Cells: money in any money_parse form (500万, 1,234.56, ¥12.5), not negative; dates ISO
 * YYYY-MM-DD; counts non-negative integers; sector/stage/booleans as in firm.h. An empty optional
 * cell means "not reported" (false for flags). Export writes money as plain decimal yuan and flags
 * as true/false, so an exported file imports back to the same firms. */
#ifndef HS_REGISTRY_FIRM_CSV_H
#define HS_REGISTRY_FIRM_CSV_H

#include <stdio.h>

#include "registry/csv_io.h"
#include "registry/firm.h"

/* Maps a firm header record (see csv_header_map_build for the errors). */
hs_status firm_csv_header(csv_header_map *h, const csv_record *rec, const char *file,
                          hs_error *err);
/* Parses one data row into *out (fields whose column is absent stay as firm_init left them).
 * Returns true if the row is valid; otherwise every problem is in `issues`. */
bool firm_csv_row(const csv_header_map *h, const csv_record *rec, hs_firm *out, row_issues *issues);
/* The canonical text of one field of f (what export writes in that column), in buf or a constant;
 * "" when not reported. */
const char *firm_csv_cell(const hs_firm *f, firm_field field, char *buf, size_t len);
/* Writes the canonical header line. */
void firm_csv_write_header(FILE *out);
/* Writes one firm as a canonical row. */
void firm_csv_write_row(FILE *out, const hs_firm *f);

#endif
