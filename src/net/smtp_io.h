/* Sending commands and reading replies on a connection, logging both to
 * the transcript (secrets redacted at the moment they are logged). */
#ifndef SMTPWIZ_SMTP_IO_H
#define SMTPWIZ_SMTP_IO_H

#include <stdbool.h>

#include "net/conn.h"
#include "net/smtp.h"
#include "net/transcript.h"

enum smtp_io {
	SMTP_IO_OK,
	SMTP_IO_TIMEOUT,
	SMTP_IO_CLOSED,
	SMTP_IO_ERROR,    /* socket or TLS error: see why */
	SMTP_IO_PROTOCOL, /* malformed reply: see why */
};

/* Reads one complete reply before deadline (the deadline covers the whole
 * reply, not each read). Partial lines and reasons land in why. */
enum smtp_io smtp_read_reply(struct conn *c, struct transcript *tr,
			     int64_t deadline, struct smtp_reply *r, char *why,
			     size_t whyn);

/* The same, for replies inside an AUTH exchange: a 334 challenge is part
 * of the SASL exchange and is logged as "334 [redacted]". */
enum smtp_io smtp_read_reply_redacted(struct conn *c, struct transcript *tr,
				      int64_t deadline, struct smtp_reply *r,
				      char *why, size_t whyn);

/* Sends line + CRLF. log is what the transcript shows instead of line when
 * line holds a secret (e.g. "AUTH PLAIN" for "AUTH PLAIN <base64>"): it is
 * logged followed by "[redacted]". NULL logs line itself. */
enum smtp_io smtp_send(struct conn *c, struct transcript *tr, const char *line,
		       const char *secret_label, int64_t deadline, char *why,
		       size_t whyn);

#endif
