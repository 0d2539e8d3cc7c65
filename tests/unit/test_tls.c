/* tls.c against in-process servers on loopback only: a GnuTLS server per
 * certificate from tests/certs/mkcerts.sh, plus raw servers that misbehave
 * (plain SMTP, silence, an alert, a hang-up). Each server is a thread that
 * serves one connection; every wait in it is bounded and can be cut short
 * through a stop pipe, so a failing client never hangs the test. */
#include <config.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "base/clock.h"
#include "net/tls.h"
#include "tap.h"

#define WAIT_MS 5000 /* any single server wait; tests finish far sooner */

enum mode {
	M_TLS,  /* handshake, then echo; "QUIT" gets "221 bye" + close_notify */
	M_DROP, /* handshake, then close without close_notify */
	M_OLD,  /* TLS 1.0/1.1 only */
	M_PLAIN,  /* "220 ..." in clear text, as on a STARTTLS port */
	M_SILENT, /* accepts and says nothing */
	M_ALERT,  /* answers the ClientHello with a fatal alert */
	M_HANGUP, /* reads the ClientHello and closes */
};

struct server {
	enum mode mode;
	char cert[512];
	char key[512];
	int lfd;
	int stop[2];
	int port;
	int family;
	pthread_t th;
};

static char certdir[256];

static void cert_path(char *out, size_t size, const char *file)
{
	snprintf(out, size, "%s/%s", certdir, file);
}

/* --- servers ------------------------------------------------------------ */

/* True when fd is ready before ms and nobody asked the server to stop. */
static bool srv_ready(struct server *s, int fd, int ms)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
			      {.fd = s->stop[0], .events = POLLIN}};

	if (poll(p, 2, ms) <= 0)
		return false;
	return p[1].revents == 0 && p[0].revents != 0;
}

/* Reads and discards until the client closes, stop, or WAIT_MS. */
static void drain(struct server *s, int fd)
{
	int64_t end = clock_now_ms() + WAIT_MS;
	char buf[1024];

	while (srv_ready(s, fd, clock_left_ms(end)) &&
	       read(fd, buf, sizeof(buf)) > 0)
		;
}

static int srv_send_all(gnutls_session_t ss, const char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = gnutls_record_send(ss, p, n);
		if (r < 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static void echo(gnutls_session_t ss)
{
	int64_t end = clock_now_ms() + 2 * WAIT_MS;
	char buf[4096];
	ssize_t n;

	while (clock_now_ms() < end) {
		n = gnutls_record_recv(ss, buf, sizeof(buf));
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n <= 0)
			return;
		if (n >= 4 && memcmp(buf, "QUIT", 4) == 0) {
			srv_send_all(ss, "221 bye\r\n", 9);
			gnutls_bye(ss, GNUTLS_SHUT_WR);
		} else if (srv_send_all(ss, buf, (size_t)n) < 0) {
			return;
		}
	}
}

static void run_session(struct server *s, gnutls_session_t ss, int fd)
{
	const char *prio = s->mode == M_OLD
			       ? "NORMAL:-VERS-ALL:+VERS-TLS1.0:+VERS-TLS1.1"
			       : "NORMAL";
	int64_t end = clock_now_ms() + WAIT_MS;
	int ret;

	if (gnutls_priority_set_direct(ss, prio, NULL) < 0)
		return;
	gnutls_transport_set_int(ss, fd);
	gnutls_handshake_set_timeout(ss, WAIT_MS);
	gnutls_record_set_timeout(ss, WAIT_MS);
	do
		ret = gnutls_handshake(ss);
	while (ret < 0 && !gnutls_error_is_fatal(ret) && clock_now_ms() < end);
	if (ret == 0 && s->mode == M_TLS)
		echo(ss);
}

static void serve_tls(struct server *s, int fd)
{
	gnutls_certificate_credentials_t cred;
	gnutls_session_t ss;

	if (gnutls_certificate_allocate_credentials(&cred) < 0)
		return;
	if (gnutls_certificate_set_x509_key_file(cred, s->cert, s->key,
						 GNUTLS_X509_FMT_PEM) == 0 &&
	    gnutls_init(&ss, GNUTLS_SERVER | GNUTLS_NO_SIGNAL) == 0) {
		if (gnutls_credentials_set(ss, GNUTLS_CRD_CERTIFICATE, cred) ==
		    0)
			run_session(s, ss, fd);
		gnutls_deinit(ss);
	}
	gnutls_certificate_free_credentials(cred);
}

static void serve_raw(struct server *s, int fd)
{
	/* TLS record: alert, legacy version 3.3, length 2, fatal (2),
	 * handshake_failure (40). */
	static const char alert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
	static const char banner[] = "220 plain smtp\r\n";
	char buf[4096];

	if (s->mode == M_PLAIN)
		(void)!send(fd, banner, sizeof(banner) - 1, MSG_NOSIGNAL);
	if (s->mode == M_ALERT || s->mode == M_HANGUP) {
		if (!srv_ready(s, fd, WAIT_MS) ||
		    read(fd, buf, sizeof(buf)) <= 0)
			return;
		if (s->mode == M_HANGUP)
			return;
		(void)!send(fd, alert, sizeof(alert), MSG_NOSIGNAL);
	}
	drain(s, fd);
}

static void *server_main(void *arg)
{
	struct server *s = arg;
	int fd;

	if (!srv_ready(s, s->lfd, WAIT_MS))
		return NULL;
	fd = accept(s->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	if (s->mode <= M_OLD)
		serve_tls(s, fd);
	else
		serve_raw(s, fd);
	close(fd);
	return NULL;
}

static int listen_loopback(int family, int *port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = sizeof(ss);
	int fd = socket(family, SOCK_STREAM, 0);

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)family;
	if (family == AF_INET)
		in4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else
		in6->sin6_addr = in6addr_loopback;
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) < 0 ||
	    listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(family == AF_INET ? in4->sin_port : in6->sin6_port);
	return fd;
}

/* cert: base name in certdir ("server" -> server.pem, server-key.pem). */
static bool server_start(struct server *s, enum mode m, const char *cert,
			 int family)
{
	char file[64];

	memset(s, 0, sizeof(*s));
	s->mode = m;
	s->family = family;
	snprintf(file, sizeof(file), "%s.pem", cert);
	cert_path(s->cert, sizeof(s->cert), file);
	snprintf(file, sizeof(file), "%s-key.pem", cert);
	cert_path(s->key, sizeof(s->key), file);
	s->lfd = listen_loopback(family, &s->port);
	if (s->lfd < 0)
		return false;
	if (pipe(s->stop) == 0) {
		if (pthread_create(&s->th, NULL, server_main, s) == 0)
			return true;
		close(s->stop[0]);
		close(s->stop[1]);
	}
	close(s->lfd);
	return false;
}

static void server_stop(struct server *s)
{
	(void)!write(s->stop[1], "x", 1);
	pthread_join(s->th, NULL);
	close(s->stop[0]);
	close(s->stop[1]);
	close(s->lfd);
}

/* --- client side -------------------------------------------------------- */

static int connect_to(const struct server *s)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	int fd = socket(s->family, SOCK_STREAM, 0);

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = (sa_family_t)s->family;
	if (s->family == AF_INET) {
		in4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		in4->sin_port = htons((uint16_t)s->port);
	} else {
		in6->sin6_addr = in6addr_loopback;
		in6->sin6_port = htons((uint16_t)s->port);
	}
	if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, sizeof(ss)) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

struct run {
	struct tls_result res;
	bool started;
	int64_t ms;
};

static void diag(const struct run *r)
{
	printf("# err=%d (%s) alert=%d status=0x%x verify='%s'\n",
	       r->res.gnutls_err, r->res.detail, r->res.alert,
	       r->res.verify_status, r->res.verify_text);
}

/* One handshake against a fresh server; ca is a file in certdir or NULL. */
static bool handshake_once(enum mode m, const char *cert, int family,
			   const char *name, const char *ca, int deadline_ms,
			   struct run *r)
{
	struct server s;
	struct tls_conn *c;
	char ca_file[512];
	int64_t t0;
	int fd;

	memset(r, 0, sizeof(*r));
	if (ca != NULL)
		cert_path(ca_file, sizeof(ca_file), ca);
	if (!server_start(&s, m, cert, family))
		return false;
	fd = connect_to(&s);
	if (fd >= 0) {
		t0 = clock_now_ms();
		c = tls_start(fd, name, ca ? ca_file : NULL, t0 + deadline_ms,
			      &r->res);
		r->ms = clock_now_ms() - t0;
		r->started = c != NULL;
		tls_close(c);
		close(fd);
	}
	server_stop(&s);
	if (!r->started)
		diag(r);
	return fd >= 0;
}

/* A verification case: the handshake must succeed whatever the cert. */
static bool verified(const char *what, const char *cert, const char *name,
		     const char *ca, struct run *r)
{
	bool good =
	    handshake_once(M_TLS, cert, AF_INET, name, ca, WAIT_MS, r) &&
	    r->started && r->res.verify_ran;

	ok(good, "%s: handshake completes and verification ran", what);
	return good;
}

static bool is_fingerprint(const char *s)
{
	size_t i;

	if (strlen(s) != 32 * 3 - 1)
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		bool colon = i % 3 == 2;

		if (colon != (s[i] == ':'))
			return false;
		if (!colon && !strchr("0123456789ABCDEF", s[i]))
			return false;
	}
	return true;
}

static bool is_utc_time(const char *s)
{
	int y, mo, d, h, mi, se;
	char tail[8];

	return strlen(s) == 23 &&
	       sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d %3s", &y, &mo, &d, &h, &mi,
		      &se, tail) == 7 &&
	       strcmp(tail, "UTC") == 0;
}

static bool blocking(int fd)
{
	return (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0;
}

/* --- tests ---------------------------------------------------------------- */

static void test_ca_file_errors(void)
{
	struct tls_result res;
	char path[512];
	int sv[2];

	if (!ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair"))
		return;
	cert_path(path, sizeof(path), "missing.pem");
	ok(tls_start(sv[0], "localhost", path, clock_now_ms() + 1000, &res) ==
		   NULL &&
	       res.gnutls_err < 0 && strstr(res.detail, "missing.pem"),
	   "missing ca_file: error naming the file ('%s')", res.detail);
	ok(blocking(sv[0]), "failed start leaves the socket blocking");
	cert_path(path, sizeof(path), "server-key.pem");
	ok(tls_start(sv[0], "localhost", path, clock_now_ms() + 1000, &res) ==
		   NULL &&
	       res.gnutls_err < 0,
	   "ca_file without certificates: error ('%s')", res.detail);
	close(sv[0]);
	close(sv[1]);
}

static bool read_exactly(struct tls_conn *c, char *buf, size_t n,
			 struct tls_result *res)
{
	int64_t deadline = clock_now_ms() + WAIT_MS;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = tls_read(c, buf + got, n - got, deadline, res);
		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

static void test_echo(struct tls_conn *c, struct tls_result *res)
{
	static char out[20000], in[20000];
	char line[16];
	size_t i;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (char)('a' + i % 26);
	ok(tls_write(c, "hello\r\n", 7, clock_now_ms() + WAIT_MS, res) == 0 &&
	       read_exactly(c, line, 7, res) &&
	       memcmp(line, "hello\r\n", 7) == 0,
	   "echo a line through tls_write/tls_read");
	/* Larger than one TLS record (16 KiB). */
	ok(tls_write(c, out, sizeof(out), clock_now_ms() + WAIT_MS, res) == 0 &&
	       read_exactly(c, in, sizeof(in), res) &&
	       memcmp(in, out, sizeof(in)) == 0,
	   "echo 20000 bytes (several records)");
	ok(tls_write(c, "QUIT\r\n", 6, clock_now_ms() + WAIT_MS, res) == 0 &&
	       read_exactly(c, line, 9, res) &&
	       memcmp(line, "221 bye\r\n", 9) == 0,
	   "reply before close_notify");
	ok(tls_read(c, line, sizeof(line), clock_now_ms() + WAIT_MS, res) == 0,
	   "close_notify reads as 0 (orderly close)");
}

static void check_good_fields(const struct tls_result *res)
{
	const struct tls_cert_info *ci = &res->cert;

	ok(res->verify_status == 0 && !res->untrusted && !res->expired &&
	       !res->not_yet_valid,
	   "good cert: trusted (status 0x%x)", res->verify_status);
	ok(res->hostname_ok, "good cert: host name matches");
	tap_is_str(res->version, "TLS1.3", "good cert: TLS1.3 negotiated");
	ok(strstr(res->cipher, "TLS1.3") != NULL, "cipher described: %s",
	   res->cipher);
	ok(res->alert == -1 && res->gnutls_err == 0, "no error, no alert");
	ok(ci->present && strstr(ci->subject, "localhost") != NULL,
	   "subject: %s", ci->subject);
	ok(strstr(ci->issuer, "smtpwiz test CA") != NULL, "issuer: %s",
	   ci->issuer);
	tap_is_str(ci->sans, "localhost, 127.0.0.1, ::1", "SANs listed");
	ok(is_fingerprint(ci->sha256), "sha256: %s", ci->sha256);
	ok(is_utc_time(ci->not_before) && is_utc_time(ci->not_after),
	   "validity: %s .. %s", ci->not_before, ci->not_after);
	ok(res->verify_text[0] != '\0', "verify text: %s", res->verify_text);
}

static void test_good(void)
{
	struct tls_result res;
	struct server s;
	struct tls_conn *c = NULL;
	char ca[512];
	int64_t t0, ms = 0;
	int fd;

	cert_path(ca, sizeof(ca), "ca.pem");
	if (!ok(server_start(&s, M_TLS, "server", AF_INET), "server starts"))
		return;
	fd = connect_to(&s);
	if (fd >= 0) {
		t0 = clock_now_ms();
		c = tls_start(fd, "localhost", ca, t0 + WAIT_MS, &res);
		ms = clock_now_ms() - t0;
	}
	if (ok(c != NULL, "good cert: handshake ok (%lld ms)", (long long)ms)) {
		check_good_fields(&res);
		ok(!blocking(fd), "socket non-blocking during the session");
		test_echo(c, &res);
		tls_close(c);
		ok(blocking(fd), "tls_close restores the blocking socket");
	}
	if (fd >= 0)
		close(fd);
	server_stop(&s);
}

static void test_read_timeout(void)
{
	struct tls_result res;
	struct server s;
	struct tls_conn *c = NULL;
	char buf[16];
	int64_t t0, ms;
	ssize_t r;
	int fd;

	if (!server_start(&s, M_TLS, "server", AF_INET))
		return;
	fd = connect_to(&s);
	if (fd >= 0)
		c = tls_start(fd, "localhost", NULL, clock_now_ms() + WAIT_MS,
			      &res);
	if (ok(c != NULL, "system trust: handshake ok")) {
		ok(res.untrusted && res.hostname_ok,
		   "system trust: test CA unknown, name fine (%s)",
		   res.verify_text);
		t0 = clock_now_ms();
		r = tls_read(c, buf, sizeof(buf), t0 + 500, &res);
		ms = clock_now_ms() - t0;
		ok(r == -1 && res.gnutls_err == GNUTLS_E_TIMEDOUT &&
		       ms >= 400 && ms <= 1200,
		   "tls_read times out at the deadline (%lld ms)",
		   (long long)ms);
		tls_close(c);
	}
	if (fd >= 0)
		close(fd);
	server_stop(&s);
}

/* The peer is gone: the write that meets the RST must return -1, not raise
 * SIGPIPE (the test does not ignore it). The first writes may still reach
 * the kernel, hence the bounded retries. */
static void write_to_dead_peer(struct tls_conn *c, struct tls_result *res)
{
	int i, w = 0;

	for (i = 0; i < 50 && w == 0; i++) {
		w = tls_write(c, "NOOP\r\n", 6, clock_now_ms() + 1000, res);
		usleep(20000);
	}
	ok(w == -1, "write to a closed peer fails without SIGPIPE: %s",
	   res->detail);
}

/* The server closes without close_notify right after the handshake. */
static void test_drop(bool read_first)
{
	struct tls_result res;
	struct server s;
	struct tls_conn *c = NULL;
	char buf[16];
	int fd;

	if (!server_start(&s, M_DROP, "server", AF_INET))
		return;
	fd = connect_to(&s);
	if (fd >= 0)
		c = tls_start(fd, "localhost", NULL, clock_now_ms() + WAIT_MS,
			      &res);
	if (ok(c != NULL, "drop: handshake ok")) {
		if (read_first)
			ok(tls_read(c, buf, sizeof(buf),
				    clock_now_ms() + WAIT_MS, &res) == -1 &&
			       res.gnutls_err == GNUTLS_E_PREMATURE_TERMINATION,
			   "close without close_notify is an error: %s",
			   res.detail);
		else
			write_to_dead_peer(c, &res);
		tls_close(c);
	}
	if (fd >= 0)
		close(fd);
	server_stop(&s);
}

static void test_ip_names(void)
{
	struct run r;

	if (verified("IPv4 literal", "server", "127.0.0.1", "ca.pem", &r))
		ok(r.res.hostname_ok && r.res.verify_status == 0,
		   "127.0.0.1 matches its IP SAN");
	if (verified("other IPv4", "server", "127.0.0.2", "ca.pem", &r))
		ok(!r.res.hostname_ok && !r.res.untrusted &&
		       (r.res.verify_status & GNUTLS_CERT_UNEXPECTED_OWNER),
		   "127.0.0.2 does not match, chain still trusted");
	if (!handshake_once(M_TLS, "server", AF_INET6, "::1", "ca.pem", WAIT_MS,
			    &r)) {
		ok(1, "# SKIP no IPv6 loopback");
		return;
	}
	ok(r.started && r.res.hostname_ok && r.res.verify_status == 0,
	   "::1 matches its IP SAN");
	ok(handshake_once(M_TLS, "server", AF_INET6, "[::1]", "ca.pem", WAIT_MS,
			  &r) &&
	       r.started && r.res.hostname_ok,
	   "[::1] (bracketed) matches too");
}

static void test_bad_certs(void)
{
	struct run r;

	if (verified("expired", "expired", "localhost", "ca.pem", &r))
		ok(r.res.expired && !r.res.untrusted && r.res.hostname_ok &&
		       strncmp(r.res.cert.not_after, "2020-01-01", 10) == 0,
		   "expired: flagged alone (not after %s)",
		   r.res.cert.not_after);
	if (verified("future", "future", "localhost", "ca.pem", &r))
		ok(r.res.not_yet_valid && !r.res.expired && !r.res.untrusted &&
		       strncmp(r.res.cert.not_before, "2099-01-01", 10) == 0,
		   "future: not yet valid (not before %s)",
		   r.res.cert.not_before);
	if (verified("wrong host", "wronghost", "localhost", "ca.pem", &r)) {
		ok(!r.res.hostname_ok && !r.res.untrusted && !r.res.expired,
		   "wrong host: only the name is wrong");
		tap_is_str(r.res.cert.sans, "wrong.example.test",
			   "wrong host: SANs listed");
	}
	if (verified("self-signed", "selfsigned", "localhost", "ca.pem", &r))
		ok(r.res.untrusted && r.res.hostname_ok &&
		       (r.res.verify_status & GNUTLS_CERT_SIGNER_NOT_FOUND),
		   "self-signed: untrusted (%s)", r.res.verify_text);
	if (verified("interception", "intercept", "localhost", "ca.pem", &r))
		ok(r.res.untrusted && strstr(r.res.cert.issuer, "Avast"),
		   "interception: untrusted, issuer %s", r.res.cert.issuer);
	if (verified("interception CA trusted", "intercept", "localhost",
		     "intercept-ca.pem", &r))
		ok(r.res.verify_status == 0,
		   "interception: trusted once its CA is the anchor");
}

/* RFC 6125: a wildcard stands for exactly one, leftmost label. */
static void test_wildcard(void)
{
	static const struct {
		const char *name;
		bool match;
	} cases[] = {
	    {"a.wild.test", true},
	    {"MX.Wild.Test.", true},
	    {"b.a.wild.test", false},
	    {"wild.test", false},
	};
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (verified(cases[i].name, "wildcard", cases[i].name, "ca.pem",
			     &r))
			ok(r.res.hostname_ok == cases[i].match,
			   "*.wild.test %s %s",
			   cases[i].match ? "covers" : "does not cover",
			   cases[i].name);
}

static void test_failures(void)
{
	struct run r;

	handshake_once(M_PLAIN, "server", AF_INET, "localhost", "ca.pem", 3000,
		       &r);
	ok(!r.started && r.res.gnutls_err < 0 &&
	       r.res.gnutls_err != GNUTLS_E_TIMEDOUT && r.ms < 1000,
	   "plain SMTP banner: error %d (%s) in %lld ms", r.res.gnutls_err,
	   r.res.detail, (long long)r.ms);
	handshake_once(M_SILENT, "server", AF_INET, "localhost", "ca.pem", 500,
		       &r);
	ok(!r.started && r.res.gnutls_err == GNUTLS_E_TIMEDOUT && r.ms >= 400 &&
	       r.ms <= 1200,
	   "silent server: timeout at the 500 ms deadline (%lld ms)",
	   (long long)r.ms);
	handshake_once(M_ALERT, "server", AF_INET, "localhost", "ca.pem", 3000,
		       &r);
	ok(!r.started && r.res.gnutls_err == GNUTLS_E_FATAL_ALERT_RECEIVED &&
	       r.res.alert == GNUTLS_A_HANDSHAKE_FAILURE &&
	       strstr(r.res.detail, "alert") != NULL,
	   "fatal alert: alert %d, '%s'", r.res.alert, r.res.detail);
	handshake_once(M_HANGUP, "server", AF_INET, "localhost", "ca.pem", 3000,
		       &r);
	ok(!r.started && r.res.gnutls_err < 0 &&
	       r.res.gnutls_err != GNUTLS_E_TIMEDOUT && r.ms < 1000,
	   "hang-up mid-handshake: error %d (%s)", r.res.gnutls_err,
	   r.res.detail);
	handshake_once(M_OLD, "server", AF_INET, "localhost", "ca.pem", 3000,
		       &r);
	ok(!r.started && r.res.gnutls_err < 0 &&
	       r.res.gnutls_err != GNUTLS_E_TIMEDOUT,
	   "TLS 1.0/1.1-only server refused: error %d (%s)", r.res.gnutls_err,
	   r.res.detail);
}

/* --- setup ---------------------------------------------------------------- */

static bool make_certs(void)
{
	const char *srcdir = getenv("SRCDIR");
	const char *tmp = getenv("TMPDIR");
	char script[512];
	int status;
	pid_t pid;

	snprintf(script, sizeof(script), "%s/tests/certs/mkcerts.sh",
		 srcdir ? srcdir : ".");
	snprintf(certdir, sizeof(certdir), "%s/smtpwiz-tls-XXXXXX",
		 tmp ? tmp : "/tmp");
	if (mkdtemp(certdir) == NULL) {
		certdir[0] = '\0';
		return false;
	}
	pid = fork();
	if (pid == 0) {
		/* stdout carries TAP: anything the script says goes to
		 * stderr. */
		dup2(2, 1);
		execl("/bin/sh", "sh", script, certdir, (char *)NULL);
		_exit(127);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* mkcerts.sh leaves plain files only. */
static void remove_certdir(void)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(certdir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		cert_path(path, sizeof(path), e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(certdir);
}

int main(void)
{
	bool have_certs = make_certs();

	if (ok(have_certs, "mkcerts.sh generates the certificates")) {
		test_ca_file_errors();
		test_good();
		test_read_timeout();
		test_drop(true);
		test_drop(false);
		test_ip_names();
		test_bad_certs();
		test_wildcard();
		test_failures();
	}
	tls_close(NULL);
	ok(1, "tls_close(NULL) is a no-op");
	if (certdir[0] != '\0')
		remove_certdir();
	return tap_done();
}
