/* msmtp: the msmtprc's accounts, with "defaults" and inheritance
 * ("account NAME : PARENT"), read as msmtp(1) documents them:
 * https://marlam.de/msmtp/msmtp.html#Configuration-files
 * Then `msmtp --pretend` on the same file, so a syntax error is reported
 * in msmtp's own words with its line. */
#include <config.h>

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/msmtp.h"
#include "mailer/run.h"

#define MSMTP_TIMEOUT_MS 10000

static void default_path(char *buf, size_t n)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct passwd *pw;
	struct stat sb;

	if (home == NULL || home[0] != '/') {
		pw = getpwuid(geteuid());
		home = pw ? pw->pw_dir : NULL;
	}
	/* The user's file wins over the system's, as for msmtp itself. */
	if (xdg != NULL && xdg[0] == '/') {
		snprintf(buf, n, "%s/msmtp/config", xdg);
		if (stat(buf, &sb) == 0)
			return;
	}
	if (home != NULL) {
		snprintf(buf, n, "%s/.msmtprc", home);
		if (stat(buf, &sb) == 0)
			return;
	}
	snprintf(buf, n, "%s", "/etc/msmtprc");
}

void msmtp_config_path(const struct mailer_paths *p, char *buf, size_t n)
{
	if (p && p->config)
		snprintf(buf, n, "%s", p->config);
	else
		default_path(buf, n);
}

/* msmtp --pretend: exit 0 and the effective settings, or
 * "msmtp: FILE: line N: WHAT". */
static void pretend(struct mailer_info *mi, const char *path,
		    const char *account)
{
	const char *argv[] = {
	    "msmtp", "-C", path, "--pretend", account[0] ? "-a" : NULL,
	    account, NULL};
	struct sw_error err;
	struct run_output o;
	char file[MAILER_PATH_MAX];
	int no = 0;

	if (!run_on_path("msmtp") ||
	    run_capture(argv, MSMTP_TIMEOUT_MS, &o, &err) != 0)
		return;
	if (o.status != 0) {
		/* Its first lines may be about other files it skipped. */
		const char *msg = strstr(o.err, ": line ");
		size_t len;
		char line[MAILER_TEXT_MAX];

		while (msg != NULL && msg > o.err && msg[-1] != '\n')
			msg--;
		if (msg == NULL)
			msg = o.err[0] ? o.err : o.out;
		len = strcspn(msg, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)len, msg);
		if (sscanf(line, "msmtp: %1023[^:]: line %d", file, &no) != 2)
			no = 0;
		mailer_finding(mi, "mailer-config-invalid", true, path, no,
			       line, "%s", _("msmtp refuses this file"));
	}
	run_output_free(&o);
}

static bool has_finding(const struct mailer_info *mi, const char *cause)
{
	for (size_t i = 0; i < mi->nfindings; i++)
		if (strcmp(mi->findings[i].cause, cause) == 0)
			return true;
	return false;
}

int msmtp_load(const struct mailer_paths *p, const char *account,
	       struct mailer_info *mi, struct sw_error *err)
{
	char path[MAILER_PATH_MAX];
	struct msmtp_file *mf;
	struct stat sb;
	int rc;

	msmtp_config_path(p, path, sizeof(path));
	snprintf(mi->config, sizeof(mi->config), "%s", path);
	mi->installed = run_on_path("msmtp");
	mf = calloc(1, sizeof(*mf));
	if (mf == NULL) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	rc = msmtp_parse(mi, path, mf, err);
	if (rc == 0)
		rc = msmtp_account(mi, mf, account ? account : "",
				   p ? p->run_passwordeval : false, err);
	/* msmtp would run passwordeval's command itself. */
	if (rc == 0 && mi->configured &&
	    !has_finding(mi, "mailer-msmtp-passwordeval"))
		pretend(mi, path, mi->account);
	if (rc == 0 && mi->password_set && stat(path, &sb) == 0 &&
	    (sb.st_mode & 0077) != 0)
		mailer_finding(mi, "mailer-password-readable", false, path, 0,
			       NULL,
			       _("mode %04o: other users can read the "
				 "relay password"),
			       (unsigned)(sb.st_mode & 07777));
	msmtp_file_free(mf);
	free(mf);
	return rc;
}

size_t mailer_msmtp_accounts(const struct mailer_paths *p, char (*names)[128],
			     size_t max)
{
	char path[MAILER_PATH_MAX];
	struct mailer_info *mi = calloc(1, sizeof(*mi));
	struct msmtp_file *mf = calloc(1, sizeof(*mf));
	struct sw_error err;
	size_t n = 0;

	if (mi != NULL && mf != NULL) {
		msmtp_config_path(p, path, sizeof(path));
		if (msmtp_parse(mi, path, mf, &err) == 0)
			for (size_t i = 0; i < mf->n && n < max; i++)
				if (!mf->acc[i].is_defaults &&
				    !mf->acc[i].is_alias)
					snprintf(names[n++], 128, "%s",
						 mf->acc[i].name);
		msmtp_file_free(mf);
	}
	free(mf);
	free(mi);
	return n;
}
