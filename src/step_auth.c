/* The `auth` step: the strongest password mechanism both sides support,
 * through GNU SASL. Every client line of the exchange and every server
 * challenge is redacted in the transcript as it is logged. */
#include <config.h>

#include <gsasl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "steps.h"

/* Strongest first. DIGEST-MD5 is obsolete (RFC 6331) and the -PLUS
 * variants need channel binding, so neither is chosen automatically. */
static const char *const preferred[] = {"SCRAM-SHA-256", "SCRAM-SHA-1",
					"CRAM-MD5", "PLAIN", "LOGIN"};
#define N_PREFERRED (sizeof(preferred) / sizeof(preferred[0]))
#define MAX_ROUNDS 8

struct sasl_props {
	const char *user, *password, *host;
};

static int sasl_callback(Gsasl *ctx, Gsasl_session *sess, Gsasl_property p)
{
	struct sasl_props *props = gsasl_session_hook_get(sess);

	(void)ctx;
	switch (p) {
	case GSASL_AUTHID:
		return gsasl_property_set(sess, p, props->user);
	case GSASL_PASSWORD:
		return gsasl_property_set(sess, p, props->password);
	case GSASL_SERVICE:
		return gsasl_property_set(sess, p, "smtp");
	case GSASL_HOSTNAME:
		return gsasl_property_set(sess, p, props->host);
	default:
		return GSASL_NO_CALLBACK;
	}
}

static bool password_mech(const char *m)
{
	size_t i;

	for (i = 0; i < N_PREFERRED; i++)
		if (strcasecmp(m, preferred[i]) == 0)
			return true;
	return strcasecmp(m, "DIGEST-MD5") == 0;
}

static bool only_oauth(const struct smtp_caps *c)
{
	char copy[sizeof(c->auth_mechs)];
	char *save, *m;
	bool oauth = false;

	snprintf(copy, sizeof(copy), "%s", c->auth_mechs);
	for (m = strtok_r(copy, " ", &save); m; m = strtok_r(NULL, " ", &save)) {
		if (password_mech(m))
			return false;
		oauth = oauth || strcasecmp(m, "XOAUTH2") == 0 ||
			strcasecmp(m, "OAUTHBEARER") == 0;
	}
	return oauth;
}

/* Returns the mechanism to use, or NULL with the step's cause chosen. */
static const char *choose_mech(struct run *run, Gsasl *ctx,
			       const char **cause)
{
	const char *want = run->settings->auth_mechanism;
	size_t i;

	if (want && want[0] && strcasecmp(want, "auto") != 0) {
		if (smtp_caps_has_mech(&run->caps, want) &&
		    gsasl_client_support_p(ctx, want))
			return want;
		*cause = "auth-mechanism";
		return NULL;
	}
	for (i = 0; i < N_PREFERRED; i++)
		if (smtp_caps_has_mech(&run->caps, preferred[i]) &&
		    gsasl_client_support_p(ctx, preferred[i]))
			return preferred[i];
	*cause = only_oauth(&run->caps) ? "auth-oauth-only" : "auth-mechanism";
	return NULL;
}

/* Why no AUTH was offered: a server that hides AUTH until STARTTLS (as
 * Exchange Online and most Postfix setups do) needs TLS, not a different
 * password. */
static const char *no_auth_cause(const struct run *run)
{
	if (!run->tls_active && run->caps.starttls)
		return "auth-tls-required";
	return "auth-not-offered";
}

static bool send_secret(struct run *run, const char *line, const char *label)
{
	char why[256];
	enum smtp_io io;

	io = smtp_send(&run->conn, run->transcript, line, label,
		       step_deadline(run), why, sizeof(why));
	if (io != SMTP_IO_OK)
		step_io_failure(run, STEP_AUTH, io, why);
	return io == SMTP_IO_OK;
}

static bool read_reply(struct run *run, struct smtp_reply *r)
{
	char why[256];
	enum smtp_io io;

	io = smtp_read_reply_redacted(&run->conn, run->transcript,
				      step_deadline(run), r, why, sizeof(why));
	if (io != SMTP_IO_OK)
		step_io_failure(run, STEP_AUTH, io, why);
	return io == SMTP_IO_OK;
}

/* RFC 4954 initial response saves a round trip; LOGIN and CRAM-MD5 have
 * none (the server speaks first). */
static bool first_command(struct run *run, Gsasl_session *sess,
			  const char *mech)
{
	char label[64], *out = NULL, *line = NULL;
	bool ok;
	int rc;

	snprintf(label, sizeof(label), "AUTH %s", mech);
	if (strcasecmp(mech, "LOGIN") == 0 || strcasecmp(mech, "CRAM-MD5") == 0)
		return send_secret(run, label, NULL);
	rc = gsasl_step64(sess, "", &out);
	if ((rc != GSASL_OK && rc != GSASL_NEEDS_MORE) ||
	    asprintf(&line, "AUTH %s %s", mech, out && *out ? out : "=") < 0) {
		gsasl_free(out);
		return send_secret(run, label, NULL);
	}
	ok = send_secret(run, line, label);
	explicit_bzero(line, strlen(line));
	free(line);
	if (out)
		explicit_bzero(out, strlen(out));
	gsasl_free(out);
	return ok;
}

static const char *challenge(const struct smtp_reply *r)
{
	return strlen(r->raw) > 4 ? r->raw + 4 : "";
}

/* Runs the exchange; returns the final reply in r, or false when the step
 * already ended on an I/O or SASL failure. */
static bool exchange(struct run *run, Gsasl_session *sess, const char *mech,
		     struct smtp_reply *r)
{
	char *out = NULL;
	int rounds, rc;
	bool ok;

	if (!first_command(run, sess, mech) || !read_reply(run, r))
		return false;
	for (rounds = 0; r->code == 334 && rounds < MAX_ROUNDS; rounds++) {
		rc = gsasl_step64(sess, challenge(r), &out);
		if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE) {
			gsasl_free(out);
			send_secret(run, "*", NULL);
			read_reply(run, r);
			step_add_evidence(&run->result->steps[STEP_AUTH],
					  "SASL: %s", gsasl_strerror(rc));
			step_verdict(run, STEP_AUTH, ST_FAIL, "auth-failed",
				     run->provider);
			return false;
		}
		ok = send_secret(run, out ? out : "", "");
		if (out)
			explicit_bzero(out, strlen(out));
		gsasl_free(out);
		out = NULL;
		if (!ok || !read_reply(run, r))
			return false;
	}
	return true;
}

static enum step_status finish(struct run *run, const char *mech,
			       const struct smtp_reply *r)
{
	struct step *st = &run->result->steps[STEP_AUTH];

	if (r->code == 334) {
		step_io_failure(run, STEP_AUTH, SMTP_IO_PROTOCOL,
				_("the server keeps sending challenges"));
		return ST_FAIL;
	}
	step_add_evidence(st, "%s", r->raw);
	if (r->code != 235) {
		step_reply_failure(run, STEP_AUTH, DS_AUTH, r);
		return ST_FAIL;
	}
	if (!run->tls_active) {
		step_verdict(run, STEP_AUTH, ST_WARN, "auth-cleartext", NULL);
		return ST_WARN;
	}
	snprintf(st->summary, sizeof(st->summary),
		 _("Signed in as %s with %s"), run->settings->username, mech);
	step_end(run, STEP_AUTH, ST_PASS);
	return ST_PASS;
}

static enum step_status authenticate(struct run *run, Gsasl *ctx,
				     const char *mech)
{
	struct sasl_props props = {run->settings->username,
				   run->settings->password,
				   run->settings->host};
	Gsasl_session *sess;
	struct smtp_reply r;
	bool ok;

	if (gsasl_client_start(ctx, mech, &sess) != GSASL_OK) {
		step_verdict(run, STEP_AUTH, ST_FAIL, "auth-mechanism", NULL);
		return ST_FAIL;
	}
	gsasl_session_hook_set(sess, &props);
	ok = exchange(run, sess, mech, &r);
	gsasl_finish(sess);
	return ok ? finish(run, mech, &r) : ST_FAIL;
}

enum step_status step_auth(struct run *run)
{
	struct step *st = &run->result->steps[STEP_AUTH];
	const char *cause = NULL, *mech;
	enum step_status result;
	Gsasl *ctx;

	if (run->settings->username == NULL || !run->settings->username[0]) {
		step_skip(run, STEP_AUTH,
			  _("No user name: no authentication tried"));
		return ST_SKIP;
	}
	step_begin(run, STEP_AUTH);
	if (!run->caps.auth) {
		step_verdict(run, STEP_AUTH, ST_FAIL, no_auth_cause(run), NULL);
		return ST_FAIL;
	}
	if (gsasl_init(&ctx) != GSASL_OK) {
		step_io_failure(run, STEP_AUTH, SMTP_IO_ERROR,
				_("GNU SASL could not start"));
		return ST_FAIL;
	}
	gsasl_callback_set(ctx, sasl_callback);
	mech = choose_mech(run, ctx, &cause);
	if (mech == NULL) {
		step_add_evidence(st, _("offered: %s"), run->caps.auth_mechs);
		step_verdict(run, STEP_AUTH, ST_FAIL, cause, run->provider);
		result = ST_FAIL;
	} else {
		result = authenticate(run, ctx, mech);
	}
	gsasl_done(ctx);
	return result;
}
