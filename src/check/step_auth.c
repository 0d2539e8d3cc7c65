/* The `auth` step: the strongest password mechanism both sides support,
 * through GNU SASL. Every client line of the exchange and every server
 * challenge is redacted in the transcript as it is logged. */
#include <config.h>

#include <gsasl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "check/steps.h"

/* Strongest first. DIGEST-MD5 is obsolete (RFC 6331) and the -PLUS
 * variants need channel binding, so neither is chosen automatically. */
static const char *const preferred[] = {"SCRAM-SHA-256", "SCRAM-SHA-1",
					"CRAM-MD5", "PLAIN", "LOGIN"};
#define N_PREFERRED (sizeof(preferred) / sizeof(preferred[0]))
#define MAX_ROUNDS  8

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
	for (m = strtok_r(copy, " ", &save); m;
	     m = strtok_r(NULL, " ", &save)) {
		if (password_mech(m))
			return false;
		oauth = oauth || strcasecmp(m, "XOAUTH2") == 0 ||
			strcasecmp(m, "OAUTHBEARER") == 0;
	}
	return oauth;
}

/* Returns the mechanism to use, or NULL with the step's cause chosen. */
static const char *choose_mech(struct run *run, Gsasl *ctx, const char **cause)
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
		step_read_failure(run, STEP_AUTH, DS_AUTH, io, r, why);
	return io == SMTP_IO_OK;
}

static void wipe_gsasl(char *p)
{
	if (p != NULL)
		explicit_bzero(p, strlen(p));
	gsasl_free(p);
}

/* gsasl_step64() without its leftovers: it frees the raw client token
 * (which holds the password for PLAIN and LOGIN) without wiping it. */
static int step64(Gsasl_session *sess, const char *b64in, char **b64out)
{
	char *in = NULL, *out = NULL;
	size_t in_len = 0, out_len = 0;
	int rc;

	*b64out = NULL;
	rc = gsasl_base64_from(b64in, strlen(b64in), &in, &in_len);
	if (rc != GSASL_OK)
		return rc;
	rc = gsasl_step(sess, in, in_len, &out, &out_len);
	if (in != NULL)
		explicit_bzero(in, in_len);
	gsasl_free(in);
	if (rc == GSASL_OK || rc == GSASL_NEEDS_MORE) {
		int b64rc = gsasl_base64_to(out, out_len, b64out, NULL);

		if (b64rc != GSASL_OK)
			rc = b64rc;
	}
	if (out != NULL)
		explicit_bzero(out, out_len);
	gsasl_free(out);
	return rc;
}

/* gsasl_finish() frees the session's copies of the password, and of the
 * SCRAM salted password (as good as the password), without wiping them. */
static void finish_session(Gsasl_session *sess)
{
	static const Gsasl_property secret[] = {GSASL_PASSWORD,
						GSASL_SCRAM_SALTED_PASSWORD};
	size_t i;

	for (i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
		/* The library owns the string; wiping it in place is all the
		 * API allows. */
		char *p = (char *)gsasl_property_fast(sess, secret[i]);

		if (p != NULL)
			explicit_bzero(p, strlen(p));
	}
	gsasl_finish(sess);
}

/* "AUTH mech response" in one exact allocation: asprintf() would grow its
 * buffer by reallocation and leave unwiped copies of the response behind. */
static char *auth_line(const char *mech, const char *response)
{
	size_t ml = strlen(mech), rl = strlen(response);
	char *line = malloc(sizeof("AUTH ") + ml + 1 + rl);

	if (line == NULL)
		return NULL;
	memcpy(line, "AUTH ", 5);
	memcpy(line + 5, mech, ml);
	line[5 + ml] = ' ';
	memcpy(line + 6 + ml, response, rl + 1);
	return line;
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
	rc = step64(sess, "", &out);
	if ((rc != GSASL_OK && rc != GSASL_NEEDS_MORE) ||
	    (line = auth_line(mech, out && *out ? out : "=")) == NULL) {
		wipe_gsasl(out);
		return send_secret(run, label, NULL);
	}
	ok = send_secret(run, line, label);
	explicit_bzero(line, strlen(line));
	free(line);
	wipe_gsasl(out);
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
		rc = step64(sess, challenge(r), &out);
		if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE) {
			wipe_gsasl(out);
			send_secret(run, "*", NULL);
			read_reply(run, r);
			/* Cancelled meanwhile: the step has ended. */
			if (run->result->steps[STEP_AUTH].status == ST_SKIP)
				return false;
			step_add_evidence(&run->result->steps[STEP_AUTH],
					  "SASL: %s", gsasl_strerror(rc));
			step_verdict(run, STEP_AUTH, ST_FAIL, "auth-failed",
				     run->provider);
			return false;
		}
		ok = send_secret(run, out ? out : "", "");
		wipe_gsasl(out);
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
	run->authed = true;
	if (!run->tls_active) {
		step_verdict(run, STEP_AUTH, ST_WARN, "auth-cleartext", NULL);
		return ST_WARN;
	}
	snprintf(st->summary, sizeof(st->summary), _("Signed in as %s with %s"),
		 run->settings->username, mech);
	step_end(run, STEP_AUTH, ST_PASS);
	return ST_PASS;
}

/* The SASL library's frames (and glibc's below them) leave pieces of the
 * password in stack memory that nothing overwrites while the run goes on:
 * clear the stack they used. noinline: inlined, the buffer would sit in the
 * caller's frame, above the dead frames rather than over them. */
__attribute__((noinline)) static void burn_stack(void)
{
	char pad[32 * 1024];

	explicit_bzero(pad, sizeof(pad));
	__asm__ __volatile__("" : : "r"(pad) : "memory");
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
	finish_session(sess);
	burn_stack();
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
