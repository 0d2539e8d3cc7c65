/* The `connect` step. When the port fails, the other submission ports are
 * probed at the same time, so the report can say "587 is dropped, 465
 * answers" instead of a bare timeout; and when they answer while the port
 * stays silent, the verdict need not wait for the timeout. */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "check/steps.h"

static const int submission_ports[] = {25, 465, 587, 2525};
#define N_PORTS (sizeof(submission_ports) / sizeof(submission_ports[0]))
/* The addresses still silent that are probed at once (a host has one or
 * two, IPv4 and IPv6, as a rule). */
#define PROBE_ADDRS 4

struct probe_job {
	struct net_addr addr[PROBE_ADDRS];
	size_t n_addr;
	struct net_probe probes[PROBE_ADDRS * N_PORTS]; /* n per address */
	size_t n;
	int64_t deadline;
	atomic_bool done; /* set by the probe thread when it has results */
	atomic_bool stop; /* the port answered: the probes are not needed */
	int dropped_ms;   /* the early verdict came after this long, or 0 */
	int rtt_ms;       /* the other ports' slowest answer */
};

static void *probe_thread(void *arg)
{
	struct probe_job *job = arg;

	/* Part of the check: a cancel stops the probes too, and so does a
	 * connect that succeeded after all (their results would go unused,
	 * and the run would wait for them at its end). */
	cancel_bind(true);
	cancel_bind_stop(&job->stop);
	net_probe_hosts(job->addr, job->n_addr, job->probes, job->n,
			job->deadline);
	atomic_store(&job->done, true);
	return NULL;
}

static void probe_prepare(struct probe_job *job, const struct net_addr *addrs,
			  size_t n_addr, long port, int64_t deadline)
{
	size_t i, a;

	memset(job, 0, sizeof(*job));
	job->n_addr = n_addr < PROBE_ADDRS ? n_addr : PROBE_ADDRS;
	for (a = 0; a < job->n_addr; a++)
		job->addr[a] = addrs[a];
	job->deadline = deadline;
	for (i = 0; i < N_PORTS; i++)
		if (submission_ports[i] != port)
			job->probes[job->n++].port = submission_ports[i];
	for (a = 1; a < job->n_addr; a++)
		for (i = 0; i < job->n; i++)
			job->probes[a * job->n + i].port = job->probes[i].port;
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
		for (i = 0; i < job->n * job->n_addr; i++) {
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
	const struct net_probe *p;
	char line[256];
	size_t i, a;

	for (a = 0; a < job->n_addr; a++) {
		line[0] = '\0';
		for (i = 0, p = &job->probes[a * job->n]; i < job->n; i++)
			snprintf(line + strlen(line),
				 sizeof(line) - strlen(line), "%s%d %s",
				 i ? ", " : "", p[i].port,
				 net_status_name(p[i].status));
		step_add_evidence(st, _("other ports on %s: %s"),
				  job->addr[a].text, line);
	}
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

/* "192.0.2.1 and 2001:db8::1": the probed addresses. */
static const char *addr_list(const struct probe_job *job, char *buf, size_t n)
{
	buf[0] = '\0';
	/* TRANSLATORS: " and " joins the last two addresses of a list. */
	for (size_t a = 0; a < job->n_addr; a++)
		text_append(buf, n, "%s%s",
			    a == 0                 ? ""
			    : a + 1 == job->n_addr ? _(" and ")
						   : ", ",
			    job->addr[a].text);
	return buf;
}

static enum step_status connect_failed(struct run *run,
				       const struct net_attempt *at, size_t n,
				       const struct probe_job *job)
{
	struct step *st = &run->result->steps[STEP_CONNECT];
	char names[PROBE_ADDRS * 72];

	add_attempts(run, at, n);
	step_cause(run, STEP_CONNECT, connect_cause(at, n), NULL);
	if (job->dropped_ms > 0)
		step_add_evidence(st,
				  _("no answer to the SYN and its "
				    "retransmission in %.1f s, while other "
				    "ports of %s answered within %d ms"),
				  (double)job->dropped_ms / 1000.0,
				  addr_list(job, names, sizeof(names)),
				  job->rtt_ms);
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
 * on a slow link. Only when every address still silent has been probed
 * and answered on another port. */
#define SYN_RETRY_MS 1000
#define RTO_MIN_MS   1000

static bool same_addr(const struct net_addr *a, const struct net_addr *b)
{
	return strcmp(a->text, b->text) == 0;
}

/* The slowest answer of the other ports of address a, or -1 when none
 * answered. */
static int answer_ms(const struct probe_job *job, size_t a)
{
	const struct net_probe *p = &job->probes[a * job->n];
	int rtt = -1;

	for (size_t i = 0; i < job->n; i++)
		if ((p[i].status == NET_OK || p[i].status == NET_REFUSED) &&
		    p[i].elapsed_ms > rtt)
			rtt = p[i].elapsed_ms;
	return rtt;
}

/* The slowest answer on the address, or -1 when it is not probed or no
 * other port of it answered. */
static int answered(const struct probe_job *job, const struct net_addr *addr)
{
	for (size_t a = 0; a < job->n_addr; a++)
		if (same_addr(&job->addr[a], addr))
			return answer_ms(job, a);
	return -1;
}

/* When the port counts as dropped (see above), or INT64_MAX: every address
 * still silent must have answered on another port. */
static int64_t dropped_at(const struct net_dial *d, const struct probe_job *job,
			  int *rtt)
{
	struct net_addr silent[PROBE_ADDRS];
	int64_t last_start, rto;
	size_t n = net_dial_silent(d, silent, PROBE_ADDRS, &last_start);
	int r;

	*rtt = -1;
	if (n == 0 || n > PROBE_ADDRS)
		return INT64_MAX;
	for (size_t i = 0; i < n; i++) {
		r = answered(job, &silent[i]);
		if (r < 0)
			return INT64_MAX;
		if (r > *rtt)
			*rtt = r;
	}
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

/* The addresses to probe: those still silent, else the first. */
static void probe_silent(struct probe_job *job, const struct run *run,
			 const struct net_dial *d, int64_t deadline)
{
	struct net_addr silent[PROBE_ADDRS];
	int64_t last;
	size_t n = net_dial_silent(d, silent, PROBE_ADDRS, &last);

	if (n == 0)
		probe_prepare(job, run->addrs.a, 1, run->settings->port,
			      deadline);
	else
		probe_prepare(job, silent, n, run->settings->port, deadline);
}

enum step_status step_connect(struct run *run)
{
	int64_t deadline = step_deadline(run);
	struct net_attempt at[NET_MAX_ADDRS];
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
	probe_prepare(job, run->addrs.a, 1, run->settings->port, deadline);
	if (!net_dial_run(d,
			  min64(deadline, clock_now_ms() + PROBE_AFTER_MS)) &&
	    net_dial_pending(d) && !run_cancelled(run)) {
		probe_silent(job, run, d, deadline);
		run->probing = pthread_create(&run->probe_tid, NULL,
					      probe_thread, job) == 0;
		dial_on(run, d, job, deadline);
	}
	fd = net_dial_finish(d, at, &n);
	if (fd >= 0) {
		atomic_store(&job->stop, true);
		return connected(run, fd, at, n);
	}
	if (run->probing) {
		pthread_join(run->probe_tid, NULL);
		run->probing = false;
	} else if (!run_cancelled(run)) {
		net_probe_ports(&job->addr[0], job->probes, job->n,
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
