/* What every step does the same way: deadlines, verdicts from the
 * catalogue, and the three failures any step can meet. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "knowledge/hints.h"
#include "base/i18n.h"
#include "check/steps.h"
#include "base/text.h"

int64_t step_deadline(const struct run *run)
{
	return clock_now_ms() + run->settings->timeout * 1000;
}

bool run_cancelled(const struct run *run)
{
	return cancel_requested() ||
	       (run->opt != NULL && run->opt->cancel != NULL &&
		*run->opt->cancel != 0);
}

bool step_cancelled(struct run *run, enum step_id id)
{
	struct step *st = &run->result->steps[id];

	if (!run_cancelled(run))
		return false;
	/* Whatever the wait ended with says nothing about the server. */
	run->broken = true;
	if (st->status == ST_WAITING) {
		/* An exchange that runs ahead of its step (pipelining). */
		step_skip(run, id, _("Cancelled"));
		return true;
	}
	st->cause = NULL;
	st->basis = NULL;
	st->hint[0] = '\0';
	snprintf(st->summary, sizeof(st->summary), "%s", _("Cancelled"));
	step_end(run, id, ST_SKIP);
	return true;
}

void step_cause(struct run *run, enum step_id id, const char *cause,
		const char *provider)
{
	struct step *st = &run->result->steps[id];
	const struct hint *h = hint_lookup(cause);
	const char *special = hint_provider(cause, provider);

	st->cause = h ? h->cause : cause;
	snprintf(st->summary, sizeof(st->summary), "%s",
		 h ? _(h->summary) : cause);
	snprintf(st->hint, sizeof(st->hint), "%s",
		 special ? _(special)
		 : h     ? _(h->hint)
			 : "");
}

void step_verdict(struct run *run, enum step_id id, enum step_status status,
		  const char *cause, const char *provider)
{
	step_cause(run, id, cause, provider);
	step_end(run, id, status);
}

void step_add_hint(struct step *st, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	text_append(st->hint, sizeof(st->hint), "%s%s", st->hint[0] ? " " : "",
		    text);
}

void step_io_failure(struct run *run, enum step_id id, enum smtp_io io,
		     const char *why)
{
	struct step *st = &run->result->steps[id];
	const char *cause = io == SMTP_IO_TIMEOUT    ? "timeout"
			    : io == SMTP_IO_PROTOCOL ? "protocol-error"
						     : "connection-lost";

	if (step_cancelled(run, id))
		return;
	run->broken = true;
	if (why != NULL && why[0] != '\0')
		step_add_evidence(st, "%s", why);
	step_cause(run, id, cause, NULL);
	/* The summary names the step: "timeout" alone does not say where. */
	snprintf(st->summary + strlen(st->summary),
		 sizeof(st->summary) - strlen(st->summary), _(" (during %s)"),
		 step_label(id));
	step_end(run, id, ST_FAIL);
}

/* What the session knows when a reply comes: the classifier never
 * reports a cause that this rules out (classify.c). */
static void reply_context(const struct run *run, struct diag_context *ctx)
{
	const struct settings *s = run->settings;

	ctx->tls = run->tls_active ? DF_YES : DF_NO;
	ctx->authed = run->authed ? DF_YES : DF_NO;
	ctx->rcpt = diag_rcpt_locality(s->host, s->from, s->test_recipient);
	ctx->provider = run->provider != NULL
			    ? run->provider
			    : diagnose_provider_from_banner(s->host);
}

void step_reply_failure(struct run *run, enum step_id id, enum diag_stage stage,
			const struct smtp_reply *r)
{
	struct step *st = &run->result->steps[id];
	struct diag_context ctx;
	struct diagnosis d;

	reply_context(run, &ctx);
	diagnose_reply_ctx(stage, &ctx, r, &d);
	step_cause(run, id, d.cause, d.provider ? d.provider : ctx.provider);
	st->basis = diag_basis_name(d.basis);
	/* Nothing specific matched: say what the code class means rather
	 * than guess a reason. */
	if (d.basis == DB_FALLBACK)
		step_add_hint(st,
			      d.temporary
				  ? _("Reply code %d is temporary (4xx): the "
				      "server expects a new attempt later; if "
				      "it keeps happening, its own words, the "
				      "first line of the evidence, say why.")
				  : _("Reply code %d is permanent (5xx): the "
				      "server will refuse the same request "
				      "again until something changes; its own "
				      "words, the first line of the evidence, "
				      "say what."),
			      r->code);
	step_end(run, id, ST_FAIL);
}

/* Servers that refuse and hang up at once (a 421 or 554 of several lines,
 * the connection closed after the first) leave their reason in the lines
 * that did arrive: those say more than "connection lost". */
void step_read_failure(struct run *run, enum step_id id, enum diag_stage stage,
		       enum smtp_io io, const struct smtp_reply *r,
		       const char *why)
{
	struct step *st = &run->result->steps[id];

	if ((io != SMTP_IO_CLOSED && io != SMTP_IO_TIMEOUT) || r->nlines == 0 ||
	    r->code < 400 || run_cancelled(run)) {
		step_io_failure(run, id, io, why);
		return;
	}
	run->broken = true;
	step_add_evidence(st, "%s", r->raw);
	step_add_evidence(st, _("the reply ended there: %s"), why);
	step_reply_failure(run, id, stage, r);
}

bool step_command(struct run *run, enum step_id id, enum diag_stage stage,
		  const char *cmd, struct smtp_reply *r)
{
	char why[256];
	enum smtp_io io;

	smtp_reply_init(r);
	io = smtp_send(&run->conn, run->transcript, cmd, NULL,
		       step_deadline(run), why, sizeof(why));
	if (io == SMTP_IO_OK)
		io = smtp_read_reply(&run->conn, run->transcript,
				     step_deadline(run), r, why, sizeof(why));
	if (io != SMTP_IO_OK)
		step_read_failure(run, id, stage, io, r, why);
	return io == SMTP_IO_OK;
}
