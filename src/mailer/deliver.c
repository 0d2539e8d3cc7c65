/* A test message through the mailer's sendmail interface, followed to its
 * outcome. Postfix logs "QUEUEID: message-id=<ID>" from cleanup, then
 * "QUEUEID: to=<...>, relay=..., status=sent|deferred|bounced (reason)"
 * from the smtp client (https://www.postfix.org/DEBUG_README.html,
 * MAILLOG_README.html); msmtp delivers while sendmail waits and exits
 * with a sysexits status and its message on stderr
 * (https://marlam.de/msmtp/msmtp.html#Exit-Codes). Exim: deliver_exim.c. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "mailer/deliver.h"
#include "mailer/deliver_log.h"
#include "mailer/run.h"

#define LOG_CHUNK 65536

static void message(char *buf, size_t n, const char *from, const char *to,
		    const char *mid, const char *mailer)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	/* Headers and body in English: they are read by the recipient's
	 * mail program, not by this user's locale. */
	snprintf(buf, n,
		 "From: %s\nTo: %s\nSubject: smtpwiz delivery test through "
		 "%s\nDate: %s\nMessage-ID: <%s>\nMIME-Version: 1.0\n"
		 "Content-Type: text/plain; charset=us-ascii\n\n"
		 "This message was handed to %s's sendmail interface by "
		 "smtpwiz --apply\nto prove that mail leaves this server "
		 "through the relay.\n",
		 from, to, mailer, date, mid, mailer);
}

void deliver_set_text(char *dst, size_t n, const char *src, size_t len)
{
	text_sanitize(dst, n, src, len);
}

#define set_text deliver_set_text

/* The log Postfix writes: maillog_file when set (Postfix >= 3.4),
 * else syslog's file on Debian; true for maillog_file. */
static bool postfix_log(const char *dir, char *out, size_t n)
{
	const char *argv[] = {"postconf", "-c",           dir,
			      "-h",       "maillog_file", NULL};
	struct run_output o;
	struct sw_error err;
	bool own = false;

	snprintf(out, n, "/var/log/mail.log");
	if (run_capture(argv, 10000, &o, &err) != 0)
		return false;
	if (o.status == 0 && o.out[0] == '/') {
		snprintf(out, n, "%.*s", (int)strcspn(o.out, "\n"), o.out);
		own = true;
	}
	run_output_free(&o);
	return own;
}

off_t deliver_file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : 0;
}

/* Looks at one log line for the message's queue id, then its outcome;
 * true when the outcome was found. */
static bool scan_line(const char *line, const char *mid,
		      struct deliver_result *r)
{
	char want[128];
	const char *p, *st;

	if (r->queue_id[0] == '\0') {
		p = strstr(line, mid);
		if (p == NULL || strstr(line, ": message-id=<") == NULL)
			return false;
		p = strstr(line, ": message-id=<");
		/* The queue id is the word before ": message-id". */
		{
			const char *b = p;

			while (b > line && b[-1] != ' ')
				b--;
			if (p > b && (size_t)(p - b) < sizeof(r->queue_id))
				snprintf(r->queue_id, sizeof(r->queue_id),
					 "%.*s", (int)(p - b), b);
		}
		return false;
	}
	snprintf(want, sizeof(want), " %s: to=<", r->queue_id);
	if (strstr(line, want) == NULL ||
	    (st = strstr(line, "status=")) == NULL)
		return false;
	st += 7;
	if (strncmp(st, "sent", 4) == 0)
		r->state = DELIVER_SENT;
	else if (strncmp(st, "bounced", 7) == 0)
		r->state = DELIVER_BOUNCED;
	else if (strncmp(st, "deferred", 8) == 0)
		r->state = DELIVER_DEFERRED;
	else
		return false;
	set_text(r->line, sizeof(r->line), line, strlen(line));
	p = strchr(st, '(');
	if (p != NULL) {
		size_t l = strlen(p + 1);

		if (l > 0 && p[l] == ')')
			l--;
		set_text(r->reason, sizeof(r->reason), p + 1, l);
	}
	return true;
}

/* Reads what the log gained since *off, line by line (a partial last line
 * waits for the next round). */
bool deliver_follow(const char *log, off_t *off, deliver_scan_fn scan,
		    const char *mid, struct deliver_result *r)
{
	char *buf = malloc(LOG_CHUNK + 1);
	int fd = open(log, O_RDONLY | O_CLOEXEC);
	bool done = false;
	ssize_t n;

	if (buf == NULL || fd < 0 || lseek(fd, *off, SEEK_SET) < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return false;
	}
	while (!done && (n = read(fd, buf, LOG_CHUNK)) > 0) {
		char *p = buf, *nl;

		buf[n] = '\0';
		while (!done && (nl = memchr(p, '\n', (size_t)(buf + n - p)))) {
			*nl = '\0';
			done = scan(p, mid, r);
			p = nl + 1;
		}
		*off += p - buf;
		if (p == buf)
			break; /* a line longer than the chunk: skip it */
	}
	close(fd);
	free(buf);
	return done;
}

static int postfix_deliver(const struct deliver_target *t, const char *from,
			   const char *mid, const char *msg, int timeout_ms,
			   struct deliver_result *r, struct sw_error *err)
{
	const char *dir = t->config ? t->config : "/etc/postfix";
	bool system = strcmp(dir, "/etc/postfix") == 0;
	const char *argv_sys[] = {
	    "/usr/sbin/sendmail", "-t", "-i", "-f", from, NULL};
	const char *argv_dir[] = {"sendmail", "-C", dir,  "-t",
				  "-i",       "-f", from, NULL};
	int64_t deadline = clock_now_ms() + timeout_ms;
	struct deliver_journal journal;
	struct run_output o;
	bool in_journal;
	off_t off;

	/* Without its own log file and without a syslog daemon writing
	 * one, Postfix's lines are in the journal only. */
	in_journal = !postfix_log(dir, r->log, sizeof(r->log)) &&
		     access(r->log, R_OK) != 0 && deliver_journal_running();
	if (in_journal) {
		snprintf(r->log, sizeof(r->log), "%s",
			 _("the systemd journal (journalctl "
			   "SYSLOG_FACILITY=2)"));
		if (deliver_journal_start(&journal, err) != 0)
			return -1;
	}
	off = deliver_file_size(r->log);
	snprintf(r->how, sizeof(r->how),
		 system ? "/usr/sbin/sendmail -t" : "sendmail -C %s -t", dir);
	if (run_capture_input(system ? argv_sys : argv_dir, msg, timeout_ms, &o,
			      err) != 0)
		return -1;
	if (o.status != 0) {
		r->state = DELIVER_REFUSED;
		set_text(r->reason, sizeof(r->reason), o.err, strlen(o.err));
		run_output_free(&o);
		return 0;
	}
	run_output_free(&o);
	if (!in_journal && access(r->log, R_OK) != 0) {
		sw_error_set(err,
			     _("the message was handed to Postfix, but its "
			       "log %s cannot be read (%s): follow it with "
			       "postqueue -p"),
			     r->log, strerror(errno));
		return -1;
	}
	r->state = DELIVER_PENDING;
	while (clock_now_ms() < deadline) {
		if (in_journal
			? deliver_journal_follow(&journal, scan_line, mid, r)
			: deliver_follow(r->log, &off, scan_line, mid, r))
			return 0;
		usleep(DELIVER_POLL_MS * 1000);
	}
	return 0;
}

static int msmtp_deliver(const struct deliver_target *t, const char *from,
			 const char *msg, int timeout_ms,
			 struct deliver_result *r, struct sw_error *err)
{
	const char *argv[10];
	struct run_output o;
	size_t n = 0;

	argv[n++] = "msmtp";
	if (t->config != NULL) {
		argv[n++] = "-C";
		argv[n++] = t->config;
	}
	if (t->account != NULL && t->account[0] != '\0') {
		argv[n++] = "-a";
		argv[n++] = t->account;
	}
	argv[n++] = "-f";
	argv[n++] = from;
	argv[n++] = "-t";
	argv[n] = NULL;
	snprintf(r->how, sizeof(r->how), "msmtp%s%s%s%s -t",
		 t->config ? " -C " : "", t->config ? t->config : "",
		 t->account && t->account[0] ? " -a " : "",
		 t->account ? t->account : "");
	if (run_capture_input(argv, msg, timeout_ms, &o, err) != 0)
		return -1;
	if (o.status == 0) {
		r->state = DELIVER_SENT;
		snprintf(r->line, sizeof(r->line), _("msmtp exited with 0"));
	} else {
		/* sysexits: 75 (EX_TEMPFAIL) is worth a retry; the rest is
		 * a refusal. */
		r->state = o.status == 75 ? DELIVER_DEFERRED : DELIVER_BOUNCED;
		if (o.status < 0)
			r->state = DELIVER_PENDING;
		set_text(r->reason, sizeof(r->reason), o.err, strlen(o.err));
		snprintf(r->line, sizeof(r->line),
			 _("msmtp exited with %d: %.400s"), o.status,
			 r->reason);
	}
	run_output_free(&o);
	return 0;
}

int mailer_deliver(const struct deliver_target *t, const char *from,
		   const char *to, int timeout_ms, struct deliver_result *r,
		   struct sw_error *err)
{
	char mid[128], host[64] = "localhost", msg[2048];

	memset(r, 0, sizeof(*r));
	if (from == NULL || from[0] == '\0' || to == NULL || to[0] == '\0') {
		sw_error_set(err, "%s",
			     _("a sender and a test recipient are needed to "
			       "prove delivery (from, test_recipient)"));
		return -1;
	}
	gethostname(host, sizeof(host) - 1);
	snprintf(mid, sizeof(mid), "smtpwiz.%lld.%d@%s", (long long)time(NULL),
		 (int)getpid(), host);
	message(msg, sizeof(msg), from, to, mid, mailer_name(t->kind));
	switch (t->kind) {
	case MAILER_POSTFIX:
		return postfix_deliver(t, from, mid, msg, timeout_ms, r, err);
	case MAILER_EXIM4:
		return exim_deliver(from, mid, msg, timeout_ms, r, err);
	case MAILER_MSMTP:
		return msmtp_deliver(t, from, msg, timeout_ms, r, err);
	default:
		sw_error_set(err,
			     _("proving delivery through %s is not "
			       "supported yet"),
			     mailer_name(t->kind));
		return -1;
	}
}
