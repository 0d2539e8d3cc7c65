/* The test screen: the checklist live, one line per step, the selected
 * step's evidence and hint below, and the ways on (run again, fix, log). */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/fix.h"
#include "tui/runner.h"

#define LIST_TOP   2
#define SPINNER_MS 250

enum { TB_RERUN, TB_FIX, TB_LOG, TB_BACK, TB_N };

static const char *const button_labels[TB_N] = {
    N_("Run again"), N_("Fix"), N_("View log"), N_("Back")};
static int button_x[TB_N], button_w[TB_N];

struct target {
	enum fix_field fix;
	enum scr_id screen;
	enum item_kind kind;
	int id; /* -1: the TLS mode currently chosen */
};

static const struct target targets[] = {
    {FIX_HOST, SCR_SERVER, IT_TEXT, FLD_HOST},
    {FIX_PORT, SCR_SERVER, IT_TEXT, FLD_PORT},
    {FIX_TLS, SCR_SECURITY, IT_RADIO, -1},
    {FIX_VERIFY, SCR_SECURITY, IT_CHECK, CHK_VERIFY},
    {FIX_CA_FILE, SCR_SECURITY, IT_TEXT, FLD_CA_FILE},
    {FIX_USER, SCR_SIGNIN, IT_TEXT, FLD_USER},
    {FIX_PASSWORD, SCR_SIGNIN, IT_TEXT, FLD_PASSWORD},
    {FIX_FROM, SCR_ADDRESSES, IT_TEXT, FLD_FROM},
    {FIX_TO, SCR_ADDRESSES, IT_TEXT, FLD_TO},
};

/* ---- running ------------------------------------------------------------- */

static int start_run(struct app *a)
{
	struct settings s;
	int rc;

	settings_init(&s);
	rc = model_copy(a->settings, &s) | model_apply(a, &s);
	if (rc == 0)
		rc = runner_start(&s, a->send_test && a->fld[FLD_TO].len > 0);
	settings_free(&s);
	return rc;
}

void test_start(struct app *a)
{
	struct test_view *tv = &a->tv;

	if (wizard_check_all(a, _("Cannot test")) != 0)
		return;
	a->screen = SCR_TEST;
	a->status[0] = '\0';
	if (a->pager.open)
		pager_close(a);
	if (tv->running && !runner_reap()) {
		/* The cancelled run has not stopped yet: start when it has. */
		runner_cancel();
		tv->pending = true;
		wizard_set_status(a, V_WARN, "%s",
				  _("Waiting for the previous test to stop..."));
		return;
	}
	if (start_run(a) != 0) {
		tv->running = false;
		wizard_set_status(a, V_ERROR, "%s",
				  _("Cannot start the test: out of memory"));
		return;
	}
	runner_snapshot(tv->steps, tv->notice, sizeof(tv->notice));
	tv->started = tv->running = true;
	tv->finished = tv->cancelled = tv->pending = tv->moved = false;
	tv->sel = 0;
	tv->focus = -1;
}

static int problem_step(const struct test_view *tv)
{
	if (tv->steps[tv->sel].status == ST_FAIL ||
	    tv->steps[tv->sel].status == ST_WARN)
		return tv->sel;
	for (int want = ST_FAIL; want >= ST_WARN; want--)
		for (int i = 0; i < STEP_COUNT; i++)
			if ((int)tv->steps[i].status == want)
				return i;
	return -1;
}

static void report_end(struct app *a)
{
	int n[ST_SKIP + 1] = {0};

	for (int i = 0; i < STEP_COUNT; i++)
		n[a->tv.steps[i].status]++;
	wizard_set_status(a,
			  n[ST_FAIL]   ? V_ERROR
			  : n[ST_WARN] ? V_WARN
				       : V_OK,
			  _("Finished: %d passed, %d warned, %d failed, %d "
			    "skipped or not run."),
			  n[ST_PASS], n[ST_WARN], n[ST_FAIL],
			  n[ST_SKIP] + n[ST_WAITING]);
}

static void follow_running(struct test_view *tv)
{
	for (int i = 0; i < STEP_COUNT && !tv->moved; i++)
		if (tv->steps[i].status == ST_RUNNING)
			tv->sel = i;
}

bool test_update(struct app *a)
{
	struct test_view *tv = &a->tv;
	bool reaped;

	if (!tv->running)
		return false;
	/* Reap first: once joined, the snapshot holds every event. */
	reaped = runner_reap();
	runner_snapshot(tv->steps, tv->notice, sizeof(tv->notice));
	follow_running(tv);
	if (!reaped)
		return true;
	tv->running = false;
	if (tv->pending) {
		tv->pending = false;
		test_start(a);
	} else if (!tv->cancelled) {
		tv->finished = true;
		if (problem_step(tv) >= 0 && !tv->moved)
			tv->sel = problem_step(tv);
		if (a->screen == SCR_TEST)
			report_end(a);
	}
	return true;
}

int test_timeout(const struct app *a, int64_t now)
{
	int64_t left;

	if (!a->tv.running || a->screen != SCR_TEST || a->pager.open)
		return -1;
	left = a->tv.last_draw + SPINNER_MS - now;
	return left > 0 ? (int)left : 0;
}

void test_leave(struct app *a)
{
	if (a->tv.running) {
		runner_cancel();
		a->tv.cancelled = true;
	}
	wizard_goto(a, SCR_SUMMARY, IT_BUTTON, BTN_TEST);
	if (a->tv.cancelled && a->tv.running)
		wizard_set_status(a, V_WARN, "%s", _("Test stopped."));
}

/* ---- fix ----------------------------------------------------------------- */

/* The settings step names config keys in its evidence: "key: message". */
static enum fix_field settings_fix(const struct step *st)
{
	char key[32];
	size_t n = strcspn(st->evidence, ":\n");

	if (n == 0 || n >= sizeof(key) || st->evidence[n] != ':')
		return FIX_NONE;
	memcpy(key, st->evidence, n);
	key[n] = '\0';
	return fix_for_key(key);
}

static void go_fix(struct app *a, const struct target *t,
		   const struct step *st)
{
	int id = t->id == -1 ? (int)a->tls : t->id;

	if (a->tv.running) {
		runner_cancel();
		a->tv.cancelled = true;
	}
	if (t->screen == SCR_SIGNIN && a->no_auth)
		wizard_goto(a, SCR_SIGNIN, IT_CHECK, CHK_NO_AUTH);
	else
		wizard_goto(a, t->screen, t->kind, id);
	wizard_set_status(a, V_WARN, _("To fix: %s"), st->summary);
}

static void fix(struct app *a)
{
	int i = problem_step(&a->tv);
	const struct step *st;
	enum fix_field f;

	if (i < 0) {
		wizard_set_status(a, V_OK, "%s", _("Nothing to fix."));
		return;
	}
	st = &a->tv.steps[i];
	if (st->id == STEP_SETTINGS &&
	    wizard_check_all(a, _("To fix")) != 0)
		return;
	f = st->id == STEP_SETTINGS ? settings_fix(st)
				    : fix_for_cause(st->cause, st->id);
	for (size_t k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
		if (targets[k].fix == f) {
			go_fix(a, &targets[k], st);
			return;
		}
	}
	wizard_set_status(a, V_WARN, "%s",
			  _("No field in the wizard causes this; see what to "
			    "do below."));
}

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
		return (struct look_of){".",
					over ? _("not run") : _("waiting"),
					LK_DIM};
	}
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
	int y = LIST_TOP + i, sw = COLS - 34 - 9;
	char time[32] = "";
	int64_t ms = st->status == ST_RUNNING ? now - st->started_ms
					       : st->elapsed_ms;

	draw_fill(y, 0, COLS, sel ? LK_SELECTED : LK_NORMAL);
	draw_text(y, 0, 1, lk, sel ? ">" : " ");
	draw_text(y, 2, 1, sel ? lk : lo.look, lo.mark);
	draw_text(y, 4, 9, lk, lo.word);
	draw_text(y, 14, 19, lk, step_label(st->id));
	draw_text(y, 34, sw, lk, st->summary);
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

	snprintf(head, sizeof(head), "%s: %s", step_label(st->id),
		 st->summary[0] ? st->summary
		 : st->status == ST_RUNNING ? _("running...")
					    : _("not run"));
	y += draw_wrapped(y, 1, w, 1, LK_BOLD, head);
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
	int x = 2, y = LINES - 3;

	for (int i = 0; i < TB_N; i++) {
		button_x[i] = x;
		button_w[i] = draw_button(y, x, _(button_labels[i]),
					  a->tv.focus == i);
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
	snprintf(line, sizeof(line), _("Testing %s, port %s"), host, port);
	draw_utf8(1, 1, COLS - 2, LK_BOLD, line);
}

void test_draw(struct app *a)
{
	static const struct keyhint keys[] = {
	    {"F1", N_("Help")}, {"Up/Down", N_("Select")},
	    {"Enter", N_("Details")}, {"l", N_("Log")},
	    {"f", N_("Fix")},	 {"r", N_("Run again")},
	    {"Esc", N_("Back")}, {"F10", N_("Quit")},
	};
	int64_t now = clock_now_ms();
	int sep = LIST_TOP + STEP_COUNT;

	a->tv.last_draw = now;
	draw_title(_("smtpwiz: Test"), NULL);
	draw_header(a);
	for (int i = 0; i < STEP_COUNT; i++)
		draw_step(a, i, now);
	draw_hline(sep, 0, COLS);
	draw_details(a, sep + 1, LINES - 4);
	draw_buttons(a);
	if (a->status[0] != '\0')
		draw_status(a);
	else if (a->tv.notice[0] != '\0')
		draw_text(LINES - 2, 1, COLS - 2, LK_NORMAL, a->tv.notice);
	draw_keybar(keys, 8);
	if (a->tv.focus < 0) {
		a->cur_y = LIST_TOP + a->tv.sel;
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
		fix(a);
		break;
	case TB_LOG:
		logview_open(a);
		break;
	case TB_BACK:
		test_leave(a);
		break;
	}
}

static void select_step(struct test_view *tv, int sel)
{
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
		select_step(tv, tv->sel + (c->cmd == CMD_UP ? -1 : 1));
		break;
	case CMD_HOME:
	case CMD_END:
		select_step(tv, c->cmd == CMD_HOME ? 0 : STEP_COUNT - 1);
		break;
	case CMD_NEXT:
	case CMD_RIGHT:
		tv->focus = tv->focus + 1 < TB_N ? tv->focus + 1 : -1;
		break;
	case CMD_PREV:
	case CMD_LEFT:
		tv->focus = tv->focus > -1 ? tv->focus - 1 : TB_N - 1;
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
		test_leave(a);
		break;
	default:
		break;
	}
}

void test_click(struct app *a, int y, int x)
{
	if (y == LINES - 3) {
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
		select_step(&a->tv, a->hits[h].item);
		a->tv.focus = -1;
	}
}
