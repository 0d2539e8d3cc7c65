/* Exim4 in Debian's layout: update-exim4.conf.conf (dc_eximconfig_configtype,
 * dc_smarthost "host::port", two colons because one separates list items)
 * and passwd.client ("host-pattern:user:password", looked up with
 * nwildlsearch on the smarthost's name). Debian's README.Debian and
 * update-exim4.conf.conf(5),
 * https://manpages.debian.org/bookworm/exim4-config/update-exim4.conf.8.en.html
 */
#include <config.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/run.h"

struct exim_conf {
	char file[MAILER_PATH_MAX + 32];
	char type[64];
	int type_line;
	char smarthost[MAILER_TEXT_MAX];
	int smarthost_line;
	char smarthost_text[MAILER_TEXT_MAX];
};

/* dc_key='value' (shell syntax, as update-exim4.conf sources it). */
static void read_conf(struct mailer_info *mi, struct exim_conf *c)
{
	char line[MAILER_LINE_MAX];
	FILE *f = mailer_open(mi, c->file);
	int no = 0;

	if (f == NULL)
		return;
	while (mailer_read_line(f, line, &no)) {
		char *l = mailer_trim(line), *eq = strchr(l, '='), *v;
		size_t vl;

		if (*l == '#' || eq == NULL)
			continue;
		*eq = '\0';
		v = eq + 1;
		vl = strlen(v);
		if (vl >= 2 && (v[0] == '\'' || v[0] == '"') &&
		    v[vl - 1] == v[0]) {
			v[vl - 1] = '\0';
			v++;
		}
		if (strcmp(l, "dc_eximconfig_configtype") == 0) {
			snprintf(c->type, sizeof(c->type), "%s", v);
			c->type_line = no;
		} else if (strcmp(l, "dc_smarthost") == 0) {
			snprintf(c->smarthost, sizeof(c->smarthost), "%s", v);
			c->smarthost_line = no;
			snprintf(c->smarthost_text, sizeof(c->smarthost_text),
				 "%s=%s", l, eq + 1);
		}
	}
	fclose(f);
}

/* The first host of dc_smarthost: "host::port", "[v6]::port", "host".
 * A single colon ("host:587") makes Exim read two hosts, "host" and
 * "587". */
static void parse_smarthost(struct mailer_info *mi, struct exim_conf *c)
{
	char first[MAILER_TEXT_MAX];
	char *dc = NULL, *p = c->smarthost;
	size_t i = 0;

	while (*p != '\0' && i + 1 < sizeof(first)) {
		if (p[0] == ':' && p[1] == ':') {
			first[i++] = ':';
			p += 2;
			continue;
		}
		if (p[0] == ':')
			break;
		first[i++] = *p++;
	}
	first[i] = '\0';
	dc = strrchr(first, ':');
	if (dc != NULL) {
		*dc = '\0';
		mi->port = strtol(dc + 1, NULL, 10);
	}
	snprintf(mi->host, sizeof(mi->host), "%s",
		 first[0] == '[' ? first + 1 : first);
	mi->host[strcspn(mi->host, "]")] = '\0';
	if (*p == ':' && strspn(p + 1, "0123456789") == strlen(p + 1) &&
	    p[1] != '\0')
		mailer_finding(mi, "mailer-exim-smarthost-port", true, c->file,
			       c->smarthost_line, c->smarthost_text,
			       _("one colon separates hosts in Exim's lists: "
				 "this means the hosts '%s' and '%s'; write "
				 "the port after two colons (%s::%s)"),
			       mi->host, p + 1, mi->host, p + 1);
}

static void read_passwd(struct mailer_info *mi, const char *dir)
{
	char path[MAILER_PATH_MAX + 32], line[MAILER_LINE_MAX];
	char near[MAILER_TEXT_MAX] = "";
	int no = 0, near_line = 0;
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/passwd.client", dir);
	if ((f = mailer_open(mi, path)) == NULL)
		return;
	while (!found && mailer_read_line(f, line, &no)) {
		char *l = mailer_trim(line), *user, *pw;

		if (*l == '#' || (user = strchr(l, ':')) == NULL)
			continue;
		*user++ = '\0';
		pw = strchr(user, ':');
		if (pw != NULL)
			*pw++ = '\0';
		/* nwildlsearch: the key matched as a wildcard pattern,
		 * case-insensitively. */
		if (fnmatch(l, mi->host, FNM_CASEFOLD) != 0) {
			if (near_line == 0) {
				snprintf(near, sizeof(near), "%s:%s:*****", l,
					 user);
				near_line = no;
			}
			continue;
		}
		found = true;
		snprintf(mi->username, sizeof(mi->username), "%s", user);
		mailer_set_password(mi, pw ? pw : "");
		snprintf(mi->password_where, sizeof(mi->password_where),
			 "%s:%d", path, no);
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	if (!found && near_line > 0)
		mailer_finding(mi, "mailer-exim-passwd-host", true, path,
			       near_line, near,
			       _("no host pattern in passwd.client matches "
				 "the smarthost %s: Exim sends no "
				 "password"),
			       mi->host);
}

int exim4_load(const struct mailer_paths *p, struct mailer_info *mi,
	       struct sw_error *err)
{
	const char *dir = p && p->config ? p->config : "/etc/exim4";
	struct exim_conf c = {0};
	struct stat sb;

	snprintf(mi->config, sizeof(mi->config), "%s", dir);
	snprintf(c.file, sizeof(c.file), "%s/update-exim4.conf.conf", dir);
	/* A directory named on the command line is read whatever is
	 * installed: its files say what is missing. */
	mi->installed =
	    run_on_path("exim4") || stat(c.file, &sb) == 0 || (p && p->config);
	if (!mi->installed) {
		sw_error_set(err, "%s",
			     _("Exim4 is not installed (no exim4 on PATH and "
			       "no update-exim4.conf.conf)"));
		return -1;
	}
	read_conf(mi, &c);
	snprintf(mi->relay, sizeof(mi->relay), "%s", c.smarthost);
	if (c.smarthost_line > 0)
		snprintf(mi->relay_where, sizeof(mi->relay_where), "%s:%d",
			 c.file, c.smarthost_line);
	if (strcmp(c.type, "smarthost") != 0 &&
	    strcmp(c.type, "satellite") != 0) {
		if (c.type_line > 0)
			mailer_finding(
			    mi, "mailer-no-relayhost", true, c.file,
			    c.type_line, c.type,
			    _("Exim is not set up to send through a "
			      "smarthost (dc_eximconfig_configtype is "
			      "'%s'; 'smarthost' or 'satellite' relays)"),
			    c.type);
		return 0;
	}
	if (c.smarthost[0] == '\0') {
		mailer_finding(mi, "mailer-no-relayhost", true, c.file,
			       c.type_line, c.type, "%s",
			       _("dc_smarthost is empty"));
		return 0;
	}
	mi->configured = true;
	parse_smarthost(mi, &c);
	/* Debian's remote_smtp_smarthost tries STARTTLS when offered;
	 * port 465 needs "protocol = smtps" in the transport. */
	mi->tls = mi->port == 465 ? SW_TLS_IMPLICIT : SW_TLS_STARTTLS;
	read_passwd(mi, dir);
	return 0;
}
