/* Connecting with Happy Eyeballs (RFC 8305) under a deadline. */
#include <config.h>

/* getaddrinfo_a, gai_suspend and EAI_NODATA are GNU extensions; config.h
 * normally asks for them already (AC_USE_SYSTEM_EXTENSIONS). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <idn2.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "net/net.h"
#include "net/net_impl.h"

/* RFC 8305 section 5 recommends 250 ms between connection attempts. */
#define HE_DELAY_MS 250

/* ---- connecting ------------------------------------------------------ */

enum net_status net_errno_status(int family, int err)
{
	switch (err) {
	case 0:
		return NET_OK;
	case ECONNREFUSED:
		return NET_REFUSED;
	case ETIMEDOUT:
		return NET_TIMEOUT;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case ENETDOWN:
		return NET_UNREACHABLE;
	case EADDRNOTAVAIL:
		/* IPv6 without a usable source address; for IPv4 it means
		 * local ports ran out, a local error. */
		return family == AF_INET6 ? NET_UNREACHABLE : NET_ERROR;
	default:
		return NET_ERROR;
	}
}

/* The length comes from the family, not from a->len, so that a hand-built
 * address cannot make connect() read past the structure. */
static int with_port(const struct net_addr *a, int port,
		     struct sockaddr_storage *ss, socklen_t *len)
{
	if (port < 1 || port > 65535)
		return EINVAL;
	memcpy(ss, &a->ss, sizeof(*ss));
	if (ss->ss_family == AF_INET) {
		((struct sockaddr_in *)(void *)ss)->sin_port =
		    htons((uint16_t)port);
		*len = sizeof(struct sockaddr_in);
	} else if (ss->ss_family == AF_INET6) {
		((struct sockaddr_in6 *)(void *)ss)->sin6_port =
		    htons((uint16_t)port);
		*len = sizeof(struct sockaddr_in6);
	} else {
		return EAFNOSUPPORT;
	}
	return 0;
}

/* Returns 0 (connected, *fdp set), EINPROGRESS (pending, *fdp set) or the
 * errno of an immediate failure (*fdp is -1, nothing left open). */
int net_start_connect(const struct net_addr *a, int port, int *fdp)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, err;

	*fdp = -1;
	err = with_port(a, port, &ss, &len);
	if (err != 0)
		return err;
	fd =
	    socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (connect(fd, (struct sockaddr *)&ss, len) == 0) {
		*fdp = fd;
		return 0;
	}
	err = errno;
	/* An interrupted non-blocking connect goes on in the background. */
	if (err == EINPROGRESS || err == EINTR) {
		*fdp = fd;
		return EINPROGRESS;
	}
	close(fd);
	return err;
}

/* The outcome of a connect that poll() reported on. */
int net_connect_error(int fd)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		return errno;
	if (err != 0)
		return err;
	len = sizeof(peer);
	if (getpeername(fd, (struct sockaddr *)&peer, &len) != 0)
		return errno == ENOTCONN ? ECONNRESET : errno;
	return 0;
}

/* Happy Eyeballs state. Attempt i is always order[i]: each address is tried
 * at most once, in order. */
struct he {
	const struct net_addr *order[NET_MAX_ADDRS];
	size_t n_order;
	size_t started;
	size_t in_flight;
	int fd[NET_MAX_ADDRS];
	int64_t t0[NET_MAX_ADDRS];
	struct net_attempt rec[NET_MAX_ADDRS];
	int64_t next_at; /* when the next attempt may start */
	int port;
	int winner; /* index of the connected attempt, or -1 */
};

/* RFC 8305 section 4: alternate families, IPv6 first. */
static void he_order(struct he *h, const struct net_addrs *addrs)
{
	const struct net_addr *v6[NET_MAX_ADDRS], *v4[NET_MAX_ADDRS];
	size_t n6 = 0, n4 = 0, n = addrs->n;

	if (n > NET_MAX_ADDRS)
		n = NET_MAX_ADDRS;
	for (size_t i = 0; i < n; i++) {
		if (addrs->a[i].ss.ss_family == AF_INET6)
			v6[n6++] = &addrs->a[i];
		else
			v4[n4++] = &addrs->a[i];
	}
	h->n_order = 0;
	for (size_t i = 0; i < n6 || i < n4; i++) {
		if (i < n6)
			h->order[h->n_order++] = v6[i];
		if (i < n4)
			h->order[h->n_order++] = v4[i];
	}
}

static void he_settle(struct he *h, size_t i, enum net_status st, int err)
{
	struct net_attempt *r = &h->rec[i];

	r->status = st;
	r->sys_errno = err;
	r->elapsed_ms = (int)(clock_now_ms() - h->t0[i]);
	if (h->fd[i] >= 0) {
		close(h->fd[i]);
		h->fd[i] = -1;
		h->in_flight--;
	}
}

static void he_start_next(struct he *h)
{
	size_t i = h->started++;
	const struct net_addr *a = h->order[i];
	int err;

	h->rec[i].addr = *a;
	h->t0[i] = clock_now_ms();
	err = net_start_connect(a, h->port, &h->fd[i]);
	if (err == 0 || err == EINPROGRESS) {
		h->in_flight++;
		h->next_at = h->t0[i] + HE_DELAY_MS;
	}
	if (err == 0)
		h->winner = (int)i;
	else if (err != EINPROGRESS)
		he_settle(h, i, net_errno_status(a->ss.ss_family, err), err);
}

/* A failed attempt lets the next one start at once (RFC 8305 section 5). */
static void he_check(struct he *h, size_t i)
{
	int err = net_connect_error(h->fd[i]);

	if (err == 0 && h->winner < 0) {
		h->winner = (int)i;
		return;
	}
	he_settle(h, i, net_errno_status(h->order[i]->ss.ss_family, err), err);
	h->next_at = clock_now_ms();
}

static void he_poll(struct he *h, int timeout)
{
	struct pollfd pfd[NET_MAX_ADDRS];

	for (size_t i = 0; i < h->started; i++) {
		pfd[i].fd = h->fd[i];
		pfd[i].events = POLLOUT;
		pfd[i].revents = 0;
	}
	if (poll(pfd, h->started, timeout) <= 0)
		return;
	for (size_t i = 0; i < h->started; i++)
		if (pfd[i].fd >= 0 && pfd[i].revents != 0 &&
		    (int)i != h->winner)
			he_check(h, i);
}

static int he_wait_ms(const struct he *h, int64_t now, int64_t deadline)
{
	int64_t until = deadline;

	if (h->started < h->n_order && h->next_at < until)
		until = h->next_at;
	return until <= now ? 0 : (int)(until - now);
}

/* A cancel ends the attempts as the deadline would: the pending ones
 * become timeouts in he_finish. */
static void he_run(struct he *h, int64_t deadline)
{
	int64_t now;
	int wait, slice;

	while (h->winner < 0 && (now = clock_now_ms()) < deadline &&
	       !cancel_requested()) {
		if (h->started < h->n_order &&
		    (h->in_flight == 0 || now >= h->next_at)) {
			he_start_next(h);
			continue;
		}
		if (h->in_flight == 0)
			break;
		wait = he_wait_ms(h, now, deadline);
		slice = cancel_slice_ms(deadline);
		he_poll(h, wait < slice ? wait : slice);
	}
}

static int set_blocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		return errno;
	return 0;
}

/* The session writes each command group, and each TLS flight, as soon as
 * it is complete; Nagle's algorithm would hold a small write (the TLS
 * Finished after GnuTLS's separate ChangeCipherSpec, the EHLO right after
 * the Finished) until the peer acknowledged the previous one: a round trip
 * plus the peer's delayed-ACK time each, measured at 1.5 round trips per
 * STARTTLS session (tests/bench). Failure only costs that speed. */
static void set_nodelay(int fd)
{
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* Attempts still pending become NET_TIMEOUT: with sys_errno 0 when the
 * deadline ran out, with ECANCELED when another address won first (they were
 * only given until then, which says little about the address). */
static int he_finish(struct he *h)
{
	int fd = -1, err;

	for (size_t i = 0; i < h->started; i++)
		if (h->fd[i] >= 0 && (int)i != h->winner)
			he_settle(h, i, NET_TIMEOUT,
				  h->winner >= 0 ? ECANCELED : 0);
	if (h->winner < 0)
		return -1;
	fd = h->fd[h->winner];
	err = set_blocking(fd);
	if (err != 0) {
		he_settle(h, (size_t)h->winner, NET_ERROR, err);
		return -1;
	}
	set_nodelay(fd);
	h->fd[h->winner] = -1;
	he_settle(h, (size_t)h->winner, NET_OK, 0);
	return fd;
}

struct net_dial {
	struct he h;
};

struct net_dial *net_dial_start(const struct net_addrs *addrs, int port)
{
	struct net_dial *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < NET_MAX_ADDRS; i++)
		d->h.fd[i] = -1;
	d->h.port = port;
	d->h.winner = -1;
	if (addrs != NULL)
		he_order(&d->h, addrs);
	return d;
}

bool net_dial_run(struct net_dial *d, int64_t until)
{
	he_run(&d->h, until);
	return d->h.winner >= 0;
}

bool net_dial_pending(const struct net_dial *d)
{
	return d->h.winner < 0 &&
	       (d->h.in_flight > 0 || d->h.started < d->h.n_order);
}

size_t net_dial_silent(const struct net_dial *d, struct net_addr *addrs,
		       size_t max, int64_t *last_start)
{
	size_t n = 0;

	*last_start = -1;
	if (d->h.started < d->h.n_order)
		return 0;
	for (size_t i = 0; i < d->h.started; i++) {
		if (d->h.fd[i] < 0 || (int)i == d->h.winner)
			continue;
		if (n < max)
			addrs[n] = *d->h.order[i];
		n++;
		if (d->h.t0[i] > *last_start)
			*last_start = d->h.t0[i];
	}
	return n;
}

int net_dial_finish(struct net_dial *d, struct net_attempt *attempts,
		    size_t *n_attempts)
{
	size_t cap = attempts != NULL && n_attempts != NULL ? *n_attempts : 0;
	int fd;

	fd = he_finish(&d->h);
	if (cap > d->h.started)
		cap = d->h.started;
	if (cap > 0)
		memcpy(attempts, d->h.rec, cap * sizeof(*attempts));
	if (n_attempts != NULL)
		*n_attempts = cap;
	free(d);
	return fd;
}

int net_connect(const struct net_addrs *addrs, int port, int64_t deadline,
		struct net_attempt *attempts, size_t *n_attempts)
{
	struct net_dial *d = net_dial_start(addrs, port);

	if (d == NULL) {
		if (n_attempts != NULL)
			*n_attempts = 0;
		return -1;
	}
	net_dial_run(d, deadline);
	return net_dial_finish(d, attempts, n_attempts);
}
