/* Internal to the engine: the state of one checklist run shared by the step
 * implementations. Not for the UI or report layers. */
#ifndef SMTPWIZ_STEPS_H
#define SMTPWIZ_STEPS_H

#include "checklist.h"
#include "transcript.h"

struct run {
	const struct settings *settings;
	const struct check_options *opt;
	struct check_result *result;
	struct transcript *transcript;
	check_listener fn;
	void *ctx;
};

void step_begin(struct run *run, enum step_id id);
void step_end(struct run *run, enum step_id id, enum step_status status);
void step_skip(struct run *run, enum step_id id, const char *why);
void run_notice(struct run *run, const char *text);

enum step_status step_settings(struct run *run);

#endif
