/* One connection to the server: a socket, optionally wrapped in TLS, with a
 * bounded receive buffer. Every read and write takes an absolute deadline. */
#ifndef SMTPWIZ_CONN_H
#define SMTPWIZ_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "net/tls.h"

#define CONN_BUF     8192
#define CONN_SECRETS 16

enum io_status {
	IO_OK,
	IO_TIMEOUT,
	IO_CLOSED,        /* the server closed the connection */
	IO_ERROR,         /* see conn.err */
	IO_LINE_TOO_LONG, /* more than the line bound without a newline */
};

struct conn {
	int fd;
	struct tls_conn *tls;
	char buf[CONN_BUF];
	size_t start, end;
	char err[256]; /* strerror or GnuTLS text of the last IO_ERROR */
	/* What this connection sent that a server must not get to echo into
	 * a log: the password and every encoding of it (malloc'd, wiped on
	 * close). */
	char *secrets[CONN_SECRETS];
};

void conn_init(struct conn *c, int fd);
/* Reads more bytes into the buffer (waiting until deadline for at least
 * one). */
enum io_status conn_fill(struct conn *c, int64_t deadline);
/* Returns one line without its CRLF (LF alone accepted) of at most max
 * bytes; *line points into the buffer and stays valid until the next
 * call. On IO_LINE_TOO_LONG, *line and *len are the offending line's
 * start (what was received of it). */
enum io_status conn_read_line(struct conn *c, size_t max, const char **line,
			      size_t *len, int64_t deadline);
enum io_status conn_write(struct conn *c, const void *data, size_t len,
			  int64_t deadline);
/* Bytes received and not yet consumed. */
size_t conn_buffered(const struct conn *c);
const char *conn_peek(const struct conn *c);
/* Drops everything buffered: RFC 3207 requires forgetting anything that
 * arrived before the TLS handshake. */
void conn_discard(struct conn *c);
/* Starts TLS on the connection; returns 0 or -1 (res filled). */
int conn_start_tls(struct conn *c, const char *servername, const char *ca_file,
		   int64_t deadline, struct tls_result *res);
void conn_close(struct conn *c);

/* Remembers a secret (len bytes) that received lines are scrubbed of;
 * returns 0, or -1 when out of memory or room (the caller must then not
 * send it). Empty secrets are ignored. */
int conn_add_secret(struct conn *c, const char *s, size_t len);
/* Wipes and drops the remembered secrets: once the exchange that sent
 * them is over, a copy of the password must not stay in memory. */
void conn_forget_secrets(struct conn *c);
/* Copies line (len bytes) to out (size n, NUL-terminated), every
 * occurrence of a remembered secret replaced by "[redacted]"; returns the
 * length written. */
size_t conn_scrub(const struct conn *c, const char *line, size_t len, char *out,
		  size_t n);

#endif
