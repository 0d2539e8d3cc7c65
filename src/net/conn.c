#include <config.h>

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "net/conn.h"

void conn_init(struct conn *c, int fd)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
}

/* In slices, so that a cancel ends the wait as its deadline would. */
static enum io_status wait_fd(struct conn *c, short events, int64_t deadline)
{
	struct pollfd p = {.fd = c->fd, .events = events};
	int rc;

	while (!cancel_requested()) {
		rc = poll(&p, 1, cancel_slice_ms(deadline));
		if (rc > 0)
			return IO_OK;
		if (rc < 0 && errno != EINTR) {
			snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
			return IO_ERROR;
		}
		if (clock_left_ms(deadline) == 0)
			return IO_TIMEOUT;
	}
	return IO_TIMEOUT;
}

/* GnuTLS reports a wait that ran out (or was cancelled) as an error. */
static enum io_status tls_failure(int64_t deadline)
{
	return clock_left_ms(deadline) == 0 || cancel_requested() ? IO_TIMEOUT
								  : IO_ERROR;
}

static ssize_t plain_read(struct conn *c, void *buf, size_t n, int64_t deadline,
			  enum io_status *st)
{
	ssize_t got;

	for (;;) {
		*st = wait_fd(c, POLLIN, deadline);
		if (*st != IO_OK)
			return -1;
		got = read(c->fd, buf, n);
		if (got >= 0)
			return got;
		if (errno == EINTR || errno == EAGAIN)
			continue;
		snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
		*st = errno == ECONNRESET ? IO_CLOSED : IO_ERROR;
		return -1;
	}
}

static void compact(struct conn *c)
{
	if (c->start == 0)
		return;
	memmove(c->buf, c->buf + c->start, c->end - c->start);
	c->end -= c->start;
	c->start = 0;
}

enum io_status conn_fill(struct conn *c, int64_t deadline)
{
	struct tls_result res;
	enum io_status st = IO_OK;
	ssize_t got;

	compact(c);
	if (c->end >= sizeof(c->buf))
		return IO_LINE_TOO_LONG;
	if (c->tls != NULL) {
		got = tls_read(c->tls, c->buf + c->end, sizeof(c->buf) - c->end,
			       deadline, &res);
		if (got < 0) {
			snprintf(c->err, sizeof(c->err), "%s", res.detail);
			st = tls_failure(deadline);
		}
	} else {
		got = plain_read(c, c->buf + c->end, sizeof(c->buf) - c->end,
				 deadline, &st);
	}
	if (got < 0)
		return st;
	if (got == 0)
		return IO_CLOSED;
	c->end += (size_t)got;
	return IO_OK;
}

enum io_status conn_read_line(struct conn *c, size_t max, const char **line,
			      size_t *len, int64_t deadline)
{
	enum io_status st;
	char *nl;

	for (;;) {
		nl = memchr(c->buf + c->start, '\n', c->end - c->start);
		if (nl != NULL) {
			*line = c->buf + c->start;
			*len = (size_t)(nl - *line);
			c->start += *len + 1;
			if (*len > 0 && (*line)[*len - 1] == '\r')
				(*len)--;
			return *len > max ? IO_LINE_TOO_LONG : IO_OK;
		}
		if (c->end - c->start > max) {
			/* The caller logs the start of the offending line. */
			*line = c->buf + c->start;
			*len = c->end - c->start;
			return IO_LINE_TOO_LONG;
		}
		st = conn_fill(c, deadline);
		if (st != IO_OK)
			return st;
	}
}

enum io_status conn_write(struct conn *c, const void *data, size_t len,
			  int64_t deadline)
{
	const char *p = data;
	struct tls_result res;
	enum io_status st;
	ssize_t w;

	if (c->tls != NULL) {
		if (tls_write(c->tls, data, len, deadline, &res) == 0)
			return IO_OK;
		snprintf(c->err, sizeof(c->err), "%s", res.detail);
		return tls_failure(deadline);
	}
	while (len > 0) {
		st = wait_fd(c, POLLOUT, deadline);
		if (st != IO_OK)
			return st;
		w = send(c->fd, p, len, MSG_NOSIGNAL);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w < 0) {
			snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
			return errno == EPIPE || errno == ECONNRESET ? IO_CLOSED
								     : IO_ERROR;
		}
		p += w;
		len -= (size_t)w;
	}
	return IO_OK;
}

size_t conn_buffered(const struct conn *c)
{
	return c->end - c->start;
}

const char *conn_peek(const struct conn *c)
{
	return c->buf + c->start;
}

void conn_discard(struct conn *c)
{
	c->start = c->end = 0;
}

int conn_start_tls(struct conn *c, const char *servername, const char *ca_file,
		   int64_t deadline, struct tls_result *res)
{
	conn_discard(c);
	c->tls = tls_start(c->fd, servername, ca_file, deadline, res);
	return c->tls != NULL ? 0 : -1;
}

int conn_add_secret(struct conn *c, const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < CONN_SECRETS; i++) {
		if (c->secrets[i] != NULL && strlen(c->secrets[i]) == len &&
		    memcmp(c->secrets[i], s, len) == 0)
			return 0;
		if (c->secrets[i] == NULL) {
			c->secrets[i] = strndup(s, len);
			return c->secrets[i] != NULL ? 0 : -1;
		}
	}
	return -1;
}

/* The longest remembered secret that starts at p (at most left bytes). */
static size_t secret_at(const struct conn *c, const char *p, size_t left)
{
	size_t i, best = 0;

	for (i = 0; i < CONN_SECRETS && c->secrets[i] != NULL; i++) {
		size_t l = strlen(c->secrets[i]);

		if (l <= left && l > best && memcmp(p, c->secrets[i], l) == 0)
			best = l;
	}
	return best;
}

size_t conn_scrub(const struct conn *c, const char *line, size_t len, char *out,
		  size_t n)
{
	static const char mark[] = "[redacted]";
	size_t in = 0, o = 0, l;

	if (n == 0)
		return 0;
	while (in < len && o + 1 < n) {
		l = secret_at(c, line + in, len - in);
		if (l == 0) {
			out[o++] = line[in++];
			continue;
		}
		/* Cut rather than let part of a secret through. */
		if (o + sizeof(mark) - 1 >= n)
			break;
		memcpy(out + o, mark, sizeof(mark) - 1);
		o += sizeof(mark) - 1;
		in += l;
	}
	out[o] = '\0';
	return o;
}

void conn_forget_secrets(struct conn *c)
{
	size_t i;

	for (i = 0; i < CONN_SECRETS; i++) {
		if (c->secrets[i] != NULL) {
			explicit_bzero(c->secrets[i], strlen(c->secrets[i]));
			free(c->secrets[i]);
			c->secrets[i] = NULL;
		}
	}
}

void conn_close(struct conn *c)
{
	conn_forget_secrets(c);
	if (c->tls != NULL)
		tls_close(c->tls);
	c->tls = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
