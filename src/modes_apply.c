/* --apply and --apply-undo: the test, the plan and its diff, the commit
 * (or, for a dry run or a user who may not change the mailer, the
 * commands), then the `delivery` step through the mailer. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "check/checklist.h"
#include "check/engine.h"
#include "mailer/apply.h"
#include "mailer/deliver.h"
#include "modes_apply.h"
#include "report/report.h"

enum { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static int usage_error(const char *msg)
{
	fprintf(stderr, "smtpwiz: %s\n", msg);
	return EXIT_USAGE;
}

/* Notes are sentences: wrapped at spaces, continued with an indent. */
static void print_wrapped(const char *text, int width)
{
	int col = 0;

	while (*text != '\0') {
		int w = (int)strcspn(text, " ");

		if (col > 0 && col + 1 + w > width) {
			fputs("\n      ", stdout);
			col = 6;
		} else if (col > 0) {
			putchar(' ');
			col++;
		}
		printf("%.*s", w, text);
		col += w;
		text += w;
		text += strspn(text, " ");
	}
	putchar('\n');
}

static void print_plan(const struct apply_plan *plan)
{
	printf(_("\nChanges for %s (%s):\n"), mailer_name(plan->kind),
	       plan->config);
	if (plan->diff == NULL || plan->diff[0] == '\0')
		printf("%s\n", _("  none: the mailer already uses these "
				 "settings"));
	else
		fputs(plan->diff, stdout);
	for (size_t i = 0; i < plan->nnotes; i++) {
		char line[MAILER_TEXT_MAX + 16];

		snprintf(line, sizeof(line), _("Note: %s"), plan->notes[i]);
		print_wrapped(line, 78);
	}
}

static void print_cmds(const struct apply_plan *plan)
{
	for (size_t i = 0; i < plan->ncmds; i++)
		printf("  %s\n", plan->cmds[i]);
}

static void print_log(const struct apply_log *log)
{
	for (size_t i = 0; i < log->n; i++)
		printf("  %s\n", log->lines[i]);
}

static void undo_hint(const struct cli_options *o, const struct apply_plan *p)
{
	printf(_("Undo with: smtpwiz --apply-undo %s%s%s\n"),
	       mailer_name(p->kind),
	       o->mailer_config ? " --mailer-config " : "",
	       o->mailer_config ? o->mailer_config : "");
}

/* Any failed step but deliverability: that one is about the sender
 * domain's DNS records, which the mailer's settings cannot change. */
static bool blocking_failure(const struct check_result *r)
{
	for (int i = 0; i < STEP_COUNT; i++)
		if (i != STEP_DELIVERABILITY && r->steps[i].status == ST_FAIL)
			return true;
	return false;
}

/* After the plan is shown: commit it and prove delivery. */
static int commit(const struct cli_options *o, const struct settings *s,
		  const struct apply_plan *plan, struct report_text *rt,
		  struct check_result *r)
{
	struct deliver_target t = {.kind = plan->kind,
				   .config = plan->config,
				   .account = plan->account};
	struct check_options copt = {.deliver = &t};
	struct apply_log log;
	struct sw_error err = {{0}};
	int rc;

	printf(_("\nApplying to %s (%s):\n"), mailer_name(plan->kind),
	       plan->config);
	rc = apply_commit(plan, &log, &err);
	print_log(&log);
	if (rc != 0) {
		fprintf(stderr, "smtpwiz: %s\n", err.msg);
		return EXIT_FAILED;
	}
	undo_hint(o, plan);
	if (o->mailer_config == NULL && plan->kind == MAILER_POSTFIX)
		t.config = NULL;
	printf("\n");
	engine_deliver(s, &copt, r, report_text_event, rt);
	report_text_footer(rt, r);
	return check_result_overall(r) == ST_FAIL ? EXIT_FAILED : EXIT_PASS;
}

int mode_apply(const struct cli_options *o, struct settings *s)
{
	struct report_text rt = {.out = stdout, .width = 80};
	struct apply_options ao = {.passwordeval = o->passwordeval};
	struct mailer_paths p = {.config = o->mailer_config};
	struct check_options copt = {.no_deliverability = o->no_deliverability};
	struct apply_plan plan;
	struct check_result r;
	struct sw_error err = {{0}};
	enum mailer_kind k;
	char account[128];
	int rc;

	if (mailer_parse_name(o->apply, &k, account, sizeof(account), &err) !=
	    0)
		return usage_error(err.msg);
	if (o->passwordeval != NULL && k != MAILER_MSMTP)
		return usage_error(_("--passwordeval is for msmtp only"));
	ao.account = account;
	check_result_init(&r);
	report_text_header(&rt, s);
	engine_run(s, &copt, &r, report_text_event, &rt);
	if (blocking_failure(&r)) {
		report_text_footer(&rt, &r);
		printf("%s\n", _("Nothing was applied: the settings must "
				 "pass the test first."));
		check_result_free(&r);
		return EXIT_FAILED;
	}
	if (apply_prepare(k, &p, s, &ao, &plan, &err) != 0) {
		apply_plan_free(&plan);
		check_result_free(&r);
		return usage_error(err.msg);
	}
	print_plan(&plan);
	if (o->dry_run || !apply_allowed(&plan)) {
		printf("\n%s\n",
		       o->dry_run ? _("Dry run: nothing was changed. Applying "
				      "writes the files above and runs:")
				  : _("Not allowed to change this mailer (run "
				      "as root): nothing was changed. As root, "
				      "write the files above and run:"));
		print_cmds(&plan);
		rc = o->dry_run ? EXIT_PASS : EXIT_FAILED;
	} else {
		rc = commit(o, s, &plan, &rt, &r);
	}
	apply_plan_free(&plan);
	check_result_free(&r);
	return rc;
}

int mode_apply_undo(const struct cli_options *o)
{
	struct mailer_paths p = {.config = o->mailer_config};
	struct sw_error err = {{0}};
	struct apply_log log;
	enum mailer_kind k;
	char account[128];
	int rc;

	if (mailer_parse_name(o->apply, &k, account, sizeof(account), &err) !=
	    0)
		return usage_error(err.msg);
	rc = apply_undo(k, &p, &log, &err);
	printf(_("Undoing the last apply to %s:\n"), mailer_name(k));
	print_log(&log);
	if (rc != 0) {
		fprintf(stderr, "smtpwiz: %s\n", err.msg);
		return EXIT_FAILED;
	}
	printf("%s\n", _("Restored."));
	return EXIT_PASS;
}
