/* Following the test message in the systemd journal. A Debian 12 system
 * installed without a syslog daemon has no /var/log/mail.log: Postfix logs
 * through syslog(3) to /dev/log, which is journald's socket, and the lines
 * are only in the journal (https://www.debian.org/releases/bookworm/
 * amd64/release-notes/ch-information.en.html#changes-to-system-logging).
 * Mail programs log with the mail facility, 2 (RFC 5424 section 6.2.1).
 *
 * journalctl is asked for JSON, one entry per line, each with its own
 * cursor: a poll whose output was cut at RUN_OUT_MAX goes on from the last
 * whole entry it read (https://www.freedesktop.org/software/systemd/man/
 * journalctl.html, --after-cursor, --output=json, --output-fields). */
#include <config.h>

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/deliver_log.h"
#include "mailer/run.h"

#define JOURNAL_SOCKET   "/run/systemd/journal/socket"
#define JOURNAL_RUN_MS   10000
#define JOURNAL_LINE_MAX 4096

bool deliver_journal_running(void)
{
	return access(JOURNAL_SOCKET, F_OK) == 0 && run_on_path("journalctl");
}

/* journalctl says why it shows nothing (no permission to read the
 * system's journal) on stderr, with status 0: that is a failure too. */
static bool journal_refused(const struct run_output *o)
{
	return o->status != 0 || strstr(o->err, "insufficient permissions");
}

static void set_failure(struct sw_error *err, const struct run_output *o)
{
	char why[512];

	deliver_set_text(why, sizeof(why), o->err, strcspn(o->err, "\n"));
	sw_error_set(err,
		     _("the systemd journal cannot be read (journalctl: %s); "
		       "run as root or as a member of the systemd-journal "
		       "group"),
		     why[0] ? why : _("no reason given"));
}

int deliver_journal_start(struct deliver_journal *j, struct sw_error *err)
{
	/* The newest entry's cursor: only what comes after it is read. */
	const char *argv[] = {"journalctl", "--quiet",      "--no-pager",
			      "--lines=1",  "--output=cat", "--show-cursor",
			      NULL};
	struct run_output o;
	const char *p;

	memset(j, 0, sizeof(*j));
	j->since = (long long)time(NULL) - 1;
	if (run_capture(argv, JOURNAL_RUN_MS, &o, err) != 0)
		return -1;
	if (journal_refused(&o)) {
		set_failure(err, &o);
		run_output_free(&o);
		return -1;
	}
	p = strstr(o.out, "-- cursor: ");
	if (p != NULL) {
		p += strlen("-- cursor: ");
		snprintf(j->cursor, sizeof(j->cursor), "%.*s",
			 (int)strcspn(p, "\r\n"), p);
	}
	run_output_free(&o);
	return 0;
}

static const char *field(struct json_object *e, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(e, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* One entry as a syslog line would show it ("ident[pid]: message"), for
 * the same scan as a log file's. Entries whose MESSAGE is not text
 * (journald keeps invalid UTF-8 as an array of bytes) are skipped. */
static bool scan_entry(struct deliver_journal *j, const char *json, size_t len,
		       deliver_scan_fn scan, const char *mid,
		       struct deliver_result *r)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *e;
	const char *msg, *ident, *pid, *cur;
	char *line;
	bool done = false;

	if (tok == NULL)
		return false;
	e = json_tokener_parse_ex(tok, json, (int)len);
	json_tokener_free(tok);
	if (e == NULL || !json_object_is_type(e, json_type_object)) {
		json_object_put(e);
		return false;
	}
	cur = field(e, "__CURSOR");
	if (cur != NULL && strlen(cur) < sizeof(j->cursor))
		snprintf(j->cursor, sizeof(j->cursor), "%s", cur);
	msg = field(e, "MESSAGE");
	ident = field(e, "SYSLOG_IDENTIFIER");
	pid = field(e, "_PID");
	line = malloc(JOURNAL_LINE_MAX);
	if (msg != NULL && line != NULL) {
		snprintf(line, JOURNAL_LINE_MAX, "%s[%s]: %s",
			 ident ? ident : "-", pid ? pid : "-", msg);
		done = scan(line, mid, r);
	}
	free(line);
	json_object_put(e);
	return done;
}

bool deliver_journal_follow(struct deliver_journal *j, deliver_scan_fn scan,
			    const char *mid, struct deliver_result *r)
{
	char from[sizeof(j->cursor) + 32];
	const char *argv[] = {"journalctl",
			      "--quiet",
			      "--no-pager",
			      "--output=json",
			      "--output-fields=MESSAGE,SYSLOG_IDENTIFIER,_PID",
			      from,
			      "SYSLOG_FACILITY=2",
			      NULL};
	struct run_output o;
	struct sw_error err;
	char *p, *nl;
	bool done = false;

	if (j->cursor[0] != '\0')
		snprintf(from, sizeof(from), "--after-cursor=%s", j->cursor);
	else
		snprintf(from, sizeof(from), "--since=@%lld", j->since);
	if (run_capture(argv, JOURNAL_RUN_MS, &o, &err) != 0)
		return false;
	/* Whole lines only: a cut last entry is read again next time. */
	for (p = o.out; !done && (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		done = scan_entry(j, p, (size_t)(nl - p), scan, mid, r);
	run_output_free(&o);
	return done;
}
