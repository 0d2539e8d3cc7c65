/* Running a mailer's own tool (postconf, postqueue, exim4, msmtp) without
 * a shell, with a bound on time and on what is kept of its output. */
#ifndef SMTPWIZ_MAILER_RUN_H
#define SMTPWIZ_MAILER_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"

#define RUN_OUT_MAX (256 * 1024)

struct run_output {
	char *out;  /* stdout, NUL-terminated, at most RUN_OUT_MAX bytes */
	char *err;  /* stderr, likewise */
	int status; /* exit status, or 128+signal, or -1 when killed on time */
	bool truncated;
};

/* True when name is an executable file in one of PATH's directories. */
bool run_on_path(const char *name);

/* Runs argv[0] (searched on PATH) with stdin from /dev/null; waits at most
 * timeout_ms. Returns 0 when it ran (whatever its status), -1 with err set
 * when it could not be started. */
int run_capture(const char *const *argv, int timeout_ms, struct run_output *o,
		struct sw_error *err);
/* run_capture with input (NUL-terminated) on the tool's stdin. */
int run_capture_input(const char *const *argv, const char *input,
		      int timeout_ms, struct run_output *o,
		      struct sw_error *err);
void run_output_free(struct run_output *o);

/* Starts argv[0] with its stdout and stderr on *fd for the caller
 * to stream; run_finish closes fd and reaps it (killing it after
 * timeout_ms). */
int run_stream(const char *const *argv, pid_t *pid, int *fd,
	       struct sw_error *err);
int run_finish(pid_t pid, int fd, int timeout_ms);

#endif
