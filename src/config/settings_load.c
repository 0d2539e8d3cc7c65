/* Loading the configuration file: libconfuse syntax, top-level keys only.
 *
 * Loading reads the file ourselves (bounded) and hands the bytes to
 * libconfuse, so a huge file, a FIFO or a directory never reaches the parser.
 * Every option is a libconfuse "simple" option whose storage is a slot in a
 * per-call struct parse, and every option has a parse callback. The callback
 * runs before libconfuse stores a value, which is where we catch a key set
 * twice (libconfuse silently keeps the last one) and where we check values.
 * Comments are blanked out before parsing, for correct line numbers (see
 * "loading: comments").
 *
 * Saving writes every string single-quoted: libconfuse expands ${VAR} in
 * bare words and double-quoted strings, never in single-quoted ones, and
 * inside single quotes only \\ and \' are escapes (a backslash before any
 * other character stays literal). Control characters other than the tab are
 * refused in both directions: they cannot be written on one line, and a CR
 * or LF in a From or HELO name would be header injection later. Unset strings
 * are written commented out, so the file lists every key it understands.
 *
 * libconfuse's lexer keeps its state in globals, so settings_load is not
 * thread-safe; nothing here adds globals of our own. */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <confuse.h>

#include "base/i18n.h"
#include "config/settings.h"
#include "config/settings_impl.h"

/* ---- loading: per-call parse state -------------------------------------- */

/* libconfuse writes a simple option's value through a cfg_value_t pointer,
 * so value must stay the first member. line is where the key was first set,
 * 0 while unset. */
struct slot {
	cfg_value_t value;
	int line;
};

/* slot must stay the first member: see parse_of(). */
struct parse {
	struct slot slot[NKEYS];
	const char *path;
	struct sw_error *err;
	int last_line;
	bool reported;
	char *password;  /* taken out before parsing: see
			    settings_take_password() */
	const char *buf; /* the file as the parser sees it */
	size_t len;
};

/* cfg_t has no user-data pointer, and the error callback only gets the
 * cfg_t. Every option's simple_value points into our struct parse, whose
 * first member is slot[0], so the first option leads back to the whole
 * per-call struct (a pointer to a struct's first member converts to a
 * pointer to the struct). This avoids a static "current parse" variable. */
static struct parse *parse_of(cfg_t *cfg)
{
	return (struct parse *)(void *)cfg->opts[0].simple_value.ptr;
}

static struct slot *slot_of(cfg_opt_t *opt)
{
	return (struct slot *)(void *)opt->simple_value.ptr;
}

/* At the end of the file libconfuse has counted the final newline too:
 * "premature end of file" would name a line that does not exist. */
static int error_line(const struct parse *p, const cfg_t *cfg)
{
	return cfg->line < p->last_line ? cfg->line : p->last_line;
}

/* Does line n of the file mention the password key? */
static bool password_line(const struct parse *p, int n)
{
	const char *s = p->buf, *end = p->buf + p->len, *nl;

	for (; s != NULL && s < end && n > 1; n--) {
		nl = memchr(s, '\n', (size_t)(end - s));
		s = nl != NULL ? nl + 1 : NULL;
	}
	if (s == NULL || s >= end)
		return false;
	nl = memchr(s, '\n', (size_t)(end - s));
	return memmem(s, (size_t)((nl != NULL ? nl : end) - s), "password",
		      8) != NULL;
}

static bool known_key(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (strlen(keys[i].name) == n &&
		    memcmp(keys[i].name, s, n) == 0)
			return true;
	}
	return false;
}

/* A key name, or a lone brace or comma: nothing anyone would keep secret. */
static bool harmless_token(const char *s, size_t n)
{
	size_t i;

	if (n == 1)
		return true;
	if (n == 0 || n > 32)
		return false;
	for (i = 0; i < n; i++) {
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '_')
			return false;
	}
	return true;
}

/* libconfuse quotes the token it stumbled on ("no such option 'X'"), and a
 * badly quoted password ("password = two words") ends up there in pieces.
 * The quoted text stays only when it looks like a key name and the line
 * does not set the password. */
static void redact_token(const struct parse *p, int line, char *msg, size_t n)
{
	char *open = strchr(msg, '\''), *close = strrchr(msg, '\'');
	char out[512];

	size_t len = open != NULL ? (size_t)(close - open - 1) : 0;

	if (open == NULL || close == open || known_key(open + 1, len) ||
	    (harmless_token(open + 1, len) && !password_line(p, line)))
		return;
	snprintf(out, sizeof(out), "%.*s'***'%s%s", (int)(open - msg), msg,
		 close + 1, _(" (not shown: it may be part of a password)"));
	explicit_bzero(msg, n);
	snprintf(msg, n, "%s", out);
}

/* Only the first error counts: later ones are usually its echoes. */
__attribute__((format(printf, 2, 0))) static void
on_cfg_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	struct parse *p = parse_of(cfg);
	int line = error_line(p, cfg);
	char msg[512];

	if (p->reported)
		return;
	p->reported = true;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	redact_token(p, line, msg, sizeof(msg));
	sw_error_set(p->err, "%s:%d: %s", p->path, line, msg);
	explicit_bzero(msg, sizeof(msg));
}

/* cfg_error() has no format attribute; this wrapper gets the checking. */
__attribute__((format(printf, 2, 3))) static int report(cfg_t *cfg,
							const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_error(cfg, "%s", msg);
	return -1;
}

/* Runs before libconfuse stores the value, so a repeated key is caught
 * before the first value is silently replaced. */
static int claim(cfg_t *cfg, cfg_opt_t *opt)
{
	struct slot *slot = slot_of(opt);

	if (slot->line != 0)
		return report(cfg, _("%s is set twice (first on line %d)"),
			      opt->name, slot->line);
	slot->line = cfg->line;
	return 0;
}

/* Values are never echoed: this one may be the password. */
static int parse_str(cfg_t *cfg, cfg_opt_t *opt, const char *value,
		     void *result)
{
	if (claim(cfg, opt) != 0)
		return -1;
	if (has_control(value))
		return report(cfg, _("%s contains a control character"),
			      opt->name);
	*(const char **)result = value;
	return 0;
}

static int parse_tls(cfg_t *cfg, cfg_opt_t *opt, const char *value,
		     void *result)
{
	enum sw_tls tls;

	if (parse_str(cfg, opt, value, result) != 0)
		return -1;
	if (settings_tls_parse(value, &tls) != 0)
		return report(cfg, _("tls must be none, starttls or tls (ssl "
				     "is the same as tls)"));
	return 0;
}

/* Decimal only: libconfuse's own parser uses base 0, where "025" is 21. */
static int parse_int(cfg_t *cfg, cfg_opt_t *opt, const char *value,
		     void *result)
{
	const char *digits = value[0] == '-' ? value + 1 : value;
	char *end;
	long n;

	if (claim(cfg, opt) != 0)
		return -1;
	errno = 0;
	n = strtol(value, &end, 10);
	if (!isdigit((unsigned char)digits[0]) || *end != '\0')
		return report(cfg, _("%s must be a whole number, not '%.40s'"),
			      opt->name, value);
	if (errno == ERANGE)
		return report(cfg, _("%s is out of range"), opt->name);
	*(long *)result = n;
	return 0;
}

static int parse_bool(cfg_t *cfg, cfg_opt_t *opt, const char *value,
		      void *result)
{
	int b;

	if (claim(cfg, opt) != 0)
		return -1;
	b = cfg_parse_boolean(value);
	if (b < 0)
		return report(cfg, _("%s must be true or false, not '%.40s'"),
			      opt->name, value);
	*(int *)result = b; /* libconfuse passes an int for booleans */
	return 0;
}

/* A zeroed cfg_opt_t is CFG_END(); the fields set here are exactly what
 * the CFG_SIMPLE_* initializers set, plus the parse callback. */
static void build_opts(struct parse *p, cfg_opt_t *opts)
{
	size_t i;

	memset(opts, 0, (NKEYS + 1) * sizeof(*opts));
	for (i = 0; i < NKEYS; i++) {
		opts[i].name = keys[i].name;
		opts[i].flags = CFGF_NONE;
		opts[i].simple_value.ptr = (void **)(void *)&p->slot[i].value;
		switch (keys[i].type) {
		case KEY_STR:
			opts[i].type = CFGT_STR;
			opts[i].parsecb = parse_str;
			break;
		case KEY_TLS:
			opts[i].type = CFGT_STR;
			opts[i].parsecb = parse_tls;
			break;
		case KEY_INT:
			opts[i].type = CFGT_INT;
			opts[i].parsecb = parse_int;
			break;
		case KEY_BOOL:
			opts[i].type = CFGT_BOOL;
			opts[i].parsecb = parse_bool;
			break;
		}
	}
}

static void free_slots(struct parse *p)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (keys[i].type == KEY_STR || keys[i].type == KEY_TLS)
			wipe_free(p->slot[i].value.string);
	}
}

/* ---- loading: file and parser -------------------------------------------- */

static enum settings_load_status open_config(const char *path, int *fd,
					     unsigned *mode, uid_t *uid,
					     struct sw_error *err)
{
	struct stat st;

	/* O_NONBLOCK: opening a FIFO must not hang the wizard. */
	*fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0 && errno == ENOENT) {
		sw_error_set(err, _("%s: no such file"), path);
		return SETTINGS_MISSING;
	}
	if (*fd < 0 || fstat(*fd, &st) != 0) {
		sw_error_set(err, "%s: %s", path, strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		sw_error_set(err, "%s: %s", path, strerror(EISDIR));
	} else if (!S_ISREG(st.st_mode)) {
		sw_error_set(err, _("%s: not a regular file"), path);
	} else {
		*mode = (unsigned)st.st_mode & 07777;
		*uid = st.st_uid;
		return SETTINGS_LOADED;
	}
	if (*fd >= 0)
		close(*fd);
	return SETTINGS_INVALID;
}

/* Reads at most one byte past the limit, whatever fstat said: the file may
 * grow while we read it. */
static int read_bounded(int fd, char *buf, size_t *len, const char *path,
			struct sw_error *err)
{
	ssize_t n;

	*len = 0;
	while (*len <= SETTINGS_MAX_SIZE) {
		n = read(fd, buf + *len, SETTINGS_MAX_SIZE + 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sw_error_set(err, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
	sw_error_set(err, _("%s: file too large"), path);
	return -1;
}

static enum settings_load_status read_config(const char *path, char **buf,
					     size_t *len, unsigned *mode,
					     uid_t *uid, struct sw_error *err)
{
	enum settings_load_status st;
	int fd;

	st = open_config(path, &fd, mode, uid, err);
	if (st != SETTINGS_LOADED)
		return st;
	*buf = malloc(SETTINGS_MAX_SIZE + 1);
	if (*buf == NULL) {
		sw_error_set(err, "%s: %s", path, strerror(ENOMEM));
		st = SETTINGS_INVALID;
	} else if (read_bounded(fd, *buf, len, path, err) != 0) {
		explicit_bzero(*buf, SETTINGS_MAX_SIZE + 1);
		free(*buf);
		st = SETTINGS_INVALID;
	}
	close(fd);
	return st;
}

/* The lexer would stop a string at a NUL byte and carry on: refuse it. */
static int check_nul(const char *buf, size_t len, const char *path,
		     struct sw_error *err)
{
	const char *nul = memchr(buf, '\0', len);
	const char *p;
	int line = 1;

	if (nul == NULL)
		return 0;
	for (p = buf; p < nul; p++)
		line += *p == '\n';
	sw_error_set(err, _("%s:%d: the file contains a NUL byte"), path, line);
	return -1;
}

static int count_lines(const char *buf, size_t len)
{
	int n = 1;
	size_t i;

	for (i = 0; i + 1 < len; i++)
		n += buf[i] == '\n';
	return n;
}

static int run_parser(cfg_t *cfg, struct parse *p, char *buf, size_t len)
{
	FILE *fp;
	int rc;

	/* cfg_free() frees it; our messages use p->path anyway. */
	cfg->filename = strdup(p->path);
	fp = cfg->filename != NULL ? fmemopen(buf, len, "r") : NULL;
	if (fp == NULL) {
		sw_error_set(p->err, "%s: %s", p->path, strerror(errno));
		return -1;
	}
	rc = cfg_parse_fp(cfg, fp);
	fclose(fp);
	if (rc == CFG_SUCCESS)
		return 0;
	if (!p->reported)
		sw_error_set(p->err, _("%s:%d: syntax error"), p->path,
			     error_line(p, cfg));
	return -1;
}

static int parse_config(struct parse *p, char *buf, size_t len)
{
	cfg_opt_t opts[NKEYS + 1];
	cfg_t *cfg;
	int rc;

	if (check_nul(buf, len, p->path, p->err) != 0 ||
	    settings_blank_comments(buf, len, p->path, p->err) != 0)
		return -1;
	p->password = settings_take_password(buf, len);
	if (len == 0) /* fmemopen() may refuse an empty buffer */
		return 0;
	p->last_line = count_lines(buf, len);
	p->buf = buf;
	p->len = len;
	build_opts(p, opts);
	/* CFGF_NONE: unknown keys are errors. No CFG_FUNC("include") is
	 * registered, so include() is an unknown key, not a way to read
	 * another file. */
	cfg = cfg_init(opts, CFGF_NONE);
	if (cfg == NULL) {
		sw_error_set(p->err, "%s: %s", p->path, strerror(ENOMEM));
		return -1;
	}
	cfg_set_error_function(cfg, on_cfg_error);
	rc = run_parser(cfg, p, buf, len);
	cfg_free(cfg);
	return rc;
}

static int fill_one(struct settings *s, const struct key *k,
		    const struct slot *slot, const char *password)
{
	const char *str = slot->value.string;

	/* The parser saw only the 'x's (see settings_take_password). */
	if (password != NULL && k->off == offsetof(struct settings, password))
		str = password;

	switch (k->type) {
	case KEY_STR:
		return settings_set(str_field(s, k), *str != '\0' ? str : NULL);
	case KEY_TLS:
		return settings_tls_parse(str, &s->tls);
	case KEY_INT:
		*long_field(s, k) = slot->value.number;
		return 0;
	case KEY_BOOL:
		s->tls_verify = slot->value.boolean != cfg_false;
		return 0;
	}
	return -1;
}

static int fill_settings(const struct parse *p, struct settings *s)
{
	size_t i;

	settings_init(s);
	for (i = 0; i < NKEYS; i++) {
		if (p->slot[i].line != 0 &&
		    fill_one(s, &keys[i], &p->slot[i], p->password) != 0) {
			settings_free(s);
			sw_error_set(p->err, "%s: %s", p->path,
				     strerror(ENOMEM));
			return -1;
		}
	}
	return 0;
}

static void set_origin(struct settings_origin *o, const char *path,
		       unsigned mode, bool has_password)
{
	o->loaded = true;
	o->has_password = has_password;
	o->mode = mode;
	/* A cut path would name the wrong file in a chmod command. */
	if (strlen(path) < sizeof(o->path))
		memcpy(o->path, path, strlen(path) + 1);
	else
		o->path[0] = '\0';
}

/* Loading trusts no more than saving: a file that another user (not root)
 * owns, or that sits where another user could replace it, decides where
 * the password goes. For root that is refused; anyone else is warned
 * through the settings step (why is filled). Returns -1 to refuse. */
static int judge_trust(const char *path, uid_t owner, char *why, size_t n,
		       struct sw_error *err)
{
	struct sw_error e = {{0}};
	char *dir = strdup(path), *slash;

	why[0] = '\0';
	if (owner != 0 && owner != geteuid()) {
		snprintf(e.msg, sizeof(e.msg),
			 _("%s is owned by another user (uid %u), who decides "
			   "where the password is sent"),
			 path, (unsigned)owner);
	} else if (dir != NULL) {
		slash = strrchr(dir, '/');
		if (slash == NULL)
			snprintf(dir, strlen(dir) + 1, ".");
		else
			slash[slash == dir ? 1 : 0] = '\0';
		settings_check_dirs(dir, true, &e);
	}
	free(dir);
	if (e.msg[0] == '\0')
		return 0;
	if (geteuid() == 0) {
		sw_error_set(err,
			     _("refusing to load %s as root: %s; make it and "
			       "its directories root's"),
			     path, e.msg);
		return -1;
	}
	snprintf(why, n, "%s", e.msg);
	return 0;
}

enum settings_load_status settings_load(struct settings *s, const char *path,
					struct sw_error *err)
{
	char why[sizeof(s->origin.distrust)];
	uid_t owner = 0;
	struct parse p = {.path = path, .err = err};
	struct settings tmp;
	enum settings_load_status st;
	unsigned mode = 0;
	char *buf;
	size_t len;

	st = read_config(path, &buf, &len, &mode, &owner, err);
	if (st != SETTINGS_LOADED)
		return st;
	if (judge_trust(path, owner, why, sizeof(why), err) != 0 ||
	    parse_config(&p, buf, len) != 0 || fill_settings(&p, &tmp) != 0) {
		st = SETTINGS_INVALID;
	} else {
		set_origin(&tmp.origin, path, mode, tmp.password != NULL);
		snprintf(tmp.origin.distrust, sizeof(tmp.origin.distrust), "%s",
			 why);
		settings_free(s);
		*s = tmp;
	}
	explicit_bzero(buf, len);
	free(buf);
	free_slots(&p);
	wipe_free(p.password);
	return st;
}
