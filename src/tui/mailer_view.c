/* The wizard's side of the system mailer: offering the settings the mailer
 * uses now on the first screen, and its queue grouped by reason. Reading
 * is mailer/'s; this only shows it. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "knowledge/hints.h"
#include "mailer/queue.h"
#include "tui/app.h"
#include "tui/tui.h"

#define QUEUE_TEXT_MAX (64 * 1024)

static struct {
	bool given;
	enum mailer_kind kind;
	char account[128];
	struct mailer_paths paths;
} source;

void tui_mailer_source(enum mailer_kind k, const char *account,
		       const struct mailer_paths *p)
{
	source.given = true;
	source.kind = k;
	snprintf(source.account, sizeof(source.account), "%s",
		 account ? account : "");
	if (p != NULL)
		source.paths = *p;
}

const struct mailer_paths *mailer_view_paths(void)
{
	return &source.paths;
}

void mailer_view_detect(struct app *a)
{
	struct mailer_info *mi = calloc(1, sizeof(*mi));
	struct sw_error err;

	for (int k = 0; mi != NULL && k < MAILER_KINDS; k++) {
		if (source.given && k != (int)source.kind)
			continue;
		if (mailer_load((enum mailer_kind)k, source.account,
				&source.paths, mi, &err) == 0 &&
		    mi->configured) {
			a->mailer = mi;
			return;
		}
		mailer_info_free(mi);
	}
	free(mi);
}

void mailer_view_free(struct app *a)
{
	if (a->mailer != NULL)
		mailer_info_free(a->mailer);
	free(a->mailer);
	a->mailer = NULL;
}

void mailer_view_use(struct app *a)
{
	struct settings s;

	settings_init(&s);
	if (model_copy(a->settings, &s) != 0 ||
	    mailer_to_settings(a->mailer, &s) != 0) {
		settings_free(&s);
		wizard_set_status(a, V_ERROR, "%s", _("out of memory"));
		return;
	}
	model_load(a, &s);
	a->no_auth = a->mailer->username[0] == '\0';
	a->mailer_used = true;
	settings_free(&s);
	wizard_goto(a, SCR_SUMMARY, IT_BUTTON, BTN_TEST);
	wizard_set_status(a, V_OK,
			  _("These are the settings %s uses now (from %s); "
			    "Test checks them and the mailer's own "
			    "configuration."),
			  mailer_name(a->mailer->kind), a->mailer->config);
}

static void add(char *buf, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= QUEUE_TEXT_MAX - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, QUEUE_TEXT_MAX - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n < QUEUE_TEXT_MAX - *len
			    ? (size_t)n
			    : QUEUE_TEXT_MAX - 1 - *len;
}

static void age(char *buf, size_t n, time_t now, time_t then)
{
	long s = then > 0 && now > then ? (long)(now - then) : 0;

	if (then == 0)
		snprintf(buf, n, "-");
	else if (s >= 86400)
		snprintf(buf, n, _("%ld days"), s / 86400);
	else if (s >= 3600)
		snprintf(buf, n, _("%ld hours"), s / 3600);
	else
		snprintf(buf, n, _("%ld minutes"), s / 60);
}

static void queue_text(const struct queue_summary *q, char *buf)
{
	size_t len = 0;
	char when[64];

	/* TRANSLATORS: mailer name, where it was read, count. */
	add(buf, &len, _("Queue of %s (%s): %lu messages\n"),
	    mailer_name(q->kind), q->source, q->messages);
	for (size_t i = 0; i < q->nnotes; i++)
		add(buf, &len, "%s\n", q->notes[i]);
	if (q->n == 0)
		add(buf, &len, "%s\n", _("Nothing is waiting."));
	for (size_t i = 0; i < q->n; i++) {
		const struct queue_group *g = &q->groups[i];
		const struct hint *h = hint_lookup(g->cause);

		age(when, sizeof(when), q->now, g->oldest);
		add(buf, &len, "\n");
		/* TRANSLATORS: count, state, cause id, age of the oldest. */
		add(buf, &len, _("%lu %s, %s (oldest: %s)\n"), g->count,
		    queue_state_name(g->state), g->cause ? g->cause : "-",
		    when);
		if (h != NULL)
			add(buf, &len, "%s\n", _(h->summary));
		if (g->reason[0] != '\0')
			add(buf, &len, "%s %s\n", _("Reason:"), g->reason);
		if (h != NULL)
			add(buf, &len, "%s %s\n", _("Hint:"), _(h->hint));
	}
}

void mailer_view_queue(struct app *a)
{
	struct queue_summary q;
	struct sw_error err = {{0}};
	char *buf;

	if (a->mailer == NULL)
		return;
	if (mailer_queue(a->mailer->kind, &source.paths, &q, &err) != 0) {
		queue_summary_free(&q);
		wizard_set_status(a, V_ERROR, "%s", err.msg);
		return;
	}
	buf = calloc(1, QUEUE_TEXT_MAX);
	if (buf == NULL) {
		queue_summary_free(&q);
		return;
	}
	queue_text(&q, buf);
	queue_summary_free(&q);
	pager_open_text(a, _("Mail queue"), buf);
	free(buf);
}
