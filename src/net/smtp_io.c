#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "net/smtp_io.h"

static enum smtp_io from_io(enum io_status st, const struct conn *c, char *why,
			    size_t whyn)
{
	switch (st) {
	case IO_OK:
		return SMTP_IO_OK;
	case IO_TIMEOUT:
		snprintf(why, whyn, "%s",
			 _("no complete reply before the "
			   "timeout"));
		return SMTP_IO_TIMEOUT;
	case IO_CLOSED:
		snprintf(why, whyn, "%s",
			 c->err[0] ? c->err
				   : _("the server closed the connection"));
		return SMTP_IO_CLOSED;
	case IO_LINE_TOO_LONG:
		snprintf(why, whyn, _("a reply line is longer than %d bytes"),
			 SMTP_LINE_MAX);
		return SMTP_IO_PROTOCOL;
	default:
		snprintf(why, whyn, "%s", c->err);
		return SMTP_IO_ERROR;
	}
}

static enum smtp_io read_reply(struct conn *c, struct transcript *tr,
			       int64_t deadline, struct smtp_reply *r,
			       char *why, size_t whyn, bool redact)
{
	enum smtp_parse p = SMTP_PARSE_MORE;
	enum io_status st;
	const char *raw;
	/* A short secret becomes a longer mark: room for every one. */
	char line[4 * SMTP_LINE_MAX];
	size_t len;

	smtp_reply_init(r);
	why[0] = '\0';
	while (p == SMTP_PARSE_MORE) {
		st = conn_read_line(c, SMTP_LINE_MAX, &raw, &len, deadline);
		if (st == IO_LINE_TOO_LONG) {
			/* The start of the offending line itself, scrubbed
			 * like any other. */
			len = conn_scrub(c, raw, len < 200 ? len : 200, line,
					 sizeof(line));
			transcript_add(tr, TR_RECEIVED, line, len);
		}
		if (st != IO_OK)
			return from_io(st, c, why, whyn);
		/* A server may echo what the client sent (its AUTH line, a
		 * "command" it did not understand): no secret is stored,
		 * whichever record the line goes to next. */
		if (redact && len >= 3 && memcmp(raw, "334", 3) == 0) {
			/* A challenge goes to the SASL mechanism as it came
			 * (scrubbing a short password out of base64 would
			 * corrupt it) and is never stored as it is. */
			transcript_add_redacted(tr, TR_RECEIVED, "334");
			p = smtp_reply_feed(r, raw, len, why, whyn);
			continue;
		}
		len = conn_scrub(c, raw, len, line, sizeof(line));
		transcript_add(tr, TR_RECEIVED, line, len);
		p = smtp_reply_feed(r, line, len, why, whyn);
	}
	return p == SMTP_PARSE_DONE ? SMTP_IO_OK : SMTP_IO_PROTOCOL;
}

enum smtp_io smtp_read_reply(struct conn *c, struct transcript *tr,
			     int64_t deadline, struct smtp_reply *r, char *why,
			     size_t whyn)
{
	return read_reply(c, tr, deadline, r, why, whyn, false);
}

enum smtp_io smtp_read_reply_redacted(struct conn *c, struct transcript *tr,
				      int64_t deadline, struct smtp_reply *r,
				      char *why, size_t whyn)
{
	return read_reply(c, tr, deadline, r, why, whyn, true);
}

enum smtp_io smtp_send(struct conn *c, struct transcript *tr, const char *line,
		       const char *secret_label, int64_t deadline, char *why,
		       size_t whyn)
{
	size_t len = strlen(line);
	enum io_status st;
	char *buf;

	buf = malloc(len + 3);
	if (buf == NULL) {
		snprintf(why, whyn, "%s", _("out of memory"));
		return SMTP_IO_ERROR;
	}
	memcpy(buf, line, len);
	memcpy(buf + len, "\r\n", 3);
	/* Whatever follows the label is the secret part; remembered before
	 * it leaves, so no reply can carry it back into a record. */
	if (secret_label != NULL) {
		size_t ll = strlen(secret_label);
		const char *sec = strncmp(line, secret_label, ll) == 0
				      ? line + ll + strspn(line + ll, " ")
				      : line;

		if (conn_add_secret(c, sec, strlen(sec)) != 0) {
			explicit_bzero(buf, len + 2);
			free(buf);
			snprintf(why, whyn, "%s", _("out of memory"));
			return SMTP_IO_ERROR;
		}
	}
	if (secret_label != NULL)
		transcript_add_redacted(tr, TR_SENT, secret_label);
	else
		transcript_add(tr, TR_SENT, line, len);
	st = conn_write(c, buf, len + 2, deadline);
	explicit_bzero(buf, len + 2);
	free(buf);
	return from_io(st, c, why, whyn);
}
