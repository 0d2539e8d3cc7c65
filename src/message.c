#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "message.h"

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

char *message_compose(const struct settings *s, const char *helo, size_t *len)
{
	char date[64], mid[128], host[256] = "";
	char *text, *wire;

	rfc5322_date(date, sizeof(date));
	message_id(mid, sizeof(mid), s->from);
	gethostname(host, sizeof(host) - 1);
	if (asprintf(&text,
		     "Date: %s\nMessage-ID: %s\nFrom: <%s>\nTo: <%s>\n"
		     "Subject: %s\nMIME-Version: 1.0\n"
		     "Content-Type: text/plain; charset=UTF-8\n"
		     "Content-Transfer-Encoding: 8bit\n"
		     "X-Mailer: smtpwiz %s\n\n"
		     "%s\n\n  %s: %s\n  %s: %s\n  %s: %s\n  %s: %ld\n"
		     "  %s: %s\n  %s: %s\n  %s: %s\n\n%s\n",
		     date, mid, s->from, s->test_recipient,
		     _("smtpwiz test message"), PACKAGE_VERSION,
		     _("This is a test message sent by smtpwiz to check that "
		       "outgoing mail works."),
		     _("Sent from host"), host, _("HELO name"), helo,
		     _("SMTP server"), s->host, _("Port"), s->port, _("TLS"),
		     settings_tls_name(s->tls), _("User name"),
		     s->username && s->username[0] ? s->username : "-",
		     _("Sender"), s->from,
		     _("If you can read this, the settings above work. No "
		       "reply is needed.")) < 0)
		return NULL;
	wire = to_wire(text, len);
	free(text);
	return wire;
}
