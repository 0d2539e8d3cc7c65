/* Postfix: the tested settings as main.cf parameters, set with Postfix's
 * own postconf -e on a staged copy of main.cf (so the diff is exactly what
 * postconf writes), and the relay's entry in the SASL password map.
 * Parameters: https://www.postfix.org/postconf.5.html; the map's key must
 * be written as relayhost is, brackets and port included:
 * https://www.postfix.org/SASL_README.html#client_sasl_enable; implicit
 * TLS needs smtp_tls_wrappermode = yes with level encrypt or stronger:
 * https://www.postfix.org/postconf.5.html#smtp_tls_wrappermode */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/apply.h"
#include "mailer/postfix.h"
#include "mailer/run.h"

#define PF_TIMEOUT_MS    20000
#define PARAMS_MAX       10
#define SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

/* One parameter as postconf -h prints it ("" when unset or unknown). */
static void pf_value(const char *dir, const char *name, char *out, size_t n)
{
	const char *argv[] = {"postconf", "-c", dir, "-x", "-h", name, NULL};
	struct run_output o;
	struct sw_error err;

	out[0] = '\0';
	if (run_capture(argv, PF_TIMEOUT_MS, &o, &err) != 0)
		return;
	if (o.status == 0)
		snprintf(out, n, "%.*s", (int)strcspn(o.out, "\n"), o.out);
	run_output_free(&o);
}

/* The existing map when it is one file smtpwiz can edit, else the
 * default database type's DIR/sasl_passwd. */
static void choose_map(const char *dir, char *type, char *path, size_t n)
{
	static const char *const files[] = {"hash", "btree", "lmdb", "cdb",
					    "texthash"};
	char cur[MAILER_PATH_MAX];
	const char *colon;

	pf_value(dir, "smtp_sasl_password_maps", cur, sizeof(cur));
	colon = strchr(cur, ':');
	if (colon != NULL && colon[1] == '/' &&
	    strcspn(cur, " \t,") == strlen(cur))
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			if (strlen(files[i]) == (size_t)(colon - cur) &&
			    strncmp(cur, files[i], strlen(files[i])) == 0) {
				snprintf(type, 32, "%s", files[i]);
				snprintf(path, n, "%s", colon + 1);
				return;
			}
	pf_value(dir, "default_database_type", type, 32);
	if (type[0] == '\0')
		snprintf(type, 32, "hash");
	snprintf(path, n, "%s/sasl_passwd", dir);
}

/* The map's text with the relay's entry replaced (other relays and
 * per-sender entries kept). */
static char *new_map(const char *old, const char *relay,
		     const struct settings *s)
{
	struct pf_relay want, have;
	size_t cap = strlen(old) + strlen(relay) + strlen(s->username) +
		     strlen(s->password ? s->password : "") + 8,
	       len = 0;
	char *out = malloc(cap), key[512];

	if (out == NULL)
		return NULL;
	pf_parse_relay(relay, &want);
	while (*old != '\0') {
		size_t l = strcspn(old, "\n"), kl = strcspn(old, " \t\n");
		bool drop = false;

		snprintf(key, sizeof(key), "%.*s", (int)kl, old);
		/* The relay's old entry, in any of relayhost's forms. */
		if (key[0] != '#' && key[0] != '\0' &&
		    strchr(key, '@') == NULL &&
		    pf_parse_relay(key, &have) == 0 &&
		    strcmp(have.host, want.host) == 0)
			drop = true;
		if (!drop) {
			memcpy(out + len, old, l);
			len += l;
			out[len++] = '\n';
		}
		old += l + (old[l] == '\n');
	}
	len += (size_t)snprintf(out + len, cap - len, "%s %s:%s\n", relay,
				s->username, s->password ? s->password : "");
	out[len] = '\0';
	return out;
}

static int stage_map(const char *dir, const char *relay,
		     const struct settings *s, struct apply_plan *plan,
		     char *map, size_t n, struct sw_error *err)
{
	char type[32], path[MAILER_PATH_MAX];
	struct apply_file *f, *db;
	char *old, *text;
	bool exists;
	int rc;

	choose_map(dir, type, path, sizeof(path));
	snprintf(map, n, "%s:%s", type, path);
	f = apply_add_file(plan, path, 0600);
	db = apply_add_file(plan, path, 0600);
	if (f == NULL || db == NULL)
		return -1;
	f->secret = APPLY_SECRET_MAP;
	/* postmap writes the database beside the file; it is backed up,
	 * never staged. texthash has none. */
	if (strcmp(type, "texthash") == 0) {
		plan->nfiles--;
	} else {
		snprintf(db->path, sizeof(db->path), "%s.%s", path,
			 strcmp(type, "lmdb") == 0  ? "lmdb"
			 : strcmp(type, "cdb") == 0 ? "cdb"
						    : "db");
		db->staged[0] = '\0';
		db->created = access(db->path, F_OK) != 0;
		apply_cmd(plan, "postmap -c %s %s", dir, map);
		snprintf(plan->postmap, sizeof(plan->postmap), "%s", map);
	}
	old = apply_read(path, &exists, err);
	if (old == NULL)
		return -1;
	text = new_map(old, relay, s);
	free(old);
	if (text == NULL) {
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	rc = apply_write(f->staged, text, strlen(text), err);
	explicit_bzero(text, strlen(text));
	free(text);
	return rc;
}

/* Whether Postfix has trust anchors to verify a server with. */
static bool has_ca(const char *dir)
{
	char file[MAILER_PATH_MAX], path[MAILER_PATH_MAX];

	pf_value(dir, "smtp_tls_CAfile", file, sizeof(file));
	pf_value(dir, "smtp_tls_CApath", path, sizeof(path));
	return file[0] != '\0' || path[0] != '\0';
}

/* The TLS level the test proved: a verified certificate allows
 * "secure" (the name checked too); an unverified one "encrypt"; without
 * TLS, "may" still takes it when offered. */
static const char *tls_level(const struct settings *s)
{
	if (s->tls == SW_TLS_NONE)
		return "may";
	return s->tls_verify ? "secure" : "encrypt";
}

static int run_postconf_e(const char *dir, char params[][MAILER_PATH_MAX + 64],
			  size_t np, struct sw_error *err)
{
	const char *argv[6 + PARAMS_MAX];
	struct run_output o;
	size_t n = 0;
	int rc = 0;

	argv[n++] = "postconf";
	argv[n++] = "-c";
	argv[n++] = dir;
	argv[n++] = "-e";
	for (size_t i = 0; i < np; i++)
		argv[n++] = params[i];
	argv[n] = NULL;
	if (run_capture(argv, PF_TIMEOUT_MS, &o, err) != 0)
		return -1;
	if (o.status != 0) {
		sw_error_set(err, _("postconf -e failed: %.400s"), o.err);
		rc = -1;
	}
	run_output_free(&o);
	return rc;
}

/* main.cf (and master.cf, which postconf reads too) copied into a
 * directory of the stage, edited there by postconf -e. */
static int stage_main_cf(const char *dir, struct apply_plan *plan,
			 char params[][MAILER_PATH_MAX + 64], size_t np,
			 struct sw_error *err)
{
	char src[MAILER_PATH_MAX + 16], sdir[MAILER_PATH_MAX + 8];
	char mcf[MAILER_PATH_MAX + 16];
	struct apply_file *f;
	char *text;
	bool exists;
	int rc;

	snprintf(src, sizeof(src), "%s/main.cf", dir);
	text = apply_read(src, &exists, err);
	if (text == NULL)
		return -1;
	if (!exists) {
		free(text);
		sw_error_set(err,
			     _("%s does not exist: is Postfix installed "
			       "and is this its configuration "
			       "directory?"),
			     src);
		return -1;
	}
	f = apply_add_file(plan, src, 0644);
	snprintf(sdir, sizeof(sdir), "%s/postfix", plan->stage);
	snprintf(f->staged, sizeof(f->staged), "%s/main.cf", sdir);
	snprintf(mcf, sizeof(mcf), "%s/master.cf", sdir);
	rc = mkdir(sdir, 0700) == 0 ? 0 : -1;
	if (rc == 0)
		rc = apply_write(f->staged, text, strlen(text), err);
	free(text);
	if (rc == 0)
		rc = apply_write(mcf, "", 0, err);
	if (rc == 0)
		rc = run_postconf_e(sdir, params, np, err);
	unlink(mcf);
	return rc;
}

/* Cyrus SASL's PLAIN and LOGIN live in their own Debian package. */
static void check_modules(struct apply_plan *plan)
{
	if (!pf_have_plain_or_login())
		apply_note(plan,
			   _("Cyrus SASL has no PLAIN or LOGIN plug-in here: "
			     "install the package libsasl2-modules "
			     "(apt-get install libsasl2-modules), or Postfix "
			     "defers every message with \"no mechanism "
			     "available\"."));
}

static void offer_rewrite(const char *dir, const struct settings *s,
			  struct apply_plan *plan)
{
	char origin[256];

	/* Tested with the account's own address: local senders differ. */
	if (s->username == NULL || strchr(s->username, '@') == NULL ||
	    (s->from != NULL && strcmp(s->from, s->username) != 0))
		return;
	pf_value(dir, "myorigin", origin, sizeof(origin));
	apply_note(plan,
		   _("Programs on this server send as user@%s (root, cron). "
		     "Providers that accept only the account's own address "
		     "(%s) refuse those: add smtp_generic_maps = hash:%s/"
		     "generic with the line \"@%s %s\" and postmap it to "
		     "rewrite the senders on the way out (smtpwiz leaves "
		     "this to you: it changes every local sender)."),
		   origin[0] ? origin : "$myorigin", s->username, dir,
		   origin[0] ? origin : "example.org", s->username);
}

int apply_postfix_prepare(const struct mailer_paths *p,
			  const struct settings *s, struct apply_plan *plan,
			  struct sw_error *err)
{
	char params[PARAMS_MAX][MAILER_PATH_MAX + 64];
	char relay[300], map[MAILER_PATH_MAX + 40];
	const char *dir = p && p->config ? p->config : "/etc/postfix";
	bool auth = s->username != NULL && s->username[0] != '\0';
	size_t np = 0;

	snprintf(plan->config, sizeof(plan->config), "%s", dir);
	if (!run_on_path("postconf")) {
		sw_error_set(err, "%s",
			     _("Postfix is not installed (no postconf on "
			       "PATH)"));
		return -1;
	}
	snprintf(relay, sizeof(relay), "[%s]:%ld", s->host, s->port);
	if (auth && stage_map(dir, relay, s, plan, map, sizeof(map), err) != 0)
		return -1;
#define PARAM(...) snprintf(params[np++], sizeof(params[0]), __VA_ARGS__)
	PARAM("relayhost=%s", relay);
	PARAM("smtp_tls_security_level=%s", tls_level(s));
	PARAM("smtp_tls_wrappermode=%s",
	      s->tls == SW_TLS_IMPLICIT ? "yes" : "no");
	if (s->ca_file != NULL && s->ca_file[0] != '\0')
		PARAM("smtp_tls_CAfile=%s", s->ca_file);
	else if (s->tls != SW_TLS_NONE && s->tls_verify && !has_ca(dir))
		/* "secure" needs trust anchors; smtpwiz verified against the
		 * system's bundle (Debian's ca-certificates). */
		PARAM("smtp_tls_CAfile=%s", SYSTEM_CA_BUNDLE);
	PARAM("smtp_sasl_auth_enable=%s", auth ? "yes" : "no");
	if (auth) {
		PARAM("smtp_sasl_password_maps=%s", map);
		/* PLAIN and LOGIN are what providers offer; TLS protects
		 * them, so only anonymous logins are ruled out. */
		PARAM("smtp_sasl_security_options=noanonymous");
		PARAM("smtp_sasl_tls_security_options=noanonymous");
	}
#undef PARAM
	if (stage_main_cf(dir, plan, params, np, err) != 0)
		return -1;
	/* Listed first: the order a user would run them in. */
	{
		char line[sizeof(plan->cmds[0])];
		size_t len = (size_t)snprintf(line, sizeof(line),
					      "postconf -c %s -e", dir);

		for (size_t i = 0; i < np && len < sizeof(line); i++)
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						" '%s'", params[i]);
		memmove(plan->cmds[1], plan->cmds[0],
			sizeof(plan->cmds[0]) * plan->ncmds);
		snprintf(plan->cmds[0], sizeof(plan->cmds[0]), "%s", line);
		plan->ncmds++;
	}
	apply_cmd(plan, "postfix -c %s check", dir);
	apply_cmd(plan, "postfix -c %s reload", dir);
	if (auth)
		check_modules(plan);
	offer_rewrite(dir, s, plan);
	return 0;
}
