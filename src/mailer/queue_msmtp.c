/* msmtp delivers at once and keeps no queue of its own. What it has:
 * msmtpq's queue directory (MSMTPQ_Q, default ~/.msmtp.queue, one ID.mail
 * per message), and the account's logfile, one line per delivery
 * ("... smtpstatus=451 smtpmsg='451 ...' errormsg='...'
 * exitcode=EX_TEMPFAIL"): https://marlam.de/msmtp/msmtp.html#Logging and
 * msmtpq's README (scripts/msmtpq in msmtp's source). */
#include <config.h>

#include <dirent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/queue.h"

static void queue_dir(char *buf, size_t n)
{
	const char *env = getenv("MSMTPQ_Q");
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (env != NULL && env[0] != '\0') {
		snprintf(buf, n, "%s", env);
		return;
	}
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(geteuid());
		home = pw ? pw->pw_dir : "/";
	}
	snprintf(buf, n, "%s/.msmtp.queue", home);
}

static int read_queue(struct queue_summary *q, const char *dir)
{
	char path[MAILER_PATH_MAX + 300];
	struct dirent *de;
	struct stat sb;
	DIR *d = opendir(dir);
	int rc = 0;

	if (d == NULL)
		return 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len < 6 || strcmp(de->d_name + len - 5, ".mail") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &sb) != 0)
			continue;
		q->messages++;
		rc = queue_add(q, QS_WAITING, NULL, sb.st_mtime);
	}
	closedir(d);
	return rc;
}

/* "Dec 06 06:40:12 host=..." : the year is not written; this one, or
 * last year's when that would be in the future. */
static time_t log_time(const char *line, time_t now)
{
	struct tm tm, today;

	localtime_r(&now, &today);
	memset(&tm, 0, sizeof(tm));
	if (strptime(line, "%b %d %H:%M:%S", &tm) == NULL)
		return 0;
	tm.tm_year = today.tm_year;
	tm.tm_isdst = -1;
	if (mktime(&tm) > now)
		tm.tm_year--;
	return mktime(&tm);
}

static int read_log(struct queue_summary *q, struct mailer_info *mi)
{
	char line[MAILER_LINE_MAX];
	FILE *f = mailer_open(mi, mi->logfile);
	int no = 0, rc = 0;

	if (f == NULL)
		return 0;
	while (rc == 0 && mailer_read_line(f, line, &no)) {
		const char *ex = strstr(line, "exitcode=");
		const char *why = strstr(line, "smtpmsg=");

		if (ex == NULL || strncmp(ex, "exitcode=EX_OK", 14) == 0)
			continue;
		if (why == NULL)
			why = strstr(line, "errormsg=");
		q->messages++;
		rc = queue_add(q, QS_FAILED, why ? why : ex,
			       log_time(line, q->now));
	}
	fclose(f);
	return rc;
}

int queue_msmtp(const struct mailer_paths *p, struct queue_summary *q,
		struct sw_error *err)
{
	struct mailer_info *mi = calloc(1, sizeof(*mi));
	char dir[MAILER_PATH_MAX];
	int rc;

	if (mi == NULL) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	queue_dir(dir, sizeof(dir));
	rc = read_queue(q, dir);
	if (rc == 0 && mailer_load(MAILER_MSMTP, NULL, p, mi, err) == 0) {
		if (mi->logfile[0] != '\0')
			rc = read_log(q, mi);
		else
			queue_note(q,
				   _("the msmtp account '%s' keeps no "
				     "logfile: failed deliveries are not "
				     "recorded anywhere smtpwiz can read"),
				   mi->account);
		snprintf(q->source, sizeof(q->source), "%s, %s", dir,
			 mi->logfile[0] ? mi->logfile : mi->config);
		for (size_t i = 0; i < mi->nnotes; i++)
			queue_note(q, "%s", mi->notes[i]);
	} else if (rc == 0) {
		queue_note(q, "%s", err->msg);
	}
	mailer_info_free(mi);
	free(mi);
	if (rc != 0)
		sw_error_set(err, "%s", _("out of memory"));
	return rc;
}
