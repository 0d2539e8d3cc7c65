/* The ncurses wizard. The only entry point main.c needs. */
#ifndef SMTPWIZ_TUI_H
#define SMTPWIZ_TUI_H

#include <stdbool.h>

#include "config/settings.h"
#include "mailer/mailer.h"

/* Runs the wizard on the terminal, pre-filled from s, saving to path.
 * Returns the process exit status (0 done, 2 no usable terminal, 130
 * aborted with Ctrl-C). */
int tui_run(const char *path, struct settings *s, bool no_color, bool mouse);

/* Which system mailer the first screen offers (--from-mailer,
 * --mailer-config); without a call, the first one found with a relay in
 * the system's places. Call before tui_run. */
void tui_mailer_source(enum mailer_kind k, const char *account,
		       const struct mailer_paths *p);

#endif
