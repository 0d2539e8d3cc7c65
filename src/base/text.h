/* Text coming from a server or a file is hostile: before it reaches a report,
 * a screen or JSON, control characters and escape sequences are made inert. */
#ifndef SMTPWIZ_TEXT_H
#define SMTPWIZ_TEXT_H

#include <stddef.h>

/* Copies src (len bytes, may hold NULs) into dst (size n, always
 * NUL-terminated): printable ASCII and valid printable UTF-8 are kept; every
 * control character (C0, DEL, C1), and each byte of invalid UTF-8, becomes
 * a visible "\xNN". Returns the length written. */
size_t text_sanitize(char *dst, size_t n, const char *src, size_t len);

/* Appends formatted text to buf (size n) without overflowing; returns 0, or
 * -1 if it had to truncate. */
int text_append(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
