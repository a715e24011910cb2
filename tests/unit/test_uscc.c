/* test_uscc.c — the GB 32100-2015 credit-code check character: real published codes, worked
 * examples, and every kind of invalid code. */
#include "harness.h"

#include "registry/uscc.h"

static void valid(const char *code) {
    char why[200] = "";
    if (!uscc_valid(code, why, sizeof why))
        harness_fail(__FILE__, __LINE__, "'%s' rejected: %s", code, why);
}

static void invalid(const char *code, const char *why_contains) {
    char why[200] = "";
    if (uscc_valid(code, why, sizeof why))
        harness_fail(__FILE__, __LINE__, "'%s' accepted", code);
    else if (strstr(why, why_contains) == NULL)
        harness_fail(__FILE__, __LINE__, "'%s': reason '%s' lacks '%s'", code, why, why_contains);
}

TEST(uscc_real_published_codes) {
    valid("914403001922038216"); /* 华为技术有限公司 (Wikipedia infobox) */
    valid("91440300708461136T"); /* 深圳市腾讯计算机系统有限公司 */
    valid("91440300100012316L"); /* 中国平安保险（集团）股份有限公司 */
    valid("91330100799655058B"); /* 阿里巴巴（中国）有限公司 */
    valid("91350100M000100Y43"); /* the worked example in GB 32100-2015 */
}

TEST(uscc_worked_example_by_hand) {
    /* 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4 times weights 1 3 9 27 19 26 16 17 20 29 25 13 8
     * 24 10 30 28: 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28;
     * 31 - 28 = 3 -> '3'. */
    CHECK_EQ_INT(uscc_check_char("91350100M000100Y4"), '3');
    invalid("91350100M000100Y40", "check character is '0', expected '3'");
    invalid("91350100M000100Y4Z", "never used"); /* the standard's own counter-example */
    /* sum 0 -> 31 - 0 = 31 -> '0' */
    CHECK_EQ_INT(uscc_check_char("00000000000000000"), '0');
    valid("000000000000000000");
    /* sum 1 -> 30 -> 'Y'; sum 3 (a 1 in position 2) -> 28 -> 'W'; sum 28 (position 17) -> 3 */
    CHECK_EQ_INT(uscc_check_char("10000000000000000"), 'Y');
    CHECK_EQ_INT(uscc_check_char("01000000000000000"), 'W');
    CHECK_EQ_INT(uscc_check_char("00000000000000001"), '3');
    /* 'A' (10) in position 1: sum 10 -> 21 -> 'M' */
    CHECK_EQ_INT(uscc_check_char("A0000000000000000"), 'M');
}

TEST(uscc_weights_are_powers_of_three_mod_31) {
    char code[18];
    for (int pos = 0; pos < 17; pos++) {
        memset(code, '0', 17);
        code[17] = '\0';
        code[pos] = '1';
        int w = 1;
        for (int i = 0; i < pos; i++)
            w = w * 3 % 31;
        int want = (31 - w % 31) % 31;
        CHECK_EQ_INT(uscc_char_value(uscc_check_char(code)), want);
    }
}

TEST(uscc_character_values) {
    const char *set = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int i = 0; i < 31; i++)
        CHECK_EQ_INT(uscc_char_value(set[i]), i);
    CHECK_EQ_INT(uscc_char_value('I'), -1);
    CHECK_EQ_INT(uscc_char_value('\0'), -1);
}

TEST(uscc_every_invalid_character) {
    /* every printable ASCII character outside the set, at position 10 of a valid code */
    const char *base = "91440300708461136T";
    for (int c = 0x20; c < 0x7f; c++) {
        if (uscc_char_value((char)c) >= 0)
            continue;
        char code[19];
        memcpy(code, base, 19);
        code[9] = (char)c;
        if (c >= 'a' && c <= 'z')
            invalid(code, "lowercase");
        else if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V')
            invalid(code, "I, O, Z, S, V are never used");
        else
            invalid(code, "position 10 is not in the GB 32100 set");
    }
    invalid("91440300708461136t", "lowercase character 't' at position 18");
    invalid("9144030070846113IT", "position 17");
    invalid("9144030070846113OT", "never used");
    invalid("9144030070846113ZT", "never used");
    invalid("9144030070846113ST", "never used");
    invalid("9144030070846113VT", "never used");
    invalid("914403007084611中T", "0xE4 at position 16");
    invalid("91440300708461136\t", "0x09 at position 18");
}

TEST(uscc_invalid_shapes) {
    invalid("", "empty");
    invalid("91440300708461136", "18 characters, this has 17");
    invalid("91440300708461136TT", "18 characters, this has 19");
    invalid("91A40300708461136T", "position 3 must be a digit");
    invalid("914403007084611360", "expected 'T'");
    invalid("914403001922038217", "expected '6'");
    CHECK(!uscc_valid(NULL, NULL, 0));
}

TEST(uscc_orgcode_check) {
    /* the organisation codes inside the real codes above (GB 11714: 3,7,9,10,5,8,4,2 mod 11) */
    CHECK_EQ_INT(uscc_orgcode_check_char("19220382"), '1');
    CHECK_EQ_INT(uscc_orgcode_check_char("70846113"), '6');
    CHECK_EQ_INT(uscc_orgcode_check_char("10001231"), '6');
    CHECK_EQ_INT(uscc_orgcode_check_char("79965505"), '8');
    CHECK_EQ_INT(uscc_orgcode_check_char("M000100Y"), '4');
}
