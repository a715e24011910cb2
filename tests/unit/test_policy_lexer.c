/* test_policy_lexer.c — tokens: numbers with units, dates, strings, punctuation, columns in code
 * points, and lexical errors with positions. */
#include "harness.h"

#include <setjmp.h>

#include "policy/internal.h"

typedef struct {
    hs_policy p;
    pol_lexer lx;
    jmp_buf fail;
    hs_error err;
} lex_fixture;

static void lex_init(lex_fixture *f, const char *text) {
    memset(f, 0, sizeof *f);
    f->p.file = (char *)"lex.policy";
    f->p.src = (char *)text;
    f->p.src_len = strlen(text);
    f->lx = (pol_lexer){.p = &f->p,
                        .s = text,
                        .len = strlen(text),
                        .line = 1,
                        .col = 1,
                        .err = &f->err,
                        .fail = &f->fail};
}

TEST(policy_lexer_numbers_with_units) {
    lex_fixture f;
    lex_init(&f, "250万 30% 1.5亿 ¥12 300bp 7 12元 2024-06-01 2024.1");
    if (setjmp(f.fail) != 0) {
        harness_fail(__FILE__, __LINE__, "lex error: %s", f.err.msg);
        return;
    }
    pol_token t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_MONEY);
    CHECK_EQ_INT(t.value, 250000000);
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_RATE);
    CHECK_EQ_INT(t.value, 3000);
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_MONEY);
    CHECK_EQ_INT(t.value, 15000000000);
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_MONEY);
    CHECK_EQ_INT(t.value, 1200);
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_RATE);
    CHECK_EQ_INT(t.value, 300);
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_INT);
    CHECK_EQ_INT(t.value, 7);
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_MONEY);
    CHECK_EQ_INT(t.value, 1200);
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_DATE);
    CHECK_EQ_INT(t.value, date_from_ymd(2024, 6, 1));
    t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_DECIMAL);
    CHECK_EQ_INT(pol_lex_next(&f.lx).kind, TK_EOF);
}

TEST(policy_lexer_punctuation_and_comments) {
    lex_fixture f;
    lex_init(&f, "-> => .. == != <= >= < > = ( ) { } , : + - * / . # comment\nname");
    if (setjmp(f.fail) != 0) {
        harness_fail(__FILE__, __LINE__, "lex error: %s", f.err.msg);
        return;
    }
    pol_tok_kind want[] = {TK_ARROW,  TK_FATARROW, TK_DOTDOT, TK_EQ,     TK_NE,     TK_LE,
                           TK_GE,     TK_LT,       TK_GT,     TK_ASSIGN, TK_LPAREN, TK_RPAREN,
                           TK_LBRACE, TK_RBRACE,   TK_COMMA,  TK_COLON,  TK_PLUS,   TK_MINUS,
                           TK_STAR,   TK_SLASH,    TK_DOT,    TK_IDENT,  TK_EOF};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        pol_token t = pol_lex_next(&f.lx);
        CHECK_EQ_INT(t.kind, want[i]);
        if (t.kind == TK_IDENT) {
            CHECK_EQ_INT(t.line, 2);
            CHECK_EQ_INT(t.col, 1);
        }
    }
}

TEST(policy_lexer_columns_count_code_points) {
    lex_fixture f;
    lex_init(&f, "\"成都市\" name");
    if (setjmp(f.fail) != 0) {
        harness_fail(__FILE__, __LINE__, "lex error: %s", f.err.msg);
        return;
    }
    pol_token s = pol_lex_next(&f.lx);
    CHECK_EQ_INT(s.kind, TK_STRING);
    pol_token t = pol_lex_next(&f.lx);
    CHECK_EQ_INT(t.kind, TK_IDENT);
    CHECK_EQ_INT(t.col, 7);
}

static const char *lex_error(const char *text) {
    static lex_fixture f;
    lex_init(&f, text);
    if (setjmp(f.fail) != 0)
        return f.err.msg;
    for (int i = 0; i < 100; i++)
        if (pol_lex_next(&f.lx).kind == TK_EOF)
            break;
    return "";
}

TEST(policy_lexer_errors_carry_positions) {
    CHECK(strstr(lex_error("x 2024-02-30"), "lex.policy:1:3: '2024-02-30' is not a real date") !=
          NULL);
    CHECK(strstr(lex_error("\n  \"open"), "lex.policy:2:3: unterminated string") != NULL);
    CHECK(strstr(lex_error("a $ b"), "lex.policy:1:3: unexpected '$'") != NULL);
    CHECK(strstr(lex_error("99999999999999999999"), "integer too large") != NULL);
    CHECK(strstr(lex_error("1.00001%"), "finer than one basis point") != NULL);
    CHECK(strstr(lex_error("10abc"), "lex.policy:1:3: unexpected 'a' after a number") != NULL);
    /* the caret line sits under the spot, wide characters counted twice */
    const char *m = lex_error("\"成都\" $");
    CHECK(strstr(m, "\n    \"成都\" $\n           ^") != NULL);
}
