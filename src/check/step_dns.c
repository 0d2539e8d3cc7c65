/* The `dns` step: the host's addresses, and the mistakes a name can hide
 * (a domain's incoming MX instead of its submission server, a name that
 * points home). */
#include <config.h>

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <time.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "knowledge/lookup.h"
#include "knowledge/providers.h"
#include "check/steps.h"

static bool all_local(const struct net_addrs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (!net_addr_is_loopback(&a->a[i]) &&
		    !net_addr_is_local(&a->a[i]))
			return false;
	return a->n > 0;
}

/* An address typed as the host is a deliberate choice, not a name that
 * unexpectedly points home: no lookup, no loopback warning. */
static bool is_literal(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];
	char tmp[64];
	size_t n = strlen(host);

	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' &&
	    n - 2 < sizeof(tmp)) {
		memcpy(tmp, host + 1, n - 2);
		tmp[n - 2] = '\0';
		host = tmp;
	}
	return inet_pton(AF_INET, host, buf) == 1 ||
	       inet_pton(AF_INET6, host, buf) == 1;
}

/* A name that says "this machine" is a deliberate local relay (Postfix on
 * localhost, a bridge), not a name that unexpectedly points home: RFC 6761
 * section 6.3 reserves localhost and *.localhost for loopback, and Debian
 * maps the machine's own host name to 127.0.1.1 in /etc/hosts. */
static bool names_this_machine(const char *host)
{
	static const char suffix[] = ".localhost";
	char self[256];
	size_t n = strlen(host), k;

	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.localdomain") == 0 ||
	    (n > sizeof(suffix) - 1 &&
	     strcasecmp(host + n - (sizeof(suffix) - 1), suffix) == 0))
		return true;
	if (gethostname(self, sizeof(self)) != 0)
		return false;
	self[sizeof(self) - 1] = '\0';
	k = strcspn(self, ".");
	return self[0] != '\0' &&
	       (strcasecmp(host, self) == 0 ||
		(strlen(host) == k && strncasecmp(host, self, k) == 0));
}

static const char *dns_cause(enum net_status st)
{
	return st == NET_DNS_NOT_FOUND ? "dns-not-found" : "dns-failure";
}

/* Only a DNS name can be some domain's MX: not an address literal, and
 * not localhost (RFC 6761). */
static bool is_dns_name(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];
	size_t len = strlen(host);

	if (host[0] == '[' || inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1)
		return false;
	if (len > 0 && host[len - 1] == '.')
		len--;
	return !(len == 9 && strncasecmp(host, "localhost", 9) == 0) &&
	       !(len > 10 &&
		 strncasecmp(host + len - 10, ".localhost", 10) == 0);
}

/* Host names compare without case and without a trailing dot. */
static bool same_host(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	la -= la > 0 && a[la - 1] == '.';
	lb -= lb > 0 && b[lb - 1] == '.';
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* lookup_mx blocks in glibc's res_nquery, which nothing interrupts: it runs
 * in a thread of its own while the step waits on a condition in slices, so
 * that a cancel ends the wait at once. The thread then finishes on its own
 * (its deadline bounds it) and the last of the two frees the job. */
struct mx_job {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	int refs; /* the step and the thread */
	bool done;
	int64_t deadline;
	enum lookup_status st;
	struct lookup_mx_list mx;
	char domain[LOOKUP_NAME_MAX];
};

/* glibc's resolver counts whole seconds, so lookup_mx may end up to about a
 * second after its deadline: the wait allows for that. */
#define MX_GRACE_MS 2000

static void mx_job_put(struct mx_job *j)
{
	bool last;

	pthread_mutex_lock(&j->lock);
	last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (!last)
		return;
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

static void *mx_thread(void *arg)
{
	struct mx_job *j = arg;
	struct lookup_query q;
	enum lookup_status st = lookup_mx(j->domain, j->deadline, &j->mx, &q);

	pthread_mutex_lock(&j->lock);
	j->st = st;
	j->done = true;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->lock);
	mx_job_put(j);
	return NULL;
}

/* With j->lock held. */
static void mx_wait(struct mx_job *j)
{
	int64_t until = j->deadline + MX_GRACE_MS;
	struct timespec ts;
	int slice;

	while (!j->done && (slice = cancel_slice_ms(until)) > 0) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += slice / 1000;
		ts.tv_nsec += (slice % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_clockwait(&j->cv, &j->lock, CLOCK_MONOTONIC, &ts);
	}
}

static enum lookup_status mx_lookup(const char *domain, int64_t deadline,
				    struct lookup_mx_list *out)
{
	struct mx_job *j = calloc(1, sizeof(*j));
	struct lookup_query q;
	enum lookup_status st;
	pthread_t tid;

	if (j == NULL)
		return lookup_mx(domain, deadline, out, &q);
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cv, NULL);
	j->refs = 2;
	j->deadline = deadline;
	snprintf(j->domain, sizeof(j->domain), "%s", domain);
	if (pthread_create(&tid, NULL, mx_thread, j) != 0) {
		j->refs = 1;
		mx_job_put(j);
		return lookup_mx(domain, deadline, out, &q);
	}
	pthread_detach(tid);
	pthread_mutex_lock(&j->lock);
	mx_wait(j);
	st = j->done ? j->st : LOOKUP_TIMEOUT;
	if (j->done)
		*out = j->mx;
	pthread_mutex_unlock(&j->lock);
	mx_job_put(j);
	return st;
}

/* Whether host is one of the MX hosts of the sender's domain; adds the
 * record as evidence. A failed MX lookup proves nothing: no warning. */
static bool mx_of_sender(struct run *run, const char *host, char *domain,
			 size_t n)
{
	const char *from = run->settings->from;
	struct lookup_mx_list mx;

	if (from == NULL || strchr(from, '@') == NULL ||
	    lookup_domain_of(from, domain, n) != 0 ||
	    mx_lookup(domain, step_deadline(run), &mx) != LOOKUP_FOUND)
		return false;
	for (size_t i = 0; i < mx.n; i++)
		if (same_host(mx.mx[i].host, host)) {
			step_add_evidence(&run->result->steps[STEP_DNS],
					  _("%s is an incoming mail server (MX "
					    "%d) of the sender's domain %s"),
					  host, mx.mx[i].preference, domain);
			return true;
		}
	return false;
}

/* The classic mistake: the host is where a domain receives its mail (its
 * MX), not the server that takes mail to send. Recognised from the sender
 * domain's MX records, or from a provider's MX host names. */
static bool host_is_mx(struct run *run)
{
	struct step *st = &run->result->steps[STEP_DNS];
	const char *host = run->settings->host;
	const struct preset *p = NULL;
	char domain[LOOKUP_NAME_MAX] = "";
	bool mx;

	/* Not worth a lookup for a run that has been cancelled. */
	if (!is_dns_name(host) || run_cancelled(run))
		return false;
	/* Some providers' submission hosts share a name with their MX
	 * patterns' domains: a known submission host is never an MX. */
	if (providers_match_host(host) == NULL)
		p = providers_match_mx(host);
	mx = mx_of_sender(run, host, domain, sizeof(domain));
	if (!mx && p == NULL)
		return false;
	if (!mx)
		step_add_evidence(st,
				  _("%s is an incoming mail server (MX) of %s"),
				  host, p->name);
	step_cause(run, STEP_DNS, "dns-mx-host", p ? p->provider : NULL);
	if (p != NULL)
		step_add_hint(st,
			      _("For %s, the submission server is %s, port "
				"%ld with %s."),
			      p->name, p->host, p->port,
			      settings_tls_label(p->tls));
	else
		step_add_hint(st,
			      _("smtpwiz --lookup %s shows what the domain "
				"publishes for submission."),
			      domain);
	step_end(run, STEP_DNS, ST_WARN);
	return true;
}

enum step_status step_dns(struct run *run)
{
	struct step *st = &run->result->steps[STEP_DNS];
	const char *host = run->settings->host;
	struct net_result res;
	enum net_status ns;
	size_t i;

	step_begin(run, STEP_DNS);
	ns = net_resolve(host, step_deadline(run), &run->addrs, &res);
	if (ns != NET_OK && step_cancelled(run, STEP_DNS))
		return ST_SKIP;
	if (ns != NET_OK) {
		step_add_evidence(st, _("lookup of %s: %s"), host, res.detail);
		step_verdict(run, STEP_DNS, ST_FAIL, dns_cause(ns), NULL);
		return ST_FAIL;
	}
	if (is_literal(host)) {
		snprintf(st->summary, sizeof(st->summary),
			 _("%s is an IP address: no lookup needed"), host);
		step_end(run, STEP_DNS, ST_PASS);
		return ST_PASS;
	}
	for (i = 0; i < run->addrs.n; i++)
		step_add_evidence(st, "%s -> %s", host, run->addrs.a[i].text);
	/* Before the loopback check: pointing at a domain's MX is the more
	 * specific mistake, and a test can only show it on loopback. */
	if (host_is_mx(run))
		return ST_WARN;
	if (all_local(&run->addrs) && !names_this_machine(host)) {
		step_verdict(run, STEP_DNS, ST_WARN, "dns-loopback", NULL);
		return ST_WARN;
	}
	snprintf(st->summary, sizeof(st->summary),
		 ngettext("%s has %zu address", "%s has %zu addresses",
			  run->addrs.n),
		 host, run->addrs.n);
	step_end(run, STEP_DNS, ST_PASS);
	return ST_PASS;
}
