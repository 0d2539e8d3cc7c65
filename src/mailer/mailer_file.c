/* Reading the mailers' files: bounded lines, and a plain account of why a
 * file could not be read (the usual reason: it is root's). */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "mailer/adapters.h"

FILE *mailer_open(struct mailer_info *mi, const char *path)
{
	FILE *f = fopen(path, "re");

	if (f != NULL)
		return f;
	if (errno == EACCES && geteuid() != 0)
		mailer_note(mi,
			    _("cannot read %s: permission denied (it is "
			      "readable by root only; run smtpwiz as root "
			      "to include it)"),
			    path);
	else
		mailer_note(mi, _("cannot read %s: %s"), path, strerror(errno));
	return NULL;
}

int mailer_read_line(FILE *f, char *buf, int *lineno)
{
	size_t len;
	int c;

	if (fgets(buf, MAILER_LINE_MAX, f) == NULL)
		return 0;
	(*lineno)++;
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else
		while ((c = getc(f)) != EOF && c != '\n')
			;
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return 1;
}

char *mailer_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}
