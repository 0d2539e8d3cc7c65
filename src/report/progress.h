/* --check's one-line progress on a terminal: what the running step waits
 * for and for how long, on stderr, redrawn in place once a second by a
 * thread of its own and erased before anything else is printed and at the
 * end. Only for a terminal, and never with --json. */
#ifndef SMTPWIZ_PROGRESS_H
#define SMTPWIZ_PROGRESS_H

#include <stdio.h>

#include "check/checklist.h"

struct progress;

/* NULL when err is not a terminal or no thread could start: then every
 * call below does nothing. */
struct progress *progress_start(FILE *err);
/* Erases the line and keeps it off until progress_release, so that other
 * output does not mix with it; then notes what the event says. */
void progress_hold(struct progress *p, enum check_event ev,
		   const struct step *st);
void progress_release(struct progress *p);
/* Erases the line for good and ends the thread. */
void progress_stop(struct progress *p);

#endif
