#include <config.h>

#include <string.h>
#include <wchar.h>

#include "tui/field.h"

/* Invalid UTF-8 bytes become lone low surrogates (as in Python's
 * surrogateescape): no valid text can produce them, so encoding turns them
 * back into the very bytes that were read. */
#define ESCAPE_BASE 0xdc00
#define ESCAPE_LOW  0xdc80
#define ESCAPE_HIGH 0xdcff

static bool is_escape(wchar_t c)
{
	return c >= ESCAPE_LOW && c <= ESCAPE_HIGH;
}

/* Length of the valid UTF-8 sequence at s and its code point, or 0. */
static size_t utf8_seq(const unsigned char *s, wchar_t *cp)
{
	unsigned char c = s[0];
	unsigned long v;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	*cp = (wchar_t)v;
	return n;
}

size_t field_utf8_decode(const char *s, wchar_t *out, size_t max,
			 bool *truncated)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0, n;
	wchar_t cp;

	*truncated = false;
	while (*p != '\0') {
		if (len == max) {
			*truncated = true;
			break;
		}
		n = utf8_seq(p, &cp);
		if (n == 0) {
			cp = (wchar_t)(ESCAPE_BASE + *p);
			n = 1;
		}
		out[len++] = cp;
		p += n;
	}
	return len;
}

static size_t encode_one(wchar_t c, unsigned char buf[4])
{
	unsigned long v = (unsigned long)c;

	if (is_escape(c)) {
		buf[0] = (unsigned char)(v - ESCAPE_BASE);
		return 1;
	}
	if (v < 0x80) {
		buf[0] = (unsigned char)v;
		return 1;
	}
	if (v < 0x800) {
		buf[0] = (unsigned char)(0xc0 | (v >> 6));
		buf[1] = (unsigned char)(0x80 | (v & 0x3f));
		return 2;
	}
	if (v < 0x10000) {
		buf[0] = (unsigned char)(0xe0 | (v >> 12));
		buf[1] = (unsigned char)(0x80 | ((v >> 6) & 0x3f));
		buf[2] = (unsigned char)(0x80 | (v & 0x3f));
		return 3;
	}
	buf[0] = (unsigned char)(0xf0 | (v >> 18));
	buf[1] = (unsigned char)(0x80 | ((v >> 12) & 0x3f));
	buf[2] = (unsigned char)(0x80 | ((v >> 6) & 0x3f));
	buf[3] = (unsigned char)(0x80 | (v & 0x3f));
	return 4;
}

size_t field_utf8_encode(const wchar_t *w, size_t len, char *out, size_t n)
{
	unsigned char buf[4];
	size_t used = 0, written = 0, i, k;
	bool full = false;

	for (i = 0; i < len; i++) {
		k = encode_one(w[i], buf);
		/* Stop at the first sequence that does not fit: never cut one
		 * in half. */
		if (!full && written + k < n) {
			memcpy(out + written, buf, k);
			written += k;
		} else {
			full = true;
		}
		used += k;
	}
	if (n > 0)
		out[written] = '\0';
	explicit_bzero(buf, sizeof(buf));
	return used;
}

void field_init(struct field *f, size_t max, bool masked)
{
	memset(f, 0, sizeof(*f));
	f->max = max > 0 && max <= FIELD_MAX ? max : FIELD_MAX;
	f->masked = masked;
}

void field_wipe(struct field *f)
{
	explicit_bzero(f->text, sizeof(f->text));
	f->len = f->cursor = f->scroll = 0;
}

int field_set(struct field *f, const char *utf8)
{
	bool truncated = false;

	field_wipe(f);
	if (utf8 != NULL)
		f->len = field_utf8_decode(utf8, f->text, f->max, &truncated);
	f->cursor = f->len;
	return truncated ? -1 : 0;
}

size_t field_get(const struct field *f, char *out, size_t n)
{
	return field_utf8_encode(f->text, f->len, out, n);
}

static bool insertable(wchar_t c)
{
	unsigned long v = (unsigned long)c;

	return v >= 0x20 && v != 0x7f && !(v >= 0x80 && v < 0xa0) &&
	       !(v >= 0xd800 && v <= 0xdfff) && v <= 0x10ffff;
}

bool field_insert(struct field *f, wchar_t c)
{
	if (!insertable(c) || f->len >= f->max)
		return false;
	memmove(f->text + f->cursor + 1, f->text + f->cursor,
		(f->len - f->cursor) * sizeof(wchar_t));
	f->text[f->cursor++] = c;
	f->len++;
	return true;
}

/* Removes characters [from, to) and leaves the cursor at from. */
static bool cut(struct field *f, size_t from, size_t to)
{
	if (from >= to)
		return false;
	memmove(f->text + from, f->text + to, (f->len - to) * sizeof(wchar_t));
	f->len -= to - from;
	/* The tail left behind may hold part of a password. */
	explicit_bzero(f->text + f->len, (to - from) * sizeof(wchar_t));
	f->cursor = from;
	return true;
}

/* Like a shell's Ctrl-W: the spaces before the cursor, then the word. */
static size_t word_start(const struct field *f)
{
	size_t i = f->cursor;

	while (i > 0 && f->text[i - 1] == L' ')
		i--;
	while (i > 0 && f->text[i - 1] != L' ')
		i--;
	return i;
}

bool field_edit(struct field *f, enum field_op op)
{
	switch (op) {
	case FOP_LEFT:
		if (f->cursor > 0)
			f->cursor--;
		return false;
	case FOP_RIGHT:
		if (f->cursor < f->len)
			f->cursor++;
		return false;
	case FOP_HOME:
		f->cursor = 0;
		return false;
	case FOP_END:
		f->cursor = f->len;
		return false;
	case FOP_BACKSPACE:
		return f->cursor > 0 && cut(f, f->cursor - 1, f->cursor);
	case FOP_DELETE:
		return f->cursor < f->len && cut(f, f->cursor, f->cursor + 1);
	case FOP_KILL_START:
		return cut(f, 0, f->cursor);
	case FOP_KILL_END:
		return cut(f, f->cursor, f->len);
	case FOP_KILL_WORD:
		return cut(f, word_start(f), f->cursor);
	}
	return false;
}

wchar_t field_glyph(const struct field *f, size_t i, int *width)
{
	wchar_t c = f->text[i];
	int w;

	*width = 1;
	if (f->masked && !f->revealed)
		return L'*';
	if (is_escape(c))
		return L'?';
	w = wcwidth(c);
	/* Zero-width and unknown characters get a visible cell of their own:
	 * the cursor counts characters, so each must occupy a column. */
	if (w < 1 || w > 2)
		return L'?';
	*width = w;
	return c;
}

static int glyph_width(const struct field *f, size_t i)
{
	int w;

	if (i >= f->len)
		return 1; /* the cursor cell after the end */
	field_glyph(f, i, &w);
	return w;
}

/* Display width of characters [from, to), counting the end cell. */
static int span_width(const struct field *f, size_t from, size_t to)
{
	int w = 0;

	for (size_t i = from; i < to; i++)
		w += glyph_width(f, i);
	return w;
}

static void scroll_to_cursor(struct field *f, int width)
{
	if (f->scroll > f->cursor)
		f->scroll = f->cursor;
	while (f->scroll < f->cursor &&
	       span_width(f, f->scroll, f->cursor + 1) > width)
		f->scroll++;
	/* After a deletion, show more of the start if the tail now fits. */
	while (f->scroll > 0 &&
	       span_width(f, f->scroll - 1,
			  f->cursor == f->len ? f->len + 1 : f->len) <= width)
		f->scroll--;
}

void field_layout(struct field *f, int width, struct field_view *v)
{
	int used = 0, w;
	size_t i;

	if (width < 2)
		width = 2;
	if (f->cursor > f->len)
		f->cursor = f->len;
	scroll_to_cursor(f, width);
	v->first = f->scroll;
	for (i = f->scroll; i < f->len; i++) {
		w = glyph_width(f, i);
		if (used + w > width)
			break;
		used += w;
	}
	v->count = i - f->scroll;
	v->cursor_col = span_width(f, f->scroll, f->cursor);
	v->more_left = f->scroll > 0;
	v->more_right = f->scroll + v->count < f->len;
}

void field_click(struct field *f, int width, int col)
{
	struct field_view v;
	int used = 0, w;
	size_t i;

	field_layout(f, width, &v);
	for (i = v.first; i < v.first + v.count; i++) {
		w = glyph_width(f, i);
		if (col < used + w)
			break;
		used += w;
	}
	f->cursor = i;
}
