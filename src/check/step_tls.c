/* The `tls` and `certificate` steps. TLS that was asked for is never
 * silently dropped: no STARTTLS means no AUTH, no MAIL, no password. */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "check/steps.h"

static enum step_status tls_passed(struct run *run)
{
	struct step *st = &run->result->steps[STEP_TLS];

	step_add_evidence(st, "%s, %s", run->tls.version, run->tls.cipher);
	snprintf(st->summary, sizeof(st->summary), _("Encrypted with %s"),
		 run->tls.version);
	step_end(run, STEP_TLS, ST_PASS);
	return ST_PASS;
}

static enum step_status starttls(struct run *run)
{
	struct step *st = &run->result->steps[STEP_TLS];
	struct smtp_reply r;
	size_t early;

	if (!step_command(run, STEP_TLS, DS_STARTTLS, "STARTTLS", &r))
		return ST_FAIL;
	if (r.code != 220) {
		step_add_evidence(st, "%s", r.raw);
		step_reply_failure(run, STEP_TLS, DS_STARTTLS, &r);
		return ST_FAIL;
	}
	early = conn_buffered(&run->conn);
	if (early > 0)
		step_add_evidence(st,
				  _("%zu bytes arrived after the 220 reply "
				    "and before the handshake; discarded "
				    "unread (RFC 3207)"),
				  early);
	if (conn_start_tls(&run->conn, run->settings->host,
			   run->settings->ca_file, step_deadline(run),
			   &run->tls) != 0) {
		/* A half-open TLS session is owed no clear-text QUIT. */
		run->broken = true;
		if (step_cancelled(run, STEP_TLS))
			return ST_SKIP;
		step_add_evidence(st, _("TLS handshake: %s"), run->tls.detail);
		step_verdict(run, STEP_TLS, ST_FAIL, "tls-handshake", NULL);
		return ST_FAIL;
	}
	run->tls_active = true;
	if (!session_ehlo(run, STEP_TLS))
		return ST_FAIL;
	return tls_passed(run);
}

enum step_status step_tls(struct run *run)
{
	step_begin(run, STEP_TLS);
	switch (run->settings->tls) {
	case SW_TLS_IMPLICIT:
		return tls_passed(run);
	case SW_TLS_STARTTLS:
		if (run->caps.starttls)
			return starttls(run);
		step_verdict(run, STEP_TLS, ST_FAIL, "starttls-unavailable",
			     NULL);
		return ST_FAIL;
	default:
		if (run->caps.starttls) {
			step_verdict(run, STEP_TLS, ST_WARN, "tls-not-used",
				     NULL);
			return ST_WARN;
		}
		snprintf(run->result->steps[STEP_TLS].summary,
			 sizeof(run->result->steps[STEP_TLS].summary), "%s",
			 _("Not used (tls = none) and not offered"));
		step_end(run, STEP_TLS, ST_SKIP);
		return ST_SKIP;
	}
}

static void cert_evidence(struct step *st, const struct tls_result *t)
{
	const struct tls_cert_info *c = &t->cert;

	if (!c->present) {
		step_add_evidence(st, _("the server sent no certificate"));
		return;
	}
	step_add_evidence(st, _("subject: %s"), c->subject);
	step_add_evidence(st, _("issuer: %s"), c->issuer);
	step_add_evidence(st, _("names: %s"), c->sans[0] ? c->sans : "-");
	step_add_evidence(st, _("valid: %s to %s"), c->not_before,
			  c->not_after);
	step_add_evidence(st, _("SHA-256: %s"), c->sha256);
	if (t->verify_text[0])
		step_add_evidence(st, _("verification: %s"), t->verify_text);
}

/* check_smtp -D's rule: warn while fewer than cert_warn_days whole days
 * are left. An expired certificate is GnuTLS's verdict (cert-expired), not
 * this one's. Says how long is left in the evidence either way. */
static bool cert_expiring(struct run *run)
{
	struct step *st = &run->result->steps[STEP_CERTIFICATE];
	int64_t left = run->tls.cert.not_after_s - (int64_t)time(NULL);
	long warn = run->settings->cert_warn_days;
	long days;

	if (run->tls.cert.not_after_s == 0 || left < 0)
		return false;
	days = (long)(left / 86400);
	step_add_evidence(st,
			  ngettext("expires in %ld day (warning below %ld, "
				   "cert_warn_days)",
				   "expires in %ld days (warning below %ld, "
				   "cert_warn_days)",
				   (unsigned long)days),
			  days, warn);
	return warn > 0 && days < warn;
}

/* Returns ST_FAIL only when verification is on and failed: then the
 * session stops before any credential is sent. */
enum step_status step_certificate(struct run *run)
{
	struct step *st = &run->result->steps[STEP_CERTIFICATE];
	const char *product = NULL;
	const char *cause;
	bool expiring;

	step_begin(run, STEP_CERTIFICATE);
	cert_evidence(st, &run->tls);
	cause = run->tls.cert.present ? diagnose_cert(&run->tls, &product)
				      : "cert-untrusted";
	if (product != NULL)
		step_add_evidence(st,
				  _("issued by %s, a TLS-inspecting "
				    "product"),
				  product);
	run->result->cert_not_after = run->tls.cert.not_after_s;
	expiring = cert_expiring(run);
	if (!run->settings->tls_verify) {
		step_verdict(run, STEP_CERTIFICATE, ST_WARN,
			     "cert-not-verified", NULL);
		return ST_WARN;
	}
	if (cause != NULL) {
		step_verdict(run, STEP_CERTIFICATE, ST_FAIL, cause, NULL);
		return ST_FAIL;
	}
	if (expiring) {
		step_cause(run, STEP_CERTIFICATE, "cert-expiring", NULL);
		snprintf(st->summary, sizeof(st->summary),
			 _("The certificate for %s expires soon, on %s"),
			 run->settings->host, run->tls.cert.not_after);
		step_end(run, STEP_CERTIFICATE, ST_WARN);
		return ST_WARN;
	}
	snprintf(st->summary, sizeof(st->summary),
		 _("Trusted certificate for %s, valid until %s"),
		 run->settings->host, run->tls.cert.not_after);
	step_end(run, STEP_CERTIFICATE, ST_PASS);
	return ST_PASS;
}
