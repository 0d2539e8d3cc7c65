/* Validators for the SASL mechanism, and of a whole settings record. */
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

/* ---- SASL mechanism ----------------------------------------------------- */

static const char *const password_mechs[] = {
    "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS",
    "SCRAM-SHA-1",   "SCRAM-SHA-1-PLUS",
    "CRAM-MD5",      "PLAIN",
    "LOGIN",         "DIGEST-MD5",
};

/* Refused on purpose: smtpwiz signs in with passwords only. */
static const char *const oauth_mechs[] = {"XOAUTH2", "OAUTHBEARER"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *find_mech(const char *const *list, size_t n,
			     const char *mech)
{
	for (size_t i = 0; i < n; i++)
		if (v_ascii_casecmp(list[i], mech) == 0)
			return list[i];
	return NULL;
}

/* Echo what the user typed only when it cannot mess up a terminal. */
static bool mech_printable(const char *mech)
{
	size_t len = strlen(mech);

	if (len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)mech[i];

		if (!v_is_alpha(c) && !v_is_digit(c) && c != '-' && c != '_')
			return false;
	}
	return true;
}

static struct vresult unknown_mech(const char *mech)
{
	char list[160] = "";

	for (size_t i = 0; i < COUNT(password_mechs); i++) {
		size_t used = strlen(list);

		snprintf(list + used, sizeof(list) - used, "%s%s",
			 i ? ", " : "", password_mechs[i]);
	}
	if (mech_printable(mech))
		return vr_fmt(
		    V_ERROR,
		    _("unknown sign-in method \"%s\"; use auto or one "
		      "of %s"),
		    mech, list);
	return vr_fmt(V_ERROR,
		      _("unknown sign-in method; use auto or one of %s"), list);
}

struct vresult validate_auth_mechanism(const char *mech)
{
	const char *oauth;

	if (v_is_empty(mech) || v_ascii_casecmp(mech, "auto") == 0)
		return vr_ok();
	if (find_mech(password_mechs, COUNT(password_mechs), mech) != NULL)
		return vr_ok();
	oauth = find_mech(oauth_mechs, COUNT(oauth_mechs), mech);
	if (oauth != NULL)
		return vr_fmt(V_ERROR,
			      _("%s is OAuth2 sign-in, which smtpwiz does not "
				"support by design; use a password method or "
				"auto"),
			      oauth);
	return unknown_mech(mech);
}

/* ---- whole settings ----------------------------------------------------- */

struct collector {
	struct field_result *out;
	size_t n;
	size_t count;
};

static void collect(struct collector *c, const char *key, struct vresult r)
{
	if (r.status == V_OK)
		return;
	if (c->count < c->n) {
		c->out[c->count].key = key;
		c->out[c->count].result = r;
	}
	c->count++;
}

size_t validate_settings(const struct settings *s, struct field_result *out,
			 size_t n)
{
	struct collector c = {.out = out, .n = out ? n : 0, .count = 0};
	const char *cred_key;
	struct vresult cred;

	if (s == NULL)
		return 0;
	collect(&c, "host", validate_host(s->host));
	collect(&c, "port", validate_port(s->port));
	collect(&c, "tls", validate_tls_port(s->tls, s->port));
	cred = v_check_credentials(s->username, s->password, &cred_key);
	collect(&c, cred_key, cred);
	/* An unset sender or recipient is for the later steps to judge. */
	if (!v_is_empty(s->from))
		collect(&c, "from", validate_address(s->from, _("sender")));
	if (!v_is_empty(s->test_recipient))
		collect(
		    &c, "test_recipient",
		    validate_address(s->test_recipient, _("test recipient")));
	collect(&c, "timeout", validate_timeout(s->timeout));
	collect(&c, "cert_warn_days",
		validate_cert_warn_days(s->cert_warn_days));
	collect(&c, "helo_name", validate_helo(s->helo_name));
	collect(&c, "auth_mechanism",
		validate_auth_mechanism(s->auth_mechanism));
	return c.count;
}
