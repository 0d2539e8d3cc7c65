#include <config.h>

#include <stdio.h>

#include "i18n.h"
#include "tui.h"

/* The wizard screens are tracked in their own issue; until they land, say
 * plainly what works instead of opening a half-built screen. */
int tui_run(const char *path, struct settings *s, bool no_color, bool mouse)
{
	(void)s;
	(void)no_color;
	(void)mouse;
	fprintf(stderr,
		_("smtpwiz: the interactive wizard is not available in this "
		  "version.\nWrite %s by hand (see smtpwiz.conf(5)) and run "
		  "smtpwiz --check.\n"),
		path);
	return 2;
}
