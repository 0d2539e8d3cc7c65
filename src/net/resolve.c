/* Name resolution: literals at once, names through getaddrinfo_a so a
 * deadline and a cancel can abandon a stuck resolver. */
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
		return net_set_result(res, NET_ERROR, 0, EAI_NONAME,
				      "malformed bracketed address");
	memcpy(inner, host + 1, len - 2);
	inner[len - 2] = '\0';
	rc = numeric_lookup(
	    strncasecmp(inner, "IPv6:", 5) == 0 ? inner + 5 : inner, &ai);
	if (rc != 0)
		return net_set_result(res, NET_ERROR, 0, rc,
				      "bracketed host is not an IP address");
	st = net_fill_addrs(ai, out, res);
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
	*st = net_fill_addrs(ai, out, res);
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
		return net_set_result(res, NET_ERROR, ENOMEM, 0,
				      strerror(ENOMEM));
	list[0] = &lk->cb;
	rc = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL);
	if (rc != 0) {
		/* Not queued, so no thread holds it. */
		free(lk);
		return net_set_result(res, NET_ERROR, 0, rc, gai_strerror(rc));
	}
	rc = wait_lookup(lk, deadline);
	if (rc == EAI_INPROGRESS)
		rc = cancel_lookup(lk);
	if (rc == EAI_INPROGRESS)
		return net_set_result(res, NET_DNS_TIMEOUT, 0, 0,
				      "no answer before the deadline");
	st = rc == 0 ? net_fill_addrs(lk->cb.ar_result, out, res)
		     : net_gai_result(res, rc);
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
	net_set_result(res, NET_OK, 0, 0, "");
	if (host == NULL || host[0] == '\0')
		return net_set_result(res, NET_ERROR, EINVAL, 0,
				      "empty host name");
	if (resolve_literal(host, out, res, &st))
		return st;
	/* ASCII names go to the resolver untouched, so that IDNA rules cannot
	 * reject an odd name that DNS would happily answer. */
	if (is_ascii(host))
		return resolve_name(host, deadline, out, res);
	rc = idn2_lookup_u8((const uint8_t *)host, &ace,
			    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK)
		return net_set_result(res, NET_ERROR, 0, 0, idn2_strerror(rc));
	st = resolve_name((const char *)ace, deadline, out, res);
	idn2_free(ace);
	return st;
}
