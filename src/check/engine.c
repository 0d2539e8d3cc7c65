/* The order of the checklist, and when a failure stops it. A failure in
 * the session's set-up (up to the certificate) ends the session before any
 * credential or address is sent. */
#include <config.h>

#include <stdio.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "check/engine.h"
#include "check/steps.h"

/* Up to the message: deliverability needs only DNS and runs whatever the
 * session's steps did. */
static void skip_from(struct run *run, enum step_id from, const char *why)
{
	int i;

	for (i = from; i < STEP_DELIVERABILITY; i++)
		if (run->result->steps[i].status == ST_WAITING &&
		    !step_absent(run, (enum step_id)i))
			step_skip(run, (enum step_id)i, why);
}

static void quit(struct run *run)
{
	struct smtp_reply r;
	char why[128];

	if (!run->connected)
		return;
	/* A polite QUIT, but nobody waits long for its answer, and a server
	 * that stopped answering or talks nonsense gets none, nor does one
	 * the user stopped waiting for. */
	if (!run->broken && !run_cancelled(run) &&
	    smtp_send(&run->conn, run->transcript, "QUIT", NULL,
		      clock_now_ms() + 1000, why, sizeof(why)) == SMTP_IO_OK)
		smtp_read_reply(&run->conn, run->transcript,
				clock_now_ms() + 1000, &r, why, sizeof(why));
	conn_close(&run->conn);
	run->connected = false;
}

typedef enum step_status (*step_fn)(struct run *run);

/* The steps up to the certificate; any failure ends the session. */
static const struct {
	enum step_id id;
	step_fn fn;
} setup[] = {
    {STEP_DNS, step_dns},           {STEP_CONNECT, step_connect},
    {STEP_GREETING, step_greeting}, {STEP_EHLO, step_ehlo},
    {STEP_TLS, step_tls},
};

/* A cancel is looked at after each step too: a step cut short by it ends
 * skipped, not failed, and the rest must not run. */
static bool run_setup(struct run *run)
{
	enum step_status st;
	size_t i;

	for (i = 0; i < sizeof(setup) / sizeof(setup[0]); i++) {
		st = run_cancelled(run) ? ST_SKIP : setup[i].fn(run);
		if (run_cancelled(run)) {
			skip_from(run, setup[i].id, _("Cancelled"));
			return false;
		}
		if (st == ST_FAIL) {
			skip_from(run, setup[i].id + 1,
				  _("Skipped: an earlier step failed"));
			return false;
		}
	}
	return true;
}

static void run_steps(struct run *run)
{
	if (!run_setup(run))
		goto done;
	if (run->tls_active && step_certificate(run) == ST_FAIL) {
		skip_from(run, STEP_AUTH,
			  _("Skipped: the certificate is not trusted, so no "
			    "password or address was sent"));
		goto done;
	}
	if (!run->tls_active)
		step_skip(run, STEP_CERTIFICATE, _("No TLS: no certificate"));
	if (run_cancelled(run)) {
		skip_from(run, STEP_AUTH, _("Cancelled"));
		goto done;
	}
	if (step_auth(run) == ST_FAIL) {
		skip_from(run, STEP_SENDER,
			  run_cancelled(run)
			      ? _("Cancelled")
			      : _("Skipped: authentication failed"));
		goto done;
	}
	step_mail(run);
done:
	quit(run);
	step_connect_cleanup(run);
	if (!run_cancelled(run))
		step_deliverability(run);
	/* Whatever the cancel kept from running, whichever path it took. */
	if (run_cancelled(run)) {
		skip_from(run, STEP_SETTINGS, _("Cancelled"));
		if (run->result->steps[STEP_DELIVERABILITY].status ==
		    ST_WAITING)
			step_skip(run, STEP_DELIVERABILITY, _("Cancelled"));
	}
}

void engine_cancel(void)
{
	cancel_request();
}

/* A cancel from an earlier run must not stop this one; one that came
 * between the caller's start and this reset is still in opt->cancel (the
 * wizard sets that first), so it is carried over. */
static void cancel_arm(const struct check_options *opt)
{
	cancel_reset();
	if (opt != NULL && opt->cancel != NULL && *opt->cancel != 0)
		cancel_request();
	cancel_bind(true);
}

int engine_run(const struct settings *s, const struct check_options *opt,
	       struct check_result *r, check_listener fn, void *ctx)
{
	struct run run = {
	    .settings = s, .opt = opt, .result = r, .fn = fn, .ctx = ctx};
	enum step_status st;
	int64_t start = clock_now_ms();
	int i;

	if (r->transcript == NULL)
		r->transcript = transcript_new();
	if (r->transcript == NULL)
		return -1;
	run.transcript = r->transcript;
	cancel_arm(opt);
	/* The mailer's own configuration is checked even when the settings
	 * it gave are not valid: it says why (no relayhost, ...). */
	st = step_settings(&run);
	step_mailer(&run);
	if (st == ST_FAIL) {
		for (i = STEP_MAILER + 1; i < STEP_COUNT; i++)
			if (!step_absent(&run, (enum step_id)i))
				step_skip(&run, (enum step_id)i,
					  _("Skipped: the settings are not "
					    "valid"));
	} else {
		run_steps(&run);
	}
	cancel_bind(false);
	r->elapsed_ms = clock_now_ms() - start;
	return 0;
}
