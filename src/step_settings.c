/* The `settings` step: the same validators the wizard runs on every key
 * press, plus the one check that needs the file system (the CA file). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "steps.h"
#include "validate.h"

#define MAX_FIELD_RESULTS 16

static void check_ca_file(const struct settings *s, struct field_result *out,
			  size_t *n)
{
	if (s->ca_file == NULL || s->ca_file[0] == '\0' ||
	    *n >= MAX_FIELD_RESULTS)
		return;
	if (access(s->ca_file, R_OK) == 0)
		return;
	out[*n].key = "ca_file";
	out[*n].result.status = V_ERROR;
	snprintf(out[*n].result.msg, sizeof(out[*n].result.msg),
		 _("cannot read the CA file %s: %s"), s->ca_file,
		 strerror(errno));
	(*n)++;
}

enum step_status step_settings(struct run *run)
{
	struct step *st = &run->result->steps[STEP_SETTINGS];
	struct field_result fr[MAX_FIELD_RESULTS];
	enum step_status status = ST_PASS;
	size_t n, i;

	step_begin(run, STEP_SETTINGS);
	n = validate_settings(run->settings, fr, MAX_FIELD_RESULTS);
	if (n > MAX_FIELD_RESULTS)
		n = MAX_FIELD_RESULTS;
	check_ca_file(run->settings, fr, &n);
	for (i = 0; i < n; i++) {
		step_add_evidence(st, "%s: %s", fr[i].key, fr[i].result.msg);
		if (fr[i].result.status == V_ERROR)
			status = ST_FAIL;
		else if (status == ST_PASS)
			status = ST_WARN;
	}
	switch (status) {
	case ST_FAIL:
		st->cause = "settings-invalid";
		snprintf(st->summary, sizeof(st->summary), "%s",
			 _("Some settings are not valid"));
		snprintf(st->hint, sizeof(st->hint), "%s",
			 _("Correct each field listed above in the "
			   "configuration file or with the wizard, then run "
			   "the check again."));
		break;
	case ST_WARN:
		st->cause = "settings-warning";
		snprintf(st->summary, sizeof(st->summary), "%s",
			 _("The settings are usable but look unusual"));
		snprintf(st->hint, sizeof(st->hint), "%s",
			 _("Read each warning above; if the check fails "
			   "later, these fields are the first suspects."));
		break;
	default:
		snprintf(st->summary, sizeof(st->summary), "%s",
			 _("The settings are complete and valid"));
	}
	step_end(run, STEP_SETTINGS, status);
	return status;
}
