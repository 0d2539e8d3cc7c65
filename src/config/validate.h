/* Pure per-field validators: no I/O, no global state. The TUI calls them on
 * every keystroke and --check calls them for the `settings` step, so both
 * always agree on what is acceptable. */
#ifndef SMTPWIZ_VALIDATE_H
#define SMTPWIZ_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/settings.h"

enum vstatus {
	V_OK,
	V_WARN,
	V_ERROR,
};

struct vresult {
	enum vstatus status;
	char msg[256]; /* translated, one line; empty when status is V_OK */
};

struct vresult validate_host(const char *host);
/* For the wizard's text field: parses and checks; *port is set when ok. */
struct vresult validate_port_text(const char *text, long *port);
struct vresult validate_port(long port);
struct vresult validate_tls_port(enum sw_tls tls, long port);
struct vresult validate_credentials(const char *username, const char *password);
/* what: a translated field label used in the message ("sender", ...) */
struct vresult validate_address(const char *addr, const char *what);
struct vresult validate_timeout(long seconds);
/* 0 (never warn) to CERT_WARN_DAYS_MAX: a year covers every public
 * certificate's lifetime (at most 398 days, CA/Browser Forum BR 6.3.2). */
#define CERT_WARN_DAYS_MAX 365
struct vresult validate_cert_warn_days(long days);
struct vresult validate_helo(const char *helo);
struct vresult validate_auth_mechanism(const char *mech);

struct field_result {
	const char *key; /* config key, never translated */
	struct vresult result;
};

/* Runs every validator over s; fills up to n results (one per field that is
 * not V_OK) and returns how many there were in all. */
size_t validate_settings(const struct settings *s, struct field_result *out,
			 size_t n);

#endif
