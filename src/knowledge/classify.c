/* The reply classifier: the server's words first, then the RFC 3463
 * enhanced code, then the basic reply code at the stage, then the generic
 * cause of the stage; last, the session context rules out what cannot
 * be. The knowledge is in the tables of classify_text_*.c and
 * classify_code.c; this file only decides in which order to trust them. */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "knowledge/classify_impl.h"

const struct pattern_table *const classify_text_tables[] = {
    &classify_text_microsoft,
    &classify_text_google,
    &classify_text_providers,
    &classify_text_mta,
    &classify_text_policy,
    &classify_text_generic,
    NULL,
};

const char *diag_basis_name(enum diag_basis b)
{
	static const char *const names[] = {
	    [DB_TEXT] = "text",         [DB_ENHANCED] = "enhanced-code",
	    [DB_CODE] = "reply-code",   [DB_CONTEXT] = "context",
	    [DB_FALLBACK] = "fallback",
	};

	return (unsigned)b < N_ELEMS(names) ? names[b] : "fallback";
}

/* ---- recipient locality --------------------------------------------------
 */

static const char *domain_of(const char *addr)
{
	const char *at = addr != NULL ? strrchr(addr, '@') : NULL;

	return at != NULL && at[1] != '\0' ? at + 1 : NULL;
}

static bool same_domain(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la == lb && ci_find_from(a, la, 0, b, lb) == 0;
}

/* host is dom or a name below it (smtp.example.com in example.com). */
static bool inside(const char *host, const char *dom)
{
	size_t lh = strlen(host), ld = strlen(dom);

	if (lh == ld)
		return same_domain(host, dom);
	return lh > ld && host[lh - ld - 1] == '.' &&
	       same_domain(host + lh - ld, dom);
}

enum diag_rcpt diag_rcpt_locality(const char *host, const char *sender,
				  const char *recipient)
{
	const char *rd = domain_of(recipient), *sd = domain_of(sender);

	if (rd == NULL)
		return DR_UNKNOWN;
	if ((sd != NULL && same_domain(rd, sd)) ||
	    (host != NULL && inside(host, rd)))
		return DR_LOCAL;
	return sd != NULL ? DR_FOREIGN : DR_UNKNOWN;
}

/* ---- the tables in order ------------------------------------------------
 */

static bool code_matches(int want, int code)
{
	if (want == 0)
		return true;
	if (want < 10)
		return code / 100 == want;
	return code == want;
}

static bool same_provider(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The reply as the tables see it: the joined text, and the enhanced
 * code of the first line or, from servers that write it at the end (qmail
 * "(#4.3.0)", Sendmail-style "#5.1.8"), the first "#class.subject.detail"
 * in the text. */
struct reply_view {
	const struct smtp_reply *r;
	size_t tlen;
	char enh[16];
	size_t elen;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of "d.d{1,3}.d{1,3}" at s (at most n bytes), or 0. */
static size_t enh_at(const char *s, size_t n)
{
	size_t i = 0;

	if (n < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.')
		return 0;
	i = 2;
	for (int part = 0; part < 2; part++) {
		size_t d = 0;

		while (i < n && is_digit(s[i]) && d < 3)
			i++, d++;
		if (d == 0 || (part == 0 && (i >= n || s[i++] != '.')))
			return 0;
	}
	return i < n && is_digit(s[i]) ? 0 : i;
}

static void view(const struct smtp_reply *r, struct reply_view *v)
{
	v->r = r;
	v->tlen = strnlen(r->text, sizeof(r->text));
	v->elen = strnlen(r->enh, sizeof(r->enh));
	/* An unterminated code (a caller's full buffer) is cut, not overrun. */
	if (v->elen >= sizeof(v->enh))
		v->elen = sizeof(v->enh) - 1;
	memcpy(v->enh, r->enh, v->elen);
	v->enh[v->elen] = '\0';
	for (size_t i = 0; v->elen == 0 && i + 1 < v->tlen; i++) {
		size_t n = r->text[i] == '#'
			       ? enh_at(r->text + i + 1, v->tlen - i - 1)
			       : 0;

		if (n > 0 && n < sizeof(v->enh)) {
			memcpy(v->enh, r->text + i + 1, n);
			v->enh[n] = '\0';
			v->elen = n;
		}
	}
}

static bool row_applies(const struct pattern *p, enum diag_stage stage,
			const struct diag_context *ctx,
			const struct reply_view *v)
{
	return (p->stages & ST(stage)) != 0 &&
	       code_matches(p->code, v->r->code) &&
	       enh_matches(p->enh, v->enh, v->elen) &&
	       (!(p->flags & RF_ONLY) ||
		same_provider(p->provider, ctx->provider)) &&
	       (p->text == NULL ||
		pattern_matches(p->text, v->r->text, v->tlen));
}

static const struct pattern *search(const struct pattern_table *t,
				    enum diag_stage stage,
				    const struct diag_context *ctx,
				    const struct reply_view *v)
{
	for (size_t i = 0; i < t->n; i++)
		if (row_applies(&t->rows[i], stage, ctx, v))
			return &t->rows[i];
	return NULL;
}

struct verdict {
	const char *cause;
	const char *provider;
	enum diag_basis basis;
	bool weak;
};

static void from_tables(enum diag_stage stage, const struct diag_context *ctx,
			const struct smtp_reply *r, struct verdict *out)
{
	const struct pattern *p = NULL;
	struct reply_view v;

	view(r, &v);
	for (size_t i = 0; p == NULL && classify_text_tables[i] != NULL; i++)
		p = search(classify_text_tables[i], stage, ctx, &v);
	out->basis = DB_TEXT;
	if (p == NULL) {
		p = search(&classify_enhanced, stage, ctx, &v);
		out->basis = DB_ENHANCED;
	}
	if (p == NULL) {
		p = search(&classify_basic, stage, ctx, &v);
		out->basis = DB_CODE;
	}
	if (p != NULL) {
		out->cause = p->cause;
		out->provider = p->provider;
		out->weak = (p->flags & RF_WEAK) != 0;
		return;
	}
	out->cause = classify_stage_default(stage, r->code);
	out->provider = NULL;
	out->basis = DB_FALLBACK;
	out->weak = true;
}

/* ---- the context ---------------------------------------------------------
 * Each rule removes a cause that the session makes impossible, or decides
 * where the reply itself is vague. A cause reached from a clear wording of
 * the server is never overruled except by rules 1 and 2, which no wording
 * can make true. */

static bool is(const struct verdict *v, const char *cause)
{
	return strcmp(v->cause, cause) == 0;
}

static void overrule(struct verdict *v, const char *cause)
{
	v->cause = cause;
	v->basis = DB_CONTEXT;
}

static void apply_context(enum diag_stage stage, const struct diag_context *ctx,
			  const struct smtp_reply *r, struct verdict *v)
{
	bool permanent = r->code >= 500;
	bool vague = v->basis != DB_TEXT || v->weak;

	/* 1. RFC 4954 section 4: after a 235 the session is authenticated
	 * for the rest of it, so "authentication required" cannot be what
	 * the server means. Servers send 530 for other refusals after a
	 * login (OpenSMTPD refuses a sender it will not let this user use
	 * so): the command's own refusal is the honest reading. */
	if (is(v, "auth-required") && ctx->authed == DF_YES)
		overrule(v, stage == DS_RCPT && ctx->rcpt == DR_FOREIGN
				? "relay-denied"
			    : stage == DS_DATA_END
				/* after the data: the From header's
				 * address, as Postal refuses it */
				? "sender-rejected"
				: classify_stage_default(stage, 500));
	/* 2. RFC 3207 section 4: STARTTLS is not available once TLS is up,
	 * so "issue STARTTLS first" cannot be the reason then. */
	if (is(v, "auth-tls-required") && ctx->tls == DF_YES)
		overrule(v, classify_stage_default(stage, r->code));
	/* 3. RFC 5321 section 3.6.2 and RFC 4954 section 1: a server
	 * relays to other domains only for clients it trusts, and a client
	 * that has not logged in is not one. A permanent refusal of a
	 * foreign recipient without a login is a relay refusal, whatever
	 * vague words it comes in (OpenSMTPD says "Invalid recipient"),
	 * unless the text clearly names another reason. */
	if (stage == DS_RCPT && permanent && ctx->authed == DF_NO &&
	    ctx->rcpt == DR_FOREIGN && vague &&
	    (is(v, "recipient-rejected") || is(v, "recipient-unknown")))
		overrule(v, "relay-denied");
	/* 4. The other way round: a logged-in client, or a recipient in the
	 * server's own domain, needs no relay permission, so a refusal that
	 * only its code calls a relay refusal is a refusal of the recipient.
	 */
	if (is(v, "relay-denied") && v->basis != DB_TEXT &&
	    (ctx->authed == DF_YES || ctx->rcpt == DR_LOCAL))
		overrule(v, "recipient-rejected");
}

/* A 4xx is "try later", so it can never mean a wrong password (RFC 4954
 * section 6: 454 4.7.0 is a temporary failure). */
static bool is_credential_cause(const char *cause)
{
	return strcmp(cause, "auth-failed") == 0 ||
	       strcmp(cause, "auth-app-password") == 0;
}

void diagnose_reply_ctx(enum diag_stage stage, const struct diag_context *ctx,
			const struct smtp_reply *r, struct diagnosis *d)
{
	static const struct diag_context nothing_known;
	struct verdict v;

	d->cause = "protocol-error";
	d->provider = NULL;
	d->temporary = false;
	d->basis = DB_FALLBACK;
	if (r == NULL)
		return;
	if (ctx == NULL)
		ctx = &nothing_known;
	/* A success code, or no code at all, where a refusal was expected:
	 * the other side broke the protocol (RFC 5321 section 4.2). */
	if (r->code < 400 || r->code > 599 || (unsigned)stage > DS_DATA_END) {
		d->basis = DB_CODE;
		return;
	}
	d->temporary = r->code < 500;
	from_tables(stage, ctx, r, &v);
	apply_context(stage, ctx, r, &v);
	if (d->temporary && is_credential_cause(v.cause))
		v.cause = "auth-temporary";
	d->cause = v.cause;
	d->provider = v.provider;
	d->basis = v.basis;
}

void diagnose_reply(enum diag_stage stage, const struct smtp_reply *r,
		    struct diagnosis *d)
{
	diagnose_reply_ctx(stage, NULL, r, d);
}
