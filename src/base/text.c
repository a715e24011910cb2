/* text.c — UTF-8 and control-character checks (see text.h). */
#include "base/text.h"

#include <assert.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Length of the well-formed UTF-8 sequence at p (at most `left` bytes), or 0 if malformed; the
 * code point goes to *cp. */
static size_t utf8_seq(const unsigned char *p, size_t left, uint32_t *cp) {
    unsigned char c = p[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        n = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

bool text_utf8_valid(const char *bytes, size_t len) {
    const unsigned char *p = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_seq(p + i, len - i, &cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

bool text_field_valid(const char *text, char *why, size_t why_len) {
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text);
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_seq(p + i, len - i, &cp);
        if (n == 0) {
            if (why != NULL)
                snprintf(why, why_len, "is not valid UTF-8 (byte 0x%02x at offset %zu)", p[i], i);
            return false;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            if (why != NULL)
                snprintf(why, why_len, "contains a control character (0x%02x at offset %zu)",
                         (unsigned)cp, i);
            return false;
        }
        i += n;
    }
    return true;
}

char *text_utf8_repair(const char *text, char *out, size_t out_len) {
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text), i = 0, o = 0;
    if (out_len == 0)
        return out;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_seq(p + i, len - i, &cp);
        const char *piece = n ? text + i : "\xef\xbf\xbd";
        size_t m = n ? n : 3;
        if (o + m >= out_len)
            break;
        memcpy(out + o, piece, m);
        o += m;
        i += n ? n : 1;
    }
    out[o] = '\0';
    return out;
}

size_t text_display_width(const char *text) {
    assert(text != NULL);
    locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (utf8 == (locale_t)0)
        return strlen(text); /* no UTF-8 locale: one column a byte, as before */
    locale_t before = uselocale(utf8);
    size_t columns = 0, len = strlen(text);
    mbstate_t state;
    memset(&state, 0, sizeof state);
    for (size_t at = 0; at < len;) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, text + at, len - at, &state);
        if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
            memset(&state, 0, sizeof state);
            columns++; /* an invalid or truncated byte: shown as one replacement column */
            at++;
            continue;
        }
        int w = wcwidth(wc);
        columns += w > 0 ? (size_t)w : 0;
        at += n;
    }
    uselocale(before);
    freelocale(utf8);
    assert(columns <= 2 * len);
    return columns;
}

void text_print_padded(FILE *out, const char *text, size_t columns, bool right) {
    assert(out != NULL && text != NULL);
    size_t w = text_display_width(text);
    size_t pad = w < columns ? columns - w : 0;
    if (right)
        fprintf(out, "%*s%s", (int)pad, "", text);
    else
        fprintf(out, "%s%*s", text, (int)pad, "");
}
