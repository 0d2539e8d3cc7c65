/* Results and addresses shared by resolving, connecting and probing. */
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

/* ---- results --------------------------------------------------------- */

enum net_status net_set_result(struct net_result *res, enum net_status st,
			       int sys_errno, int gai_code, const char *detail)
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

enum net_status net_gai_result(struct net_result *res, int rc)
{
	return net_set_result(res, gai_status(rc), 0, rc, gai_strerror(rc));
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

enum net_status net_fill_addrs(const struct addrinfo *ai, struct net_addrs *out,
			       struct net_result *res)
{
	for (; ai != NULL; ai = ai->ai_next)
		add_addr(out, ai->ai_addr, ai->ai_addrlen);
	if (out->n == 0)
		return net_set_result(res, NET_DNS_NOT_FOUND, 0, 0,
				      "no IPv4 or IPv6 address");
	return net_set_result(res, NET_OK, 0, 0, "");
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
