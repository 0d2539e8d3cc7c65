#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "net/tls.h"

/* GnuTLS 3.7.9's NORMAL (Debian 12 ships no /etc/gnutls/config override)
 * still enables TLS 1.0 and 1.1. RFC 8996 forbids them and this session
 * carries the user's password, so they are removed: a server that offers
 * nothing newer fails the handshake with an error the caller can classify. */
#define TLS_PRIORITY "NORMAL:-VERS-TLS1.1:-VERS-TLS1.0"
/* close_notify is a courtesy; a stuck peer must not delay the exit. */
#define TLS_BYE_MS 500
/* A hostile certificate may list thousands of names; the summary is bounded
 * anyway, this bounds the parsing work too. */
#define TLS_MAX_SANS 256

struct tls_conn {
	gnutls_session_t session;
	gnutls_certificate_credentials_t cred;
	int fd;
	int fd_flags; /* as the caller gave them, restored by tls_close */
	int anchors;  /* trust anchors loaded, for the verify text */
};

/* The name the caller asked for, in the forms SNI and verification need. */
struct peer_name {
	char host[256];       /* DNS name without trailing dot, or "" */
	unsigned char ip[16]; /* IP literal in network order */
	unsigned ip_len;      /* 4, 16, or 0 for a DNS name */
};

/* Copies at most size - 1 bytes and replaces control characters: most of
 * this text comes from the peer's certificate and ends up on a terminal. */
static void put_text(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)src[i];

		dst[i] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
	}
	dst[i] = '\0';
}

static void set_detail(struct tls_result *res, int err, const char *what,
		       const char *why)
{
	res->gnutls_err = err;
	if (what != NULL)
		snprintf(res->detail, sizeof(res->detail), "%s: %s", what, why);
	else
		put_text(res->detail, sizeof(res->detail), why);
}

/* Records a GnuTLS error; a fatal alert is named because "handshake failure"
 * or "protocol version" is what tells the user what the server objected to. */
static void set_error(struct tls_result *res, gnutls_session_t s, int err)
{
	const char *name;

	if (res == NULL)
		return;
	if (err == GNUTLS_E_FATAL_ALERT_RECEIVED && s != NULL) {
		res->alert = (int)gnutls_alert_get(s);
		name = gnutls_alert_get_name(
		    (gnutls_alert_description_t)res->alert);
		set_detail(res, err, "fatal TLS alert received",
			   name != NULL ? name : "unknown alert");
	} else if (err == GNUTLS_E_PREMATURE_TERMINATION) {
		set_detail(res, err, NULL,
			   "connection closed without TLS close_notify");
	} else {
		set_detail(res, err, NULL, gnutls_strerror(err));
	}
}

/* Waits until the socket is ready in the direction GnuTLS last blocked on.
 * POLLERR/POLLHUP count as ready: the next GnuTLS call reports them. The
 * wait goes in slices, and a cancel ends it as the deadline would. */
static int wait_io(struct tls_conn *c, int64_t deadline)
{
	struct pollfd p = {.fd = c->fd};
	int n;

	p.events = gnutls_record_get_direction(c->session) ? POLLOUT : POLLIN;
	for (;;) {
		if (clock_left_ms(deadline) == 0 || cancel_requested())
			return GNUTLS_E_TIMEDOUT;
		n = poll(&p, 1, cancel_slice_ms(deadline));
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return GNUTLS_E_PULL_ERROR;
	}
}

/* What to do after a GnuTLS call returned ret < 0: 0 to call it again, or
 * the error to give up with. Warnings (a warning alert, a renegotiation
 * request we ignore) do not end the session, but may not spin past the
 * deadline either. */
static int after_error(struct tls_conn *c, int ret, int64_t deadline)
{
	if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
		return wait_io(c, deadline);
	if (gnutls_error_is_fatal(ret) || ret == GNUTLS_E_PREMATURE_TERMINATION)
		return ret;
	return clock_left_ms(deadline) > 0 && !cancel_requested()
		   ? 0
		   : GNUTLS_E_TIMEDOUT;
}

static int parse_name(const char *name, struct peer_name *pn)
{
	char buf[sizeof(pn->host)];
	size_t len;
	char *zone;

	memset(pn, 0, sizeof(*pn));
	if (name == NULL)
		return 0;
	len = strlen(name);
	if (len >= sizeof(buf))
		return GNUTLS_E_INVALID_REQUEST;
	/* "[::1]" is how URLs and the configuration may spell IPv6. */
	if (len >= 2 && name[0] == '[' && name[len - 1] == ']') {
		name++;
		len -= 2;
	}
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, pn->ip) == 1) {
		pn->ip_len = 4;
		return 0;
	}
	/* A zone ("fe80::1%eth0") selects the interface, not the identity. */
	zone = strchr(buf, '%');
	if (zone != NULL)
		*zone = '\0';
	if (inet_pton(AF_INET6, buf, pn->ip) == 1) {
		pn->ip_len = 16;
		return 0;
	}
	if (zone != NULL)
		*zone = '%';
	/* "mail.example.com." is absolute; SNI and certificates never are. */
	if (len > 0 && buf[len - 1] == '.')
		buf[len - 1] = '\0';
	memcpy(pn->host, buf, sizeof(pn->host));
	return 0;
}

/* Trust anchors: either the caller's CA file alone, or the system store. */
static int load_trust(struct tls_conn *c, const char *ca_file,
		      struct tls_result *res)
{
	int ret = gnutls_certificate_allocate_credentials(&c->cred);

	if (ret < 0) {
		c->cred = NULL;
		return ret;
	}
	if (ca_file == NULL) {
		/* An empty store is not fatal: the chain shows up untrusted
		 * and the certificate can still be shown. */
		ret = gnutls_certificate_set_x509_system_trust(c->cred);
		c->anchors = ret > 0 ? ret : 0;
		return 0;
	}
	ret = gnutls_certificate_set_x509_trust_file(c->cred, ca_file,
						     GNUTLS_X509_FMT_PEM);
	if (ret == 0)
		ret = GNUTLS_E_NO_CERTIFICATE_FOUND;
	if (ret < 0) {
		set_detail(res, ret, ca_file, gnutls_strerror(ret));
		return ret;
	}
	c->anchors = ret;
	return 0;
}

static int init_session(struct tls_conn *c, const struct peer_name *pn)
{
	int ret;

	/* NO_SIGNAL: a peer that resets the connection must produce an
	 * error, not a SIGPIPE that kills the program. */
	ret = gnutls_init(&c->session, GNUTLS_CLIENT | GNUTLS_NO_SIGNAL);
	if (ret < 0) {
		c->session = NULL;
		return ret;
	}
	ret = gnutls_priority_set_direct(c->session, TLS_PRIORITY, NULL);
	if (ret == 0)
		ret = gnutls_credentials_set(c->session, GNUTLS_CRD_CERTIFICATE,
					     c->cred);
	/* RFC 6066: SNI carries host names only, never IP literals. */
	if (ret == 0 && pn->ip_len == 0 && pn->host[0] != '\0')
		ret = gnutls_server_name_set(c->session, GNUTLS_NAME_DNS,
					     pn->host, strlen(pn->host));
	if (ret < 0)
		return ret;
	gnutls_transport_set_int(c->session, c->fd);
	/* The caller's deadline is the only clock. */
	gnutls_handshake_set_timeout(c->session, 0);
	return 0;
}

/* The caller's socket is blocking; all I/O here polls against a deadline, so
 * it is non-blocking for the session's life and restored by tls_close. */
static int set_nonblocking(struct tls_conn *c, struct tls_result *res)
{
	int flags = fcntl(c->fd, F_GETFL);

	if (flags < 0 || fcntl(c->fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		set_detail(res, GNUTLS_E_INVALID_REQUEST, "socket",
			   strerror(errno));
		return GNUTLS_E_INVALID_REQUEST;
	}
	c->fd_flags = flags;
	return 0;
}

static int handshake(struct tls_conn *c, int64_t deadline)
{
	int ret;

	do {
		ret = gnutls_handshake(c->session);
		if (ret == 0)
			return 0;
		ret = after_error(c, ret, deadline);
	} while (ret == 0);
	return ret;
}

static void put_time(time_t t, char *out, size_t size)
{
	struct tm tm;

	out[0] = '\0';
	if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL)
		return;
	if (strftime(out, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		out[0] = '\0';
}

static void put_fingerprint(const gnutls_datum_t *der, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char md[32];
	size_t len = sizeof(md);
	size_t i;
	char *o = out;

	out[0] = '\0';
	if (gnutls_fingerprint(GNUTLS_DIG_SHA256, der, md, &len) < 0 ||
	    len * 3 > size)
		return;
	for (i = 0; i < len; i++) {
		if (i > 0)
			*o++ = ':';
		*o++ = hex[md[i] >> 4];
		*o++ = hex[md[i] & 0xf];
	}
	*o = '\0';
}

typedef int (*dn_getter)(gnutls_x509_crt_t, gnutls_datum_t *, unsigned);

static void put_dn(gnutls_x509_crt_t crt, dn_getter get, char *out, size_t size)
{
	gnutls_datum_t dn = {NULL, 0};

	out[0] = '\0';
	if (get(crt, &dn, 0) < 0)
		return;
	put_text(out, size, (const char *)dn.data);
	gnutls_free(dn.data);
}

/* Appends ", item"; when it does not fit, marks the cut with "..." and
 * returns false so the caller stops. */
static bool append_item(char *out, size_t size, const char *item)
{
	size_t used = strlen(out);
	const char *sep = used ? ", " : "";

	if (used + strlen(sep) + strlen(item) < size) {
		snprintf(out + used, size - used, "%s%s", sep, item);
		return true;
	}
	if (used + strlen(sep) + 3 < size)
		snprintf(out + used, size - used, "%s...", sep);
	return false;
}

/* The SAN as text, or NULL for types the summary does not show. */
static const char *san_text(unsigned type, char *raw, size_t len, char *text,
			    size_t size)
{
	if (type == GNUTLS_SAN_DNSNAME) {
		raw[len] = '\0';
		put_text(text, size, raw);
		return text;
	}
	if (type == GNUTLS_SAN_IPADDRESS && (len == 4 || len == 16))
		return inet_ntop(len == 4 ? AF_INET : AF_INET6, raw, text,
				 (socklen_t)size);
	return NULL;
}

static void put_sans(gnutls_x509_crt_t crt, char *out, size_t size)
{
	char raw[256], text[256];
	const char *s;
	unsigned i, type;
	size_t len;
	int ret;

	out[0] = '\0';
	for (i = 0; i < TLS_MAX_SANS; i++) {
		len = sizeof(raw) - 1; /* room for san_text's terminator */
		ret = gnutls_x509_crt_get_subject_alt_name2(crt, i, raw, &len,
							    &type, NULL);
		if (ret == GNUTLS_E_SHORT_MEMORY_BUFFER)
			continue; /* longer than any valid DNS name */
		if (ret < 0)
			break;
		s = san_text(type, raw, len, text, sizeof(text));
		if (s != NULL && !append_item(out, size, s))
			break;
	}
}

static void describe_cert(const gnutls_datum_t *der, struct tls_cert_info *ci)
{
	gnutls_x509_crt_t crt;
	time_t expires;

	if (gnutls_x509_crt_init(&crt) < 0)
		return;
	if (gnutls_x509_crt_import(crt, der, GNUTLS_X509_FMT_DER) == 0) {
		ci->present = true;
		put_dn(crt, gnutls_x509_crt_get_dn3, ci->subject,
		       sizeof(ci->subject));
		put_dn(crt, gnutls_x509_crt_get_issuer_dn3, ci->issuer,
		       sizeof(ci->issuer));
		put_sans(crt, ci->sans, sizeof(ci->sans));
		put_time(gnutls_x509_crt_get_activation_time(crt),
			 ci->not_before, sizeof(ci->not_before));
		expires = gnutls_x509_crt_get_expiration_time(crt);
		put_time(expires, ci->not_after, sizeof(ci->not_after));
		ci->not_after_s = expires == (time_t)-1 ? 0 : (int64_t)expires;
		put_fingerprint(der, ci->sha256, sizeof(ci->sha256));
	}
	gnutls_x509_crt_deinit(crt);
}

static void describe_session(struct tls_conn *c, struct tls_result *res)
{
	const char *v =
	    gnutls_protocol_get_name(gnutls_protocol_get_version(c->session));
	char *desc = gnutls_session_get_desc(c->session);

	put_text(res->version, sizeof(res->version), v != NULL ? v : "");
	put_text(res->cipher, sizeof(res->cipher), desc != NULL ? desc : "");
	gnutls_free(desc);
}

static void set_verify_text(struct tls_conn *c, struct tls_result *res)
{
	gnutls_datum_t out = {NULL, 0};
	const char *note = "";
	size_t len;

	if (gnutls_certificate_verification_status_print(
		res->verify_status, GNUTLS_CRT_X509, &out, 0) < 0)
		return;
	/* Otherwise every server looks untrusted and nobody says why. */
	if (c->anchors == 0 &&
	    (res->verify_status & GNUTLS_CERT_SIGNER_NOT_FOUND))
		note = " (no trust anchors were loaded)";
	snprintf(res->verify_text, sizeof(res->verify_text), "%s%s",
		 (const char *)out.data, note);
	gnutls_free(out.data);
	/* GnuTLS ends every sentence with a space, the last one included. */
	len = strlen(res->verify_text);
	while (len > 0 && res->verify_text[len - 1] == ' ')
		res->verify_text[--len] = '\0';
}

/* Verification happens after the handshake so that a bad certificate is
 * described rather than refused. IP literals are matched against IP SANs
 * only; names follow RFC 6125 as GnuTLS implements it (a wildcard covers
 * exactly one leftmost label). */
static void verify_peer(struct tls_conn *c, const struct peer_name *pn,
			struct tls_result *res)
{
	gnutls_typed_vdata_st data[2];
	const gnutls_datum_t *chain;
	unsigned n = 0, chain_len = 0, status = 0, other;
	bool named = pn->ip_len > 0 || pn->host[0] != '\0';

	chain = gnutls_certificate_get_peers(c->session, &chain_len);
	if (chain == NULL || chain_len == 0)
		return;
	describe_cert(&chain[0], &res->cert);
	if (pn->ip_len > 0) {
		data[n].type = GNUTLS_DT_IP_ADDRESS;
		data[n].data = (unsigned char *)pn->ip;
		data[n++].size = pn->ip_len;
	} else if (pn->host[0] != '\0') {
		data[n].type = GNUTLS_DT_DNS_HOSTNAME;
		data[n].data = (unsigned char *)pn->host;
		data[n++].size = 0;
	}
	data[n].type = GNUTLS_DT_KEY_PURPOSE_OID;
	data[n].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	data[n++].size = 0;
	/* A certificate GnuTLS cannot even process is no more trusted than
	 * one it rejects. */
	if (gnutls_certificate_verify_peers(c->session, data, n, &status) < 0)
		status = GNUTLS_CERT_INVALID;
	res->verify_ran = true;
	res->verify_status = status;
	/* Without a name there is nothing the certificate was checked for. */
	res->hostname_ok = named && !(status & GNUTLS_CERT_UNEXPECTED_OWNER);
	res->expired = (status & GNUTLS_CERT_EXPIRED) != 0;
	res->not_yet_valid = (status & GNUTLS_CERT_NOT_ACTIVATED) != 0;
	/* INVALID accompanies every failure; it means "untrusted" only when
	 * no more specific reason explains it. Every other bit (unknown
	 * signer, not a CA, weak algorithm, revoked, wrong purpose...) is a
	 * trust problem. */
	other = status & ~(unsigned)(GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED |
				     GNUTLS_CERT_NOT_ACTIVATED |
				     GNUTLS_CERT_UNEXPECTED_OWNER);
	res->untrusted = other != 0 || status == GNUTLS_CERT_INVALID;
	set_verify_text(c, res);
}

static void conn_free(struct tls_conn *c)
{
	if (c->session != NULL)
		gnutls_deinit(c->session);
	if (c->cred != NULL)
		gnutls_certificate_free_credentials(c->cred);
	if (c->fd_flags >= 0)
		(void)fcntl(c->fd, F_SETFL, c->fd_flags);
	free(c);
}

static void result_init(struct tls_result *res)
{
	memset(res, 0, sizeof(*res));
	res->alert = -1;
}

struct tls_conn *tls_start(int fd, const char *servername, const char *ca_file,
			   int64_t deadline, struct tls_result *res)
{
	struct peer_name pn;
	struct tls_conn *c;
	int ret;

	result_init(res);
	ret = parse_name(servername, &pn);
	if (ret < 0) {
		set_detail(res, ret, NULL, "server name too long");
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		set_error(res, NULL, GNUTLS_E_MEMORY_ERROR);
		return NULL;
	}
	c->fd = fd;
	c->fd_flags = -1;
	ret = load_trust(c, ca_file, res);
	if (ret == 0)
		ret = init_session(c, &pn);
	if (ret == 0)
		ret = set_nonblocking(c, res);
	if (ret == 0)
		ret = handshake(c, deadline);
	if (ret < 0) {
		if (res->gnutls_err == 0)
			set_error(res, c->session, ret);
		conn_free(c);
		return NULL;
	}
	describe_session(c, res);
	verify_peer(c, &pn, res);
	return c;
}

/* Records already decrypted are returned before any poll: recv is always
 * tried first and only GNUTLS_E_AGAIN (nothing pending) leads to a wait.
 * A close without close_notify is an error, GNUTLS_E_PREMATURE_TERMINATION:
 * only the SMTP layer knows whether a reply was complete (after QUIT it
 * may accept this as the end). */
ssize_t tls_read(struct tls_conn *c, void *buf, size_t n, int64_t deadline,
		 struct tls_result *res)
{
	ssize_t ret;
	int err;

	for (;;) {
		ret = gnutls_record_recv(c->session, buf, n);
		if (ret >= 0)
			return ret;
		err = after_error(c, (int)ret, deadline);
		if (err < 0) {
			set_error(res, c->session, err);
			return -1;
		}
	}
}

int tls_write(struct tls_conn *c, const void *buf, size_t n, int64_t deadline,
	      struct tls_result *res)
{
	const char *p = buf;
	size_t off = 0;
	ssize_t ret;
	int err;

	while (off < n) {
		/* After GNUTLS_E_AGAIN the same arguments must be passed
		 * again: off only moves on success. */
		ret = gnutls_record_send(c->session, p + off, n - off);
		if (ret > 0) {
			off += (size_t)ret;
			continue;
		}
		err = ret == 0 ? GNUTLS_E_INTERNAL_ERROR
			       : after_error(c, (int)ret, deadline);
		if (err < 0) {
			set_error(res, c->session, err);
			return -1;
		}
	}
	return 0;
}

void tls_close(struct tls_conn *c)
{
	int64_t deadline;
	int ret;

	if (c == NULL)
		return;
	deadline = clock_now_ms() + TLS_BYE_MS;
	do {
		ret = gnutls_bye(c->session, GNUTLS_SHUT_WR);
	} while ((ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED) &&
		 wait_io(c, deadline) == 0);
	conn_free(c);
}
