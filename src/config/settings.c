/* The settings record: its key table, defaults and small accessors.
 * Loading is in settings_load.c, saving in settings_save.c. */
#include <config.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "config/settings.h"
#include "config/settings_impl.h"

#define KEY(field, type)                                                       \
	{                                                                      \
#field, type, offsetof(struct settings, field)                 \
	}

/* Contract order: the order settings_save writes them in. */
const struct key settings_keys[NKEYS] = {
    KEY(host, KEY_STR),
    KEY(port, KEY_INT),
    KEY(tls, KEY_TLS),
    KEY(tls_verify, KEY_BOOL),
    KEY(ca_file, KEY_STR),
    KEY(username, KEY_STR),
    KEY(password, KEY_STR),
    KEY(from, KEY_STR),
    KEY(test_recipient, KEY_STR),
    KEY(timeout, KEY_INT),
    KEY(helo_name, KEY_STR),
    KEY(auth_mechanism, KEY_STR),
    KEY(cert_warn_days, KEY_INT),
};

static const char *const tls_names[] = {
    [SW_TLS_NONE] = "none",
    [SW_TLS_STARTTLS] = "starttls",
    [SW_TLS_IMPLICIT] = "tls",
};

/* ---- public basics ------------------------------------------------------- */

void settings_init(struct settings *s)
{
	*s = (struct settings){
	    .port = SW_DEFAULT_PORT,
	    .tls = SW_TLS_STARTTLS,
	    .tls_verify = true,
	    .timeout = SW_DEFAULT_TIMEOUT,
	    .cert_warn_days = SW_DEFAULT_CERT_WARN_DAYS,
	};
	/* Out of memory leaves it NULL, which means the default anyway. */
	s->auth_mechanism = strdup("auto");
}

void settings_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (keys[i].type == KEY_STR)
			settings_set(str_field(s, &keys[i]), NULL);
	}
}

int settings_set(char **field, const char *value)
{
	char *copy = NULL;

	/* Copy before wiping: value may be *field itself. */
	if (value != NULL && (copy = strdup(value)) == NULL)
		return -1;
	wipe_free(*field);
	*field = copy;
	return 0;
}

/* "unknown" rather than NULL for a corrupt value: callers print it. */
const char *settings_tls_name(enum sw_tls tls)
{
	if ((unsigned)tls < sizeof(tls_names) / sizeof(tls_names[0]))
		return tls_names[tls];
	return "unknown";
}

const char *settings_pw_source_name(enum sw_pw_source src)
{
	static const char *const names[] = {
	    [SW_PW_NONE] = NULL,
	    [SW_PW_CONFIG] = "config",
	    [SW_PW_ENVIRONMENT] = "environment",
	    [SW_PW_PASSWORD_FILE] = "password-file",
	    [SW_PW_PROMPT] = "prompt",
	    [SW_PW_MAILER] = "mailer",
	};

	return (unsigned)src < sizeof(names) / sizeof(names[0]) ? names[src]
								: NULL;
}

const char *settings_tls_label(enum sw_tls tls)
{
	return tls == SW_TLS_IMPLICIT ? _("implicit TLS")
	       : tls == SW_TLS_NONE   ? _("no encryption")
				      : _("STARTTLS");
}

int settings_tls_parse(const char *name, enum sw_tls *tls)
{
	size_t i;

	for (i = 0;
	     name != NULL && i < sizeof(tls_names) / sizeof(tls_names[0]);
	     i++) {
		if (strcmp(name, tls_names[i]) == 0) {
			*tls = (enum sw_tls)i;
			return 0;
		}
	}
	/* Providers' instructions call implicit TLS "SSL" (or "SSL/TLS"),
	 * after the protocol's old name; saving writes "tls". */
	if (name != NULL && strcmp(name, "ssl") == 0) {
		*tls = SW_TLS_IMPLICIT;
		return 0;
	}
	return -1;
}

/* The mode now, when the file is still there: the wizard may have saved it
 * (as 0600) since it was loaded. */
unsigned settings_exposure(const struct settings *s, unsigned *mode_out)
{
	const struct settings_origin *o = &s->origin;
	unsigned mode = o->mode, bits = SETTINGS_EXPOSED_NONE;
	struct stat st;

	if (!o->loaded)
		return bits;
	if (o->path[0] != '\0' && stat(o->path, &st) == 0 &&
	    S_ISREG(st.st_mode))
		mode = (unsigned)st.st_mode & 07777;
	if (mode_out != NULL)
		*mode_out = mode;
	if (o->has_password && (mode & (S_IRGRP | S_IROTH)) != 0)
		bits |= SETTINGS_EXPOSED_READABLE;
	if ((mode & (S_IWGRP | S_IWOTH)) != 0)
		bits |= SETTINGS_EXPOSED_WRITABLE;
	return bits;
}
