#include <config.h>

#include <curses.h>

#include "tui/keys.h"

#define CTRL(c) ((c)&0x1f)
#define ESC     27

struct map {
	unsigned code;
	enum cmd cmd;
};

/* Keys that mean the same whether or not the user is typing. */
static const struct map fixed_keys[] = {
    {KEY_F(1), CMD_HELP},     {KEY_F(2), CMD_REVEAL},     {KEY_F(10), CMD_QUIT},
    {KEY_RESIZE, CMD_RESIZE}, {KEY_BTAB, CMD_PREV},       {KEY_UP, CMD_UP},
    {KEY_DOWN, CMD_DOWN},     {KEY_PPAGE, CMD_PGUP},      {KEY_NPAGE, CMD_PGDN},
    {KEY_ENTER, CMD_ENTER},   {KEY_SUSPEND, CMD_SUSPEND},
};

static const struct map fixed_chars[] = {
    {CTRL('c'), CMD_ABORT}, {CTRL('l'), CMD_REDRAW}, {CTRL('z'), CMD_SUSPEND},
    {CTRL('q'), CMD_QUIT},  {CTRL('t'), CMD_REVEAL}, {'\t', CMD_NEXT},
    {'\n', CMD_ENTER},      {'\r', CMD_ENTER},       {ESC, CMD_BACK},
    {CTRL('n'), CMD_DOWN},  {CTRL('p'), CMD_UP},
};

/* Letters that are commands only when nothing is being typed. */
static const struct map idle_chars[] = {
    {'?', CMD_HELP},   {'q', CMD_QUIT},        {' ', CMD_SELECT},
    {'/', CMD_SEARCH}, {'n', CMD_SEARCH_NEXT}, {'N', CMD_SEARCH_PREV},
    {'s', CMD_SAVE},   {'l', CMD_LOG},         {'f', CMD_FIX},
    {'r', CMD_RERUN},  {'g', CMD_HOME},        {'G', CMD_END},
};

static const struct map alt_chars[] = {
    {'h', CMD_HELP}, {'q', CMD_QUIT}, {'p', CMD_REVEAL},
    {'b', CMD_BACK}, {ESC, CMD_BACK},
};

struct edit_map {
	unsigned code;
	bool is_char;
	enum field_op op;
	enum cmd idle; /* the same key outside a text field */
};

static const struct edit_map edit_keys[] = {
    {KEY_LEFT, false, FOP_LEFT, CMD_LEFT},
    {KEY_RIGHT, false, FOP_RIGHT, CMD_RIGHT},
    {KEY_HOME, false, FOP_HOME, CMD_HOME},
    {KEY_END, false, FOP_END, CMD_END},
    {KEY_BACKSPACE, false, FOP_BACKSPACE, CMD_NONE},
    {KEY_DC, false, FOP_DELETE, CMD_NONE},
    {CTRL('a'), true, FOP_HOME, CMD_HOME},
    {CTRL('e'), true, FOP_END, CMD_END},
    {CTRL('b'), true, FOP_LEFT, CMD_NONE},
    {CTRL('f'), true, FOP_RIGHT, CMD_NONE},
    {CTRL('d'), true, FOP_DELETE, CMD_NONE},
    {CTRL('h'), true, FOP_BACKSPACE, CMD_NONE},
    {0x7f, true, FOP_BACKSPACE, CMD_NONE},
    {CTRL('u'), true, FOP_KILL_START, CMD_NONE},
    {CTRL('k'), true, FOP_KILL_END, CMD_NONE},
    {CTRL('w'), true, FOP_KILL_WORD, CMD_NONE},
};

static enum cmd lookup(const struct map *m, size_t n, unsigned code)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].code == code)
			return m[i].cmd;
	return CMD_NONE;
}

#define LOOKUP(table, code)                                                    \
	lookup(table, sizeof(table) / sizeof(table[0]), code)

/* "ESC [ n ~" keys, for terminals that send them whatever terminfo says
 * (tmux sends Home as ESC [ 1 ~ even under TERM=xterm). */
struct alias {
	unsigned from, to;
};

static const struct alias tilde_keys[] = {
    {1, KEY_HOME},  {7, KEY_HOME},   {4, KEY_END},   {8, KEY_END},
    {3, KEY_DC},    {5, KEY_PPAGE},  {6, KEY_NPAGE}, {11, KEY_F(1)},
    {12, KEY_F(2)}, {21, KEY_F(10)},
};

/* "ESC [ x" and "ESC O x" keys, by their final character. */
static const struct alias final_keys[] = {
    {'A', KEY_UP},   {'B', KEY_DOWN}, {'C', KEY_RIGHT},
    {'D', KEY_LEFT}, {'H', KEY_HOME}, {'F', KEY_END},
    {'Z', KEY_BTAB}, {'P', KEY_F(1)}, {'Q', KEY_F(2)},
};

static unsigned alias_of(const struct alias *t, size_t n, unsigned from)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].from == from)
			return t[i].to;
	return 0;
}

#define ALIAS(table, from)                                                     \
	alias_of(table, sizeof(table) / sizeof(table[0]), from)

/* A sequence the terminfo entry does not know arrives as ESC [ ... or
 * ESC O x: read all of it, so that its tail is not typed into a field,
 * and keep the keys we use. */
static unsigned read_unknown_sequence(unsigned intro)
{
	unsigned param = 0;
	wint_t wc;

	for (int i = 0; i < 16 && get_wch(&wc) == OK; i++) {
		if (intro == '[' && wc >= '0' && wc <= '9') {
			param = param * 10 + (unsigned)(wc - '0');
			continue;
		}
		if (intro == '[' && (wc < 0x40 || wc > 0x7e))
			continue; /* parameters and intermediates */
		if (wc == '~')
			return ALIAS(tilde_keys, param);
		return ALIAS(final_keys, (unsigned)wc);
	}
	return 0;
}

bool keys_read(struct key_event *ev)
{
	wint_t wc, next;
	int rc = get_wch(&wc);

	if (rc == ERR)
		return false;
	ev->alt = false;
	ev->is_char = rc == OK;
	ev->code = (unsigned)wc;
	if (!ev->is_char || wc != ESC)
		return true;
	/* ncurses has already waited ESCDELAY for a known sequence, so a key
	 * that is here at once was sent together with the ESC: Alt-key. */
	rc = get_wch(&next);
	if (rc == ERR)
		return true;
	if (rc == OK && (next == '[' || next == 'O')) {
		ev->is_char = false;
		ev->code = read_unknown_sequence((unsigned)next);
		return true;
	}
	ev->alt = true;
	ev->is_char = rc == OK;
	ev->code = (unsigned)next;
	return true;
}

static struct command edit_command(const struct key_event *ev, bool typing)
{
	struct command c = {.cmd = CMD_NONE};

	for (size_t i = 0; i < sizeof(edit_keys) / sizeof(edit_keys[0]); i++) {
		if (edit_keys[i].code != ev->code ||
		    edit_keys[i].is_char != ev->is_char)
			continue;
		if (typing) {
			c.cmd = CMD_EDIT;
			c.op = edit_keys[i].op;
		} else {
			c.cmd = edit_keys[i].idle;
		}
		return c;
	}
	return c;
}

static struct command mouse_command(void)
{
	struct command c = {.cmd = CMD_NONE};
	MEVENT me;

	if (getmouse(&me) != OK)
		return c;
	if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		c.cmd = CMD_CLICK;
		c.y = me.y;
		c.x = me.x;
	} else if (me.bstate & BUTTON4_PRESSED) {
		c.cmd = CMD_UP;
	}
#ifdef BUTTON5_PRESSED
	else if (me.bstate & BUTTON5_PRESSED) {
		c.cmd = CMD_DOWN;
	}
#endif
	return c;
}

struct command keys_command(const struct key_event *ev, bool typing)
{
	struct command c = {.cmd = CMD_NONE};

	if (ev->alt) {
		c.cmd = ev->is_char ? LOOKUP(alt_chars, ev->code) : CMD_NONE;
		return c;
	}
	if (!ev->is_char && ev->code == KEY_MOUSE)
		return mouse_command();
	c.cmd = ev->is_char ? LOOKUP(fixed_chars, ev->code)
			    : LOOKUP(fixed_keys, ev->code);
	if (c.cmd != CMD_NONE)
		return c;
	c = edit_command(ev, typing);
	if (c.cmd != CMD_NONE || !ev->is_char)
		return c;
	if (!typing)
		c.cmd = LOOKUP(idle_chars, ev->code);
	/* Outside a text field, a letter that is no command still arrives,
	 * so the screen can say why nothing was typed. */
	if (c.cmd == CMD_NONE && ev->code >= 0x20 && ev->code != 0x7f) {
		c.cmd = CMD_INSERT;
		c.ch = (wchar_t)ev->code;
	}
	return c;
}
