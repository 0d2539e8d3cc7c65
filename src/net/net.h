/* Name resolution, TCP connect and port probes, each bounded by a deadline
 * and each reporting structured evidence (errno, resolver code) rather than
 * a verdict: diagnose.c decides what it means. A cancel (cancel.h) ends
 * each of them early with the result its deadline would have given. */
#ifndef SMTPWIZ_NET_H
#define SMTPWIZ_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define NET_MAX_ADDRS 16

struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	char text[64]; /* numeric form, IPv6 without brackets */
};

struct net_addrs {
	size_t n;
	struct net_addr a[NET_MAX_ADDRS];
};

enum net_status {
	NET_OK,
	NET_DNS_NOT_FOUND, /* NXDOMAIN or no A/AAAA record */
	NET_DNS_FAILURE,   /* resolver failure (SERVFAIL, EAI_AGAIN...) */
	NET_DNS_TIMEOUT,   /* no answer before the deadline */
	NET_REFUSED,       /* RST: nothing listens */
	NET_TIMEOUT,       /* silently dropped */
	NET_UNREACHABLE,   /* ICMP unreachable, no route */
	NET_ERROR,         /* anything else; see sys_errno */
};

struct net_result {
	enum net_status status;
	int sys_errno; /* errno when relevant, else 0 */
	int gai_code;  /* getaddrinfo code when relevant, else 0 */
	char
	    detail[256]; /* gai_strerror/strerror text, untranslated evidence */
};

/* Resolves A and AAAA together. host is UTF-8; international names are
 * converted with libidn2. IP literals (with or without brackets) resolve to
 * themselves without a query. */
enum net_status net_resolve(const char *host, int64_t deadline,
			    struct net_addrs *out, struct net_result *res);

bool net_addr_is_loopback(const struct net_addr *a);
/* True when the address belongs to one of this machine's interfaces. */
bool net_addr_is_local(const struct net_addr *a);

struct net_attempt {
	struct net_addr addr;
	enum net_status status;
	int sys_errno;
	int elapsed_ms;
};

/* Connects to port on the addresses in turn, Happy Eyeballs style (RFC 8305:
 * alternate families, start the next attempt 250 ms after the previous one
 * without cancelling it, first to succeed wins), all before deadline.
 * Returns the connected, blocking fd, or -1. attempts records the outcome per
 * address tried (up to *n_attempts in; count out). */
int net_connect(const struct net_addrs *addrs, int port, int64_t deadline,
		struct net_attempt *attempts, size_t *n_attempts);

/* The same connect in steps, for a caller that wants to look at other
 * evidence while it goes on (the connect step's early verdict on a dropped
 * port): net_connect is start, run until the deadline, finish. NULL when out
 * of memory. */
struct net_dial;
struct net_dial *net_dial_start(const struct net_addrs *addrs, int port);
/* Goes on until one attempt connects (true), every attempt failed, or
 * until passes (false). Attempts keep running between calls, so their SYN
 * retransmissions follow the kernel's schedule. */
bool net_dial_run(struct net_dial *d, int64_t until);
/* Attempts may still connect. */
bool net_dial_pending(const struct net_dial *d);
/* Once every address has been tried: the addresses still waiting for an
 * answer (up to max copied, the count returned) and when the last of
 * them began; 0 before that. */
size_t net_dial_silent(const struct net_dial *d, struct net_addr *addrs,
		       size_t max, int64_t *last_start);
/* Ends the dial as net_connect does (pending attempts become timeouts) and
 * frees it: the connected fd or -1, and the attempts. */
int net_dial_finish(struct net_dial *d, struct net_attempt *attempts,
		    size_t *n_attempts);

struct net_probe {
	int port; /* in */
	enum net_status status;
	int sys_errno;
	int elapsed_ms; /* until the answer (SYN-ACK or reset) */
};

/* Probes every port concurrently (non-blocking connects polled together) on
 * one address and closes each socket at once: a firewall diagnosis, not a
 * session. */
void net_probe_ports(const struct net_addr *addr, struct net_probe *probes,
		     size_t n, int64_t deadline);
/* The same on several addresses at once: probes holds per probes for each
 * address in turn (probes[i] is on addrs[i / per]). */
void net_probe_hosts(const struct net_addr *addrs, size_t n_addrs,
		     struct net_probe *probes, size_t per, int64_t deadline);

/* "refused", "timeout", ... stable English words for evidence and JSON. */
const char *net_status_name(enum net_status st);

#endif
