/* The `auth` step: the strongest password mechanism both sides support,
 * through GNU SASL. Every client line of the exchange and every server
 * challenge is redacted in the transcript as it is logged. */
#include <config.h>

#include <gsasl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "check/steps.h"
#include "net/pbkdf2.h"

/* Strongest first. DIGEST-MD5 is obsolete (RFC 6331) and the -PLUS
 * variants need channel binding, so neither is chosen automatically. */
static const char *const preferred[] = {"SCRAM-SHA-256", "SCRAM-SHA-1",
					"CRAM-MD5", "PLAIN", "LOGIN"};
#define N_PREFERRED (sizeof(preferred) / sizeof(preferred[0]))
#define MAX_ROUNDS  8
/* The PBKDF2 iteration count a SCRAM server may ask for. RFC 5802 5.1 and
 * RFC 7677 4 recommend at least 4096; Dovecot, Cyrus SASL and PostgreSQL
 * use 4096, and the highest that servers ship with is around 100000
 * (OWASP's advice for PBKDF2-SHA1 is 1300000 for stored hashes, not for
 * a login). A million costs a client about a second; beyond that the count
 * only burns this machine's CPU (a hostile server can send 99999999999999),
 * so it is refused before any work. */
#define SCRAM_ITER_MAX 1000000UL

static void wipe_gsasl(char *p);

struct sasl_props {
	const char *user, *password, *host;
	size_t scram_hash; /* 32 or 20 for SCRAM-SHA-256/-1, else 0 */
	int64_t deadline;  /* for the SCRAM work */
	bool stopped;      /* the SCRAM work ran out of time or was cancelled */
};

/* SCRAM's SaltedPassword (RFC 5802 3), computed here rather than by GNU
 * SASL: the server chooses the iteration count, and the library's loop
 * cannot be stopped, while this one ends at the step's deadline or a
 * cancel. The result goes to the library hex-encoded, as it expects. */
static int scram_salted(Gsasl_session *sess, struct sasl_props *props)
{
	const char *iter = gsasl_property_fast(sess, GSASL_SCRAM_ITER);
	const char *salt64 = gsasl_property_fast(sess, GSASL_SCRAM_SALT);
	unsigned char out[32];
	char hex[65], *salt = NULL, *prepped = NULL;
	size_t salt_len = 0, i;
	unsigned long n;
	enum pbkdf2_status st = PBKDF2_ERROR;

	if (iter == NULL || salt64 == NULL || props->password == NULL)
		return GSASL_NO_CALLBACK;
	n = strtoul(iter, NULL, 10);
	if (n == 0 || n > SCRAM_ITER_MAX ||
	    gsasl_base64_from(salt64, strlen(salt64), &salt, &salt_len) !=
		GSASL_OK)
		return GSASL_AUTHENTICATION_ERROR;
	/* RFC 5802 2.2: Hi(Normalize(password), salt, i). */
	if (gsasl_saslprep(props->password, GSASL_ALLOW_UNASSIGNED, &prepped,
			   NULL) == GSASL_OK)
		st = pbkdf2_hmac(props->scram_hash, prepped, strlen(prepped),
				 (const unsigned char *)salt, salt_len, n,
				 props->deadline, out);
	wipe_gsasl(prepped);
	gsasl_free(salt);
	props->stopped = st == PBKDF2_STOPPED;
	if (st != PBKDF2_OK)
		return GSASL_AUTHENTICATION_ERROR;
	for (i = 0; i < props->scram_hash; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	explicit_bzero(out, sizeof(out));
	st = gsasl_property_set(sess, GSASL_SCRAM_SALTED_PASSWORD, hex);
	explicit_bzero(hex, sizeof(hex));
	return (int)st == GSASL_OK ? GSASL_OK : GSASL_MALLOC_ERROR;
}

static int sasl_callback(Gsasl *ctx, Gsasl_session *sess, Gsasl_property p)
{
	struct sasl_props *props = gsasl_session_hook_get(sess);

	(void)ctx;
	switch (p) {
	case GSASL_AUTHID:
		return gsasl_property_set(sess, p, props->user);
	case GSASL_SCRAM_SALTED_PASSWORD:
		return props->scram_hash ? scram_salted(sess, props)
					 : GSASL_NO_CALLBACK;
	case GSASL_PASSWORD:
		/* For SCRAM, the password-to-key work is ours (above): the
		 * library must never start its own, unbounded one. */
		if (props->scram_hash)
			return GSASL_NO_CALLBACK;
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

/* The "i=" of a SCRAM server-first message (RFC 5802 7), or 0 when the
 * challenge is not one. */
static unsigned long long scram_iterations(const char *b64)
{
	char *msg = NULL, *p;
	size_t len = 0;
	unsigned long long n = 0;

	if (gsasl_base64_from(b64, strlen(b64), &msg, &len) != GSASL_OK)
		return 0;
	for (p = msg; p != NULL && (size_t)(p - msg) < len;) {
		if (strncmp(p, "i=", 2) == 0) {
			/* Saturate: more digits than fit are absurd too. */
			for (p += 2; *p >= '0' && *p <= '9'; p++)
				n = n > ULLONG_MAX / 100
					? ULLONG_MAX
					: n * 10 + (unsigned)(*p - '0');
			break;
		}
		p = memchr(p, ',', len - (size_t)(p - msg));
		if (p != NULL)
			p++;
	}
	gsasl_free(msg);
	return n;
}

/* Refuses a SCRAM challenge that asks for more work than any real server
 * does; returns true when the step has ended. */
static bool scram_refused(struct run *run, const char *mech,
			  const struct smtp_reply *r)
{
	struct step *st = &run->result->steps[STEP_AUTH];
	unsigned long long n;
	struct smtp_reply bye;

	if (strncasecmp(mech, "SCRAM-", 6) != 0)
		return false;
	n = scram_iterations(challenge(r));
	if (n <= SCRAM_ITER_MAX)
		return false;
	send_secret(run, "*", NULL);
	read_reply(run, &bye);
	if (st->status == ST_SKIP || st->status == ST_FAIL)
		return true;
	step_add_evidence(st, _("SCRAM iteration count asked for: %llu"), n);
	step_verdict(run, STEP_AUTH, ST_FAIL, "auth-scram-iterations", NULL);
	step_add_hint(st, _("smtpwiz refuses more than %lu iterations."),
		      SCRAM_ITER_MAX);
	return true;
}

/* Runs the exchange; returns the final reply in r, or false when the step
 * already ended on an I/O or SASL failure. */
static bool exchange(struct run *run, Gsasl_session *sess, const char *mech,
		     struct sasl_props *props, struct smtp_reply *r)
{
	char *out = NULL;
	int rounds, rc;
	bool ok;

	if (!first_command(run, sess, mech) || !read_reply(run, r))
		return false;
	for (rounds = 0; r->code == 334 && rounds < MAX_ROUNDS; rounds++) {
		if (scram_refused(run, mech, r))
			return false;
		rc = step64(sess, challenge(r), &out);
		if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE) {
			wipe_gsasl(out);
			send_secret(run, "*", NULL);
			read_reply(run, r);
			/* Cancelled, or the "*" went unanswered: the step
			 * has ended. */
			if (run->result->steps[STEP_AUTH].status != ST_RUNNING)
				return false;
			if (props->stopped) {
				step_io_failure(
				    run, STEP_AUTH, SMTP_IO_TIMEOUT,
				    _("the SCRAM computation did not "
				      "finish before the timeout"));
				return false;
			}
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
				   run->settings->host,
				   strcasecmp(mech, "SCRAM-SHA-256") == 0 ? 32
				   : strcasecmp(mech, "SCRAM-SHA-1") == 0 ? 20
									  : 0,
				   step_deadline(run),
				   false};
	Gsasl_session *sess;
	struct smtp_reply r;
	bool ok;

	if (gsasl_client_start(ctx, mech, &sess) != GSASL_OK) {
		step_verdict(run, STEP_AUTH, ST_FAIL, "auth-mechanism", NULL);
		return ST_FAIL;
	}
	gsasl_session_hook_set(sess, &props);
	/* A server that echoes the password back must not get it into a
	 * record: every received line is scrubbed of it. */
	if (conn_add_secret(&run->conn, props.password,
			    props.password ? strlen(props.password) : 0) != 0) {
		finish_session(sess);
		step_io_failure(run, STEP_AUTH, SMTP_IO_ERROR,
				_("out of memory"));
		return ST_FAIL;
	}
	ok = exchange(run, sess, mech, &props, &r);
	/* The reply that ends the exchange was scrubbed too; later commands
	 * carry no secret, so no copy of it is kept beyond this step. */
	conn_forget_secrets(&run->conn);
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
