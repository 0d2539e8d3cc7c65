/* What the pager shows from the test screen: the redacted protocol log,
 * and one step's details (summary, evidence, hint) in full. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "net/transcript.h"
#include "tui/app.h"
#include "tui/runner.h"

static size_t log_count(void *ctx)
{
	struct transcript *t = runner_transcript();

	return t != NULL ? transcript_count(t) : 0;
}

/* The same layout as --check --transcript, so saved logs compare. */
static int log_line(void *ctx, size_t i, char *buf, size_t n)
{
	struct transcript *t = runner_transcript();
	char text[TRANSCRIPT_LINE_MAX];
	enum tr_dir dir;
	int64_t ms;

	if (t == NULL || transcript_get(t, i, &ms, &dir, text, sizeof(text)))
		return -1;
	snprintf(buf, n, "%4lld.%03lld %s: %s", (long long)(ms / 1000),
		 (long long)(ms % 1000), transcript_dir_name(dir), text);
	return 0;
}

void logview_open(struct app *a)
{
	struct pager_src src = {log_count, log_line, NULL};

	pager_open(a, _("Protocol log (passwords redacted)"), src, true,
		   a->tv.running);
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);
	char *p;

	if (*buf == NULL)
		return;
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		p = realloc(*buf, *cap);
		if (p == NULL) {
			free(*buf);
			*buf = NULL;
			return;
		}
		*buf = p;
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

void details_open(struct app *a, const struct step *st)
{
	size_t len = 0, cap = 1024;
	char *text = malloc(cap), line[4096];
	const char *ev = st->evidence, *nl;

	snprintf(line, sizeof(line), "%s: %s\n\n", step_label(st->id),
		 st->summary[0] ? st->summary : step_status_name(st->status));
	append(&text, &len, &cap, line);
	if (st->cause != NULL) {
		snprintf(line, sizeof(line), _("Cause: %s\n\n"), st->cause);
		append(&text, &len, &cap, line);
	}
	if (ev[0] != '\0') {
		append(&text, &len, &cap, _("Evidence:"));
		for (; ev != NULL && *ev != '\0'; ev = nl ? nl + 1 : NULL) {
			nl = strchr(ev, '\n');
			snprintf(line, sizeof(line), "\n  %.*s",
				 nl ? (int)(nl - ev) : (int)strlen(ev), ev);
			append(&text, &len, &cap, line);
		}
		append(&text, &len, &cap, "\n\n");
	}
	if (st->hint[0] != '\0') {
		append(&text, &len, &cap, _("What to do:\n"));
		append(&text, &len, &cap, st->hint);
	}
	pager_open_text(a, step_label(st->id), text != NULL ? text : "");
	free(text);
}
