/* The configuration file: libconfuse syntax, top-level keys only.
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

#include "i18n.h"
#include "settings.h"

/* Far more than any real configuration; a bigger file is a mistake. */
#define SETTINGS_MAX_SIZE (64 * 1024)

enum key_type {
	KEY_STR,
	KEY_INT,
	KEY_BOOL,
	KEY_TLS,
};

struct key {
	const char *name;
	enum key_type type;
	size_t off; /* of the field in struct settings */
};

#define KEY(field, type)                                                       \
	{                                                                      \
#field, type, offsetof(struct settings, field)                 \
	}

/* Contract order: the order settings_save writes them in. */
static const struct key keys[] = {
    KEY(host, KEY_STR),
    KEY(port, KEY_INT),
    KEY(tls, KEY_TLS),
    KEY(tls_verify, KEY_BOOL),
    KEY(ca_file, KEY_STR),
    KEY(username, KEY_STR),
    KEY(password, KEY_STR),
    KEY(from, KEY_STR),
    KEY(test_recipient, KEY_STR),
    KEY(timeout, KEY_INT),
    KEY(helo_name, KEY_STR),
    KEY(auth_mechanism, KEY_STR),
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const tls_names[] = {
    [SW_TLS_NONE] = "none",
    [SW_TLS_STARTTLS] = "starttls",
    [SW_TLS_IMPLICIT] = "tls",
};

/* ---- small helpers ------------------------------------------------------ */

static char **str_field(struct settings *s, const struct key *k)
{
	return (char **)((char *)s + k->off);
}

static const char *str_value(const struct settings *s, const struct key *k)
{
	return *(char *const *)((const char *)s + k->off);
}

static long *long_field(struct settings *s, const struct key *k)
{
	return (long *)((char *)s + k->off);
}

static long long_value(const struct settings *s, const struct key *k)
{
	return *(const long *)((const char *)s + k->off);
}

static void wipe_free(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

/* Tab is fine inside quotes; anything else below space (and DEL) is not. */
static bool has_control(const char *p)
{
	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

/* ---- public basics ------------------------------------------------------- */

void settings_init(struct settings *s)
{
	*s = (struct settings){
	    .port = SW_DEFAULT_PORT,
	    .tls = SW_TLS_STARTTLS,
	    .tls_verify = true,
	    .timeout = SW_DEFAULT_TIMEOUT,
	};
	/* Out of memory leaves it NULL, which means the default anyway. */
	s->auth_mechanism = strdup("auto");
}

void settings_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (keys[i].type == KEY_STR)
			settings_set(str_field(s, &keys[i]), NULL);
	}
}

int settings_set(char **field, const char *value)
{
	char *copy = NULL;

	/* Copy before wiping: value may be *field itself. */
	if (value != NULL && (copy = strdup(value)) == NULL)
		return -1;
	wipe_free(*field);
	*field = copy;
	return 0;
}

/* "unknown" rather than NULL for a corrupt value: callers print it. */
const char *settings_tls_name(enum sw_tls tls)
{
	if ((unsigned)tls < sizeof(tls_names) / sizeof(tls_names[0]))
		return tls_names[tls];
	return "unknown";
}

int settings_tls_parse(const char *name, enum sw_tls *tls)
{
	size_t i;

	for (i = 0;
	     name != NULL && i < sizeof(tls_names) / sizeof(tls_names[0]);
	     i++) {
		if (strcmp(name, tls_names[i]) == 0) {
			*tls = (enum sw_tls)i;
			return 0;
		}
	}
	return -1;
}

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
	char *password;  /* taken out before parsing: see take_password() */
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
		return report(cfg, _("tls must be none, starttls or tls"));
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

static enum settings_load_status
open_config(const char *path, int *fd, unsigned *mode, struct sw_error *err)
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
					     struct sw_error *err)
{
	enum settings_load_status st;
	int fd;

	st = open_config(path, &fd, mode, err);
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

/* ---- loading: comments ---------------------------------------------------
 *
 * libconfuse 3.3 counts three lines for every "#" or "//" comment line and
 * two for every block comment, so every error after a comment (our own
 * header has three) would name the wrong line. We blank comments out before
 * the parser sees them, keeping their newlines. That means finding them as
 * its lexer does: a comment starts only where a token could, never inside a
 * quoted string, a ${VAR} or a bare word (in "a//b" the slashes belong to
 * the word). Unterminated strings and comments are caught here too: the
 * lexer would print a trailing backslash to stdout, or let an open comment
 * silently swallow the rest of the file. */

struct scan {
	char *buf;
	size_t len;
	size_t i;
	int line;
};

static bool at(const struct scan *sc, size_t off, char c)
{
	return sc->i + off < sc->len && sc->buf[sc->i + off] == c;
}

/* The characters of a bare word in libconfuse 3.3's lexer. */
static bool word_char(char c)
{
	return strchr(" #\"'\t\n\r={}()+,*", c) == NULL;
}

/* ${VAR} is one token, wherever its closing brace is. */
static bool skip_env(struct scan *sc)
{
	const char *close;

	if (!at(sc, 0, '$') || !at(sc, 1, '{'))
		return false;
	close = memchr(sc->buf + sc->i + 2, '}', sc->len - sc->i - 2);
	if (close == NULL)
		return false;
	for (; sc->buf + sc->i <= close; sc->i++)
		sc->line += sc->buf[sc->i] == '\n';
	return true;
}

/* Returns false when the closing quote is missing. A backslash always takes
 * the next character with it, in both kinds of string. */
static bool skip_string(struct scan *sc)
{
	char quote = sc->buf[sc->i++];

	while (sc->i < sc->len && sc->buf[sc->i] != quote) {
		if (quote == '"' && skip_env(sc))
			continue;
		if (sc->buf[sc->i] == '\\') {
			if (sc->i + 1 == sc->len)
				return false;
			sc->i++;
		}
		sc->line += sc->buf[sc->i++] == '\n';
	}
	if (sc->i == sc->len)
		return false;
	sc->i++;
	return true;
}

static void blank_line_comment(struct scan *sc)
{
	while (sc->i < sc->len && sc->buf[sc->i] != '\n')
		sc->buf[sc->i++] = ' ';
}

/* Returns false when there is no closing star-slash. */
static bool blank_block_comment(struct scan *sc)
{
	size_t end;

	for (end = sc->i + 2; end + 1 < sc->len; end++) {
		if (sc->buf[end] == '*' && sc->buf[end + 1] == '/')
			break;
	}
	if (end + 1 >= sc->len)
		return false;
	for (; sc->i < end + 2; sc->i++) {
		if (sc->buf[sc->i] == '\n')
			sc->line++;
		else
			sc->buf[sc->i] = ' ';
	}
	return true;
}

/* One token (or comment) from sc->i; false with *what set on error. */
static bool scan_token(struct scan *sc, const char **what)
{
	char c = sc->buf[sc->i];

	if (c == '#' || (c == '/' && at(sc, 1, '/'))) {
		blank_line_comment(sc);
	} else if (c == '/' && at(sc, 1, '*')) {
		*what = _("unterminated comment");
		return blank_block_comment(sc);
	} else if (c == '"' || c == '\'') {
		*what = _("unterminated string");
		return skip_string(sc);
	} else if (skip_env(sc)) {
		return true;
	} else if (word_char(c)) {
		while (sc->i < sc->len && word_char(sc->buf[sc->i]))
			sc->i++;
	} else {
		sc->line += c == '\n';
		sc->i++;
	}
	return true;
}

static int blank_comments(char *buf, size_t len, const char *path,
			  struct sw_error *err)
{
	struct scan sc = {buf, len, 0, 1};
	const char *what = NULL;
	int start;

	while (sc.i < len) {
		start = sc.line;
		if (!scan_token(&sc, &what)) {
			sw_error_set(err, "%s:%d: %s", path, start, what);
			return -1;
		}
	}
	return 0;
}

/* ---- loading: the password kept from libconfuse -------------------------
 *
 * libconfuse's lexer copies the file through buffers (stdio's, flex's, its
 * string builder) that it frees without wiping, so the password would stay
 * in freed memory. The value of `password = '...'` in the form settings_save
 * writes (single quotes; a backslash only in \\ and \'; no control
 * character) is decoded here, and its bytes in the buffer are overwritten
 * with as many 'x's before the parser runs, which keeps the tokens, the line
 * numbers and the empty/non-empty distinction; fill_settings puts the real
 * value back. Any other form is left to libconfuse: correct, only less
 * tidy. */

static bool space_char(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Decodes the single-quoted string whose opening quote is at buf[i];
 * returns its length in buf (quotes excluded) and sets *value, or returns
 * 0 with *value NULL when the string is not in the tidy form. */
static size_t decode_quoted(const char *buf, size_t len, size_t i, char **value)
{
	size_t start = ++i, n = 0;
	char *out;

	*value = NULL;
	for (; i < len && buf[i] != '\''; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c == '\\' && !(i + 1 < len &&
				   (buf[i + 1] == '\\' || buf[i + 1] == '\'')))
			return 0;
		i += c == '\\';
	}
	if (i >= len || (out = malloc(i - start + 1)) == NULL)
		return 0;
	for (i = start; buf[i] != '\''; i++) {
		i += buf[i] == '\\';
		out[n++] = buf[i];
	}
	out[n] = '\0';
	*value = out;
	return i - start;
}

/* i is just past the key: takes the value if it is in the tidy form. */
static void take_value(struct parse *p, char *buf, size_t len, size_t i)
{
	size_t n;

	while (i < len && space_char(buf[i]))
		i++;
	if (i >= len || buf[i++] != '=')
		return;
	while (i < len && space_char(buf[i]))
		i++;
	if (i >= len || buf[i] != '\'' || p->password != NULL)
		return; /* not a quoted string, or a key set twice */
	n = decode_quoted(buf, len, i, &p->password);
	if (p->password != NULL)
		memset(buf + i + 1, 'x', n);
}

/* Runs after blank_comments(), which has checked that every token ends. */
static void take_password(struct parse *p, char *buf, size_t len)
{
	struct scan sc = {buf, len, 0, 1};
	const char *what = NULL;
	size_t start;

	while (sc.i < len) {
		start = sc.i;
		if (!scan_token(&sc, &what))
			return;
		if (sc.i - start == 8 &&
		    memcmp(buf + start, "password", 8) == 0)
			take_value(p, buf, len, sc.i);
	}
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
	    blank_comments(buf, len, p->path, p->err) != 0)
		return -1;
	take_password(p, buf, len);
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

	/* The parser saw only the 'x's (see take_password). */
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

enum settings_load_status settings_load(struct settings *s, const char *path,
					struct sw_error *err)
{
	struct parse p = {.path = path, .err = err};
	struct settings tmp;
	enum settings_load_status st;
	unsigned mode = 0;
	char *buf;
	size_t len;

	st = read_config(path, &buf, &len, &mode, err);
	if (st != SETTINGS_LOADED)
		return st;
	if (parse_config(&p, buf, len) != 0 || fill_settings(&p, &tmp) != 0) {
		st = SETTINGS_INVALID;
	} else {
		set_origin(&tmp.origin, path, mode, tmp.password != NULL);
		settings_free(s);
		*s = tmp;
	}
	explicit_bzero(buf, len);
	free(buf);
	free_slots(&p);
	wipe_free(p.password);
	return st;
}

/* The mode now, when the file is still there: the wizard may have saved it
 * (as 0600) since it was loaded. */
unsigned settings_exposure(const struct settings *s, unsigned *mode_out)
{
	const struct settings_origin *o = &s->origin;
	unsigned mode = o->mode, bits = SETTINGS_EXPOSED_NONE;
	struct stat st;

	if (!o->loaded)
		return bits;
	if (o->path[0] != '\0' && stat(o->path, &st) == 0 &&
	    S_ISREG(st.st_mode))
		mode = (unsigned)st.st_mode & 07777;
	if (mode_out != NULL)
		*mode_out = mode;
	if (o->has_password && (mode & (S_IRGRP | S_IROTH)) != 0)
		bits |= SETTINGS_EXPOSED_READABLE;
	if ((mode & (S_IWGRP | S_IWOTH)) != 0)
		bits |= SETTINGS_EXPOSED_WRITABLE;
	return bits;
}

/* ---- saving: rendering --------------------------------------------------- */

/* With buf NULL, only counts: rendering twice avoids growing (and thus
 * copying) a buffer that holds the password. */
struct out {
	char *buf;
	size_t len;
};

static void put(struct out *o, const char *p, size_t n)
{
	if (o->buf != NULL)
		memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void puts_out(struct out *o, const char *p)
{
	put(o, p, strlen(p));
}

static void put_quoted(struct out *o, const char *p)
{
	put(o, "'", 1);
	for (; *p != '\0'; p++) {
		if (*p == '\\' || *p == '\'')
			put(o, "\\", 1);
		put(o, p, 1);
	}
	put(o, "'", 1);
}

static void render_key(struct out *o, const struct settings *s,
		       const struct key *k)
{
	const char *str = k->type == KEY_STR ? str_value(s, k) : NULL;
	char num[32];

	if (k->type == KEY_STR && (str == NULL || *str == '\0'))
		puts_out(o, "# ");
	puts_out(o, k->name);
	puts_out(o, " = ");
	switch (k->type) {
	case KEY_STR:
		put_quoted(o, str != NULL ? str : "");
		break;
	case KEY_TLS:
		puts_out(o, settings_tls_name(s->tls));
		break;
	case KEY_INT:
		snprintf(num, sizeof(num), "%ld", long_value(s, k));
		puts_out(o, num);
		break;
	case KEY_BOOL:
		puts_out(o, s->tls_verify ? "true" : "false");
		break;
	}
	puts_out(o, "\n");
}

static void render(struct out *o, const struct settings *s)
{
	size_t i;

	/* Not translated: the file is data, and every line must stay a
	 * comment whatever a translation would say. */
	puts_out(o, "# smtpwiz configuration, generated by smtpwiz.\n"
		    "# Strings are in single quotes, where \\\\ stands for a "
		    "backslash and \\'\n"
		    "# for a quote. Keys left unset are commented out.\n");
	for (i = 0; i < NKEYS; i++)
		render_key(o, s, &keys[i]);
}

static int check_values(const struct settings *s, const char *path,
			struct sw_error *err)
{
	const char *str;
	size_t i;

	if ((unsigned)s->tls >= sizeof(tls_names) / sizeof(tls_names[0])) {
		sw_error_set(err, _("%s: tls has an invalid value"), path);
		return -1;
	}
	for (i = 0; i < NKEYS; i++) {
		str = keys[i].type == KEY_STR ? str_value(s, &keys[i]) : NULL;
		if (str != NULL && has_control(str)) {
			sw_error_set(err,
				     _("%s: %s contains a control character "
				       "(such as a line break) and cannot be "
				       "saved"),
				     path, keys[i].name);
			return -1;
		}
	}
	return 0;
}

/* ---- saving: the file system --------------------------------------------- */

static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* Only the last component is created: a missing grandparent is more likely
 * a typo than something to build silently. *made says whether it was. */
static int make_parent(const char *dir, bool *made, struct sw_error *err)
{
	struct stat st;

	*made = false;
	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
	} else if (errno == ENOENT && mkdir(dir, 0700) == 0) {
		*made = true;
		return 0;
	}
	sw_error_set(err, _("%s: cannot create directory: %s"), dir,
		     strerror(errno));
	return -1;
}

/* One directory of the chain (see settings.h): err says what is wrong and
 * the command that fixes it. */
static int check_dir(const char *dir, const struct stat *st,
		     struct sw_error *err)
{
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		sw_error_set(err,
			     _("%s is owned by another user (uid %u), who "
			       "could replace the configuration file; "
			       "refusing to save there"),
			     dir, (unsigned)st->st_uid);
		return -1;
	}
	if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    (st->st_mode & S_ISVTX) == 0) {
		sw_error_set(err,
			     _("%s is writable by other users, who could "
			       "replace the configuration file; refusing to "
			       "save there (to fix it: chmod go-w '%s')"),
			     dir, dir);
		return -1;
	}
	return 0;
}

/* Walks from dir up to "/" with symbolic links resolved, so that the chain
 * checked is the one the kernel follows. */
static int check_dirs(const char *dir, struct sw_error *err)
{
	char *real = realpath(dir, NULL);
	char *slash;
	struct stat st;
	int rc = 0;

	if (real == NULL) {
		sw_error_set(err, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (;;) {
		if (stat(real, &st) != 0) {
			sw_error_set(err, "%s: %s", real, strerror(errno));
			rc = -1;
		} else {
			rc = check_dir(real, &st, err);
		}
		if (rc != 0 || strcmp(real, "/") == 0)
			break;
		/* realpath() gives an absolute path: there is a slash, and
		 * "/a" becomes "/", "/a/b" becomes "/a". */
		slash = strrchr(real, '/');
		slash[slash == real ? 1 : 0] = '\0';
	}
	free(real);
	return rc;
}

/* rename() would replace a symlink rather than follow it, but the user's
 * symlink (say, into a dotfiles repository) would then silently stop being
 * one: refuse instead. */
static int check_target(const char *path, struct sw_error *err)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		sw_error_set(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		sw_error_set(err,
			     _("%s: is a symbolic link; refusing to replace "
			       "it"),
			     path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		sw_error_set(err, _("%s: not a regular file"), path);
		return -1;
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Fills the temporary file; returns NULL on success or what failed, with
 * errno set. Closes fd in every case. */
static const char *fill_temp(int fd, const struct out *o)
{
	const char *what = NULL;
	int e = 0;

	/* mkstemp() already uses 0600 here, but only modulo the umask. */
	if (fchmod(fd, 0600) != 0)
		what = _("cannot set permissions");
	else if (write_all(fd, o->buf, o->len) != 0)
		what = _("cannot write temporary file");
	else if (fsync(fd) != 0)
		what = _("cannot sync temporary file");
	e = errno;
	if (close(fd) != 0 && what == NULL) {
		what = _("cannot close temporary file");
		e = errno;
	}
	errno = e;
	return what;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;
	int e;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* NAME.XXXXXX as mkstemp makes it from the target's name. */
static bool our_temp_name(const char *entry, const char *base)
{
	size_t n = strlen(base), i;

	if (strncmp(entry, base, n) != 0 || entry[n] != '.' ||
	    strlen(entry + n + 1) != 6)
		return false;
	for (i = n + 1; entry[i] != '\0'; i++)
		if (!isalnum((unsigned char)entry[i]))
			return false;
	return true;
}

/* A save killed between mkstemp and rename leaves its temporary file, which
 * holds the password. The next successful save removes such leftovers: only
 * regular files of ours, mode 0600, named NAME.XXXXXX, and older than a
 * minute, so a save running at the same time keeps its own. */
static void sweep_stale_temps(const char *path, const char *dir)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	time_t cutoff = time(NULL) - 60;
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!our_temp_name(e->d_name, base) ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    (st.st_mode & 07777) == 0600 && st.st_mtime < cutoff)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

static int replace_file(const char *path, const char *dir, const struct out *o,
			struct sw_error *err)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + sizeof(".XXXXXX"));
	const char *what = NULL;
	int fd;

	if (tmp == NULL) {
		sw_error_set(err, "%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
	/* Same directory as the target, so rename() is atomic. */
	fd = mkstemp(tmp);
	if (fd < 0)
		what = _("cannot create temporary file");
	else if ((what = fill_temp(fd, o)) == NULL && rename(tmp, path) != 0)
		what = _("cannot replace the file");
	if (what != NULL) {
		int e = errno;

		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		sw_error_set(err, "%s: %s: %s", path, what, strerror(e));
		return -1;
	}
	free(tmp);
	sweep_stale_temps(path, dir);
	/* The new file is in place already; report that it may not survive a
	 * crash rather than pretend all is well. */
	if (sync_dir(dir) != 0) {
		sw_error_set(err, _("%s: saved, but cannot sync directory: %s"),
			     path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_config(const struct settings *s, const char *path,
			const char *dir, struct sw_error *err)
{
	struct out o = {NULL, 0};
	int rc;

	render(&o, s);
	o.buf = malloc(o.len);
	if (o.buf == NULL) {
		sw_error_set(err, "%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	o.len = 0;
	render(&o, s);
	rc = replace_file(path, dir, &o, err);
	explicit_bzero(o.buf, o.len);
	free(o.buf);
	return rc;
}

int settings_save(const struct settings *s, const char *path,
		  struct sw_error *err)
{
	bool made;
	char *dir;
	int rc = -1;

	if (check_values(s, path, err) != 0)
		return -1;
	dir = parent_of(path);
	if (dir == NULL) {
		sw_error_set(err, "%s: %s", path, strerror(ENOMEM));
		return -1;
	}
	if (make_parent(dir, &made, err) == 0) {
		if (check_dirs(dir, err) != 0) {
			if (made) /* nothing of ours is left behind */
				rmdir(dir);
		} else if (check_target(path, err) == 0) {
			rc = write_config(s, path, dir, err);
		}
	}
	free(dir);
	return rc;
}
