/* A wizard screen is a table of items (text, fields, radios, checks,
 * buttons); this file lays them out, draws them with their validation
 * messages, moves the focus and feeds keys to them. */
#include <config.h>

#include <curses.h>
#include <string.h>

#include "base/i18n.h"
#include "tui/app.h"
#include "tui/draw.h"

#define MAX_ITEMS 32
#define TOP_ROW   2
#define LEFT      2

static const struct screen_def *cur(const struct app *a)
{
	return screen_def(a->screen);
}

static bool focusable(struct app *a, const struct item *it)
{
	if (it->kind != IT_TEXT && it->kind != IT_RADIO &&
	    it->kind != IT_CHECK && it->kind != IT_BUTTON)
		return false;
	return cur(a)->enabled == NULL || cur(a)->enabled(a, it);
}

void form_validate(struct app *a, struct vresult *msgs)
{
	const struct screen_def *d = cur(a);

	memset(msgs, 0, sizeof(*msgs) * (size_t)d->n_items);
	if (d->validate != NULL)
		d->validate(a, msgs);
}

bool form_typing(const struct app *a)
{
	const struct screen_def *d = cur(a);

	return a->focus >= 0 && a->focus < d->n_items &&
	       d->items[a->focus].kind == IT_TEXT;
}

/* The chosen radio of the group that i belongs to, or i. */
static int chosen_in_group(struct app *a, int i)
{
	const struct screen_def *d = cur(a);
	int lo = i, hi = i;

	while (lo > 0 && d->items[lo - 1].kind == IT_RADIO)
		lo--;
	while (hi + 1 < d->n_items && d->items[hi + 1].kind == IT_RADIO)
		hi++;
	for (int k = lo; k <= hi; k++)
		if (d->items[k].id == (int)a->tls && focusable(a, &d->items[k]))
			return k;
	return i;
}

/* Tab and Shift-Tab move between groups, as in newt and dialog: a run of
 * radio buttons is one stop (on the chosen one), and the arrow keys move
 * within it. Otherwise a path typed after "two Tabs" lands on whatever
 * the radios pushed into that place. */
static void move_group(struct app *a, int dir)
{
	const struct screen_def *d = cur(a);
	int from = a->focus, i = a->focus;

	for (int n = 0; n < d->n_items; n++) {
		i = (i + dir + d->n_items) % d->n_items;
		if (d->items[from].kind == IT_RADIO &&
		    d->items[i].kind == IT_RADIO)
			continue;
		if (focusable(a, &d->items[i])) {
			a->focus = d->items[i].kind == IT_RADIO
				       ? chosen_in_group(a, i)
				       : i;
			return;
		}
	}
}

/* Up and Down on a radio stay inside its group. */
static void move_in_group(struct app *a, int dir)
{
	const struct screen_def *d = cur(a);
	int i = a->focus + dir;

	while (i >= 0 && i < d->n_items && d->items[i].kind == IT_RADIO) {
		if (focusable(a, &d->items[i])) {
			a->focus = i;
			return;
		}
		i += dir;
	}
}

/* A key that does nothing here says so, rather than vanish: a path typed
 * on a radio button would otherwise be lost without a word. */
static void explain_key(struct app *a, const struct item *it)
{
	if (it->kind == IT_RADIO)
		wizard_set_status(a, V_WARN, "%s",
				  _("This is a choice: the arrow keys move "
				    "within it, Space selects, Tab goes to "
				    "the next field."));
	else if (it->kind == IT_CHECK)
		wizard_set_status(a, V_WARN, "%s",
				  _("This is a check box: Space turns it on "
				    "or off, Tab goes to the next field."));
	else if (it->kind == IT_BUTTON)
		wizard_set_status(a, V_WARN, "%s",
				  _("This is a button: Enter presses it, Tab "
				    "goes to the next field."));
}

static void move_focus(struct app *a, int dir, bool buttons_only)
{
	const struct screen_def *d = cur(a);
	int i = a->focus;

	for (int n = 0; n < d->n_items; n++) {
		i = (i + dir + d->n_items) % d->n_items;
		if (buttons_only && d->items[i].kind != IT_BUTTON)
			continue;
		if (focusable(a, &d->items[i])) {
			a->focus = i;
			return;
		}
	}
}

/* Where a screen opens: the chosen option of its radio group, else its
 * first text field, else Next (so Enter goes on, e.g. on Sign-in with "no
 * authentication" ticked), else its first button. */
void form_focus_first(struct app *a)
{
	const struct screen_def *d = cur(a);
	int best = -1, rank = 9, r;

	for (int i = 0; i < d->n_items; i++) {
		const struct item *it = &d->items[i];

		if (!focusable(a, it))
			continue;
		r = it->kind == IT_RADIO && it->id == (int)a->tls ? 0
		    : it->kind == IT_TEXT                         ? 1
		    : it->kind == IT_BUTTON && it->id == BTN_NEXT ? 2
		    : it->kind == IT_BUTTON                       ? 3
								  : 4;
		if (r < rank) {
			rank = r;
			best = i;
		}
	}
	a->focus = best >= 0 ? best : 0;
}

/* ---- layout -------------------------------------------------------------- */

struct layout {
	int y[MAX_ITEMS + 1];
	int msg_rows[MAX_ITEMS];
	int label_w;  /* label column of fields */
	int choice_w; /* label column of radios */
	char para[MAX_ITEMS][1024];
	enum vstatus para_mark[MAX_ITEMS];
};

static int label_width(const struct screen_def *d, bool choices)
{
	int w = 0, lw;

	for (int i = 0; i < d->n_items; i++) {
		enum item_kind k = d->items[i].kind;
		bool choice = k == IT_RADIO;

		if (d->items[i].label == NULL || choice != choices ||
		    (!choice && k != IT_TEXT && k != IT_INFO))
			continue;
		lw = draw_button_width(_(d->items[i].label)) - 4 + 2;
		if (lw > w)
			w = lw;
	}
	return w;
}

static int item_rows(const struct layout *l, const struct item *it, int i,
		     bool compact)
{
	int w = COLS - 2 * LEFT, rows;

	switch (it->kind) {
	case IT_PARA:
		rows = draw_wrap_rows(l->para[i], w);
		if (compact && rows > 2)
			rows = 2;
		return rows + (compact ? 0 : 1);
	case IT_INFO:
	case IT_GAP:
		return 1;
	case IT_TEXT:
	case IT_RADIO:
	case IT_CHECK:
		return 1 + l->msg_rows[i];
	case IT_BUTTON:
		return 0;
	}
	return 0;
}

static void layout(struct app *a, struct layout *l)
{
	const struct screen_def *d = cur(a);
	int bottom = ROW_LAST, y, i;
	bool compact = false;

	l->label_w = label_width(d, false);
	l->choice_w = label_width(d, true);
	for (i = 0; i < d->n_items; i++) {
		l->para[i][0] = '\0';
		l->para_mark[i] = V_OK;
		if ((d->items[i].kind == IT_PARA ||
		     d->items[i].kind == IT_INFO) &&
		    d->para != NULL)
			d->para(a, d->items[i].id, l->para[i],
				sizeof(l->para[i]), &l->para_mark[i]);
	}
	/* A small terminal gets one-row messages and short paragraphs
	 * rather than items drawn over each other. */
	for (int pass = 0; pass < 2; pass++) {
		y = TOP_ROW;
		for (i = 0; i < d->n_items; i++) {
			l->msg_rows[i] = d->items[i].msg_rows;
			if (compact && l->msg_rows[i] > 1)
				l->msg_rows[i] = 1;
			l->y[i] = y;
			y += item_rows(l, &d->items[i], i, compact);
		}
		if (y <= bottom + 1)
			break;
		compact = true;
	}
}

/* ---- drawing ------------------------------------------------------------- */

static void add_hit(struct app *a, int y, int x0, int x1, int item)
{
	if (a->n_hits < MAX_HITS)
		a->hits[a->n_hits++] = (struct hit){y, x0, x1, item};
}

static void draw_field(struct app *a, const struct layout *l, int i, int y,
		       bool focused, bool enabled)
{
	int id = cur(a)->items[i].id;
	struct field *f = &a->fld[id];
	int fx = LEFT + l->label_w, fw = COLS - fx - 2 - LEFT, cx;

	/* A number needs no more room than its digits (a 60-column port
	 * field looks like a place for a host name). */
	if (id == FLD_PORT && fw > 8)
		fw = 8;
	cx = draw_input(y, fx, fw, f, enabled ? LK_FIELD : LK_DIM);

	add_hit(a, y, fx, fx + fw + 1, i);
	if (focused) {
		a->cur_y = y;
		a->cur_x = cx;
	}
}

static void draw_choice(struct app *a, const struct layout *l,
			const struct item *it, int i, int y, bool focused,
			bool enabled)
{
	bool on = it->kind == IT_RADIO ? (int)a->tls == it->id
				       : *model_check(a, it->id);
	const char *box =
	    it->kind == IT_RADIO ? (on ? "(*)" : "( )") : (on ? "[x]" : "[ ]");
	enum look lk = !enabled ? LK_DIM : focused ? LK_BOLD : LK_NORMAL;
	int x = LEFT, lw;

	draw_text(y, x, 3, lk, box);
	lw = draw_text(y, x + 4, COLS - x - 6, lk, _(it->label));
	/* Radio notes line up in a column; a check's follows its label. */
	lw = it->kind == IT_RADIO ? l->choice_w : lw + 2;
	if (it->note != NULL)
		draw_text(y, x + 4 + lw, COLS - x - lw - 6,
			  enabled ? LK_NORMAL : LK_DIM, _(it->note));
	add_hit(a, y, x, x + 3 + lw, i);
	if (focused) {
		a->cur_y = y;
		a->cur_x = x + 1;
	}
}

static void draw_buttons(struct app *a)
{
	const struct screen_def *d = cur(a);
	int x = LEFT, y = ROW_BUTTONS, w;

	for (int i = 0; i < d->n_items; i++) {
		const struct item *it = &d->items[i];

		if (it->kind != IT_BUTTON || !focusable(a, it))
			continue;
		w = draw_button(y, x, _(it->label), a->focus == i);
		add_hit(a, y, x, x + w - 1, i);
		if (a->focus == i) {
			a->cur_y = y;
			a->cur_x = x + 2;
		}
		x += w + 2;
	}
}

static void draw_item(struct app *a, const struct layout *l,
		      const struct vresult *msgs, int i)
{
	const struct item *it = &cur(a)->items[i];
	bool focused = a->focus == i, enabled = focusable(a, it);
	int y = l->y[i], mx = LEFT + l->label_w + 1, mw = COLS - mx - LEFT;
	const char *msg = msgs[i].msg;

	switch (it->kind) {
	case IT_PARA:
	case IT_INFO:
		if (it->label != NULL) {
			draw_text(y, LEFT, l->label_w, LK_BOLD, _(it->label));
			draw_utf8(y, LEFT + l->label_w,
				  COLS - 2 * LEFT - l->label_w, LK_NORMAL,
				  l->para[i]);
		} else if (it->kind == IT_INFO && l->para_mark[i] == V_OK) {
			draw_text(y, mx, mw, LK_NORMAL, l->para[i]);
		} else if (it->kind == IT_INFO) {
			draw_message(y, mx, mw, 1, l->para_mark[i], l->para[i]);
		} else if (l->para_mark[i] != V_OK) {
			draw_message(y, LEFT, COLS - 2 * LEFT, l->y[i + 1] - y,
				     l->para_mark[i], l->para[i]);
		} else {
			draw_wrapped(y, LEFT, COLS - 2 * LEFT, l->y[i + 1] - y,
				     LK_NORMAL, l->para[i]);
		}
		return;
	case IT_TEXT:
		draw_text(y, LEFT, l->label_w, focused ? LK_BOLD : LK_NORMAL,
			  _(it->label));
		draw_field(a, l, i, y, focused, enabled);
		if (enabled && msgs[i].status == V_OK && msg[0] == '\0')
			msg = _("valid");
		break;
	case IT_RADIO:
	case IT_CHECK:
		draw_choice(a, l, it, i, y, focused, enabled);
		mx = LEFT + 4;
		mw = COLS - mx - LEFT;
		break;
	default:
		return;
	}
	if (enabled)
		draw_message(y + 1, mx, mw, l->msg_rows[i], msgs[i].status,
			     msg);
}

static void keybar(struct app *a)
{
	static const struct keyhint base[] = {
	    {"F1/Alt-h", N_("Help")}, {"Tab", N_("Move")},
	    {"Enter", N_("Next")},    {"Esc", N_("Back")},
	    {"F10/^Q", N_("Quit")},   {"F2/^T", N_("Show password")},
	};
	static const struct keyhint choice[] = {
	    {"F1/Alt-h", N_("Help")}, {"Space", N_("Select")},
	    {"Tab", N_("Move")},      {"Enter", N_("Next")},
	    {"Esc", N_("Back")},      {"F10/^Q", N_("Quit")},
	};
	const struct item *it = &cur(a)->items[a->focus];

	if (it->kind == IT_RADIO || it->kind == IT_CHECK)
		draw_keybar(choice, 6);
	else
		draw_keybar(base, a->screen == SCR_SIGNIN ? 6 : 5);
}

void form_draw(struct app *a)
{
	const struct screen_def *d = cur(a);
	struct vresult msgs[MAX_ITEMS];
	struct layout l;
	char title[256];

	layout(a, &l);
	l.y[d->n_items] = ROW_LAST + 1; /* the end of the last paragraph */
	form_validate(a, msgs);
	/* TRANSLATORS: the screen's title, then its position. */
	snprintf(title, sizeof(title), _("smtpwiz: %s (step %d of %d)"),
		 _(d->title), (int)a->screen + 1, (int)SCR_SUMMARY + 1);
	draw_title(title, NULL);
	for (int i = 0; i < d->n_items; i++)
		draw_item(a, &l, msgs, i);
	draw_buttons(a);
	draw_status(a);
	keybar(a);
}

/* ---- input --------------------------------------------------------------- */

static void select_item(struct app *a, int i)
{
	const struct item *it = &cur(a)->items[i];
	bool *b;

	switch (it->kind) {
	case IT_RADIO:
		if ((int)a->tls == it->id)
			return;
		a->tls = (enum sw_tls)it->id;
		break;
	case IT_CHECK:
		b = model_check(a, it->id);
		*b = !*b;
		break;
	case IT_BUTTON:
		if (it->id == BTN_NEXT)
			wizard_next(a);
		else if (it->id == BTN_BACK)
			wizard_back(a);
		else if (it->id == BTN_QUIT)
			wizard_quit(a);
		else if (cur(a)->button != NULL)
			cur(a)->button(a, it->id);
		return;
	default:
		return;
	}
	if (cur(a)->changed != NULL)
		cur(a)->changed(a, it);
}

static void edit(struct app *a, const struct command *c)
{
	const struct item *it = &cur(a)->items[a->focus];
	struct field *f = &a->fld[it->id];
	bool changed;

	if (c->cmd == CMD_INSERT)
		changed = field_insert(f, c->ch);
	else
		changed = field_edit(f, c->op);
	if (changed && cur(a)->changed != NULL)
		cur(a)->changed(a, it);
	if (changed)
		a->status[0] = '\0';
}

static void enter(struct app *a)
{
	const struct item *it = &cur(a)->items[a->focus];

	if (it->kind == IT_BUTTON) {
		select_item(a, a->focus);
		return;
	}
	/* Enter on a radio means "this one, and go on". */
	if (it->kind == IT_RADIO && (int)a->tls != it->id) {
		select_item(a, a->focus);
		if (a->dlg.open)
			return;
	}
	wizard_next(a);
}

static void reveal(struct app *a)
{
	if (a->screen != SCR_SIGNIN || a->no_auth)
		return;
	a->fld[FLD_PASSWORD].revealed = !a->fld[FLD_PASSWORD].revealed;
}

void form_key(struct app *a, const struct command *c)
{
	const struct item *it = &cur(a)->items[a->focus];
	bool on_button = it->kind == IT_BUTTON;

	switch (c->cmd) {
	case CMD_INSERT:
	case CMD_EDIT:
		if (it->kind == IT_TEXT)
			edit(a, c);
		else if (c->cmd == CMD_INSERT)
			explain_key(a, it);
		break;
	case CMD_NEXT:
	case CMD_PREV:
		move_group(a, c->cmd == CMD_NEXT ? 1 : -1);
		break;
	case CMD_DOWN:
	case CMD_UP:
		if (it->kind == IT_RADIO)
			move_in_group(a, c->cmd == CMD_DOWN ? 1 : -1);
		else
			move_focus(a, c->cmd == CMD_DOWN ? 1 : -1, false);
		break;
	case CMD_LEFT:
	case CMD_RIGHT:
		move_focus(a, c->cmd == CMD_LEFT ? -1 : 1, on_button);
		break;
	case CMD_SELECT:
		select_item(a, a->focus);
		break;
	case CMD_ENTER:
		enter(a);
		break;
	case CMD_BACK:
		wizard_back(a);
		break;
	case CMD_REVEAL:
		reveal(a);
		break;
	default:
		break;
	}
}

void form_click(struct app *a, int y, int x)
{
	const struct screen_def *d = cur(a);

	for (int h = 0; h < a->n_hits; h++) {
		const struct hit *hit = &a->hits[h];
		const struct item *it;

		if (hit->y != y || x < hit->x0 || x > hit->x1)
			continue;
		it = &d->items[hit->item];
		if (!focusable(a, it))
			return;
		a->focus = hit->item;
		if (it->kind == IT_TEXT)
			field_click(&a->fld[it->id], hit->x1 - hit->x0 - 1,
				    x - hit->x0 - 1);
		else
			select_item(a, hit->item);
		return;
	}
}
