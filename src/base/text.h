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

/* The same, keeping each '\n' as a line separator. */
size_t text_sanitize_lines(char *dst, size_t n, const char *src, size_t len);

/* Sanitises the NUL-terminated text in buf (size n) in place, keeping
 * newlines: the one boundary every record of outside text passes before a
 * renderer sees it. An escape takes four bytes where the raw byte took
 * one, so the tail may be cut at n. */
void text_make_inert(char *buf, size_t n);

/* A sanitised copy of src (NULL is ""), for echoing a value that came from
 * the command line, a file or the network; returns buf. */
const char *text_inert(const char *src, char *buf, size_t n);

/* Appends formatted text to buf (size n) without overflowing; returns 0, or
 * -1 if it had to truncate. */
int text_append(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
