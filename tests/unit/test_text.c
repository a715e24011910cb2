/* test_text.c — display widths of mixed Chinese and Latin text, and padding by columns. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

TEST(text_display_width_counts_wide_characters_twice) {
    CHECK_EQ_INT(text_display_width(""), 0);
    CHECK_EQ_INT(text_display_width("abc"), 3);
    CHECK_EQ_INT(text_display_width("成都"), 4);
    CHECK_EQ_INT(text_display_width("成都 AI 2024"), 12);
    CHECK_EQ_INT(text_display_width("（全角）"), 8);
    CHECK_EQ_INT(text_display_width("e\xcc\x81"), 1); /* e + combining acute */
    CHECK_EQ_INT(text_display_width("a\xff"
                                    "b"),
                 3); /* an invalid byte is one column */
}

TEST(text_print_padded_pads_by_display_columns) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    text_print_padded(f, "上海", 6, false);
    fputs("|", f);
    text_print_padded(f, "ab", 6, false);
    fputs("|", f);
    text_print_padded(f, "深圳", 6, true);
    fputs("|", f);
    text_print_padded(f, "toolongtext", 4, false);
    fclose(f);
    CHECK(strcmp(buf, "上海  |ab    |  深圳|toolongtext") == 0);
    free(buf);
}
