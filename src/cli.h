/* Command-line parsing: turns argv into options, or a usage error. */
#ifndef SMTPWIZ_CLI_H
#define SMTPWIZ_CLI_H

#include <stdbool.h>

#include "base/error.h"
#include "config/settings.h"

enum cli_mode {
	MODE_WIZARD,
	MODE_CHECK,
	MODE_LOOKUP,     /* --lookup ADDRESS: presets, SRV and MX */
	MODE_MAILER,     /* --mailer: the system's mailers */
	MODE_QUEUE,      /* --queue: a mailer's queue by reason */
	MODE_APPLY,      /* --apply NAME: tested settings into a mailer */
	MODE_APPLY_UNDO, /* --apply-undo NAME: its last backup back */
	MODE_HELP,
	MODE_VERSION,
};

/* --format; --json is FORMAT_JSON. */
enum cli_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_NAGIOS,     /* a Monitoring Plugins status line, exit 0-3 */
	FORMAT_PROMETHEUS, /* node_exporter's textfile collector */
};

struct cli_options {
	enum cli_mode mode;
	const char *config; /* --config, NULL when not given */
	enum cli_format format;
	bool json; /* format == FORMAT_JSON */
	bool send_test, transcript, no_color, mouse;
	bool no_deliverability;
	const char *password_file;
	const char *lookup;        /* --lookup ADDRESS */
	bool check;                /* --check was given */
	const char *from_mailer;   /* --from-mailer NAME[:ACCOUNT] */
	const char *mailer_config; /* --mailer-config PATH */
	bool run_passwordeval;     /* --run-passwordeval */
	const char *apply;         /* --apply / --apply-undo NAME */
	bool dry_run;              /* --dry-run */
	const char *passwordeval;  /* --passwordeval COMMAND (msmtp) */
	/* Overrides; has_* says whether the option was given. */
	const char *host, *user, *from, *to, *ca_file;
	bool has_port, has_tls, has_timeout, has_cert_warn_days;
	long port, timeout, cert_warn_days;
	enum sw_tls tls;
};

/* Returns 0, or -1 with err naming the offending option. */
int cli_parse(int argc, char **argv, struct cli_options *o,
	      struct sw_error *err);

/* Whether argv asks for the monitoring-plugin format, so that even a
 * usage error is reported as an UNKNOWN status line (exit 3). */
bool cli_wants_nagios(int argc, char **argv);

/* The --format names: "text", "json", "nagios", "prometheus". */
const char *cli_format_name(enum cli_format f);

/* Applies the overrides to s; returns 0, or -1 when out of memory. */
int cli_apply(const struct cli_options *o, struct settings *s);

/* --config, else $SMTPWIZ_CONFIG, else /etc/smtpwiz/smtpwiz.conf for root
 * and ${XDG_CONFIG_HOME:-~/.config}/smtpwiz/smtpwiz.conf for others. The
 * result is malloc'd; NULL when no home directory can be found. */
char *cli_config_path(const struct cli_options *o);

#endif
