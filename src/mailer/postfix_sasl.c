/* Postfix as a SASL client: the password map, its key, postmap, and the
 * Cyrus SASL mechanisms it relies on.
 * https://www.postfix.org/SASL_README.html#client_sasl_enable ("If you
 * specify the [ and ] in the relayhost destination, then you must use the
 * same form in the smtp_sasl_password_maps file"; the same for a port),
 * #client_sasl_policy (noplaintext), and Debian's libsasl2-modules, which
 * holds the PLAIN and LOGIN plug-ins. */
#include <config.h>

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/postfix.h"

static bool yes(const char *v)
{
	return strcmp(v, "yes") == 0 || strcmp(v, "true") == 0;
}

/* The file postmap reads and the one Postfix reads, for a "type:path". */
static bool map_files(const char *map, char *src, char *db, size_t n)
{
	static const struct {
		const char *type, *suffix;
	} types[] = {{"hash:", ".db"},
		     {"btree:", ".db"},
		     {"lmdb:", ".lmdb"},
		     {"cdb:", ".cdb"},
		     {"texthash:", ""}};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t tl = strlen(types[i].type);

		if (strncmp(map, types[i].type, tl) != 0)
			continue;
		snprintf(src, n, "%s", map + tl);
		snprintf(db, n, "%s%s", map + tl, types[i].suffix);
		return true;
	}
	return false;
}

static void check_postmap(struct mailer_info *mi, const char *src,
			  const char *db)
{
	struct stat ss, ds;

	if (strcmp(src, db) == 0 || stat(src, &ss) != 0)
		return;
	if (stat(db, &ds) != 0)
		mailer_finding(mi, "mailer-sasl-not-postmapped", true, db, 0,
			       src,
			       _("%s does not exist: postmap was never "
				 "run on the password file"),
			       db);
	else if (ss.st_mtime > ds.st_mtime)
		mailer_finding(mi, "mailer-sasl-not-postmapped", true, src, 0,
			       db, "%s",
			       _("the password file is newer than its .db: "
				 "Postfix still uses the old contents until "
				 "postmap is run"));
	if ((ss.st_mode & 0044) != 0)
		mailer_finding(mi, "mailer-password-readable", false, src, 0,
			       NULL,
			       _("mode %04o: other users can read the "
				 "relay password"),
			       (unsigned)(ss.st_mode & 07777));
}

/* "[host]:587" for relayhost "host" and the like: same host, other form. */
static bool same_host(const char *key, const struct pf_relay *r)
{
	struct pf_relay k;

	return pf_parse_relay(key, &k) == 0 && strcmp(k.host, r->host) == 0;
}

struct sasl_scan {
	bool found, near, per_sender;
	int near_line;
	char near_key[256];
};

static void scan_line(struct mailer_info *mi, const char *src, int no,
		      char *line, const struct pf_relay *r, struct sasl_scan *s)
{
	char *key = mailer_trim(line), *val;
	size_t kl;

	if (key[0] == '#' || key[0] == '\0')
		return;
	kl = strcspn(key, " \t");
	if (key[kl] == '\0')
		return;
	key[kl] = '\0';
	val = mailer_trim(key + kl + 1);
	if (strchr(key, '@') != NULL) {
		s->per_sender = true;
		return;
	}
	if (strcmp(key, mi->relay) != 0 && strcmp(key, r->host) != 0) {
		if (same_host(key, r) && !s->near) {
			s->near = true;
			s->near_line = no;
			snprintf(s->near_key, sizeof(s->near_key), "%s", key);
		}
		return;
	}
	/* Exact key first; the bare host name is Postfix's second lookup. */
	if (s->found && strcmp(key, mi->relay) != 0)
		return;
	s->found = true;
	snprintf(mi->password_where, sizeof(mi->password_where), "%s:%d", src,
		 no);
	{
		char *colon = strchr(val, ':');

		if (colon != NULL)
			*colon = '\0';
		snprintf(mi->username, sizeof(mi->username), "%s", val);
		mailer_set_password(mi, colon ? colon + 1 : "");
		explicit_bzero(val, strlen(val));
		if (colon != NULL)
			explicit_bzero(colon + 1, strlen(colon + 1));
	}
}

static void read_map(struct mailer_info *mi, const char *src,
		     const struct pf_relay *r, struct sasl_scan *s)
{
	char line[MAILER_LINE_MAX];
	FILE *f = mailer_open(mi, src);
	int no = 0;

	if (f == NULL)
		return;
	while (mailer_read_line(f, line, &no))
		scan_line(mi, src, no, line, r, s);
	explicit_bzero(line, sizeof(line));
	fclose(f);
}

/* Cyrus SASL's plug-in directories (SASL_PATH as libsasl2 reads it). */
bool pf_have_plain_or_login(void)
{
	const char *env = getenv("SASL_PATH");
	char pattern[1024];
	glob_t g;
	bool found;

	if (env != NULL && env[0] != '\0')
		snprintf(pattern, sizeof(pattern), "%s/lib{plain,login}.so*",
			 env);
	else
		snprintf(pattern, sizeof(pattern), "%s",
			 "/usr/lib{/*,}/sasl2/lib{plain,login}.so*");
	found = glob(pattern, GLOB_BRACE | GLOB_NOSORT, NULL, &g) == 0 &&
		g.gl_pathc > 0;
	globfree(&g);
	return found;
}

static void check_policy(const struct pf_conf *c, struct mailer_info *mi)
{
	const char *param = mi->tls == SW_TLS_NONE
				? "smtp_sasl_security_options"
				: "smtp_sasl_tls_security_options";

	if (strstr(pf_get(c, param), "noplaintext") != NULL)
		pf_finding(mi, c, param, "mailer-sasl-noplaintext", true, "%s",
			   _("noplaintext forbids PLAIN and LOGIN, the only "
			     "mechanisms most providers offer: Postfix "
			     "defers with \"no mechanism available\""));
	if (!pf_have_plain_or_login())
		pf_finding(mi, c, "smtp_sasl_auth_enable",
			   "mailer-sasl-no-mechanism", true, "%s",
			   _("Cyrus SASL has no PLAIN or LOGIN plug-in on "
			     "this machine (package libsasl2-modules)"));
}

void pf_check_sasl(const struct pf_conf *c, struct mailer_info *mi,
		   const struct pf_relay *r)
{
	bool enabled = yes(pf_get(c, "smtp_sasl_auth_enable"));
	const char *maps = pf_get(c, "smtp_sasl_password_maps");
	struct sasl_scan s = {0};
	char map[MAILER_PATH_MAX], src[MAILER_PATH_MAX], db[MAILER_PATH_MAX];

	while (*(maps += strspn(maps, " \t,")) != '\0') {
		size_t len = strcspn(maps, " \t,");

		snprintf(map, sizeof(map), "%.*s", (int)len, maps);
		maps += len;
		if (!map_files(map, src, db, sizeof(src))) {
			mailer_note(mi,
				    _("the password map %s is not a file "
				      "smtpwiz can read; the password is "
				      "not imported"),
				    map);
			continue;
		}
		read_map(mi, src, r, &s);
		if (enabled)
			check_postmap(mi, src, db);
	}
	if (!enabled) {
		if (s.found)
			pf_finding(mi, c, "smtp_sasl_auth_enable",
				   "mailer-sasl-disabled", true, "%s",
				   _("a password is stored for the relay, "
				     "but SASL is off: Postfix never logs "
				     "in"));
		mi->username[0] = '\0';
		mailer_set_password(mi, NULL);
		return;
	}
	if (pf_get(c, "smtp_sasl_password_maps")[0] == '\0')
		pf_finding(mi, c, "smtp_sasl_password_maps",
			   "mailer-sasl-no-map", true, "%s",
			   _("SASL is on but no password map is set"));
	else if (!s.found && s.near)
		mailer_finding(
		    mi, "mailer-sasl-key-mismatch", true, src, s.near_line,
		    s.near_key,
		    _("the key must be written exactly as relayhost (%s), "
		      "brackets and port included; Postfix finds no "
		      "password for this relay"),
		    mi->relay);
	else if (!s.found && mi->nnotes == 0)
		pf_finding(
		    mi, c, "smtp_sasl_password_maps", "mailer-sasl-no-entry",
		    true, _("the password map has no entry for %s"), mi->relay);
	if (s.per_sender &&
	    !yes(pf_get(c, "smtp_sender_dependent_authentication")))
		pf_finding(mi, c, "smtp_sender_dependent_authentication",
			   "mailer-sasl-per-sender", false, "%s",
			   _("the password map has per-sender entries, "
			     "which Postfix ignores unless "
			     "smtp_sender_dependent_authentication = yes"));
	check_policy(c, mi);
}
