/* The test message through Exim's sendmail interface, followed in its
 * main log: "ID <= SENDER ... id=MESSAGE-ID" when it was received, then
 * "ID => ADDRESS ... C=\"REPLY\"" (delivered), "ID == ADDRESS ... defer
 * (N) ...: REASON" (deferred) or "ID ** ADDRESS ...: REASON" (bounced),
 * as the Exim specification's chapter on log files describes them:
 * https://www.exim.org/exim-html-current/doc/html/spec_html/ch-log_files.html
 * The main log's place is Exim's log_file_path ("%s" becomes "main"). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "mailer/deliver_log.h"
#include "mailer/run.h"

#define EXIM_LOG_DEFAULT "/var/log/exim4/%slog" /* Debian's build */
#define EXIM_SENDMAIL    "/usr/sbin/sendmail"

/* The main log from "log_file_path = A : B"; false when Exim logs to
 * syslog only. */
static bool exim_log(char *out, size_t n)
{
	const char *argv[] = {"exim4", "-bP", "log_file_path", NULL};
	char val[MAILER_PATH_MAX] = EXIM_LOG_DEFAULT, *item, *save = NULL;
	struct run_output o;
	struct sw_error err;

	if (run_capture(argv, 10000, &o, &err) == 0) {
		const char *eq = strstr(o.out, "= ");

		if (o.status == 0 && eq != NULL && eq[2] != '\n' && eq[2])
			snprintf(val, sizeof(val), "%.*s",
				 (int)strcspn(eq + 2, "\n"), eq + 2);
		run_output_free(&o);
	}
	for (item = strtok_r(val, ":", &save); item != NULL;
	     item = strtok_r(NULL, ":", &save)) {
		char *s = item + strspn(item, " "), *pct;
		size_t l = strlen(s);

		while (l > 0 && s[l - 1] == ' ')
			s[--l] = '\0';
		if (strcmp(s, "syslog") == 0 || s[0] != '/')
			continue;
		pct = strstr(s, "%s");
		if (pct == NULL)
			snprintf(out, n, "%s/mainlog", s);
		else
			snprintf(out, n, "%.*smain%s", (int)(pct - s), s,
				 pct + 2);
		return true;
	}
	return false;
}

/* The third word of a log line: the message's id. */
static bool line_id(const char *line, char *id, size_t n)
{
	const char *p = line;

	for (int w = 0; w < 2; w++) {
		p = strchr(p, ' ');
		if (p == NULL)
			return false;
		p++;
	}
	if (strcspn(p, " ") >= n || strcspn(p, " ") == 0)
		return false;
	snprintf(id, n, "%.*s", (int)strcspn(p, " "), p);
	return true;
}

static bool scan_exim(const char *line, const char *mid,
		      struct deliver_result *r)
{
	char want[160], id[64];
	const char *p;

	if (r->queue_id[0] == '\0') {
		/* "... ID <= SENDER ... id=MESSAGE-ID" (no brackets). */
		snprintf(want, sizeof(want), " id=%.140s", mid);
		p = strstr(line, want);
		if (p != NULL &&
		    (p[strlen(want)] == '\0' || p[strlen(want)] == ' ') &&
		    strstr(line, " <= ") != NULL &&
		    line_id(line, id, sizeof(id)))
			snprintf(r->queue_id, sizeof(r->queue_id), "%s", id);
		return false;
	}
	if (!line_id(line, id, sizeof(id)) || strcmp(id, r->queue_id) != 0)
		return false;
	p = strchr(line, ' ');
	p = p ? strchr(p + 1, ' ') : NULL;
	p = p ? p + 1 + strlen(id) : NULL;
	if (p == NULL)
		return false;
	if (strncmp(p, " => ", 4) == 0 || strncmp(p, " -> ", 4) == 0) {
		const char *c = strstr(p, " C=\"");

		r->state = DELIVER_SENT;
		if (c != NULL) {
			size_t l = strcspn(c + 4, "\"");

			deliver_set_text(r->reason, sizeof(r->reason), c + 4,
					 l);
		}
	} else if (strncmp(p, " == ", 4) == 0) {
		const char *d = strstr(p, " defer (");

		r->state = DELIVER_DEFERRED;
		d = d ? strchr(d, ')') : NULL;
		if (d != NULL) {
			d += 1 + strspn(d + 1, ": ");
			deliver_set_text(r->reason, sizeof(r->reason), d,
					 strlen(d));
		}
	} else if (strncmp(p, " ** ", 4) == 0) {
		const char *d = p + 4;

		r->state = DELIVER_BOUNCED;
		d += strcspn(d, " ");
		d += *d == ' ';
		deliver_set_text(r->reason, sizeof(r->reason), d, strlen(d));
	} else {
		return false;
	}
	deliver_set_text(r->line, sizeof(r->line), line, strlen(line));
	return true;
}

/* The system's sendmail when it is Exim's, else exim4 itself (the same
 * interface: exim4 takes sendmail's options). */
static const char *exim_sendmail(void)
{
	char real[PATH_MAX];

	if (realpath(EXIM_SENDMAIL, real) != NULL &&
	    strstr(strrchr(real, '/'), "exim") != NULL)
		return EXIM_SENDMAIL;
	return "exim4";
}

int exim_deliver(const char *from, const char *mid, const char *msg,
		 int timeout_ms, struct deliver_result *r, struct sw_error *err)
{
	const char *cmd = exim_sendmail();
	const char *argv[] = {cmd, "-t", "-i", "-f", from, NULL};
	int64_t deadline = clock_now_ms() + timeout_ms;
	struct run_output o;
	off_t off;

	if (!exim_log(r->log, sizeof(r->log))) {
		sw_error_set(err, "%s",
			     _("Exim logs to syslog only (log_file_path): "
			       "smtpwiz cannot follow the test message; look "
			       "for it with exim4 -bp and in the system log"));
		return -1;
	}
	off = deliver_file_size(r->log);
	snprintf(r->how, sizeof(r->how), "%s -t", cmd);
	if (run_capture_input(argv, msg, timeout_ms, &o, err) != 0)
		return -1;
	if (o.status != 0) {
		r->state = DELIVER_REFUSED;
		deliver_set_text(r->reason, sizeof(r->reason), o.err,
				 strlen(o.err));
		run_output_free(&o);
		return 0;
	}
	run_output_free(&o);
	r->state = DELIVER_PENDING;
	while (clock_now_ms() < deadline) {
		/* The log may appear only with Exim's first line. */
		if (access(r->log, R_OK) == 0 &&
		    deliver_follow(r->log, &off, scan_exim, mid, r))
			return 0;
		usleep(DELIVER_POLL_MS * 1000);
	}
	if (access(r->log, R_OK) != 0) {
		sw_error_set(err,
			     _("the message was handed to Exim, but its log "
			       "%s cannot be read (%s): follow it with exim4 "
			       "-bp"),
			     r->log, strerror(errno));
		return -1;
	}
	return 0;
}
