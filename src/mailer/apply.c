/* The plan: a private stage holding each new file, and the diff a user
 * reads before anything changes (the password shown as ********). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/text.h"
#include "mailer/apply.h"
#include "mailer/run.h"

#define READ_MAX (4 * 1024 * 1024)

void apply_log_add(struct apply_log *log, const char *fmt, ...)
{
	char raw[MAILER_TEXT_MAX];
	va_list ap;

	if (log == NULL || log->n >= APPLY_STEPS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize(log->lines[log->n++], MAILER_TEXT_MAX, raw, strlen(raw));
}

void apply_note(struct apply_plan *plan, const char *fmt, ...)
{
	va_list ap;

	if (plan->nnotes >= APPLY_NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(plan->notes[plan->nnotes++], MAILER_TEXT_MAX, fmt, ap);
	va_end(ap);
}

void apply_cmd(struct apply_plan *plan, const char *fmt, ...)
{
	va_list ap;

	if (plan->ncmds >= APPLY_CMDS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(plan->cmds[plan->ncmds++], sizeof(plan->cmds[0]), fmt, ap);
	va_end(ap);
}

struct apply_file *apply_add_file(struct apply_plan *plan, const char *path,
				  mode_t mode)
{
	struct apply_file *f;
	const char *base = strrchr(path, '/');
	struct stat sb;

	if (plan->nfiles >= APPLY_FILES_MAX)
		return NULL;
	f = &plan->files[plan->nfiles++];
	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	snprintf(f->staged, sizeof(f->staged), "%s/%zu-%s", plan->stage,
		 plan->nfiles, base ? base + 1 : path);
	f->mode = mode;
	f->created = lstat(path, &sb) != 0;
	return f;
}

int apply_write(const char *path, const char *data, size_t len,
		struct sw_error *err)
{
	int fd = open(
	    path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	size_t off = 0;

	if (fd < 0) {
		sw_error_set(err, _("cannot write %s: %s"), path,
			     strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sw_error_set(err, _("cannot write %s: %s"), path,
				     strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		sw_error_set(err, _("cannot write %s: %s"), path,
			     strerror(errno));
		return -1;
	}
	return 0;
}

char *apply_read(const char *path, bool *exists, struct sw_error *err)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t len = 0, n;

	*exists = f != NULL;
	if (f == NULL && errno == ENOENT)
		return calloc(1, 1);
	if (f == NULL) {
		sw_error_set(err, _("cannot read %s: %s"), path,
			     strerror(errno));
		return NULL;
	}
	buf = malloc(READ_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		sw_error_set(err, "%s", _("out of memory"));
		return NULL;
	}
	while ((n = fread(buf + len, 1, READ_MAX - len, f)) > 0)
		len += n;
	if (len == READ_MAX && getc(f) != EOF) {
		fclose(f);
		free(buf);
		sw_error_set(err, _("%s is larger than 4 MiB"), path);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

void apply_backup_dir(enum mailer_kind k, const char *config, char *out,
		      size_t n)
{
	if (k == MAILER_MSMTP)
		snprintf(out, n, "%s.smtpwiz-backup", config);
	else
		snprintf(out, n, "%s/smtpwiz-backup", config);
}

/* The lines that hold a password, as the diff shows them. */
static bool secret_line(enum apply_secret kind, const char *line, size_t len,
			size_t *keep)
{
	const char *sp;

	/* msmtprc: "password VALUE" (passwordeval names a command, shown). */
	if (kind == APPLY_SECRET_MSMTP) {
		size_t lead = strspn(line, " \t");

		if (len > lead + 9 &&
		    strncmp(line + lead, "password", 8) == 0 &&
		    (line[lead + 8] == ' ' || line[lead + 8] == '\t')) {
			*keep = lead + 9;
			return true;
		}
		return false;
	}
	/* passwd.client: "HOST:USER:PASSWORD"; everything after the
	 * second colon. */
	if (kind == APPLY_SECRET_EXIM) {
		const char *c1 = memchr(line, ':', len), *c2;

		if (line[0] == '#' || c1 == NULL)
			return false;
		c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line));
		*keep = (size_t)((c2 ? c2 : c1) - line) + 1;
		return true;
	}
	if (kind != APPLY_SECRET_MAP)
		return false;
	/* sasl_passwd: "KEY USER:PASSWORD"; everything after the colon. */
	sp = memchr(line, ' ', len);
	if (sp == NULL)
		sp = memchr(line, '\t', len);
	if (sp != NULL && line[0] != '#') {
		const char *colon = memchr(sp, ':', len - (size_t)(sp - line));

		if (colon != NULL) {
			*keep = (size_t)(colon - line) + 1;
			return true;
		}
	}
	return false;
}

/* A copy of a file's text with every password replaced by ********. */
static char *redacted(const char *text, enum apply_secret kind)
{
	size_t lines = 1, len = 0, cap;
	char *out;

	for (const char *p = text; *p != '\0'; p++)
		lines += *p == '\n';
	/* Each line grows by at most the 8 stars. */
	cap = strlen(text) + lines * 8 + 1;
	out = malloc(cap);

	if (out == NULL)
		return NULL;
	while (*text != '\0') {
		size_t l = strcspn(text, "\n"), keep = l;
		bool nl = text[l] == '\n';

		if (secret_line(kind, text, l, &keep)) {
			memcpy(out + len, text, keep);
			len += keep;
			memcpy(out + len, "********", 8);
			len += 8;
		} else {
			memcpy(out + len, text, l);
			len += l;
		}
		if (nl)
			out[len++] = '\n';
		text += l + nl;
	}
	out[len] = '\0';
	return out;
}

static int append(char **diff, const char *more)
{
	size_t a = *diff ? strlen(*diff) : 0, b = strlen(more);
	char *p = realloc(*diff, a + b + 1);

	if (p == NULL)
		return -1;
	memcpy(p + a, more, b + 1);
	*diff = p;
	return 0;
}

/* diff -u of the redacted versions, labelled with the real path. */
static int diff_one(struct apply_plan *plan, const struct apply_file *f,
		    struct sw_error *err)
{
	char a[MAILER_PATH_MAX + 8], b[MAILER_PATH_MAX + 8];
	char *old, *new, *ra = NULL, *rb = NULL;
	const char *argv[] = {"diff",  "-u", "--label", f->path, "--label",
			      f->path, a,    b,         NULL};
	struct run_output o = {0};
	bool exists;
	int rc = -1;

	snprintf(a, sizeof(a), "%s/old.txt", plan->stage);
	snprintf(b, sizeof(b), "%s/new.txt", plan->stage);
	old = f->unreadable ? calloc(1, 1) : apply_read(f->path, &exists, err);
	new = old ? apply_read(f->staged, &exists, err) : NULL;
	if (new != NULL) {
		ra = redacted(old, f->secret);
		rb = redacted(new, f->secret);
	}
	if (ra != NULL && rb != NULL &&
	    apply_write(a, ra, strlen(ra), err) == 0 &&
	    apply_write(b, rb, strlen(rb), err) == 0 &&
	    run_capture(argv, 10000, &o, err) == 0) {
		/* diff: 0 same, 1 different, 2 trouble. */
		if (o.status == 0 || o.status == 1)
			rc = append(&plan->diff, o.out);
		else
			sw_error_set(err, _("diff failed: %s"), o.err);
	}
	run_output_free(&o);
	unlink(a);
	unlink(b);
	free(old);
	free(new);
	free(ra);
	free(rb);
	return rc;
}

static int make_diff(struct apply_plan *plan, struct sw_error *err)
{
	plan->diff = calloc(1, 1);
	if (plan->diff == NULL)
		return -1;
	for (size_t i = 0; i < plan->nfiles; i++) {
		const struct apply_file *f = &plan->files[i];

		if (f->staged[0] == '\0')
			continue;
		if (diff_one(plan, f, err) != 0)
			return -1;
	}
	return 0;
}

int apply_prepare(enum mailer_kind k, const struct mailer_paths *p,
		  const struct settings *s, const struct apply_options *ao,
		  struct apply_plan *plan, struct sw_error *err)
{
	const char *tmp = getenv("TMPDIR");
	int rc;

	memset(plan, 0, sizeof(*plan));
	plan->kind = k;
	snprintf(plan->stage, sizeof(plan->stage), "%s/smtpwiz-apply.XXXXXX",
		 tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(plan->stage) == NULL) {
		sw_error_set(err, _("cannot create %s: %s"), plan->stage,
			     strerror(errno));
		plan->stage[0] = '\0';
		return -1;
	}
	if (s->host == NULL || s->host[0] == '\0') {
		sw_error_set(err, "%s", _("no server host to apply"));
		return -1;
	}
	switch (k) {
	case MAILER_POSTFIX:
		rc = apply_postfix_prepare(p, s, plan, err);
		break;
	case MAILER_EXIM4:
		rc = apply_exim4_prepare(p, s, plan, err);
		break;
	case MAILER_MSMTP:
		rc = apply_msmtp_prepare(p, s, ao, plan, err);
		break;
	default:
		sw_error_set(err, "%s", _("unknown mailer"));
		rc = -1;
	}
	if (rc == 0)
		rc = make_diff(plan, err);
	return rc;
}

/* Overwritten before it is removed: a staged file may hold the
 * password. */
static void shred(const char *path)
{
	struct stat sb;
	char zero[4096] = {0};
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		for (off_t off = 0; off < sb.st_size;
		     off += (off_t)sizeof(zero))
			if (write(fd, zero, sizeof(zero)) < 0)
				break;
	if (fd >= 0)
		close(fd);
	unlink(path);
}

void apply_plan_free(struct apply_plan *plan)
{
	char db[MAILER_PATH_MAX + 8];

	if (plan->stage[0] != '\0') {
		for (size_t i = 0; i < plan->nfiles; i++) {
			if (plan->files[i].staged[0] == '\0')
				continue;
			shred(plan->files[i].staged);
			snprintf(db, sizeof(db), "%s.db",
				 plan->files[i].staged);
			unlink(db);
		}
		rmdir(plan->stage);
		plan->stage[0] = '\0';
	}
	free(plan->diff);
	plan->diff = NULL;
}

static bool writable_by_me(const char *path)
{
	char dir[MAILER_PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	return access(dir, W_OK) == 0 &&
	       (access(path, F_OK) != 0 || access(path, W_OK) == 0);
}

bool apply_allowed(const struct apply_plan *plan)
{
	for (size_t i = 0; i < plan->nfiles; i++)
		if (plan->files[i].unreadable)
			return false;
	if (geteuid() == 0)
		return true;
	/* A user's own msmtprc is theirs to change; system mailers are
	 * root's. */
	return plan->kind == MAILER_MSMTP && writable_by_me(plan->config);
}
