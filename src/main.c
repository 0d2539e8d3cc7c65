/* smtpwiz: options, mode selection and exit status. Everything below this
 * file reports errors as values; only here do they become messages on
 * stderr and exit codes (0 pass, 1 a step failed, 2 usage/configuration). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check/checklist.h"
#include "check/engine.h"
#include "cli.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "config/prompt.h"
#include "report/monitor.h"
#include "report/progress.h"
#include "report/report.h"
#include "report/report_lookup.h"
#include "config/secret.h"
#include "config/settings.h"
#include "config/validate.h"
#include "mailer/mailer.h"
#include "modes_apply.h"
#include "modes_mailer.h"
#include "tui/tui.h"

enum { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static void usage(void)
{
	printf(_(
	    "Usage: smtpwiz [--config FILE]\n"
	    "       smtpwiz --check [--config FILE] [OPTION]...\n"
	    "       smtpwiz --lookup ADDRESS [--json] [--timeout SECONDS]\n"
	    "       smtpwiz --check --from-mailer postfix|exim4|msmtp[:ACCOUNT]"
	    " [OPTION]...\n"
	    "       smtpwiz --mailer | --queue [--from-mailer NAME] [--json]\n"
	    "       smtpwiz --help | --version\n"
	    "\n"
	    "Set up outgoing mail (SMTP submission) and find out why it "
	    "does not work.\n"
	    "Without --check, an interactive wizard asks for the server, "
	    "security,\n"
	    "sign-in and addresses, writes the configuration file and "
	    "tests it.\n"
	    "\n"));
	printf(
	    _("Options:\n"
	      "  -c, --config FILE     configuration file (default: "
	      "$SMTPWIZ_CONFIG,\n"
	      "                        /etc/smtpwiz/smtpwiz.conf for root,\n"
	      "                        ~/.config/smtpwiz/smtpwiz.conf "
	      "otherwise)\n"
	      "      --check           test the settings without a screen "
	      "and report\n"
	      "      --lookup ADDRESS  find the submission server for an "
	      "address: presets,\n"
	      "                        DNS SRV records, the provider behind "
	      "its MX\n"
	      "      --host HOST       SMTP server host name or address\n"
	      "      --port PORT       port (587 STARTTLS, 465 implicit "
	      "TLS, 25 relay)\n"
	      "      --tls MODE        none, starttls, tls (implicit TLS) or "
	      "ssl (= tls)\n"
	      "      --user NAME       user name for authentication\n"
	      "      --password-file FILE  read the password from the "
	      "first line of FILE\n"
	      "      --from ADDRESS    sender address\n"
	      "      --to ADDRESS      test recipient\n"
	      "      --ca-file FILE    trust only the CA certificates in "
	      "FILE\n"
	      "      --timeout SECONDS time limit for each network step\n"
	      "      --send-test       also send a test email to the test "
	      "recipient\n"
	      "      --no-deliverability  skip the SPF, DKIM and DMARC "
	      "checks\n"
	      "                        of the sender's domain\n"
	      "      --json            print one JSON document instead of "
	      "text\n"
	      "      --transcript      print the protocol log (passwords "
	      "redacted)\n"
	      "      --no-color        do not use colours\n"
	      "      --mouse           enable mouse support in the wizard\n"
	      "      --mailer          list the system's mailers and the relay "
	      "each uses\n"
	      "      --queue           the mailer's queue, grouped by why mail "
	      "is stuck\n"
	      "      --from-mailer NAME  test what postfix, exim4 or "
	      "msmtp[:ACCOUNT] uses\n"
	      "      --mailer-config PATH  the mailer's configuration "
	      "directory (msmtp: file)\n"
	      "      --run-passwordeval  run msmtp's passwordeval to get the "
	      "password\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n"
	      "\n"));
	/* Apart from the block above, so that each area's options are one
	 * message to translate. */
	printf(
	    _("Monitoring (with --check):\n"
	      "      --format FORMAT   text (the default), json (the same "
	      "as --json),\n"
	      "                        nagios (a monitoring plugin's status "
	      "line; exit\n"
	      "                        status 0 OK, 1 WARNING, 2 CRITICAL, 3 "
	      "UNKNOWN)\n"
	      "                        or prometheus (node_exporter's "
	      "textfile collector)\n"
	      "      --cert-warn-days DAYS  warn when the server's "
	      "certificate expires in\n"
	      "                        fewer than DAYS days (default 14, 0: "
	      "never)\n"
	      "\n"));
	printf(_("Applying tested settings to the system's mailer:\n"
		 "      --apply NAME      test, show the changes, then write "
		 "them into postfix,\n"
		 "                        exim4 or msmtp[:ACCOUNT] (backups "
		 "first), reload it and\n"
		 "                        send a test message through it\n"
		 "      --dry-run         with --apply: show the changes and "
		 "the commands only\n"
		 "      --passwordeval COMMAND  with --apply msmtp: write "
		 "passwordeval COMMAND\n"
		 "                        instead of the password\n"
		 "      --apply-undo NAME restore the files the last --apply "
		 "changed\n\n"));
	printf(
	    _("The password is never taken from the command line: it comes "
	      "from\n--password-file, the SMTPWIZ_PASSWORD environment "
	      "variable, the\nconfiguration file, or a prompt on the "
	      "terminal.\n\n"
	      "Exit status: 0 every step passed (warnings allowed), 1 a step "
	      "failed,\n2 usage or configuration error.\n"));
}

static void version(void)
{
	printf("smtpwiz %s\n", PACKAGE_VERSION);
}

static int fail_usage(const char *msg)
{
	char clean[1024];

	/* Messages quote the command line's values (--lookup's address). */
	fprintf(stderr, "smtpwiz: %s\n", text_inert(msg, clean, sizeof(clean)));
	fprintf(stderr, _("Try 'smtpwiz --help' for more information.\n"));
	return EXIT_USAGE;
}

/* The same words as for a configuration file that others can read. */
static void warn_exposed(const char *path)
{
	char clean[1024];

	text_inert(path, clean, sizeof(clean));
	fprintf(stderr,
		_("smtpwiz: warning: other users can read the password file "
		  "%s; run: chmod 600 %s\n"),
		clean, clean);
}

static struct report_plugin plugin_out(void);

/* A check that cannot start: a plugin says so on stdout as UNKNOWN (exit
 * 3), which is what the monitoring system shows; everyone else gets the
 * message on stderr and exit status 2. */
static int usage_error(const struct cli_options *o, const char *msg)
{
	struct report_plugin rp;

	if (o->format != FORMAT_NAGIOS)
		return fail_usage(msg);
	rp = plugin_out();
	fprintf(stderr, "smtpwiz: %s\n", msg);
	return (int)report_plugin_unknown(&rp, msg);
}

static void wipe_free(char *pw)
{
	if (pw != NULL) {
		explicit_bzero(pw, strlen(pw));
		free(pw);
	}
}

/* Explicit sources win over the file: a script that passes a password file
 * means that one, then the environment (env_pw, already taken out of it).
 * The prompt comes last, only on a terminal. */
static int find_password(const struct cli_options *o, struct settings *s,
			 char *env_pw)
{
	struct sw_error err = {{0}};
	enum sw_pw_source src = SW_PW_NONE;
	char *pw = NULL, prompt[512];

	if (s->password != NULL && s->password[0] != '\0')
		src = s->password_source != SW_PW_NONE ? s->password_source
						       : SW_PW_CONFIG;
	if (o->password_file != NULL) {
		bool exposed;

		pw = secret_read_file(o->password_file, &err, &exposed);
		if (pw == NULL)
			return usage_error(o, err.msg);
		if (exposed)
			warn_exposed(o->password_file);
		src = SW_PW_PASSWORD_FILE;
	} else if (env_pw != NULL) {
		pw = strdup(env_pw);
		src = SW_PW_ENVIRONMENT;
	}
	/* One copy at most, the settings': the taken variable goes now. */
	if (env_pw != NULL)
		explicit_bzero(env_pw, strlen(env_pw));
	if (pw == NULL && (s->password == NULL || s->password[0] == '\0') &&
	    s->username != NULL && s->username[0] != '\0' &&
	    o->format == FORMAT_TEXT && isatty(STDIN_FILENO)) {
		/* Which account is asked for: a bare "Password:" says
		 * nothing when several configurations are in use. */
		snprintf(prompt, sizeof(prompt),
			 _("Password for %.200s at %.200s: "), s->username,
			 s->host != NULL ? s->host : "-");
		pw = prompt_password(prompt);
		src = SW_PW_PROMPT;
	}
	if (pw != NULL)
		settings_set(&s->password, pw);
	s->password_source = src;
	wipe_free(pw);
	return 0;
}

static int load_settings(const struct cli_options *o, const char *path,
			 struct settings *s)
{
	struct sw_error err = {{0}};

	switch (settings_load(s, path, &err)) {
	case SETTINGS_LOADED:
		return 0;
	case SETTINGS_MISSING:
		/* Scripts often pass everything as options. */
		if (o->mode == MODE_WIZARD || o->host != NULL)
			return 0;
		if (o->format == FORMAT_NAGIOS)
			return usage_error(o, err.msg);
		fprintf(stderr, "smtpwiz: %s\n", err.msg);
		fprintf(stderr,
			_("Run smtpwiz without --check to create it, or give "
			  "at least --host.\n"));
		return EXIT_USAGE;
	default:
		if (o->format == FORMAT_NAGIOS)
			return usage_error(o, err.msg);
		fprintf(stderr, "smtpwiz: %s\n", err.msg);
		return EXIT_USAGE;
	}
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	if (cols != NULL && atoi(cols) >= 40)
		return atoi(cols);
	return 80;
}

/* A report nobody received is a failure too (a full disk, a closed pipe):
 * says why on stderr and returns true. */
static bool report_write_failed(void)
{
	int e;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return false;
	e = errno != 0 ? errno : EIO;
	fprintf(stderr, _("smtpwiz: cannot write the report: %s\n"),
		strerror(e));
	return true;
}

/* systemd sets JOURNAL_STREAM to the device and inode of the stream it
 * connected to the journal (systemd.exec(5)); only when stdout is that
 * stream do priority prefixes mean anything. */
static bool stdout_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDOUT_FILENO, &st) != 0)
		return false;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

static struct report_plugin plugin_out(void)
{
	return (struct report_plugin){.out = stdout,
				      .journal = stdout_is_journal(),
				      .now = (int64_t)time(NULL)};
}

/* The exit status of a finished run, by the format's convention. One rule
 * for exit status 2: the settings themselves are wrong, whether they came
 * from the command line or the file, and whether the option parser or the
 * settings step found it. Nothing was sent. */
static int check_status(const struct cli_options *o, struct check_result *r,
			const struct settings *s)
{
	struct report_plugin rp = plugin_out();

	switch (o->format) {
	case FORMAT_NAGIOS:
		return (int)report_plugin(&rp, s, r);
	case FORMAT_PROMETHEUS:
		if (report_prometheus(stdout, s, r, rp.now) != 0)
			return EXIT_USAGE;
		break;
	case FORMAT_JSON:
		if (report_json(stdout, s, r) != 0)
			return EXIT_USAGE;
		break;
	case FORMAT_TEXT:
		break;
	}
	if (r->steps[STEP_SETTINGS].status == ST_FAIL)
		return EXIT_USAGE;
	return check_result_overall(r) == ST_FAIL ? EXIT_FAILED : EXIT_PASS;
}

static int run_check(const struct cli_options *o, struct settings *s,
		     const struct mailer_info *mi)
{
	struct report_text rt = {.out = stdout, .width = terminal_width()};
	struct check_options copt = {
	    .send_test = o->send_test,
	    .no_deliverability = o->no_deliverability,
	    .mailer = mi,
	};
	bool text = o->format == FORMAT_TEXT;
	struct check_result r;
	int rc;

	rt.color =
	    !o->no_color && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	check_result_init(&r);
	if (text)
		report_text_header(&rt, s);
	/* The one-line progress on a terminal's stderr: text reports only. */
	if (text)
		rt.progress = progress_start(stderr);
	rc = engine_run(s, &copt, &r, text ? report_text_event : NULL, &rt);
	progress_stop(rt.progress);
	if (rc != 0) {
		check_result_free(&r);
		return usage_error(o, _("out of memory"));
	}
	if (text) {
		report_text_footer(&rt, &r);
		if (o->transcript)
			report_text_transcript(&rt, &r);
	}
	rc = check_status(o, &r, s);
	/* A report nobody received is a failure, whatever it said. */
	if (report_write_failed())
		rc = EXIT_USAGE;
	check_result_free(&r);
	return rc;
}

/* Exit 0 when something was found, 1 when nothing was. */
static int run_lookup(const struct cli_options *o)
{
	long secs = o->has_timeout ? o->timeout : SW_DEFAULT_TIMEOUT;
	struct lookup_result *r = calloc(1, sizeof(*r));
	char msg[256];
	int rc;

	struct vresult v = {.status = V_OK};

	if (r == NULL)
		return fail_usage(_("out of memory"));
	/* The wizard's own check of the address, so both refuse the same
	 * input ("alice @example.test", "alice@@example.test"). */
	if (strchr(o->lookup, '@') != NULL)
		v = validate_address(o->lookup, NULL);
	if (v.status == V_ERROR) {
		free(r);
		snprintf(msg, sizeof(msg), _("--lookup: '%.100s': %s"),
			 o->lookup, v.msg);
		return fail_usage(msg);
	}
	if (lookup_address(o->lookup, clock_now_ms() + secs * 1000, r) != 0) {
		free(r);
		snprintf(msg, sizeof(msg),
			 _("--lookup: '%.100s' is not an email address or a "
			   "domain name"),
			 o->lookup);
		return fail_usage(msg);
	}
	rc = r->suggested >= 0 ? EXIT_PASS : EXIT_FAILED;
	if (!o->json)
		report_lookup_text(stdout, o->lookup, r, terminal_width());
	else if (report_lookup_json(stdout, o->lookup, r) != 0 &&
		 !ferror(stdout))
		rc = fail_usage(_("out of memory"));
	if (report_write_failed())
		rc = EXIT_USAGE;
	free(r);
	return rc;
}

/* --check --from-mailer: the mailer's settings instead of the file's. */
static int run_from_mailer(const struct cli_options *o, char *env_pw)
{
	struct mailer_info *mi = calloc(1, sizeof(*mi));
	struct settings s;
	int rc;

	if (mi == NULL)
		return fail_usage(_("out of memory"));
	settings_init(&s);
	if (mailer_import(o, &s, mi) != 0)
		rc = EXIT_USAGE;
	else if (cli_apply(o, &s) != 0)
		rc = fail_usage(_("out of memory"));
	else if ((rc = find_password(o, &s, env_pw)) == 0)
		rc = run_check(o, &s, mi);
	settings_free(&s);
	mailer_info_free(mi);
	free(mi);
	return rc;
}

/* The wizard with --from-mailer: its first screen offers that mailer. */
static int wizard_mailer(const struct cli_options *o)
{
	struct mailer_paths p = {.config = o->mailer_config,
				 .run_passwordeval = o->run_passwordeval};
	struct sw_error err = {{0}};
	enum mailer_kind k;
	char account[128];

	if (o->from_mailer == NULL)
		return 0;
	if (mailer_parse_name(o->from_mailer, &k, account, sizeof(account),
			      &err) != 0) {
		fail_usage(err.msg);
		return -1;
	}
	tui_mailer_source(k, account, &p);
	return 0;
}

static int run(const struct cli_options *o, char *env_pw)
{
	struct settings s;
	char *path;
	int rc;

	if (o->from_mailer != NULL && o->mode == MODE_CHECK)
		return run_from_mailer(o, env_pw);
	path = cli_config_path(o);
	if (path == NULL)
		return usage_error(
		    o, _("cannot find the home directory for the "
			 "default configuration file; use --config"));
	settings_init(&s);
	rc = load_settings(o, path, &s);
	if (rc != 0) {
		/* reported */
	} else if (o->mode == MODE_WIZARD) {
		/* The wizard asks for the password on its sign-in screen. */
		if (env_pw != NULL)
			explicit_bzero(env_pw, strlen(env_pw));
		if (o->has_cert_warn_days)
			s.cert_warn_days = o->cert_warn_days;
		rc = wizard_mailer(o) != 0
			 ? EXIT_USAGE
			 : tui_run(path, &s, o->no_color, o->mouse);
	} else if (cli_apply(o, &s) != 0) {
		rc = usage_error(o, _("out of memory"));
	} else {
		rc = find_password(o, &s, env_pw);
		if (rc == 0 && o->mode == MODE_APPLY)
			rc = mode_apply(o, &s);
		else if (rc == 0)
			rc = run_check(o, &s, NULL);
	}
	settings_free(&s);
	free(path);
	return rc;
}

#ifdef ENABLE_NLS
/* SMTPWIZ_LOCALEDIR is a test and development aid, like gettext's
 * TEXTDOMAINDIR: it lets `make check` and a build tree use catalogues that
 * are not installed yet. secure_getenv ignores it in a setuid context. */
static void bind_catalogue(void)
{
	const char *dir = secure_getenv("SMTPWIZ_LOCALEDIR");

	bindtextdomain(PACKAGE,
		       dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR);
	textdomain(PACKAGE);
}
#endif

static int dispatch(int argc, char **argv, struct cli_options *o,
		    struct sw_error *err, char *env_pw)
{
	if (cli_parse(argc, argv, o, err) != 0) {
		if (cli_wants_nagios(argc, argv))
			o->format = FORMAT_NAGIOS;
		return usage_error(o, err->msg);
	}
	if (o->mode == MODE_HELP) {
		usage();
		return EXIT_PASS;
	}
	if (o->mode == MODE_VERSION) {
		version();
		return EXIT_PASS;
	}
	if (o->mode == MODE_LOOKUP)
		return run_lookup(o);
	if (o->mode == MODE_MAILER)
		return mode_mailer(o);
	if (o->mode == MODE_QUEUE)
		return mode_queue(o);
	if (o->mode == MODE_APPLY_UNDO)
		return mode_apply_undo(o);
	return run(o, env_pw);
}

/* Started with 0, 1 or 2 closed (`smtpwiz --check >&-`), the first socket
 * or file opened would take its number, and the report would be written
 * into the SMTP session. */
static void open_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(EXIT_USAGE);
	}
}

int main(int argc, char **argv)
{
	struct cli_options o;
	struct sw_error err = {{0}};
	char *env_pw;
	int rc;

	open_std_fds();
	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bind_catalogue();
#endif
	secret_protect_process();
	/* Out of the environment at once, whatever the mode: /proc/PID/environ
	 * would show it for as long as the process runs. */
	env_pw = secret_take_env();
	rc = dispatch(argc, argv, &o, &err, env_pw);
	wipe_free(env_pw);
	/* --help and --version write to stdout as well; the wizard writes
	 * to the terminal through curses, which reports on its own. */
	if (rc == EXIT_PASS && o.mode != MODE_WIZARD && report_write_failed())
		rc = EXIT_USAGE;
	return rc;
}
