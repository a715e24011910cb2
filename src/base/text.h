/* text.h — checks on text that comes from outside (flags, CSV cells, JSON strings, HTTP bodies)
 * before it becomes an id, an account name, a code or a reference: it must be valid UTF-8 and
 * hold no control characters, so that it prints on one line and survives JSON unchanged. */
#ifndef HS_BASE_TEXT_H
#define HS_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True if bytes[0..len) are well-formed UTF-8 (no overlongs, surrogates or code points above
 * U+10FFFF). An embedded NUL is valid UTF-8; callers that want C strings check for it. */
bool text_utf8_valid(const char *bytes, size_t len);

/* True if the NUL-terminated `text` is valid UTF-8 with no control character (U+0000..U+001F,
 * U+007F, U+0080..U+009F); otherwise writes why ("is not valid UTF-8 (byte 0xff at offset 2)" or
 * "contains a control character (0x0a at offset 5)"), without quoting the bad text itself. */
bool text_field_valid(const char *text, char *why, size_t why_len);

/* Copies `text` into out (at most out_len bytes with the NUL), replacing every byte that is not
 * part of well-formed UTF-8 with U+FFFD, so text stored before these checks still shows (in JSON
 * too) instead of vanishing. Returns out. */
char *text_utf8_repair(const char *text, char *out, size_t out_len);

/* The columns `text` takes on a terminal: East Asian wide characters (汉字, fullwidth forms) count
 * 2, combining marks 0, other printable characters 1 (glibc's wcwidth under the C.UTF-8 locale,
 * selected for this thread only during the call); an invalid byte counts 1. */
size_t text_display_width(const char *text);
/* Writes `text` to `out` padded with spaces to `columns` display columns (left-aligned, or
 * right-aligned when `right`); text wider than that is written whole. */
void text_print_padded(FILE *out, const char *text, size_t columns, bool right);

#endif
