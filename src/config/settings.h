/* The settings of one SMTP submission setup, and their configuration file
 * (libconfuse syntax; keys and defaults are a contract, see DESIGN.md). */
#ifndef SMTPWIZ_SETTINGS_H
#define SMTPWIZ_SETTINGS_H

#include <stdbool.h>

#include "base/error.h"

enum sw_tls {
	SW_TLS_NONE,
	SW_TLS_STARTTLS,
	SW_TLS_IMPLICIT,
};

#define SW_DEFAULT_PORT    587
#define SW_DEFAULT_TIMEOUT 15
/* check_smtp -D and certbot's renewal window (30 days) bracket it: two
 * weeks leaves time to renew before mail programs refuse the server. */
#define SW_DEFAULT_CERT_WARN_DAYS 14

/* The longest path settings_origin keeps. */
#define SETTINGS_PATH_MAX 4096

/* What settings_load saw of the file itself. Not a setting and never saved;
 * it holds no pointers, so struct settings still copies by value. */
struct settings_origin {
	bool loaded;       /* settings_load filled this struct from a file */
	bool has_password; /* ...which sets a non-empty password */
	unsigned mode;     /* the file's permission bits (st_mode & 07777) */
	char path[SETTINGS_PATH_MAX]; /* as given; "" when it did not fit */
};

/* Where the password came from: --check says so, since a wrong password
 * is often one from an unexpected place (an old SMTPWIZ_PASSWORD). */
enum sw_pw_source {
	SW_PW_NONE,
	SW_PW_CONFIG,        /* the configuration file */
	SW_PW_ENVIRONMENT,   /* SMTPWIZ_PASSWORD */
	SW_PW_PASSWORD_FILE, /* --password-file */
	SW_PW_PROMPT,        /* typed at the prompt */
	SW_PW_MAILER,        /* the system mailer's own files (origin.path
				says which) */
};

/* "config", "environment", "password-file", "prompt", "mailer", or NULL:
 * JSON. */
const char *settings_pw_source_name(enum sw_pw_source src);

/* Every string is heap-allocated or NULL; NULL and "" both mean unset. */
struct settings {
	char *host;
	long port;
	enum sw_tls tls;
	bool tls_verify;
	char *ca_file;
	char *username;
	char *password;
	char *from;
	char *test_recipient;
	long timeout;
	char *helo_name;
	char *auth_mechanism;              /* "auto" or a SASL mechanism name */
	enum sw_pw_source password_source; /* not a setting: never saved */
	/* The certificate step warns when the certificate expires within
	 * this many days; 0 turns the warning off. */
	long cert_warn_days;
	struct settings_origin origin;
};

enum settings_load_status {
	SETTINGS_LOADED,
	SETTINGS_MISSING, /* no such file: the caller decides if that is fine */
	SETTINGS_INVALID, /* err holds "FILE:LINE: what is wrong" */
};

/* Fills in the defaults of the contract: port 587, starttls, verify on,
 * timeout 15, auth_mechanism "auto", cert_warn_days 14, everything else
 * unset. */
void settings_init(struct settings *s);
/* Frees every string, wiping the password first. */
void settings_free(struct settings *s);

/* Replaces *field with a copy of value (NULL clears it). Returns 0, or -1
 * when out of memory. The old value is wiped before it is freed. */
int settings_set(char **field, const char *value);

/* On success also fills s->origin from the file it read. */
enum settings_load_status settings_load(struct settings *s, const char *path,
					struct sw_error *err);

/* Ways the loaded file's permissions put the password at risk (bits). */
enum settings_exposure {
	SETTINGS_EXPOSED_NONE = 0,
	/* it holds a password that group or others can read */
	SETTINGS_EXPOSED_READABLE = 1,
	/* group or others can rewrite it, e.g. point it at their own server
	 * and collect the password when it is next typed */
	SETTINGS_EXPOSED_WRITABLE = 2,
};

/* SETTINGS_EXPOSED_* bits for the file s was loaded from (NONE when
 * nothing was loaded), by its mode now if it is still there; *mode (if not
 * NULL) is set to the mode judged. */
unsigned settings_exposure(const struct settings *s, unsigned *mode);

/* Atomic, mode 0600, never through a symlink; creates the parent directory
 * (0700) when missing. Returns 0, or -1 with err filled and any existing file
 * left untouched.
 *
 * Like sshd's StrictModes, it refuses to save where another user could
 * replace or remove the file: every directory from the parent up to "/"
 * (symbolic links resolved) must be owned by root or by the effective user,
 * and must not be writable by group or others unless it has the sticky bit
 * (as /tmp has: there only a file's owner may rename or remove it). */
int settings_save(const struct settings *s, const char *path,
		  struct sw_error *err);

/* "none", "starttls", "tls": the value in the file and on the command
 * line, never translated. */
const char *settings_tls_name(enum sw_tls tls);
/* The mode's one name in prose, translated: "no encryption", "STARTTLS",
 * "implicit TLS". Every message names a mode this way. */
const char *settings_tls_label(enum sw_tls tls);
/* Returns 0 and sets *tls for a known name, -1 otherwise. */
int settings_tls_parse(const char *name, enum sw_tls *tls);

#endif
