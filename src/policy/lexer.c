/* lexer.c — tokens of the policy language: names, numbers with units (30%, 250万, 1.5亿, 12元,
 * ¥100, 300bp), ISO dates, strings, punctuation; `#` comments. Columns count code points. */
#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "policy/internal.h"

bool pol_grow(void **v, int *cap, int need, size_t size) {
    assert(need >= 0 && *cap >= 0 && size > 0);
    if (need <= *cap)
        return true;
    int ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > INT_MAX / 2)
            return false;
        ncap *= 2;
    }
    void *nv = realloc(*v, (size_t)ncap * size);
    if (nv == NULL)
        return false; /* *v is untouched */
    memset((char *)nv + (size_t)*cap * size, 0, (size_t)(ncap - *cap) * size);
    *v = nv;
    *cap = ncap;
    assert(*cap >= need);
    return true;
}

void *pol_push(void **v, int *n, int *cap, size_t size) {
    if (!pol_grow(v, cap, *n + 1, size))
        return NULL;
    char *at = (char *)*v + (size_t)*n * size;
    memset(at, 0, size);
    (*n)++;
    return at;
}

char *pol_strndup(const char *s, size_t len) {
    char *r = malloc(len + 1);
    if (r == NULL)
        return NULL;
    memcpy(r, s, len);
    r[len] = '\0';
    return r;
}

/* Display width of the code point starting at s (1 or 2 for East Asian wide), and its length. */
static int cp_width(const unsigned char *s, size_t avail, size_t *bytes) {
    unsigned c = s[0];
    if (c < 0x80 || avail < 2) {
        *bytes = 1;
        return 1;
    }
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (n > avail)
        n = avail;
    *bytes = n;
    uint32_t cp = 0;
    if (n == 3)
        cp = ((c & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
    else if (n == 4)
        cp = ((c & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
    bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
    return wide ? 2 : 1;
}

void pol_diag(const hs_policy *p, uint32_t line, uint32_t col, const char *msg, char *buf,
              size_t len) {
    /* find the line */
    const char *s = p->src;
    size_t at = 0;
    for (uint32_t l = 1; l < line && at < p->src_len; at++)
        if (s[at] == '\n')
            l++;
    size_t end = at;
    while (end < p->src_len && s[end] != '\n' && s[end] != '\r')
        end++;
    if (end - at > 300)
        end = at + 300;
    char caret[700];
    size_t ci = 0;
    size_t i = at;
    for (uint32_t c = 1; c < col && i < end && ci < sizeof caret - 8; c++) {
        size_t b;
        if (s[i] == '\t') {
            caret[ci++] = '\t';
            i++;
            continue;
        }
        int w = cp_width((const unsigned char *)s + i, end - i, &b);
        for (int k = 0; k < w; k++)
            caret[ci++] = ' ';
        i += b;
    }
    caret[ci++] = '^';
    caret[ci] = '\0';
    snprintf(buf, len, "%s:%u:%u: %s\n    %.*s\n    %s", p->file, line, col, msg, (int)(end - at),
             s + at, caret);
}

void pol_lex_error(pol_lexer *lx, uint32_t line, uint32_t col, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (lx->err != NULL) {
        lx->err->status = HS_INPUT;
        pol_diag(lx->p, line, col, msg, lx->err->msg, sizeof lx->err->msg);
    }
    longjmp(*lx->fail, 1);
}

static void advance(pol_lexer *lx, size_t bytes) {
    for (size_t k = 0; k < bytes && lx->pos < lx->len; k++) {
        unsigned char c = (unsigned char)lx->s[lx->pos];
        if (c == '\n') {
            lx->line++;
            lx->col = 1;
        } else if ((c & 0xc0) != 0x80) {
            lx->col++;
        }
        lx->pos++;
    }
}

static bool at(const pol_lexer *lx, size_t off, const char *text) {
    size_t n = strlen(text);
    return lx->pos + off + n <= lx->len && memcmp(lx->s + lx->pos + off, text, n) == 0;
}

static bool is_digit(int c) {
    return c >= '0' && c <= '9';
}
static bool is_alpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Names the character at pos for a message ("'，'", "'$'"). */
static void char_name(const pol_lexer *lx, char *buf, size_t len) {
    size_t b;
    cp_width((const unsigned char *)lx->s + lx->pos, lx->len - lx->pos, &b);
    unsigned char c = (unsigned char)lx->s[lx->pos];
    if (c < 0x20 || c == 0x7f)
        snprintf(buf, len, "byte 0x%02x", c);
    else
        snprintf(buf, len, "'%.*s'", (int)b, lx->s + lx->pos);
}

static pol_token lex_number(pol_lexer *lx, pol_token t) {
    bool yen = false;
    if (at(lx, 0, "\xc2\xa5")) {
        advance(lx, 2);
        yen = true;
    } else if (at(lx, 0, "\xef\xbf\xa5")) {
        advance(lx, 3);
        yen = true;
    }
    size_t num_start = lx->pos;
    if (yen && (lx->pos >= lx->len || !is_digit(lx->s[lx->pos])))
        pol_lex_error(lx, t.line, t.col, "'¥' must be followed by an amount");
    while (lx->pos < lx->len && is_digit(lx->s[lx->pos]))
        advance(lx, 1);
    size_t int_digits = lx->pos - num_start;
    /* a date: YYYY-MM-DD */
    if (!yen && int_digits == 4 && at(lx, 0, "-") && lx->pos + 1 < lx->len &&
        is_digit(lx->s[lx->pos + 1])) {
        advance(lx, 1);
        while (lx->pos < lx->len && (is_digit(lx->s[lx->pos]) || lx->s[lx->pos] == '-'))
            advance(lx, 1);
        char text[32];
        size_t n = lx->pos - t.start;
        snprintf(text, sizeof text, "%.*s", (int)(n < 31 ? n : 31), lx->s + t.start);
        hs_date d;
        if (n > 10 || !date_parse(text, &d))
            pol_lex_error(lx, t.line, t.col, "'%s' is not a real date (write YYYY-MM-DD)", text);
        t.kind = TK_DATE;
        t.value = d;
        t.end = (uint32_t)lx->pos;
        return t;
    }
    bool decimal = false;
    if (at(lx, 0, ".") && lx->pos + 1 < lx->len && is_digit(lx->s[lx->pos + 1])) {
        decimal = true;
        advance(lx, 1);
        while (lx->pos < lx->len && is_digit(lx->s[lx->pos]))
            advance(lx, 1);
    }
    size_t num_end = lx->pos;
    char text[80];
    size_t n = num_end - num_start;
    if (n > 40)
        pol_lex_error(lx, t.line, t.col, "number too long");
    char why[128];
    if (at(lx, 0, "%") ||
        (at(lx, 0, "bp") && !(lx->pos + 2 < lx->len &&
                              (is_alpha(lx->s[lx->pos + 2]) || is_digit(lx->s[lx->pos + 2]))))) {
        if (yen)
            pol_lex_error(lx, t.line, t.col, "an amount with '¥' cannot be a rate");
        size_t unit = at(lx, 0, "%") ? 1 : 2;
        advance(lx, unit);
        snprintf(text, sizeof text, "%.*s", (int)(n + unit), lx->s + num_start);
        if (!rate_parse_bp(text, &t.value, why, sizeof why))
            pol_lex_error(lx, t.line, t.col, "%s", why);
        t.kind = TK_RATE;
    } else if (yen || at(lx, 0, "\xe4\xb8\x87") || at(lx, 0, "\xe4\xba\xbf") ||
               at(lx, 0, "\xe5\x85\x83")) {
        if (at(lx, 0, "\xe4\xb8\x87") || at(lx, 0, "\xe4\xba\xbf"))
            advance(lx, 3);
        if (at(lx, 0, "\xe5\x85\x83"))
            advance(lx, 3);
        snprintf(text, sizeof text, "%.*s", (int)(lx->pos - num_start), lx->s + num_start);
        if (!money_parse(text, &t.value, why, sizeof why))
            pol_lex_error(lx, t.line, t.col, "%s", why);
        t.kind = TK_MONEY;
    } else if (decimal) {
        t.kind = TK_DECIMAL;
    } else {
        int64_t v = 0;
        for (size_t i = num_start; i < num_end; i++) {
            if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, lx->s[i] - '0', &v))
                pol_lex_error(lx, t.line, t.col, "integer too large");
        }
        t.kind = TK_INT;
        t.value = v;
    }
    if (lx->pos < lx->len && (is_alpha(lx->s[lx->pos]) || is_digit(lx->s[lx->pos]) ||
                              (unsigned char)lx->s[lx->pos] >= 0x80)) {
        char cn[32];
        char_name(lx, cn, sizeof cn);
        pol_lex_error(lx, lx->line, lx->col,
                      "unexpected %s after a number (units are %%, bp, 元, 万, 亿)", cn);
    }
    t.end = (uint32_t)lx->pos;
    return t;
}

pol_token pol_lex_next(pol_lexer *lx) {
    for (;;) {
        while (lx->pos < lx->len && (lx->s[lx->pos] == ' ' || lx->s[lx->pos] == '\t' ||
                                     lx->s[lx->pos] == '\n' || lx->s[lx->pos] == '\r'))
            advance(lx, 1);
        if (lx->pos < lx->len && lx->s[lx->pos] == '#') {
            while (lx->pos < lx->len && lx->s[lx->pos] != '\n')
                lx->pos++; /* comment: columns reset at the newline */
            continue;
        }
        break;
    }
    pol_token t = {.kind = TK_EOF, .start = (uint32_t)lx->pos, .line = lx->line, .col = lx->col};
    if (lx->pos >= lx->len) {
        t.end = t.start;
        return t;
    }
    unsigned char c = (unsigned char)lx->s[lx->pos];
    if (is_digit(c) || at(lx, 0, "\xc2\xa5") || at(lx, 0, "\xef\xbf\xa5"))
        return lex_number(lx, t);
    if (is_alpha(c)) {
        while (lx->pos < lx->len && (is_alpha(lx->s[lx->pos]) || is_digit(lx->s[lx->pos])))
            advance(lx, 1);
        t.kind = TK_IDENT;
        t.end = (uint32_t)lx->pos;
        if (t.end - t.start > 64)
            pol_lex_error(lx, t.line, t.col, "name longer than 64 characters");
        return t;
    }
    if (c == '"') {
        advance(lx, 1);
        for (;;) {
            if (lx->pos >= lx->len || lx->s[lx->pos] == '\n')
                pol_lex_error(lx, t.line, t.col, "unterminated string (a string ends on its line)");
            if (lx->s[lx->pos] == '\\') {
                if (lx->pos + 1 >= lx->len ||
                    (lx->s[lx->pos + 1] != '"' && lx->s[lx->pos + 1] != '\\'))
                    pol_lex_error(lx, lx->line, lx->col, "unknown escape (only \\\" and \\\\)");
                advance(lx, 2);
                continue;
            }
            if (lx->s[lx->pos] == '"')
                break;
            advance(lx, 1);
        }
        advance(lx, 1);
        t.kind = TK_STRING;
        t.end = (uint32_t)lx->pos;
        return t;
    }
    static const struct {
        const char *text;
        pol_tok_kind kind;
    } puncts[] = {
        {"==", TK_EQ},    {"!=", TK_NE},       {"<=", TK_LE},     {">=", TK_GE},
        {"->", TK_ARROW}, {"=>", TK_FATARROW}, {"..", TK_DOTDOT}, {"(", TK_LPAREN},
        {")", TK_RPAREN}, {"{", TK_LBRACE},    {"}", TK_RBRACE},  {",", TK_COMMA},
        {":", TK_COLON},  {"=", TK_ASSIGN},    {"<", TK_LT},      {">", TK_GT},
        {"+", TK_PLUS},   {"-", TK_MINUS},     {"*", TK_STAR},    {"/", TK_SLASH},
        {".", TK_DOT},
    };
    for (size_t i = 0; i < sizeof puncts / sizeof puncts[0]; i++) {
        if (at(lx, 0, puncts[i].text)) {
            advance(lx, strlen(puncts[i].text));
            t.kind = puncts[i].kind;
            t.end = (uint32_t)lx->pos;
            return t;
        }
    }
    char cn[32];
    char_name(lx, cn, sizeof cn);
    if (c >= 0x80)
        pol_lex_error(lx, t.line, t.col,
                      "unexpected %s (Chinese text belongs in \"strings\"; use ASCII punctuation)",
                      cn);
    pol_lex_error(lx, t.line, t.col, "unexpected %s", cn);
}
