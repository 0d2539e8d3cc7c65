/* The commit and the undo: a backup of every file before it is touched
 * (DIR/smtpwiz-backup/STAMP/, with a manifest of path, mode, owner and
 * whether it existed), each new file written beside its target and
 * renamed over it, then the mailer's check and reload; a failure puts the
 * backups back. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/apply.h"
#include "mailer/msmtp.h"

#define MANIFEST_LINE 2048

/* One manifest entry: "N existed MODE UID GID PATH" or "N created PATH". */
struct entry {
	char path[MAILER_PATH_MAX];
	bool existed;
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

/* Copies src to dst through dst.smtpwiz-new, renamed over dst: readers
 * see the old file or the new one, never half of it. */
static int install(const char *src, const char *dst, mode_t mode, uid_t uid,
		   gid_t gid, bool chown_it, struct sw_error *err)
{
	char tmp[MAILER_PATH_MAX + 16], buf[8192];
	int in = open(src, O_RDONLY | O_CLOEXEC), out;
	ssize_t n = 0;

	if (in < 0) {
		sw_error_set(err, _("cannot read %s: %s"), src,
			     strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.smtpwiz-new", dst);
	unlink(tmp);
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		   0600);
	if (out < 0) {
		sw_error_set(err, _("cannot write %s: %s"), tmp,
			     strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	close(in);
	if (n < 0 || (chown_it && fchown(out, uid, gid) != 0) ||
	    fchmod(out, mode) != 0 || fsync(out) != 0) {
		sw_error_set(err, _("cannot write %s: %s"), tmp,
			     strerror(errno));
		close(out);
		unlink(tmp);
		return -1;
	}
	close(out);
	if (rename(tmp, dst) != 0) {
		sw_error_set(err, _("cannot replace %s: %s"), dst,
			     strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int write_manifest(const char *dir, const struct entry *e, size_t n,
			  struct sw_error *err)
{
	char path[MAILER_PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/manifest", dir);
	f = fopen(path, "wxe");
	if (f == NULL) {
		sw_error_set(err, _("cannot write %s: %s"), path,
			     strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (e[i].existed)
			fprintf(f, "%zu existed %o %u %u %s\n", i,
				(unsigned)e[i].mode, (unsigned)e[i].uid,
				(unsigned)e[i].gid, e[i].path);
		else
			fprintf(f, "%zu created %s\n", i, e[i].path);
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) {
		sw_error_set(err, _("cannot write %s: %s"), path,
			     strerror(errno));
		return -1;
	}
	return 0;
}

static size_t read_manifest(const char *dir, struct entry *e, size_t max)
{
	char path[MAILER_PATH_MAX + 16], line[MANIFEST_LINE];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/manifest", dir);
	f = fopen(path, "re");
	if (f == NULL)
		return 0;
	while (n < max && fgets(line, sizeof(line), f) != NULL) {
		unsigned mode, uid, gid;
		size_t idx;
		int off = 0;

		line[strcspn(line, "\n")] = '\0';
		memset(&e[n], 0, sizeof(e[n]));
		if (sscanf(line, "%zu existed %o %u %u %n", &idx, &mode, &uid,
			   &gid, &off) == 4 &&
		    off > 0) {
			e[n].existed = true;
			e[n].mode = (mode_t)mode;
			e[n].uid = (uid_t)uid;
			e[n].gid = (gid_t)gid;
		} else if (sscanf(line, "%zu created %n", &idx, &off) != 1 ||
			   off == 0) {
			continue;
		}
		if (idx != n)
			continue;
		snprintf(e[n].path, sizeof(e[n].path), "%s", line + off);
		n++;
	}
	fclose(f);
	return n;
}

/* Puts every entry back as the manifest says; returns how many failed. */
static int restore(const char *dir, const struct entry *e, size_t n,
		   struct apply_log *log)
{
	char src[MAILER_PATH_MAX + 32];
	struct sw_error err;
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		snprintf(src, sizeof(src), "%s/%zu", dir, i);
		if (!e[i].existed) {
			if (unlink(e[i].path) != 0 && errno != ENOENT) {
				apply_log_add(log, _("cannot remove %s: %s"),
					      e[i].path, strerror(errno));
				failed++;
			}
			continue;
		}
		if (install(src, e[i].path, e[i].mode, e[i].uid, e[i].gid,
			    geteuid() == 0, &err) != 0) {
			apply_log_add(log, "%s", err.msg);
			failed++;
		}
	}
	return failed;
}

static int make_backup(const struct apply_plan *plan, struct entry *e,
		       size_t *n, struct apply_log *log, struct sw_error *err)
{
	char base[MAILER_PATH_MAX], stamp[32], dst[MAILER_PATH_MAX + 32];
	time_t now = time(NULL);
	struct tm tm;
	struct stat sb;

	apply_backup_dir(plan->kind, plan->config, base, sizeof(base));
	if (mkdir(base, 0700) != 0 && errno != EEXIST) {
		sw_error_set(err, _("cannot create %s: %s"), base,
			     strerror(errno));
		return -1;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	/* Two applies in one second: the later one gets a suffix, so the
	 * names still sort in order. */
	for (int i = 0; i < 100; i++) {
		snprintf(log->backup, sizeof(log->backup), "%s/%s-%02d", base,
			 stamp, i);
		if (mkdir(log->backup, 0700) == 0)
			break;
		if (errno != EEXIST || i == 99) {
			sw_error_set(err, _("cannot create %s: %s"),
				     log->backup, strerror(errno));
			return -1;
		}
	}
	*n = 0;
	for (size_t i = 0; i < plan->nfiles; i++) {
		struct entry *x = &e[(*n)++];

		memset(x, 0, sizeof(*x));
		snprintf(x->path, sizeof(x->path), "%s", plan->files[i].path);
		if (lstat(x->path, &sb) != 0)
			continue;
		x->existed = true;
		x->mode = sb.st_mode & 07777;
		x->uid = sb.st_uid;
		x->gid = sb.st_gid;
		snprintf(dst, sizeof(dst), "%s/%zu", log->backup, i);
		/* Backups of a password file stay root's (0600). */
		if (install(x->path, dst, 0600, 0, 0, false, err) != 0)
			return -1;
	}
	if (write_manifest(log->backup, e, *n, err) != 0)
		return -1;
	{
		size_t existed = 0;

		for (size_t i = 0; i < *n; i++)
			existed += e[i].existed;
		if (existed > 0)
			apply_log_add(log,
				      ngettext("backed up %zu file to %s",
					       "backed up %zu files to %s",
					       existed),
				      existed, log->backup);
		else
			apply_log_add(log,
				      _("the backup in %s records what "
					"to remove on undo"),
				      log->backup);
		if (*n > existed)
			apply_log_add(
			    log,
			    ngettext("%zu file is new: an undo removes it",
				     "%zu files are new: an undo removes them",
				     *n - existed),
			    *n - existed);
	}
	return 0;
}

static void remove_backup(const char *dir)
{
	char path[MAILER_PATH_MAX + 32];
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
	/* The mailer's backup directory goes too once it is empty. */
	snprintf(path, sizeof(path), "%s", dir);
	if (strrchr(path, '/') != NULL) {
		*strrchr(path, '/') = '\0';
		rmdir(path);
	}
}

/* The failure path: backups back, the mailer told (when it had been
 * reloaded with the new files), err extended with what happened. */
static int roll_back(const struct apply_plan *plan, const struct entry *e,
		     size_t n, bool reloaded, struct apply_log *log,
		     struct sw_error *err)
{
	struct sw_error e2;
	char what[sizeof(err->msg)];
	int failed = restore(log->backup, e, n, log);

	snprintf(what, sizeof(what), "%s", err->msg);
	/* Exim runs what update-exim4.conf generated: generated again
	 * from the restored files, or it would keep the new settings. */
	if (failed == 0 && plan->kind == MAILER_EXIM4)
		apply_verify(plan->kind, plan->config, "", log, &e2);
	if (failed == 0 && reloaded)
		apply_reload(plan->kind, plan->config, log, &e2);
	if (failed == 0) {
		apply_log_add(log, _("restored every file from %s"),
			      log->backup);
		sw_error_set(err,
			     _("%s; every file was restored from the backup "
			       "in %s, nothing changed"),
			     what, log->backup);
		remove_backup(log->backup);
		return -1;
	}
	sw_error_set(err,
		     _("%s; restoring the backup failed for %d files (see "
		       "above): copy them back from %s by hand"),
		     what, failed, log->backup);
	return -1;
}

int apply_commit(const struct apply_plan *plan, struct apply_log *log,
		 struct sw_error *err)
{
	struct entry e[APPLY_FILES_MAX];
	size_t n = 0;

	memset(log, 0, sizeof(*log));
	/* A staged file that lacks what the old one held would lose it. */
	for (size_t i = 0; i < plan->nfiles; i++)
		if (plan->files[i].unreadable) {
			sw_error_set(err, _("cannot read %s: run as root"),
				     plan->files[i].path);
			return -1;
		}
	if (make_backup(plan, e, &n, log, err) != 0)
		return -1;
	for (size_t i = 0; i < plan->nfiles; i++) {
		const struct apply_file *f = &plan->files[i];

		if (f->staged[0] == '\0')
			continue;
		/* An existing file keeps its owner; a new one is ours (with
		 * the group the mailer reads it as). */
		uid_t uid = e[i].existed ? e[i].uid : geteuid();
		gid_t gid = e[i].existed ? e[i].gid : f->group;
		bool own = geteuid() == 0 && (e[i].existed || f->set_group);

		if (install(f->staged, f->path, f->mode, uid, gid, own, err) !=
		    0)
			return roll_back(plan, e, n, false, log, err);
		apply_log_add(log, _("wrote %s (mode %04o)"), f->path,
			      (unsigned)f->mode);
	}
	if (apply_postinstall(plan, log, err) != 0 ||
	    apply_verify(plan->kind, plan->config, plan->account, log, err) !=
		0)
		return roll_back(plan, e, n, false, log, err);
	if (apply_reload(plan->kind, plan->config, log, err) != 0)
		return roll_back(plan, e, n, true, log, err);
	return 0;
}

/* The newest STAMP directory under the mailer's backup directory. */
static int last_backup(enum mailer_kind k, const char *config, char *out,
		       size_t n, struct sw_error *err)
{
	char base[MAILER_PATH_MAX], best[256] = "";
	DIR *d;
	struct dirent *de;

	apply_backup_dir(k, config, base, sizeof(base));
	d = opendir(base);
	if (d != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' &&
			    strlen(de->d_name) < sizeof(best) &&
			    strcmp(de->d_name, best) > 0)
				snprintf(best, sizeof(best), "%s", de->d_name);
		closedir(d);
	}
	if (best[0] == '\0') {
		sw_error_set(err, _("no backup to restore in %s"), base);
		return -1;
	}
	snprintf(out, n, "%s/%s", base, best);
	return 0;
}

static void undo_config(enum mailer_kind k, const struct mailer_paths *p,
			char *config, size_t n)
{
	if (p != NULL && p->config != NULL)
		snprintf(config, n, "%s", p->config);
	else if (k == MAILER_POSTFIX)
		snprintf(config, n, "/etc/postfix");
	else if (k == MAILER_EXIM4)
		snprintf(config, n, "/etc/exim4");
	else
		msmtp_config_path(p, config, n);
}

int apply_undo(enum mailer_kind k, const struct mailer_paths *p,
	       struct apply_log *log, struct sw_error *err)
{
	struct entry e[APPLY_FILES_MAX];
	char config[MAILER_PATH_MAX];
	size_t n;
	int failed;

	memset(log, 0, sizeof(*log));
	undo_config(k, p, config, sizeof(config));
	if (last_backup(k, config, log->backup, sizeof(log->backup), err) != 0)
		return -1;
	n = read_manifest(log->backup, e, APPLY_FILES_MAX);
	if (n == 0) {
		sw_error_set(err, _("%s holds no manifest; nothing restored"),
			     log->backup);
		return -1;
	}
	failed = restore(log->backup, e, n, log);
	if (failed != 0) {
		sw_error_set(err,
			     _("restoring failed for %d files (see above); the "
			       "backup stays in %s"),
			     failed, log->backup);
		return -1;
	}
	apply_log_add(log,
		      ngettext("restored %zu file from %s",
			       "restored %zu files from %s", n),
		      n, log->backup);
	/* The restored files are the user's own again: msmtp has nothing to
	 * reload (and its old file need not have a default account to
	 * check); Postfix rereads them after its check. */
	if (k != MAILER_MSMTP && (apply_verify(k, config, "", log, err) != 0 ||
				  apply_reload(k, config, log, err) != 0))
		return -1;
	remove_backup(log->backup);
	return 0;
}
