/* The test run seen from the UI: starting and stopping the engine's
 * worker, taking its progress, and "Fix", which leaves the test for the
 * wizard field a failure points at. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "tui/app.h"
#include "tui/fix.h"
#include "tui/runner.h"

/* Progress redraws at most this often, however fast the engine goes. */
#define FRAME_MS 250

struct target {
	enum fix_field fix;
	enum scr_id screen;
	enum item_kind kind;
	int id; /* -1: the TLS mode currently chosen */
};

static const struct target targets[] = {
    {FIX_HOST, SCR_SERVER, IT_TEXT, FLD_HOST},
    {FIX_PORT, SCR_SERVER, IT_TEXT, FLD_PORT},
    {FIX_TLS, SCR_SECURITY, IT_RADIO, -1},
    {FIX_VERIFY, SCR_SECURITY, IT_CHECK, CHK_VERIFY},
    {FIX_CA_FILE, SCR_SECURITY, IT_TEXT, FLD_CA_FILE},
    {FIX_USER, SCR_SIGNIN, IT_TEXT, FLD_USER},
    {FIX_PASSWORD, SCR_SIGNIN, IT_TEXT, FLD_PASSWORD},
    {FIX_FROM, SCR_ADDRESSES, IT_TEXT, FLD_FROM},
    {FIX_TO, SCR_ADDRESSES, IT_TEXT, FLD_TO},
};

/* ---- running ------------------------------------------------------------- */

static int start_run(struct app *a)
{
	struct settings s;
	int rc;

	settings_init(&s);
	rc = model_copy(a->settings, &s) | model_apply(a, &s);
	if (rc == 0)
		rc = runner_start(&s, a->send_test && a->fld[FLD_TO].len > 0,
				  a->mailer_used ? a->mailer : NULL);
	settings_free(&s);
	return rc;
}

void test_start(struct app *a)
{
	struct test_view *tv = &a->tv;

	if (wizard_check_all(a, _("Cannot test")) != 0)
		return;
	a->screen = SCR_TEST;
	a->status[0] = '\0';
	if (a->pager.open)
		pager_close(a);
	if (tv->running && !runner_reap()) {
		/* The cancelled run has not stopped yet: start when it has. */
		runner_cancel();
		tv->pending = true;
		wizard_set_status(
		    a, V_WARN, "%s",
		    _("Waiting for the previous test to stop..."));
		return;
	}
	if (start_run(a) != 0) {
		tv->running = false;
		wizard_set_status(a, V_ERROR, "%s",
				  _("Cannot start the test: out of memory"));
		return;
	}
	runner_snapshot(tv->steps, tv->notice, sizeof(tv->notice));
	tv->running = true;
	tv->cancelled = tv->pending = tv->moved = false;
	tv->sel = 0;
	tv->focus = -1;
}

/* The selected step when it is among the worst, else the first of the
 * worst: a failure before a warning (the last step, deliverability, is
 * often a mere warning and selected as the run ends). */
static int problem_step(const struct test_view *tv)
{
	for (int want = ST_FAIL; want >= ST_WARN; want--) {
		if ((int)tv->steps[tv->sel].status == want)
			return tv->sel;
		for (int i = 0; i < STEP_COUNT; i++)
			if ((int)tv->steps[i].status == want)
				return i;
	}
	return -1;
}

static void report_end(struct app *a)
{
	int n[ST_SKIP + 1] = {0};

	for (int i = 0; i < STEP_COUNT; i++)
		if (test_step_shown(a, i))
			n[a->tv.steps[i].status]++;
	wizard_set_status(a,
			  n[ST_FAIL]   ? V_ERROR
			  : n[ST_WARN] ? V_WARN
				       : V_OK,
			  _("Finished: %d passed, %d warned, %d failed, %d "
			    "skipped or not run."),
			  n[ST_PASS], n[ST_WARN], n[ST_FAIL],
			  n[ST_SKIP] + n[ST_WAITING]);
}

static void follow_running(struct test_view *tv)
{
	for (int i = 0; i < STEP_COUNT && !tv->moved; i++)
		if (tv->steps[i].status == ST_RUNNING)
			tv->sel = i;
}

bool test_update(struct app *a)
{
	struct test_view *tv = &a->tv;
	bool reaped;

	if (!tv->running)
		return false;
	/* Reap first: once joined, the snapshot holds every event. */
	reaped = runner_reap();
	runner_snapshot(tv->steps, tv->notice, sizeof(tv->notice));
	follow_running(tv);
	/* Mid-run, the frame timer (test_timeout) shows the progress. */
	if (!reaped)
		return false;
	tv->running = false;
	if (tv->pending) {
		tv->pending = false;
		test_start(a);
	} else if (!tv->cancelled) {
		if (problem_step(tv) >= 0 && !tv->moved)
			tv->sel = problem_step(tv);
		if (a->screen == SCR_TEST)
			report_end(a);
	}
	return true;
}

int test_timeout(const struct app *a, int64_t now)
{
	int64_t left;

	if (!a->tv.running)
		return -1;
	left = a->last_draw + FRAME_MS - now;
	return left > 0 ? (int)left : 0;
}

void test_stop(struct app *a)
{
	runner_cancel();
	a->tv.cancelled = true;
	wizard_set_status(a, V_WARN, "%s",
			  _("Test stopped. Esc again or Back leaves the "
			    "test screen."));
}

void test_leave(struct app *a)
{
	a->tv.pending = false;
	if (a->tv.running) {
		runner_cancel();
		a->tv.cancelled = true;
	}
	wizard_goto(a, SCR_SUMMARY, IT_BUTTON, BTN_TEST);
	if (a->tv.cancelled && a->tv.running)
		wizard_set_status(a, V_WARN, "%s", _("Test stopped."));
}

/* ---- fix ----------------------------------------------------------------- */

/* The settings step names config keys in its evidence: "key: message". */
static enum fix_field settings_fix(const struct step *st)
{
	char key[32];
	size_t n = strcspn(st->evidence, ":\n");

	if (n == 0 || n >= sizeof(key) || st->evidence[n] != ':')
		return FIX_NONE;
	memcpy(key, st->evidence, n);
	key[n] = '\0';
	return fix_for_key(key);
}

static void go_fix(struct app *a, const struct target *t, const struct step *st)
{
	int id = t->id == -1 ? (int)a->tls : t->id;

	if (a->tv.running) {
		runner_cancel();
		a->tv.cancelled = true;
	}
	if (t->screen == SCR_SIGNIN && a->no_auth)
		wizard_goto(a, SCR_SIGNIN, IT_CHECK, CHK_NO_AUTH);
	else
		wizard_goto(a, t->screen, t->kind, id);
	wizard_set_status(a, V_WARN, _("To fix: %s"), st->summary);
}

void test_fix(struct app *a)
{
	int i = problem_step(&a->tv);
	const struct step *st;
	enum fix_field f;

	if (i < 0) {
		wizard_set_status(a, V_OK, "%s", _("Nothing to fix."));
		return;
	}
	st = &a->tv.steps[i];
	if (st->id == STEP_SETTINGS && wizard_check_all(a, _("To fix")) != 0)
		return;
	f = st->id == STEP_SETTINGS ? settings_fix(st)
				    : fix_for_cause(st->cause, st->id);
	for (size_t k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
		if (targets[k].fix == f) {
			go_fix(a, &targets[k], st);
			return;
		}
	}
	wizard_set_status(a, V_WARN, "%s",
			  _("No field in the wizard causes this; see what to "
			    "do below."));
}
