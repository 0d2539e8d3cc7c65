/* The `dns` and `connect` steps. When the port fails, the other submission
 * ports are probed at the same time, so the report can say "587 is dropped,
 * 465 answers" instead of a bare timeout. */
#include <config.h>

#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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

static const int submission_ports[] = {25, 465, 587, 2525};
#define N_PORTS (sizeof(submission_ports) / sizeof(submission_ports[0]))

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

struct probe_job {
	struct net_addr addr;
	struct net_probe probes[N_PORTS];
	size_t n;
	int64_t deadline;
	atomic_bool done; /* set by the probe thread when it has results */
	int dropped_ms;   /* the early verdict came after this long, or 0 */
	int rtt_ms;       /* the other ports' slowest answer */
};

static void *probe_thread(void *arg)
{
	struct probe_job *job = arg;

	/* Part of the check: a cancel stops the probes too. */
	cancel_bind(true);
	net_probe_ports(&job->addr, job->probes, job->n, job->deadline);
	atomic_store(&job->done, true);
	return NULL;
}

static void probe_prepare(struct probe_job *job, const struct net_addr *addr,
			  long port, int64_t deadline)
{
	size_t i;

	memset(job, 0, sizeof(*job));
	job->addr = *addr;
	job->deadline = deadline;
	for (i = 0; i < N_PORTS; i++)
		if (submission_ports[i] != port)
			job->probes[job->n++].port = submission_ports[i];
}

/* Suggests the port that answers, preferring implicit TLS (465), then
 * STARTTLS on 587, then 2525, and 25 last (often blocked, meant for
 * relaying). */
static void probe_advice(struct step *st, const struct probe_job *job,
			 long port)
{
	static const int pref[] = {465, 587, 2525, 25};
	size_t i, j;

	for (j = 0; j < sizeof(pref) / sizeof(pref[0]); j++)
		for (i = 0; i < job->n; i++) {
			if (job->probes[i].port != pref[j] ||
			    job->probes[i].status != NET_OK)
				continue;
			step_add_hint(
			    st,
			    pref[j] == 465
				? _("Port %ld does not work but port %d "
				    "answers: use port %d with implicit "
				    "TLS (tls = tls).")
				: _("Port %ld does not work but port %d "
				    "answers: use port %d with STARTTLS "
				    "(tls = starttls)."),
			    port, pref[j], pref[j]);
			return;
		}
	step_add_hint(st, _("No other submission port answers either: "
			    "outgoing mail traffic is blocked on this "
			    "machine's network, or the server is down or "
			    "accepts only listed addresses."));
}

static void report_probes(struct step *st, const struct probe_job *job,
			  long port)
{
	char line[256] = "";
	size_t i;

	for (i = 0; i < job->n; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 "%s%d %s", i ? ", " : "", job->probes[i].port,
			 net_status_name(job->probes[i].status));
	step_add_evidence(st, _("other ports on %s: %s"), job->addr.text, line);
	probe_advice(st, job, port);
}

static const char *connect_cause(const struct net_attempt *at, size_t n)
{
	bool refused = n > 0, unreachable = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (at[i].status == NET_TIMEOUT)
			return "connect-timeout";
		refused = refused && at[i].status == NET_REFUSED;
		unreachable = unreachable || at[i].status == NET_UNREACHABLE;
	}
	if (refused)
		return "connect-refused";
	return unreachable ? "connect-unreachable" : "connect-refused";
}

static void add_attempts(struct run *run, const struct net_attempt *at,
			 size_t n)
{
	struct step *st = &run->result->steps[STEP_CONNECT];
	size_t i;

	for (i = 0; i < n; i++)
		step_add_evidence(
		    st, _("%s port %ld: %s%s%s (%d ms)"), at[i].addr.text,
		    run->settings->port, net_status_name(at[i].status),
		    at[i].sys_errno ? ": " : "",
		    at[i].sys_errno ? strerror(at[i].sys_errno) : "",
		    at[i].elapsed_ms);
}

static enum step_status connected(struct run *run, int fd,
				  const struct net_attempt *at, size_t n)
{
	struct step *st = &run->result->steps[STEP_CONNECT];
	size_t i;

	add_attempts(run, at, n);
	for (i = 0; i < n; i++)
		if (at[i].status == NET_OK)
			run->peer = at[i].addr;
	conn_init(&run->conn, fd);
	run->connected = true;
	snprintf(st->summary, sizeof(st->summary),
		 _("Connected to %s port %ld"), run->peer.text,
		 run->settings->port);
	step_end(run, STEP_CONNECT, ST_PASS);
	return ST_PASS;
}

static enum step_status connect_failed(struct run *run,
				       const struct net_attempt *at, size_t n,
				       const struct probe_job *job)
{
	struct step *st = &run->result->steps[STEP_CONNECT];

	add_attempts(run, at, n);
	step_cause(run, STEP_CONNECT, connect_cause(at, n), NULL);
	if (job->dropped_ms > 0)
		step_add_evidence(st,
				  _("no answer to the SYN and its "
				    "retransmission in %.1f s, while other "
				    "ports of %s answered within %d ms"),
				  (double)job->dropped_ms / 1000.0,
				  job->addr.text, job->rtt_ms);
	report_probes(st, job, run->settings->port);
	step_end(run, STEP_CONNECT, ST_FAIL);
	return ST_FAIL;
}

/* A connect still pending after PROBE_AFTER_MS is likely being dropped:
 * the probes of the other ports start then, alongside the attempt. */
#define PROBE_AFTER_MS 1000

/* When is a port that gets no SYN-ACK while other ports of the same address
 * answer at once dropped, rather than slow? Linux sends the SYN, then
 * retransmits it after its initial retransmission timeout of 1 s (RFC 6298
 * section 2.1; TCP_TIMEOUT_INIT), then after 3, 7, 15 s... A port that
 * answers on this path answers the first SYN within a round trip, or
 * failing that its retransmission. The round trip is measured: the other
 * ports' probes got their SYN-ACK or reset in R ms. From one measurement
 * RFC 6298 (section 2.2) sets the retransmission timeout to SRTT + 4 RTTVAR
 * = R + 4 R/2 = 3 R, and never below 1 s (section 2.4). So once the SYN and
 * its first retransmission (sent 1 s later) have each gone unanswered for
 * that long, the port is dropped: the verdict comes 1 s + max(1 s, 3 R)
 * after the attempt began, 2 s on a nearby server, and later in proportion
 * on a slow link. Only when the silent address is the one probed. */
#define SYN_RETRY_MS 1000
#define RTO_MIN_MS   1000

static bool same_addr(const struct net_addr *a, const struct net_addr *b)
{
	return strcmp(a->text, b->text) == 0;
}

/* The slowest answer of the other ports, or -1 when none answered. */
static int answer_ms(const struct probe_job *job)
{
	int rtt = -1;

	for (size_t i = 0; i < job->n; i++)
		if ((job->probes[i].status == NET_OK ||
		     job->probes[i].status == NET_REFUSED) &&
		    job->probes[i].elapsed_ms > rtt)
			rtt = job->probes[i].elapsed_ms;
	return rtt;
}

/* When the port counts as dropped (see above), or INT64_MAX. */
static int64_t dropped_at(const struct net_dial *d, const struct probe_job *job,
			  int *rtt)
{
	struct net_addr silent[1];
	int64_t last_start, rto;

	*rtt = answer_ms(job);
	if (*rtt < 0 || net_dial_silent(d, silent, 1, &last_start) != 1 ||
	    !same_addr(&silent[0], &job->addr))
		return INT64_MAX;
	rto = 3 * (int64_t)*rtt;
	if (rto < RTO_MIN_MS)
		rto = RTO_MIN_MS;
	return last_start + SYN_RETRY_MS + rto;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Dials on beside the probes until connected (true), failed, the deadline,
 * or the port counts as dropped (false; the evidence says so). */
static bool dial_on(struct run *run, struct net_dial *d, struct probe_job *job,
		    int64_t deadline)
{
	struct step *st = &run->result->steps[STEP_CONNECT];
	int64_t early = INT64_MAX, now;
	bool known = false;
	int rtt = -1;

	while (!run_cancelled(run) && net_dial_pending(d) &&
	       (now = clock_now_ms()) < deadline) {
		if (!known && atomic_load(&job->done)) {
			known = true;
			early = dropped_at(d, job, &rtt);
			if (early < deadline)
				step_wait(run, STEP_CONNECT, st->waiting,
					  early);
		}
		if (now >= early) {
			job->dropped_ms = (int)(now - st->started_ms);
			job->rtt_ms = rtt;
			return false;
		}
		if (net_dial_run(d, min64(min64(deadline, early),
					  now + CANCEL_SLICE_MS)))
			return true;
	}
	return false;
}

/* The address to probe: the one still silent when there is one, else the
 * first. */
static struct net_addr probe_addr(const struct run *run,
				  const struct net_dial *d)
{
	struct net_addr silent[1];
	int64_t last;

	if (net_dial_silent(d, silent, 1, &last) == 1)
		return silent[0];
	return run->addrs.a[0];
}

enum step_status step_connect(struct run *run)
{
	int64_t deadline = step_deadline(run);
	struct net_attempt at[NET_MAX_ADDRS];
	struct net_addr where;
	struct probe_job *job;
	struct net_dial *d;
	size_t n = NET_MAX_ADDRS;
	int fd;

	step_begin(run, STEP_CONNECT);
	job = calloc(1, sizeof(*job));
	d = job ? net_dial_start(&run->addrs, (int)run->settings->port) : NULL;
	if (d == NULL) {
		free(job);
		step_io_failure(run, STEP_CONNECT, SMTP_IO_ERROR,
				_("out of memory"));
		return ST_FAIL;
	}
	run->probe = job;
	probe_prepare(job, &run->addrs.a[0], run->settings->port, deadline);
	if (!net_dial_run(d,
			  min64(deadline, clock_now_ms() + PROBE_AFTER_MS)) &&
	    net_dial_pending(d) && !run_cancelled(run)) {
		where = probe_addr(run, d);
		probe_prepare(job, &where, run->settings->port, deadline);
		run->probing = pthread_create(&run->probe_tid, NULL,
					      probe_thread, job) == 0;
		dial_on(run, d, job, deadline);
	}
	fd = net_dial_finish(d, at, &n);
	if (fd >= 0)
		return connected(run, fd, at, n);
	if (run->probing) {
		pthread_join(run->probe_tid, NULL);
		run->probing = false;
	} else if (!run_cancelled(run)) {
		net_probe_ports(&job->addr, job->probes, job->n,
				min64(deadline, clock_now_ms() + 3000));
	}
	/* Attempts cut short are no timeouts: no cause, no evidence. */
	if (step_cancelled(run, STEP_CONNECT))
		return ST_SKIP;
	return connect_failed(run, at, n, job);
}

void step_connect_cleanup(struct run *run)
{
	if (run->probing)
		pthread_join(run->probe_tid, NULL);
	run->probing = false;
	free(run->probe);
	run->probe = NULL;
}
