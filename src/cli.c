#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "base/i18n.h"
#include "config/validate.h"

enum {
	OPT_HOST = 256,
	OPT_PORT,
	OPT_TLS,
	OPT_USER,
	OPT_FROM,
	OPT_TO,
	OPT_CA_FILE,
	OPT_TIMEOUT,
	OPT_SEND_TEST,
	OPT_NO_DELIVERABILITY,
	OPT_JSON,
	OPT_TRANSCRIPT,
	OPT_PASSWORD_FILE,
	OPT_NO_COLOR,
	OPT_MOUSE,
	OPT_PASSWORD,
	OPT_LOOKUP,
	OPT_MAILER,
	OPT_QUEUE,
	OPT_FROM_MAILER,
	OPT_MAILER_CONFIG,
	OPT_RUN_PASSWORDEVAL,
	OPT_APPLY,
	OPT_APPLY_UNDO,
	OPT_DRY_RUN,
	OPT_PASSWORDEVAL,
	OPT_FORMAT,
	OPT_CERT_WARN_DAYS,
};

static const char *const format_names[] = {
    [FORMAT_TEXT] = "text",
    [FORMAT_JSON] = "json",
    [FORMAT_NAGIOS] = "nagios",
    [FORMAT_PROMETHEUS] = "prometheus",
};

static const struct option long_opts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"config", required_argument, NULL, 'c'},
    {"check", no_argument, NULL, 'C'},
    {"lookup", required_argument, NULL, OPT_LOOKUP},
    {"mailer", no_argument, NULL, OPT_MAILER},
    {"queue", no_argument, NULL, OPT_QUEUE},
    {"from-mailer", required_argument, NULL, OPT_FROM_MAILER},
    {"mailer-config", required_argument, NULL, OPT_MAILER_CONFIG},
    {"run-passwordeval", no_argument, NULL, OPT_RUN_PASSWORDEVAL},
    {"apply", required_argument, NULL, OPT_APPLY},
    {"apply-undo", required_argument, NULL, OPT_APPLY_UNDO},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"passwordeval", required_argument, NULL, OPT_PASSWORDEVAL},
    {"host", required_argument, NULL, OPT_HOST},
    {"port", required_argument, NULL, OPT_PORT},
    {"tls", required_argument, NULL, OPT_TLS},
    {"user", required_argument, NULL, OPT_USER},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"ca-file", required_argument, NULL, OPT_CA_FILE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"send-test", no_argument, NULL, OPT_SEND_TEST},
    {"no-deliverability", no_argument, NULL, OPT_NO_DELIVERABILITY},
    {"json", no_argument, NULL, OPT_JSON},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"cert-warn-days", required_argument, NULL, OPT_CERT_WARN_DAYS},
    {"transcript", no_argument, NULL, OPT_TRANSCRIPT},
    {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"mouse", no_argument, NULL, OPT_MOUSE},
    /* Recognised only to refuse it with a reason: a password on the
     * command line is visible to every user through ps. */
    {"password", required_argument, NULL, OPT_PASSWORD},
    {NULL, 0, NULL, 0},
};

/* Decimal digits only, with spaces around them trimmed (a pasted " 587"
 * is a slip, as in the wizard's port field); no sign, nothing else. */
static int parse_long(const char *text, long min, long max, long *out)
{
	char *end;
	long v;

	while (*text == ' ' || *text == '\t')
		text++;
	if (*text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_format(const char *name, enum cli_format *f)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*f = (enum cli_format)i;
			return 0;
		}
	}
	return -1;
}

const char *cli_format_name(enum cli_format f)
{
	if ((unsigned)f < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[f];
	return "text";
}

bool cli_wants_nagios(int argc, char **argv)
{
	int i;

	/* The last --format wins, as in cli_parse; "--" ends the options. */
	bool nagios = false;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			nagios = strcmp(argv[++i], "nagios") == 0;
		else if (strncmp(argv[i], "--format=", 9) == 0)
			nagios = strcmp(argv[i] + 9, "nagios") == 0;
		else if (strcmp(argv[i], "--json") == 0)
			nagios = false;
	}
	return nagios;
}

static int set_mode(struct cli_options *o, enum cli_mode m)
{
	/* --help and --version win over everything, as GNU tools do. */
	if (o->mode == MODE_HELP || o->mode == MODE_VERSION)
		return 0;
	o->mode = m;
	return 0;
}

static int parse_value(struct cli_options *o, int c, const char *arg,
		       struct sw_error *err)
{
	switch (c) {
	case OPT_PORT:
		o->has_port = true;
		if (parse_long(arg, 1, 65535, &o->port) == 0)
			return 0;
		sw_error_set(err,
			     _("--port: '%s' is not a port number "
			       "(1-65535)"),
			     arg);
		return -1;
	case OPT_TIMEOUT:
		o->has_timeout = true;
		if (parse_long(arg, 1, 3600, &o->timeout) == 0)
			return 0;
		sw_error_set(err,
			     _("--timeout: '%s' is not a number of "
			       "seconds"),
			     arg);
		return -1;
	case OPT_CERT_WARN_DAYS:
		o->has_cert_warn_days = true;
		if (parse_long(arg, 0, CERT_WARN_DAYS_MAX,
			       &o->cert_warn_days) == 0)
			return 0;
		sw_error_set(err,
			     _("--cert-warn-days: '%s' is not a number of "
			       "days from 0 to %d"),
			     arg, CERT_WARN_DAYS_MAX);
		return -1;
	case OPT_FORMAT:
		if (parse_format(arg, &o->format) == 0) {
			o->json = o->format == FORMAT_JSON;
			return 0;
		}
		sw_error_set(err,
			     _("--format: '%s' is not one of text, json, "
			       "nagios, prometheus"),
			     arg);
		return -1;
	case OPT_TLS:
		o->has_tls = true;
		if (settings_tls_parse(arg, &o->tls) == 0)
			return 0;
		sw_error_set(err,
			     _("--tls: '%s' is not one of none, "
			       "starttls, tls (or ssl, the same as tls)"),
			     arg);
		return -1;
	case OPT_PASSWORD:
		sw_error_set(err,
			     _("--password is not accepted: a password "
			       "on the command line is visible to every "
			       "user in the process list. Use "
			       "--password-file FILE, the SMTPWIZ_PASSWORD "
			       "environment variable or the config file"));
		return -1;
	}
	return 1;
}

static int parse_one(struct cli_options *o, int c, const char *arg,
		     struct sw_error *err)
{
	int rc = parse_value(o, c, arg, err);

	if (rc <= 0)
		return rc;
	switch (c) {
	case 'h':
		o->mode = MODE_HELP;
		break;
	case 'V':
		if (o->mode != MODE_HELP)
			o->mode = MODE_VERSION;
		break;
	case 'c':
		o->config = arg;
		break;
	case 'C':
		o->check = true;
		set_mode(o, MODE_CHECK);
		break;
	case OPT_LOOKUP:
		o->lookup = arg;
		set_mode(o, MODE_LOOKUP);
		break;
	case OPT_MAILER:
		set_mode(o, MODE_MAILER);
		break;
	case OPT_QUEUE:
		set_mode(o, MODE_QUEUE);
		break;
	case OPT_FROM_MAILER:
		o->from_mailer = arg;
		break;
	case OPT_MAILER_CONFIG:
		o->mailer_config = arg;
		break;
	case OPT_RUN_PASSWORDEVAL:
		o->run_passwordeval = true;
		break;
	case OPT_APPLY:
	case OPT_APPLY_UNDO:
		o->apply = arg;
		set_mode(o, c == OPT_APPLY ? MODE_APPLY : MODE_APPLY_UNDO);
		break;
	case OPT_DRY_RUN:
		o->dry_run = true;
		break;
	case OPT_PASSWORDEVAL:
		o->passwordeval = arg;
		break;
	case OPT_HOST:
		o->host = arg;
		break;
	case OPT_USER:
		o->user = arg;
		break;
	case OPT_FROM:
		o->from = arg;
		break;
	case OPT_TO:
		o->to = arg;
		break;
	case OPT_CA_FILE:
		o->ca_file = arg;
		break;
	case OPT_NO_DELIVERABILITY:
		o->no_deliverability = true;
		break;
	case OPT_SEND_TEST:
		o->send_test = true;
		break;
	case OPT_JSON:
		o->json = true;
		o->format = FORMAT_JSON;
		break;
	case OPT_TRANSCRIPT:
		o->transcript = true;
		break;
	case OPT_PASSWORD_FILE:
		o->password_file = arg;
		break;
	case OPT_NO_COLOR:
		o->no_color = true;
		break;
	case OPT_MOUSE:
		o->mouse = true;
		break;
	default:
		sw_error_set(err, _("unknown option; see smtpwiz --help"));
		return -1;
	}
	return 0;
}

static bool has_override(const struct cli_options *o)
{
	return o->host || o->user || o->from || o->to || o->ca_file ||
	       o->has_port || o->has_tls || o->has_timeout || o->send_test ||
	       o->json || o->transcript || o->password_file ||
	       o->format != FORMAT_TEXT || o->no_deliverability;
}

/* Options that mean nothing to --lookup, which only reads DNS. */
static bool lookup_extra(const struct cli_options *o)
{
	return o->host || o->user || o->from || o->to || o->ca_file ||
	       o->has_port || o->has_tls || o->send_test || o->transcript ||
	       o->password_file || o->config || o->has_cert_warn_days ||
	       o->format == FORMAT_NAGIOS || o->format == FORMAT_PROMETHEUS ||
	       o->no_deliverability;
}

/* --apply tests the settings of --config (and the overrides) first;
 * --apply-undo needs nothing but the mailer. */
static int apply_usage(const struct cli_options *o, struct sw_error *err)
{
	bool apply = o->mode == MODE_APPLY, undo = o->mode == MODE_APPLY_UNDO;

	if ((o->dry_run || o->passwordeval) && !apply) {
		sw_error_set(err, _("--dry-run and --passwordeval go with "
				    "--apply"));
		return -1;
	}
	if ((apply || undo) && (o->check || o->from_mailer || o->json ||
				o->send_test || o->run_passwordeval)) {
		sw_error_set(err, _("--apply and --apply-undo run the test "
				    "themselves: they take --config, the "
				    "overrides, --mailer-config, --dry-run and "
				    "--passwordeval"));
		return -1;
	}
	if (undo && (lookup_extra(o) || o->has_timeout)) {
		sw_error_set(err, _("--apply-undo takes only --mailer-config"));
		return -1;
	}
	return 0;
}

/* --mailer and --queue read the mailers only; --mailer-config needs to
 * know whose configuration it is. */
static int mailer_usage(const struct cli_options *o, struct sw_error *err)
{
	bool mailer_mode = o->mode == MODE_MAILER || o->mode == MODE_QUEUE;

	if (o->mode == MODE_HELP || o->mode == MODE_VERSION)
		return 0;
	if (apply_usage(o, err) != 0)
		return -1;
	if (o->mode == MODE_APPLY || o->mode == MODE_APPLY_UNDO)
		return 0;
	if (mailer_mode && (o->check || lookup_extra(o))) {
		sw_error_set(err, _("--mailer and --queue take only --json, "
				    "--from-mailer, --mailer-config and "
				    "--run-passwordeval"));
		return -1;
	}
	if (o->mode == MODE_LOOKUP &&
	    (o->from_mailer || o->mailer_config || o->run_passwordeval)) {
		sw_error_set(err, _("--lookup takes only --json and "
				    "--timeout"));
		return -1;
	}
	if (o->mailer_config != NULL && o->from_mailer == NULL) {
		sw_error_set(err, _("--mailer-config needs --from-mailer to "
				    "say which mailer it belongs to"));
		return -1;
	}
	if (o->from_mailer != NULL && o->config != NULL &&
	    o->mode != MODE_WIZARD) {
		sw_error_set(err, _("--from-mailer and --config exclude each "
				    "other: the settings come from the "
				    "mailer"));
		return -1;
	}
	return 0;
}

int cli_parse(int argc, char **argv, struct cli_options *o,
	      struct sw_error *err)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->mode = MODE_WIZARD;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hVc:", long_opts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];

			sw_error_set(err,
				     c == '?' ? _("unknown option '%s'")
					      : _("option '%s' needs a value"),
				     what);
			return -1;
		}
		if (parse_one(o, c, optarg, err) < 0)
			return -1;
	}
	if (optind < argc) {
		sw_error_set(err, _("unexpected argument '%s'"), argv[optind]);
		return -1;
	}
	if (o->lookup != NULL && (o->check || lookup_extra(o)) &&
	    o->mode != MODE_HELP && o->mode != MODE_VERSION) {
		sw_error_set(err, _("--lookup takes only --json and "
				    "--timeout"));
		return -1;
	}
	if (mailer_usage(o, err) != 0)
		return -1;
	if (o->mode == MODE_WIZARD && has_override(o)) {
		sw_error_set(err, _("these options need --check; the wizard "
				    "takes only --config, --cert-warn-days, "
				    "--no-color and --mouse"));
		return -1;
	}
	return 0;
}

static int apply_str(char **field, const char *value)
{
	return value == NULL ? 0 : settings_set(field, value);
}

int cli_apply(const struct cli_options *o, struct settings *s)
{
	if (o->has_port)
		s->port = o->port;
	if (o->has_tls)
		s->tls = o->tls;
	if (o->has_timeout)
		s->timeout = o->timeout;
	if (o->has_cert_warn_days)
		s->cert_warn_days = o->cert_warn_days;
	if (apply_str(&s->host, o->host) || apply_str(&s->username, o->user) ||
	    apply_str(&s->from, o->from) ||
	    apply_str(&s->test_recipient, o->to) ||
	    apply_str(&s->ca_file, o->ca_file))
		return -1;
	return 0;
}

static char *join(const char *dir, const char *rest)
{
	char *p;

	if (asprintf(&p, "%s%s", dir, rest) < 0)
		return NULL;
	return p;
}

char *cli_config_path(const struct cli_options *o)
{
	const char *env = getenv("SMTPWIZ_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (o->config != NULL)
		return strdup(o->config);
	if (env != NULL && env[0] != '\0')
		return strdup(env);
	if (geteuid() == 0)
		return strdup("/etc/smtpwiz/smtpwiz.conf");
	/* XDG says a relative XDG_CONFIG_HOME is invalid and to be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		return join(xdg, "/smtpwiz/smtpwiz.conf");
	if (home == NULL || home[0] != '/') {
		pw = getpwuid(geteuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (home == NULL)
		return NULL;
	return join(home, "/.config/smtpwiz/smtpwiz.conf");
}
