/* "Fix" on the test screen: from a failed step's cause id to the wizard
 * field where the user can correct it. Pure data, no curses. */
#ifndef SMTPWIZ_TUI_FIX_H
#define SMTPWIZ_TUI_FIX_H

#include "check/checklist.h"

enum fix_field {
	FIX_NONE,
	FIX_HOST,
	FIX_PORT,
	FIX_TLS,
	FIX_VERIFY,
	FIX_CA_FILE,
	FIX_USER,
	FIX_PASSWORD,
	FIX_FROM,
	FIX_TO,
};

/* By cause id (prefix rules), else by the step that failed. */
enum fix_field fix_for_cause(const char *cause, enum step_id step);
/* By configuration key ("host", "test_recipient", ...), as the settings
 * step names them in its evidence. */
enum fix_field fix_for_key(const char *key);

#endif
