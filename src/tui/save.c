/* Saving from the wizard: refuse while a screen has an error, keep the
 * previous file as PATH.bak, then write atomically through settings_save. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "tui/app.h"

static int copy_fd(int in, int out)
{
	char buf[8192];
	ssize_t n;
	int rc = 0;

	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(out, buf, (size_t)n) != n) {
			rc = -1;
			break;
		}
	}
	/* The file holds the password. */
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

/* Copies path to path.bak through a private temporary file, so the backup
 * is 0600 from its first byte and a symlink planted at path.bak is
 * replaced, never followed. A missing or non-regular file has nothing to
 * keep (settings_save reports the latter). */
static char *path_with(const char *path, const char *suffix)
{
	char *p;

	return asprintf(&p, "%s%s", path, suffix) < 0 ? NULL : p;
}

static int copy_to(int in, const char *bak)
{
	char *tmp = path_with(bak, ".XXXXXX");
	int out = tmp != NULL ? mkostemp(tmp, O_CLOEXEC) : -1, rc = -1, e;

	if (out >= 0) {
		rc = copy_fd(in, out) == 0 && fsync(out) == 0 ? 0 : -1;
		if (close(out) != 0)
			rc = -1;
		if (rc == 0)
			rc = rename(tmp, bak);
		if (rc != 0) {
			e = errno;
			unlink(tmp);
			errno = e;
		}
	}
	free(tmp);
	return rc;
}

/* Copies path to path.bak through a private temporary file, so the backup
 * is 0600 from its first byte and a symlink planted at path.bak is
 * replaced, never followed. A missing or non-regular file has nothing to
 * keep (settings_save reports the latter). */
static int backup(const char *path, char *err, size_t n)
{
	char *bak = path_with(path, ".bak");
	struct stat st;
	int in, rc = -1;

	in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0 && (errno == ENOENT || errno == ELOOP))
		rc = 0;
	else if (in >= 0 && (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)))
		rc = 0;
	else if (in >= 0 && bak != NULL)
		rc = copy_to(in, bak);
	if (rc != 0)
		snprintf(err, n, _("cannot keep a backup of %s: %s"), path,
			 strerror(errno));
	if (in >= 0)
		close(in);
	free(bak);
	return rc;
}

/* Without a backup, an old one would keep an old password for nobody. */
static void drop_backup(const char *path)
{
	char *bak = path_with(path, ".bak");

	if (bak != NULL)
		unlink(bak);
	free(bak);
}

static void saved(struct app *a, const struct settings *s, bool had_file)
{
	model_copy(s, a->settings);
	model_copy(s, &a->baseline);
	a->saved = true;
	a->file_existed = true;
	if (had_file && !a->keep_backup)
		wizard_set_status(a, V_OK, _("Saved to %s (no backup kept)"),
				  a->path);
	else if (had_file)
		wizard_set_status(a, V_OK,
				  _("Saved to %s (the previous version is in "
				    "%s.bak)"),
				  a->path, a->path);
	else
		wizard_set_status(a, V_OK, _("Saved to %s"), a->path);
}

int save_now(struct app *a)
{
	struct sw_error err = {{0}};
	struct settings s;
	char msg[1024];
	bool had_file;
	int rc = -1;

	if (wizard_check_all(a, _("Cannot save")) != 0)
		return -1;
	settings_init(&s);
	if (model_copy(a->settings, &s) != 0 || model_apply(a, &s) != 0) {
		wizard_set_status(a, V_ERROR, "%s", _("out of memory"));
		settings_free(&s);
		return -1;
	}
	/* The password typed for the test stays out of the file. */
	if (a->no_store)
		settings_set(&s.password, NULL);
	had_file = access(a->path, F_OK) == 0;
	if (a->keep_backup && backup(a->path, msg, sizeof(msg)) != 0) {
		wizard_set_status(a, V_ERROR, "%s", msg);
	} else if (settings_save(&s, a->path, &err) != 0) {
		wizard_set_status(a, V_ERROR, _("Cannot save: %s"), err.msg);
	} else {
		if (!a->keep_backup)
			drop_backup(a->path);
		saved(a, &s, had_file);
		rc = 0;
	}
	settings_free(&s);
	return rc;
}
