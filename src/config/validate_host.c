/* Validators for where to connect: host, port, TLS mode, timeout. */
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

	if (n == 0 || n > 16 || !v_is_alpha((unsigned char)host[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];

		if (!v_is_alpha(c) && !v_is_digit(c) && c != '+' && c != '-' &&
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

	if (v_has_ctl(host))
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
	if (close[1] == ':' && v_all_digits(close + 2, strlen(close + 2)))
		return vr_msg(V_ERROR, port_glued_msg());
	if (close[1] != '\0')
		return vr_msg(V_ERROR, _("remove what follows the ]: enter "
					 "only the address"));
	len = (size_t)(close - host - 1);
	if (v_is_ipv6(host + 1, len))
		return vr_ok();
	if (v_ip_text(AF_INET, host + 1, len))
		return vr_msg(V_ERROR, _("remove the brackets: write an IPv4 "
					 "address without them"));
	return vr_msg(V_ERROR, _("the address in brackets is not a valid IPv6 "
				 "address; check it"));
}

static struct vresult check_colon_host(const char *host)
{
	const char *colon = strchr(host, ':');

	if (v_is_ipv6(host, strlen(host)))
		return vr_ok();
	if (strchr(colon + 1, ':') != NULL)
		return vr_msg(V_ERROR, _("this is not a valid IPv6 address; "
					 "check it, or enter a host name"));
	if (colon != host && v_all_digits(colon + 1, strlen(colon + 1)))
		return vr_msg(V_ERROR, port_glued_msg());
	return vr_msg(V_ERROR, _("a host name cannot contain \":\"; enter "
				 "only the host name"));
}

struct vresult validate_host(const char *host)
{
	struct vresult r;
	size_t labels;

	if (v_is_empty(host))
		return vr_msg(V_ERROR, _("enter the SMTP server's host name"));
	r = check_host_junk(host);
	if (r.status != V_OK)
		return r;
	if (host[0] == '[')
		return check_bracketed_host(host);
	if (strchr(host, ':') != NULL)
		return check_colon_host(host);
	if (v_is_ipv4(host))
		return vr_ok();
	r = v_check_name(host, _("host name"), &labels);
	if (r.status != V_OK)
		return r;
	if (labels == 1 && !v_is_localhost(host))
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
	const char *end;

	/* Spaces around a number are a slip of the fingers, not an error
	 * (a pasted " 587"); inside it they are. */
	if (text == NULL)
		text = "";
	while (*text == ' ' || *text == '\t')
		text++;
	end = text + strlen(text);
	while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == text)
		return vr_msg(V_ERROR, _("enter a port number, e.g. 587"));
	for (const char *p = text; p < end; p++) {
		if (!v_is_digit((unsigned char)*p))
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

struct vresult validate_cert_warn_days(long days)
{
	if (days < 0 || days > CERT_WARN_DAYS_MAX)
		return vr_fmt(V_ERROR,
			      _("cert_warn_days must be a number of days from "
				"0 (no warning) to %d; %d is a good value"),
			      CERT_WARN_DAYS_MAX, SW_DEFAULT_CERT_WARN_DAYS);
	return vr_ok();
}
