/* A one-line text field: the editing and scrolling logic of the wizard's
 * inputs, with no curses in it so that it can be unit tested. Text is held
 * as wide characters; the cursor and scroll position count characters, and
 * the layout places them by display width (wcwidth). */
#ifndef SMTPWIZ_TUI_FIELD_H
#define SMTPWIZ_TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#define FIELD_MAX 1024
/* Enough for any field's UTF-8 form, including the NUL. */
#define FIELD_UTF8_MAX (FIELD_MAX * 4 + 1)

enum field_op {
	FOP_LEFT,
	FOP_RIGHT,
	FOP_HOME,
	FOP_END,
	FOP_BACKSPACE,
	FOP_DELETE,
	FOP_KILL_START, /* Ctrl-U */
	FOP_KILL_END,   /* Ctrl-K */
	FOP_KILL_WORD,  /* Ctrl-W */
};

struct field {
	wchar_t text[FIELD_MAX];
	size_t len;
	size_t cursor; /* 0..len, in characters */
	size_t scroll; /* first character shown */
	size_t max;    /* characters accepted, at most FIELD_MAX */
	bool masked;   /* a password: drawn as '*' unless revealed */
	bool revealed;
};

/* What to draw: characters first..first+count-1 at columns from 0. */
struct field_view {
	size_t first;
	size_t count;
	int cursor_col;
	bool more_left;
	bool more_right;
};

void field_init(struct field *f, size_t max, bool masked);
/* Wipes the text (it may be a password). */
void field_wipe(struct field *f);

/* Sets the text from UTF-8 and puts the cursor at the end. Bytes that are
 * not valid UTF-8 are kept as they are (they come back unchanged from
 * field_get). Returns 0, or -1 if the text was cut at max characters. */
int field_set(struct field *f, const char *utf8);
/* Writes the text as UTF-8 into out (size n, always NUL-terminated when
 * n > 0); returns the length the whole text needs, excluding the NUL. */
size_t field_get(const struct field *f, char *out, size_t n);

/* Inserts c at the cursor; refuses control characters and a full field. */
bool field_insert(struct field *f, wchar_t c);
/* Returns true when the text changed (a cursor move returns false). */
bool field_edit(struct field *f, enum field_op op);
/* Moves the cursor to the character shown at column col of the last
 * layout (for a mouse click). */
void field_click(struct field *f, int width, int col);

/* Scrolls so that the cursor is visible in width columns, then describes
 * what to draw. */
void field_layout(struct field *f, int width, struct field_view *v);
/* The character to draw for position i, and its width (1 or 2). Masked
 * text gives '*'; characters that cannot be shown give '?'. */
wchar_t field_glyph(const struct field *f, size_t i, int *width);

/* UTF-8 <-> wide characters, keeping invalid bytes as U+DC80..U+DCFF so
 * that any byte string survives the round trip. */
size_t field_utf8_decode(const char *s, wchar_t *out, size_t max,
			 bool *truncated);
size_t field_utf8_encode(const wchar_t *w, size_t len, char *out, size_t n);

#endif
