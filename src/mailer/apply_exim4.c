/* Exim4 in Debian's layout: the smarthost in update-exim4.conf.conf, the
 * account in passwd.client, the TLS the test proved as the macros that
 * Debian's template reads, then update-exim4.conf. Debian's keys and the
 * macros: exim4-config's update-exim4.conf.conf(5), exim4-config_files(5)
 * (passwd.client: "host:user:password", looked up with nwildlsearch by
 * the name Exim connects to; a CNAME or a reverse name that differs needs
 * its own line) and the transport remote_smtp_smarthost of
 * /etc/exim4/exim4.conf.template (REMOTE_SMTP_SMARTHOST_HOSTS_REQUIRE_TLS,
 * _TLS_VERIFY_CERTIFICATES, _TLS_VERIFY_HOSTS, _PROTOCOL;
 * AUTH_CLIENT_ALLOW_NOTLS_PASSWORDS),
 * https://salsa.debian.org/exim-team/exim4/-/tree/master/debian/debconf ;
 * "protocol = smtps" for implicit TLS:
 * https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_smtp_transport.html
 */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <grp.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/apply.h"
#include "mailer/run.h"

#define EXIM_CONFDIR     "/etc/exim4"
#define EXIM_GROUP       "Debian-exim"
#define SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define PASSWD_KEYS_MAX  6
#define MACRO_MARK       "# smtpwiz --apply: "

/* The macros this adapter owns: each apply removes every definition of
 * them and writes the ones the tested settings need. */
static const char *const owned_macros[] = {
    "REMOTE_SMTP_SMARTHOST_HOSTS_REQUIRE_TLS",
    "REMOTE_SMTP_SMARTHOST_TLS_VERIFY_CERTIFICATES",
    "REMOTE_SMTP_SMARTHOST_TLS_VERIFY_HOSTS",
    "REMOTE_SMTP_SMARTHOST_PROTOCOL",
    "AUTH_CLIENT_ALLOW_NOTLS_PASSWORDS",
};

/* The value of KEY='VALUE' (or KEY="VALUE", KEY=VALUE) in a
 * shell-sourced file; "" when absent. */
static void dc_value(const char *text, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);

	out[0] = '\0';
	while (*text != '\0') {
		size_t l = strcspn(text, "\n");
		const char *p = text + strspn(text, " \t");

		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *v = p + kl + 1;
			size_t vl = (size_t)(text + l - v);

			if (vl >= 2 && (v[0] == '\'' || v[0] == '"') &&
			    v[vl - 1] == v[0]) {
				v++;
				vl -= 2;
			}
			snprintf(out, n, "%.*s", (int)vl, v);
		}
		text += l + (text[l] == '\n');
	}
}

/* Whether a line defines one of the names (as KEY= or KEY =). */
static bool defines(const char *line, size_t len, const char *const *names,
		    size_t nn)
{
	const char *p = line + strspn(line, " \t");

	for (size_t i = 0; i < nn; i++) {
		size_t kl = strlen(names[i]);

		if ((size_t)(p - line) + kl < len &&
		    strncmp(p, names[i], kl) == 0 &&
		    (p[kl] == '=' || p[kl] == ' ' || p[kl] == '\t'))
			return true;
	}
	return false;
}

/* Copies text to f without the lines that define one of names, nor
 * lines starting with drop_prefix. */
static void copy_without(FILE *f, const char *text, const char *const *names,
			 size_t nn, const char *drop_prefix)
{
	while (*text != '\0') {
		size_t l = strcspn(text, "\n");

		if (!defines(text, l, names, nn) &&
		    (drop_prefix == NULL ||
		     strncmp(text, drop_prefix, strlen(drop_prefix)) != 0))
			fprintf(f, "%.*s\n", (int)l, text);
		text += l + (text[l] == '\n');
	}
}

/* Stages text as path's new version. */
static int stage(struct apply_plan *plan, const char *path, mode_t mode,
		 const char *text, enum apply_secret secret,
		 struct apply_file **out, struct sw_error *err)
{
	struct apply_file *f = apply_add_file(plan, path, mode);

	if (f == NULL) {
		sw_error_set(err, "%s", _("too many files to change"));
		return -1;
	}
	f->secret = secret;
	if (out != NULL)
		*out = f;
	return apply_write(f->staged, text, strlen(text), err);
}

/* A host Debian's tools carry through unchanged: update-exim4.conf
 * rewrites anything but ASCII letters, digits and a few signs, and an
 * IPv6 literal would need Exim's own list syntax. */
static int check_host(const char *host, struct sw_error *err)
{
	struct in6_addr a6;

	if (inet_pton(AF_INET6, host, &a6) == 1) {
		sw_error_set(err,
			     _("host: %s is an IPv6 address; Debian's "
			       "dc_smarthost cannot carry one, use the "
			       "server's name"),
			     host);
		return -1;
	}
	for (const char *p = host; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' &&
		    *p != '_') {
			sw_error_set(err,
				     _("host: '%s' is not a plain ASCII "
				       "host name, which Debian's "
				       "update-exim4.conf needs (use the "
				       "xn-- form of a Unicode name)"),
				     host);
			return -1;
		}
	return 0;
}

static int stage_update_conf(const char *dir, const struct settings *s,
			     const char *old, struct apply_plan *plan,
			     struct sw_error *err)
{
	static const char *const keys[] = {"dc_eximconfig_configtype",
					   "dc_smarthost"};
	char type[64], path[MAILER_PATH_MAX + 32], *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	dc_value(old, "dc_eximconfig_configtype", type, sizeof(type));
	/* A satellite sends everything through the smarthost too, and
	 * delivers nothing locally: the user chose that, keep it. */
	if (strcmp(type, "satellite") != 0) {
		if (strcmp(type, "smarthost") != 0)
			apply_note(plan,
				   _("Exim's configuration type changes from "
				     "'%s' to 'smarthost': mail for other "
				     "domains goes through %s instead of "
				     "directly to each domain's servers."),
				   type[0] ? type : "none", s->host);
		snprintf(type, sizeof(type), "smarthost");
	}
	f = open_memstream(&text, &len);
	if (f == NULL) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	/* Every other key stays where it is; the two this changes are
	 * written in place of their first lines (or at the end). */
	{
		const char *t = old;
		bool done[2] = {false, false};

		while (*t != '\0') {
			size_t l = strcspn(t, "\n");

			if (defines(t, l, keys, 1)) {
				if (!done[0])
					fprintf(f, "%s='%s'\n", keys[0], type);
				done[0] = true;
			} else if (defines(t, l, keys + 1, 1)) {
				if (!done[1])
					fprintf(f, "%s='%s::%ld'\n", keys[1],
						s->host, s->port);
				done[1] = true;
			} else {
				fprintf(f, "%.*s\n", (int)l, t);
			}
			t += l + (t[l] == '\n');
		}
		if (!done[0])
			fprintf(f, "%s='%s'\n", keys[0], type);
		if (!done[1])
			fprintf(f, "%s='%s::%ld'\n", keys[1], s->host, s->port);
	}
	if (fclose(f) != 0 || text == NULL) {
		free(text);
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/update-exim4.conf.conf", dir);
	rc = stage(plan, path, 0644, text, APPLY_PUBLIC, NULL, err);
	free(text);
	return rc;
}

static bool have_key(char (*keys)[256], size_t n, const char *k)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(keys[i], k) == 0)
			return true;
	return false;
}

/* The names Exim may look passwd.client up by: the name given, its
 * canonical name (a CNAME's target) and the reverse names of its
 * addresses (exim4-config_files(5)). The test resolved the host a
 * moment ago, so this asks the same resolver again. */
static size_t passwd_keys(const char *host, char (*keys)[256])
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_CANONNAME},
			*res = NULL;
	size_t n = 0;

	snprintf(keys[n++], 256, "%s", host);
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		return n;
	if (res->ai_canonname != NULL && res->ai_canonname[0] != '\0' &&
	    !have_key(keys, n, res->ai_canonname))
		snprintf(keys[n++], 256, "%s", res->ai_canonname);
	for (struct addrinfo *ai = res; ai != NULL && n < PASSWD_KEYS_MAX;
	     ai = ai->ai_next) {
		char name[NI_MAXHOST];

		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, name, sizeof(name),
				NULL, 0, NI_NAMEREQD) == 0 &&
		    !have_key(keys, n, name) && strchr(name, ':') == NULL)
			snprintf(keys[n++], 256, "%s", name);
	}
	freeaddrinfo(res);
	for (size_t i = 0; i < n; i++)
		for (char *p = keys[i]; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	return n;
}

/* passwd.client's text: the lines for these keys replaced, the rest
 * (other relays, comments) kept. One allocation of the exact size, so
 * no copy of the password is left behind by a realloc. */
static char *new_passwd(const char *old, char (*keys)[256], size_t nk,
			const struct settings *s)
{
	size_t cap = strlen(old) + 1, len = 0;
	char *out;

	for (size_t i = 0; i < nk; i++)
		cap += strlen(keys[i]) + strlen(s->username) +
		       strlen(s->password ? s->password : "") + 3;
	out = malloc(cap);
	if (out == NULL)
		return NULL;
	while (*old != '\0') {
		size_t l = strcspn(old, "\n"), kl = strcspn(old, ":\n");
		char key[256];

		snprintf(key, sizeof(key), "%.*s", (int)kl, old);
		if (old[0] == '#' || old[kl] != ':' ||
		    !have_key(keys, nk, key)) {
			memcpy(out + len, old, l);
			len += l;
			out[len++] = '\n';
		}
		old += l + (old[l] == '\n');
	}
	for (size_t i = 0; i < nk; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s:%s:%s\n",
					keys[i], s->username,
					s->password ? s->password : "");
	out[len] = '\0';
	return out;
}

/* What passwd.client cannot carry as the template reads it: the user
 * ends at the first colon, and lsearch trims white space around the
 * data. */
static int check_account(const struct settings *s, struct sw_error *err)
{
	const char *pw = s->password ? s->password : "";
	size_t n = strlen(pw);

	if (strchr(s->username, ':') != NULL) {
		sw_error_set(err, "%s",
			     _("username: Exim's passwd.client ends the user "
			       "name at the first ':', so a user name with a "
			       "colon cannot be written there"));
		return -1;
	}
	if (n > 0 && (isspace((unsigned char)pw[n - 1]) ||
		      isspace((unsigned char)pw[0]))) {
		sw_error_set(err, "%s",
			     _("password: Exim's passwd.client drops white "
			       "space at the ends of the password; this "
			       "password would arrive changed"));
		return -1;
	}
	return 0;
}

static int stage_passwd(const char *dir, const struct settings *s,
			struct apply_plan *plan, struct sw_error *err)
{
	char keys[PASSWD_KEYS_MAX][256], path[MAILER_PATH_MAX + 32];
	struct apply_file *f = NULL;
	struct group *g = getgrnam(EXIM_GROUP);
	size_t nk = passwd_keys(s->host, keys);
	char *old, *text;
	bool exists, unreadable = false;
	int rc;

	snprintf(path, sizeof(path), "%s/passwd.client", dir);
	/* Root's file, readable by Exim's group only: without root the
	 * lines this apply writes are still worth showing. */
	if (geteuid() != 0 && access(path, F_OK) == 0 &&
	    access(path, R_OK) != 0) {
		old = calloc(1, 1);
		unreadable = true;
		apply_note(plan,
			   _("%s is readable by root and Exim only: the diff "
			     "shows the lines for %s alone; its other lines "
			     "stay as they are."),
			   path, s->host);
	} else {
		old = apply_read(path, &exists, err);
	}
	if (old == NULL)
		return -1;
	text = new_passwd(old, keys, nk, s);
	free(old);
	if (text == NULL) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	/* Debian's mode: Exim reads it as Debian-exim, nobody else may. */
	rc = stage(plan, path, 0640, text, APPLY_SECRET_EXIM, &f, err);
	explicit_bzero(text, strlen(text));
	free(text);
	if (f != NULL)
		f->unreadable = unreadable;
	if (f != NULL && g != NULL) {
		f->group = g->gr_gid;
		f->set_group = true;
	} else if (f != NULL && f->created) {
		apply_note(plan,
			   _("There is no group %s here: %s is created "
			     "root-only, and Exim cannot read it until its "
			     "group is Exim's."),
			   EXIM_GROUP, path);
	}
	if (nk > 1)
		apply_note(plan,
			   _("passwd.client gets a line for each name Exim "
			     "may know %s by (%zu: its canonical and reverse "
			     "names). If the provider moves the server, run "
			     "smtpwiz --apply exim4 again."),
			   s->host, nk);
	return rc;
}

static int stage_macros(const char *dir, const struct settings *s, bool split,
			struct apply_plan *plan, struct sw_error *err)
{
	char path[MAILER_PATH_MAX + 48], *old, *text = NULL;
	bool exists, auth = s->username && s->username[0];
	size_t len = 0, nm = sizeof(owned_macros) / sizeof(owned_macros[0]);
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir,
		 split ? "conf.d/main/000_localmacros"
		       : "exim4.conf.localmacros");
	old = apply_read(path, &exists, err);
	if (old == NULL)
		return -1;
	f = open_memstream(&text, &len);
	if (f == NULL) {
		free(old);
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	copy_without(f, old, owned_macros, nm, MACRO_MARK);
	free(old);
	fprintf(f, "%sthe TLS the test proved for %s\n", MACRO_MARK, s->host);
	if (s->tls != SW_TLS_NONE) {
		fprintf(f, "REMOTE_SMTP_SMARTHOST_HOSTS_REQUIRE_TLS = *\n");
		if (s->tls == SW_TLS_IMPLICIT)
			fprintf(f, "REMOTE_SMTP_SMARTHOST_PROTOCOL = smtps\n");
		if (s->tls_verify) {
			fprintf(f,
				"REMOTE_SMTP_SMARTHOST_TLS_VERIFY_"
				"CERTIFICATES = %s\n"
				"REMOTE_SMTP_SMARTHOST_TLS_VERIFY_HOSTS = *\n",
				s->ca_file && s->ca_file[0] ? s->ca_file
							    : SYSTEM_CA_BUNDLE);
		}
	} else if (auth) {
		/* The template sends a password only over TLS; the test
		 * passed without it, so the user accepted that risk. */
		fprintf(f, "AUTH_CLIENT_ALLOW_NOTLS_PASSWORDS = 1\n");
		apply_note(plan, "%s",
			   _("The password will cross the network unencrypted "
			     "(the server offers no TLS): Exim's template "
			     "refuses that unless "
			     "AUTH_CLIENT_ALLOW_NOTLS_PASSWORDS is set, which "
			     "this apply does."));
	}
	if (fclose(f) != 0 || text == NULL) {
		free(text);
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	rc = stage(plan, path, 0644, text, APPLY_PUBLIC, NULL, err);
	free(text);
	return rc;
}

static void offer_rewrite(const struct settings *s, struct apply_plan *plan)
{
	if (s->username == NULL || strchr(s->username, '@') == NULL ||
	    (s->from != NULL && strcmp(s->from, s->username) != 0))
		return;
	apply_note(plan,
		   _("Programs on this server (root, cron) send as local "
		     "users at the name in /etc/mailname. Providers that "
		     "accept only the "
		     "account's own address (%s) refuse those: Debian's Exim "
		     "rewrites senders on the way out with /etc/email-"
		     "addresses, lines such as \"root: %s\" (smtpwiz leaves "
		     "this to you: it changes every local sender)."),
		   s->username, s->username);
}

int apply_exim4_prepare(const struct mailer_paths *p, const struct settings *s,
			struct apply_plan *plan, struct sw_error *err)
{
	char path[MAILER_PATH_MAX + 32], split[16];
	bool auth = s->username != NULL && s->username[0] != '\0', exists;
	char *conf;
	int rc;

	/* Debian's update-exim4.conf reads exim4.conf.localmacros from
	 * /etc/exim4 whatever --confdir says, and writes
	 * /var/lib/exim4/config.autogenerated: there is one Exim4 to
	 * change. */
	if (p != NULL && p->config != NULL &&
	    strcmp(p->config, EXIM_CONFDIR) != 0) {
		sw_error_set(err,
			     _("--mailer-config: Exim4 settings are applied "
			       "to %s only (Debian's update-exim4.conf reads "
			       "its files there), not to %s"),
			     EXIM_CONFDIR, p->config);
		return -1;
	}
	snprintf(plan->config, sizeof(plan->config), "%s", EXIM_CONFDIR);
	if (!run_on_path("update-exim4.conf") || !run_on_path("exim4")) {
		sw_error_set(err, "%s",
			     _("Exim4 is not installed in Debian's layout (no "
			       "update-exim4.conf or exim4 on PATH: install "
			       "exim4-daemon-light)"));
		return -1;
	}
	if (check_host(s->host, err) != 0 ||
	    (auth && check_account(s, err) != 0))
		return -1;
	snprintf(path, sizeof(path), "%s/exim4.conf", EXIM_CONFDIR);
	if (access(path, F_OK) == 0) {
		sw_error_set(err,
			     _("%s exists: Exim uses that hand-written file "
			       "and Debian's update-exim4.conf ignores its "
			       "own files, so smtpwiz would change nothing. "
			       "Set the smarthost in %s by hand"),
			     path, path);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/update-exim4.conf.conf", EXIM_CONFDIR);
	conf = apply_read(path, &exists, err);
	if (conf == NULL)
		return -1;
	if (!exists) {
		free(conf);
		sw_error_set(err,
			     _("%s does not exist: is Debian's exim4-config "
			       "installed?"),
			     path);
		return -1;
	}
	dc_value(conf, "dc_use_split_config", split, sizeof(split));
	rc = stage_update_conf(EXIM_CONFDIR, s, conf, plan, err);
	free(conf);
	if (rc == 0 && auth)
		rc = stage_passwd(EXIM_CONFDIR, s, plan, err);
	if (rc == 0)
		rc = stage_macros(EXIM_CONFDIR, s, strcmp(split, "true") == 0,
				  plan, err);
	if (rc != 0)
		return -1;
	apply_cmd(plan, "update-exim4.conf");
	apply_cmd(plan, "exim4 -bV");
	apply_cmd(plan, "systemctl reload exim4");
	offer_rewrite(s, plan);
	return 0;
}
