/* Pure parsers for SMTP replies (RFC 5321 4.2) and EHLO capabilities. */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "net/smtp.h"

void smtp_reply_init(struct smtp_reply *r)
{
	memset(r, 0, sizeof(*r));
}

/* "5.7.8 " at the start of s: copies it to enh and returns its length
 * including the space, or 0. */
static size_t enhanced_prefix(const char *s, size_t len, char *enh, size_t enhn)
{
	size_t i = 0, parts = 0, digits;

	if (len < 6 || (s[0] != '2' && s[0] != '4' && s[0] != '5') ||
	    s[1] != '.')
		return 0;
	i = 2;
	for (parts = 1; parts < 3; parts++) {
		digits = 0;
		while (i < len && isdigit((unsigned char)s[i]) && digits < 3)
			i++, digits++;
		if (digits == 0)
			return 0;
		if (parts == 1) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < len && s[i] != ' ')
		return 0;
	snprintf(enh, enhn, "%.*s", (int)i, s);
	return i < len ? i + 1 : i;
}

static void append_folded(char *dst, size_t n, const char *src, size_t len)
{
	size_t used = strlen(dst);
	size_t i;
	int space = used > 0;

	for (i = 0; i < len && used + 1 < n; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == ' ' || c == '\t') {
			space = used > 0;
			continue;
		}
		if (space && used + 2 < n)
			dst[used++] = ' ';
		space = 0;
		dst[used++] = (char)c;
	}
	dst[used] = '\0';
}

static void append_raw(struct smtp_reply *r, const char *line, size_t len)
{
	size_t used = strlen(r->raw);
	size_t room;

	if (used > 0 && used + 1 < sizeof(r->raw))
		r->raw[used++] = '\n';
	room = sizeof(r->raw) - 1 - used;
	if (len > room)
		len = room;
	memcpy(r->raw + used, line, len);
	r->raw[used + len] = '\0';
}

static enum smtp_parse parse_error(char *why, size_t whyn, const char *msg)
{
	snprintf(why, whyn, "%s", msg);
	return SMTP_PARSE_ERROR;
}

static int reply_code(const char *line, size_t len)
{
	if (len < 3 || line[0] < '2' || line[0] > '5' ||
	    !isdigit((unsigned char)line[1]) ||
	    !isdigit((unsigned char)line[2]))
		return -1;
	if (len > 3 && line[3] != ' ' && line[3] != '-')
		return -1;
	return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

static void parse_keyword(struct smtp_caps *caps, const char *kw, size_t len);

enum smtp_parse smtp_reply_feed(struct smtp_reply *r, const char *line,
				size_t len, char *why, size_t whyn)
{
	char enh[16] = "";
	size_t skip;
	bool more;
	int code;

	if (memchr(line, '\0', len) != NULL)
		return parse_error(why, whyn,
				   _("the reply contains NUL bytes"));
	code = reply_code(line, len);
	if (code < 0)
		return parse_error(why, whyn,
				   _("the reply does not start with a "
				     "three-digit code"));
	if (r->nlines > 0 && code != r->code)
		return parse_error(why, whyn,
				   _("the reply code changes inside a "
				     "multi-line reply"));
	if (r->nlines >= SMTP_REPLY_MAX_LINES)
		return parse_error(why, whyn,
				   _("the reply has too many lines"));
	r->code = code;
	if (r->nlines++ > 0 && len > 4) {
		/* The first line is the server's name and greeting text. */
		char kw[SMTP_LINE_MAX + 1];

		snprintf(kw, sizeof(kw), "%.*s", (int)(len - 4), line + 4);
		parse_keyword(&r->caps, kw, strlen(kw));
	}
	append_raw(r, line, len);
	more = len > 3 && line[3] == '-';
	line += len > 3 ? 4 : 3;
	len -= len > 3 ? 4 : 3;
	skip = enhanced_prefix(line, len, enh, sizeof(enh));
	if (skip > 0 && r->enh[0] == '\0')
		snprintf(r->enh, sizeof(r->enh), "%s", enh);
	append_folded(r->text, sizeof(r->text), line + skip, len - skip);
	if (more)
		return SMTP_PARSE_MORE;
	r->complete = true;
	return SMTP_PARSE_DONE;
}

static void add_mech(struct smtp_caps *caps, const char *m, size_t len)
{
	size_t used = strlen(caps->auth_mechs);
	size_t i;

	if (len == 0 || used + len + 2 >= sizeof(caps->auth_mechs))
		return;
	if (used > 0)
		caps->auth_mechs[used++] = ' ';
	for (i = 0; i < len; i++)
		caps->auth_mechs[used + i] = (char)toupper((unsigned char)m[i]);
	caps->auth_mechs[used + len] = '\0';
}

static void parse_auth(struct smtp_caps *caps, const char *args)
{
	const char *p = args;

	caps->auth = true;
	while (*p != '\0') {
		size_t l;

		p += strspn(p, " =");
		l = strcspn(p, " ");
		if (l > 0) {
			char tmp[SMTP_LINE_MAX + 1];

			snprintf(tmp, sizeof(tmp), "%.*s", (int)l, p);
			if (!smtp_caps_has_mech(caps, tmp))
				add_mech(caps, p, l);
		}
		p += l;
	}
}

static void note_keyword(struct smtp_caps *caps, const char *word)
{
	size_t used = strlen(caps->keywords), i, wl = strlen(word);

	if (used >= 3 && strcmp(caps->keywords + used - 3, "...") == 0)
		return;
	if (used + wl + 2 >= sizeof(caps->keywords) - 4) {
		snprintf(caps->keywords + used, sizeof(caps->keywords) - used,
			 "%s...", used ? " " : "");
		return;
	}
	if (used > 0)
		caps->keywords[used++] = ' ';
	for (i = 0; i <= wl; i++)
		caps->keywords[used + i] =
		    (char)toupper((unsigned char)word[i]);
}

static void parse_keyword(struct smtp_caps *caps, const char *kw, size_t len)
{
	char word[64];
	size_t wl = strcspn(kw, " =");

	if (wl == 0 || wl > len)
		return;
	if (wl >= sizeof(word)) {
		/* Not a keyword smtpwiz knows; shown, cut. */
		snprintf(word, sizeof(word), "%.*s...", (int)sizeof(word) - 4,
			 kw);
		note_keyword(caps, word);
		return;
	}
	memcpy(word, kw, wl);
	word[wl] = '\0';
	if (strcasecmp(word, "AUTH") != 0)
		note_keyword(caps, word);
	if (strcasecmp(word, "STARTTLS") == 0)
		caps->starttls = true;
	else if (strcasecmp(word, "PIPELINING") == 0)
		caps->pipelining = true;
	else if (strcasecmp(word, "8BITMIME") == 0)
		caps->eightbitmime = true;
	else if (strcasecmp(word, "SMTPUTF8") == 0)
		caps->smtputf8 = true;
	else if (strcasecmp(word, "ENHANCEDSTATUSCODES") == 0)
		caps->enhanced = true;
	else if (strcasecmp(word, "CHUNKING") == 0)
		caps->chunking = true;
	else if (strcasecmp(word, "SIZE") == 0) {
		caps->has_size = true;
		caps->size = strtoul(kw + wl, NULL, 10);
	} else if (strcasecmp(word, "AUTH") == 0)
		parse_auth(caps, kw + wl);
}

void smtp_parse_ehlo(const struct smtp_reply *r, struct smtp_caps *caps)
{
	/* Parsed line by line as the reply came in (smtp_reply_feed). */
	if (r->code != 250) {
		memset(caps, 0, sizeof(*caps));
		return;
	}
	*caps = r->caps;
	caps->esmtp = true;
}

bool smtp_caps_has_mech(const struct smtp_caps *caps, const char *mech)
{
	const char *p = caps->auth_mechs;
	size_t ml = strlen(mech);

	while (*p != '\0') {
		size_t l = strcspn(p, " ");

		if (l == ml && strncasecmp(p, mech, l) == 0)
			return true;
		p += l;
		p += strspn(p, " ");
	}
	return false;
}
