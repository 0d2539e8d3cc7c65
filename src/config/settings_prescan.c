/* Pre-scanning the configuration text before libconfuse sees it. */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "config/settings_impl.h"

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

int settings_blank_comments(char *buf, size_t len, const char *path,
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
static void take_value(char **password, char *buf, size_t len, size_t i)
{
	size_t n;

	while (i < len && space_char(buf[i]))
		i++;
	if (i >= len || buf[i++] != '=')
		return;
	while (i < len && space_char(buf[i]))
		i++;
	if (i >= len || buf[i] != '\'' || *password != NULL)
		return; /* not a quoted string, or a key set twice */
	n = decode_quoted(buf, len, i, password);
	if (*password != NULL)
		memset(buf + i + 1, 'x', n);
}

/* Runs after blank_comments(), which has checked that every token ends. */
char *settings_take_password(char *buf, size_t len)
{
	struct scan sc = {buf, len, 0, 1};
	const char *what = NULL;
	char *password = NULL;
	size_t start;

	while (sc.i < len) {
		start = sc.i;
		if (!scan_token(&sc, &what))
			break;
		if (sc.i - start == 8 &&
		    memcmp(buf + start, "password", 8) == 0)
			take_value(&password, buf, len, sc.i);
	}
	return password;
}
