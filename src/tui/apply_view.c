/* The wizard's last screen after a passing test: "Use these settings for
 * Postfix (detected)". It shows the exact changes (mailer/apply's diff,
 * the password as ********) and, once confirmed, applies them and sends a
 * test message through the mailer in a background job, so the screen
 * stays live while Postfix is checked, reloaded and followed. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "check/engine.h"
#include "knowledge/hints.h"
#include "mailer/apply.h"
#include "mailer/deliver.h"
#include "tui/app.h"
#include "tui/bgjob.h"

#define APPLY_TEXT_MAX (48 * 1024)

enum { CH_APPLY, CH_SHOW, CH_CANCEL };

struct apply_done {
	char text[APPLY_TEXT_MAX];
	bool ok;
};

static struct apply_done done_slot;
static struct bgjob job = BGJOB_INIT(done_slot);

/* What the job works on: owned here from the confirmation until the job
 * has published (the settings hold the password). */
static struct {
	struct settings s;
	struct apply_plan plan;
	bool ready;
} pending;

static void add(char *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add(char *buf, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= APPLY_TEXT_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, APPLY_TEXT_MAX - len, fmt, ap);
	va_end(ap);
}

static void drop_pending(void)
{
	if (!pending.ready)
		return;
	apply_plan_free(&pending.plan);
	settings_free(&pending.s);
	pending.ready = false;
}

bool apply_view_available(const struct app *a)
{
	if (a->mailer == NULL || a->tv.running)
		return false;
	for (int i = 0; i < STEP_COUNT; i++)
		if (i != STEP_DELIVERABILITY &&
		    a->tv.steps[i].status == ST_FAIL)
			return false;
	return a->tv.steps[STEP_SETTINGS].status == ST_PASS;
}

static void *run_job(void *arg)
{
	struct apply_done *d = calloc(1, sizeof(*d));
	struct apply_log log;
	struct sw_error err = {{0}};
	struct deliver_target t = {.kind = pending.plan.kind,
				   .config = pending.plan.config,
				   .account = pending.plan.account};
	struct check_options copt = {.deliver = &t};
	struct check_result r;
	const struct step *st = &r.steps[STEP_DELIVERY];

	(void)arg;
	if (d == NULL)
		return NULL;
	if (apply_commit(&pending.plan, &log, &err) != 0) {
		for (size_t i = 0; i < log.n; i++)
			add(d->text, "%s\n", log.lines[i]);
		add(d->text, "\n%s\n", err.msg);
		bgjob_publish(&job, d);
		free(d);
		return NULL;
	}
	for (size_t i = 0; i < log.n; i++)
		add(d->text, "%s\n", log.lines[i]);
	/* The system's own instance is reached through /usr/sbin/sendmail. */
	if (strcmp(t.config, "/etc/postfix") == 0)
		t.config = NULL;
	check_result_init(&r);
	engine_deliver(&pending.s, &copt, &r, NULL, NULL);
	add(d->text, "\n%s: %s\n", step_label(STEP_DELIVERY), st->summary);
	/* Skipped (no test recipient) is no failure of the apply. */
	d->ok = st->status == ST_PASS || st->status == ST_SKIP;
	if (st->evidence[0] != '\0')
		add(d->text, "%s\n", st->evidence);
	if (st->hint[0] != '\0')
		add(d->text, "%s\n", st->hint);
	add(d->text, _("\nUndo with: smtpwiz --apply-undo %s%s%s\n"),
	    mailer_name(pending.plan.kind),
	    mailer_view_paths()->config ? " --mailer-config " : "",
	    mailer_view_paths()->config ? mailer_view_paths()->config : "");
	check_result_free(&r);
	bgjob_publish(&job, d);
	free(d);
	return NULL;
}

static void show_changes(struct app *a)
{
	char *text = calloc(1, APPLY_TEXT_MAX), title[160];

	if (text == NULL)
		return;
	add(text, _("Changes for %s (%s):\n"), mailer_name(pending.plan.kind),
	    pending.plan.config);
	add(text, "%s",
	    pending.plan.diff && pending.plan.diff[0]
		? pending.plan.diff
		: _("none: the mailer already uses these settings\n"));
	for (size_t i = 0; i < pending.plan.nnotes; i++)
		add(text, _("\nNote: %s\n"), pending.plan.notes[i]);
	if (!apply_allowed(&pending.plan)) {
		add(text, "\n%s\n",
		    _("Not allowed to change this mailer (run as root): "
		      "nothing was changed. As root, write the files above "
		      "and run:"));
		for (size_t i = 0; i < pending.plan.ncmds; i++)
			add(text, "  %s\n", pending.plan.cmds[i]);
	}
	/* TRANSLATORS: the mailer's name. */
	snprintf(title, sizeof(title),
		 _("Use these settings for %s (detected)"),
		 mailer_name(pending.plan.kind));
	pager_open_text(a, title, text);
	free(text);
}

static void confirmed(struct app *a, int choice)
{
	if (choice == CH_SHOW) {
		show_changes(a);
		return;
	}
	if (choice != CH_APPLY) {
		drop_pending();
		return;
	}
	if (!apply_allowed(&pending.plan)) {
		show_changes(a);
		return;
	}
	if (bgjob_start(&job, run_job, NULL) != 0) {
		wizard_set_status(a, V_ERROR, "%s",
				  _("Another job is still running."));
		return;
	}
	wizard_set_status(a, V_OK,
			  _("Applying to %s, then sending a test message "
			    "through it..."),
			  mailer_name(pending.plan.kind));
}

void apply_view_open(struct app *a)
{
	static const char *const buttons[] = {N_("Apply"), N_("Show changes"),
					      N_("Cancel")};
	struct apply_options ao = {.account = a->mailer->account};
	struct sw_error err = {{0}};
	char text[1024], title[160];

	if (bgjob_busy(&job)) {
		wizard_set_status(a, V_WARN, "%s",
				  _("The mailer is still being changed."));
		return;
	}
	drop_pending();
	settings_init(&pending.s);
	if (model_copy(a->settings, &pending.s) | model_apply(a, &pending.s)) {
		settings_free(&pending.s);
		wizard_set_status(a, V_ERROR, "%s", _("out of memory"));
		return;
	}
	if (apply_prepare(a->mailer->kind, mailer_view_paths(), &pending.s, &ao,
			  &pending.plan, &err) != 0) {
		apply_plan_free(&pending.plan);
		settings_free(&pending.s);
		wizard_set_status(a, V_ERROR, "%s", err.msg);
		return;
	}
	pending.ready = true;
	snprintf(text, sizeof(text),
		 ngettext("%zu file of %s changes; each is backed up first, "
			  "then %s is checked and reloaded and a test "
			  "message is sent through it.",
			  "%zu files of %s change; each is backed up first, "
			  "then %s is checked and reloaded and a test "
			  "message is sent through it.",
			  pending.plan.nfiles),
		 pending.plan.nfiles, pending.plan.config,
		 mailer_name(pending.plan.kind));
	snprintf(title, sizeof(title),
		 _("Use these settings for %s (detected)"),
		 mailer_name(pending.plan.kind));
	dialog_open(a, title, text, buttons, 3, CH_CANCEL, confirmed);
}

bool apply_view_update(struct app *a)
{
	struct apply_done *d = calloc(1, sizeof(*d));
	bool got;

	if (d == NULL)
		return false;
	got = bgjob_take(&job, d);
	if (got) {
		drop_pending();
		wizard_set_status(a, d->ok ? V_OK : V_ERROR, "%s",
				  d->ok ? _("Applied; the test message left "
					    "through the mailer.")
					: _("Not done: see the details."));
		pager_open_text(a, _("Result"), d->text);
	}
	free(d);
	return got;
}
