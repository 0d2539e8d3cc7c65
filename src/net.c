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

#include "cancel.h"
#include "clock.h"
#include "net.h"

/* RFC 8305 section 5 recommends 250 ms between connection attempts. */
#define HE_DELAY_MS 250

/* ---- results --------------------------------------------------------- */

static enum net_status set_result(struct net_result *res, enum net_status st,
				  int sys_errno, int gai_code,
				  const char *detail)
{
	if (res == NULL)
		return st;
	res->status = st;
	res->sys_errno = sys_errno;
	res->gai_code = gai_code;
	snprintf(res->detail, sizeof(res->detail), "%s", detail);
	return st;
}

static enum net_status gai_status(int rc)
{
	switch (rc) {
	case 0:
		return NET_OK;
	case EAI_NONAME:
#ifdef EAI_NODATA
	case EAI_NODATA:
#endif
		return NET_DNS_NOT_FOUND;
	case EAI_AGAIN:
	case EAI_FAIL:
		return NET_DNS_FAILURE;
	default:
		return NET_ERROR;
	}
}

static enum net_status gai_result(struct net_result *res, int rc)
{
	return set_result(res, gai_status(rc), 0, rc, gai_strerror(rc));
}

const char *net_status_name(enum net_status st)
{
	switch (st) {
	case NET_OK:
		return "ok";
	case NET_DNS_NOT_FOUND:
		return "dns-not-found";
	case NET_DNS_FAILURE:
		return "dns-failure";
	case NET_DNS_TIMEOUT:
		return "dns-timeout";
	case NET_REFUSED:
		return "refused";
	case NET_TIMEOUT:
		return "timeout";
	case NET_UNREACHABLE:
		return "unreachable";
	case NET_ERROR:
		break;
	}
	return "error";
}

/* ---- addresses ------------------------------------------------------- */

/* The raw address bytes, so that comparisons ignore ports. */
static const void *ip_bytes(const struct sockaddr *sa, size_t *len)
{
	if (sa->sa_family == AF_INET) {
		*len = sizeof(struct in_addr);
		return &((const struct sockaddr_in *)(const void *)sa)
			    ->sin_addr;
	}
	if (sa->sa_family == AF_INET6) {
		*len = sizeof(struct in6_addr);
		return &((const struct sockaddr_in6 *)(const void *)sa)
			    ->sin6_addr;
	}
	*len = 0;
	return NULL;
}

static bool same_ip(const struct sockaddr *x, const struct sockaddr *y)
{
	size_t lx, ly;
	const void *bx = ip_bytes(x, &lx);
	const void *by = ip_bytes(y, &ly);

	return x->sa_family == y->sa_family && bx != NULL && lx == ly &&
	       memcmp(bx, by, lx) == 0;
}

static uint32_t scope_of(const struct sockaddr *sa)
{
	if (sa->sa_family != AF_INET6)
		return 0;
	return ((const struct sockaddr_in6 *)(const void *)sa)->sin6_scope_id;
}

static bool already_listed(const struct net_addrs *out,
			   const struct sockaddr *sa)
{
	for (size_t i = 0; i < out->n; i++) {
		const struct sockaddr *have =
		    (const struct sockaddr *)&out->a[i].ss;

		/* fe80::1%eth0 and fe80::1%eth1 are different hosts. */
		if (same_ip(have, sa) && scope_of(have) == scope_of(sa))
			return true;
	}
	return false;
}

static void add_addr(struct net_addrs *out, const struct sockaddr *sa,
		     socklen_t len)
{
	struct net_addr *a;
	size_t blen;
	const void *bytes = ip_bytes(sa, &blen);

	if (bytes == NULL || out->n >= NET_MAX_ADDRS || len > sizeof(a->ss) ||
	    already_listed(out, sa))
		return;
	a = &out->a[out->n++];
	memset(a, 0, sizeof(*a));
	memcpy(&a->ss, sa, len);
	a->len = len;
	if (inet_ntop(sa->sa_family, bytes, a->text, sizeof(a->text)) == NULL)
		a->text[0] = '\0';
}

static enum net_status fill_addrs(const struct addrinfo *ai,
				  struct net_addrs *out, struct net_result *res)
{
	for (; ai != NULL; ai = ai->ai_next)
		add_addr(out, ai->ai_addr, ai->ai_addrlen);
	if (out->n == 0)
		return set_result(res, NET_DNS_NOT_FOUND, 0, 0,
				  "no IPv4 or IPv6 address");
	return set_result(res, NET_OK, 0, 0, "");
}

bool net_addr_is_loopback(const struct net_addr *a)
{
	const struct sockaddr *sa = (const struct sockaddr *)&a->ss;
	const struct in6_addr *in6;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family != AF_INET6)
		return false;
	in6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	return IN6_IS_ADDR_LOOPBACK(in6) ||
	       (IN6_IS_ADDR_V4MAPPED(in6) && in6->s6_addr[12] == 127);
}

/* Interfaces list IPv4 addresses as AF_INET even when we were handed the
 * ::ffff:a.b.c.d form. */
static void unmap_v4(const struct sockaddr *sa, struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *in6 = (const void *)sa;
	struct sockaddr_in *in = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (sa->sa_family != AF_INET6 ||
	    !IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
		memcpy(ss, sa,
		       sa->sa_family == AF_INET6 ? sizeof(*in6)
						 : sizeof(struct sockaddr_in));
		return;
	}
	in->sin_family = AF_INET;
	memcpy(&in->sin_addr, &in6->sin6_addr.s6_addr[12], 4);
}

bool net_addr_is_local(const struct net_addr *a)
{
	const struct sockaddr *sa = (const struct sockaddr *)&a->ss;
	struct sockaddr_storage want;
	struct ifaddrs *ifs, *p;
	bool found = false;

	/* All of 127/8 reaches this host, yet lo only lists 127.0.0.1. */
	if (net_addr_is_loopback(a))
		return true;
	if (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)
		return false;
	unmap_v4(sa, &want);
	if (getifaddrs(&ifs) != 0)
		return false;
	for (p = ifs; p != NULL && !found; p = p->ifa_next)
		found = p->ifa_addr != NULL &&
			same_ip(p->ifa_addr, (const struct sockaddr *)&want);
	freeifaddrs(ifs);
	return found;
}

/* ---- resolution: literals -------------------------------------------- */

static int numeric_lookup(const char *host, struct addrinfo **ai)
{
	struct addrinfo hints;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	return getaddrinfo(host, NULL, &hints, ai);
}

/* "[::1]", "[127.0.0.1]" and the RFC 5321 "[IPv6:::1]" all name a literal;
 * anything else between brackets is a mistake, never a host name. */
static enum net_status resolve_bracketed(const char *host,
					 struct net_addrs *out,
					 struct net_result *res)
{
	char inner[128];
	size_t len = strlen(host);
	struct addrinfo *ai;
	enum net_status st;
	int rc;

	if (len < 3 || host[len - 1] != ']' || len - 2 >= sizeof(inner))
		return set_result(res, NET_ERROR, 0, EAI_NONAME,
				  "malformed bracketed address");
	memcpy(inner, host + 1, len - 2);
	inner[len - 2] = '\0';
	rc = numeric_lookup(
	    strncasecmp(inner, "IPv6:", 5) == 0 ? inner + 5 : inner, &ai);
	if (rc != 0)
		return set_result(res, NET_ERROR, 0, rc,
				  "bracketed host is not an IP address");
	st = fill_addrs(ai, out, res);
	freeaddrinfo(ai);
	return st;
}

/* True when host is an IP literal, which then needs no query at all. */
static bool resolve_literal(const char *host, struct net_addrs *out,
			    struct net_result *res, enum net_status *st)
{
	struct addrinfo *ai;

	if (host[0] == '[') {
		*st = resolve_bracketed(host, out, res);
		return true;
	}
	if (numeric_lookup(host, &ai) != 0)
		return false;
	*st = fill_addrs(ai, out, res);
	freeaddrinfo(ai);
	return true;
}

/* ---- resolution: names ----------------------------------------------- */

/* One heap block per lookup: glibc's resolver thread writes into cb and
 * reads name and hints until the lookup completes, which may be long after
 * we gave up on it. */
struct lookup {
	struct gaicb cb;
	struct addrinfo hints;
	struct lookup *next;
	char name[];
};

/* Lookups that timed out while a resolver thread was already running them
 * (gai_cancel said EAI_NOTCANCELED). Freeing them would be a use-after-free,
 * and glibc offers no completion hook short of a thread per lookup, so they
 * are parked here and freed by a later net_resolve once gai_error says the
 * thread is done. At most the lookups abandoned since the last call stay
 * allocated; at exit they are still reachable, not lost. */
static pthread_mutex_t abandoned_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lookup *abandoned;

static void lookup_free(struct lookup *lk)
{
	if (lk->cb.ar_result != NULL)
		freeaddrinfo(lk->cb.ar_result);
	free(lk);
}

static void abandon(struct lookup *lk)
{
	pthread_mutex_lock(&abandoned_lock);
	lk->next = abandoned;
	abandoned = lk;
	pthread_mutex_unlock(&abandoned_lock);
}

static void reap_abandoned(void)
{
	struct lookup **pp, *lk;

	pthread_mutex_lock(&abandoned_lock);
	pp = &abandoned;
	while ((lk = *pp) != NULL) {
		if (gai_error(&lk->cb) == EAI_INPROGRESS) {
			pp = &lk->next;
			continue;
		}
		*pp = lk->next;
		lookup_free(lk);
	}
	pthread_mutex_unlock(&abandoned_lock);
}

static struct lookup *lookup_new(const char *name)
{
	size_t len = strlen(name) + 1;
	struct lookup *lk = calloc(1, sizeof(*lk) + len);

	if (lk == NULL)
		return NULL;
	memcpy(lk->name, name, len);
	/* No AI_ADDRCONFIG: list AAAA records even on an IPv4-only host, the
	 * diagnosis wants to see them. */
	lk->hints.ai_family = AF_UNSPEC;
	lk->hints.ai_socktype = SOCK_STREAM;
	lk->cb.ar_name = lk->name;
	lk->cb.ar_request = &lk->hints;
	return lk;
}

/* A cancelled lookup ends like one that ran out of time: still in
 * progress, for resolve_name to cancel or abandon. */
static int wait_lookup(struct lookup *lk, int64_t deadline)
{
	const struct gaicb *list[1] = {&lk->cb};
	struct timespec ts;
	int rc, slice;

	while ((rc = gai_error(&lk->cb)) == EAI_INPROGRESS) {
		slice = cancel_slice_ms(deadline);
		if (slice <= 0)
			break;
		ts.tv_sec = slice / 1000;
		ts.tv_nsec = (slice % 1000) * 1000000L;
		gai_suspend(list, 1, &ts);
	}
	return rc;
}

/* Returns the lookup's final code, or EAI_INPROGRESS when lk now belongs to
 * the abandoned list or has been freed. A successful cancel (the request was
 * still queued) costs a small leak inside glibc 2.36: __gai_remove_request
 * unlinks the request without freeing the waitlist getaddrinfo_a(GAI_NOWAIT)
 * hung on it, about 100 bytes, nothing we can reach. */
static int cancel_lookup(struct lookup *lk)
{
	int rc = gai_cancel(&lk->cb);

	if (rc == EAI_CANCELED) {
		lookup_free(lk);
		return EAI_INPROGRESS;
	}
	/* EAI_ALLDONE: it finished between the last wait and the cancel. */
	if (rc == EAI_ALLDONE && gai_error(&lk->cb) != EAI_INPROGRESS)
		return gai_error(&lk->cb);
	abandon(lk);
	return EAI_INPROGRESS;
}

static enum net_status resolve_name(const char *name, int64_t deadline,
				    struct net_addrs *out,
				    struct net_result *res)
{
	struct gaicb *list[1];
	struct lookup *lk;
	enum net_status st;
	int rc;

	reap_abandoned();
	lk = lookup_new(name);
	if (lk == NULL)
		return set_result(res, NET_ERROR, ENOMEM, 0, strerror(ENOMEM));
	list[0] = &lk->cb;
	rc = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL);
	if (rc != 0) {
		/* Not queued, so no thread holds it. */
		free(lk);
		return set_result(res, NET_ERROR, 0, rc, gai_strerror(rc));
	}
	rc = wait_lookup(lk, deadline);
	if (rc == EAI_INPROGRESS)
		rc = cancel_lookup(lk);
	if (rc == EAI_INPROGRESS)
		return set_result(res, NET_DNS_TIMEOUT, 0, 0,
				  "no answer before the deadline");
	st = rc == 0 ? fill_addrs(lk->cb.ar_result, out, res)
		     : gai_result(res, rc);
	lookup_free(lk);
	return st;
}

static bool is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

enum net_status net_resolve(const char *host, int64_t deadline,
			    struct net_addrs *out, struct net_result *res)
{
	uint8_t *ace = NULL;
	enum net_status st;
	int rc;

	out->n = 0;
	set_result(res, NET_OK, 0, 0, "");
	if (host == NULL || host[0] == '\0')
		return set_result(res, NET_ERROR, EINVAL, 0, "empty host name");
	if (resolve_literal(host, out, res, &st))
		return st;
	/* ASCII names go to the resolver untouched, so that IDNA rules cannot
	 * reject an odd name that DNS would happily answer. */
	if (is_ascii(host))
		return resolve_name(host, deadline, out, res);
	rc = idn2_lookup_u8((const uint8_t *)host, &ace,
			    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK)
		return set_result(res, NET_ERROR, 0, 0, idn2_strerror(rc));
	st = resolve_name((const char *)ace, deadline, out, res);
	idn2_free(ace);
	return st;
}

/* ---- connecting ------------------------------------------------------ */

static enum net_status classify(int family, int err)
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
static int start_connect(const struct net_addr *a, int port, int *fdp)
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
static int connect_error(int fd)
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
	err = start_connect(a, h->port, &h->fd[i]);
	if (err == 0 || err == EINPROGRESS) {
		h->in_flight++;
		h->next_at = h->t0[i] + HE_DELAY_MS;
	}
	if (err == 0)
		h->winner = (int)i;
	else if (err != EINPROGRESS)
		he_settle(h, i, classify(a->ss.ss_family, err), err);
}

/* A failed attempt lets the next one start at once (RFC 8305 section 5). */
static void he_check(struct he *h, size_t i)
{
	int err = connect_error(h->fd[i]);

	if (err == 0 && h->winner < 0) {
		h->winner = (int)i;
		return;
	}
	he_settle(h, i, classify(h->order[i]->ss.ss_family, err), err);
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

int net_connect(const struct net_addrs *addrs, int port, int64_t deadline,
		struct net_attempt *attempts, size_t *n_attempts)
{
	struct he h;
	size_t cap = attempts != NULL && n_attempts != NULL ? *n_attempts : 0;
	int fd;

	memset(&h, 0, sizeof(h));
	for (size_t i = 0; i < NET_MAX_ADDRS; i++)
		h.fd[i] = -1;
	h.port = port;
	h.winner = -1;
	if (addrs != NULL)
		he_order(&h, addrs);
	he_run(&h, deadline);
	fd = he_finish(&h);
	if (cap > h.started)
		cap = h.started;
	if (cap > 0)
		memcpy(attempts, h.rec, cap * sizeof(*attempts));
	if (n_attempts != NULL)
		*n_attempts = cap;
	return fd;
}

/* ---- port probes ----------------------------------------------------- */

static void probe_settle(struct net_probe *p, int family, int err)
{
	p->status = classify(family, err);
	p->sys_errno = err;
}

static size_t probes_start(const struct net_addr *addr,
			   struct net_probe *probes, struct pollfd *pfd,
			   size_t n)
{
	size_t pending = 0;

	for (size_t i = 0; i < n; i++) {
		int err = start_connect(addr, probes[i].port, &pfd[i].fd);

		pfd[i].events = POLLOUT;
		if (err == EINPROGRESS) {
			pending++;
			continue;
		}
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
		pfd[i].fd = -1;
		probe_settle(&probes[i], addr->ss.ss_family, err);
	}
	return pending;
}

static size_t probes_poll(const struct net_addr *addr, struct net_probe *probes,
			  struct pollfd *pfd, size_t n, int timeout)
{
	size_t done = 0;

	for (size_t i = 0; i < n; i++)
		pfd[i].revents = 0;
	if (poll(pfd, n, timeout) <= 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (pfd[i].fd < 0 || pfd[i].revents == 0)
			continue;
		probe_settle(&probes[i], addr->ss.ss_family,
			     connect_error(pfd[i].fd));
		close(pfd[i].fd);
		pfd[i].fd = -1;
		done++;
	}
	return done;
}

void net_probe_ports(const struct net_addr *addr, struct net_probe *probes,
		     size_t n, int64_t deadline)
{
	struct pollfd *pfd;
	size_t pending;
	int slice;

	if (n == 0)
		return;
	pfd = calloc(n, sizeof(*pfd));
	if (pfd == NULL) {
		for (size_t i = 0; i < n; i++)
			probe_settle(&probes[i], AF_UNSPEC, ENOMEM);
		return;
	}
	pending = probes_start(addr, probes, pfd, n);
	/* A cancel leaves the pending probes as timeouts, as the deadline
	 * would. */
	while (pending > 0 && (slice = cancel_slice_ms(deadline)) > 0)
		pending -= probes_poll(addr, probes, pfd, n, slice);
	for (size_t i = 0; i < n; i++) {
		if (pfd[i].fd < 0)
			continue;
		close(pfd[i].fd);
		probes[i].status = NET_TIMEOUT;
		probes[i].sys_errno = 0;
	}
	free(pfd);
}
