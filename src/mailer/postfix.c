/* Postfix: its effective settings from postconf (which knows the defaults
 * and expands $names), each located on its main.cf line for evidence.
 * Parameters are those of postconf(5), https://www.postfix.org/postconf.5.html
 */
#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/postfix.h"
#include "mailer/run.h"

#define POSTCONF_TIMEOUT_MS 10000

static const char *const wanted[] = {
    "relayhost",
    "smtp_tls_security_level",
    "smtp_use_tls",
    "smtp_enforce_tls",
    "smtp_tls_wrappermode",
    "smtp_tls_CAfile",
    "smtp_sasl_auth_enable",
    "smtp_sasl_password_maps",
    "smtp_sasl_security_options",
    "smtp_sasl_tls_security_options",
    "smtp_sasl_mechanism_filter",
    "smtp_sender_dependent_authentication",
    "sender_dependent_relayhost_maps",
    "transport_maps",
    "default_transport",
    "myorigin",
};

static struct pf_param *find_or_add(struct pf_conf *c, const char *name,
				    size_t len)
{
	for (int i = 0; i < c->n; i++)
		if (strlen(c->params[i].name) == len &&
		    strncmp(c->params[i].name, name, len) == 0)
			return &c->params[i];
	if (c->n >= PF_PARAMS_MAX || len >= sizeof(c->params[0].name))
		return NULL;
	memset(&c->params[c->n], 0, sizeof(c->params[0]));
	memcpy(c->params[c->n].name, name, len);
	return &c->params[c->n++];
}

const struct pf_param *pf_param(const struct pf_conf *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->params[i].name, name) == 0)
			return &c->params[i];
	return NULL;
}

const char *pf_get(const struct pf_conf *c, const char *name)
{
	const struct pf_param *p = pf_param(c, name);

	return p ? p->value : "";
}

void pf_finding(struct mailer_info *mi, const struct pf_conf *c,
		const char *param, const char *cause, bool fail,
		const char *fmt, ...)
{
	const struct pf_param *p = pf_param(c, param);
	char detail[MAILER_TEXT_MAX], text[MAILER_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (p != NULL && p->line > 0)
		snprintf(text, sizeof(text), "%s", p->text);
	else
		/* TRANSLATORS: a Postfix parameter left at its default. */
		snprintf(text, sizeof(text), _("%s = %s (the default)"), param,
			 p ? p->value : "");
	mailer_finding(mi, cause, fail, c->main_cf, p ? p->line : 0, text, "%s",
		       detail);
}

/* main.cf(5): "name = value" starting in column one; a line starting
 * with white space continues the previous one; '#' starts a comment. */
static void scan_main_cf(struct pf_conf *c, struct mailer_info *mi)
{
	char line[MAILER_LINE_MAX];
	FILE *f = mailer_open(mi, c->main_cf);
	int no = 0;

	if (f == NULL)
		return;
	while (mailer_read_line(f, line, &no)) {
		size_t len = strcspn(line, " \t=");
		struct pf_param *p;

		if (line[0] == '#' || !isalpha((unsigned char)line[0]))
			continue;
		p = find_or_add(c, line, len);
		if (p == NULL)
			continue;
		p->line = no;
		snprintf(p->text, sizeof(p->text), "%s", line);
	}
	fclose(f);
}

/* postconf's messages: "postconf: fatal: FILE, line N: WHAT" and
 * "postconf: warning: FILE: unused parameter: NAME=VALUE". */
static void postconf_messages(struct pf_conf *c, struct mailer_info *mi,
			      const char *err)
{
	char line[1024];

	while (*err != '\0') {
		size_t len = strcspn(err, "\n");
		const char *unused;
		char file[MAILER_PATH_MAX];
		int no = 0;

		snprintf(line, sizeof(line), "%.*s", (int)len, err);
		err += len + (err[len] == '\n');
		if (strncmp(line, "postconf: ", 10) != 0)
			continue;
		unused = strstr(line, "unused parameter: ");
		if (unused != NULL) {
			const char *name = unused + 18;
			const struct pf_param *p =
			    find_or_add(c, name, strcspn(name, "="));

			mailer_finding(mi, "mailer-unknown-parameter", false,
				       c->main_cf, p ? p->line : 0,
				       p && p->line ? p->text : name, "%s",
				       _("Postfix does not know this "
					 "parameter (a typo?) and ignores "
					 "it"));
			continue;
		}
		if (sscanf(line, "postconf: fatal: %1023[^,], line %d", file,
			   &no) == 2) {
			mailer_finding(mi, "mailer-config-invalid", true, file,
				       no, line + 10, "%s",
				       _("postconf cannot read the "
					 "configuration"));
			continue;
		}
		if (strncmp(line, "postconf: fatal: ", 17) == 0)
			mailer_finding(mi, "mailer-config-invalid", true,
				       c->main_cf, 0, line + 10, "%s",
				       _("postconf cannot read the "
					 "configuration"));
	}
}

static int run_postconf(struct pf_conf *c, struct mailer_info *mi,
			struct sw_error *err)
{
	const char *argv[8 + sizeof(wanted) / sizeof(wanted[0])];
	struct run_output o;
	size_t n = 0;
	char *line, *save = NULL;

	argv[n++] = "postconf";
	argv[n++] = "-c";
	argv[n++] = c->dir;
	argv[n++] = "-x";
	for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		argv[n++] = wanted[i];
	argv[n] = NULL;
	if (run_capture(argv, POSTCONF_TIMEOUT_MS, &o, err) != 0)
		return -1;
	postconf_messages(c, mi, o.err);
	for (line = strtok_r(o.out, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *eq = strstr(line, " =");
		struct pf_param *p;

		if (eq == NULL)
			continue;
		p = find_or_add(c, line, (size_t)(eq - line));
		eq += 2;
		if (p != NULL)
			snprintf(p->value, sizeof(p->value), "%s",
				 eq + (*eq == ' '));
	}
	if (o.status == -1)
		mailer_note(mi, _("postconf did not finish within %d s"),
			    POSTCONF_TIMEOUT_MS / 1000);
	run_output_free(&o);
	return 0;
}

static void check_running(const struct pf_conf *c, struct mailer_info *mi)
{
	const char *argv[] = {"postfix", "-c", c->dir, "status", NULL};
	struct sw_error err;
	struct run_output o;

	if (run_capture(argv, POSTCONF_TIMEOUT_MS, &o, &err) != 0)
		return;
	mi->running = o.status == 0;
	if (!mi->running)
		mailer_finding(mi, "mailer-stopped", false, c->dir, 0,
			       "postfix status", "%s",
			       _("Postfix is not running: mail handed to "
				 "sendmail waits in the queue"));
	run_output_free(&o);
}

static void check_routes(const struct pf_conf *c, struct mailer_info *mi)
{
	static const char *const other[] = {"sender_dependent_relayhost_maps",
					    "transport_maps"};

	for (size_t i = 0; i < 2; i++)
		if (pf_get(c, other[i])[0] != '\0')
			pf_finding(mi, c, other[i], "mailer-other-routes",
				   false, "%s",
				   _("some mail may go through another relay "
				     "than relayhost; only relayhost is "
				     "tested"));
}

static void check_relay(const struct pf_conf *c, struct mailer_info *mi,
			struct pf_relay *r)
{
	const struct pf_param *p = pf_param(c, "relayhost");

	snprintf(mi->relay, sizeof(mi->relay), "%s", pf_get(c, "relayhost"));
	if (p && p->line > 0)
		snprintf(mi->relay_where, sizeof(mi->relay_where), "%s:%d",
			 c->main_cf, p->line);
	if (pf_parse_relay(mi->relay, r) != 0) {
		pf_finding(mi, c, "relayhost", "mailer-no-relayhost", true,
			   "%s",
			   _("relayhost is empty: Postfix delivers directly "
			     "to each recipient's MX on port 25, which most "
			     "networks block"));
		return;
	}
	mi->configured = true;
	snprintf(mi->host, sizeof(mi->host), "%s", r->host);
	mi->port = r->port;
	if (r->table)
		pf_finding(mi, c, "relayhost", "mailer-relayhost-table", true,
			   "%s",
			   _("relayhost takes a host, not a lookup table; "
			     "per-sender relays belong in "
			     "sender_dependent_relayhost_maps"));
	else if (r->bad_port)
		pf_finding(mi, c, "relayhost", "mailer-relayhost-port", true,
			   "%s",
			   _("the port after the colon is not a number "
			     "or a known service name"));
	if (r->several)
		pf_finding(mi, c, "relayhost", "mailer-other-routes", false,
			   "%s",
			   _("several relay hosts are listed; only the "
			     "first is tested"));
	if (!r->bracketed && !r->table)
		pf_finding(mi, c, "relayhost", "mailer-relayhost-mx", false,
			   "%s",
			   _("without [brackets] Postfix looks up the MX "
			     "records of this name and connects to the "
			     "domain's incoming server, not to the "
			     "submission host"));
}

int postfix_load(const struct mailer_paths *p, struct mailer_info *mi,
		 struct sw_error *err)
{
	struct pf_conf *c = calloc(1, sizeof(*c));
	struct pf_relay r;

	memset(&r, 0, sizeof(r));
	if (c == NULL) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	snprintf(c->dir, sizeof(c->dir), "%s",
		 p && p->config ? p->config : "/etc/postfix");
	snprintf(mi->config, sizeof(mi->config), "%s", c->dir);
	snprintf(c->main_cf, sizeof(c->main_cf), "%s/main.cf", c->dir);
	mi->installed = run_on_path("postconf");
	if (!mi->installed) {
		sw_error_set(err, "%s",
			     _("Postfix is not installed (no postconf on "
			       "PATH)"));
		free(c);
		return -1;
	}
	scan_main_cf(c, mi);
	if (run_postconf(c, mi, err) != 0) {
		free(c);
		return -1;
	}
	if (c->n > 0 && pf_param(c, "relayhost") != NULL) {
		check_relay(c, mi, &r);
		if (mi->configured) {
			pf_check_tls(c, mi, &r);
			pf_check_sasl(c, mi, &r);
			check_routes(c, mi);
		}
		check_running(c, mi);
	}
	free(c);
	return 0;
}
