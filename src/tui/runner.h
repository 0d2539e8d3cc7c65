/* The engine in a worker thread. Its listener copies each step into a
 * snapshot under a mutex and wakes the UI loop; the UI copies the snapshot
 * out to draw it and sets the cancel flag on Esc. */
#ifndef SMTPWIZ_TUI_RUNNER_H
#define SMTPWIZ_TUI_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "check/checklist.h"
#include "config/settings.h"
#include "mailer/mailer.h"

/* Starts a run on a copy of s; -1 when a run is still to be reaped or the
 * thread cannot start. */
/* mailer: the system mailer whose settings these are (its configuration
 * is checked too), or NULL; it must outlive the run. */
int runner_start(const struct settings *s, bool send_test,
		 const struct mailer_info *mailer);
void runner_cancel(void);
/* A run was started and not reaped yet. */
bool runner_busy(void);
/* Joins a finished run; true when it did (false: none, or still going). */
bool runner_reap(void);
void runner_snapshot(struct step *steps, char *notice, size_t n);
/* The last run's protocol log (safe to read while the run goes on);
 * NULL before the first run. Valid until the next runner_start. */
struct transcript *runner_transcript(void);

#endif
