/* What the three adapters share: names, notes, findings, the password's
 * lifetime, and the import into a settings record. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "mailer/adapters.h"
#include "mailer/mailer.h"

static const char *const names[MAILER_KINDS] = {"postfix", "exim4", "msmtp"};

const char *mailer_name(enum mailer_kind k)
{
	return k < MAILER_KINDS ? names[k] : "?";
}

int mailer_parse_name(const char *spec, enum mailer_kind *k, char *account,
		      size_t n, struct sw_error *err)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);

	account[0] = '\0';
	for (int i = 0; i < MAILER_KINDS; i++) {
		if (strlen(names[i]) != len || strncmp(spec, names[i], len))
			continue;
		*k = (enum mailer_kind)i;
		if (colon == NULL)
			return 0;
		if (i != MAILER_MSMTP || colon[1] == '\0' ||
		    strlen(colon + 1) >= n) {
			sw_error_set(err,
				     _("'%s': only msmtp takes an account "
				       "(msmtp:ACCOUNT)"),
				     spec);
			return -1;
		}
		snprintf(account, n, "%s", colon + 1);
		return 0;
	}
	sw_error_set(err,
		     _("'%s' is not one of postfix, exim4, msmtp or "
		       "msmtp:ACCOUNT"),
		     spec);
	return -1;
}

void mailer_note(struct mailer_info *mi, const char *fmt, ...)
{
	char raw[MAILER_TEXT_MAX];
	va_list ap;

	if (mi->nnotes >= MAILER_NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize(mi->notes[mi->nnotes++], MAILER_TEXT_MAX, raw,
		      strlen(raw));
}

void mailer_finding(struct mailer_info *mi, const char *cause, bool fail,
		    const char *file, int line, const char *text,
		    const char *fmt, ...)
{
	struct mailer_finding *f;
	char raw[MAILER_TEXT_MAX];
	va_list ap;

	if (mi->nfindings >= MAILER_FINDINGS_MAX)
		return;
	f = &mi->findings[mi->nfindings++];
	f->cause = cause;
	f->fail = fail;
	if (file == NULL)
		f->where[0] = '\0';
	else if (line > 0)
		snprintf(f->where, sizeof(f->where), "%s:%d", file, line);
	else
		snprintf(f->where, sizeof(f->where), "%s", file);
	text_sanitize(f->text, sizeof(f->text), text ? text : "",
		      text ? strlen(text) : 0);
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	text_sanitize(f->detail, sizeof(f->detail), raw, strlen(raw));
}

static void wipe(char *p)
{
	if (p != NULL) {
		explicit_bzero(p, strlen(p));
		free(p);
	}
}

void mailer_set_password(struct mailer_info *mi, const char *pw)
{
	wipe(mi->password);
	mi->password = pw ? strdup(pw) : NULL;
	mi->password_set = mi->password != NULL && mi->password[0] != '\0';
}

void mailer_info_free(struct mailer_info *mi)
{
	wipe(mi->password);
	mi->password = NULL;
}

int mailer_load(enum mailer_kind k, const char *account,
		const struct mailer_paths *p, struct mailer_info *mi,
		struct sw_error *err)
{
	memset(mi, 0, sizeof(*mi));
	mi->kind = k;
	mi->tls = SW_TLS_STARTTLS;
	mi->tls_verify = true;
	switch (k) {
	case MAILER_POSTFIX:
		return postfix_load(p, mi, err);
	case MAILER_EXIM4:
		return exim4_load(p, mi, err);
	case MAILER_MSMTP:
		return msmtp_load(p, account, mi, err);
	default:
		sw_error_set(err, "%s", _("unknown mailer"));
		return -1;
	}
}

static int set_opt(char **field, const char *v)
{
	return settings_set(field, v[0] != '\0' ? v : NULL);
}

int mailer_to_settings(const struct mailer_info *mi, struct settings *s)
{
	/* All three default to port 25 (465 for implicit TLS), not to
	 * smtpwiz's 587. */
	s->port = mi->port > 0                 ? mi->port
		  : mi->tls == SW_TLS_IMPLICIT ? 465
					       : 25;
	s->tls = mi->tls;
	s->tls_verify = mi->tls_verify;
	if (set_opt(&s->host, mi->host) || set_opt(&s->ca_file, mi->ca_file) ||
	    set_opt(&s->username, mi->username) ||
	    settings_set(&s->password, mi->password_set ? mi->password : NULL))
		return -1;
	if (mi->from[0] != '\0' && settings_set(&s->from, mi->from))
		return -1;
	return 0;
}
