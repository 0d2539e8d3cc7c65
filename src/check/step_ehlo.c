/* The `ehlo` step, and the EHLO exchange the `tls` step repeats after the
 * handshake (RFC 3207: everything learnt before TLS is forgotten). */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/i18n.h"
#include "check/steps.h"

/* RFC 5321 4.1.4: the HELO name is the client's FQDN, or an address literal
 * when it has none; many servers reject a bare single-label name. */
static void choose_helo(struct run *run)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[256], addr[64];

	if (run->settings->helo_name && run->settings->helo_name[0]) {
		snprintf(run->helo, sizeof(run->helo), "%s",
			 run->settings->helo_name);
		return;
	}
	if (gethostname(host, sizeof(host)) == 0 && strchr(host, '.')) {
		host[sizeof(host) - 1] = '\0';
		snprintf(run->helo, sizeof(run->helo), "%s", host);
		return;
	}
	if (getsockname(run->conn.fd, (struct sockaddr *)&ss, &len) == 0 &&
	    ss.ss_family == AF_INET6 &&
	    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr,
		      sizeof(addr)))
		snprintf(run->helo, sizeof(run->helo), "[IPv6:%s]", addr);
	else if (ss.ss_family == AF_INET &&
		 inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
			   addr, sizeof(addr)))
		snprintf(run->helo, sizeof(run->helo), "[%s]", addr);
	else
		snprintf(run->helo, sizeof(run->helo), "localhost");
}

/* Every keyword the server offered, as it offered it (VRFY, ETRN, DSN and
 * extensions smtpwiz does not use included): the evidence is what the
 * server said, not what the parser kept. AUTH gets its own line. */
static void caps_evidence(struct step *st, const struct smtp_reply *r,
			  const struct smtp_caps *c)
{
	char line[512] = "";
	const char *p = r->raw;
	size_t used = 0;
	int n = 0;

	while (*p != '\0') {
		size_t l = strcspn(p, "\n"), k;
		const char *kw = p + (l > 4 ? 4 : l);

		k = strcspn(kw, " =\n");
		if (n++ > 0 && k > 0 &&
		    (k != 4 || strncasecmp(kw, "AUTH", 4)) &&
		    used + k + 2 < sizeof(line)) {
			line[used++] = ' ';
			for (size_t i = 0; i < k; i++)
				line[used++] =
				    (char)toupper((unsigned char)kw[i]);
			line[used] = '\0';
		}
		p += l;
		if (*p == '\n')
			p++;
	}
	step_add_evidence(st, _("capabilities:%s"),
			  line[0] ? line : _(" none"));
	step_add_evidence(st, _("AUTH mechanisms: %s"),
			  c->auth ? c->auth_mechs : _("none offered"));
}

/* Sends EHLO (HELO when EHLO is not recognised) and records the
 * capabilities. Returns true on a 250; otherwise the step has ended. */
bool session_ehlo(struct run *run, enum step_id id)
{
	struct step *st = &run->result->steps[id];
	struct smtp_reply r;
	char cmd[300];

	memset(&run->caps, 0, sizeof(run->caps));
	snprintf(cmd, sizeof(cmd), "EHLO %s", run->helo);
	if (!step_command(run, id, DS_EHLO, cmd, &r))
		return false;
	if (r.code == 500 || r.code == 502 || r.code == 504) {
		step_add_evidence(st, "%s", r.raw);
		snprintf(cmd, sizeof(cmd), "HELO %s", run->helo);
		if (!step_command(run, id, DS_EHLO, cmd, &r))
			return false;
	}
	if (r.code != 250) {
		step_add_evidence(st, "%s", r.raw);
		step_reply_failure(run, id, DS_EHLO, &r);
		return false;
	}
	smtp_parse_ehlo(&r, &run->caps);
	caps_evidence(st, &r, &run->caps);
	if (run->provider == NULL)
		run->provider = diagnose_provider_from_banner(r.text);
	return true;
}

enum step_status step_ehlo(struct run *run)
{
	struct step *st = &run->result->steps[STEP_EHLO];

	step_begin(run, STEP_EHLO);
	choose_helo(run);
	if (!session_ehlo(run, STEP_EHLO))
		return ST_FAIL;
	snprintf(st->summary, sizeof(st->summary),
		 run->caps.esmtp ? _("EHLO %s accepted")
				 : _("HELO %s accepted (no ESMTP: no STARTTLS, "
				     "no AUTH)"),
		 run->helo);
	step_end(run, STEP_EHLO, ST_PASS);
	return ST_PASS;
}
