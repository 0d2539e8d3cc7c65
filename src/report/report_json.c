#include <config.h>

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "net/transcript.h"

static json_object *evidence_array(const char *text)
{
	json_object *arr = json_object_new_array();
	const char *p = text;

	while (*p != '\0') {
		size_t l = strcspn(p, "\n");

		json_object_array_add(arr,
				      json_object_new_string_len(p, (int)l));
		p += l;
		if (*p == '\n')
			p++;
	}
	return arr;
}

static json_object *step_object(const struct step *st)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id",
			       json_object_new_string(step_id_name(st->id)));
	json_object_object_add(
	    o, "status", json_object_new_string(step_status_name(st->status)));
	json_object_object_add(
	    o, "cause", st->cause ? json_object_new_string(st->cause) : NULL);
	json_object_object_add(
	    o, "basis", st->basis ? json_object_new_string(st->basis) : NULL);
	json_object_object_add(o, "summary",
			       json_object_new_string(st->summary));
	/* Absent is null throughout, as for cause. */
	json_object_object_add(
	    o, "hint", st->hint[0] ? json_object_new_string(st->hint) : NULL);
	json_object_object_add(o, "evidence", evidence_array(st->evidence));
	json_object_object_add(o, "elapsed_ms",
			       json_object_new_int64(st->elapsed_ms));
	return o;
}

static json_object *transcript_array(struct transcript *t)
{
	json_object *arr = json_object_new_array();
	char line[TRANSCRIPT_LINE_MAX];
	enum tr_dir dir;
	int64_t ms;
	size_t i;

	for (i = 0; transcript_get(t, i, &ms, &dir, line, sizeof(line)) == 0;
	     i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "ms", json_object_new_int64(ms));
		json_object_object_add(
		    o, "dir", json_object_new_string(transcript_dir_name(dir)));
		json_object_object_add(o, "line", json_object_new_string(line));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *target_object(const struct settings *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(
	    o, "host", s->host ? json_object_new_string(s->host) : NULL);
	json_object_object_add(o, "port", json_object_new_int64(s->port));
	json_object_object_add(
	    o, "tls", json_object_new_string(settings_tls_name(s->tls)));
	json_object_object_add(
	    o, "password_source",
	    settings_pw_source_name(s->password_source)
		? json_object_new_string(
		      settings_pw_source_name(s->password_source))
		: NULL);
	return o;
}

int report_json(FILE *out, const struct settings *s,
		const struct check_result *r)
{
	json_object *doc = json_object_new_object();
	json_object *steps = json_object_new_array();
	const char *text;
	int i, rc;

	json_object_object_add(doc, "version",
			       json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(doc, "target", target_object(s));
	json_object_object_add(
	    doc, "result",
	    json_object_new_string(step_status_name(check_result_overall(r))));
	for (i = 0; i < STEP_COUNT; i++)
		if (r->steps[i].status != ST_WAITING)
			json_object_array_add(steps, step_object(&r->steps[i]));
	json_object_object_add(doc, "steps", steps);
	json_object_object_add(doc, "transcript",
			       transcript_array(r->transcript));
	text = json_object_to_json_string_ext(
	    doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = (text != NULL && fprintf(out, "%s\n", text) > 0) ? 0 : -1;
	json_object_put(doc);
	return rc;
}
