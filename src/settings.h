/* The settings of one SMTP submission setup, and their configuration file
 * (libconfuse syntax; keys and defaults are a contract, see DESIGN.md). */
#ifndef SMTPWIZ_SETTINGS_H
#define SMTPWIZ_SETTINGS_H

#include <stdbool.h>

#include "error.h"

enum sw_tls {
	SW_TLS_NONE,
	SW_TLS_STARTTLS,
	SW_TLS_IMPLICIT,
};

#define SW_DEFAULT_PORT 587
#define SW_DEFAULT_TIMEOUT 15

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
	char *auth_mechanism; /* "auto" or a SASL mechanism name */
};

enum settings_load_status {
	SETTINGS_LOADED,
	SETTINGS_MISSING, /* no such file: the caller decides if that is fine */
	SETTINGS_INVALID, /* err holds "FILE:LINE: what is wrong" */
};

/* Fills in the defaults of the contract: port 587, starttls, verify on,
 * timeout 15, auth_mechanism "auto", everything else unset. */
void settings_init(struct settings *s);
/* Frees every string, wiping the password first. */
void settings_free(struct settings *s);

/* Replaces *field with a copy of value (NULL clears it). Returns 0, or -1
 * when out of memory. The old value is wiped before it is freed. */
int settings_set(char **field, const char *value);

enum settings_load_status settings_load(struct settings *s, const char *path,
					struct sw_error *err);

/* Atomic, mode 0600, never through a symlink; creates the parent directory
 * (0700) when missing. Returns 0, or -1 with err filled and any existing file
 * left untouched. */
int settings_save(const struct settings *s, const char *path,
		  struct sw_error *err);

/* "none", "starttls", "tls" */
const char *settings_tls_name(enum sw_tls tls);
/* Returns 0 and sets *tls for a known name, -1 otherwise. */
int settings_tls_parse(const char *name, enum sw_tls *tls);

#endif
