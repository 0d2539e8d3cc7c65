#include <config.h>

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/term.h"
#include "tui/wake.h"

/* Last: its capability macros (lines, buttons...) would clash above. */
#include <term.h>

static SCREEN *screen;
static volatile sig_atomic_t got_signal;
static const int ending_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_ENDING (sizeof(ending_signals) / sizeof(ending_signals[0]))
static struct sigaction saved_ending[N_ENDING];
static struct sigaction saved_winch, ncurses_winch;

int term_check(char *why, size_t n)
{
	const char *term = getenv("TERM");
	const char *cup;
	int err = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, n, "%s",
			 _("standard input and output must be a "
			   "terminal"));
		return -1;
	}
	if (term == NULL || term[0] == '\0' || strcmp(term, "dumb") == 0) {
		snprintf(why, n,
			 _("the terminal type (TERM=%s) cannot show "
			   "the wizard"),
			 term != NULL ? term : "");
		return -1;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		snprintf(why, n, _("the terminal type %s is unknown"), term);
		return -1;
	}
	/* The one thing a full-screen program cannot do without. */
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1)
		snprintf(why, n,
			 _("the terminal type %s cannot move the cursor"),
			 term);
	del_curterm(cur_term);
	return cup == NULL || cup == (char *)-1 ? -1 : 0;
}

/* Only a flag and a wake-up: the loop does the rest outside the handler. */
static void on_ending(int sig)
{
	got_signal = sig;
	wake_post();
}

static void on_winch(int sig)
{
	if (ncurses_winch.sa_handler != SIG_DFL &&
	    ncurses_winch.sa_handler != SIG_IGN &&
	    ncurses_winch.sa_handler != NULL)
		ncurses_winch.sa_handler(sig);
	wake_post();
}

void term_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_ending;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_ENDING; i++)
		sigaction(ending_signals[i], &sa, &saved_ending[i]);
}

void term_signals_restore(void)
{
	for (size_t i = 0; i < N_ENDING; i++)
		sigaction(ending_signals[i], &saved_ending[i], NULL);
}

int term_signal(void)
{
	return got_signal;
}

/* ncurses' own SIGWINCH handler turns a resize into KEY_RESIZE; ours runs
 * it and then wakes the loop, which may be asleep in poll(). */
static void chain_winch(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_winch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, NULL, &ncurses_winch);
	sigaction(SIGWINCH, &sa, &saved_winch);
}

static bool want_color(bool no_color)
{
	const char *env = getenv("NO_COLOR");

	return !no_color && (env == NULL || env[0] == '\0') && has_colors() &&
	       start_color() == OK;
}

int term_open(struct app *a, bool no_color, bool mouse)
{
	const char *cs = nl_langinfo(CODESET);

	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL)
		return -1;
	set_term(screen);
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(1);
	a->utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	a->color = want_color(no_color);
	a->mouse = mouse;
	if (mouse) {
		mouseinterval(0);
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			      | BUTTON5_PRESSED
#endif
			  ,
			  NULL);
	}
	draw_setup(a->color, a->utf8);
	chain_winch();
	return 0;
}

void term_close(void)
{
	if (screen == NULL)
		return;
	sigaction(SIGWINCH, &saved_winch, NULL);
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
}

void term_suspend(void)
{
	struct sigaction dfl, old;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, NULL, &old);
	/* Ignored SIGTSTP means no job control (an orphaned process group):
	 * stopping would hang us with nobody to continue us. */
	if (old.sa_handler == SIG_IGN)
		return;
	def_prog_mode();
	endwin();
	sigaction(SIGTSTP, &dfl, NULL);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
}
