/* The remediation catalogue: for each cause id a one-line summary and a hint
 * in plain words, translatable; provider-specific variants where the
 * provider's own fix differs. */
#ifndef SMTPWIZ_HINTS_H
#define SMTPWIZ_HINTS_H

#include <stddef.h>

struct hint {
	const char *cause;
	const char *summary; /* N_() marked; translate with _() when shown */
	const char *hint;    /* N_() marked */
};

/* The generic entry for a cause, or NULL for an unknown id. */
const struct hint *hint_lookup(const char *cause);

/* Provider-specific hint text for a cause (N_() marked), or NULL. */
const char *hint_provider(const char *cause, const char *provider);

/* All causes, for the man-page consistency test and the TUI's help. */
const struct hint *hint_table(size_t *n);
/* The mailers' causes (hints_mailer.c); hint_lookup finds them too. */
const struct hint *hint_mailer_table(size_t *n);

#endif
