/* The classifier (diagnose.c): every cause it returns for any reply, any
 * banner and any certificate verdict must be a cause the catalogue knows
 * (hints.c), since the report looks its hint up by id, and its basis
 * is one of the five names. Input: one stage byte (its high bits also
 * choose the session context: TLS, login, the recipient's domain, a
 * provider), then the reply lines; the same bytes also drive the banner
 * matcher and a certificate result. */
#include <config.h>

#include "knowledge/diagnose.h"
#include "fuzz.h"
#include "knowledge/hints.h"
#include "net/smtp.h"

#define N_STAGES (DS_DATA_END + 1)

static void known_cause(const char *cause)
{
	FUZZ_ASSERT(cause != NULL);
	if (hint_lookup(cause) == NULL) {
		fprintf(stderr, "cause without a hint: %s\n", cause);
		abort();
	}
}

static const char *const providers[] = {NULL, "google", "microsoft", "tonline"};

static void context_from(unsigned bits, struct diag_context *ctx)
{
	ctx->tls = (enum diag_fact)(bits % 3);
	ctx->authed = (enum diag_fact)(bits / 3 % 3);
	ctx->rcpt = (enum diag_rcpt)(bits / 9 % 3);
	ctx->provider = providers[bits / 27 % 4];
}

static void known_basis(enum diag_basis b)
{
	const char *name = diag_basis_name(b);

	FUZZ_ASSERT(
	    strcmp(name, "text") == 0 || strcmp(name, "enhanced-code") == 0 ||
	    strcmp(name, "reply-code") == 0 || strcmp(name, "context") == 0 ||
	    strcmp(name, "fallback") == 0);
}

static void classify_reply(enum diag_stage stage, unsigned bits, const char *p,
			   const char *end)
{
	struct diag_context ctx;
	enum smtp_parse st = SMTP_PARSE_MORE;
	struct smtp_reply r;
	struct diagnosis d;
	const char *piece;
	char why[256];

	smtp_reply_init(&r);
	while (st == SMTP_PARSE_MORE && p < end) {
		size_t len = fuzz_next(&p, end, '\n', &piece);

		if (len > SMTP_LINE_MAX)
			len = SMTP_LINE_MAX;
		st = smtp_reply_feed(&r, piece, len, why, sizeof(why));
	}
	/* A reply cut off after a continuation line is classified too
	 * (step_read_failure). */
	if (st == SMTP_PARSE_ERROR || r.nlines == 0)
		return;
	context_from(bits, &ctx);
	diagnose_reply_ctx(stage, &ctx, &r, &d);
	known_cause(d.cause);
	known_basis(d.basis);
	diagnose_reply(stage, &r, &d);
	known_cause(d.cause);
}

/* Copies bytes into a string field, always terminated. */
static const char *fill(char *dst, size_t n, const char *p, const char *end)
{
	const char *piece;
	size_t len = fuzz_next(&p, end, '\n', &piece);

	if (len >= n)
		len = n - 1;
	memcpy(dst, piece, len);
	dst[len] = '\0';
	return p;
}

static void classify_cert(unsigned bits, const char *p, const char *end)
{
	struct tls_result res;
	const char *cause, *product = NULL;

	memset(&res, 0, sizeof(res));
	res.verify_status = bits * 0x1010101u;
	res.verify_ran = bits & 1;
	res.hostname_ok = bits & 2;
	res.expired = bits & 4;
	res.not_yet_valid = bits & 8;
	res.untrusted = bits & 16;
	res.cert.present = bits & 32;
	res.alert = -1;
	p = fill(res.cert.issuer, sizeof(res.cert.issuer), p, end);
	p = fill(res.cert.subject, sizeof(res.cert.subject), p, end);
	p = fill(res.verify_text, sizeof(res.verify_text), p, end);
	fill(res.cert.sans, sizeof(res.cert.sans), p, end);
	cause = diagnose_cert(&res, &product);
	if (cause != NULL)
		known_cause(cause);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *banner;

	if (size < 1)
		return 0;
	classify_reply((enum diag_stage)(data[0] % N_STAGES),
		       (unsigned)data[0] / N_STAGES, p + 1, end);
	banner = fuzz_strndup(p + 1, size - 1);
	if (banner != NULL)
		diagnose_provider_from_banner(banner);
	free(banner);
	classify_cert(data[0], p + 1, end);
	return 0;
}
