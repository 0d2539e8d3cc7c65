/* Drawing primitives shared by the screens: attributes that stay readable
 * in monochrome, marks that do not rely on colour, width-aware text output
 * and word wrapping, title and key bars. */
#ifndef SMTPWIZ_TUI_DRAW_H
#define SMTPWIZ_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "config/validate.h"

struct app;

enum look {
	LK_NORMAL,
	LK_TITLE,
	LK_KEY,
	LK_FIELD,
	LK_ERROR,
	LK_WARN,
	LK_OK,
	LK_FOCUS,
	LK_SELECTED,
	LK_DIM,
	LK_BOLD,
	LK_COUNT,
};

enum glyph {
	G_HLINE,
	G_VLINE,
	G_TOP_LEFT,
	G_TOP_RIGHT,
	G_BOTTOM_LEFT,
	G_BOTTOM_RIGHT,
	G_ELLIPSIS,
	G_ARROW,
	G_COUNT,
};

struct keyhint {
	const char *key;   /* not translated: key names */
	const char *label; /* N_() */
};

/* Picks attributes and glyphs for what the terminal can do. */
void draw_setup(bool color, bool utf8);
int draw_attr(enum look l);
const char *draw_glyph(enum glyph g);
/* The mark for a validation status: works without colour. */
const char *draw_mark(enum vstatus st);
enum look draw_look(enum vstatus st);
/* Spinner frame for a time in milliseconds. */
const char *draw_spinner(long long ms);

/* Text in the locale's encoding (translations). Returns columns used. */
int draw_text(int y, int x, int w, enum look l, const char *s);
/* User data, always UTF-8 whatever the locale. */
int draw_utf8(int y, int x, int w, enum look l, const char *s);
int draw_wide(int y, int x, int w, enum look l, const wchar_t *s, size_t n);
void draw_fill(int y, int x, int w, enum look l);
void draw_hline(int y, int x, int w);
/* Word-wraps s into at most max_rows rows of w columns; the last row ends
 * with an ellipsis when text is left over. Returns the rows used. */
int draw_wrapped(int y, int x, int w, int max_rows, enum look l, const char *s);
/* Rows s needs when wrapped at w columns. */
int draw_wrap_rows(const char *s, int w);
/* Mark and message over up to rows rows. */
void draw_message(int y, int x, int w, int rows, enum vstatus st,
		  const char *msg);
/* "[ Label ]"; returns its width. */
int draw_button(int y, int x, const char *label, bool focused);
int draw_button_width(const char *label);

/* A text field as "[text]" (w columns inside the brackets; "<" and ">"
 * when scrolled); returns the cursor's column. */
struct field;
int draw_input(int y, int x, int w, struct field *f, enum look l);

void draw_title(const char *title, const char *right);
void draw_keybar(const struct keyhint *k, int n);
/* The status line above the key bar. */
void draw_status(struct app *a);
void draw_too_small(struct app *a);

/* Converts locale text to wide characters; undecodable bytes become '?'.
 * Returns the count (out has room for max). */
size_t draw_to_wide(const char *s, wchar_t *out, size_t max);
/* Display width of one character as drawn (unprintable ones take 1). */
int draw_wcwidth(wchar_t c);

struct wspan {
	size_t start, len;
};
/* Word-wraps s[0..n) at w columns into at most max spans; '\n' breaks a
 * line. Returns the number of spans needed (may exceed max). */
size_t draw_wrap(const wchar_t *s, size_t n, int w, struct wspan *out,
		 size_t max);

#endif
