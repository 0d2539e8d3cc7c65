#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "report/progress.h"
#include "report/report.h"
#include "net/transcript.h"

#define INDENT 9

static const char *mark(enum step_status st)
{
	switch (st) {
	case ST_PASS:
		return "PASS";
	case ST_WARN:
		return "WARN";
	case ST_FAIL:
		return "FAIL";
	case ST_SKIP:
		return "SKIP";
	default:
		return "....";
	}
}

static const char *colour(enum step_status st)
{
	switch (st) {
	case ST_PASS:
		return "\033[32m";
	case ST_WARN:
		return "\033[33m";
	case ST_FAIL:
		return "\033[1;31m";
	default:
		return "\033[2m";
	}
}

/* Columns taken by a UTF-8 string, counting each character as one: good
 * enough for wrapping the Latin-script translations we ship. */
static int ucols(const char *s, size_t len)
{
	int n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* Prints one paragraph word-wrapped at width, every line indented; the
 * first line goes on after the col columns the caller already printed. */
static void wrap_at(FILE *out, const char *text, int col, int indent, int width)
{
	int end = width > indent + 20 ? width : indent + 20;
	bool first = true; /* no word on this line yet */
	const char *p = text;

	while (*p != '\0') {
		size_t wl = strcspn(p, " ");
		int wc = ucols(p, wl);

		if (!first && col + 1 + wc > end) {
			fputc('\n', out);
			col = 0;
			first = true;
		}
		if (col == 0)
			col = fprintf(out, "%*s", indent, "");
		if (!first)
			fputc(' ', out), col++;
		fwrite(p, 1, wl, out);
		col += wc;
		first = false;
		p += wl;
		while (*p == ' ')
			p++;
	}
	if (col > 0)
		fputc('\n', out);
}

static void wrap(FILE *out, const char *text, int indent, int width)
{
	wrap_at(out, text, 0, indent, width);
}

static void print_lines(FILE *out, const char *text, int indent, int width)
{
	char line[2048];
	const char *p = text;

	while (*p != '\0') {
		size_t l = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)l, p);
		wrap(out, line, indent, width);
		p += l;
		if (*p == '\n')
			p++;
	}
}

/* How the classifier reached a reply's cause, in words (the JSON report
 * gives the id). */
static const char *basis_text(const char *basis)
{
	static const struct {
		const char *id, *text;
	} names[] = {
	    {"text", N_("from the server's words")},
	    {"enhanced-code", N_("from the enhanced status code")},
	    {"reply-code", N_("from the reply code")},
	    {"context",
	     N_("from the session (login, TLS, recipient's domain)")},
	    {"fallback",
	     N_("nothing specific matched: the step's general cause")},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].id, basis) == 0)
			return _(names[i].text);
	return basis;
}

static void print_step(struct report_text *rt, const struct step *st)
{
	FILE *out = rt->out;

	if (rt->color)
		fprintf(out, "%s%s\033[0m", colour(st->status),
			mark(st->status));
	else
		fputs(mark(st->status), out);
	/* A long summary (a certificate's subject and dates) wraps under
	 * itself rather than past the terminal's edge. */
	char line[STEP_SUMMARY_MAX + 64];
	int head;

	/* 14: the longest step id, "deliverability". */
	head = fprintf(out, "  %-14s ", step_id_name(st->id)) + 4;
	if (st->cause != NULL)
		snprintf(line, sizeof(line), "%s [%s]", st->summary, st->cause);
	else
		snprintf(line, sizeof(line), "%s", st->summary);
	if (line[0] == '\0')
		fputc('\n', out);
	else
		wrap_at(out, line, head, head, rt->width);
	if (st->status != ST_FAIL && st->status != ST_WARN)
		return;
	if (st->evidence[0] != '\0') {
		fprintf(out, "%*s%s\n", INDENT - 2, "", _("Evidence:"));
		print_lines(out, st->evidence, INDENT, rt->width);
	}
	if (st->basis != NULL) {
		char how[256];

		snprintf(how, sizeof(how), _("How the cause was found: %s"),
			 basis_text(st->basis));
		print_lines(out, how, INDENT, rt->width);
	}
	if (st->hint[0] != '\0') {
		fprintf(out, "%*s%s\n", INDENT - 2, "", _("What to do:"));
		print_lines(out, st->hint, INDENT, rt->width);
	}
}

void report_text_event(void *ctx, enum check_event ev, const struct step *st,
		       const char *notice)
{
	struct report_text *rt = ctx;

	progress_hold(rt->progress, ev, st);
	if (ev == CHECK_NOTICE && notice != NULL)
		wrap(rt->out, notice, 0, rt->width);
	else if (ev == CHECK_STEP_FINISHED && st != NULL)
		print_step(rt, st);
	fflush(rt->out);
	progress_release(rt->progress);
}

/* Where the password came from, never what it is. */
static const char *password_source_text(const struct settings *s)
{
	static char buf[SETTINGS_PATH_MAX + 128];

	switch (s->password_source) {
	case SW_PW_CONFIG:
		snprintf(buf, sizeof(buf),
			 _("Password: from the configuration file %s"),
			 s->origin.path[0] ? s->origin.path : "-");
		return buf;
	case SW_PW_ENVIRONMENT:
		return _("Password: from the environment (SMTPWIZ_PASSWORD)");
	case SW_PW_PASSWORD_FILE:
		return _("Password: from --password-file");
	case SW_PW_PROMPT:
		return _("Password: typed at the prompt");
	case SW_PW_MAILER:
		snprintf(buf, sizeof(buf),
			 _("Password: from the mailer's own file %s"),
			 s->origin.path[0] ? s->origin.path : "-");
		return buf;
	default:
		return _("Password: none given");
	}
}

void report_text_header(struct report_text *rt, const struct settings *s)
{
	fprintf(rt->out, _("Checking %s port %ld (TLS: %s)\n"),
		s->host && s->host[0] ? s->host : "-", s->port,
		settings_tls_name(s->tls));
	if (s->username != NULL && s->username[0] != '\0')
		fprintf(rt->out, "%s\n", password_source_text(s));
	fflush(rt->out);
}

void report_text_footer(struct report_text *rt, const struct check_result *r)
{
	int failed = 0, warned = 0, i;

	for (i = 0; i < STEP_COUNT; i++) {
		failed += r->steps[i].status == ST_FAIL;
		warned += r->steps[i].status == ST_WARN;
	}
	if (failed > 0)
		fprintf(rt->out,
			ngettext("Result: FAIL (%d step failed)\n",
				 "Result: FAIL (%d steps failed)\n", failed),
			failed);
	else if (warned > 0)
		fprintf(rt->out,
			ngettext("Result: PASS with %d warning\n",
				 "Result: PASS with %d warnings\n", warned),
			warned);
	else
		fputs(_("Result: PASS\n"), rt->out);
}

void report_text_transcript(struct report_text *rt,
			    const struct check_result *r)
{
	char line[TRANSCRIPT_LINE_MAX];
	enum tr_dir dir;
	int64_t ms;
	size_t i;

	fputs(_("Transcript:\n"), rt->out);
	for (i = 0; transcript_get(r->transcript, i, &ms, &dir, line,
				   sizeof(line)) == 0;
	     i++)
		fprintf(rt->out, "%4lld.%03lld %s: %s\n",
			(long long)(ms / 1000), (long long)(ms % 1000),
			transcript_dir_name(dir), line);
}
