/* Turns low-level evidence into one cause id. Every failure is classified
 * here and nowhere else: SMTP replies (provider texts first, then enhanced
 * codes, then basic codes), certificate verification results, and network
 * outcomes. */
#ifndef SMTPWIZ_DIAGNOSE_H
#define SMTPWIZ_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/classify.h"
#include "net/smtp.h"
#include "net/tls.h"

/* Which command the reply answers. */
enum diag_stage {
	DS_GREETING,
	DS_EHLO,
	DS_STARTTLS,
	DS_AUTH,
	DS_MAIL,
	DS_RCPT,
	DS_DATA,     /* reply to the DATA command */
	DS_DATA_END, /* reply after the final dot */
};

struct diagnosis {
	const char *cause;     /* stable cause id, never NULL after a call */
	const char *provider;  /* provider id ("google", "microsoft", ...) whose
				  telltale text matched, or NULL */
	bool temporary;        /* a 4xx condition: retry later, not a wrong
				  setting */
	enum diag_basis basis; /* how the cause was reached */
};

/* Classifies a non-success reply at a stage, in this order: a known
 * wording of the text (provider-qualified where the wording is only
 * telling from that provider), the RFC 3463 enhanced code, the basic
 * reply code at this stage, the generic cause of the stage; then the
 * session context rules out what cannot be (classify.c). Text patterns
 * are matched case-insensitively against r->text (joined lines). ctx may
 * be NULL: nothing known. */
void diagnose_reply_ctx(enum diag_stage stage, const struct diag_context *ctx,
			const struct smtp_reply *r, struct diagnosis *d);

/* diagnose_reply_ctx with no context known. */
void diagnose_reply(enum diag_stage stage, const struct smtp_reply *r,
		    struct diagnosis *d);

/* Classifies a finished TLS session's verification. Returns NULL when the
 * certificate is fine, else one of cert-intercepted, cert-expired,
 * cert-not-yet-valid, cert-hostname, cert-untrusted (in that priority: an
 * intercepting product explains every other symptom). *product is set to
 * the matched product name for cert-intercepted. */
const char *diagnose_cert(const struct tls_result *res, const char **product);

/* Provider from the greeting or EHLO text ("google", "microsoft", ... or
 * NULL): helps hints when a reply itself is generic. */
const char *diagnose_provider_from_banner(const char *text);

/* Every cause any table here can return, one per index, NULL past the
 * end: lets the tests check each has a hint and a man-page entry. */
const char *diagnose_cause_at(size_t i);

#endif
