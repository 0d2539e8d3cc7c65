/* The public entry point of a check: runs the steps in order (see
 * engine.c for what a failure skips). Listeners (the TUI, the reports) get
 * events through the callback. */
#ifndef SMTPWIZ_ENGINE_H
#define SMTPWIZ_ENGINE_H

#include "check/checklist.h"
#include "config/settings.h"

/* Runs the checklist in the calling thread. A cancelled run (see
 * engine_cancel) still returns a complete result: the steps it could not
 * finish are skipped as "Cancelled". */
int engine_run(const struct settings *s, const struct check_options *opt,
	       struct check_result *r, check_listener fn, void *ctx);
/* Runs only the `delivery` step (opt->deliver must be set) into r, after
 * the settings tested by an earlier engine_run were applied. */
int engine_deliver(const struct settings *s, const struct check_options *opt,
		   struct check_result *r, check_listener fn, void *ctx);
/* Stops the check that is running, from any thread, within about 0.1 s:
 * unlike opt->cancel, which is looked at between steps, this also ends the
 * step's network wait (connect, DNS, TLS, a silent server). One check runs
 * at a time per process, so there is nothing to name; a cancel with no
 * check running is forgotten by the next engine_run. */
void engine_cancel(void);

#endif
