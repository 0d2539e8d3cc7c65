/* A modal question over the current screen. It is state, not a nested
 * loop: the main loop keeps handling signals, resizes and engine events
 * while it is open. */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "tui/app.h"
#include "tui/draw.h"

#define DIALOG_MAX_W 66

void dialog_open(struct app *a, const char *title, const char *text,
		 const char *const *buttons, int n, int cancel,
		 void (*done)(struct app *a, int choice))
{
	struct dialog *d = &a->dlg;

	memset(d, 0, sizeof(*d));
	d->open = true;
	snprintf(d->title, sizeof(d->title), "%s", title);
	snprintf(d->text, sizeof(d->text), "%s", text);
	d->n_buttons = n > 3 ? 3 : n;
	for (int i = 0; i < d->n_buttons; i++)
		d->buttons[i] = buttons[i];
	d->cancel = cancel;
	d->done = done;
}

static void choose(struct app *a, int choice)
{
	void (*done)(struct app *, int) = a->dlg.done;

	a->dlg.open = false;
	if (done != NULL)
		done(a, choice);
}

static int buttons_width(const struct dialog *d)
{
	int w = 0;

	for (int i = 0; i < d->n_buttons; i++)
		w += draw_button_width(_(d->buttons[i])) + (i ? 2 : 0);
	return w;
}

/* A blank margin around the box keeps what is underneath from running
 * into the border. */
static void frame(int y, int x, int h, int w, const char *title)
{
	for (int r = -1; r <= h; r++)
		if (y + r >= 1 && y + r < LINES - 1)
			draw_fill(y + r, x - 1, w + 2, LK_NORMAL);
	draw_hline(y, x, w);
	draw_hline(y + h - 1, x, w);
	for (int r = 0; r < h; r++) {
		mvaddstr(y + r, x,
			 draw_glyph(r == 0       ? G_TOP_LEFT
				    : r == h - 1 ? G_BOTTOM_LEFT
						 : G_VLINE));
		mvaddstr(y + r, x + w - 1,
			 draw_glyph(r == 0       ? G_TOP_RIGHT
				    : r == h - 1 ? G_BOTTOM_RIGHT
						 : G_VLINE));
	}
	draw_text(y, x + 2, 1, LK_BOLD, " ");
	draw_text(y, x + 3 + draw_text(y, x + 3, w - 6, LK_BOLD, title), 1,
		  LK_BOLD, " ");
}

void dialog_draw(struct app *a)
{
	struct dialog *d = &a->dlg;
	int w = COLS - 4 < DIALOG_MAX_W ? COLS - 4 : DIALOG_MAX_W;
	int rows = draw_wrap_rows(d->text, w - 4), h, y, x, bx;

	if (rows > LINES - 6)
		rows = LINES - 6;
	h = rows + 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	frame(y, x, h, w, d->title);
	draw_wrapped(y + 1, x + 2, w - 4, rows, LK_NORMAL, d->text);
	bx = x + (w - buttons_width(d)) / 2;
	d->by = y + h - 2;
	for (int i = 0; i < d->n_buttons; i++) {
		d->bx[i] = bx;
		d->bw[i] =
		    draw_button(d->by, bx, _(d->buttons[i]), i == d->focus);
		if (i == d->focus) {
			a->cur_y = d->by;
			a->cur_x = bx + 2;
		}
		bx += d->bw[i] + 2;
	}
}

void dialog_key(struct app *a, const struct command *c)
{
	struct dialog *d = &a->dlg;

	switch (c->cmd) {
	case CMD_LEFT:
	case CMD_PREV:
	case CMD_UP:
		d->focus = (d->focus + d->n_buttons - 1) % d->n_buttons;
		break;
	case CMD_RIGHT:
	case CMD_NEXT:
	case CMD_DOWN:
		d->focus = (d->focus + 1) % d->n_buttons;
		break;
	case CMD_ENTER:
	case CMD_SELECT:
		choose(a, d->focus);
		break;
	case CMD_BACK:
		choose(a, d->cancel);
		break;
	default:
		break;
	}
}

void dialog_click(struct app *a, int y, int x)
{
	struct dialog *d = &a->dlg;

	if (y != d->by)
		return;
	for (int i = 0; i < d->n_buttons; i++)
		if (x >= d->bx[i] && x < d->bx[i] + d->bw[i])
			choose(a, i);
}
