/* The wizard's text field without a terminal: editing keys, UTF-8 round
 * trips, and the horizontal scrolling that keeps the cursor visible. */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/tap.h"
#include "tui/field.h"

static char got[FIELD_UTF8_MAX];

static const char *text_of(const struct field *f)
{
	field_get(f, got, sizeof(got));
	return got;
}

static void type(struct field *f, const wchar_t *s)
{
	for (; *s != L'\0'; s++)
		field_insert(f, *s);
}

static void test_round_trip(void)
{
	static const char *const cases[] = {
	    "smtp.example.com",
	    "p\xc3\xa4ssw\xc3\xb6rd \xe2\x82\xac \xf0\x9f\x94\x91",
	    "latin1 caf\xe9 and a lone \x80 and \xed\xa0\x80 surrogate",
	    "",
	};
	struct field f;

	field_init(&f, FIELD_MAX, false);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok(field_set(&f, cases[i]) == 0, "set case %zu", i);
		tap_is_str(text_of(&f), cases[i], "round trip unchanged");
		ok(f.cursor == f.len, "cursor at the end after set");
	}
	field_set(&f, "\xc3\xa9t\xc3\xa9");
	ok(f.len == 3, "two-byte characters count as one each");
}

static void test_insert(void)
{
	struct field f;

	field_init(&f, 8, false);
	type(&f, L"helo");
	field_edit(&f, FOP_LEFT);
	field_edit(&f, FOP_LEFT);
	field_insert(&f, L'L');
	tap_is_str(text_of(&f), "heLlo", "insert in the middle");
	ok(f.cursor == 3, "cursor after the inserted character");
	ok(!field_insert(&f, L'\t'), "tab refused");
	ok(!field_insert(&f, L'\n'), "line feed refused");
	ok(!field_insert(&f, 0x7f), "DEL refused");
	ok(!field_insert(&f, 0x9b), "C1 CSI refused");
	ok(!field_insert(&f, 0xdc80), "surrogate refused");
	type(&f, L"xyz");
	ok(f.len == 8, "filled to max");
	ok(!field_insert(&f, L'!'), "insert refused when full");
	field_set(&f, "0123456789");
	ok(f.len == 8, "set truncates at max");
	ok(field_set(&f, "0123456789") == -1, "set reports truncation");
}

static void test_editing_keys(void)
{
	struct field f;

	field_init(&f, FIELD_MAX, false);
	field_set(&f, "abc");
	ok(!field_edit(&f, FOP_DELETE), "delete at end changes nothing");
	ok(field_edit(&f, FOP_BACKSPACE), "backspace at end");
	tap_is_str(text_of(&f), "ab", "backspace removed the last one");
	field_edit(&f, FOP_HOME);
	ok(f.cursor == 0, "Home");
	ok(!field_edit(&f, FOP_BACKSPACE), "backspace at start: nothing");
	ok(field_edit(&f, FOP_DELETE), "delete at start");
	tap_is_str(text_of(&f), "b", "delete removed the first");
	field_edit(&f, FOP_LEFT);
	ok(f.cursor == 0, "left at start stays");
	field_edit(&f, FOP_END);
	field_edit(&f, FOP_RIGHT);
	ok(f.cursor == 1, "right at end stays");

	field_set(&f, "jane doe  smith");
	field_edit(&f, FOP_KILL_WORD);
	tap_is_str(text_of(&f), "jane doe  ", "Ctrl-W removes the last word");
	field_edit(&f, FOP_KILL_WORD);
	tap_is_str(text_of(&f), "jane ", "Ctrl-W eats spaces then a word");
	field_set(&f, "smtp.example.com");
	for (int i = 0; i < 4; i++)
		field_edit(&f, FOP_LEFT);
	field_edit(&f, FOP_KILL_END);
	tap_is_str(text_of(&f), "smtp.example", "Ctrl-K cuts to the end");
	field_edit(&f, FOP_LEFT);
	field_edit(&f, FOP_KILL_START);
	tap_is_str(text_of(&f), "e", "Ctrl-U cuts to the start");
	ok(f.cursor == 0, "cursor at start after Ctrl-U");
	ok(f.text[1] == 0 && f.text[5] == 0, "cut characters are wiped");
}

static void test_scrolling(void)
{
	struct field f;
	struct field_view v;
	char host[300];

	memset(host, 'a', 253);
	host[253] = '\0';
	field_init(&f, FIELD_MAX, false);
	field_set(&f, host);
	ok(f.len == 253, "a 253-character host fits");
	field_layout(&f, 20, &v);
	ok(v.cursor_col == 19, "cursor at the last column (got %d)",
	   v.cursor_col);
	ok(v.more_left && !v.more_right, "scrolled: more on the left");
	ok(v.first + v.count == 253, "the end is shown");
	field_edit(&f, FOP_HOME);
	field_layout(&f, 20, &v);
	ok(v.first == 0 && v.cursor_col == 0, "Home scrolls back");
	ok(v.count == 20 && v.more_right, "20 shown, more on the right");
	for (int i = 0; i < 25; i++)
		field_edit(&f, FOP_RIGHT);
	field_layout(&f, 20, &v);
	ok(v.cursor_col == 19 && v.first == 6, "scrolls as the cursor moves");

	field_set(&f, "abcdefghijklmnopqrstuvwxyz");
	field_layout(&f, 10, &v);
	ok(v.first == 17, "end shown (first %zu)", v.first);
	for (int i = 0; i < 20; i++)
		field_edit(&f, FOP_BACKSPACE);
	field_layout(&f, 10, &v);
	ok(v.first == 0 && v.count == 6, "after deleting, all of it shows");
}

static void test_wide(void)
{
	struct field f;
	struct field_view v;

	field_init(&f, FIELD_MAX, false);
	/* Three CJK characters, two columns each. */
	field_set(&f, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	ok(f.len == 3, "3 characters");
	field_layout(&f, 10, &v);
	ok(v.cursor_col == 6, "cursor after 3 wide characters at column 6");
	field_edit(&f, FOP_LEFT);
	field_layout(&f, 10, &v);
	ok(v.cursor_col == 4, "one left: column 4");
	field_set(&f, "ab\xe6\x97\xa5"
		      "cd");
	field_edit(&f, FOP_HOME);
	field_layout(&f, 3, &v);
	ok(v.count == 2, "a wide character is not split at the edge");
	field_click(&f, 3, 1);
	ok(f.cursor == 1, "click on column 1 puts the cursor on 'b'");
}

static void test_mask(void)
{
	struct field f;
	int w;

	field_init(&f, FIELD_MAX, true);
	field_set(&f, "s3cr\xc3\xa9t");
	ok(field_glyph(&f, 0, &w) == L'*' && w == 1, "masked: a star");
	ok(field_glyph(&f, 4, &w) == L'*', "masked: wide or not, a star");
	f.revealed = true;
	ok(field_glyph(&f, 0, &w) == L's', "revealed: the character");
	field_set(&f, "a\x80");
	ok(field_glyph(&f, 1, &w) == L'?' && w == 1, "raw byte shown as ?");
	field_wipe(&f);
	ok(f.len == 0 && f.text[0] == 0, "wipe clears the text");
}

static void test_encode_bounds(void)
{
	wchar_t w[] = {L'a', 0xe9, 0x20ac};
	char out[4];
	size_t need;

	need = field_utf8_encode(w, 3, out, sizeof(out));
	ok(need == 6, "needs 6 bytes");
	tap_is_str(out, "a\xc3\xa9", "stops before a sequence that won't fit");
}

int main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	test_round_trip();
	test_insert();
	test_editing_keys();
	test_scrolling();
	test_wide();
	test_mask();
	test_encode_bounds();
	return tap_done();
}
