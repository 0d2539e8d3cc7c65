/* The `greeting` step: the 220 banner, and the classic mistakes around it:
 * implicit TLS and STARTTLS swapped (detected in both directions), a port
 * that is not SMTP at all, a deliberate greeting delay. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "check/steps.h"
#include "net/tls_probe.h"

#define SLOW_GREETING_MS 2000
/* The diagnostic probes after a silent or failed start must fit, with the
 * timeout itself, in the timeout plus one second: a plain SMTP banner or a
 * TLS handshake on loopback or a nearby server takes milliseconds. */
#define PROBE_MS  900
#define ANSWER_MS 50
/* A server greets as soon as it accepts (RFC 5321 section 3.1), within a
 * round trip; one second of silence is already unusual, so the TLS probe
 * then starts on a second connection while this one goes on waiting: a
 * server that expects implicit TLS completes that handshake in a few round
 * trips, and the verdict comes at once instead of at the timeout. On 465
 * (implicit TLS, RFC 8314 section 7.3) the probe starts with the
 * connection. A server that delays its greeting on purpose (Postfix
 * postscreen, Exim's greet pause) answers no ClientHello either, so it still
 * gets the whole timeout. */
#define EARLY_PROBE_MS 1000
#define IMPLICIT_PORT  465

static int reconnect(const struct run *run, int64_t deadline)
{
	struct net_addrs one = {.n = 1};
	struct net_attempt at[1];
	size_t n = 1;

	one.a[0] = run->peer;
	return net_connect(&one, (int)run->settings->port, deadline, at, &n);
}

/* The buffer is not NUL-terminated: scan at most n bytes. */
static int line_len(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 200 && p[i] != '\r' && p[i] != '\n'; i++)
		;
	return (int)i;
}

static int64_t probe_deadline(void)
{
	return clock_now_ms() + PROBE_MS;
}

/* Waits for the TLS probe to end (it is bounded by its own deadline) and
 * tells whether its handshake succeeded. */
static bool probe_result(struct tls_probe *probe, struct tls_result *res)
{
	struct pollfd p = {.fd = tls_probe_fd(probe), .events = POLLIN};
	bool ok = false;

	while (!tls_probe_done(probe, &ok, res) && !cancel_requested())
		(void)poll(&p, 1, CANCEL_SLICE_MS);
	return ok;
}

/* On a second connection, does the server greet in clear text? That proves
 * implicit TLS was chosen for a plain SMTP/STARTTLS port. */
static bool plain_banner(struct run *run, char *banner, size_t n)
{
	int64_t deadline = probe_deadline();
	struct conn c;
	const char *line;
	size_t len;
	int fd = reconnect(run, deadline);
	bool plain = false;

	if (fd < 0)
		return false;
	conn_init(&c, fd);
	if (conn_read_line(&c, SMTP_LINE_MAX, &line, &len, deadline) == IO_OK &&
	    len >= 3 && memcmp(line, "220", 3) == 0) {
		snprintf(banner, n, "%.*s", (int)len, line);
		plain = true;
	}
	conn_close(&c);
	return plain;
}

static enum step_status implicit_tls_failed(struct run *run)
{
	struct step *st = &run->result->steps[STEP_GREETING];
	char banner[SMTP_LINE_MAX + 1];
	bool plain;

	/* A half-open TLS session is owed no clear-text QUIT. */
	run->broken = true;
	/* A handshake cut short proves nothing, and no probe follows. */
	if (step_cancelled(run, STEP_GREETING))
		return ST_SKIP;
	step_add_evidence(st, _("TLS handshake: %s"), run->tls.detail);
	plain = plain_banner(run, banner, sizeof(banner));
	if (step_cancelled(run, STEP_GREETING))
		return ST_SKIP;
	if (plain) {
		step_add_evidence(st, _("the server greets in clear text: %s"),
				  banner);
		step_verdict(run, STEP_GREETING, ST_FAIL, "tls-not-expected",
			     NULL);
	} else {
		step_verdict(run, STEP_GREETING, ST_FAIL, "tls-handshake",
			     NULL);
	}
	return ST_FAIL;
}

/* The server said nothing until the timeout. Either it wants TLS first, or
 * it is not SMTP (an HTTP server waits for a request), or it delays its
 * greeting on purpose and the timeout is too short. The probes overlap: a
 * QUIT goes out on this connection while the TLS probe (begun during the
 * wait, or now) finishes on the second one, and whatever this connection
 * answered is read afterwards, so the verdict comes at most PROBE_MS +
 * ANSWER_MS after the timeout. */
static enum step_status silent_server(struct run *run, struct tls_probe **probe)
{
	struct step *st = &run->result->steps[STEP_GREETING];
	struct tls_result res;
	bool asked, tls;
	char why[256];

	/* Silent only until the user stopped waiting: no verdict, no probe. */
	if (step_cancelled(run, STEP_GREETING))
		return ST_SKIP;
	step_add_evidence(st, _("no greeting within %ld s"),
			  run->settings->timeout);
	asked = smtp_send(&run->conn, run->transcript, "QUIT", NULL,
			  clock_now_ms() + ANSWER_MS, why,
			  sizeof(why)) == SMTP_IO_OK;
	if (*probe == NULL)
		*probe = tls_probe_start(
		    &run->peer, (int)run->settings->port, run->settings->host,
		    run->settings->ca_file, clock_now_ms() + PROBE_MS);
	memset(&res, 0, sizeof(res));
	tls = *probe != NULL && probe_result(*probe, &res);
	if (step_cancelled(run, STEP_GREETING))
		return ST_SKIP;
	if (tls || run->settings->port == IMPLICIT_PORT) {
		if (tls)
			step_add_evidence(st,
					  _("a TLS handshake on a second "
					    "connection succeeded (%s)"),
					  res.version);
		step_verdict(run, STEP_GREETING, ST_FAIL, "tls-expected", NULL);
		return ST_FAIL;
	}
	if (asked &&
	    conn_fill(&run->conn, clock_now_ms() + ANSWER_MS) == IO_OK &&
	    conn_buffered(&run->conn) >= 5 &&
	    memcmp(conn_peek(&run->conn), "HTTP/", 5) == 0) {
		step_add_evidence(
		    st, _("the server answered: %.*s"),
		    line_len(conn_peek(&run->conn), conn_buffered(&run->conn)),
		    conn_peek(&run->conn));
		step_verdict(run, STEP_GREETING, ST_FAIL, "not-smtp", NULL);
		return ST_FAIL;
	}
	step_io_failure(run, STEP_GREETING, SMTP_IO_TIMEOUT,
			_("the server accepted the connection but sent no "
			  "greeting"));
	return ST_FAIL;
}

/* The early verdict: still silent here, a TLS handshake there. */
static enum step_status tls_while_silent(struct run *run, int64_t waited,
					 const struct tls_result *res)
{
	struct step *st = &run->result->steps[STEP_GREETING];

	/* A TLS server owes nothing to a clear-text QUIT. */
	run->broken = true;
	step_add_evidence(st, _("no greeting after %.1f s (of %ld s allowed)"),
			  (double)waited / 1000.0, run->settings->timeout);
	step_add_evidence(st,
			  _("a TLS handshake on a second connection "
			    "succeeded (%s)"),
			  res->version);
	step_verdict(run, STEP_GREETING, ST_FAIL, "tls-expected", NULL);
	return ST_FAIL;
}

enum wait_end {
	WAIT_DATA,    /* conn_fill's status is in *io */
	WAIT_TLS,     /* silent, and the TLS probe succeeded */
	WAIT_TIMEOUT, /* silent until the deadline (or cancelled) */
};

static void start_probe(struct run *run, struct tls_probe **probe,
			int64_t deadline)
{
	int64_t now = clock_now_ms();

	/* Not cut short at the deadline: the probe's own round trips need
	 * their time even when the timeout is short. */
	*probe = tls_probe_start(&run->peer, (int)run->settings->port,
				 run->settings->host, run->settings->ca_file,
				 deadline > now + PROBE_MS ? deadline
							   : now + PROBE_MS);
}

/* Waits for the first bytes of a clear-text greeting until deadline, with
 * the TLS probe of EARLY_PROBE_MS beside it. */
static enum wait_end wait_greeting(struct run *run, int64_t deadline,
				   struct tls_probe **probe,
				   struct tls_result *res, enum io_status *io)
{
	int64_t start = clock_now_ms(), now, probe_at;
	bool probe_over = false, ok;
	struct pollfd pfd[2];
	int wait, rc;

	probe_at = run->settings->port == IMPLICIT_PORT
		       ? start
		       : start + EARLY_PROBE_MS;
	pfd[0] = (struct pollfd){.fd = run->conn.fd, .events = POLLIN};
	while ((wait = cancel_slice_ms(deadline)) > 0) {
		now = clock_now_ms();
		if (*probe == NULL && !probe_over && now >= probe_at) {
			start_probe(run, probe, deadline);
			probe_over = *probe == NULL;
		}
		if (*probe == NULL && !probe_over && probe_at - now < wait)
			wait = (int)(probe_at - now);
		pfd[0] = (struct pollfd){.fd = run->conn.fd, .events = POLLIN};
		pfd[1] = (struct pollfd){
		    .fd = *probe && !probe_over ? tls_probe_fd(*probe) : -1,
		    .events = POLLIN};
		rc = poll(pfd, 2, wait);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc > 0 && pfd[0].revents != 0) {
			*io = conn_fill(&run->conn, deadline);
			return WAIT_DATA;
		}
		if (rc > 0 && pfd[1].revents != 0 &&
		    tls_probe_done(*probe, &ok, res)) {
			if (ok)
				return WAIT_TLS;
			probe_over = true;
		}
	}
	/* Whatever arrived in the last slice still counts. */
	if (!cancel_requested() && poll(pfd, 1, 0) == 1 &&
	    pfd[0].revents != 0) {
		*io = conn_fill(&run->conn, deadline);
		return WAIT_DATA;
	}
	return WAIT_TIMEOUT;
}

static bool looks_like_tls(const unsigned char *p, size_t n)
{
	/* A TLS record: handshake (22) or alert (21), major version 3. */
	return n >= 2 && (p[0] == 0x16 || p[0] == 0x15) && p[1] == 0x03;
}

static bool looks_like_smtp(const char *p, size_t n)
{
	return n >= 1 && p[0] >= '1' && p[0] <= '5';
}

static enum step_status not_smtp(struct run *run)
{
	struct step *st = &run->result->steps[STEP_GREETING];
	const char *p = conn_peek(&run->conn);
	size_t n = conn_buffered(&run->conn);

	if (looks_like_tls((const unsigned char *)p, n)) {
		step_add_evidence(st, _("the server sent a TLS record instead "
					"of a greeting"));
		step_verdict(run, STEP_GREETING, ST_FAIL, "tls-expected", NULL);
		return ST_FAIL;
	}
	step_add_evidence(st, _("the server said: %.*s"), line_len(p, n), p);
	step_verdict(run, STEP_GREETING, ST_FAIL, "not-smtp", NULL);
	return ST_FAIL;
}

static enum step_status banner(struct run *run, int64_t deadline)
{
	struct step *st = &run->result->steps[STEP_GREETING];
	struct smtp_reply r;
	char why[256];
	enum smtp_io io;

	io = smtp_read_reply(&run->conn, run->transcript, deadline, &r, why,
			     sizeof(why));
	if (io != SMTP_IO_OK) {
		step_read_failure(run, STEP_GREETING, DS_GREETING, io, &r, why);
		return ST_FAIL;
	}
	step_add_evidence(st, "%s", r.raw);
	if (r.code != 220) {
		step_reply_failure(run, STEP_GREETING, DS_GREETING, &r);
		return ST_FAIL;
	}
	run->provider = diagnose_provider_from_banner(r.text);
	if (clock_now_ms() - st->started_ms >= SLOW_GREETING_MS) {
		step_verdict(run, STEP_GREETING, ST_WARN, "greeting-slow",
			     NULL);
		return ST_WARN;
	}
	snprintf(st->summary, sizeof(st->summary), "%s",
		 _("The server greeted with 220"));
	step_end(run, STEP_GREETING, ST_PASS);
	return ST_PASS;
}

static enum step_status greeting(struct run *run, struct tls_probe **probe)
{
	int64_t deadline = step_deadline(run), start = clock_now_ms();
	struct tls_result res;
	enum io_status io;

	if (run->settings->tls == SW_TLS_IMPLICIT) {
		step_wait(run, STEP_GREETING, _("the TLS handshake"), deadline);
		if (conn_start_tls(&run->conn, run->settings->host,
				   run->settings->ca_file, deadline,
				   &run->tls) != 0)
			return implicit_tls_failed(run);
		run->tls_active = true;
		/* GnuTLS may hold decrypted bytes a poll() would not see. */
		io = conn_fill(&run->conn, deadline);
	} else {
		switch (wait_greeting(run, deadline, probe, &res, &io)) {
		case WAIT_TLS:
			return tls_while_silent(run, clock_now_ms() - start,
						&res);
		case WAIT_TIMEOUT:
			io = IO_TIMEOUT;
			break;
		case WAIT_DATA:
			break;
		}
	}
	if (io == IO_TIMEOUT)
		return silent_server(run, probe);
	if (io != IO_OK) {
		step_io_failure(
		    run, STEP_GREETING,
		    io == IO_CLOSED ? SMTP_IO_CLOSED : SMTP_IO_ERROR,
		    run->conn.err[0] ? run->conn.err
				     : _("the server closed the connection "
					 "without a greeting"));
		return ST_FAIL;
	}
	if (!looks_like_smtp(conn_peek(&run->conn), conn_buffered(&run->conn)))
		return not_smtp(run);
	return banner(run, deadline);
}

/* Whichever way the step ends, the second connection ends with it. */
enum step_status step_greeting(struct run *run)
{
	struct tls_probe *probe = NULL;
	enum step_status st;

	step_begin(run, STEP_GREETING);
	st = greeting(run, &probe);
	tls_probe_stop(probe);
	return st;
}
