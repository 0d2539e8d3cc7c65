/* tui_run: the terminal's lifetime and the event loop. The loop sleeps in
 * poll() on the keyboard and the wake-up pipe (signals, engine, resolver),
 * redraws only when something changed, and always gives the terminal
 * back, however it ends. */
#include <config.h>

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "tui/tui.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/resolver.h"
#include "tui/runner.h"
#include "tui/term.h"
#include "tui/wake.h"

/* How long a run that ignores the cancel flag may delay the exit. */
#define EXIT_WAIT_MS 500

static struct app *app_new(const char *path, struct settings *s)
{
	struct app *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->path = path;
	a->file_existed = access(path, F_OK) == 0;
	a->settings = s;
	settings_init(&a->baseline);
	if (model_copy(s, &a->baseline) != 0) {
		settings_free(&a->baseline);
		free(a);
		return NULL;
	}
	model_load(a, s);
	/* A new setup most likely signs in; an existing file without
	 * credentials meant "no authentication". */
	if (!a->file_existed)
		a->no_auth = false;
	a->tv.focus = -1;
	return a;
}

static void app_free(struct app *a)
{
	mailer_view_free(a);
	pager_close(a);
	model_wipe(a);
	settings_free(&a->baseline);
	explicit_bzero(a, sizeof(*a));
	free(a);
}

static void check_size(struct app *a)
{
	a->too_small = COLS < MIN_COLS || LINES < MIN_ROWS;
	a->dirty = true;
}

static void render(struct app *a)
{
	a->n_hits = 0;
	a->cur_y = a->cur_x = 0;
	erase();
	if (a->too_small)
		draw_too_small(a);
	else if (a->pager.open)
		pager_draw(a);
	else if (a->screen == SCR_TEST)
		test_draw(a);
	else
		form_draw(a);
	if (a->dlg.open && !a->too_small)
		dialog_draw(a);
	move(a->cur_y, a->cur_x);
	if (a->repaint)
		clearok(curscr, TRUE);
	a->repaint = false;
	refresh();
	a->dirty = false;
	a->last_draw = clock_now_ms();
}

static bool typing(const struct app *a)
{
	if (a->dlg.open || a->too_small)
		return false;
	if (a->pager.open)
		return pager_typing(a);
	return a->screen != SCR_TEST && form_typing(a);
}

static void click(struct app *a, int y, int x)
{
	if (a->dlg.open)
		dialog_click(a, y, x);
	else if (a->pager.open)
		return;
	else if (a->screen == SCR_TEST)
		test_click(a, y, x);
	else
		form_click(a, y, x);
}

/* Commands that work everywhere, even over a dialog or too small a
 * terminal; returns true when c was one of them. */
static bool global_command(struct app *a, const struct command *c)
{
	switch (c->cmd) {
	case CMD_ABORT:
		wizard_abort(a);
		return true;
	case CMD_REDRAW:
		a->repaint = true;
		return true;
	case CMD_SUSPEND:
		term_suspend();
		a->repaint = true;
		check_size(a);
		return true;
	case CMD_RESIZE:
		check_size(a);
		return true;
	case CMD_QUIT:
		if (!a->dlg.open)
			wizard_quit(a);
		return true;
	case CMD_HELP:
		if (!a->dlg.open && !a->pager.open && !a->too_small)
			help_open(a);
		return true;
	default:
		return c->cmd == CMD_NONE;
	}
}

static void handle_key(struct app *a, const struct key_event *ev)
{
	struct command c = keys_command(ev, typing(a));

	a->dirty = true;
	if (global_command(a, &c) || a->too_small)
		return;
	if (c.cmd == CMD_CLICK)
		click(a, c.y, c.x);
	else if (a->dlg.open)
		dialog_key(a, &c);
	else if (a->pager.open)
		pager_key(a, &c);
	else if (a->screen == SCR_TEST)
		test_key(a, &c);
	else
		form_key(a, &c);
	if (a->screen == SCR_SERVER && a->dns.state == DNS_IDLE)
		server_host_changed(a);
}

static int min_timeout(int x, int y)
{
	if (x < 0)
		return y;
	if (y < 0)
		return x;
	return x < y ? x : y;
}

/* Everything that is not a key: the wake-up pipe and timers. */
static void handle_events(struct app *a, bool woken)
{
	int64_t now = clock_now_ms();

	if (woken)
		wake_drain();
	dns_update(a);
	dns_tick(a, now);
	detect_update(a);
	detect_tick(a, now);
	if (test_update(a))
		a->dirty = true;
	if (apply_view_update(a))
		a->dirty = true;
	if (test_timeout(a, now) == 0)
		a->dirty = true;
}

static void loop(struct app *a)
{
	struct pollfd pfd[2];
	struct key_event ev;
	int timeout, n;

	while (!a->done && term_signal() == 0) {
		if (a->dirty)
			render(a);
		pfd[0] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
		pfd[1] = (struct pollfd){.fd = wake_fd(), .events = POLLIN};
		timeout = min_timeout(dns_timeout(a, clock_now_ms()),
				      test_timeout(a, clock_now_ms()));
		timeout =
		    min_timeout(timeout, detect_timeout(a, clock_now_ms()));
		n = poll(pfd, 2, timeout);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 &&
		    (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			a->exit_code = 128 + SIGHUP; /* the terminal is gone */
			return;
		}
		handle_events(a, n > 0 && (pfd[1].revents & POLLIN));
		/* Drain ncurses' own buffer too, not only what poll saw. */
		while (!a->done && keys_read(&ev))
			handle_key(a, &ev);
	}
	if (term_signal() != 0)
		a->exit_code = 128 + term_signal();
}

static void stop_threads(void)
{
	int64_t deadline = clock_now_ms() + EXIT_WAIT_MS;

	if (!runner_busy())
		return;
	runner_cancel();
	while (!runner_reap() && clock_now_ms() < deadline)
		poll(NULL, 0, 10);
}

/* After endwin: the one line a user sees in the shell afterwards. */
static void farewell(const struct app *a)
{
	if (a->exit_code > 128 && a->saved)
		fprintf(stderr,
			_("smtpwiz: stopped; changes after the last save were "
			  "not written to %s\n"),
			a->path);
	else if (a->exit_code > 128)
		fprintf(stderr, _("smtpwiz: stopped; nothing written to %s\n"),
			a->path);
	else if (a->saved && model_changed(a))
		printf(_("Settings saved to %s earlier; the later changes were "
			 "not written\n"),
		       a->path);
	else if (a->saved)
		printf(_("Settings saved to %s\n"), a->path);
	else
		printf(_("Nothing written to %s\n"), a->path);
}

int tui_run(const char *path, struct settings *s, bool no_color, bool mouse)
{
	char why[256];
	struct app *a;
	int rc;

	if (term_check(why, sizeof(why)) != 0) {
		fprintf(stderr,
			_("smtpwiz: cannot open the wizard: %s.\n"
			  "To test settings without it, write %s (see "
			  "smtpwiz.conf(5)) and run smtpwiz --check.\n"),
			why, path);
		return 2;
	}
	a = app_new(path, s);
	if (a == NULL || wake_init() != 0) {
		fprintf(stderr, "smtpwiz: %s\n", _("out of memory"));
		free(a);
		return 2;
	}
	term_signals_install();
	if (term_open(a, no_color, mouse) != 0) {
		term_signals_restore();
		fprintf(stderr, _("smtpwiz: cannot open the wizard on this "
				  "terminal; run smtpwiz --check instead.\n"));
		app_free(a);
		return 2;
	}
	mailer_view_detect(a);
	wizard_start(a);
	check_size(a);
	loop(a);
	term_close();
	term_signals_restore();
	stop_threads();
	farewell(a);
	rc = a->exit_code;
	app_free(a);
	return rc;
}
