#include <config.h>

#include <ctype.h>
#include <iconv.h>
#include <langinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "net/message.h"

/* RFC 5322 dates are English whatever the locale, so no strftime %a/%b. */
static void rfc5322_date(char *buf, size_t n)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
					     "May", "Jun", "Jul", "Aug",
					     "Sep", "Oct", "Nov", "Dec"};
	time_t now = time(NULL);
	struct tm tm;
	long off;

	localtime_r(&now, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, n, "%s, %d %s %d %02d:%02d:%02d %c%02ld%02ld",
		 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

static void message_id(char *buf, size_t n, const char *from)
{
	unsigned char rnd[8] = {0};
	const char *at = from ? strrchr(from, '@') : NULL;

	if (getrandom(rnd, sizeof(rnd), 0) < 0)
		rnd[0] = (unsigned char)getpid();
	snprintf(buf, n, "<%02x%02x%02x%02x%02x%02x%02x%02x.%ld.smtpwiz@%s>",
		 rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7],
		 (long)time(NULL), at ? at + 1 : "localhost");
}

static void put_hex(char *out, size_t *o, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	out[(*o)++] = '=';
	out[(*o)++] = hex[c >> 4];
	out[(*o)++] = hex[c & 15];
}

/* Quoted-printable (RFC 2045 6.7): the body is translated and may not be
 * ASCII, and a server without 8BITMIME must only get 7-bit data. */
static char *qp_encode(const char *text)
{
	size_t n = strlen(text), i, o = 0, col = 0;
	char *out = malloc(n * 4 + 8);

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		bool eol = text[i + 1] == '\n' || text[i + 1] == '\0';

		if (c == '\n') {
			out[o++] = '\n';
			col = 0;
			continue;
		}
		if (col >= 72) { /* soft break, keeps lines under 76 */
			memcpy(out + o, "=\n", 2);
			o += 2;
			col = 0;
		}
		if ((c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && !eol)) {
			out[o++] = (char)c;
			col++;
		} else {
			put_hex(out, &o, c);
			col += 3;
		}
	}
	out[o] = '\0';
	return out;
}

/* RFC 2047 Q-encoded word for a header, only when the text is not ASCII. */
static char *header_word(const char *text)
{
	size_t n = strlen(text), i, o = 0;
	bool ascii = true;
	char *out;

	for (i = 0; i < n; i++)
		ascii = ascii && (unsigned char)text[i] < 0x80;
	if (ascii)
		return strdup(text);
	out = malloc(n * 3 + 16);
	if (out == NULL)
		return NULL;
	memcpy(out, "=?UTF-8?Q?", 10);
	o = 10;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == ' ')
			out[o++] = '_';
		else if (isalnum(c) || strchr("!*+-/", c) != NULL)
			out[o++] = (char)c;
		else
			put_hex(out, &o, c);
	}
	memcpy(out + o, "?=", 3);
	return out;
}

/* Converts LF to CRLF and doubles a leading dot (RFC 5321 4.5.2). */
static char *to_wire(const char *text, size_t *len)
{
	size_t n = strlen(text), i, o = 0;
	char *out = malloc(n * 2 + 8);

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (text[i] == '.' && (i == 0 || text[i - 1] == '\n'))
			out[o++] = '.';
		if (text[i] == '\n')
			out[o++] = '\r';
		out[o++] = text[i];
	}
	memcpy(out + o, ".\r\n", 4);
	*len = o + 3;
	return out;
}

/* The message says charset=UTF-8, but gettext hands out translations in
 * the locale's charset (ISO-8859-1 under de_DE, for one): each translated
 * string is converted back to UTF-8. Slots hold the converted strings for
 * the one message being composed. */
struct utf8_slots {
	char buf[10][1024];
	int used;
};

static const char *utf8(struct utf8_slots *u, const char *msg)
{
	const char *cs = nl_langinfo(CODESET);
	char *in = (char *)msg, *out;
	size_t inl = strlen(msg), outl;
	iconv_t cd;

	if (u->used >= 10 || strcasecmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "ANSI_X3.4-1968") == 0)
		return msg;
	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return msg;
	out = u->buf[u->used];
	outl = sizeof(u->buf[0]) - 1;
	if (iconv(cd, &in, &inl, &out, &outl) == (size_t)-1) {
		iconv_close(cd);
		return msg;
	}
	*out = '\0';
	iconv_close(cd);
	return u->buf[u->used++];
}

char *message_compose(const struct settings *s, const char *helo, size_t *len)
{
	char date[64], mid[128], host[256] = "";
	char *text, *body, *subject, *wire = NULL;
	struct utf8_slots *u = calloc(1, sizeof(*u));

	if (u == NULL)
		return NULL;
	rfc5322_date(date, sizeof(date));
	message_id(mid, sizeof(mid), s->from);
	gethostname(host, sizeof(host) - 1);
	if (asprintf(
		&text,
		"%s\n\n  %s: %s\n  %s: %s\n  %s: %s\n  %s: %ld\n"
		"  %s: %s\n  %s: %s\n  %s: %s\n\n%s\n",
		utf8(u,
		     _("This is a test message sent by smtpwiz to check that "
		       "outgoing mail works.")),
		utf8(u, _("Sent from host")), host, utf8(u, _("HELO name")),
		helo, utf8(u, _("SMTP server")), s->host, utf8(u, _("Port")),
		s->port, utf8(u, _("TLS")), settings_tls_name(s->tls),
		utf8(u, _("User name")),
		s->username && s->username[0] ? s->username : "-",
		utf8(u, _("Sender")), s->from,
		utf8(u, _("If you can read this, the settings above work. No "
			  "reply is needed."))) < 0) {
		free(u);
		return NULL;
	}
	body = qp_encode(text);
	subject = header_word(utf8(u, _("smtpwiz test message")));
	free(u);
	free(text);
	if (body != NULL && subject != NULL &&
	    asprintf(&text,
		     "Date: %s\nMessage-ID: %s\nFrom: <%s>\nTo: <%s>\n"
		     "Subject: %s\nMIME-Version: 1.0\n"
		     "Content-Type: text/plain; charset=UTF-8\n"
		     "Content-Transfer-Encoding: quoted-printable\n"
		     "X-Mailer: smtpwiz %s\n\n%s",
		     date, mid, s->from, s->test_recipient, subject,
		     PACKAGE_VERSION, body) >= 0) {
		wire = to_wire(text, len);
		free(text);
	}
	free(body);
	free(subject);
	return wire;
}
