#include <config.h>

#include <arpa/inet.h>
#include <idn2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "validate.h"

#define DNS_MAX     253  /* RFC 1035, without the trailing dot */
#define LABEL_MAX   63   /* RFC 1035 */
#define LOCAL_MAX   64   /* RFC 5321 4.5.3.1.1 */
#define ADDR_MAX    254  /* RFC 5321 path limit minus the angle brackets */
#define INPUT_MAX   1024 /* longer input is never a name: spare libidn2 */
#define LITERAL_MAX 64   /* longest text an IPv6 literal can need, plus slack */
#define TIMEOUT_MAX 300
#define TIMEOUT_LOW 5

/* ---- results ------------------------------------------------------------ */

static struct vresult vr_ok(void)
{
	struct vresult r = {.status = V_OK};

	return r;
}

static struct vresult vr_msg(enum vstatus status, const char *msg)
{
	struct vresult r = {.status = status};

	snprintf(r.msg, sizeof(r.msg), "%s", msg);
	return r;
}

__attribute__((format(printf, 2, 3))) static struct vresult
vr_fmt(enum vstatus status, const char *fmt, ...)
{
	struct vresult r = {.status = status};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r.msg, sizeof(r.msg), fmt, ap);
	va_end(ap);
	return r;
}

/* ---- character classes -------------------------------------------------- */

/* Own ASCII tests: <ctype.h> follows the locale, and a validator must give
 * the same answer whatever LC_CTYPE the wizard runs under. */
static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static unsigned char to_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static int ascii_casecmp(const char *a, const char *b)
{
	while (*a != '\0' &&
	       to_lower((unsigned char)*a) == to_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return to_lower((unsigned char)*a) - to_lower((unsigned char)*b);
}

static bool ascii_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || to_lower((unsigned char)s[i]) !=
					to_lower((unsigned char)prefix[i]))
			return false;
	return true;
}

static bool is_empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

static bool has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if (is_ctl((unsigned char)*s))
			return true;
	return false;
}

static bool has_non_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static bool all_digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_digit((unsigned char)s[i]))
			return false;
	return true;
}

/* Length of the UTF-8 sequence at s, or 0 when it is malformed (overlong,
 * surrogate, beyond U+10FFFF or truncated): libidn2 and SMTPUTF8 servers
 * both refuse such bytes, so we say so before they do. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_seq((const unsigned char *)s + i);

		if (n == 0 || i + n > len)
			return false;
		i += n;
	}
	return true;
}

/* ---- IP literals -------------------------------------------------------- */

static bool ip_text(int af, const char *s, size_t len)
{
	char buf[LITERAL_MAX];
	unsigned char addr[16];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(af, buf, addr) == 1;
}

static bool is_ipv4(const char *s)
{
	return ip_text(AF_INET, s, strlen(s));
}

static bool is_ipv6(const char *s, size_t len)
{
	return ip_text(AF_INET6, s, len);
}

/* RFC 1123 2.1: such a name would be mistaken for an IPv4 address. */
static bool only_digits_and_dots(const char *s, size_t len)
{
	bool digit = false;

	for (size_t i = 0; i < len; i++) {
		if (is_digit((unsigned char)s[i]))
			digit = true;
		else if (s[i] != '.')
			return false;
	}
	return digit;
}

/* RFC 5321 address literal: "[192.0.2.1]" or "[IPv6:2001:db8::1]". */
static bool address_literal_ok(const char *lit)
{
	size_t len = strlen(lit);

	if (len < 3 || lit[0] != '[' || lit[len - 1] != ']')
		return false;
	lit++;
	len -= 2;
	if (ascii_prefix(lit, "IPv6:"))
		return is_ipv6(lit + 5, len - 5);
	return ip_text(AF_INET, lit, len);
}

/* ---- DNS names ---------------------------------------------------------- */

static struct vresult check_label(const char *label, size_t len,
				  const char *what)
{
	if (len == 0)
		return vr_fmt(V_ERROR,
			      _("the %s has an empty part between dots; "
				"remove the extra dot"),
			      what);
	if (len > LABEL_MAX)
		return vr_fmt(
		    V_ERROR,
		    _("a part of the %s is longer than 63 characters; "
		      "check it"),
		    what);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)label[i];

		if (is_alpha(c) || is_digit(c) || c == '-')
			continue;
		if (c > ' ' && c < 0x7f)
			return vr_fmt(V_ERROR,
				      _("the %s contains \"%c\"; use only "
					"letters, digits, hyphens and dots"),
				      what, c);
		return vr_fmt(
		    V_ERROR,
		    _("the %s contains a character that is not "
		      "allowed; use only letters, digits, hyphens and "
		      "dots"),
		    what);
	}
	if (label[0] == '-' || label[len - 1] == '-')
		return vr_fmt(
		    V_ERROR,
		    _("a part of the %s starts or ends with a hyphen; "
		      "remove the hyphen"),
		    what);
	return vr_ok();
}

/* RFC 1123 syntax of an ASCII (A-label) name; *labels gets the number of
 * labels so callers can warn about names that are not fully qualified. */
static struct vresult check_dns(const char *name, const char *what,
				size_t *labels)
{
	size_t len = strlen(name);

	*labels = 0;
	if (len > 1 && name[len - 1] == '.')
		len--; /* the root: "example.com." is fully qualified */
	if (len > DNS_MAX)
		return vr_fmt(
		    V_ERROR,
		    _("the %s is longer than 253 characters; check it"), what);
	if (only_digits_and_dots(name, len))
		return vr_fmt(V_ERROR,
			      _("the %s is all digits but not a valid IPv4 "
				"address; check the numbers (0 to 255 each)"),
			      what);
	for (size_t start = 0; start <= len; (*labels)++) {
		const char *dot = memchr(name + start, '.', len - start);
		size_t end = dot ? (size_t)(dot - name) : len;
		struct vresult r = check_label(name + start, end - start, what);

		if (r.status != V_OK)
			return r;
		start = end + 1;
	}
	return vr_ok();
}

/* libidn2 also checks "xn--" labels typed in ASCII: bad punycode there is as
 * wrong as a bad Unicode name. */
static bool needs_idna(const char *name)
{
	size_t len = strlen(name);

	if (has_non_ascii(name, len))
		return true;
	for (const char *p = name; p != NULL; p = strchr(p, '.')) {
		if (*p == '.')
			p++;
		if (ascii_prefix(p, "xn--"))
			return true;
	}
	return false;
}

static struct vresult check_idna(const char *name, const char *what,
				 size_t *labels)
{
	uint8_t *alabel = NULL;
	struct vresult r;
	int rc;

	if (!utf8_valid(name, strlen(name)))
		return vr_fmt(
		    V_ERROR, _("the %s is not valid UTF-8 text; type it again"),
		    what);
	rc = idn2_lookup_u8((const uint8_t *)name, &alabel,
			    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK)
		return vr_fmt(
		    V_ERROR,
		    _("the %s is not a valid international name (%s); "
		      "check its spelling"),
		    what, idn2_strerror(rc));
	r = check_dns((const char *)alabel, what, labels);
	idn2_free(alabel);
	return r;
}

static struct vresult check_name(const char *name, const char *what,
				 size_t *labels)
{
	*labels = 0;
	if (strlen(name) > INPUT_MAX)
		return vr_fmt(
		    V_ERROR,
		    _("the %s is longer than 253 characters; check it"), what);
	if (needs_idna(name))
		return check_idna(name, what, labels);
	return check_dns(name, what, labels);
}

static bool is_localhost(const char *name)
{
	return ascii_casecmp(name, "localhost") == 0 ||
	       ascii_casecmp(name, "localhost.") == 0;
}

/* ---- host --------------------------------------------------------------- */

static const char *port_glued_msg(void)
{
	return _("put the port in the port field, not after the host");
}

/* Length of the URL scheme before "://" when it looks like one (RFC 3986
 * letters), 0 otherwise: only then is it safe and useful to echo it. */
static size_t scheme_len(const char *host, const char *sep)
{
	size_t n = (size_t)(sep - host);

	if (n == 0 || n > 16 || !is_alpha((unsigned char)host[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];

		if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' &&
		    c != '.')
			return 0;
	}
	return n;
}

static struct vresult check_scheme(const char *host)
{
	const char *sep = strstr(host, "://");
	size_t n;

	if (sep == NULL)
		return vr_ok();
	n = scheme_len(host, sep);
	if (n == 0)
		return vr_msg(V_ERROR, _("remove the prefix ending in ://: "
					 "enter only the host name"));
	return vr_fmt(V_ERROR,
		      _("remove the %.*s:// prefix: enter only the host name"),
		      (int)n, host);
}

/* Things people paste into a host field that are not host names. */
static struct vresult check_host_junk(const char *host)
{
	struct vresult r;

	if (has_ctl(host))
		return vr_msg(V_ERROR,
			      _("the host name contains a tab, line break or "
				"other control character; type it again"));
	r = check_scheme(host);
	if (r.status != V_OK)
		return r;
	if (strchr(host, ' ') != NULL)
		return vr_msg(V_ERROR, _("remove the spaces: a host name "
					 "cannot contain spaces"));
	if (strchr(host, '@') != NULL)
		return vr_msg(V_ERROR,
			      _("this is an email address; enter the server's "
				"host name, e.g. smtp.example.com"));
	if (strchr(host, '/') != NULL)
		return vr_msg(V_ERROR, _("remove the / and what follows it: "
					 "enter only the host name"));
	return vr_ok();
}

static struct vresult check_bracketed_host(const char *host)
{
	const char *close = strchr(host, ']');
	size_t len;

	if (close == NULL)
		return vr_msg(V_ERROR, _("the [ has no closing ]; write an "
					 "IPv6 address as [2001:db8::1]"));
	if (close[1] == ':' && all_digits(close + 2, strlen(close + 2)))
		return vr_msg(V_ERROR, port_glued_msg());
	if (close[1] != '\0')
		return vr_msg(V_ERROR, _("remove what follows the ]: enter "
					 "only the address"));
	len = (size_t)(close - host - 1);
	if (is_ipv6(host + 1, len))
		return vr_ok();
	if (ip_text(AF_INET, host + 1, len))
		return vr_msg(V_ERROR, _("remove the brackets: write an IPv4 "
					 "address without them"));
	return vr_msg(V_ERROR, _("the address in brackets is not a valid IPv6 "
				 "address; check it"));
}

static struct vresult check_colon_host(const char *host)
{
	const char *colon = strchr(host, ':');

	if (is_ipv6(host, strlen(host)))
		return vr_ok();
	if (strchr(colon + 1, ':') != NULL)
		return vr_msg(V_ERROR, _("this is not a valid IPv6 address; "
					 "check it, or enter a host name"));
	if (colon != host && all_digits(colon + 1, strlen(colon + 1)))
		return vr_msg(V_ERROR, port_glued_msg());
	return vr_msg(V_ERROR, _("a host name cannot contain \":\"; enter "
				 "only the host name"));
}

struct vresult validate_host(const char *host)
{
	struct vresult r;
	size_t labels;

	if (is_empty(host))
		return vr_msg(V_ERROR, _("enter the SMTP server's host name"));
	r = check_host_junk(host);
	if (r.status != V_OK)
		return r;
	if (host[0] == '[')
		return check_bracketed_host(host);
	if (strchr(host, ':') != NULL)
		return check_colon_host(host);
	if (is_ipv4(host))
		return vr_ok();
	r = check_name(host, _("host name"), &labels);
	if (r.status != V_OK)
		return r;
	if (labels == 1 && !is_localhost(host))
		return vr_msg(V_WARN,
			      _("a host name without a dot works only with a "
				"local search domain; enter the full name"));
	return vr_ok();
}

/* ---- port, TLS, timeout ------------------------------------------------- */

struct vresult validate_port(long port)
{
	if (port < 1 || port > 65535)
		return vr_msg(V_ERROR, _("the port must be a number from 1 to "
					 "65535; submission uses 587 or 465"));
	if (port == 25)
		return vr_msg(V_WARN,
			      _("port 25 is for server-to-server mail and is "
				"often blocked by ISPs and cloud providers; "
				"submission uses 587 or 465"));
	return vr_ok();
}

struct vresult validate_port_text(const char *text, long *port)
{
	long value = 0;
	struct vresult r;

	if (is_empty(text))
		return vr_msg(V_ERROR, _("enter a port number, e.g. 587"));
	for (const char *p = text; *p != '\0'; p++) {
		if (!is_digit((unsigned char)*p))
			return vr_msg(
			    V_ERROR, _("the port must be a number from 1 to "
				       "65535, with no sign, space or letter"));
		if (value <= 65535) /* stop growing: out of range already */
			value = value * 10 + (*p - '0');
	}
	r = validate_port(value);
	if (r.status != V_ERROR && port != NULL)
		*port = value;
	return r;
}

struct vresult validate_tls_port(enum sw_tls tls, long port)
{
	switch (tls) {
	case SW_TLS_NONE:
		return vr_msg(V_WARN,
			      _("without TLS the password and the mail travel "
				"in clear text; choose starttls or tls"));
	case SW_TLS_IMPLICIT:
		if (port == 587 || port == 25)
			return vr_fmt(V_WARN,
				      _("port %ld uses STARTTLS, not implicit "
					"TLS; choose starttls"),
				      port);
		return vr_ok();
	case SW_TLS_STARTTLS:
		if (port == 465)
			return vr_msg(V_WARN,
				      _("port 465 expects implicit TLS; "
					"choose tls"));
		return vr_ok();
	}
	return vr_msg(V_ERROR, _("unknown TLS mode; choose none, starttls or "
				 "tls"));
}

struct vresult validate_timeout(long seconds)
{
	if (seconds < 1)
		return vr_fmt(V_ERROR,
			      _("the timeout must be at least 1 second; "
				"%d seconds is a good value"),
			      SW_DEFAULT_TIMEOUT);
	if (seconds > TIMEOUT_MAX)
		return vr_fmt(V_ERROR,
			      _("the timeout must be at most 300 seconds; "
				"%d seconds is a good value"),
			      SW_DEFAULT_TIMEOUT);
	if (seconds < TIMEOUT_LOW)
		return vr_fmt(V_WARN,
			      _("a timeout under 5 seconds is too short for "
				"slow servers and greeting delays; try %d"),
			      SW_DEFAULT_TIMEOUT);
	return vr_ok();
}

/* ---- credentials -------------------------------------------------------- */

/* Shared with validate_settings, which needs to know which field is to
 * blame. Neither value is ever echoed: messages end up on screen and in
 * reports. */
static struct vresult check_credentials(const char *username,
					const char *password, const char **key)
{
	*key = "username";
	if (!is_empty(username) && has_ctl(username))
		return vr_msg(V_ERROR,
			      _("the user name contains a line break or other "
				"control character; type it again"));
	if (!is_empty(password) && has_ctl(password)) {
		*key = "password";
		return vr_msg(V_ERROR,
			      _("the password contains a line break or other "
				"control character; type it again"));
	}
	if (!is_empty(username) && is_empty(password)) {
		*key = "password";
		return vr_msg(V_ERROR,
			      _("enter the password, or clear the user name to "
				"send without signing in"));
	}
	if (is_empty(username) && !is_empty(password))
		return vr_msg(V_ERROR,
			      _("enter the user name that goes with "
				"the password, or clear the password"));
	return vr_ok();
}

struct vresult validate_credentials(const char *username, const char *password)
{
	const char *key;

	return check_credentials(username, password, &key);
}

/* ---- addresses ---------------------------------------------------------- */

/* RFC 5322 atext, plus UTF-8 (RFC 6531), which the caller checks apart. */
static bool is_atext(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c >= 0x80 ||
	       (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* The '@' between local part and domain: the first one after a quoted
 * local part, which may itself contain '@'. */
static const char *find_at(const char *addr)
{
	const char *p = addr;

	if (*p != '"')
		return strchr(addr, '@');
	for (p++; *p != '\0' && *p != '"'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	if (*p != '"')
		return NULL;
	return p[1] == '@' ? p + 1 : NULL;
}

static struct vresult check_quoted_local(const char *local, size_t len,
					 const char *what)
{
	for (size_t i = 1; i + 1 < len; i++) {
		if (local[i] == '\\')
			i++;
		else if (local[i] == '"')
			return vr_fmt(V_ERROR,
				      _("the quotes in the %s address do not "
					"match; remove them"),
				      what);
	}
	return vr_ok();
}

static bool has_dot_dot(const char *s, size_t len)
{
	for (size_t i = 1; i < len; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return true;
	return false;
}

static struct vresult check_dot_atom(const char *local, size_t len,
				     const char *what)
{
	if (local[0] == '.' || local[len - 1] == '.' || has_dot_dot(local, len))
		return vr_fmt(
		    V_ERROR,
		    _("the part before the @ in the %s address cannot "
		      "start or end with a dot, or have two in a row"),
		    what);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)local[i];

		if (c == ' ')
			return vr_fmt(
			    V_ERROR, _("remove the spaces from the %s address"),
			    what);
		if (c != '.' && !is_atext(c))
			return vr_fmt(V_ERROR,
				      _("the %s address contains \"%c\" before "
					"the @; remove it"),
				      what, c);
	}
	return vr_ok();
}

static struct vresult check_local(const char *local, size_t len,
				  const char *what)
{
	struct vresult r;

	if (len == 0)
		return vr_fmt(V_ERROR,
			      _("the %s address has nothing before the @; "
				"enter it like jane@example.com"),
			      what);
	if (len > LOCAL_MAX)
		return vr_fmt(V_ERROR,
			      _("the part before the @ in the %s address is "
				"longer than 64 characters; check it"),
			      what);
	if (!utf8_valid(local, len))
		return vr_fmt(
		    V_ERROR,
		    _("the %s address is not valid UTF-8 text; type it "
		      "again"),
		    what);
	if (len >= 2 && local[0] == '"' && local[len - 1] == '"')
		r = check_quoted_local(local, len, what);
	else
		r = check_dot_atom(local, len, what);
	if (r.status == V_OK && has_non_ascii(local, len))
		return vr_fmt(V_WARN,
			      _("the %s address has non-ASCII letters before "
				"the @; it works only if the server supports "
				"SMTPUTF8"),
			      what);
	return r;
}

static struct vresult check_domain(const char *domain, const char *what)
{
	char label[128];
	size_t labels;
	struct vresult r;

	if (domain[0] == '\0')
		return vr_fmt(V_ERROR,
			      _("the %s address has no domain after the @; "
				"enter it like jane@example.com"),
			      what);
	if (strchr(domain, '@') != NULL)
		return vr_fmt(V_ERROR,
			      _("the %s address has more than one @; keep only "
				"the one before the domain"),
			      what);
	if (strchr(domain, ' ') != NULL)
		return vr_fmt(V_ERROR,
			      _("remove the spaces from the %s address"), what);
	if (domain[strlen(domain) - 1] == '.')
		return vr_fmt(V_ERROR,
			      _("remove the dot at the end of the %s address"),
			      what);
	if (domain[0] == '[') {
		if (address_literal_ok(domain))
			return vr_ok();
		return vr_fmt(
		    V_ERROR,
		    _("the %s address has an invalid IP address after "
		      "the @; write it like [192.0.2.1]"),
		    what);
	}
	if (is_ipv4(domain))
		return vr_fmt(V_ERROR,
			      _("put the IP address after the @ in the %s "
				"address in brackets, like [192.0.2.1]"),
			      what);
	snprintf(label, sizeof(label), _("domain of the %s address"), what);
	r = check_name(domain, label, &labels);
	if (r.status == V_OK && labels == 1 && !is_localhost(domain))
		return vr_fmt(
		    V_WARN,
		    _("the %s has no dot; most servers reject a domain "
		      "that is not complete"),
		    label);
	return r;
}

/* Brackets and display names come from copying a whole From: line. */
static struct vresult check_address_wrapping(const char *addr, const char *what)
{
	if (has_ctl(addr))
		return vr_fmt(V_ERROR,
			      _("the %s address contains a line break or other "
				"control character; type it again"),
			      what);
	if (addr[0] == '<')
		return vr_fmt(V_ERROR,
			      _("remove the < > around the %s address"), what);
	if (strchr(addr, '<') != NULL && addr[strlen(addr) - 1] == '>')
		return vr_fmt(V_ERROR,
			      _("give only the %s address, without a name: "
				"like jane@example.com"),
			      what);
	if (strlen(addr) > ADDR_MAX)
		return vr_fmt(V_ERROR,
			      _("the %s address is longer than 254 characters; "
				"check it"),
			      what);
	return vr_ok();
}

struct vresult validate_address(const char *addr, const char *what)
{
	const char *at;
	struct vresult local, domain;

	if (what == NULL)
		what = _("e-mail");
	if (is_empty(addr))
		return vr_fmt(V_ERROR, _("enter the %s address"), what);
	local = check_address_wrapping(addr, what);
	if (local.status != V_OK)
		return local;
	at = find_at(addr);
	if (at == NULL && addr[0] == '"' && strchr(addr, '@') != NULL)
		return vr_fmt(V_ERROR,
			      _("the quotes in the %s address do not match; "
				"remove them"),
			      what);
	if (at == NULL)
		return vr_fmt(V_ERROR,
			      _("the %s address needs an @ and a domain, like "
				"jane@example.com"),
			      what);
	local = check_local(addr, (size_t)(at - addr), what);
	if (local.status == V_ERROR)
		return local;
	domain = check_domain(at + 1, what);
	if (domain.status != V_OK)
		return domain;
	return local;
}

/* ---- HELO --------------------------------------------------------------- */

static struct vresult check_helo_literal(const char *helo)
{
	if (helo[0] == '[') {
		if (address_literal_ok(helo))
			return vr_ok();
		return vr_msg(
		    V_ERROR, _("the HELO name has an invalid IP address; write "
			       "it like [192.0.2.1] or [IPv6:2001:db8::1]"));
	}
	if (is_ipv4(helo))
		return vr_msg(V_ERROR,
			      _("put the IP address of the HELO name in "
				"brackets, like [192.0.2.1]"));
	if (is_ipv6(helo, strlen(helo)))
		return vr_msg(V_ERROR, _("write an IPv6 HELO address like "
					 "[IPv6:2001:db8::1]"));
	return vr_ok();
}

struct vresult validate_helo(const char *helo)
{
	struct vresult r;
	size_t labels;

	if (is_empty(helo))
		return vr_ok();
	if (has_ctl(helo))
		return vr_msg(V_ERROR,
			      _("the HELO name contains a line break or other "
				"control character; type it again"));
	if (strchr(helo, ' ') != NULL)
		return vr_msg(V_ERROR,
			      _("remove the spaces from the HELO name"));
	if (helo[0] == '[' || is_ipv4(helo) || is_ipv6(helo, strlen(helo)))
		return check_helo_literal(helo);
	/* Sent as is on the wire, so it must already be in A-label form. */
	if (has_non_ascii(helo, strlen(helo)))
		return vr_msg(V_ERROR,
			      _("the HELO name must be plain ASCII; write an "
				"international name in its xn-- form"));
	r = check_name(helo, _("HELO name"), &labels);
	if (r.status == V_OK && labels == 1)
		return vr_msg(V_WARN,
			      _("many servers reject a HELO name that is not "
				"fully qualified; use a name like "
				"host.example.com"));
	return r;
}

/* ---- SASL mechanism ----------------------------------------------------- */

static const char *const password_mechs[] = {
    "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS",
    "SCRAM-SHA-1",   "SCRAM-SHA-1-PLUS",
    "CRAM-MD5",      "PLAIN",
    "LOGIN",         "DIGEST-MD5",
};

/* Refused on purpose: smtpwiz signs in with passwords only. */
static const char *const oauth_mechs[] = {"XOAUTH2", "OAUTHBEARER"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *find_mech(const char *const *list, size_t n,
			     const char *mech)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_casecmp(list[i], mech) == 0)
			return list[i];
	return NULL;
}

/* Echo what the user typed only when it cannot mess up a terminal. */
static bool mech_printable(const char *mech)
{
	size_t len = strlen(mech);

	if (len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)mech[i];

		if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_')
			return false;
	}
	return true;
}

static struct vresult unknown_mech(const char *mech)
{
	char list[160] = "";

	for (size_t i = 0; i < COUNT(password_mechs); i++) {
		size_t used = strlen(list);

		snprintf(list + used, sizeof(list) - used, "%s%s",
			 i ? ", " : "", password_mechs[i]);
	}
	if (mech_printable(mech))
		return vr_fmt(
		    V_ERROR,
		    _("unknown sign-in method \"%s\"; use auto or one "
		      "of %s"),
		    mech, list);
	return vr_fmt(V_ERROR,
		      _("unknown sign-in method; use auto or one of %s"), list);
}

struct vresult validate_auth_mechanism(const char *mech)
{
	const char *oauth;

	if (is_empty(mech) || ascii_casecmp(mech, "auto") == 0)
		return vr_ok();
	if (find_mech(password_mechs, COUNT(password_mechs), mech) != NULL)
		return vr_ok();
	oauth = find_mech(oauth_mechs, COUNT(oauth_mechs), mech);
	if (oauth != NULL)
		return vr_fmt(V_ERROR,
			      _("%s is OAuth2 sign-in, which smtpwiz does not "
				"support by design; use a password method or "
				"auto"),
			      oauth);
	return unknown_mech(mech);
}

/* ---- whole settings ----------------------------------------------------- */

struct collector {
	struct field_result *out;
	size_t n;
	size_t count;
};

static void collect(struct collector *c, const char *key, struct vresult r)
{
	if (r.status == V_OK)
		return;
	if (c->count < c->n) {
		c->out[c->count].key = key;
		c->out[c->count].result = r;
	}
	c->count++;
}

size_t validate_settings(const struct settings *s, struct field_result *out,
			 size_t n)
{
	struct collector c = {.out = out, .n = out ? n : 0, .count = 0};
	const char *cred_key;
	struct vresult cred;

	if (s == NULL)
		return 0;
	collect(&c, "host", validate_host(s->host));
	collect(&c, "port", validate_port(s->port));
	collect(&c, "tls", validate_tls_port(s->tls, s->port));
	cred = check_credentials(s->username, s->password, &cred_key);
	collect(&c, cred_key, cred);
	/* An unset sender or recipient is for the later steps to judge. */
	if (!is_empty(s->from))
		collect(&c, "from", validate_address(s->from, _("sender")));
	if (!is_empty(s->test_recipient))
		collect(
		    &c, "test_recipient",
		    validate_address(s->test_recipient, _("test recipient")));
	collect(&c, "timeout", validate_timeout(s->timeout));
	collect(&c, "helo_name", validate_helo(s->helo_name));
	collect(&c, "auth_mechanism",
		validate_auth_mechanism(s->auth_mechanism));
	return c.count;
}
