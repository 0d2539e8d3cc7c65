/* One connection to the server: a socket, optionally wrapped in TLS, with a
 * bounded receive buffer. Every read and write takes an absolute deadline. */
#ifndef SMTPWIZ_CONN_H
#define SMTPWIZ_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "net/tls.h"

#define CONN_BUF 8192

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
};

void conn_init(struct conn *c, int fd);
/* Reads more bytes into the buffer (waiting until deadline for at least
 * one). */
enum io_status conn_fill(struct conn *c, int64_t deadline);
/* Returns one line without its CRLF (LF alone accepted) of at most max
 * bytes; *line points into the buffer and stays valid until the next
 * call. */
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

#endif
