#include <config.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/i18n.h"
#include "tui/app.h"
#include "tui/draw.h"

enum {
	PAIR_TITLE = 1,
	PAIR_ERROR,
	PAIR_WARN,
	PAIR_OK,
	PAIR_KEY,
};

static int looks[LK_COUNT];
static bool utf8_glyphs;

static const char *const utf8_set[G_COUNT] = {"\u2500", "\u2502", "\u250c",
					      "\u2510", "\u2514", "\u2518",
					      "\u2026", "\u2192"};
static const char *const ascii_set[G_COUNT] = {"-", "|", "+",   "+",
					       "+", "+", "...", "->"};

/* Monochrome first: every look must stay distinguishable without colour
 * (NO_COLOR, --no-color, or a terminal without it); colour only adds. */
static void mono_looks(void)
{
	looks[LK_NORMAL] = A_NORMAL;
	looks[LK_TITLE] = A_REVERSE | A_BOLD;
	looks[LK_KEY] = A_REVERSE;
	looks[LK_FIELD] = A_UNDERLINE;
	looks[LK_ERROR] = A_BOLD;
	looks[LK_WARN] = A_BOLD;
	looks[LK_OK] = A_NORMAL;
	looks[LK_FOCUS] = A_REVERSE | A_BOLD;
	looks[LK_SELECTED] = A_REVERSE;
	looks[LK_DIM] = A_DIM;
	looks[LK_BOLD] = A_BOLD;
}

static void color_looks(void)
{
	short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;

	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_ERROR, COLOR_RED, bg);
	init_pair(PAIR_WARN, COLOR_YELLOW, bg);
	init_pair(PAIR_OK, COLOR_GREEN, bg);
	init_pair(PAIR_KEY, COLOR_BLACK, COLOR_CYAN);
	looks[LK_TITLE] = COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	looks[LK_KEY] = COLOR_PAIR(PAIR_KEY);
	looks[LK_ERROR] = COLOR_PAIR(PAIR_ERROR) | A_BOLD;
	looks[LK_WARN] = COLOR_PAIR(PAIR_WARN) | A_BOLD;
	looks[LK_OK] = COLOR_PAIR(PAIR_OK);
}

void draw_setup(bool color, bool utf8)
{
	utf8_glyphs = utf8;
	mono_looks();
	if (color)
		color_looks();
}

int draw_attr(enum look l)
{
	return looks[l];
}

const char *draw_glyph(enum glyph g)
{
	return utf8_glyphs ? utf8_set[g] : ascii_set[g];
}

const char *draw_mark(enum vstatus st)
{
	switch (st) {
	case V_OK:
		return utf8_glyphs ? "\u2713" : "+";
	case V_WARN:
		return "!";
	case V_ERROR:
		return utf8_glyphs ? "\u2717" : "X";
	}
	return "?";
}

enum look draw_look(enum vstatus st)
{
	return st == V_ERROR ? LK_ERROR : st == V_WARN ? LK_WARN : LK_OK;
}

const char *draw_spinner(long long ms)
{
	static const char *const braille[] = {
	    "\u280b", "\u2819", "\u2839", "\u2838", "\u283c",
	    "\u2834", "\u2826", "\u2827", "\u2807", "\u280f"};
	static const char *const ascii[] = {"|", "/", "-", "\\"};
	long long frame = ms / 250;

	if (utf8_glyphs)
		return braille[frame % 10];
	return ascii[frame % 4];
}

/* ---- text ---------------------------------------------------------------- */

int draw_wcwidth(wchar_t c)
{
	int w = wcwidth(c);

	return w < 1 ? 1 : w;
}

size_t draw_to_wide(const char *s, wchar_t *out, size_t max)
{
	mbstate_t st;
	size_t n = 0, len = strlen(s), k;
	wchar_t wc;

	memset(&st, 0, sizeof(st));
	while (len > 0 && n < max) {
		k = mbrtowc(&wc, s, len, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			wc = L'?';
			k = 1;
		} else if (k == 0) {
			break;
		}
		out[n++] = wc;
		s += k;
		len -= k;
	}
	return n;
}

static wchar_t printable(wchar_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
		       wcwidth(c) < 1
		   ? L'?'
		   : c;
}

int draw_wide(int y, int x, int w, enum look l, const wchar_t *s, size_t n)
{
	int used = 0, cw, total = 0, room = w;
	cchar_t cc;
	wchar_t one[2] = {0, 0};
	size_t i;

	for (i = 0; i < n; i++)
		total += draw_wcwidth(printable(s[i]));
	/* Text that does not fit says so: the last cells become an
	 * ellipsis, never a word cut without a mark (the details panel or
	 * the pager shows the whole text). */
	if (total > w)
		room = w - (utf8_glyphs ? 1 : 3);
	for (i = 0; i < n && room > 0; i++) {
		one[0] = printable(s[i]);
		cw = draw_wcwidth(one[0]);
		if (used + cw > room)
			break;
		/* setcchar takes the colour apart from the attributes. */
		setcchar(&cc, one, (attr_t)looks[l] & ~A_COLOR,
			 (short)PAIR_NUMBER(looks[l]), NULL);
		mvadd_wch(y, x + used, &cc);
		used += cw;
	}
	if (total > w && room > 0) {
		attr_t old_attr;
		short old_pair;

		attr_get(&old_attr, &old_pair, NULL);
		attrset((attr_t)looks[l]);
		mvaddstr(y, x + used, draw_glyph(G_ELLIPSIS));
		attr_set(old_attr, old_pair, NULL);
		used += utf8_glyphs ? 1 : 3;
	}
	return used;
}

int draw_text(int y, int x, int w, enum look l, const char *s)
{
	wchar_t buf[1024];
	size_t n;

	if (w <= 0 || s == NULL)
		return 0;
	n = draw_to_wide(s, buf, sizeof(buf) / sizeof(buf[0]));
	return draw_wide(y, x, w, l, buf, n);
}

int draw_utf8(int y, int x, int w, enum look l, const char *s)
{
	wchar_t buf[FIELD_MAX];
	bool cut;
	size_t n;

	if (w <= 0 || s == NULL)
		return 0;
	n = field_utf8_decode(s, buf, FIELD_MAX, &cut);
	return draw_wide(y, x, w, l, buf, n);
}

void draw_fill(int y, int x, int w, enum look l)
{
	attr_t old_attr;
	short old_pair;

	attr_get(&old_attr, &old_pair, NULL);
	attrset((attr_t)looks[l]);
	mvhline(y, x, ' ', w);
	attr_set(old_attr, old_pair, NULL);
}

void draw_hline(int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		mvaddstr(y, x + i, draw_glyph(G_HLINE));
}

/* ---- wrapping ------------------------------------------------------------ */

/* Where the row that starts at start ends (exclusive), and where the next
 * row starts: after the last space that fits, else at the first character
 * that does not fit. */
static size_t wrap_row(const wchar_t *s, size_t n, size_t start, int w,
		       size_t *next)
{
	size_t i = start, brk = (size_t)-1;
	int used = 0, cw;

	while (i < n && s[i] != L'\n') {
		cw = draw_wcwidth(s[i]);
		if (used + cw > w)
			break;
		if (s[i] == L' ')
			brk = i;
		used += cw;
		i++;
	}
	if (i < n && (s[i] == L' ' || s[i] == L'\n')) {
		*next = i + 1;
		return i;
	}
	if (i < n && brk != (size_t)-1 && brk > start) {
		*next = brk + 1;
		return brk;
	}
	if (i == start && i < n) {
		*next = i + 1; /* wider than the row: it goes alone */
		return i + 1;
	}
	*next = i;
	return i;
}

size_t draw_wrap(const wchar_t *s, size_t n, int w, struct wspan *out,
		 size_t max)
{
	size_t count = 0, start = 0, end, next;

	if (w < 1)
		w = 1;
	do {
		end = wrap_row(s, n, start, w, &next);
		if (count < max) {
			out[count].start = start;
			out[count].len = end - start;
		}
		count++;
		start = next;
	} while (start < n);
	return count;
}

int draw_wrap_rows(const char *s, int w)
{
	wchar_t buf[PAGER_LINE_MAX];
	size_t n = draw_to_wide(s, buf, PAGER_LINE_MAX);

	return (int)draw_wrap(buf, n, w, NULL, 0);
}

int draw_wrapped(int y, int x, int w, int max_rows, enum look l, const char *s)
{
	wchar_t buf[PAGER_LINE_MAX];
	struct wspan spans[64];
	size_t n, rows, i;
	int ell;

	if (max_rows <= 0 || w <= 0)
		return 0;
	n = draw_to_wide(s, buf, PAGER_LINE_MAX);
	rows = draw_wrap(buf, n, w, spans, 64);
	if (rows > 64)
		rows = 64;
	for (i = 0; i < rows && i < (size_t)max_rows; i++) {
		int used = draw_wide(y + (int)i, x, w, l, buf + spans[i].start,
				     spans[i].len);

		if (i + 1 == (size_t)max_rows && rows > (size_t)max_rows) {
			ell = utf8_glyphs ? 1 : 3;
			if (used + ell > w)
				used = w - ell;
			mvaddstr(y + (int)i, x + used, draw_glyph(G_ELLIPSIS));
		}
	}
	return (int)i;
}

void draw_message(int y, int x, int w, int rows, enum vstatus st,
		  const char *msg)
{
	int mw;

	if (rows <= 0 || msg == NULL || msg[0] == '\0')
		return;
	mw = draw_text(y, x, 2, draw_look(st), draw_mark(st));
	draw_wrapped(y, x + mw + 1, w - mw - 1, rows, draw_look(st), msg);
}

int draw_input(int y, int x, int w, struct field *f, enum look l)
{
	struct field_view v;
	int col = 0, gw;
	wchar_t g;

	field_layout(f, w, &v);
	draw_text(y, x, 1, LK_NORMAL, v.more_left ? "<" : "[");
	draw_fill(y, x + 1, w, l);
	for (size_t k = v.first; k < v.first + v.count; k++) {
		g = field_glyph(f, k, &gw);
		draw_wide(y, x + 1 + col, w - col, l, &g, 1);
		col += gw;
	}
	draw_text(y, x + 1 + w, 1, LK_NORMAL, v.more_right ? ">" : "]");
	return x + 1 + v.cursor_col;
}

/* ---- bars and buttons ---------------------------------------------------- */

int draw_button_width(const char *label)
{
	wchar_t buf[128];
	size_t n = draw_to_wide(label, buf, 128);
	int w = 4;

	for (size_t i = 0; i < n; i++)
		w += draw_wcwidth(buf[i]);
	return w;
}

int draw_button(int y, int x, const char *label, bool focused)
{
	enum look l = focused ? LK_FOCUS : LK_NORMAL;
	int w = 0;

	w += draw_text(y, x, 2, l, "[ ");
	w += draw_text(y, x + w, 60, l, label);
	w += draw_text(y, x + w, 2, l, " ]");
	return w;
}

void draw_title(const char *title, const char *right)
{
	int cols = COLS, rw = 0;

	draw_fill(0, 0, cols, LK_TITLE);
	if (right != NULL) {
		rw = draw_button_width(right) - 4;
		draw_text(0, cols - rw - 1, rw, LK_TITLE, right);
	}
	draw_text(0, 1, cols - rw - 3, LK_TITLE, title);
}

void draw_keybar(const struct keyhint *k, int n)
{
	int x = 0, y = LINES - 1, kw, lw;

	for (int i = 0; i < n; i++) {
		kw = draw_button_width(k[i].key) - 4;
		lw = draw_button_width(_(k[i].label)) - 4;
		if (x + kw + 1 + lw > COLS)
			break;
		draw_text(y, x, kw, LK_KEY, k[i].key);
		x += kw + 1;
		x += draw_text(y, x, lw, LK_NORMAL, _(k[i].label));
		x += 2;
	}
}

void draw_status(struct app *a)
{
	if (a->status[0] == '\0')
		return;
	draw_message(ROW_STATUS, 1, COLS - 2, 2, a->status_kind, a->status);
}

void draw_too_small(struct app *a)
{
	char msg[256];
	int y = LINES / 2 - 1;

	snprintf(msg, sizeof(msg),
		 _("The terminal is too small (%dx%d). Enlarge the terminal "
		   "to at least %dx%d."),
		 COLS, LINES, MIN_COLS, MIN_ROWS);
	draw_wrapped(y < 0 ? 0 : y, 1, COLS - 2, LINES, LK_BOLD, msg);
	if (LINES > 3)
		draw_text(LINES - 1, 1, COLS - 2, LK_NORMAL,
			  _("F10 or Ctrl-Q: quit"));
	a->cur_y = y < 0 ? 0 : y;
	a->cur_x = 1;
}
