/* The ncurses wizard. The only entry point main.c needs. */
#ifndef SMTPWIZ_TUI_H
#define SMTPWIZ_TUI_H

#include <stdbool.h>

#include "config/settings.h"

/* Runs the wizard on the terminal, pre-filled from s, saving to path.
 * Returns the process exit status (0 done, 2 no usable terminal, 130
 * aborted with Ctrl-C). */
int tui_run(const char *path, struct settings *s, bool no_color, bool mouse);

#endif
