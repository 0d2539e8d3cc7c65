#include <config.h>

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "knowledge/hints.h"
#include "report/report_mailer.h"

static const char *or_dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "-";
}

static void text_one(FILE *out, const struct mailer_info *mi)
{
	fprintf(out, "%s%s%s  %s  %s%s\n", mailer_name(mi->kind),
		mi->account[0] ? ":" : "", mi->account, mi->config,
		mi->configured ? _("relays") : _("no relay set"),
		mi->kind != MAILER_POSTFIX ? ""
		: mi->running              ? _(", running")
					   : _(", not running"));
	if (mi->configured) {
		fprintf(out, "  %-10s %s  (%s)\n", _("relay"), mi->relay,
			or_dash(mi->relay_where));
		fprintf(out, "  %-10s %s, %s %ld\n", _("security"),
			settings_tls_label(mi->tls), _("port"),
			mi->port > 0                 ? mi->port
			: mi->tls == SW_TLS_IMPLICIT ? 465L
						     : 25L);
		fprintf(out, "  %-10s %s\n", _("CA file"),
			or_dash(mi->ca_file));
		fprintf(out, "  %-10s %s\n", _("user"), or_dash(mi->username));
		fprintf(out, "  %-10s %s%s%s%s\n", _("password"),
			mi->password_set ? _("set") : _("not set"),
			mi->password_where[0] ? " (" : "", mi->password_where,
			mi->password_where[0] ? ")" : "");
	}
	for (size_t i = 0; i < mi->nfindings; i++)
		fprintf(out, "  %s %s: %s (%s)\n",
			mi->findings[i].fail ? _("error:") : _("warning:"),
			or_dash(mi->findings[i].where), mi->findings[i].detail,
			mi->findings[i].cause);
	for (size_t i = 0; i < mi->nnotes; i++)
		fprintf(out, "  %s %s\n", _("note:"), mi->notes[i]);
}

void report_mailer_text(FILE *out, const struct mailer_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].mi != NULL)
			text_one(out, e[i].mi);
		else
			fprintf(out, "%s  %s\n", mailer_name(e[i].kind),
				e[i].why);
		if (i + 1 < n)
			fputc('\n', out);
	}
}

static json_object *str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_object_new_string(s) : NULL;
}

static json_object *findings_json(const struct mailer_info *mi)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < mi->nfindings; i++) {
		const struct mailer_finding *f = &mi->findings[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "cause",
				       json_object_new_string(f->cause));
		json_object_object_add(
		    o, "severity",
		    json_object_new_string(f->fail ? "fail" : "warn"));
		json_object_object_add(o, "location", str_or_null(f->where));
		json_object_object_add(o, "text", str_or_null(f->text));
		json_object_object_add(o, "detail",
				       json_object_new_string(f->detail));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *notes_json(const char (*notes)[MAILER_TEXT_MAX], size_t n)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(notes[i]));
	return arr;
}

static json_object *one_json(const struct mailer_entry *e)
{
	const struct mailer_info *mi = e->mi;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "mailer",
			       json_object_new_string(mailer_name(e->kind)));
	json_object_object_add(o, "error", mi ? NULL : str_or_null(e->why));
	if (mi == NULL)
		return o;
	json_object_object_add(o, "account", str_or_null(mi->account));
	json_object_object_add(o, "config", str_or_null(mi->config));
	json_object_object_add(o, "installed",
			       json_object_new_boolean(mi->installed));
	json_object_object_add(o, "configured",
			       json_object_new_boolean(mi->configured));
	if (mi->kind == MAILER_POSTFIX)
		json_object_object_add(o, "running",
				       json_object_new_boolean(mi->running));
	json_object_object_add(o, "relay", str_or_null(mi->relay));
	json_object_object_add(o, "relay_location",
			       str_or_null(mi->relay_where));
	json_object_object_add(o, "host", str_or_null(mi->host));
	json_object_object_add(
	    o, "port", mi->port > 0 ? json_object_new_int64(mi->port) : NULL);
	json_object_object_add(
	    o, "tls", json_object_new_string(settings_tls_name(mi->tls)));
	json_object_object_add(o, "ca_file", str_or_null(mi->ca_file));
	json_object_object_add(o, "username", str_or_null(mi->username));
	json_object_object_add(
	    o, "password",
	    json_object_new_string(mi->password_set ? "set" : "unset"));
	json_object_object_add(o, "password_location",
			       str_or_null(mi->password_where));
	json_object_object_add(o, "findings", findings_json(mi));
	json_object_object_add(o, "notes", notes_json(mi->notes, mi->nnotes));
	return o;
}

static int emit(FILE *out, json_object *root)
{
	const char *s = json_object_to_json_string_ext(
	    root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = s != NULL && fprintf(out, "%s\n", s) > 0 ? 0 : -1;

	json_object_put(root);
	return rc;
}

int report_mailer_json(FILE *out, const struct mailer_entry *e, size_t n)
{
	json_object *root = json_object_new_object();
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, one_json(&e[i]));
	json_object_object_add(root, "mailers", arr);
	return emit(out, root);
}

/* "3d 4h", "2h 5m", "12m", "40s". */
static void age(char *buf, size_t n, time_t now, time_t then)
{
	long s = then > 0 && now > then ? (long)(now - then) : 0;

	if (then == 0)
		snprintf(buf, n, "-");
	else if (s >= 86400)
		snprintf(buf, n, "%ldd %ldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, n, "%ldh %ldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, n, "%ldm", s / 60);
	else
		snprintf(buf, n, "%lds", s);
}

static const char *state_label(enum queue_state s)
{
	static const char *const labels[] = {N_("deferred"), N_("bounced"),
					     N_("waiting"), N_("on hold"),
					     N_("failed")};

	return (unsigned)s < sizeof(labels) / sizeof(labels[0]) ? _(labels[s])
								: "?";
}

void report_queue_text(FILE *out, const struct queue_summary *q)
{
	char when[32];

	fprintf(out, _("Queue of %s (%s): %lu messages\n"),
		mailer_name(q->kind), q->source, q->messages);
	for (size_t i = 0; i < q->nnotes; i++)
		fprintf(out, "  %s %s\n", _("note:"), q->notes[i]);
	if (q->n == 0) {
		fprintf(out, "  %s\n", _("Nothing is waiting."));
		return;
	}
	for (size_t i = 0; i < q->n; i++) {
		const struct queue_group *g = &q->groups[i];
		const struct hint *h = hint_lookup(g->cause);

		age(when, sizeof(when), q->now, g->oldest);
		fputc('\n', out);
		/* TRANSLATORS: count, state, cause id, age of the oldest. */
		fprintf(out, _("%6lu  %s  %s  (oldest: %s)\n"), g->count,
			state_label(g->state), g->cause ? g->cause : "-", when);
		if (h != NULL)
			fprintf(out, "        %s\n", _(h->summary));
		if (g->reason[0] != '\0')
			fprintf(out, "        %s %s\n", _("Reason:"),
				g->reason);
		if (h != NULL)
			fprintf(out, "        %s %s\n", _("Hint:"), _(h->hint));
	}
	if (q->skipped > 0)
		fprintf(out, _("\n%lu entries could not be read.\n"),
			q->skipped);
	if (q->capped)
		fprintf(out,
			_("More than %d distinct reasons: the rest are "
			  "counted together.\n"),
			QUEUE_GROUPS_MAX);
}

int report_queue_json(FILE *out, const struct queue_summary *q)
{
	json_object *root = json_object_new_object();
	json_object *arr = json_object_new_array();

	json_object_object_add(root, "mailer",
			       json_object_new_string(mailer_name(q->kind)));
	json_object_object_add(root, "source", str_or_null(q->source));
	json_object_object_add(root, "messages",
			       json_object_new_int64((int64_t)q->messages));
	json_object_object_add(root, "skipped",
			       json_object_new_int64((int64_t)q->skipped));
	json_object_object_add(root, "capped",
			       json_object_new_boolean(q->capped));
	for (size_t i = 0; i < q->n; i++) {
		const struct queue_group *g = &q->groups[i];
		const struct hint *h = hint_lookup(g->cause);
		json_object *o = json_object_new_object();

		json_object_object_add(
		    o, "state",
		    json_object_new_string(queue_state_name(g->state)));
		json_object_object_add(o, "cause", str_or_null(g->cause));
		json_object_object_add(o, "summary",
				       h ? json_object_new_string(_(h->summary))
					 : NULL);
		json_object_object_add(
		    o, "hint", h ? json_object_new_string(_(h->hint)) : NULL);
		json_object_object_add(o, "reason", str_or_null(g->reason));
		json_object_object_add(
		    o, "count", json_object_new_int64((int64_t)g->count));
		json_object_object_add(
		    o, "oldest",
		    g->oldest ? json_object_new_int64((int64_t)g->oldest)
			      : NULL);
		json_object_object_add(
		    o, "oldest_age_s",
		    g->oldest
			? json_object_new_int64((int64_t)(q->now - g->oldest))
			: NULL);
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "groups", arr);
	json_object_object_add(root, "notes", notes_json(q->notes, q->nnotes));
	return emit(out, root);
}
