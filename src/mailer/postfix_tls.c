/* Postfix: relayhost's forms and the client's TLS settings.
 * relayhost: https://www.postfix.org/postconf.5.html#relayhost
 * wrapper mode ("requires smtp_tls_security_level = encrypt or
 * stronger"): https://www.postfix.org/postconf.5.html#smtp_tls_wrappermode
 * security levels: https://www.postfix.org/TLS_README.html#client_tls_levels */
#include <config.h>

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "mailer/postfix.h"

/* Ports as a name: services(5) first, then the three everyone uses. */
static long service_port(const char *name)
{
	static const struct {
		const char *name;
		long port;
	} known[] = {{"smtp", 25},
		     {"submission", 587},
		     {"submissions", 465},
		     {"smtps", 465}};
	struct servent *se = getservbyname(name, "tcp");

	if (se != NULL)
		return ntohs((uint16_t)se->s_port);
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(name, known[i].name) == 0)
			return known[i].port;
	return 0;
}

int pf_parse_relay(const char *value, struct pf_relay *r)
{
	char first[512];
	const char *port = NULL;
	size_t len;

	memset(r, 0, sizeof(*r));
	value += strspn(value, " \t,");
	len = strcspn(value, " \t,");
	if (len == 0)
		return -1;
	r->several = value[len + strspn(value + len, " \t,")] != '\0';
	snprintf(first, sizeof(first), "%.*s", (int)len, value);
	/* "hash:/etc/postfix/relay": a table where a host belongs. */
	if (strstr(first, ":/") != NULL) {
		r->table = true;
		snprintf(r->host, sizeof(r->host), "%s", first);
		return 0;
	}
	if (first[0] == '[') {
		char *close = strchr(first, ']');

		r->bracketed = true;
		if (close != NULL) {
			*close = '\0';
			if (close[1] == ':')
				port = close + 2;
		}
		snprintf(r->host, sizeof(r->host), "%s", first + 1);
	} else {
		char *colon = strrchr(first, ':');

		if (colon != NULL) {
			*colon = '\0';
			port = colon + 1;
		}
		snprintf(r->host, sizeof(r->host), "%s", first);
	}
	if (port != NULL) {
		char *end;
		long v = strtol(port, &end, 10);

		if (*port != '\0' && *end == '\0' && v > 0 && v < 65536)
			r->port = v;
		else if ((r->port = service_port(port)) == 0)
			r->bad_port = true;
	}
	return 0;
}

static bool yes(const char *v)
{
	return strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	       strcmp(v, "1") == 0;
}

/* The level, with the obsolete smtp_use_tls/smtp_enforce_tls when the
 * level is unset, as Postfix itself reads them. */
static const char *tls_level(const struct pf_conf *c, const char **param)
{
	const char *level = pf_get(c, "smtp_tls_security_level");

	*param = "smtp_tls_security_level";
	if (level[0] != '\0')
		return level;
	if (yes(pf_get(c, "smtp_enforce_tls"))) {
		*param = "smtp_enforce_tls";
		return "encrypt";
	}
	if (yes(pf_get(c, "smtp_use_tls"))) {
		*param = "smtp_use_tls";
		return "may";
	}
	return "none";
}

void pf_check_tls(const struct pf_conf *c, struct mailer_info *mi,
		  const struct pf_relay *r)
{
	const char *param, *level = tls_level(c, &param);
	bool wrapper = yes(pf_get(c, "smtp_tls_wrappermode"));
	bool sasl = yes(pf_get(c, "smtp_sasl_auth_enable"));
	bool weak = strcmp(level, "none") == 0 || strcmp(level, "may") == 0;

	snprintf(mi->ca_file, sizeof(mi->ca_file), "%s",
		 pf_get(c, "smtp_tls_CAfile"));
	mi->tls = wrapper                      ? SW_TLS_IMPLICIT
		  : strcmp(level, "none") == 0 ? SW_TLS_NONE
					       : SW_TLS_STARTTLS;
	if (r->port == 465 && !wrapper)
		pf_finding(mi, c, "smtp_tls_wrappermode",
			   "mailer-465-no-wrappermode", true, "%s",
			   _("port 465 speaks TLS from the first byte, but "
			     "without smtp_tls_wrappermode = yes Postfix "
			     "waits for a greeting that never comes"));
	else if (wrapper && weak)
		pf_finding(mi, c, param, "mailer-wrappermode-level", true,
			   _("smtp_tls_wrappermode = yes needs "
			     "smtp_tls_security_level = encrypt or "
			     "stronger; it is '%s'"),
			   level);
	else if (wrapper && r->port != 465 && r->port != 0)
		pf_finding(mi, c, "smtp_tls_wrappermode",
			   "mailer-wrappermode-port", false,
			   _("implicit TLS (wrapper mode) on port %ld, which "
			     "usually expects STARTTLS"),
			   r->port);
	if (strcmp(level, "none") == 0 && sasl)
		pf_finding(mi, c, param, "mailer-tls-level-low", true, "%s",
			   _("no TLS: the password would cross the network "
			     "in clear text, and most providers refuse "
			     "AUTH without TLS"));
	else if (strcmp(level, "may") == 0 && sasl && !wrapper)
		pf_finding(mi, c, param, "mailer-tls-level-low", false, "%s",
			   _("TLS is only opportunistic ('may'): if STARTTLS "
			     "is missing or stripped, the password goes out "
			     "in clear text"));
}
