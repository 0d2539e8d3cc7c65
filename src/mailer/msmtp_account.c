/* One msmtp account resolved (its own commands, then its parents', then
 * the "defaults" sections above it) and checked. Defaults per msmtp(1):
 * tls off, tls_starttls on, port 25, or 465 with tls on and tls_starttls
 * off; https://marlam.de/msmtp/msmtp.html#Commands-specific-to-sendmail-mode */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "mailer/adapters.h"
#include "mailer/msmtp.h"
#include "mailer/run.h"

static int find(const struct msmtp_file *mf, const char *name)
{
	for (size_t i = 0; i < mf->n; i++)
		if (!mf->acc[i].is_defaults && !mf->acc[i].is_alias &&
		    strcmp(mf->acc[i].name, name) == 0)
			return (int)i;
	return -1;
}

static const struct msmtp_set *own(const struct msmtp_acc *a, const char *key)
{
	const struct msmtp_set *found = NULL;

	for (int i = 0; i < a->nset; i++)
		if (strcmp(a->set[i].key, key) == 0)
			found = &a->set[i];
	return found;
}

static const struct msmtp_set *get(const struct msmtp_file *mf, int idx,
				   const char *key, int depth)
{
	const struct msmtp_set *s = own(&mf->acc[idx], key);

	if (s != NULL || depth > 8)
		return s;
	for (int p = mf->acc[idx].nparents - 1; p >= 0; p--) {
		int pi = find(mf, mf->acc[idx].parents[p]);

		if (pi >= 0 && (s = get(mf, pi, key, depth + 1)) != NULL)
			return s;
	}
	for (int d = idx - 1; d >= 0; d--)
		if (mf->acc[d].is_defaults && (s = own(&mf->acc[d], key)))
			return s;
	return NULL;
}

static bool on(const struct msmtp_set *s, bool dflt)
{
	if (s == NULL)
		return dflt;
	return s->value[0] == '\0' || strcmp(s->value, "on") == 0;
}

static int pick(const struct msmtp_file *mf, const char *account,
		struct mailer_info *mi, struct sw_error *err)
{
	int idx;

	if (account[0] != '\0') {
		idx = find(mf, account);
		if (idx < 0)
			sw_error_set(err, _("%s has no account '%s'"), mf->path,
				     account);
		return idx;
	}
	for (size_t i = 0; i < mf->n; i++)
		if (mf->acc[i].is_alias)
			return find(mf, mf->acc[i].parents[0]);
	if ((idx = find(mf, "default")) >= 0)
		return idx;
	for (size_t i = 0; i < mf->n; i++)
		if (!mf->acc[i].is_defaults) {
			mailer_note(mi,
				    _("%s has no default account; using the "
				      "first, '%s'"),
				    mf->path, mf->acc[i].name);
			return (int)i;
		}
	sw_error_set(err, _("%s defines no account"), mf->path);
	return -1;
}

static void finding_at(struct mailer_info *mi, const struct msmtp_file *mf,
		       const struct msmtp_set *s, const char *key,
		       const char *cause, bool fail, const char *detail)
{
	char text[MAILER_TEXT_MAX];

	if (s != NULL)
		snprintf(text, sizeof(text), "%s %s", s->key,
			 strcmp(s->key, "password") == 0 ? "*****" : s->value);
	else
		/* TRANSLATORS: an msmtp command not set in the file. */
		snprintf(text, sizeof(text), _("%s (not set)"), key);
	mailer_finding(mi, cause, fail, mf->path, s ? s->line : 0, text, "%s",
		       detail);
}

static void eval_password(struct mailer_info *mi, const char *cmd)
{
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	struct run_output o;
	struct sw_error err;

	if (run_capture(argv, 10000, &o, &err) != 0 || o.status != 0) {
		mailer_note(mi, "%s",
			    _("passwordeval failed; the password is not "
			      "imported"));
		if (o.out != NULL)
			run_output_free(&o);
		return;
	}
	o.out[strcspn(o.out, "\r\n")] = '\0';
	mailer_set_password(mi, o.out);
	explicit_bzero(o.out, strlen(o.out));
	run_output_free(&o);
}

static void check_tls(struct mailer_info *mi, const struct msmtp_file *mf,
		      int idx, bool auth)
{
	const struct msmtp_set *tls = get(mf, idx, "tls", 0);
	const struct msmtp_set *st = get(mf, idx, "tls_starttls", 0);
	const struct msmtp_set *cc = get(mf, idx, "tls_certcheck", 0);
	const struct msmtp_set *port = get(mf, idx, "port", 0);
	bool use = on(tls, false), starttls = on(st, true);

	mi->tls = !use       ? SW_TLS_NONE
		  : starttls ? SW_TLS_STARTTLS
			     : SW_TLS_IMPLICIT;
	if (!use)
		finding_at(mi, mf, tls, "tls", "mailer-msmtp-tls-off", auth,
			   _("TLS is off: the password and the mail cross "
			     "the network in clear text"));
	else if (starttls && mi->port == 465)
		finding_at(mi, mf, st ? st : port, "tls_starttls",
			   "mailer-msmtp-465-starttls", true,
			   _("port 465 expects TLS from the first byte: "
			     "set tls_starttls off"));
	else if (!starttls && mi->port == 587)
		finding_at(mi, mf, st, "tls_starttls",
			   "mailer-msmtp-starttls-port", false,
			   _("port 587 expects STARTTLS, but tls_starttls "
			     "is off"));
	if (use && !on(cc, true))
		finding_at(mi, mf, cc, "tls_certcheck",
			   "mailer-msmtp-certcheck-off", false,
			   _("the server's certificate is not checked: "
			     "anyone on the path can read the password"));
}

static void copy(char *dst, size_t n, const struct msmtp_set *s)
{
	snprintf(dst, n, "%s", s ? s->value : "");
}

int msmtp_account(struct mailer_info *mi, const struct msmtp_file *mf,
		  const char *account, bool run_passwordeval,
		  struct sw_error *err)
{
	int idx = pick(mf, account, mi, err);
	const struct msmtp_set *s, *auth, *pw, *pe;
	bool auth_on;

	if (idx < 0)
		return -1;
	snprintf(mi->account, sizeof(mi->account), "%s", mf->acc[idx].name);
	s = get(mf, idx, "host", 0);
	copy(mi->host, sizeof(mi->host), s);
	snprintf(mi->relay, sizeof(mi->relay), "%s", mi->host);
	if (s != NULL)
		snprintf(mi->relay_where, sizeof(mi->relay_where), "%s:%d",
			 mf->path, s->line);
	mi->configured = mi->host[0] != '\0';
	if (!mi->configured)
		finding_at(mi, mf, NULL, "host", "mailer-no-relayhost", true,
			   _("the account names no host"));
	s = get(mf, idx, "port", 0);
	mi->port = s ? strtol(s->value, NULL, 10) : 0;
	copy(mi->username, sizeof(mi->username), get(mf, idx, "user", 0));
	copy(mi->from, sizeof(mi->from), get(mf, idx, "from", 0));
	copy(mi->logfile, sizeof(mi->logfile), get(mf, idx, "logfile", 0));
	s = get(mf, idx, "tls_trust_file", 0);
	if (s != NULL && strcmp(s->value, "system") != 0)
		copy(mi->ca_file, sizeof(mi->ca_file), s);
	auth = get(mf, idx, "auth", 0);
	auth_on = auth ? strcmp(auth->value, "off") != 0 : false;
	check_tls(mi, mf, idx, auth_on);
	if (mi->port == 0 && mi->tls == SW_TLS_IMPLICIT)
		mi->port = 465;
	if (auth_on && mi->username[0] == '\0')
		finding_at(mi, mf, auth, "auth", "mailer-msmtp-no-user", true,
			   _("authentication is on but no user is set"));
	pw = get(mf, idx, "password", 0);
	pe = get(mf, idx, "passwordeval", 0);
	if (pw != NULL) {
		mailer_set_password(mi, pw->value);
		snprintf(mi->password_where, sizeof(mi->password_where),
			 "%s:%d", mf->path, pw->line);
	} else if (pe != NULL && run_passwordeval) {
		eval_password(mi, pe->value);
		snprintf(mi->password_where, sizeof(mi->password_where),
			 "%s:%d", mf->path, pe->line);
	} else if (pe != NULL) {
		finding_at(mi, mf, pe, "passwordeval",
			   "mailer-msmtp-passwordeval", false,
			   _("the password comes from a command, which "
			     "smtpwiz runs only with --run-passwordeval"));
	}
	return 0;
}
