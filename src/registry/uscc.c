/* uscc.c — GB 32100-2015 credit-code check character and validation (see uscc.h). */
#include "registry/uscc.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                     29, 25, 13, 8,  24, 10, 30, 28};

int uscc_char_value(char c) {
    if (c == '\0')
        return -1;
    const char *p = strchr(uscc_charset, c);
    return p ? (int)(p - uscc_charset) : -1;
}

char uscc_check_char(const char *code17) {
    assert(code17 != NULL);
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = uscc_char_value(code17[i]);
        assert(v >= 0 && v < 31);
        sum += v * uscc_weights[i];
    }
    int check = 31 - sum % 31;
    if (check == 31)
        check = 0;
    assert(check >= 0 && check < 31);
    return uscc_charset[check];
}

__attribute__((format(printf, 3, 4))) static void why_set(char *why, size_t why_len,
                                                          const char *fmt, ...) {
    if (why == NULL || why_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_len, fmt, ap);
    va_end(ap);
}

bool uscc_valid(const char *text, char *why, size_t why_len) {
    if (why != NULL && why_len > 0)
        why[0] = '\0';
    if (text == NULL || text[0] == '\0') {
        why_set(why, why_len, "empty credit code");
        return false;
    }
    size_t len = strlen(text);
    for (size_t i = 0; i < len && i < USCC_LEN; i++) {
        char c = text[i];
        if (uscc_char_value(c) >= 0)
            continue;
        char shown[8];
        if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
            snprintf(shown, sizeof shown, "'%c'", c);
        else
            snprintf(shown, sizeof shown, "0x%02X", (unsigned char)c);
        if (c >= 'a' && c <= 'z')
            why_set(why, why_len, "lowercase character %s at position %d (codes are upper case)",
                    shown, (int)i + 1);
        else if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V')
            why_set(why, why_len,
                    "character %s at position %d is not in the GB 32100 set (I, O, Z, S, V are "
                    "never used)",
                    shown, (int)i + 1);
        else
            why_set(why, why_len, "character %s at position %d is not in the GB 32100 set", shown,
                    (int)i + 1);
        return false;
    }
    if (len != USCC_LEN) {
        why_set(why, why_len, "a credit code has 18 characters, this has %zu", len);
        return false;
    }
    for (int i = 2; i < 8; i++)
        if (text[i] < '0' || text[i] > '9') {
            why_set(why, why_len,
                    "position %d must be a digit (characters 3-8 are the administrative division)",
                    i + 1);
            return false;
        }
    char want = uscc_check_char(text);
    if (text[17] != want) {
        why_set(why, why_len, "check character is '%c', expected '%c' (GB 32100 checksum)",
                text[17], want);
        return false;
    }
    return true;
}

char uscc_orgcode_check_char(const char *body8) {
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = body8[i];
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else {
            assert(c >= 'A' && c <= 'Z');
            v = c - 'A' + 10;
        }
        sum += v * w[i];
    }
    int check = 11 - sum % 11;
    if (check == 10)
        return 'X';
    if (check == 11)
        return '0';
    return (char)('0' + check);
}
