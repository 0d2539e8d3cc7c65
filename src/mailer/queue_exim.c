/* Exim's queue: `exim4 -bp` for the messages (age, id, sender, "***
 * frozen ***"), each message's log in the spool's msglog/ for the reason
 * of its last deferral ("defer (-44) H=...: SMTP error from remote mail
 * server after RCPT TO:...: 451 ...") or failure ("**").
 * https://www.exim.org/exim-html-current/doc/html/spec_html/ch-exim_utilities.html
 * (listing the queue), ch-log_files.html (delivery lines). */
#include <config.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/queue.h"
#include "mailer/run.h"

#define EXIM_TIMEOUT_MS 600000

struct exim_ctx {
	const char *bin;
	char conf[MAILER_PATH_MAX + 32];
	char spool[MAILER_PATH_MAX];
};

static int exim_argv(const struct exim_ctx *x, const char **argv, const char *a,
		     const char *b)
{
	int n = 0;

	argv[n++] = x->bin;
	if (x->conf[0] != '\0') {
		argv[n++] = "-C";
		argv[n++] = x->conf;
	}
	argv[n++] = a;
	if (b != NULL)
		argv[n++] = b;
	argv[n] = NULL;
	return n;
}

static void find_spool(struct exim_ctx *x)
{
	const char *argv[8];
	struct run_output o;
	struct sw_error err;
	const char *eq;

	exim_argv(x, argv, "-bP", "spool_directory");
	if (run_capture(argv, 10000, &o, &err) != 0)
		return;
	eq = strstr(o.out, "= ");
	if (o.status == 0 && eq != NULL)
		snprintf(x->spool, sizeof(x->spool), "%.*s",
			 (int)strcspn(eq + 2, "\n"), eq + 2);
	run_output_free(&o);
}

/* The message's log: msglog/ID, or msglog/X/ID with split_spool_directory. */
static FILE *open_msglog(const struct exim_ctx *x, const char *id)
{
	char path[MAILER_PATH_MAX + 128];
	glob_t g;
	FILE *f;

	snprintf(path, sizeof(path), "%s/msglog/%s", x->spool, id);
	if ((f = fopen(path, "re")) != NULL)
		return f;
	snprintf(path, sizeof(path), "%s/msglog/?/%s", x->spool, id);
	if (glob(path, GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0)
		f = fopen(g.gl_pathv[0], "re");
	globfree(&g);
	return f;
}

/* From "2026-12-06 06:40:12 bob@x R=r T=t defer (-44) H=h [ip]: SMTP
 * error ...", the part after "defer (N) " or after the address for a
 * "**" failure; *failed for the latter. */
static bool reason_of(char *line, char *out, size_t n, bool *failed)
{
	char *p = strstr(line, " defer (");

	if (p != NULL) {
		p = strchr(p, ')');
		if (p != NULL)
			p += 1 + strspn(p + 1, ": ");
	} else if ((p = strstr(line, " ** ")) != NULL) {
		*failed = true;
		p += 4;
		p += strcspn(p, " ");
		p += *p == ' ';
	}
	if (p == NULL)
		return false;
	snprintf(out, n, "%s", p);
	return true;
}

static void last_reason(const struct exim_ctx *x, const char *id, char *out,
			size_t n, bool *failed)
{
	char line[MAILER_LINE_MAX];
	FILE *f = open_msglog(x, id);
	int no = 0;

	out[0] = '\0';
	if (f == NULL)
		return;
	/* Message logs are short; the bound is on lines, not on bytes. */
	while (no < 100000 && mailer_read_line(f, line, &no))
		reason_of(line, out, n, failed);
	fclose(f);
}

struct exim_msg {
	bool open, frozen, bounce;
	char id[64];
	time_t arrival;
};

static int flush(const struct exim_ctx *x, struct queue_summary *q,
		 struct exim_msg *m)
{
	char reason[QUEUE_REASON_MAX];
	bool failed = false;
	enum queue_state st;

	if (!m->open)
		return 0;
	m->open = false;
	last_reason(x, m->id, reason, sizeof(reason), &failed);
	st = m->frozen             ? (m->bounce ? QS_BOUNCED : QS_HOLD)
	     : failed || m->bounce ? QS_BOUNCED
	     : reason[0] != '\0'   ? QS_DEFERRED
				   : QS_WAITING;
	q->messages++;
	return queue_add(q, st, reason, m->arrival);
}

/* " 25m  2.9K 1tJkxX-000Abc-12 <alice@x> *** frozen ***" */
static void header(struct queue_summary *q, const char *l, struct exim_msg *m)
{
	char age[16], size[16], id[64], sender[512];
	long v;
	char unit;

	memset(m, 0, sizeof(*m));
	if (sscanf(l, "%15s %15s %63s %511s", age, size, id, sender) != 4 ||
	    sscanf(age, "%ld%c", &v, &unit) != 2) {
		q->skipped++;
		return;
	}
	m->open = true;
	snprintf(m->id, sizeof(m->id), "%s", id);
	m->arrival = q->now - v * (unit == 'd'   ? 86400
				   : unit == 'h' ? 3600
				   : unit == 'm' ? 60
						 : 1);
	m->bounce = strcmp(sender, "<>") == 0;
	m->frozen = strstr(l, "*** frozen ***") != NULL;
}

static int stream(const struct exim_ctx *x, int fd, struct queue_summary *q,
		  char *fatal, size_t fn)
{
	char line[MAILER_LINE_MAX];
	struct exim_msg m = {0};
	FILE *f = fdopen(dup(fd), "r");
	int no = 0, rc = 0;

	if (f == NULL)
		return -1;
	while (rc == 0 && mailer_read_line(f, line, &no)) {
		/* A header starts with the age, right-aligned: a space or
		 * a digit; recipients are indented further. */
		if (line[0] == '\0' || strncmp(line, "        ", 8) == 0 ||
		    strncmp(line, "  D ", 4) == 0)
			continue;
		if (strncmp(line, "exim", 4) == 0 ||
		    strstr(line, "rror") != NULL) {
			if (fatal[0] == '\0')
				snprintf(fatal, fn, "%s", line);
			continue;
		}
		rc = flush(x, q, &m);
		header(q, line, &m);
	}
	if (rc == 0)
		rc = flush(x, q, &m);
	fclose(f);
	return rc;
}

int queue_exim(const struct mailer_paths *p, struct queue_summary *q,
	       struct sw_error *err)
{
	struct exim_ctx x = {0};
	char fatal[MAILER_TEXT_MAX] = "";
	const char *argv[8];
	struct stat sb;
	pid_t pid;
	int fd, rc, st;

	x.bin = run_on_path("exim4")  ? "exim4"
		: run_on_path("exim") ? "exim"
				      : NULL;
	if (x.bin == NULL) {
		sw_error_set(err, "%s",
			     _("Exim is not installed (no exim4 or exim on "
			       "PATH)"));
		return -1;
	}
	/* Debian: an exim4.conf in the configuration directory replaces
	 * the generated configuration. */
	if (p && p->config) {
		snprintf(x.conf, sizeof(x.conf), "%s/exim4.conf", p->config);
		if (stat(x.conf, &sb) != 0)
			x.conf[0] = '\0';
	}
	find_spool(&x);
	exim_argv(&x, argv, "-bp", NULL);
	snprintf(q->source, sizeof(q->source), "%s -bp (%s/msglog)", x.bin,
		 x.spool);
	if (run_stream(argv, &pid, &fd, err) != 0)
		return -1;
	rc = stream(&x, fd, q, fatal, sizeof(fatal));
	st = run_finish(pid, fd, EXIM_TIMEOUT_MS);
	if (rc != 0) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	if (st != 0) {
		sw_error_set(err, _("%s -bp failed: %s"), x.bin,
			     fatal[0] ? fatal : _("no message"));
		return -1;
	}
	if (x.spool[0] == '\0')
		queue_note(q, "%s",
			   _("Exim did not say where its spool is; the "
			     "reasons are missing"));
	return 0;
}
