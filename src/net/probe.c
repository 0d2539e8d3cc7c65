/* Probing other submission ports of an address in parallel, for evidence
 * when the configured one does not answer. */
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

/* ---- port probes ----------------------------------------------------- */

static void probe_settle(struct net_probe *p, int family, int err, int64_t t0)
{
	p->status = net_errno_status(family, err);
	p->sys_errno = err;
	p->elapsed_ms = (int)(clock_now_ms() - t0);
}

/* Probe i is on address addrs[i / per]. */
static size_t probes_start(const struct net_addr *addrs, size_t per,
			   struct net_probe *probes, struct pollfd *pfd,
			   size_t n, int64_t t0)
{
	size_t pending = 0;

	for (size_t i = 0; i < n; i++) {
		const struct net_addr *addr = &addrs[i / per];
		int err = net_start_connect(addr, probes[i].port, &pfd[i].fd);

		pfd[i].events = POLLOUT;
		if (err == EINPROGRESS) {
			pending++;
			continue;
		}
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
		pfd[i].fd = -1;
		probe_settle(&probes[i], addr->ss.ss_family, err, t0);
	}
	return pending;
}

static size_t probes_poll(const struct net_addr *addrs, size_t per,
			  struct net_probe *probes, struct pollfd *pfd,
			  size_t n, int timeout, int64_t t0)
{
	size_t done = 0;

	for (size_t i = 0; i < n; i++)
		pfd[i].revents = 0;
	if (poll(pfd, n, timeout) <= 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (pfd[i].fd < 0 || pfd[i].revents == 0)
			continue;
		probe_settle(&probes[i], addrs[i / per].ss.ss_family,
			     net_connect_error(pfd[i].fd), t0);
		close(pfd[i].fd);
		pfd[i].fd = -1;
		done++;
	}
	return done;
}

void net_probe_ports(const struct net_addr *addr, struct net_probe *probes,
		     size_t n, int64_t deadline)
{
	net_probe_hosts(addr, 1, probes, n, deadline);
}

void net_probe_hosts(const struct net_addr *addrs, size_t n_addrs,
		     struct net_probe *probes, size_t per, int64_t deadline)
{
	int64_t t0 = clock_now_ms();
	size_t n = n_addrs * per;
	struct pollfd *pfd;
	size_t pending;
	int slice;

	if (n == 0)
		return;
	pfd = calloc(n, sizeof(*pfd));
	if (pfd == NULL) {
		for (size_t i = 0; i < n; i++)
			probe_settle(&probes[i], AF_UNSPEC, ENOMEM, t0);
		return;
	}
	pending = probes_start(addrs, per, probes, pfd, n, t0);
	/* A cancel leaves the pending probes as timeouts, as the deadline
	 * would. */
	while (pending > 0 && (slice = cancel_slice_ms(deadline)) > 0)
		pending -= probes_poll(addrs, per, probes, pfd, n, slice, t0);
	for (size_t i = 0; i < n; i++) {
		if (pfd[i].fd < 0)
			continue;
		close(pfd[i].fd);
		probes[i].status = NET_TIMEOUT;
		probes[i].sys_errno = 0;
		probes[i].elapsed_ms = (int)(clock_now_ms() - t0);
	}
	free(pfd);
}
