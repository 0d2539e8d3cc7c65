/* The validators' building blocks: results, locale-free character
 * classes, IP literals and DNS names (RFC 1035, IDNA 2008 via libidn2). */
#include <config.h>

#include <arpa/inet.h>
#include <idn2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "config/validate.h"
#include "config/validate_impl.h"

/* ---- results ------------------------------------------------------------ */

struct vresult vr_ok(void)
{
	struct vresult r = {.status = V_OK};

	return r;
}

struct vresult vr_msg(enum vstatus status, const char *msg)
{
	struct vresult r = {.status = status};

	snprintf(r.msg, sizeof(r.msg), "%s", msg);
	return r;
}

__attribute__((format(printf, 2, 3))) struct vresult
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
bool v_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

bool v_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool v_is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

unsigned char v_to_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

int v_ascii_casecmp(const char *a, const char *b)
{
	while (*a != '\0' &&
	       v_to_lower((unsigned char)*a) == v_to_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return v_to_lower((unsigned char)*a) - v_to_lower((unsigned char)*b);
}

bool v_ascii_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || v_to_lower((unsigned char)s[i]) !=
					v_to_lower((unsigned char)prefix[i]))
			return false;
	return true;
}

bool v_is_empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

bool v_has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if (v_is_ctl((unsigned char)*s))
			return true;
	return false;
}

bool v_has_non_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

bool v_all_digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!v_is_digit((unsigned char)s[i]))
			return false;
	return true;
}

/* Length of the UTF-8 sequence at s, or 0 when it is malformed (overlong,
 * surrogate, beyond U+10FFFF or truncated): libidn2 and SMTPUTF8 servers
 * both refuse such bytes, so we say so before they do. */
size_t v_utf8_seq(const unsigned char *s)
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

bool v_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n = v_utf8_seq((const unsigned char *)s + i);

		if (n == 0 || i + n > len)
			return false;
		i += n;
	}
	return true;
}

/* ---- IP literals -------------------------------------------------------- */

bool v_ip_text(int af, const char *s, size_t len)
{
	char buf[LITERAL_MAX];
	unsigned char addr[16];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(af, buf, addr) == 1;
}

bool v_is_ipv4(const char *s)
{
	return v_ip_text(AF_INET, s, strlen(s));
}

bool v_is_ipv6(const char *s, size_t len)
{
	return v_ip_text(AF_INET6, s, len);
}

/* RFC 1123 2.1: such a name would be mistaken for an IPv4 address. */
bool v_only_digits_and_dots(const char *s, size_t len)
{
	bool digit = false;

	for (size_t i = 0; i < len; i++) {
		if (v_is_digit((unsigned char)s[i]))
			digit = true;
		else if (s[i] != '.')
			return false;
	}
	return digit;
}

/* RFC 5321 address literal: "[192.0.2.1]" or "[IPv6:2001:db8::1]". */
bool v_address_literal_ok(const char *lit)
{
	size_t len = strlen(lit);

	if (len < 3 || lit[0] != '[' || lit[len - 1] != ']')
		return false;
	lit++;
	len -= 2;
	if (v_ascii_prefix(lit, "IPv6:"))
		return v_is_ipv6(lit + 5, len - 5);
	return v_ip_text(AF_INET, lit, len);
}

/* ---- DNS names ---------------------------------------------------------- */

struct vresult v_check_label(const char *label, size_t len, const char *what)
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

		if (v_is_alpha(c) || v_is_digit(c) || c == '-')
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
struct vresult v_check_dns(const char *name, const char *what, size_t *labels)
{
	size_t len = strlen(name);

	*labels = 0;
	if (len > 1 && name[len - 1] == '.')
		len--; /* the root: "example.com." is fully qualified */
	if (len > DNS_MAX)
		return vr_fmt(
		    V_ERROR,
		    _("the %s is longer than 253 characters; check it"), what);
	if (v_only_digits_and_dots(name, len))
		return vr_fmt(V_ERROR,
			      _("the %s is all digits but not a valid IPv4 "
				"address; check the numbers (0 to 255 each)"),
			      what);
	for (size_t start = 0; start <= len; (*labels)++) {
		const char *dot = memchr(name + start, '.', len - start);
		size_t end = dot ? (size_t)(dot - name) : len;
		struct vresult r =
		    v_check_label(name + start, end - start, what);

		if (r.status != V_OK)
			return r;
		start = end + 1;
	}
	return vr_ok();
}

/* libidn2 also checks "xn--" labels typed in ASCII: bad punycode there is as
 * wrong as a bad Unicode name. */
bool v_needs_idna(const char *name)
{
	size_t len = strlen(name);

	if (v_has_non_ascii(name, len))
		return true;
	for (const char *p = name; p != NULL; p = strchr(p, '.')) {
		if (*p == '.')
			p++;
		if (v_ascii_prefix(p, "xn--"))
			return true;
	}
	return false;
}

struct vresult v_check_idna(const char *name, const char *what, size_t *labels)
{
	uint8_t *alabel = NULL;
	struct vresult r;
	int rc;

	if (!v_utf8_valid(name, strlen(name)))
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
	r = v_check_dns((const char *)alabel, what, labels);
	idn2_free(alabel);
	return r;
}

struct vresult v_check_name(const char *name, const char *what, size_t *labels)
{
	*labels = 0;
	if (strlen(name) > INPUT_MAX)
		return vr_fmt(
		    V_ERROR,
		    _("the %s is longer than 253 characters; check it"), what);
	if (v_needs_idna(name))
		return v_check_idna(name, what, labels);
	return v_check_dns(name, what, labels);
}

bool v_is_localhost(const char *name)
{
	return v_ascii_casecmp(name, "localhost") == 0 ||
	       v_ascii_casecmp(name, "localhost.") == 0;
}
