/* Unit tests of the configuration file: every key round-trips, hostile
 * strings survive save+load literally, every bad file is reported as
 * FILE:LINE: naming the key, and saving is atomic and private. */
#include <config.h>

#include <fcntl.h>

#include <time.h>

/* nftw() */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/settings.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_settings.XXXXXX";

/* A few rotating buffers, so that two paths can be used in one call. */
static const char *path_of(const char *name)
{
	static char buf[4][512];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
	return p;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		exit(99);
	}
}

static char *read_file(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int contains(const char *got, const char *needle, const char *what)
{
	int yes = got != NULL && strstr(got, needle) != NULL;

	if (!ok(yes, "%s", what))
		printf("#   got:  '%s'\n#   want something with: '%s'\n",
		       got ? got : "(null)", needle);
	return yes;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n +=
		    strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0700); /* so that the directory can be emptied */
	return remove(path);
}

/* Loads text as the file "name"; the message must be exactly
 * "PATH:LINE: msg". */
static void bad_file(const char *name, const char *text, int line,
		     const char *msg)
{
	const char *path = path_of(name);
	struct settings s;
	struct sw_error err;
	char want[1024];
	char what[256];

	settings_init(&s);
	write_file(path, text, strlen(text));
	sw_error_clear(&err);
	snprintf(what, sizeof(what), "%s: rejected", name);
	ok(settings_load(&s, path, &err) == SETTINGS_INVALID, "%s", what);
	snprintf(want, sizeof(want), "%s:%d: %s", path, line, msg);
	snprintf(what, sizeof(what), "%s: message", name);
	tap_is_str(err.msg, want, what);
	settings_free(&s);
}

static void test_defaults(void)
{
	struct settings s;

	settings_init(&s);
	ok(s.port == 587, "default port 587");
	ok(s.tls == SW_TLS_STARTTLS, "default tls starttls");
	ok(s.tls_verify, "default tls_verify true");
	ok(s.timeout == 15, "default timeout 15");
	tap_is_str(s.auth_mechanism, "auto", "default auth_mechanism auto");
	ok(s.host == NULL && s.password == NULL && s.from == NULL,
	   "strings unset by default");
	settings_free(&s);
	ok(s.auth_mechanism == NULL, "settings_free clears the fields");
}

static void test_tls_names(void)
{
	enum sw_tls t = SW_TLS_NONE;

	tap_is_str(settings_tls_name(SW_TLS_NONE), "none", "tls name none");
	tap_is_str(settings_tls_name(SW_TLS_STARTTLS), "starttls",
		   "tls name starttls");
	tap_is_str(settings_tls_name(SW_TLS_IMPLICIT), "tls", "tls name tls");
	ok(settings_tls_parse("tls", &t) == 0 && t == SW_TLS_IMPLICIT,
	   "parse tls");
	ok(settings_tls_parse("none", &t) == 0 && t == SW_TLS_NONE,
	   "parse none");
	ok(settings_tls_parse("starttls", &t) == 0 && t == SW_TLS_STARTTLS,
	   "parse starttls");
	ok(settings_tls_parse("ssl", &t) == 0 && t == SW_TLS_IMPLICIT,
	   "parse takes ssl as implicit TLS (providers' word for it)");
	t = SW_TLS_STARTTLS;
	ok(settings_tls_parse("sslv3", &t) == -1 && t == SW_TLS_STARTTLS,
	   "parse rejects sslv3 and leaves *tls alone");
	ok(settings_tls_parse("TLS", &t) == -1, "parse is case-sensitive");
	ok(settings_tls_parse(NULL, &t) == -1, "parse rejects NULL");
}

static void test_set(void)
{
	char *f = NULL;

	ok(settings_set(&f, "abc") == 0, "set returns 0");
	tap_is_str(f, "abc", "set copies");
	ok(settings_set(&f, f) == 0, "set from itself");
	tap_is_str(f, "abc", "set from itself keeps the value");
	ok(settings_set(&f, NULL) == 0 && f == NULL, "set NULL clears");
}

static void fill_all(struct settings *s)
{
	settings_init(s);
	settings_set(&s->host, "smtp.example.org");
	s->port = 465;
	s->tls = SW_TLS_IMPLICIT;
	s->tls_verify = false;
	settings_set(&s->ca_file, "/etc/ssl/my ca.pem");
	settings_set(&s->username, "alice@example.org");
	settings_set(&s->password, "s3cret");
	settings_set(&s->from, "Alice <alice@example.org>");
	settings_set(&s->test_recipient, "bob@example.net");
	s->timeout = 42;
	settings_set(&s->helo_name, "client.example.org");
	settings_set(&s->auth_mechanism, "PLAIN");
}

static void test_round_trip(void)
{
	const char *path = path_of("all.conf");
	struct settings a, b;
	struct sw_error err;

	fill_all(&a);
	sw_error_clear(&err);
	ok(settings_save(&a, path, &err) == 0, "save all keys");
	settings_init(&b);
	ok(settings_load(&b, path, &err) == SETTINGS_LOADED, "load all keys");
	tap_is_str(b.host, a.host, "host round-trips");
	ok(b.port == 465, "port round-trips");
	ok(b.tls == SW_TLS_IMPLICIT, "tls round-trips");
	ok(!b.tls_verify, "tls_verify round-trips");
	tap_is_str(b.ca_file, a.ca_file, "ca_file round-trips");
	tap_is_str(b.username, a.username, "username round-trips");
	tap_is_str(b.password, a.password, "password round-trips");
	tap_is_str(b.from, a.from, "from round-trips");
	tap_is_str(b.test_recipient, a.test_recipient,
		   "test_recipient round-trips");
	ok(b.timeout == 42, "timeout round-trips");
	tap_is_str(b.helo_name, a.helo_name, "helo_name round-trips");
	tap_is_str(b.auth_mechanism, "PLAIN", "auth_mechanism round-trips");
	contains(read_file(path), "# smtpwiz configuration",
		 "file starts with a header comment");
	settings_free(&a);
	settings_free(&b);
}

static void test_unset_and_order(void)
{
	const char *path = path_of("unset.conf");
	struct settings a, b;
	struct sw_error err;
	const char *text;

	settings_init(&a);
	settings_set(&a.host, "mx.example.org");
	settings_set(&a.username, ""); /* "" means unset too */
	a.tls = SW_TLS_NONE;
	ok(settings_save(&a, path, &err) == 0, "save with unset keys");
	text = read_file(path);
	contains(text, "\n# ca_file = ''\n", "unset string commented out");
	contains(text, "\n# username = ''\n", "empty string commented out");
	contains(text,
		 "host = 'mx.example.org'\nport = 587\ntls = none\n"
		 "tls_verify = true\n# ca_file = ''\n# username = ''\n"
		 "# password = ''\n# from = ''\n# test_recipient = ''\n"
		 "timeout = 15\n# helo_name = ''\n"
		 "auth_mechanism = 'auto'\n",
		 "every key, in contract order, defaults explicit");
	fill_all(&b);
	ok(settings_load(&b, path, &err) == SETTINGS_LOADED, "load it back");
	ok(b.username == NULL && b.password == NULL && b.ca_file == NULL,
	   "commented-out keys load as unset");
	ok(b.tls == SW_TLS_NONE && b.port == 587, "tls none, port default");
	settings_free(&a);
	settings_free(&b);
}

static void round_trip_password(const char *pw, const char *what)
{
	const char *path = path_of("pw.conf");
	struct settings a, b;
	struct sw_error err;

	settings_init(&a);
	settings_set(&a.password, pw);
	settings_init(&b);
	sw_error_clear(&err);
	if (settings_save(&a, path, &err) != 0 ||
	    settings_load(&b, path, &err) != SETTINGS_LOADED)
		printf("# %s\n", err.msg);
	tap_is_str(b.password, pw, what);
	settings_free(&a);
	settings_free(&b);
}

static void test_tricky_strings(void)
{
	char long_pw[501];
	const char *path = path_of("tricky.conf");
	struct settings a, b;
	struct sw_error err;

	round_trip_password("a\"b", "password with double quote");
	round_trip_password("a'b", "password with single quote");
	round_trip_password("'", "password that is one single quote");
	round_trip_password("a\\b", "password with backslash");
	round_trip_password("ends with \\", "password ending in backslash");
	round_trip_password("\\'", "backslash then quote");
	round_trip_password("a\\nb", "literal backslash-n");
	round_trip_password("\\\\", "two backslashes");
	round_trip_password("pa#ss // not /* a comment */", "password with #");
	round_trip_password("two words", "password with a space");
	round_trip_password("  lead and trail  ", "leading/trailing spaces");
	round_trip_password("tab\there\t", "password with tabs");
	round_trip_password("${HOME}", "${HOME} stays literal");
	round_trip_password("${SMTPWIZ_TEST_VAR}",
			    "${VAR} of a set variable stays literal");
	round_trip_password("$HOME $ ${X:-default}", "dollars stay literal");
	round_trip_password("p\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac",
			    "UTF-8 password");
	round_trip_password("x = 'y' , { } ( ) +=", "punctuation");
	memset(long_pw, 'x', 500);
	long_pw[250] = '\'';
	long_pw[500] = '\0';
	round_trip_password(long_pw, "500-character password");

	/* Every string key goes through the same quoting. */
	settings_init(&a);
	settings_set(&a.from, "\"Weird, Name\" <a'b@example.org>");
	settings_set(&a.helo_name, "\\x41");
	settings_init(&b);
	ok(settings_save(&a, path, &err) == 0 &&
	       settings_load(&b, path, &err) == SETTINGS_LOADED,
	   "save+load tricky from/helo_name");
	tap_is_str(b.from, a.from, "from with quotes round-trips");
	tap_is_str(b.helo_name, "\\x41", "no hex escapes in helo_name");
	settings_free(&a);
	settings_free(&b);
}

static void test_absent_keys(void)
{
	const char *path = path_of("partial.conf");
	const char *text = "# a comment\nhost = mail.example.org\n\n"
			   "password = \"\"\n";
	struct settings s;
	struct sw_error err;

	write_file(path, text, strlen(text));
	fill_all(&s);
	ok(settings_load(&s, path, &err) == SETTINGS_LOADED,
	   "partial file loads");
	tap_is_str(s.host, "mail.example.org", "bare-word host");
	ok(s.port == 587 && s.timeout == 15, "absent ints get defaults");
	ok(s.tls == SW_TLS_STARTTLS && s.tls_verify,
	   "absent tls keys get defaults");
	tap_is_str(s.auth_mechanism, "auto", "absent auth_mechanism is auto");
	ok(s.username == NULL && s.ca_file == NULL,
	   "absent strings replace old values with unset");
	ok(s.password == NULL, "empty string loads as NULL");
	settings_free(&s);

	write_file(path, "", 0);
	fill_all(&s);
	ok(settings_load(&s, path, &err) == SETTINGS_LOADED && s.host == NULL &&
	       s.port == 587,
	   "empty file loads as all defaults");
	settings_free(&s);

	text = "from = a//b#c\nhelo_name = '#x' // y\nusername = \"/*u\" /*\n"
	       "*/ test_recipient = r/*\n";
	write_file(path, text, strlen(text));
	settings_init(&s);
	ok(settings_load(&s, path, &err) == SETTINGS_LOADED,
	   "comment corner cases load");
	tap_is_str(s.from, "a//b", "// inside a bare word is not a comment");
	tap_is_str(s.helo_name, "#x", "# inside quotes is not a comment");
	tap_is_str(s.username, "/*u", "/* inside quotes is not a comment");
	tap_is_str(s.test_recipient, "r/",
		   "/* after a bare word is no comment");
	settings_free(&s);

	text = "port = 0025\ntimeout = -1\ntls_verify = off\ntls = 'none'\n";
	write_file(path, text, strlen(text));
	settings_init(&s);
	ok(settings_load(&s, path, &err) == SETTINGS_LOADED, "odd forms load");
	ok(s.port == 25, "integers are decimal, never octal");
	ok(s.timeout == -1, "negative integers are left to the validators");
	ok(!s.tls_verify && s.tls == SW_TLS_NONE, "off and quoted tls");
	settings_free(&s);
}

static void test_bad_files(void)
{
	char want[600];

	bad_file("syntax.conf", "host = a\nport 25\n", 2,
		 "missing equal sign after option 'port'");
	bad_file("syntax2.conf", "host = a\n\n= 5\n", 3,
		 "unexpected token '='");
	bad_file("unterminated.conf", "host = a\npassword = 'abc\n", 2,
		 "unterminated string");
	bad_file("unknown.conf", "host = a\n\nhots = b\n", 3,
		 "no such option 'hots'");
	bad_file("badint.conf", "host = a\nport = abc\n", 2,
		 "port must be a whole number, not 'abc'");
	bad_file("badint2.conf", "timeout = 15s\n", 1,
		 "timeout must be a whole number, not '15s'");
	bad_file("bigint.conf", "\n\nport = 99999999999999999999999\n", 3,
		 "port is out of range");
	bad_file("badbool.conf", "tls_verify = maybe\n", 1,
		 "tls_verify must be true or false, not 'maybe'");
	bad_file("badtls.conf", "host = a\ntls = smtps\n", 2,
		 "tls must be none, starttls or tls (ssl is the same as tls)");
	bad_file("dup.conf", "host = a\nport = 25\n\nhost = b\n", 4,
		 "host is set twice (first on line 1)");
	bad_file("dup2.conf", "password = 'x'\n# c\npassword = 'x'\n", 3,
		 "password is set twice (first on line 1)");
	bad_file("include.conf", "include(\"/etc/passwd\")\n", 1,
		 "no such option 'include'");
	bad_file("ctrl.conf", "host = a\npassword = \"a\\nb\"\n", 2,
		 "password contains a control character");
	bad_file("section.conf", "host {\n}\n", 1,
		 "missing equal sign after option 'host'");
	bad_file("eof.conf", "host = a\nport =\n", 2, "premature end of file");
	bad_file("eof2.conf", "host = a\nport", 2, "premature end of file");
	bad_file("brace.conf", "\n{\n", 2, "unexpected token '{'");

	/* libconfuse 3.3 itself miscounts lines after comments. */
	bad_file("after-hash.conf",
		 "# one\n## two\nhost = a # three\nhots = b\n", 4,
		 "no such option 'hots'");
	bad_file("after-slashes.conf", "// one\nport = 1 // two\n\nhots = b\n",
		 4, "no such option 'hots'");
	bad_file("after-block.conf",
		 "/* one\n * two */ host = a /* three */\n/**/\nhots = b\n", 4,
		 "no such option 'hots'");
	bad_file("open-comment.conf", "host = a\n/* no end\npassword = x\n", 2,
		 "unterminated comment");
	bad_file("open-dq.conf", "host = a\n\npassword = \"x # y\n\n", 3,
		 "unterminated string");
	bad_file("open-sq.conf", "host = a\npassword = 'x\\'\n", 2,
		 "unterminated string");
	bad_file("trailing-backslash.conf", "host = a\npassword = 'x\\", 2,
		 "unterminated string");
	/* The line where the value ends: that is where libconfuse is. */
	bad_file("multiline.conf", "host = 'a\nb'\nhots = 1\n", 2,
		 "host contains a control character");
	/* bad_file() uses strlen(): write this one by hand. */
	{
		const char text[] = "host = a\npass\0word = b\n";
		const char *path = path_of("nul.conf");
		struct settings s;
		struct sw_error err;

		write_file(path, text, sizeof(text) - 1);
		settings_init(&s);
		ok(settings_load(&s, path, &err) == SETTINGS_INVALID,
		   "NUL byte rejected");
		snprintf(want, sizeof(want),
			 "%s:2: the file contains a NUL byte", path);
		tap_is_str(err.msg, want, "NUL byte reported on its line");
		settings_free(&s);
	}
}

static void test_failed_load_keeps_settings(void)
{
	const char *path = path_of("keep.conf");
	const char *text = "host = new\nport = 2525\ntls = bogus\n";
	struct settings s;
	struct sw_error err;

	write_file(path, text, strlen(text));
	fill_all(&s);
	ok(settings_load(&s, path, &err) == SETTINGS_INVALID,
	   "invalid file rejected");
	tap_is_str(s.host, "smtp.example.org", "host untouched on failure");
	ok(s.port == 465, "port untouched on failure");
	ok(settings_load(&s, path_of("nope.conf"), &err) == SETTINGS_MISSING,
	   "missing file");
	tap_is_str(s.password, "s3cret", "password untouched when missing");
	settings_free(&s);
}

static void test_file_errors(void)
{
	static char big[64 * 1024 + 2];
	const char *path;
	struct settings s;
	struct sw_error err;
	char want[600];

	settings_init(&s);
	path = path_of("missing.conf");
	ok(settings_load(&s, path, &err) == SETTINGS_MISSING,
	   "missing file -> SETTINGS_MISSING");
	snprintf(want, sizeof(want), "%s: no such file", path);
	tap_is_str(err.msg, want, "missing file message");

	path = path_of("nodir/x.conf");
	ok(settings_load(&s, path, &err) == SETTINGS_MISSING,
	   "missing directory -> SETTINGS_MISSING");

	path = path_of("");
	ok(settings_load(&s, path, &err) == SETTINGS_INVALID,
	   "directory -> SETTINGS_INVALID");
	snprintf(want, sizeof(want), "%s: %s", path, strerror(EISDIR));
	tap_is_str(err.msg, want, "directory message");

	path = path_of("big.conf");
	memset(big, '#', sizeof(big));
	for (size_t i = 79; i < sizeof(big); i += 80)
		big[i] = '\n';
	write_file(path, big, 64 * 1024 + 1);
	ok(settings_load(&s, path, &err) == SETTINGS_INVALID,
	   "65537-byte file rejected");
	snprintf(want, sizeof(want), "%s: file too large", path);
	tap_is_str(err.msg, want, "too-large message");
	write_file(path, big, 64 * 1024);
	ok(settings_load(&s, path, &err) == SETTINGS_LOADED,
	   "65536-byte file of comments accepted");

	path = path_of("noperm.conf");
	write_file(path, "host = a\n", 9);
	chmod(path, 0);
	if (geteuid() == 0) {
		ok(1, "# SKIP root reads mode-0 files");
		ok(1, "# SKIP root reads mode-0 files");
	} else {
		ok(settings_load(&s, path, &err) == SETTINGS_INVALID,
		   "unreadable file -> SETTINGS_INVALID");
		snprintf(want, sizeof(want), "%s: %s", path, strerror(EACCES));
		tap_is_str(err.msg, want, "unreadable file message");
	}
	settings_free(&s);
}

static void test_modes(void)
{
	const char *path = path_of("modes.conf");
	const char *deep = path_of("newdir/sub.conf");
	const char *deeper = path_of("a/b/c.conf");
	struct settings s;
	struct sw_error err;
	struct stat st;
	mode_t old = umask(0);
	char want[600];

	fill_all(&s);
	write_file(path, "old\n", 4);
	chmod(path, 0644);
	ok(settings_save(&s, path, &err) == 0,
	   "save over a 0644 file, umask 0");
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
	   "file mode is 0600 with umask 0");

	ok(settings_save(&s, deep, &err) == 0, "save into a missing directory");
	ok(stat(path_of("newdir"), &st) == 0 && S_ISDIR(st.st_mode) &&
	       (st.st_mode & 07777) == 0700,
	   "missing parent created 0700");
	ok(stat(deep, &st) == 0 && (st.st_mode & 07777) == 0600,
	   "file in the new directory is 0600");

	ok(settings_save(&s, deeper, &err) == -1,
	   "missing grandparent is an error");
	snprintf(want, sizeof(want), "%s: cannot create directory: %s",
		 path_of("a/b"), strerror(ENOENT));
	tap_is_str(err.msg, want, "missing grandparent message");
	ok(stat(path_of("a"), &st) != 0, "nothing created above the parent");

	write_file(path_of("plain"), "x", 1);
	ok(settings_save(&s, path_of("plain/x.conf"), &err) == -1,
	   "parent that is a file is an error");
	ok(settings_save(&s, path_of("newdir"), &err) == -1,
	   "saving over a directory is an error");
	contains(err.msg, "not a regular file", "directory target message");
	umask(old);
	settings_free(&s);
}

static void test_symlink(void)
{
	const char *victim = path_of("victim");
	const char *link = path_of("link.conf");
	struct settings s;
	struct sw_error err;
	struct stat st;
	char want[600];

	write_file(victim, "precious\n", 9);
	if (symlink(victim, link) != 0) {
		perror("symlink");
		exit(99);
	}
	fill_all(&s);
	ok(settings_save(&s, link, &err) == -1, "symlink target refused");
	snprintf(want, sizeof(want),
		 "%s: is a symbolic link; refusing to replace it", link);
	tap_is_str(err.msg, want, "symlink message says so");
	tap_is_str(read_file(victim), "precious\n", "symlink's target intact");
	ok(lstat(link, &st) == 0 && S_ISLNK(st.st_mode),
	   "symlink still a symlink");
	settings_free(&s);
}

static void test_write_failure(void)
{
	const char *path = path_of("fail/config");
	struct settings a, b;
	struct sw_error err;
	struct rlimit old, small;
	char before[8192];
	char want[600];
	int rc;

	fill_all(&a);
	ok(settings_save(&a, path, &err) == 0, "save the old file");
	snprintf(before, sizeof(before), "%s", read_file(path));

	settings_init(&b);
	settings_set(&b.host, "other.example.org");
	getrlimit(RLIMIT_FSIZE, &old);
	small = old;
	small.rlim_cur = 16; /* the header alone is longer */
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &small);
	rc = settings_save(&b, path, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);

	ok(rc == -1, "save fails when write() fails (EFBIG)");
	snprintf(want, sizeof(want), "%s: cannot write temporary file: %s",
		 path, strerror(EFBIG));
	tap_is_str(err.msg, want, "write failure message");
	tap_is_str(read_file(path), before, "old file left intact");
	ok(count_entries(path_of("fail")) == 1, "no temporary file left");

	settings_set(&b.password, "line1\nline2");
	ok(settings_save(&b, path, &err) == -1, "password with LF refused");
	snprintf(want, sizeof(want),
		 "%s: password contains a control character (such as a line "
		 "break) and cannot be saved",
		 path);
	tap_is_str(err.msg, want, "LF message names the key");
	settings_set(&b.password, NULL);
	settings_set(&b.helo_name, "a\rb");
	ok(settings_save(&b, path, &err) == -1, "CR refused");
	contains(err.msg, "helo_name contains", "CR message names the key");
	settings_set(&b.helo_name, NULL);
	settings_set(&b.username, "a\x01");
	ok(settings_save(&b, path, &err) == -1, "other control char refused");
	settings_set(&b.username, "a\x7f");
	ok(settings_save(&b, path, &err) == -1, "DEL refused");
	settings_set(&b.username, NULL);
	b.tls = (enum sw_tls)7;
	ok(settings_save(&b, path, &err) == -1, "unknown tls value refused");
	tap_is_str(read_file(path), before, "old file still intact");
	ok(count_entries(path_of("fail")) == 1, "still no temporary file");

	settings_free(&a);
	settings_free(&b);
}

static void make_temp(const char *path, mode_t mode, time_t age)
{
	struct timespec t[2] = {{time(NULL) - age, 0}, {time(NULL) - age, 0}};
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd >= 0) {
		fchmod(fd, mode);
		close(fd);
	}
	utimensat(AT_FDCWD, path, t, 0);
}

/* A killed save leaves NAME.XXXXXX holding the password; the next save
 * removes old ones of ours and leaves everything else alone. */
static void test_stale_temps(void)
{
	char dir[600], conf[700], stale[720], fresh[720], other[720], wide[720];
	struct settings s;
	struct sw_error err = {{0}};

	snprintf(dir, sizeof(dir), "%s/sweep", tmpdir);
	mkdir(dir, 0700);
	snprintf(conf, sizeof(conf), "%s/smtpwiz.conf", dir);
	snprintf(stale, sizeof(stale), "%s.Ab12Cd", conf);
	snprintf(fresh, sizeof(fresh), "%s.Zz99Yy", conf);
	snprintf(other, sizeof(other), "%s.notes", conf);
	snprintf(wide, sizeof(wide), "%s.Qq11Ww", conf);
	make_temp(stale, 0600, 3600);
	make_temp(fresh, 0600, 0);
	make_temp(other, 0600, 3600);
	make_temp(wide, 0644, 3600);
	settings_init(&s);
	settings_set(&s.host, "smtp.example.com");
	ok(settings_save(&s, conf, &err) == 0, "save with leftovers around: %s",
	   err.msg);
	ok(access(stale, F_OK) != 0, "an old NAME.XXXXXX of ours is removed");
	ok(access(fresh, F_OK) == 0,
	   "a fresh one (a save in progress) is kept");
	ok(access(other, F_OK) == 0, "a file of another name is kept");
	ok(access(wide, F_OK) == 0, "a file not of mode 0600 is kept");
	settings_free(&s);
}

int main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	setenv("SMTPWIZ_TEST_VAR", "expanded", 1);
	setenv("X", "expanded", 1);

	test_defaults();
	test_tls_names();
	test_set();
	test_round_trip();
	test_unset_and_order();
	test_tricky_strings();
	test_absent_keys();
	test_bad_files();
	test_failed_load_keeps_settings();
	test_file_errors();
	test_modes();
	test_symlink();
	test_write_failure();
	test_stale_temps();

	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	tap_done();
	return tap_failed != 0;
}
