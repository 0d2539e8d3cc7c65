/* Cancelling a running check (engine_cancel, the wizard's Esc) ends the
 * network wait it is in, not just the steps after it: engine_run runs in
 * a thread, with a timeout of 10 s, against loopback servers that leave it
 * waiting (a filtered port, a silent server, a TLS handshake that never
 * completes, a server that falls silent after its greeting or after
 * accepting STARTTLS), and must return within 1 s of the cancel with the
 * step skipped as "Cancelled" rather than failed as a timeout. Only
 * 127.0.0.1 is contacted and no name is resolved. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/cancel.h"
#include "check/checklist.h"
#include "check/engine.h"
#include "base/clock.h"
#include "net/net.h"
#include "config/settings.h"
#include "tap.h"

/* CANCEL_AT_MS is off the waits' 100 ms slices, so that the latency shown
 * is a typical one, not 0. */
#define TIMEOUT_S    10
#define CANCEL_AT_MS 350
#define MAX_LATENCY  1000
#define MAX_FILLERS  16
#define FILTER_PROBE 300

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in in;

	memset(&in, 0, sizeof(in));
	in.sin_family = AF_INET;
	in.sin_port = htons((uint16_t)port);
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return in;
}

static int local_port(int fd)
{
	struct sockaddr_in in;
	socklen_t len = sizeof(in);

	if (getsockname(fd, (struct sockaddr *)&in, &len) != 0)
		return -1;
	return ntohs(in.sin_port);
}

/* A listener on 127.0.0.1 that nobody accepts from while the check runs
 * (non-blocking, so that accepted() can empty its queue afterwards). */
static int listener(int backlog)
{
	struct sockaddr_in in = loopback(0);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&in, sizeof(in)) != 0 ||
	    listen(fd, backlog) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int connect_nb(int port)
{
	struct sockaddr_in in = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd >= 0 && connect(fd, (struct sockaddr *)&in, sizeof(in)) != 0 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A filtered port as tests/servers/filtered.py makes one: a backlog of 0,
 * never accepted, filled by our own connects until Linux drops further
 * SYNs, checked with a connect that must not complete. */
struct filtered {
	int lfd;
	int fill[MAX_FILLERS];
	int n;
};

static bool connect_hangs(int port)
{
	struct net_addrs addrs = {.n = 1};
	struct net_attempt at[1];
	size_t n = 1;
	struct sockaddr_in in = loopback(port);
	int fd;

	memcpy(&addrs.a[0].ss, &in, sizeof(in));
	addrs.a[0].len = sizeof(in);
	fd = net_connect(&addrs, port, clock_now_ms() + FILTER_PROBE, at, &n);
	if (fd >= 0)
		close(fd);
	return fd < 0 && n == 1 && at[0].status == NET_TIMEOUT;
}

static bool filtered_open(struct filtered *f)
{
	int port;

	f->n = 0;
	f->lfd = listener(0);
	if (f->lfd < 0)
		return false;
	port = local_port(f->lfd);
	while (f->n < MAX_FILLERS) {
		f->fill[f->n] = connect_nb(port);
		if (f->fill[f->n] < 0)
			return false;
		f->n++;
		sleep_ms(50);
		if (f->n >= 2 && connect_hangs(port))
			return true;
	}
	return false;
}

static void filtered_close(struct filtered *f)
{
	for (int i = 0; i < f->n; i++)
		close(f->fill[i]);
	if (f->lfd >= 0)
		close(f->lfd);
}

/* Connections that reached the listener (taken from its queue). */
static int accepted(int lfd)
{
	int n = 0, fd;

	while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
		close(fd);
		n++;
	}
	return n;
}

struct job {
	struct settings s;
	struct check_result r;
	int rc;
	int64_t ended;
};

static void *run_check(void *arg)
{
	struct job *j = arg;
	struct check_options opt = {.send_test = false, .cancel = NULL};

	j->rc = engine_run(&j->s, &opt, &j->r, NULL, NULL);
	j->ended = clock_now_ms();
	return NULL;
}

static void job_init(struct job *j, int port, enum sw_tls tls)
{
	memset(j, 0, sizeof(*j));
	settings_init(&j->s);
	settings_set(&j->s.host, "127.0.0.1");
	j->s.port = port;
	j->s.tls = tls;
	j->s.timeout = TIMEOUT_S;
	check_result_init(&j->r);
}

static void job_free(struct job *j)
{
	check_result_free(&j->r);
	settings_free(&j->s);
}

/* Runs the check in a thread and cancels it after at_ms; returns how long
 * engine_run took to return after the cancel, in ms. */
static int run_and_cancel(struct job *j, int at_ms)
{
	pthread_t tid;
	int64_t cancelled;

	if (pthread_create(&tid, NULL, run_check, j) != 0)
		return -1;
	sleep_ms(at_ms);
	cancelled = clock_now_ms();
	engine_cancel();
	pthread_join(tid, NULL);
	return (int)(j->ended - cancelled);
}

static const struct step *step(const struct job *j, enum step_id id)
{
	return &j->r.steps[id];
}

static bool is_cancelled(const struct step *st)
{
	return st->status == ST_SKIP && strcmp(st->summary, "Cancelled") == 0 &&
	       st->cause == NULL;
}

/* No step that talks to the server failed or carries a cause: nothing is
 * blamed on it. (The settings step may warn about tls = none.) */
static bool nothing_blamed(const struct job *j)
{
	for (int i = STEP_DNS; i < STEP_COUNT; i++)
		if (j->r.steps[i].status == ST_FAIL ||
		    j->r.steps[i].cause != NULL)
			return false;
	return true;
}

static bool cancelled_from(const struct job *j, enum step_id from)
{
	/* The delivery step is absent from runs that apply nothing. */
	for (int i = from; i < STEP_COUNT; i++)
		if (i != STEP_DELIVERY &&
		    !is_cancelled(step(j, (enum step_id)i)))
			return false;
	return true;
}

static void show(const struct job *j)
{
	for (int i = 0; i < STEP_COUNT; i++)
		printf("#   %-11s %-7s %s%s%s\n", step_id_name((enum step_id)i),
		       step_status_name(j->r.steps[i].status),
		       j->r.steps[i].cause ? j->r.steps[i].cause : "",
		       j->r.steps[i].cause ? ": " : "", j->r.steps[i].summary);
}

static void latency_ok(const char *what, int ms)
{
	printf("# %s: engine_run returned %d ms after the cancel\n", what, ms);
	ok(ms >= 0 && ms <= MAX_LATENCY,
	   "%s: returns within %d ms of the cancel (timeout %d s)", what,
	   MAX_LATENCY, TIMEOUT_S);
}

static void test_slices(void)
{
	int64_t now = clock_now_ms();

	cancel_reset();
	cancel_bind(true);
	ok(cancel_slice_ms(now + 60000) == CANCEL_SLICE_MS,
	   "a long wait sleeps one slice at a time");
	ok(cancel_slice_ms(now + 30) <= 30,
	   "a slice never passes the deadline");
	ok(cancel_slice_ms(now - 5) == 0, "a past deadline: no sleep");
	cancel_request();
	ok(cancel_requested() && cancel_slice_ms(now + 60000) == 0,
	   "cancelled: no sleep at all");
	cancel_bind(false);
	ok(!cancel_requested(), "a thread that is not part of a check does not "
				"see the cancel");
	cancel_reset();
}

/* Cancelled in the first second of the connect, or after it, when the
 * other ports are being probed in a thread alongside. */
static void test_filtered(const struct filtered *f, const char *what, int at_ms)
{
	struct job j;
	int ms;

	job_init(&j, local_port(f->lfd), SW_TLS_NONE);
	ms = run_and_cancel(&j, at_ms);
	latency_ok(what, ms);
	ok(j.rc == 0, "%s: the run completes", what);
	ok(step(&j, STEP_DNS)->status == ST_PASS, "%s: dns passed", what);
	if (!ok(is_cancelled(step(&j, STEP_CONNECT)),
		"%s: connect is skipped as \"Cancelled\", no cause", what))
		show(&j);
	if (!ok(nothing_blamed(&j),
		"%s: no step fails, none has a cause (no connect-timeout)",
		what))
		show(&j);
	ok(cancelled_from(&j, STEP_GREETING),
	   "%s: every later step is skipped as \"Cancelled\"", what);
	job_free(&j);
}

/* A server that accepts (the kernel does it) and never says a word. tls
 * selects the wait: the greeting, or the implicit TLS handshake. */
static void test_silent(const char *what, enum sw_tls tls)
{
	int lfd = listener(16);
	struct job j;
	int ms;

	if (lfd < 0) {
		ok(0, "%s: listener", what);
		return;
	}
	job_init(&j, local_port(lfd), tls);
	ms = run_and_cancel(&j, CANCEL_AT_MS);
	latency_ok(what, ms);
	ok(step(&j, STEP_CONNECT)->status == ST_PASS, "%s: connect passed",
	   what);
	if (!ok(is_cancelled(step(&j, STEP_GREETING)),
		"%s: greeting is skipped as \"Cancelled\", no cause", what))
		show(&j);
	if (!ok(nothing_blamed(&j), "%s: no step fails, none has a cause",
		what))
		show(&j);
	ok(cancelled_from(&j, STEP_EHLO),
	   "%s: every later step is skipped as \"Cancelled\"", what);
	ok(accepted(lfd) == 1,
	   "%s: no diagnostic probe connected after the cancel", what);
	job_free(&j);
	close(lfd);
}

/* Accepts what is queued on lfd: how many connections, and how many of
 * them the client has not closed (no end of file after what it sent). */
static int accepted_open(int lfd, int *open)
{
	char buf[4096];
	int n = 0, fd;
	ssize_t got;

	*open = 0;
	while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
		while ((got = read(fd, buf, sizeof(buf))) > 0)
			;
		*open += got < 0;
		close(fd);
		n++;
	}
	return n;
}

/* Silent past the first second: the TLS probe has connected a second time
 * and waits for its handshake when the cancel comes. Both connections end
 * with the run. */
static void test_silent_probing(void)
{
	const char *what = "silent server, TLS probe running";
	int lfd = listener(16), open = -1, n;
	struct job j;
	int ms;

	if (lfd < 0) {
		ok(0, "%s: listener", what);
		return;
	}
	job_init(&j, local_port(lfd), SW_TLS_NONE);
	ms = run_and_cancel(&j, 1350);
	latency_ok(what, ms);
	if (!ok(is_cancelled(step(&j, STEP_GREETING)),
		"%s: greeting is skipped as \"Cancelled\", no cause", what))
		show(&j);
	if (!ok(nothing_blamed(&j), "%s: no step fails, none has a cause",
		what))
		show(&j);
	n = accepted_open(lfd, &open);
	ok(n == 2, "%s: the probe made a second connection (%d in all)", what,
	   n);
	ok(open == 0, "%s: both connections are closed when the run returns",
	   what);
	job_free(&j);
	close(lfd);
}

/* A server that talks up to a point, then waits in silence until the
 * client hangs up, keeping what it received. */
struct talker {
	int lfd;
	bool starttls; /* offer STARTTLS and accept it, then fall silent */
	char got[2048];
	size_t n;
};

/* Waits (at most 15 s) for more from the client: false once it hung up. */
static bool receive(struct talker *t, int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	ssize_t r;

	if (poll(&p, 1, 15000) <= 0)
		return false;
	r = read(fd, t->got + t->n, sizeof(t->got) - 1 - t->n);
	if (r <= 0)
		return false;
	t->n += (size_t)r;
	t->got[t->n] = '\0';
	return true;
}

/* Reads until the client has sent lines lines in all. */
static bool await_lines(struct talker *t, int fd, int lines)
{
	int seen;

	do {
		seen = 0;
		for (const char *p = t->got; (p = strchr(p, '\n')) != NULL; p++)
			seen++;
	} while (seen < lines && receive(t, fd));
	return seen >= lines;
}

static void say(int fd, const char *text)
{
	if (write(fd, text, strlen(text)) < 0)
		return;
}

static void *talk(void *arg)
{
	struct talker *t = arg;
	struct pollfd p = {.fd = t->lfd, .events = POLLIN};
	int fd;

	if (poll(&p, 1, 15000) <= 0 || (fd = accept(t->lfd, NULL, NULL)) < 0)
		return NULL;
	say(fd, "220 talker ESMTP\r\n");
	if (t->starttls && await_lines(t, fd, 1)) {
		say(fd, "250-talker\r\n250 STARTTLS\r\n");
		if (await_lines(t, fd, 2))
			say(fd, "220 go ahead\r\n");
	}
	while (receive(t, fd))
		;
	close(fd);
	return NULL;
}

/* The server falls silent in the middle of the session: after its
 * greeting (the EHLO reply is waited for), or after accepting STARTTLS
 * (the handshake is waited for). */
static void test_talker(const char *what, bool starttls, enum step_id waiting)
{
	struct talker t = {.lfd = listener(4), .starttls = starttls};
	pthread_t tid;
	struct job j;
	int ms;

	if (t.lfd < 0 || pthread_create(&tid, NULL, talk, &t) != 0) {
		ok(0, "%s: server", what);
		return;
	}
	job_init(&j, local_port(t.lfd), SW_TLS_STARTTLS);
	ms = run_and_cancel(&j, CANCEL_AT_MS);
	pthread_join(tid, NULL);
	latency_ok(what, ms);
	ok(step(&j, STEP_GREETING)->status == ST_PASS, "%s: greeting passed",
	   what);
	if (!ok(is_cancelled(step(&j, waiting)),
		"%s: %s is skipped as \"Cancelled\", no cause", what,
		step_id_name(waiting)))
		show(&j);
	if (!ok(nothing_blamed(&j), "%s: no step fails, none has a cause",
		what))
		show(&j);
	ok(cancelled_from(&j, waiting + 1),
	   "%s: every later step is skipped as \"Cancelled\"", what);
	ok(strstr(t.got, "QUIT") == NULL,
	   "%s: no QUIT is sent after the cancel", what);
	job_free(&j);
	close(t.lfd);
}

/* The cancel is forgotten by the next run: it reaches its own verdict. */
static void test_rerun(void)
{
	struct job j;
	int lfd = listener(1), port = lfd < 0 ? -1 : local_port(lfd);

	if (lfd >= 0)
		close(lfd); /* nothing listens there any more */
	job_init(&j, port, SW_TLS_NONE);
	run_check(&j);
	ok(step(&j, STEP_CONNECT)->status == ST_FAIL &&
	       step(&j, STEP_CONNECT)->cause != NULL &&
	       strcmp(step(&j, STEP_CONNECT)->cause, "connect-refused") == 0,
	   "a run after a cancel is not cancelled: connect-refused");
	ok(strcmp(step(&j, STEP_GREETING)->summary, "Cancelled") != 0,
	   "a run after a cancel: later steps are not \"Cancelled\"");
	job_free(&j);
}

/* The wizard resolves the host field in a thread of its own through the
 * same waits: a cancel left over from a run must not cut those short. */
static void test_other_threads(const struct filtered *f)
{
	struct net_addrs addrs = {.n = 1};
	struct net_attempt at[1];
	size_t n = 1;
	struct sockaddr_in in = loopback(local_port(f->lfd));
	int64_t t0;
	int fd;

	engine_cancel();
	memcpy(&addrs.a[0].ss, &in, sizeof(in));
	addrs.a[0].len = sizeof(in);
	t0 = clock_now_ms();
	fd = net_connect(&addrs, local_port(f->lfd), t0 + 400, at, &n);
	if (fd >= 0)
		close(fd);
	ok(fd < 0 && clock_now_ms() - t0 >= 350,
	   "a connect outside the check waits its full time after a cancel");
}

int main(void)
{
	struct filtered f;
	bool have_filtered;

	test_slices();
	have_filtered = filtered_open(&f);
	if (!ok(have_filtered, "a filtered port on loopback"))
		printf("#   its accept queue never filled up\n");
	if (have_filtered) {
		test_filtered(&f, "filtered port", CANCEL_AT_MS);
		test_filtered(&f, "filtered port, probing", 1350);
	}
	test_silent("silent server", SW_TLS_NONE);
	test_silent("silent TLS handshake", SW_TLS_IMPLICIT);
	test_silent_probing();
	test_talker("no EHLO reply", false, STEP_EHLO);
	test_talker("silent STARTTLS handshake", true, STEP_TLS);
	test_rerun();
	if (have_filtered)
		test_other_threads(&f);
	filtered_close(&f);
	tap_done();
	return tap_failed != 0;
}
