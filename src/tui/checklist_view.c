/* The test screen: the checklist live, one line per step, the selected
 * step's evidence and hint below, and the ways on (run again, fix, log). */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "tui/app.h"
#include "tui/draw.h"

#define LIST_TOP 2

/* TB_APPLY is last: it is there only after a passing test with a
 * mailer to apply to. */
enum { TB_RERUN, TB_FIX, TB_LOG, TB_BACK, TB_APPLY, TB_N };

static const char *const button_labels[TB_N] = {N_("Run again"), N_("Fix"),
						N_("View log"), N_("Back"),
						N_("Use for the mailer")};
static int button_x[TB_N], button_w[TB_N];

/* ---- drawing ------------------------------------------------------------- */

struct look_of {
	const char *mark;
	const char *word;
	enum look look;
};

static struct look_of step_look(const struct app *a, const struct step *st,
				int64_t now)
{
	bool over = !a->tv.running;

	switch (st->status) {
	case ST_RUNNING:
		return (struct look_of){draw_spinner(now), _("running"),
					LK_BOLD};
	case ST_PASS:
		return (struct look_of){draw_mark(V_OK), _("pass"), LK_NORMAL};
	case ST_WARN:
		return (struct look_of){draw_mark(V_WARN), _("WARN"), LK_WARN};
	case ST_FAIL:
		return (struct look_of){draw_mark(V_ERROR), _("FAIL"),
					LK_ERROR};
	case ST_SKIP:
		return (struct look_of){"-", _("skip"), LK_DIM};
	default:
		return (struct look_of){".", over ? _("not run") : _("waiting"),
					LK_DIM};
	}
}

bool test_step_shown(const struct app *a, int i)
{
	/* The delivery step belongs to the apply, whose result has its own
	 * page. */
	return (i != STEP_MAILER || a->mailer_used) && i != STEP_DELIVERY;
}

static int n_buttons(const struct app *a)
{
	return apply_view_available(a) ? TB_N : TB_APPLY;
}

/* The row of step i in the list. */
static int row_of(const struct app *a, int i)
{
	int row = 0;

	for (int j = 0; j < i; j++)
		row += test_step_shown(a, j);
	return row;
}

static int shown_count(const struct app *a)
{
	return row_of(a, STEP_COUNT);
}

static void add_list_hit(struct app *a, int y, int step)
{
	if (a->n_hits < MAX_HITS)
		a->hits[a->n_hits++] = (struct hit){y, 0, COLS - 1, step};
}

static void draw_step(struct app *a, int i, int64_t now)
{
	const struct step *st = &a->tv.steps[i];
	struct look_of lo = step_look(a, st, now);
	bool sel = i == a->tv.sel;
	enum look lk = sel ? LK_SELECTED : lo.look;
	int y = LIST_TOP + row_of(a, i), sw = COLS - 34 - 9;
	char time[32] = "";
	int64_t ms =
	    st->status == ST_RUNNING ? now - st->started_ms : st->elapsed_ms;

	draw_fill(y, 0, COLS, sel ? LK_SELECTED : LK_NORMAL);
	draw_text(y, 0, 1, lk, sel ? ">" : " ");
	draw_text(y, 2, 1, sel ? lk : lo.look, lo.mark);
	draw_text(y, 4, 9, lk, lo.word);
	draw_text(y, 14, 19, lk, step_label(st->id));
	if (st->status == ST_RUNNING && st->waiting != NULL) {
		char wait[256];

		step_wait_text(st, now, wait, sizeof(wait));
		draw_text(y, 34, sw, LK_DIM, wait);
	} else {
		draw_text(y, 34, sw, lk, st->summary);
	}
	if (st->status == ST_RUNNING || st->status == ST_PASS ||
	    st->status == ST_WARN || st->status == ST_FAIL)
		snprintf(time, sizeof(time), "%5.1f s", (double)ms / 1000.0);
	draw_text(y, COLS - 8, 8, lk, time);
	add_list_hit(a, y, i);
}

/* The selected step: summary, then as much evidence as fits, then the
 * hint; Enter shows all of it. */
static void draw_details(struct app *a, int y, int bottom)
{
	const struct step *st = &a->tv.steps[a->tv.sel];
	int hint_rows, ev_rows, w = COLS - 2;
	const char *ev = st->evidence, *nl;
	char head[STEP_SUMMARY_MAX + 64], hint[STEP_HINT_MAX + 64];
	char wait[256];
	bool waiting;

	step_wait_text(st, clock_now_ms(), wait, sizeof(wait));
	waiting = wait[0] != '\0' && !a->tv.cancelled;
	if (waiting)
		/* TRANSLATORS: what a running step waits for, then the key
		 * that stops the test. */
		snprintf(head, sizeof(head), _("%s: %s; Esc to stop"),
			 step_label(st->id), wait);
	else
		snprintf(head, sizeof(head), "%s: %s", step_label(st->id),
			 st->summary[0]             ? st->summary
			 : st->status == ST_RUNNING ? _("running...")
						    : _("not run"));
	/* The wait and its Esc hint may take a second row. */
	y += draw_wrapped(y, 1, w, waiting ? 2 : 1, LK_BOLD, head);
	hint[0] = '\0';
	if (st->hint[0] != '\0')
		snprintf(hint, sizeof(hint), _("What to do: %s"), st->hint);
	hint_rows = hint[0] ? draw_wrap_rows(hint, w) : 0;
	if (hint_rows > (bottom - y + 1) / 2 + 1)
		hint_rows = (bottom - y + 1) / 2 + 1;
	ev_rows = bottom - y + 1 - hint_rows;
	for (; ev != NULL && *ev != '\0' && ev_rows > 0;
	     ev = nl ? nl + 1 : NULL, ev_rows--, y++) {
		char line[STEP_EVIDENCE_MAX];

		nl = strchr(ev, '\n');
		snprintf(line, sizeof(line), "%.*s",
			 nl ? (int)(nl - ev) : (int)strlen(ev), ev);
		draw_text(y, 3, w - 2, LK_NORMAL, line);
	}
	if (hint_rows > 0 && y <= bottom)
		draw_wrapped(y, 1, w, bottom - y + 1, LK_NORMAL, hint);
}

static void draw_buttons(struct app *a)
{
	int x = 2, y = ROW_BUTTONS;

	for (int i = 0; i < TB_N; i++)
		button_w[i] = 0;
	for (int i = 0; i < n_buttons(a); i++) {
		button_x[i] = x;
		button_w[i] =
		    draw_button(y, x, _(button_labels[i]), a->tv.focus == i);
		if (a->tv.focus == i) {
			a->cur_y = y;
			a->cur_x = x + 2;
		}
		x += button_w[i] + 2;
	}
}

static void draw_header(struct app *a)
{
	char host[FIELD_UTF8_MAX], port[64], line[FIELD_UTF8_MAX + 128];

	model_text(a, FLD_HOST, host);
	field_get(&a->fld[FLD_PORT], port, sizeof(port));
	/* TRANSLATORS: the host name and the port being tested. */
	snprintf(line, sizeof(line), _("Testing %s, port %s"), host, port);
	draw_utf8(1, 1, COLS - 2, LK_BOLD, line);
}

void test_draw(struct app *a)
{
	static const struct keyhint keys[] = {
	    {"F1", N_("Help")},  {"Enter", N_("Details")}, {"l", N_("Log")},
	    {"f", N_("Fix")},    {"r", N_("Run again")},   {"Esc", N_("Back")},
	    {"F10", N_("Quit")},
	};
	int64_t now = clock_now_ms();
	int sep = LIST_TOP + shown_count(a);

	draw_title(_("smtpwiz: Test"), NULL);
	draw_header(a);
	for (int i = 0; i < STEP_COUNT; i++)
		if (test_step_shown(a, i))
			draw_step(a, i, now);
	draw_hline(sep, 0, COLS);
	draw_details(a, sep + 1, ROW_LAST);
	draw_buttons(a);
	if (a->status[0] != '\0')
		draw_status(a);
	else if (a->tv.notice[0] != '\0')
		draw_text(ROW_STATUS, 1, COLS - 2, LK_NORMAL, a->tv.notice);
	draw_keybar(keys, 7);
	if (a->tv.focus < 0) {
		a->cur_y = LIST_TOP + row_of(a, a->tv.sel);
		a->cur_x = 0;
	}
}

/* ---- input --------------------------------------------------------------- */

static void press(struct app *a, int b)
{
	switch (b) {
	case TB_RERUN:
		if (a->tv.running && !a->tv.cancelled)
			wizard_set_status(a, V_WARN, "%s",
					  _("The test is still running."));
		else
			test_start(a);
		break;
	case TB_FIX:
		test_fix(a);
		break;
	case TB_LOG:
		logview_open(a);
		break;
	case TB_BACK:
		test_leave(a);
		break;
	case TB_APPLY:
		if (apply_view_available(a))
			apply_view_open(a);
		break;
	}
}

/* From step sel in direction dir (0: sel itself), skipping the steps
 * without a row. */
static void select_step(const struct app *a, struct test_view *tv, int sel,
			int dir)
{
	while (sel >= 0 && sel < STEP_COUNT && !test_step_shown(a, sel))
		sel += dir ? dir : 1;
	if (sel < 0 || sel >= STEP_COUNT)
		return;
	tv->sel = sel;
	tv->moved = true;
}

void test_key(struct app *a, const struct command *c)
{
	struct test_view *tv = &a->tv;

	switch (c->cmd) {
	case CMD_UP:
	case CMD_DOWN:
		select_step(a, tv, tv->sel + (c->cmd == CMD_UP ? -1 : 1),
			    c->cmd == CMD_UP ? -1 : 1);
		break;
	case CMD_HOME:
	case CMD_END:
		select_step(a, tv, c->cmd == CMD_HOME ? 0 : STEP_COUNT - 1,
			    c->cmd == CMD_HOME ? 1 : -1);
		break;
	case CMD_NEXT:
	case CMD_RIGHT:
		tv->focus = tv->focus + 1 < n_buttons(a) ? tv->focus + 1 : -1;
		break;
	case CMD_PREV:
	case CMD_LEFT:
		tv->focus = tv->focus > -1 ? tv->focus - 1 : n_buttons(a) - 1;
		break;
	case CMD_ENTER:
	case CMD_SELECT:
		if (tv->focus < 0)
			details_open(a, &tv->steps[tv->sel]);
		else
			press(a, tv->focus);
		break;
	case CMD_LOG:
		press(a, TB_LOG);
		break;
	case CMD_FIX:
		press(a, TB_FIX);
		break;
	case CMD_RERUN:
		press(a, TB_RERUN);
		break;
	case CMD_BACK:
		/* Esc first stops a running test and keeps what it found on
		 * screen; only an Esc when nothing runs leaves (Back always
		 * does). */
		if (tv->running && !tv->cancelled)
			test_stop(a);
		else
			test_leave(a);
		break;
	default:
		break;
	}
}

void test_click(struct app *a, int y, int x)
{
	if (y == ROW_BUTTONS) {
		for (int i = 0; i < TB_N; i++)
			if (x >= button_x[i] && x < button_x[i] + button_w[i])
				press(a, i);
		return;
	}
	for (int h = 0; h < a->n_hits; h++) {
		if (a->hits[h].y != y)
			continue;
		if (a->tv.sel == a->hits[h].item && a->tv.focus < 0)
			details_open(a, &a->tv.steps[a->tv.sel]);
		select_step(a, &a->tv, a->hits[h].item, 0);
		a->tv.focus = -1;
	}
}
