/* The `settings` step: the same validators the wizard runs on every key
 * press, plus the checks that need the file system: the CA file, and the
 * permissions of the configuration file that was loaded. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "check/steps.h"
#include "config/ca_file.h"
#include "config/validate.h"

#define MAX_FIELD_RESULTS 16

static void check_ca_file(const struct settings *s, struct field_result *out,
			  size_t *n)
{
	struct vresult r;

	if (s->ca_file == NULL || s->ca_file[0] == '\0' ||
	    *n >= MAX_FIELD_RESULTS)
		return;
	r = ca_file_check(s->ca_file);
	if (r.status == V_OK)
		return;
	out[*n].key = "ca_file";
	out[*n].result.status = V_ERROR;
	snprintf(out[*n].result.msg, sizeof(out[*n].result.msg), "%.60s: %s",
		 s->ca_file, r.msg);
	(*n)++;
}

/* The path in single quotes for a shell command; NULL when it cannot be
 * quoted into buf. */
static const char *shell_quoted(const char *path, char *buf, size_t n)
{
	size_t o = 0;

	if (n < 3)
		return NULL;
	buf[o++] = '\'';
	for (; *path != '\0'; path++) {
		const char *piece = *path == '\'' ? "'\\''" : NULL;
		size_t len = piece != NULL ? strlen(piece) : 1;

		if (o + len + 2 > n)
			return NULL;
		memcpy(buf + o, piece != NULL ? piece : path, len);
		o += len;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

/* A configuration file that others can read holds a password they can
 * take; one they can write lets them send the next password typed to a
 * server of their choice. Either is worth a warning. */
static bool check_permissions(const struct settings *s, struct step *st)
{
	const struct settings_origin *o = &s->origin;
	const char *name = o->path[0] ? o->path : _("the configuration file");
	unsigned mode = 0;
	unsigned bits = settings_exposure(s, &mode);

	if (bits & SETTINGS_EXPOSED_READABLE)
		step_add_evidence(st,
				  _("%s holds the password and other users "
				    "can read it (mode %04o)"),
				  name, mode);
	if (bits & SETTINGS_EXPOSED_WRITABLE)
		step_add_evidence(
		    st, _("other users can change %s (mode %04o)"), name, mode);
	if (o->distrust[0] != '\0')
		step_add_evidence(st, "%s", o->distrust);
	return bits != SETTINGS_EXPOSED_NONE || o->distrust[0] != '\0';
}

/* The command that fixes the permissions, after the hint. */
static void add_chmod_hint(const struct settings *s, struct step *st)
{
	char quoted[SETTINGS_PATH_MAX + 64];

	if (s->origin.path[0] != '\0' &&
	    shell_quoted(s->origin.path, quoted, sizeof(quoted)) != NULL)
		step_add_hint(st, _("Run: chmod 600 %s"), quoted);
}

static void set_text(struct step *st, const char *summary, const char *hint)
{
	snprintf(st->summary, sizeof(st->summary), "%s", summary);
	snprintf(st->hint, sizeof(st->hint), "%s", hint);
}

/* One cause for the step: an invalid field first (nothing works until it
 * is fixed), then exposed permissions, then unusual values. */
static enum step_status verdict(struct run *run, struct step *st,
				enum step_status status, bool exposed)
{
	if (status == ST_FAIL) {
		st->cause = "settings-invalid";
		set_text(st, _("Some settings are not valid"),
			 _("Correct each field listed above in the "
			   "configuration file or with the wizard, then run "
			   "the check again."));
	} else if (exposed) {
		step_cause(run, STEP_SETTINGS, "settings-permissions", NULL);
		status = ST_WARN;
	} else if (status == ST_WARN) {
		st->cause = "settings-warning";
		set_text(st, _("The settings are usable but look unusual"),
			 _("Read each warning above; if the check fails "
			   "later, these fields are the first suspects."));
	} else {
		snprintf(st->summary, sizeof(st->summary), "%s",
			 _("The settings are complete and valid"));
	}
	if (exposed)
		add_chmod_hint(run->settings, st);
	return status;
}

enum step_status step_settings(struct run *run)
{
	struct step *st = &run->result->steps[STEP_SETTINGS];
	struct field_result fr[MAX_FIELD_RESULTS];
	enum step_status status = ST_PASS;
	bool exposed;
	size_t n, i;

	step_begin(run, STEP_SETTINGS);
	n = validate_settings(run->settings, fr, MAX_FIELD_RESULTS);
	if (n > MAX_FIELD_RESULTS)
		n = MAX_FIELD_RESULTS;
	check_ca_file(run->settings, fr, &n);
	exposed = check_permissions(run->settings, st);
	for (i = 0; i < n; i++) {
		step_add_evidence(st, "%s: %s", fr[i].key, fr[i].result.msg);
		if (fr[i].result.status == V_ERROR)
			status = ST_FAIL;
		else if (status == ST_PASS)
			status = ST_WARN;
	}
	status = verdict(run, st, status, exposed);
	step_end(run, STEP_SETTINGS, status);
	return status;
}
