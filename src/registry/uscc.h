/* uscc.h — 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015): validation and the check
 * character.
 *
 * A code is 18 characters from the set 0-9 A-H J-N P-R T-U W-Y (31 characters; I, O, Z, S, V never
 * appear), valued 0..30 in that order. Layout: [1] registration authority, [2] organisation type,
 * [3-8] administrative division (six digits), [9-17] organisation code (GB 11714 body + its check),
 * [18] check character. The check: weights W_i = 3^(i-1) mod 31 for i = 1..17
 * (1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28), C18 = 31 - (sum C_i*W_i mod 31), and 31 maps
 * to '0'. Lowercase input is not a valid code (callers may upper-case first if they choose). */
#ifndef HS_REGISTRY_USCC_H
#define HS_REGISTRY_USCC_H

#include <stdbool.h>
#include <stddef.h>

#define USCC_LEN 18

/* The value 0..30 of a code character, or -1 if `c` is not in the GB 32100 character set. */
int uscc_char_value(char c);
/* The check character for the first 17 characters of `code17` (all must be in the character set,
 * asserted). */
char uscc_check_char(const char *code17);
/* True if `text` is a valid code: exactly 18 characters of the set, positions 3-8 digits, and the
 * right check character. On false, writes a human reason to `why` (if given). */
bool uscc_valid(const char *text, char *why, size_t why_len);
/* GB 11714 organisation-code check character ('0'-'9' or 'X') for an 8-character body of 0-9/A-Z
 * (weights 3,7,9,10,5,8,4,2; C9 = 11 - sum mod 11; 10 -> 'X', 11 -> '0'). Asserts the body's
 * characters. */
char uscc_orgcode_check_char(const char *body8);

#endif
