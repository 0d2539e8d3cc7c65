/* --apply and --apply-undo (top level, beside main.c). */
#ifndef SMTPWIZ_MODES_APPLY_H
#define SMTPWIZ_MODES_APPLY_H

#include "cli.h"
#include "config/settings.h"

/* Tests s, shows the changes, applies them (unless --dry-run or not
 * allowed) and proves delivery. 0 applied and delivered (or a dry run),
 * 1 the test, the apply or the delivery failed, 2 usage. */
int mode_apply(const struct cli_options *o, struct settings *s);
/* 0 restored, 1 nothing to restore or the restore failed, 2 usage. */
int mode_apply_undo(const struct cli_options *o);

#endif
