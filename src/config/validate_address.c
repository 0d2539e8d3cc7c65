/* Validators for who sends: credentials, addresses (RFC 5321), HELO. */
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

/* ---- credentials -------------------------------------------------------- */

/* Shared with validate_settings, which needs to know which field is to
 * blame. Neither value is ever echoed: messages end up on screen and in
 * reports. */
struct vresult v_check_credentials(const char *username, const char *password,
				   const char **key)
{
	*key = "username";
	if (!v_is_empty(username) && v_has_ctl(username))
		return vr_msg(V_ERROR,
			      _("the user name contains a line break or other "
				"control character; type it again"));
	if (!v_is_empty(password) && v_has_ctl(password)) {
		*key = "password";
		return vr_msg(V_ERROR,
			      _("the password contains a line break or other "
				"control character; type it again"));
	}
	if (!v_is_empty(username) && v_is_empty(password)) {
		*key = "password";
		return vr_msg(V_ERROR,
			      _("enter the password, or clear the user name to "
				"send without signing in"));
	}
	if (v_is_empty(username) && !v_is_empty(password))
		return vr_msg(V_ERROR,
			      _("enter the user name that goes with "
				"the password, or clear the password"));
	return vr_ok();
}

struct vresult validate_credentials(const char *username, const char *password)
{
	const char *key;

	return v_check_credentials(username, password, &key);
}

/* ---- addresses ---------------------------------------------------------- */

/* RFC 5322 atext, plus UTF-8 (RFC 6531), which the caller checks apart. */
static bool is_atext(unsigned char c)
{
	return v_is_alpha(c) || v_is_digit(c) || c >= 0x80 ||
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
	if (!v_utf8_valid(local, len))
		return vr_fmt(
		    V_ERROR,
		    _("the %s address is not valid UTF-8 text; type it "
		      "again"),
		    what);
	if (len >= 2 && local[0] == '"' && local[len - 1] == '"')
		r = check_quoted_local(local, len, what);
	else
		r = check_dot_atom(local, len, what);
	if (r.status == V_OK && v_has_non_ascii(local, len))
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
		if (v_address_literal_ok(domain))
			return vr_ok();
		return vr_fmt(
		    V_ERROR,
		    _("the %s address has an invalid IP address after "
		      "the @; write it like [192.0.2.1]"),
		    what);
	}
	if (v_is_ipv4(domain))
		return vr_fmt(V_ERROR,
			      _("put the IP address after the @ in the %s "
				"address in brackets, like [192.0.2.1]"),
			      what);
	snprintf(label, sizeof(label), _("domain of the %s address"), what);
	r = v_check_name(domain, label, &labels);
	if (r.status == V_OK && labels == 1 && !v_is_localhost(domain))
		return vr_fmt(
		    V_WARN,
		    _("the %s has no dot; most servers reject a domain "
		      "that is not complete"),
		    label);
	/* As incomplete as a name without a dot, to any server but this
	 * machine's own relay: warn the same way (RFC 6761 section 6.3). */
	if (r.status == V_OK && v_is_localhost(domain))
		return vr_fmt(V_WARN,
			      _("the %s is localhost: only this machine "
				"knows it, other servers reject or lose it"),
			      label);
	return r;
}

/* Brackets and display names come from copying a whole From: line. */
static struct vresult check_address_wrapping(const char *addr, const char *what)
{
	if (v_has_ctl(addr))
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
	if (v_is_empty(addr))
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
		if (v_address_literal_ok(helo))
			return vr_ok();
		return vr_msg(
		    V_ERROR, _("the HELO name has an invalid IP address; write "
			       "it like [192.0.2.1] or [IPv6:2001:db8::1]"));
	}
	if (v_is_ipv4(helo))
		return vr_msg(V_ERROR,
			      _("put the IP address of the HELO name in "
				"brackets, like [192.0.2.1]"));
	if (v_is_ipv6(helo, strlen(helo)))
		return vr_msg(V_ERROR, _("write an IPv6 HELO address like "
					 "[IPv6:2001:db8::1]"));
	return vr_ok();
}

struct vresult validate_helo(const char *helo)
{
	struct vresult r;
	size_t labels;

	if (v_is_empty(helo))
		return vr_ok();
	if (v_has_ctl(helo))
		return vr_msg(V_ERROR,
			      _("the HELO name contains a line break or other "
				"control character; type it again"));
	if (strchr(helo, ' ') != NULL)
		return vr_msg(V_ERROR,
			      _("remove the spaces from the HELO name"));
	if (helo[0] == '[' || v_is_ipv4(helo) || v_is_ipv6(helo, strlen(helo)))
		return check_helo_literal(helo);
	/* Sent as is on the wire, so it must already be in A-label form. */
	if (v_has_non_ascii(helo, strlen(helo)))
		return vr_msg(V_ERROR,
			      _("the HELO name must be plain ASCII; write an "
				"international name in its xn-- form"));
	r = v_check_name(helo, _("HELO name"), &labels);
	if (r.status == V_OK && labels == 1)
		return vr_msg(V_WARN,
			      _("many servers reject a HELO name that is not "
				"fully qualified; use a name like "
				"host.example.com"));
	return r;
}
