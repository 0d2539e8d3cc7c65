/* The mailers' own tools after the files changed: postmap, the check that
 * must pass before a reload (postfix check, update-exim4.conf and
 * exim4 -bV, msmtp --pretend), and the reload the way the system runs the
 * mailer. Debian's Exim daemon writes its PID to /run/exim4/exim.pid and
 * re-reads its configuration on SIGHUP, which is what its init script's
 * reload sends
 * (https://www.exim.org/exim-html-current/doc/html/spec_html/ch-starting_the_daemon_and_the_use_of_network_interfaces.html).
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/apply.h"
#include "mailer/run.h"

#define TOOL_TIMEOUT_MS 60000

/* Runs argv; a non-zero status becomes err with the tool's first words. */
static int tool(const char *const *argv, const char *what,
		struct apply_log *log, struct sw_error *err)
{
	struct run_output o;
	const char *msg;
	int rc = 0;

	if (run_capture(argv, TOOL_TIMEOUT_MS, &o, err) != 0)
		return -1;
	if (o.status != 0) {
		msg = o.err[0] != '\0' ? o.err : o.out;
		sw_error_set(err, _("%s failed (status %d): %.*s"), what,
			     o.status, (int)strcspn(msg, "\n"), msg);
		rc = -1;
	} else {
		apply_log_add(log, _("%s: ok"), what);
	}
	run_output_free(&o);
	return rc;
}

int apply_postinstall(const struct apply_plan *plan, struct apply_log *log,
		      struct sw_error *err)
{
	const char *argv[] = {"postmap", "-c", plan->config, plan->postmap,
			      NULL};

	if (plan->kind != MAILER_POSTFIX || plan->postmap[0] == '\0')
		return 0;
	return tool(argv, "postmap", log, err);
}

int apply_verify(enum mailer_kind k, const char *config, const char *account,
		 struct apply_log *log, struct sw_error *err)
{
	if (k == MAILER_POSTFIX) {
		const char *argv[] = {"postfix", "-c", config, "check", NULL};

		return tool(argv, "postfix check", log, err);
	}
	if (k == MAILER_MSMTP) {
		const char *argv[] = {"msmtp",
				      "-C",
				      config,
				      "--pretend",
				      account && account[0] ? "-a" : NULL,
				      account,
				      NULL};

		/* msmtp checks the file's mode too: a password in a file
		 * others can read is refused. */
		return tool(argv, "msmtp --pretend", log, err);
	}
	if (k == MAILER_EXIM4) {
		const char *gen[] = {"update-exim4.conf", NULL};
		const char *bv[] = {"exim4", "-bV", NULL};

		/* update-exim4.conf checks the new file with exim4 -bV
		 * itself before it replaces the old one; the second check
		 * is of what Exim will really read. */
		return tool(gen, "update-exim4.conf", log, err) != 0
			   ? -1
			   : tool(bv, "exim4 -bV", log, err);
	}
	sw_error_set(err, _("no check for %s"), mailer_name(k));
	return -1;
}

static bool systemd_runs(void)
{
	struct stat sb;

	return stat("/run/systemd/system", &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The running daemon's PID from its PID file, if it is an Exim. */
static pid_t exim_daemon(void)
{
	char comm[64] = "", path[64];
	FILE *f = fopen("/run/exim4/exim.pid", "re");
	long pid = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1 || pid <= 1)
		pid = 0;
	fclose(f);
	if (pid == 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = fopen(path, "re");
	if (f == NULL)
		return 0;
	if (fgets(comm, sizeof(comm), f) == NULL)
		comm[0] = '\0';
	fclose(f);
	return strncmp(comm, "exim", 4) == 0 ? (pid_t)pid : 0;
}

static int exim_reload(struct apply_log *log, struct sw_error *err)
{
	const char *active[] = {"systemctl", "is-active", "--quiet", "exim4",
				NULL};
	const char *sysd[] = {"systemctl", "reload", "exim4", NULL};
	struct run_output o;
	pid_t pid;

	if (systemd_runs()) {
		if (run_capture(active, TOOL_TIMEOUT_MS, &o, err) != 0)
			return -1;
		run_output_free(&o);
		if (o.status == 0)
			return tool(sysd, "systemctl reload exim4", log, err);
	} else if ((pid = exim_daemon()) > 0) {
		if (kill(pid, SIGHUP) != 0) {
			sw_error_set(err, _("cannot signal Exim (pid %ld): %s"),
				     (long)pid, strerror(errno));
			return -1;
		}
		apply_log_add(log,
			      _("sent SIGHUP to Exim's daemon (pid %ld): it "
				"starts again with the new configuration"),
			      (long)pid);
		return 0;
	}
	apply_log_add(log, "%s",
		      _("Exim's daemon is not running: each message handed to "
			"sendmail is delivered with the new configuration"));
	return 0;
}

int apply_reload(enum mailer_kind k, const char *config, struct apply_log *log,
		 struct sw_error *err)
{
	const char *status[] = {"postfix", "-c", config, "status", NULL};
	const char *reload[] = {"postfix", "-c", config, "reload", NULL};
	const char *sysd[] = {"systemctl", "reload", "postfix", NULL};
	struct run_output o;

	if (k == MAILER_MSMTP) {
		apply_log_add(log, "%s",
			      _("msmtp reads its configuration for each "
				"message: nothing to reload"));
		return 0;
	}
	if (k == MAILER_EXIM4)
		return exim_reload(log, err);
	if (k != MAILER_POSTFIX) {
		sw_error_set(err, _("no reload for %s"), mailer_name(k));
		return -1;
	}
	if (run_capture(status, TOOL_TIMEOUT_MS, &o, err) != 0)
		return -1;
	if (o.status != 0) {
		run_output_free(&o);
		apply_log_add(log, "%s",
			      _("Postfix is not running: the settings take "
				"effect when it starts"));
		return 0;
	}
	run_output_free(&o);
	/* The system's instance under systemd is reloaded through it, so
	 * that systemd's view of the service stays right. */
	if (strcmp(config, "/etc/postfix") == 0 && systemd_runs())
		return tool(sysd, "systemctl reload postfix", log, err);
	return tool(reload, "postfix reload", log, err);
}
