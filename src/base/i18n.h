/* Translation macros: one place decides whether gettext is compiled in. */
#ifndef SMTPWIZ_I18N_H
#define SMTPWIZ_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s)                   (s)
#define ngettext(one, many, n) ((n) == 1 ? (one) : (many))
#endif
#define N_(s) (s)

#endif
