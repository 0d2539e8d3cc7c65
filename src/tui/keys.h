/* Keys to commands. Terminals disagree about function keys, so every F-key
 * command has a letter alias too; a letter only means a command when the
 * focus is not in a text field (where it is just typed). */
#ifndef SMTPWIZ_TUI_KEYS_H
#define SMTPWIZ_TUI_KEYS_H

#include <stdbool.h>
#include <wchar.h>

#include "tui/field.h"

struct key_event {
	bool is_char; /* code is a character, not a KEY_* code */
	bool alt;     /* came after an ESC (Alt/Meta) */
	unsigned code;
};

enum cmd {
	CMD_NONE,
	CMD_INSERT, /* ch goes into the text field */
	CMD_EDIT,   /* op applies to the text field */
	CMD_ABORT,  /* Ctrl-C */
	CMD_REDRAW,
	CMD_SUSPEND,
	CMD_RESIZE,
	CMD_CLICK,
	CMD_HELP,
	CMD_QUIT,
	CMD_BACK,
	CMD_ENTER,
	CMD_SELECT, /* Space on a radio, check or button */
	CMD_NEXT,
	CMD_PREV,
	CMD_UP,
	CMD_DOWN,
	CMD_LEFT,
	CMD_RIGHT,
	CMD_HOME,
	CMD_END,
	CMD_PGUP,
	CMD_PGDN,
	CMD_REVEAL,
	CMD_SEARCH,
	CMD_SEARCH_NEXT,
	CMD_SEARCH_PREV,
	CMD_SAVE,
	CMD_LOG,
	CMD_FIX,
	CMD_RERUN,
};

struct command {
	enum cmd cmd;
	enum field_op op;
	wchar_t ch;
	int y, x; /* CMD_CLICK */
};

/* Reads one pending key without waiting; false when there is none. */
bool keys_read(struct key_event *ev);
/* typing: the focus is in a text field, so letters are text. */
struct command keys_command(const struct key_event *ev, bool typing);

#endif
