#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/reason.h"

/* Where the mailer says the server's reply came, and the stage. */
static const struct {
	const char *marker;
	enum diag_stage stage;
} stages[] = {
    /* Postfix: "(in reply to RCPT TO command)", smtp_proto.c,
     * https://github.com/vdukhovni/postfix/blob/master/postfix/src/smtp/smtp_proto.c
     */
    {"in reply to end of DATA command", DS_DATA_END},
    {"in reply to DATA command", DS_DATA},
    {"in reply to RCPT TO command", DS_RCPT},
    {"in reply to MAIL FROM command", DS_MAIL},
    {"in reply to EHLO command", DS_EHLO},
    {"in reply to HELO command", DS_EHLO},
    {"in reply to STARTTLS command", DS_STARTTLS},
    {"SASL authentication failed", DS_AUTH},
    {"refused to talk to me", DS_GREETING},
    /* Exim: "SMTP error from remote mail server after RCPT TO:<...>",
     * https://www.exim.org/exim-html-current/doc/html/spec_html/ch-log_files.html
     */
    {"after end of data", DS_DATA_END},
    {"after DATA", DS_DATA},
    {"after RCPT TO", DS_RCPT},
    {"after MAIL FROM", DS_MAIL},
    {"after pipelined MAIL FROM", DS_MAIL},
    {"after AUTH", DS_AUTH},
    {"after EHLO", DS_EHLO},
    {"after HELO", DS_EHLO},
    {"after STARTTLS", DS_STARTTLS},
    {"after initial connection", DS_GREETING},
    /* msmtp's log: "errormsg='authentication failed ...'",
     * https://marlam.de/msmtp/msmtp.html#Logging */
    {"errormsg='authentication failed", DS_AUTH},
    {"errormsg='envelope from address", DS_MAIL},
    {"errormsg='recipient address", DS_RCPT},
};

/* The mailer's own words, when no server reply is in the reason. */
static const struct {
	const char *needle, *cause;
} words[] = {
    /* Postfix smtp_sasl_glue.c: "SASL authentication failed; cannot
     * authenticate to server %s: no mechanism available" (Cyrus SASL
     * without PLAIN/LOGIN, or noplaintext), SASL_README */
    {"no mechanism available", "mailer-sasl-no-mechanism"},
    /* Postfix smtp_connect.c "connect to %s[%s]:%d: %m"; Exim's
     * "Connection refused"; msmtp's "cannot connect to ...". */
    {"Connection refused", "connect-refused"},
    {"Connection timed out", "connect-timeout"},
    {"No route to host", "connect-unreachable"},
    {"Network is unreachable", "connect-unreachable"},
    /* Postfix smtp_addr.c "Host or domain name not found"; Exim "all
     * relevant MX records point to non-existent hosts", "unrouteable". */
    {"Host or domain name not found", "dns-not-found"},
    {"Name service error", "dns-failure"},
    {"non-existent hosts", "dns-not-found"},
    /* Postfix smtp_proto.c/smtp_tls: "TLS is required, but was not
     * offered by host", "Cannot start TLS: handshake failure",
     * "Server certificate not verified". */
    {"TLS is required, but was not offered", "starttls-unavailable"},
    {"Cannot start TLS", "tls-handshake"},
    {"certificate not verified", "cert-untrusted"},
    {"certificate verification failed", "cert-untrusted"},
    /* Postfix "conversation with %s timed out while ..."; "lost
     * connection with %s while ..."; Exim "Remote host closed
     * connection". */
    {"timed out while", "timeout"},
    {"lost connection with", "connection-lost"},
    {"closed connection", "connection-lost"},
    /* Postfix's queue manager: "delivery temporarily suspended: ..."
     * repeats an earlier reason; the text after it is classified. */
};

/* "451 4.3.0 text": code, enhanced code, text from p. */
static bool parse_reply(const char *p, struct smtp_reply *r)
{
	char *end;
	long code;

	while (*p != '\0' &&
	       !(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
		 isdigit((unsigned char)p[2]) && (p[3] == ' ' || p[3] == '-') &&
		 (p[0] == '4' || p[0] == '5')))
		p++;
	if (*p == '\0')
		return false;
	code = strtol(p, &end, 10);
	smtp_reply_init(r);
	r->code = (int)code;
	r->complete = true;
	r->nlines = 1;
	p = end + 1;
	if (isdigit((unsigned char)p[0]) && p[1] == '.') {
		size_t n = strcspn(p, " ");

		if (n < sizeof(r->enh))
			snprintf(r->enh, sizeof(r->enh), "%.*s", (int)n, p);
		p += n;
		p += *p == ' ';
	}
	snprintf(r->text, sizeof(r->text), "%s", p);
	snprintf(r->raw, sizeof(r->raw), "%ld %s", code, p);
	/* Postfix's "(in reply to ...)" and msmtp's quoting are not the
	 * server's words. */
	end = strstr(r->text, " (in reply to");
	if (end != NULL)
		*end = '\0';
	end = strchr(r->text, '\'');
	if (end != NULL)
		*end = '\0';
	return true;
}

static const char *server_reply(const char *text)
{
	/* Postfix "host %s said: ", "host %s refused to talk to me: "
	 * (smtp_proto.c, smtp_connect.c); msmtp "smtpmsg='"; Exim "SMTP
	 * error from remote mail server after ...". */
	static const char *const intro[] = {
	    " said: ", " refused to talk to me: ", "smtpmsg='",
	    "remote mail server after "};
	const char *p;

	for (size_t i = 0; i < sizeof(intro) / sizeof(intro[0]); i++)
		if ((p = strstr(text, intro[i])) != NULL)
			return p + strlen(intro[i]);
	return NULL;
}

void diagnose_mailer_reason(const char *text, struct diagnosis *d)
{
	struct smtp_reply *r;
	const char *p;

	d->cause = "mailer-deferred";
	d->provider = NULL;
	d->temporary = true;
	if (text == NULL)
		return;
	p = server_reply(text);
	r = p != NULL ? malloc(sizeof(*r)) : NULL;
	if (r == NULL || !parse_reply(p, r)) {
		free(r);
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strstr(text, words[i].needle) != NULL) {
				d->cause = words[i].cause;
				return;
			}
		return;
	}
	{
		enum diag_stage stage = DS_DATA_END;

		for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
			if (strstr(text, stages[i].marker) != NULL) {
				stage = stages[i].stage;
				break;
			}
		diagnose_reply(stage, r, d);
	}
	free(r);
}

/* Postfix's queue manager repeats the reason of the last attempt to a
 * destination it has marked as down, for the mail it did not try:
 * "delivery temporarily suspended: REASON" (qmgr_deliver.c,
 * https://github.com/vdukhovni/postfix/blob/master/postfix/src/qmgr/qmgr_queue.c).
 * The same reason either way. */
const char *mailer_reason_core(const char *text)
{
	static const char *const prefixes[] = {
	    "delivery temporarily suspended: ",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(text, prefixes[i], strlen(prefixes[i])) == 0)
			return text + strlen(prefixes[i]);
	return text;
}

const char *diagnose_reason_cause_at(size_t i)
{
	if (i < sizeof(words) / sizeof(words[0]))
		return words[i].cause;
	return i == sizeof(words) / sizeof(words[0]) ? "mailer-deferred" : NULL;
}
