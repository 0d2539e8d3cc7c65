/* The terminal: can it run the wizard, setting it up, giving it back in
 * the state we found it whatever happens, and the signals that end or
 * suspend us. */
#ifndef SMTPWIZ_TUI_TERM_H
#define SMTPWIZ_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>

struct app;

/* 0 when stdin/stdout are a terminal that can address the cursor; else -1
 * with a translated reason in why. */
int term_check(char *why, size_t n);
/* Installs the signal handlers; call before term_open so that ncurses
 * leaves SIGINT, SIGTERM and SIGHUP to us. */
void term_signals_install(void);
void term_signals_restore(void);
/* The terminating signal received (SIGINT, SIGTERM, SIGHUP), or 0. */
int term_signal(void);

int term_open(struct app *a, bool no_color, bool mouse);
void term_close(void);
/* Ctrl-Z: give the terminal back, stop, and take it again on SIGCONT. */
void term_suspend(void);

#endif
