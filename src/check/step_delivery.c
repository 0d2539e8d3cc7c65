/* The `delivery` step: after --apply, a message through the mailer's
 * sendmail interface, followed until the relay took it or the mailer
 * deferred or bounced it. A mailer's reason goes through the same
 * classifier as its queue (knowledge/reason.c), so a deferral reads like
 * the failed step it stands for. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "check/engine.h"
#include "check/steps.h"
#include "knowledge/reason.h"
#include "mailer/deliver.h"

/* Bounded generously: a deferral after a connect timeout takes Postfix
 * its smtp_connect_timeout (30 s) plus the conversation. */
static int bound_ms(const struct settings *s)
{
	long secs = s->timeout > 0 ? s->timeout * 4 : 60;

	return (int)(secs < 60 ? 60000 : secs * 1000);
}

static void outcome(struct run *run, const struct deliver_result *dr)
{
	struct step *st = &run->result->steps[STEP_DELIVERY];
	struct diagnosis d = {0};

	step_add_evidence(st, _("handed over with: %s"), dr->how);
	if (dr->queue_id[0] != '\0')
		step_add_evidence(st, _("queue id: %s"), dr->queue_id);
	if (dr->line[0] != '\0')
		step_add_evidence(st, "%s", dr->line);
	switch (dr->state) {
	case DELIVER_SENT:
		if (dr->reason[0] != '\0')
			/* TRANSLATORS: "postfix handed the test message to
			 * the relay (queue id 4A1B2C): 250 2.0.0 Ok". */
			snprintf(st->summary, sizeof(st->summary),
				 _("%s handed the test message to the relay "
				   "(queue id %s): %s"),
				 mailer_name(run->opt->deliver->kind),
				 dr->queue_id, dr->reason);
		else
			snprintf(st->summary, sizeof(st->summary),
				 _("%s handed the test message to the relay"),
				 mailer_name(run->opt->deliver->kind));
		step_end(run, STEP_DELIVERY, ST_PASS);
		return;
	case DELIVER_PENDING:
		if (dr->log[0] != '\0')
			step_add_evidence(st, _("followed in: %s"), dr->log);
		step_verdict(run, STEP_DELIVERY, ST_FAIL, "delivery-pending",
			     NULL);
		return;
	case DELIVER_REFUSED:
		step_add_evidence(st, "%s", dr->reason);
		step_verdict(run, STEP_DELIVERY, ST_FAIL, "delivery-refused",
			     NULL);
		return;
	default:
		diagnose_mailer_reason(dr->reason, &d);
		step_verdict(run, STEP_DELIVERY, ST_FAIL, d.cause, d.provider);
	}
}

void step_delivery(struct run *run)
{
	const struct deliver_target *t =
	    run->opt != NULL ? run->opt->deliver : NULL;
	const struct settings *s = run->settings;
	struct deliver_result dr;
	struct sw_error err = {{0}};

	if (t == NULL)
		return;
	if (s->from == NULL || s->from[0] == '\0' ||
	    s->test_recipient == NULL || s->test_recipient[0] == '\0') {
		step_skip(run, STEP_DELIVERY,
			  _("No sender or test recipient: no test message was "
			    "sent through the mailer"));
		return;
	}
	step_begin(run, STEP_DELIVERY);
	run_notice(run, _("Sending a test message through the mailer..."));
	if (mailer_deliver(t, s->from, s->test_recipient, bound_ms(s), &dr,
			   &err) != 0) {
		step_add_evidence(&run->result->steps[STEP_DELIVERY], "%s",
				  err.msg);
		step_verdict(run, STEP_DELIVERY, ST_WARN, "delivery-unfollowed",
			     NULL);
		return;
	}
	outcome(run, &dr);
}

int engine_deliver(const struct settings *s, const struct check_options *opt,
		   struct check_result *r, check_listener fn, void *ctx)
{
	struct run run = {
	    .settings = s, .opt = opt, .result = r, .fn = fn, .ctx = ctx};

	if (opt == NULL || opt->deliver == NULL)
		return -1;
	run.transcript = r->transcript;
	step_delivery(&run);
	return 0;
}
