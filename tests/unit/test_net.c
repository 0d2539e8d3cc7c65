/* Unit tests for net.c. Only loopback addresses (127.0.0.0/8, ::1) are ever
 * contacted, and no lookup reaches the machine's resolver: names that need
 * DNS are tested against a server the integration tests start themselves. */
#include <config.h>

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "net/net.h"
#include "tap.h"

#define N_FILL 4

/* A listener whose accept queue is full: Linux drops further SYNs, which
 * looks exactly like a firewall that silently discards them. */
struct filtered {
	int lfd;
	int fill[N_FILL];
};

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* The resolver thread of the abandoned lookup may still hold its socket
 * (glibc waits up to 5 s per try on a silent resolver); a leak of ours never
 * goes away, so waiting a bounded time tells the two apart. */
static int settled_fd_count(int want)
{
	int64_t deadline = clock_now_ms() + 12000;
	int n;

	while ((n = count_fds()) != want && clock_now_ms() < deadline) {
		struct timespec ts = {0, 100 * 1000000L};

		nanosleep(&ts, NULL);
	}
	return n;
}

static int ms_since(int64_t t0)
{
	return (int)(clock_now_ms() - t0);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static struct net_addr make_addr(const char *ip, int port)
{
	struct net_addr a;

	memset(&a, 0, sizeof(a));
	snprintf(a.text, sizeof(a.text), "%s", ip);
	if (strchr(ip, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a.ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		inet_pton(AF_INET6, ip, &s6->sin6_addr);
		a.len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&a.ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		inet_pton(AF_INET, ip, &s4->sin_addr);
		a.len = sizeof(*s4);
	}
	return a;
}

static int local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Binds ip:port (0 for any), listens when backlog >= 0; -1 on failure. */
static int bound_socket(const char *ip, int port, int backlog)
{
	struct net_addr a = make_addr(ip, port);
	int fd = socket(a.ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a.ss, a.len) != 0 ||
	    (backlog >= 0 && listen(fd, backlog) != 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A port on ip where nothing listens: bound (so nobody else had it), then
 * released. */
static int closed_port(const char *ip)
{
	int fd = bound_socket(ip, 0, -1);
	int port = fd < 0 ? -1 : local_port(fd);

	if (fd >= 0)
		close(fd);
	return port;
}

static bool filtered_open(struct filtered *f, const char *ip, int port)
{
	struct net_addr a;

	f->lfd = bound_socket(ip, port, 0);
	for (int i = 0; i < N_FILL; i++)
		f->fill[i] = -1;
	if (f->lfd < 0)
		return false;
	a = make_addr(ip, local_port(f->lfd));
	for (int i = 0; i < N_FILL; i++) {
		f->fill[i] =
		    socket(a.ss.ss_family,
			   SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (f->fill[i] >= 0)
			connect(f->fill[i], (struct sockaddr *)&a.ss, a.len);
	}
	sleep_ms(50);
	return true;
}

static void filtered_close(struct filtered *f)
{
	for (int i = 0; i < N_FILL; i++)
		if (f->fill[i] >= 0)
			close(f->fill[i]);
	if (f->lfd >= 0)
		close(f->lfd);
}

static bool is_blocking_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

	return fl >= 0 && !(fl & O_NONBLOCK) && fdfl >= 0 &&
	       (fdfl & FD_CLOEXEC);
}

static bool ipv6_loopback_works(void)
{
	int fd = bound_socket("::1", 0, -1);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void skip(const char *what, const char *why)
{
	ok(1, "%s # SKIP %s", what, why);
}

/* ---- tests ----------------------------------------------------------- */

static void test_status_names(void)
{
	tap_is_str(net_status_name(NET_OK), "ok", "name ok");
	tap_is_str(net_status_name(NET_DNS_NOT_FOUND), "dns-not-found",
		   "name dns-not-found");
	tap_is_str(net_status_name(NET_DNS_FAILURE), "dns-failure",
		   "name dns-failure");
	tap_is_str(net_status_name(NET_DNS_TIMEOUT), "dns-timeout",
		   "name dns-timeout");
	tap_is_str(net_status_name(NET_REFUSED), "refused", "name refused");
	tap_is_str(net_status_name(NET_TIMEOUT), "timeout", "name timeout");
	tap_is_str(net_status_name(NET_UNREACHABLE), "unreachable",
		   "name unreachable");
	tap_is_str(net_status_name(NET_ERROR), "error", "name error");
}

static void check_literal(const char *host, const char *want, int family,
			  bool loopback)
{
	struct net_addrs out;
	struct net_result res;
	int64_t t0 = clock_now_ms();
	enum net_status st = net_resolve(host, t0 + 2000, &out, &res);

	ok(st == NET_OK && res.status == NET_OK && out.n == 1 &&
	       strcmp(out.a[0].text, want) == 0 &&
	       out.a[0].ss.ss_family == family &&
	       net_addr_is_loopback(&out.a[0]) == loopback,
	   "literal '%s' -> %s (%s, n=%zu, '%s')", host, want,
	   net_status_name(st), out.n, out.n ? out.a[0].text : "");
}

static void check_resolve_error(const char *host, const char *what)
{
	struct net_addrs out;
	struct net_result res;
	enum net_status st =
	    net_resolve(host, clock_now_ms() + 2000, &out, &res);

	ok(st == NET_ERROR && out.n == 0 && res.detail[0] != '\0',
	   "%s -> error (%s: %s)", what, net_status_name(st), res.detail);
}

static void test_literals(void)
{
	struct net_addrs out;
	struct net_result res;

	check_literal("127.0.0.1", "127.0.0.1", AF_INET, true);
	check_literal("::1", "::1", AF_INET6, true);
	check_literal("[::1]", "::1", AF_INET6, true);
	check_literal("[IPv6:::1]", "::1", AF_INET6, true);
	check_literal("[127.0.0.1]", "127.0.0.1", AF_INET, true);
	check_literal("127.5.6.7", "127.5.6.7", AF_INET, true);
	check_literal("::ffff:127.0.0.1", "::ffff:127.0.0.1", AF_INET6, true);
	check_literal("198.51.100.7", "198.51.100.7", AF_INET, false);
	check_literal("2001:db8::25", "2001:db8::25", AF_INET6, false);
	check_resolve_error("", "empty host");
	check_resolve_error("[::1", "unclosed bracket");
	check_resolve_error("[mail.example]", "name in brackets");
	check_resolve_error("\xff\xfe.invalid", "invalid UTF-8 (no query)");

	net_resolve("127.0.0.1", clock_now_ms() + 1000, &out, &res);
	ok(net_addr_is_local(&out.a[0]), "127.0.0.1 is local");
	net_resolve("::1", clock_now_ms() + 1000, &out, &res);
	ok(net_addr_is_local(&out.a[0]), "::1 is local");
}

static void test_localhost(void)
{
	struct net_addrs out;
	struct net_result res;
	enum net_status st =
	    net_resolve("localhost", clock_now_ms() + 5000, &out, &res);
	bool all_loop = out.n > 0;

	for (size_t i = 0; i < out.n; i++)
		all_loop = all_loop && net_addr_is_loopback(&out.a[i]);
	ok(st == NET_OK && out.n >= 1 && out.n <= NET_MAX_ADDRS && all_loop,
	   "localhost resolves to %zu loopback address(es) (%s%s%s)", out.n,
	   net_status_name(st), out.n ? ", first " : "",
	   out.n ? out.a[0].text : "");
}

static void test_connect_ok(const char *ip)
{
	int lfd = bound_socket(ip, 0, 8);
	struct net_addrs addrs = {.n = 1};
	struct net_attempt at[4];
	size_t n = 4;
	int fd;

	addrs.a[0] = make_addr(ip, 0);
	fd =
	    net_connect(&addrs, local_port(lfd), clock_now_ms() + 2000, at, &n);
	ok(lfd >= 0 && fd >= 0 && n == 1 && at[0].status == NET_OK &&
	       at[0].sys_errno == 0 && strcmp(at[0].addr.text, ip) == 0,
	   "connect to listener on %s -> ok (%s, %d ms)", ip,
	   n ? net_status_name(at[0].status) : "-", n ? at[0].elapsed_ms : -1);
	ok(fd >= 0 && is_blocking_cloexec(fd),
	   "connected fd on %s is blocking and close-on-exec", ip);
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
}

static void test_connect_refused(void)
{
	struct net_addrs addrs = {.n = 1};
	struct net_attempt at[1];
	size_t n = 1;
	int64_t t0;
	int fd, ms;

	addrs.a[0] = make_addr("127.0.0.1", 0);
	t0 = clock_now_ms();
	fd = net_connect(&addrs, closed_port("127.0.0.1"), t0 + 2000, at, &n);
	ms = ms_since(t0);
	ok(fd < 0 && n == 1 && at[0].status == NET_REFUSED &&
	       at[0].sys_errno == ECONNREFUSED && ms < 200,
	   "closed port -> refused quickly (%d ms)", ms);
}

static void test_connect_filtered(void)
{
	struct filtered f;
	struct net_addrs addrs = {.n = 1};
	struct net_attempt at[1];
	size_t n = 1;
	int64_t t0;
	int fd = -1, ms = -1;

	memset(at, 0, sizeof(at));
	if (filtered_open(&f, "127.0.0.1", 0)) {
		addrs.a[0] = make_addr("127.0.0.1", 0);
		t0 = clock_now_ms();
		fd = net_connect(&addrs, local_port(f.lfd), t0 + 1000, at, &n);
		ms = ms_since(t0);
	}
	ok(f.lfd >= 0 && fd < 0 && n == 1 && at[0].status == NET_TIMEOUT &&
	       at[0].sys_errno == 0 && ms >= 900 && ms <= 1500,
	   "filtered port, 1 s deadline -> timeout (%d ms, %s)", ms,
	   n ? net_status_name(at[0].status) : "-");
	filtered_close(&f);
}

/* Happy Eyeballs fallback: the first address hangs, the second must win
 * about 250 ms later rather than at the deadline. */
static void check_fallback(const char *slow_ip, const char *fast_ip,
			   struct net_addrs *addrs, const char *what)
{
	struct filtered f;
	struct net_attempt at[4];
	size_t n = 4;
	int64_t t0;
	int lfd = -1, fd = -1, ms = -1;

	memset(at, 0, sizeof(at));
	/* The port picked for the slow address may be taken on the fast one
	 * by a test running beside this one: try a few others (bounded). */
	for (int tries = 0; tries < 8 && lfd < 0; tries++) {
		if (tries > 0)
			filtered_close(&f);
		if (filtered_open(&f, slow_ip, 0))
			lfd = bound_socket(fast_ip, local_port(f.lfd), 8);
	}
	if (lfd >= 0) {
		t0 = clock_now_ms();
		fd = net_connect(addrs, local_port(lfd), t0 + 3000, at, &n);
		ms = ms_since(t0);
	}
	/* Only a hang guard above: the deadline is 3000 ms away. */
	ok(fd >= 0 && ms >= 230 && ms < 2500 && n == 2 &&
	       strcmp(at[0].addr.text, slow_ip) == 0 &&
	       at[0].status == NET_TIMEOUT && at[0].sys_errno == ECANCELED &&
	       strcmp(at[1].addr.text, fast_ip) == 0 && at[1].status == NET_OK,
	   "%s: second address wins after ~250 ms (%d ms)", what, ms);
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	filtered_close(&f);
}

static void test_happy_eyeballs(bool v6)
{
	struct net_addrs addrs = {.n = 2};

	addrs.a[0] = make_addr("127.0.0.1", 0);
	addrs.a[1] = make_addr("127.0.0.2", 0);
	check_fallback("127.0.0.1", "127.0.0.2", &addrs,
		       "filtered 127.0.0.1, open 127.0.0.2");
	if (!v6) {
		skip("IPv6 first, then IPv4", "no IPv6 loopback");
		return;
	}
	/* Listed IPv4 first: the IPv6 address must still be tried first. */
	addrs.a[0] = make_addr("127.0.0.1", 0);
	addrs.a[1] = make_addr("::1", 0);
	check_fallback("::1", "127.0.0.1", &addrs,
		       "filtered ::1 tried first, open 127.0.0.1");
}

static void test_refused_then_next(void)
{
	struct net_addrs addrs = {.n = 3};
	struct net_attempt at[4];
	size_t n = 4;
	int lfd = -1, hold3 = -1, hold6 = -1, port = -1;
	int64_t t0;
	int fd, ms;

	/* Other tests run at once and bind ports of their own: the same
	 * port on ::1 and 127.0.0.3 is held bound but not listening, so
	 * it refuses for sure and nobody else can listen there. */
	for (int i = 0; i < 50 && hold3 < 0; i++) {
		lfd = bound_socket("127.0.0.1", 0, 8);
		port = local_port(lfd);
		hold3 = bound_socket("127.0.0.3", port, -1);
		hold6 = bound_socket("::1", port, -1);
		if (hold3 < 0 || hold6 < 0) {
			close(lfd);
			if (hold3 >= 0)
				close(hold3);
			hold3 = -1;
			if (hold6 >= 0)
				close(hold6);
			hold6 = -1;
		}
	}
	t0 = clock_now_ms();

	/* Nothing listens on ::1 or 127.0.0.3 at port; an order of ::1,
	 * 127.0.0.3, 127.0.0.1 checks the interleaving too. */
	addrs.a[0] = make_addr("127.0.0.3", 0);
	addrs.a[1] = make_addr("127.0.0.1", 0);
	addrs.a[2] = make_addr("::1", 0);
	fd = net_connect(&addrs, port, t0 + 3000, at, &n);
	ms = ms_since(t0);
	/* Two 250 ms waits would take 500 ms: below that, the refusals did
	 * not wait (a loaded machine may use up some of it). */
	ok(fd >= 0 && ms < 500 && n == 3 && at[0].status != NET_OK &&
	       strcmp(at[0].addr.text, "::1") == 0 &&
	       at[1].status == NET_REFUSED &&
	       strcmp(at[1].addr.text, "127.0.0.3") == 0 &&
	       at[2].status == NET_OK,
	   "refusals start the next attempt at once (%d ms; %zu attempts: "
	   "%s %s, %s %s, %s %s)",
	   ms, n, n > 0 ? at[0].addr.text : "-",
	   n > 0 ? net_status_name(at[0].status) : "-",
	   n > 1 ? at[1].addr.text : "-",
	   n > 1 ? net_status_name(at[1].status) : "-",
	   n > 2 ? at[2].addr.text : "-",
	   n > 2 ? net_status_name(at[2].status) : "-");
	if (fd >= 0)
		close(fd);

	n = 1;
	fd = net_connect(&addrs, port, clock_now_ms() + 3000, at, &n);
	ok(fd >= 0 && n == 1, "attempt records are capped at *n_attempts");
	if (fd >= 0)
		close(fd);
	fd = net_connect(&addrs, port, clock_now_ms() + 3000, NULL, NULL);
	ok(fd >= 0, "attempt records are optional");
	if (fd >= 0)
		close(fd);
	close(lfd);
	if (hold3 >= 0)
		close(hold3);
	if (hold6 >= 0)
		close(hold6);
}

static void test_connect_edges(void)
{
	struct net_addrs addrs = {.n = 0};
	struct net_attempt at[2];
	size_t n = 2;
	int fd;

	fd = net_connect(&addrs, 25, clock_now_ms() + 1000, at, &n);
	ok(fd < 0 && n == 0, "no addresses -> -1, no attempts");

	addrs.n = 1;
	addrs.a[0] = make_addr("127.0.0.1", 0);
	n = 2;
	fd = net_connect(&addrs, 0, clock_now_ms() + 1000, at, &n);
	ok(fd < 0 && n == 1 && at[0].status == NET_ERROR &&
	       at[0].sys_errno == EINVAL,
	   "port 0 -> error EINVAL");
	n = 2;
	fd = net_connect(&addrs, 70000, clock_now_ms() + 1000, at, &n);
	ok(fd < 0 && n == 1 && at[0].sys_errno == EINVAL,
	   "port 70000 -> error EINVAL");
}

static void test_probes(void)
{
	struct filtered f;
	struct net_probe p[3];
	struct net_addr a = make_addr("127.0.0.1", 0);
	int lfd = bound_socket("127.0.0.1", 0, 8);
	int64_t t0;
	int ms = -1;

	memset(p, 0, sizeof(p));
	p[0].port = local_port(lfd);
	p[1].port = closed_port("127.0.0.1");
	if (filtered_open(&f, "127.0.0.1", 0)) {
		p[2].port = local_port(f.lfd);
		t0 = clock_now_ms();
		net_probe_ports(&a, p, 3, t0 + 1000);
		ms = ms_since(t0);
	}
	ok(p[0].status == NET_OK && p[0].sys_errno == 0,
	   "probe of open port -> ok (%s)", net_status_name(p[0].status));
	ok(p[1].status == NET_REFUSED && p[1].sys_errno == ECONNREFUSED,
	   "probe of closed port -> refused (%s)",
	   net_status_name(p[1].status));
	ok(p[2].status == NET_TIMEOUT, "probe of filtered port -> timeout (%s)",
	   net_status_name(p[2].status));
	ok(ms >= 900 && ms <= 1500,
	   "three probes run concurrently: one deadline in all (%d ms)", ms);
	filtered_close(&f);
	if (lfd >= 0)
		close(lfd);

	p[0].port = 0;
	net_probe_ports(&a, p, 1, clock_now_ms() + 1000);
	ok(p[0].status == NET_ERROR && p[0].sys_errno == EINVAL,
	   "probe of port 0 -> error EINVAL");
}

int main(void)
{
	int fds_before = count_fds(), fds_after;
	bool v6 = ipv6_loopback_works();

	test_status_names();
	test_literals();
	test_localhost();

	test_connect_ok("127.0.0.1");
	if (v6)
		test_connect_ok("::1");
	else
		skip("connect to ::1", "no IPv6 loopback");
	test_connect_refused();
	test_connect_filtered();
	test_happy_eyeballs(v6);
	if (v6)
		test_refused_then_next();
	else
		skip("refusals start the next attempt", "no IPv6 loopback");
	test_connect_edges();
	test_probes();
	fds_after = settled_fd_count(fds_before);
	ok(fds_before > 0 && fds_after == fds_before,
	   "no file descriptor leaked (%d before, %d after)", fds_before,
	   fds_after);
	tap_done();
	return tap_failed != 0;
}
