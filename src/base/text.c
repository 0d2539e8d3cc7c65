#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* Length of the valid UTF-8 sequence at s (at most len bytes), or 0 when
 * invalid, overlong, a surrogate, a C1 control character (U+0080-U+009F
 * are as dangerous as ESC on many terminals) or a bidi embedding, override
 * or isolate (U+202A-U+202E, U+2066-U+2069: they reorder what follows, so
 * a banner could show a host name other than the one it holds). */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t need, i;
	unsigned cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return need;
}

size_t text_sanitize(char *dst, size_t n, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t in = 0, out = 0, seq;

	if (n == 0)
		return 0;
	while (in < len) {
		if (s[in] >= 0x20 && s[in] < 0x7f)
			seq = 1;
		else if (s[in] >= 0x80)
			seq = utf8_seq(s + in, len - in);
		else
			seq = 0;
		if (seq > 0) {
			if (out + seq >= n)
				break;
			memcpy(dst + out, s + in, seq);
			out += seq;
			in += seq;
			continue;
		}
		if (out + 4 >= n)
			break;
		snprintf(dst + out, 5, "\\x%02X", s[in]);
		out += 4;
		in++;
	}
	dst[out] = '\0';
	return out;
}

int text_append(char *buf, size_t n, const char *fmt, ...)
{
	size_t used = strnlen(buf, n);
	va_list ap;
	int w;

	if (used + 1 >= n)
		return -1;
	va_start(ap, fmt);
	w = vsnprintf(buf + used, n - used, fmt, ap);
	va_end(ap);
	return (w < 0 || (size_t)w >= n - used) ? -1 : 0;
}

size_t text_sanitize_lines(char *dst, size_t n, const char *src, size_t len)
{
	size_t in = 0, out = 0;

	if (n == 0)
		return 0;
	dst[0] = '\0';
	while (in <= len && out + 1 < n) {
		const char *nl = memchr(src + in, '\n', len - in);
		size_t l = nl ? (size_t)(nl - (src + in)) : len - in;

		out += text_sanitize(dst + out, n - out, src + in, l);
		if (nl == NULL || out + 2 >= n)
			break;
		dst[out++] = '\n';
		dst[out] = '\0';
		in += l + 1;
	}
	return out;
}

void text_make_inert(char *buf, size_t n)
{
	char *copy;
	size_t len = strnlen(buf, n);

	if (len == 0 || (copy = malloc(len)) == NULL) {
		/* No room to work: nothing unchecked may go through. */
		if (len > 0)
			buf[0] = '\0';
		return;
	}
	memcpy(copy, buf, len);
	text_sanitize_lines(buf, n, copy, len);
	free(copy);
}

const char *text_inert(const char *src, char *buf, size_t n)
{
	text_sanitize(buf, n, src ? src : "", src ? strlen(src) : 0);
	return buf;
}
