/* The modes that read the system's mailers (top level, beside main.c). */
#ifndef SMTPWIZ_MODES_MAILER_H
#define SMTPWIZ_MODES_MAILER_H

#include "cli.h"
#include "config/settings.h"
#include "mailer/mailer.h"

/* --mailer: exit 0 when a mailer was read, 1 when none, 2 on error. */
int mode_mailer(const struct cli_options *o);
/* --queue: exit 0 when nothing is stuck, 1 when mail is deferred,
 * bounced or on hold, 2 when the queue cannot be read. */
int mode_queue(const struct cli_options *o);
/* --check --from-mailer: fills s from the mailer (messages on stderr);
 * 0, or -1 when it cannot be read. */
int mailer_import(const struct cli_options *o, struct settings *s,
		  struct mailer_info *mi);

#endif
