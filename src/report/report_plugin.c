/* The Monitoring Plugins output (https://www.monitoring-plugins.org/doc/
 * guidelines.html): "SMTPWIZ STATE - text | perfdata" on the first line,
 * then long output. The state words, step ids, cause ids and perfdata
 * labels are never translated: monitoring systems parse them. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "report/monitor.h"

static const char *const state_names[] = {
    [PLUGIN_OK] = "OK",
    [PLUGIN_WARNING] = "WARNING",
    [PLUGIN_CRITICAL] = "CRITICAL",
    [PLUGIN_UNKNOWN] = "UNKNOWN",
};

/* sd-daemon(3) priorities: info, warning, err, err. */
static const char *const state_prefix[] = {
    [PLUGIN_OK] = "<6>",
    [PLUGIN_WARNING] = "<4>",
    [PLUGIN_CRITICAL] = "<3>",
    [PLUGIN_UNKNOWN] = "<3>",
};

/* '|' starts the performance data and a line break ends the status line:
 * neither may come from a summary, a host name or a hint. */
static void put_text(FILE *out, const char *text)
{
	for (const char *p = text; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		fputc(c == '|' ? '/' : c < 0x20 || c == 0x7f ? ' ' : c, out);
	}
}

/* The first line of a multi-line text. */
static void put_line(FILE *out, const char *text)
{
	char line[STEP_SUMMARY_MAX];

	snprintf(line, sizeof(line), "%.*s", (int)strcspn(text, "\n"), text);
	put_text(out, line);
}

static void put_prefix(const struct report_plugin *rp, enum plugin_state st)
{
	if (rp->journal)
		fputs(state_prefix[st], rp->out);
}

static enum plugin_state step_state(const struct step *st)
{
	if (st->status == ST_FAIL)
		return st->id == STEP_SETTINGS ? PLUGIN_UNKNOWN
					       : PLUGIN_CRITICAL;
	return st->status == ST_WARN ? PLUGIN_WARNING : PLUGIN_OK;
}

/* Timed: skipped steps took no time worth a graph. */
static bool ran(const struct step *st)
{
	return st->status == ST_PASS || st->status == ST_WARN ||
	       st->status == ST_FAIL;
}

/* Whole days left, rounded down like the certificate step's warning. */
static long days_left(const struct check_result *r, int64_t now)
{
	int64_t left = r->cert_not_after - now;

	return (long)(left >= 0 ? left / 86400 : -((-left + 86399) / 86400));
}

static void put_ok_text(const struct report_plugin *rp,
			const struct settings *s, const struct check_result *r)
{
	long days;

	fprintf(rp->out, _("%s port %ld: every step passed"),
		s->host != NULL && s->host[0] != '\0' ? s->host : "-", s->port);
	if (r->cert_not_after != 0) {
		days = days_left(r, rp->now);
		fprintf(rp->out,
			ngettext("; the certificate is valid for %ld more day",
				 "; the certificate is valid for %ld more days",
				 (unsigned long)(days < 0 ? -days : days)),
			days);
	}
}

/* The first step with the worst state names what is wrong; the others
 * are counted and listed in the long output. */
static void put_problem_text(const struct report_plugin *rp,
			     const struct check_result *r,
			     enum plugin_state state)
{
	const struct step *first = NULL;
	int more = 0, i;

	for (i = 0; i < STEP_COUNT; i++) {
		if (step_state(&r->steps[i]) == PLUGIN_OK)
			continue;
		if (first == NULL && step_state(&r->steps[i]) == state)
			first = &r->steps[i];
		else
			more++;
	}
	if (first == NULL)
		return;
	fprintf(rp->out, "%s: ", step_id_name(first->id));
	put_text(rp->out, first->summary);
	if (first->cause != NULL)
		fprintf(rp->out, " [%s]", first->cause);
	/* "Some settings are not valid" alone says nothing: name the one. */
	if (first->id == STEP_SETTINGS && first->evidence[0] != '\0') {
		fputs(": ", rp->out);
		put_line(rp->out, first->evidence);
	}
	if (more > 0)
		fprintf(rp->out,
			ngettext(" (and %d more problem)",
				 " (and %d more problems)",
				 (unsigned long)more),
			more);
}

/* 'label'=value[UOM];[warn];[crit];[min];[max]: seconds with the unit s,
 * the days left without a unit (the guidelines define none for days),
 * warning below cert_warn_days ("N:" alerts outside N..infinity) and
 * critical once expired. */
static void put_perfdata(const struct report_plugin *rp,
			 const struct settings *s, const struct check_result *r)
{
	int i;

	fprintf(rp->out, "time=%.3fs;;;0", (double)r->elapsed_ms / 1000.0);
	for (i = 0; i < STEP_COUNT; i++) {
		const struct step *st = &r->steps[i];

		if (ran(st))
			fprintf(rp->out, " time_%s=%.3fs;;;0",
				step_id_name(st->id),
				(double)st->elapsed_ms / 1000.0);
	}
	if (r->cert_not_after == 0)
		return;
	fprintf(rp->out, " cert_days_left=%ld;", days_left(r, rp->now));
	if (s->cert_warn_days > 0)
		fprintf(rp->out, "%ld:", s->cert_warn_days);
	fputs(";0:", rp->out);
}

static void put_step(const struct report_plugin *rp, const struct step *st)
{
	static const char *const marks[] = {[ST_PASS] = "PASS",
					    [ST_WARN] = "WARN",
					    [ST_FAIL] = "FAIL",
					    [ST_SKIP] = "SKIP"};
	enum plugin_state state = step_state(st);

	put_prefix(rp, state);
	fprintf(rp->out, "%s %s: ", marks[st->status], step_id_name(st->id));
	put_text(rp->out, st->summary);
	if (st->cause != NULL)
		fprintf(rp->out, " [%s]", st->cause);
	fputc('\n', rp->out);
	if (st->status != ST_FAIL && st->status != ST_WARN)
		return;
	/* The evidence and the hint, as the text report gives them. */
	for (const char *p = st->evidence; *p != '\0';) {
		put_prefix(rp, state);
		fputs("    ", rp->out);
		put_line(rp->out, p);
		fputc('\n', rp->out);
		p += strcspn(p, "\n");
		p += *p == '\n';
	}
	if (st->hint[0] != '\0') {
		put_prefix(rp, state);
		fprintf(rp->out, "    %s ", _("What to do:"));
		put_text(rp->out, st->hint);
		fputc('\n', rp->out);
	}
}

enum plugin_state report_plugin(const struct report_plugin *rp,
				const struct settings *s,
				const struct check_result *r)
{
	enum plugin_state state = PLUGIN_OK;
	int i;

	for (i = 0; i < STEP_COUNT; i++) {
		enum plugin_state st = step_state(&r->steps[i]);

		/* UNKNOWN outranks CRITICAL: nothing was checked. */
		if (st > state)
			state = st;
	}
	put_prefix(rp, state);
	fprintf(rp->out, "SMTPWIZ %s - ", state_names[state]);
	if (state == PLUGIN_OK)
		put_ok_text(rp, s, r);
	else
		put_problem_text(rp, r, state);
	fputs(" | ", rp->out);
	put_perfdata(rp, s, r);
	fputc('\n', rp->out);
	for (i = 0; i < STEP_COUNT; i++)
		if (ran(&r->steps[i]) || r->steps[i].status == ST_SKIP)
			put_step(rp, &r->steps[i]);
	fflush(rp->out);
	return state;
}

enum plugin_state report_plugin_unknown(const struct report_plugin *rp,
					const char *msg)
{
	put_prefix(rp, PLUGIN_UNKNOWN);
	fputs("SMTPWIZ UNKNOWN - ", rp->out);
	put_text(rp->out, msg);
	fputc('\n', rp->out);
	fflush(rp->out);
	return PLUGIN_UNKNOWN;
}
