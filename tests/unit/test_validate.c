#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "config/validate.h"

struct str_case {
	const char *in;
	enum vstatus want;
	const char *word; /* must appear in the message; NULL: any */
};

struct num_case {
	long in;
	enum vstatus want;
	const char *word;
};

static const char *status_name(enum vstatus st)
{
	return st == V_OK ? "ok" : st == V_WARN ? "warn" : "error";
}

/* One assertion: the status, a message exactly when not V_OK, the word,
 * and a message that stays on one printable line. */
static int check(struct vresult r, enum vstatus want, const char *word,
		 const char *what)
{
	int good = r.status == want;
	size_t len = strnlen(r.msg, sizeof(r.msg));

	good = good && len < sizeof(r.msg);
	good = good && (want == V_OK ? len == 0 : len > 0);
	good = good && (word == NULL || strstr(r.msg, word) != NULL);
	for (size_t i = 0; good && i < len; i++)
		good = (unsigned char)r.msg[i] >= 0x20 && r.msg[i] != 0x7f;
	if (!ok(good, "%s -> %s", what, status_name(want)))
		printf("#   got %s: '%s'\n", status_name(r.status), r.msg);
	return good;
}

/* Printable name of a hostile input for the TAP line. */
static const char *show(const char *s, char *buf, size_t size)
{
	size_t j = 0;

	if (s == NULL)
		return "(null)";
	for (size_t i = 0; s[i] != '\0' && j + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f)
			buf[j++] = (char)c;
		else
			j += (size_t)snprintf(buf + j, size - j, "\\x%02x", c);
	}
	if (strlen(s) > 60 && j > 3)
		memcpy(buf + j - 3, "...", 3);
	buf[j] = '\0';
	return buf;
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* "aaa.aaa...." of total length n, labels of label_len characters. */
static char *dotted(size_t label_len, size_t n)
{
	char *s = repeat('a', n);

	for (size_t i = label_len; i < n; i += label_len + 1)
		s[i] = '.';
	if (s[n - 1] == '.')
		s[n - 1] = 'a';
	return s;
}

#define RUN(fn, cases)                                                         \
	do {                                                                   \
		char buf_[80];                                                 \
		for (size_t i_ = 0; i_ < sizeof(cases) / sizeof(cases[0]);     \
		     i_++) {                                                   \
			char what_[128];                                       \
			snprintf(what_, sizeof(what_), "%s(\"%s\")", #fn,      \
				 show(cases[i_].in, buf_, sizeof(buf_)));      \
			check(fn(cases[i_].in), cases[i_].want,                \
			      cases[i_].word, what_);                          \
		}                                                              \
	} while (0)

#define RUN_NUM(fn, cases)                                                     \
	do {                                                                   \
		for (size_t i_ = 0; i_ < sizeof(cases) / sizeof(cases[0]);     \
		     i_++) {                                                   \
			char what_[64];                                        \
			snprintf(what_, sizeof(what_), "%s(%ld)", #fn,         \
				 cases[i_].in);                                \
			check(fn(cases[i_].in), cases[i_].want,                \
			      cases[i_].word, what_);                          \
		}                                                              \
	} while (0)

static void test_host(void)
{
	static const struct str_case cases[] = {
	    {NULL, V_ERROR, "host name"},
	    {"", V_ERROR, "host name"},
	    {"smtp.example.com", V_OK, NULL},
	    {"SMTP.Example.COM", V_OK, NULL},
	    {"smtp.example.com.", V_OK, NULL},
	    {"mail-1.a-b.example", V_OK, NULL},
	    {"123mail.example.com", V_OK, NULL},
	    {"localhost", V_OK, NULL},
	    {"LOCALHOST.", V_OK, NULL},
	    {"mailserver", V_WARN, "search domain"},
	    {"mailserver.", V_WARN, "search domain"},
	    {"192.0.2.1", V_OK, NULL},
	    {"::1", V_OK, NULL},
	    {"2001:db8::25", V_OK, NULL},
	    {"::ffff:192.0.2.1", V_OK, NULL},
	    {"[::1]", V_OK, NULL},
	    {"[2001:db8::1]", V_OK, NULL},
	    {"bücher.example", V_OK, NULL},
	    {"BÜCHER.example", V_OK, NULL},
	    {"xn--bcher-kva.example", V_OK, NULL},
	    {"mail.straße.de", V_OK, NULL},
	    {"münchen", V_WARN, "search domain"},
	    {"smtp://smtp.example.com", V_ERROR, "smtp://"},
	    {"smtps://smtp.example.com:465", V_ERROR, "smtps://"},
	    {"http://example.com/", V_ERROR, "http://"},
	    {"://example.com", V_ERROR, "://"},
	    {"\x1b[31m://x", V_ERROR, "control"},
	    {"smtp.example.com:587", V_ERROR, "port field"},
	    {"192.0.2.1:25", V_ERROR, "port field"},
	    {"[::1]:25", V_ERROR, "port field"},
	    {"[2001:db8::1]:587", V_ERROR, "port field"},
	    {"host:", V_ERROR, ":"},
	    {"host:abc", V_ERROR, ":"},
	    {"jane@example.com", V_ERROR, "email address"},
	    {"@example.com", V_ERROR, "email address"},
	    {"example.com/smtp", V_ERROR, "/"},
	    {"/", V_ERROR, "/"},
	    {"smtp .example.com", V_ERROR, "spaces"},
	    {" smtp.example.com", V_ERROR, "spaces"},
	    {"smtp.example.com ", V_ERROR, "spaces"},
	    {"smtp.example.com\r\n", V_ERROR, "control"},
	    {"smtp\n.example.com", V_ERROR, "control"},
	    {"smtp\t.example.com", V_ERROR, "control"},
	    {"\x1b]0;pwned\x07", V_ERROR, "control"},
	    {"smtp.example.com\x7f", V_ERROR, "control"},
	    {"999.1.1.1", V_ERROR, "IPv4"},
	    {"1.2.3", V_ERROR, "IPv4"},
	    {"1.2.3.4.", V_ERROR, "IPv4"},
	    {"12345", V_ERROR, "IPv4"},
	    {"256.256.256.256", V_ERROR, "IPv4"},
	    {".", V_ERROR, "empty part"},
	    {".example.com", V_ERROR, "empty part"},
	    {"smtp..example.com", V_ERROR, "empty part"},
	    {"example.com..", V_ERROR, "empty part"},
	    {"-smtp.example.com", V_ERROR, "hyphen"},
	    {"smtp-.example.com", V_ERROR, "hyphen"},
	    {"smtp_1.example.com", V_ERROR, "\"_\""},
	    {"smtp!.example.com", V_ERROR, "\"!\""},
	    {"[::1", V_ERROR, "]"},
	    {"[::1]x", V_ERROR, "]"},
	    {"[192.0.2.1]", V_ERROR, "brackets"},
	    {"[not-an-ip]", V_ERROR, "IPv6"},
	    {"[]", V_ERROR, "IPv6"},
	    {"2001:db8::g", V_ERROR, "IPv6"},
	    {"fe80::1%eth0", V_ERROR, "IPv6"},
	    {"☃.example", V_ERROR, "international"},
	    {"😀.example", V_ERROR, "international"},
	    {"xn--ls8h.la", V_ERROR, "international"},
	    {"xn--zz.example", V_ERROR, "punycode"},
	    {"xn--.example", V_ERROR, "international"},
	    {"mail.XN--ABC-.example", V_ERROR, "international"},
	    {"-bücher.example", V_ERROR, "international"},
	    {"b\xfcl.example", V_ERROR, "UTF-8"},
	    {"\xc0\xaf.example", V_ERROR, "UTF-8"},
	    {"\xed\xa0\x80.example", V_ERROR, "UTF-8"},
	    {"abc\xe2\x82", V_ERROR, "UTF-8"},
	    {"bücher..example", V_ERROR, "empty part"},
	};

	RUN(validate_host, cases);
}

static void test_host_lengths(void)
{
	char *label63 = repeat('a', 63);
	char *label64 = repeat('b', 64);
	char *label1000 = repeat('c', 1000);
	char *name253 = dotted(50, 253);
	char *name254 = dotted(50, 254);
	char *huge = dotted(50, 100000);
	char buf[400];

	snprintf(buf, sizeof(buf), "%s.example", label63);
	check(validate_host(buf), V_OK, NULL, "63-character label");
	snprintf(buf, sizeof(buf), "%s.example", label64);
	check(validate_host(buf), V_ERROR, "63", "64-character label");
	check(validate_host(label1000), V_ERROR, "longer than",
	      "1000-character label");
	check(validate_host(name253), V_OK, NULL, "253-character name");
	snprintf(buf, sizeof(buf), "%s.", name253);
	check(validate_host(buf), V_OK, NULL, "253 characters and a root dot");
	check(validate_host(name254), V_ERROR, "253", "254-character name");
	check(validate_host(huge), V_ERROR, "253", "100000-character name");
	snprintf(buf, sizeof(buf), "%s.bücher", label63);
	check(validate_host(buf), V_OK, NULL, "long label before an IDN");
	free(label63);
	free(label64);
	free(label1000);
	free(name253);
	free(name254);
	free(huge);
}

static void test_host_long_idn(void)
{
	char buf[2048] = "";

	/* Each "ä" grows to more than one octet of punycode: the A-label
	 * form, not the typed form, must respect the 63-octet limit. */
	for (int i = 0; i < 70; i++)
		strcat(buf, "ä");
	strcat(buf, ".example");
	check(validate_host(buf), V_ERROR, NULL, "70 umlauts in one label");
	buf[0] = '\0';
	for (int i = 0; i < 600; i++)
		strcat(buf, "ä.");
	strcat(buf, "de");
	check(validate_host(buf), V_ERROR, "253", "600 IDN labels");
}

static void test_port(void)
{
	static const struct num_case cases[] = {
	    {1, V_OK, NULL},         {465, V_OK, NULL},
	    {587, V_OK, NULL},       {2525, V_OK, NULL},
	    {65535, V_OK, NULL},     {25, V_WARN, "25"},
	    {0, V_ERROR, "65535"},   {-1, V_ERROR, "65535"},
	    {-587, V_ERROR, NULL},   {65536, V_ERROR, "65535"},
	    {100000, V_ERROR, NULL},
	};

	RUN_NUM(validate_port, cases);
	check(validate_port(25), V_WARN, "blocked", "port 25 says why");
}

static void test_port_text(void)
{
	static const struct str_case cases[] = {
	    {NULL, V_ERROR, "port"},
	    {"", V_ERROR, "port"},
	    {"587", V_OK, NULL},
	    {"465", V_OK, NULL},
	    {"1", V_OK, NULL},
	    {"65535", V_OK, NULL},
	    {"0587", V_OK, NULL},
	    {"25", V_WARN, "25"},
	    {"0", V_ERROR, "65535"},
	    {"65536", V_ERROR, "65535"},
	    {"99999999999999999999999999", V_ERROR, "65535"},
	    {"+587", V_ERROR, "sign"},
	    {"-1", V_ERROR, "sign"},
	    {" 587", V_OK, NULL}, /* trimmed: a pasted number */
	    {"587 ", V_OK, NULL},
	    {" \t587 ", V_OK, NULL},
	    {"5 87", V_ERROR, "space"},
	    {"   ", V_ERROR, "enter a port"},
	    {"587abc", V_ERROR, NULL},
	    {"0x24b", V_ERROR, NULL},
	    {"5e2", V_ERROR, NULL},
	    {"58.7", V_ERROR, NULL},
	    {"smtp", V_ERROR, NULL},
	    {"587\n", V_ERROR, NULL},
	    {"\xd9\xa5\xd9\xa8\xd9\xa7", V_ERROR, NULL}, /* Arabic digits */
	};
	long port = -42;
	char *big = repeat('9', 10000);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char what[128], buf[80];

		snprintf(what, sizeof(what), "validate_port_text(\"%s\")",
			 show(cases[i].in, buf, sizeof(buf)));
		check(validate_port_text(cases[i].in, &port), cases[i].want,
		      cases[i].word, what);
	}
	port = -42;
	validate_port_text("2525", &port);
	ok(port == 2525, "port_text sets *port when ok (%ld)", port);
	port = -42;
	validate_port_text("25", &port);
	ok(port == 25, "port_text sets *port on a warning (%ld)", port);
	port = -42;
	validate_port_text("70000", &port);
	ok(port == -42, "port_text leaves *port alone on an error");
	check(validate_port_text("465", NULL), V_OK, NULL, "NULL port pointer");
	check(validate_port_text(big, &port), V_ERROR, NULL, "10000 digits");
	free(big);
}

static void test_tls_port(void)
{
	check(validate_tls_port(SW_TLS_STARTTLS, 587), V_OK, NULL,
	      "starttls 587");
	check(validate_tls_port(SW_TLS_IMPLICIT, 465), V_OK, NULL, "tls 465");
	check(validate_tls_port(SW_TLS_STARTTLS, 2525), V_OK, NULL,
	      "starttls 2525");
	check(validate_tls_port(SW_TLS_IMPLICIT, 2465), V_OK, NULL,
	      "tls on an unusual port");
	check(validate_tls_port(SW_TLS_STARTTLS, 25), V_OK, NULL,
	      "starttls 25");
	check(validate_tls_port(SW_TLS_STARTTLS, 465), V_WARN, "implicit TLS",
	      "starttls 465");
	check(validate_tls_port(SW_TLS_IMPLICIT, 587), V_WARN, "STARTTLS",
	      "tls 587");
	check(validate_tls_port(SW_TLS_IMPLICIT, 587), V_WARN, "587",
	      "tls 587 names the port");
	check(validate_tls_port(SW_TLS_IMPLICIT, 25), V_WARN, "STARTTLS",
	      "tls 25");
	check(validate_tls_port(SW_TLS_NONE, 587), V_WARN, "clear text",
	      "none 587");
	check(validate_tls_port(SW_TLS_NONE, 465), V_WARN, "clear text",
	      "none 465");
	check(validate_tls_port(SW_TLS_NONE, 25), V_WARN, "clear text",
	      "none 25");
	check(validate_tls_port((enum sw_tls)42, 587), V_ERROR, "starttls",
	      "unknown TLS mode");
}

static void test_credentials(void)
{
	char *long_pw = repeat('p', 5000);

	check(validate_credentials(NULL, NULL), V_OK, NULL, "no credentials");
	check(validate_credentials("", ""), V_OK, NULL, "empty credentials");
	check(validate_credentials("jane", "secret"), V_OK, NULL,
	      "user and password");
	check(validate_credentials("jane@example.com", "pa ss wörd!\"'\\"),
	      V_OK, NULL, "spaces, quotes and UTF-8 in the password");
	check(validate_credentials("jane", long_pw), V_OK, NULL,
	      "5000-character password");
	check(validate_credentials("jane", NULL), V_ERROR, "password",
	      "user without password (NULL)");
	check(validate_credentials("jane", ""), V_ERROR, "password",
	      "user without password (empty)");
	check(validate_credentials(NULL, "secret"), V_ERROR, "user name",
	      "password without user (NULL)");
	check(validate_credentials("", "secret"), V_ERROR, "user name",
	      "password without user (empty)");
	check(validate_credentials("jane\r\nRCPT TO:<x@y>", "secret"), V_ERROR,
	      "user name", "CRLF in the user name");
	check(validate_credentials("jane\n", "secret"), V_ERROR, "user name",
	      "LF in the user name");
	check(validate_credentials("jane", "sec\rret"), V_ERROR, "password",
	      "CR in the password");
	check(validate_credentials("jane", "secret\n"), V_ERROR, "password",
	      "LF in the password");
	check(validate_credentials("jane", "sec\x01ret"), V_ERROR, "password",
	      "SOH in the password");
	check(validate_credentials("jane", "\x1b[2J"), V_ERROR, "password",
	      "escape sequence in the password");
	check(validate_credentials("jane", "secret\x7f"), V_ERROR, "password",
	      "DEL in the password");
	check(validate_credentials("\x1b", NULL), V_ERROR, "user name",
	      "control character reported before the missing password");
	ok(strstr(validate_credentials("jane", "hunter2\n").msg, "hunter2") ==
	       NULL,
	   "the password is never echoed");
	free(long_pw);
}

static void test_address(void)
{
	static const struct str_case cases[] = {
	    {NULL, V_ERROR, "enter the sender address"},
	    {"", V_ERROR, "enter the sender address"},
	    {"jane@example.com", V_OK, NULL},
	    {"Jane.Doe+smtp@mail.example.com", V_OK, NULL},
	    {"a@b.co", V_OK, NULL},
	    {"!#$%&'*+-/=?^_`{|}~@example.com", V_OK, NULL},
	    {"\"jane doe\"@example.com", V_OK, NULL},
	    {"\"a@b\"@example.com", V_OK, NULL},
	    {"\"a\\\"b\"@example.com", V_OK, NULL},
	    {"root@localhost", V_WARN, "localhost"}, /* like a dotless domain */
	    {"jane@[192.0.2.1]", V_OK, NULL},
	    {"jane@[IPv6:2001:db8::1]", V_OK, NULL},
	    {"jane@bücher.example", V_OK, NULL},
	    {"jane@xn--bcher-kva.example", V_OK, NULL},
	    {"jürgen@example.com", V_WARN, "SMTPUTF8"},
	    {"用户@例子.广告", V_WARN, "SMTPUTF8"},
	    {"jane@mailhost", V_WARN, "dot"},
	    {"<jane@example.com>", V_ERROR, "< >"},
	    {"Jane Doe <jane@example.com>", V_ERROR, "without a name"},
	    {"\"Jane\" <jane@example.com>", V_ERROR, "without a name"},
	    {"jane@example.com\r\nBcc: victim@example.org", V_ERROR, "control"},
	    {"jane@example.com\n", V_ERROR, "control"},
	    {"jane\r@example.com", V_ERROR, "control"},
	    {"\"jane\r\n\"@example.com", V_ERROR, "control"},
	    {"jane@exa\x1b[0mmple.com", V_ERROR, "control"},
	    {"jane\t@example.com", V_ERROR, "control"},
	    {"jane\x7f@example.com", V_ERROR, "control"},
	    {"jane", V_ERROR, "@"},
	    {"example.com", V_ERROR, "@"},
	    {"@example.com", V_ERROR, "nothing before"},
	    {"jane@", V_ERROR, "no domain"},
	    {"jane@@example.com", V_ERROR, "more than one"},
	    {"jane@example@com", V_ERROR, "more than one"},
	    {"jane doe@example.com", V_ERROR, "spaces"},
	    {"jane@example .com", V_ERROR, "spaces"},
	    {" jane@example.com", V_ERROR, "spaces"},
	    {".jane@example.com", V_ERROR, "dot"},
	    {"jane.@example.com", V_ERROR, "dot"},
	    {"ja..ne@example.com", V_ERROR, "dot"},
	    {"ja,ne@example.com", V_ERROR, "\",\""},
	    {"ja(ne)@example.com", V_ERROR, "\"(\""},
	    {"ja\"ne@example.com", V_ERROR, NULL},
	    {"\"jane@example.com", V_ERROR, "quotes"},
	    {"\"ja\"ne\"@example.com", V_ERROR, "quotes"},
	    {"jane@example.com.", V_ERROR, "dot at the end"},
	    {"jane@.example.com", V_ERROR, "empty part"},
	    {"jane@exa_mple.com", V_ERROR, "\"_\""},
	    {"jane@-example.com", V_ERROR, "hyphen"},
	    {"jane@192.0.2.1", V_ERROR, "brackets"},
	    {"jane@999.1.1.1", V_ERROR, "IPv4"},
	    {"jane@[999.1.1.1]", V_ERROR, "[192.0.2.1]"},
	    {"jane@[::1]", V_ERROR, "[192.0.2.1]"},
	    {"jane@[IPv6:nope]", V_ERROR, NULL},
	    {"jane@[192.0.2.1", V_ERROR, NULL},
	    {"jane@example.com>", V_ERROR, "\">\""},
	    {"jane@example.com:25", V_ERROR, "\":\""},
	    {"jane@☃.example", V_ERROR, "international"},
	    {"jane@xn--zz.example", V_ERROR, "punycode"},
	    {"j\xfc@example.com", V_ERROR, "UTF-8"},
	    {"jane@ex\xffmple.com", V_ERROR, "UTF-8"},
	    {"\xc0\x80@example.com", V_ERROR, "UTF-8"},
	};
	char buf[80];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char what[160];

		snprintf(what, sizeof(what), "validate_address(\"%s\")",
			 show(cases[i].in, buf, sizeof(buf)));
		check(validate_address(cases[i].in, "sender"), cases[i].want,
		      cases[i].word, what);
	}
	check(validate_address("", "test recipient"), V_ERROR,
	      "enter the test recipient address", "the label is used");
	check(validate_address("jane", NULL), V_ERROR, "address", "NULL label");
}

static void test_address_lengths(void)
{
	char *l64 = repeat('l', 64);
	char *l65 = repeat('l', 65);
	char *d63 = repeat('d', 63);
	char *d250 = dotted(60, 250);
	char *huge = repeat('x', 100000);
	char buf[600];

	snprintf(buf, sizeof(buf), "%s@example.com", l64);
	check(validate_address(buf, "sender"), V_OK, NULL, "64-octet local");
	snprintf(buf, sizeof(buf), "%s@example.com", l65);
	check(validate_address(buf, "sender"), V_ERROR, "64", "65-octet local");
	snprintf(buf, sizeof(buf), "a@%s.%s.%s.com", d63, d63, d63);
	check(validate_address(buf, "sender"), V_OK, NULL, "long domain");
	snprintf(buf, sizeof(buf), "jane@%s.com", d250);
	check(validate_address(buf, "sender"), V_ERROR, "254",
	      "address of 259 characters");
	snprintf(buf, sizeof(buf), "jane@%s.example", l64);
	check(validate_address(buf, "sender"), V_ERROR, "63",
	      "64-character domain label");
	check(validate_address(huge, "sender"), V_ERROR, "254",
	      "100000 characters");
	huge[50000] = '@';
	check(validate_address(huge, "sender"), V_ERROR, "254",
	      "100000 characters with an @");
	free(l64);
	free(l65);
	free(d63);
	free(d250);
	free(huge);
}

static void test_timeout(void)
{
	static const struct num_case cases[] = {
	    {15, V_OK, NULL},
	    {5, V_OK, NULL},
	    {60, V_OK, NULL},
	    {300, V_OK, NULL},
	    {4, V_WARN, "5 seconds"},
	    {1, V_WARN, "slow"},
	    {0, V_ERROR, "at least 1"},
	    {-15, V_ERROR, "at least 1"},
	    {301, V_ERROR, "300"},
	    {86400, V_ERROR, "300"},
	    {-2147483647L - 1, V_ERROR, NULL},
	};

	RUN_NUM(validate_timeout, cases);
}

static void test_helo(void)
{
	static const struct str_case cases[] = {
	    {NULL, V_OK, NULL},
	    {"", V_OK, NULL},
	    {"host.example.com", V_OK, NULL},
	    {"host.example.com.", V_OK, NULL},
	    {"xn--bcher-kva.example", V_OK, NULL},
	    {"[192.0.2.1]", V_OK, NULL},
	    {"[IPv6:2001:db8::1]", V_OK, NULL},
	    {"[ipv6:::1]", V_OK, NULL},
	    {"myhost", V_WARN, "fully qualified"},
	    {"localhost", V_WARN, "fully qualified"},
	    {"192.0.2.1", V_ERROR, "brackets"},
	    {"2001:db8::1", V_ERROR, "[IPv6:"},
	    {"[2001:db8::1]", V_ERROR, "IPv6"},
	    {"[999.0.0.1]", V_ERROR, "[192.0.2.1]"},
	    {"[192.0.2.1", V_ERROR, NULL},
	    {"host .example.com", V_ERROR, "spaces"},
	    {"host.example.com\r\nMAIL FROM:<x@y>", V_ERROR, "control"},
	    {"host\x1b[1m.example.com", V_ERROR, "control"},
	    {"host\t", V_ERROR, "control"},
	    {"bücher.example", V_ERROR, "xn--"},
	    {"b\xfc.example", V_ERROR, "ASCII"},
	    {"host_1.example.com", V_ERROR, "\"_\""},
	    {"-host.example.com", V_ERROR, "hyphen"},
	    {"host..example.com", V_ERROR, "empty part"},
	    {"host.example.com:25", V_ERROR, "\":\""},
	    {"xn--zz.example", V_ERROR, "punycode"},
	    {"999.1.1.1", V_ERROR, "IPv4"},
	};
	char *long_label = repeat('h', 1000);

	RUN(validate_helo, cases);
	check(validate_helo(long_label), V_ERROR, NULL, "1000-character HELO");
	free(long_label);
}

static void test_auth_mechanism(void)
{
	static const struct str_case cases[] = {
	    {NULL, V_OK, NULL},
	    {"", V_OK, NULL},
	    {"auto", V_OK, NULL},
	    {"AUTO", V_OK, NULL},
	    {"SCRAM-SHA-256", V_OK, NULL},
	    {"scram-sha-256-plus", V_OK, NULL},
	    {"SCRAM-SHA-1", V_OK, NULL},
	    {"SCRAM-SHA-1-PLUS", V_OK, NULL},
	    {"CRAM-MD5", V_OK, NULL},
	    {"plain", V_OK, NULL},
	    {"Login", V_OK, NULL},
	    {"DIGEST-MD5", V_OK, NULL},
	    {"XOAUTH2", V_ERROR, "OAuth2"},
	    {"oauthbearer", V_ERROR, "by design"},
	    {"NTLM", V_ERROR, "SCRAM-SHA-256"},
	    {"GSSAPI", V_ERROR, "\"GSSAPI\""},
	    {"PLAIN ", V_ERROR, "auto"},
	    {"PLAI", V_ERROR, "DIGEST-MD5"},
	    {"PLAIN\r\nAUTH LOGIN", V_ERROR, "PLAIN"},
	    {"\x1b[31mPLAIN", V_ERROR, "unknown"},
	};
	char *junk = repeat('Z', 5000);

	RUN(validate_auth_mechanism, cases);
	ok(strchr(validate_auth_mechanism("\x1b[31m").msg, '\x1b') == NULL,
	   "an escape sequence is never echoed");
	check(validate_auth_mechanism(junk), V_ERROR, "PLAIN",
	      "5000-character mechanism");
	free(junk);
}

static struct settings good_settings(void)
{
	struct settings s = {
	    .host = "smtp.example.com",
	    .port = 587,
	    .tls = SW_TLS_STARTTLS,
	    .tls_verify = true,
	    .username = "jane",
	    .password = "secret",
	    .from = "jane@example.com",
	    .test_recipient = "jane@example.com",
	    .timeout = 15,
	    .helo_name = NULL,
	    .auth_mechanism = "auto",
	};

	return s;
}

static int find_key(const struct field_result *r, size_t n, const char *key,
		    enum vstatus st)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].key, key) == 0 && r[i].result.status == st &&
		    r[i].result.msg[0] != '\0')
			return 1;
	return 0;
}

static void test_settings(void)
{
	struct settings s = good_settings();
	struct field_result out[16];
	size_t n;

	ok(validate_settings(&s, out, 16) == 0, "good settings: no results");
	s.from = NULL;
	s.test_recipient = "";
	s.username = NULL;
	s.password = NULL;
	s.auth_mechanism = NULL;
	ok(validate_settings(&s, out, 16) == 0,
	   "unset sender, recipient, credentials and mechanism are fine");

	s = (struct settings){0};
	n = validate_settings(&s, out, 16);
	ok(n == 4, "all-zero settings: 4 results (%zu)", n);
	ok(find_key(out, n, "host", V_ERROR), "... host error");
	ok(find_key(out, n, "port", V_ERROR), "... port error");
	ok(find_key(out, n, "tls", V_WARN), "... tls warning");
	ok(find_key(out, n, "timeout", V_ERROR), "... timeout error");

	s = good_settings();
	s.host = "smtp://x";
	s.port = 465;
	s.password = "";
	s.from = "Jane <jane@example.com>";
	s.test_recipient = "nobody";
	s.timeout = 3;
	s.helo_name = "myhost";
	s.auth_mechanism = "XOAUTH2";
	n = validate_settings(&s, out, 16);
	ok(n == 8, "bad settings: 8 results (%zu)", n);
	ok(find_key(out, n, "host", V_ERROR), "... host error");
	ok(find_key(out, n, "tls", V_WARN), "... tls vs port warning");
	ok(find_key(out, n, "password", V_ERROR), "... missing password");
	ok(find_key(out, n, "from", V_ERROR), "... from error");
	ok(find_key(out, n, "test_recipient", V_ERROR),
	   "... test_recipient error");
	ok(find_key(out, n, "timeout", V_WARN), "... timeout warning");
	ok(find_key(out, n, "helo_name", V_WARN), "... helo warning");
	ok(find_key(out, n, "auth_mechanism", V_ERROR), "... mechanism error");
	ok(strstr(out[3].result.msg, "sender") != NULL &&
	       strcmp(out[3].key, "from") == 0,
	   "... from message names the sender");
	ok(strstr(out[4].result.msg, "test recipient") != NULL,
	   "... test_recipient message names the test recipient");

	s = good_settings();
	s.username = NULL;
	n = validate_settings(&s, out, 16);
	ok(n == 1 && find_key(out, n, "username", V_ERROR),
	   "password without user blames username");
	s = good_settings();
	s.password = "a\nb";
	n = validate_settings(&s, out, 16);
	ok(n == 1 && find_key(out, n, "password", V_ERROR),
	   "newline in password blames password");

	s = good_settings();
	s.port = 25;
	s.tls = SW_TLS_NONE;
	memset(out, 0, sizeof(out));
	n = validate_settings(&s, out, 1);
	ok(n == 2, "counts every result even when out is short (%zu)", n);
	ok(strcmp(out[0].key, "port") == 0 && out[1].key == NULL,
	   "fills only n entries");
	ok(validate_settings(&s, NULL, 0) == 2, "NULL out with n == 0");
	ok(validate_settings(NULL, out, 16) == 0, "NULL settings");
}

int main(void)
{
	test_host();
	test_host_lengths();
	test_host_long_idn();
	test_port();
	test_port_text();
	test_tls_port();
	test_credentials();
	test_address();
	test_address_lengths();
	test_timeout();
	test_helo();
	test_auth_mechanism();
	test_settings();
	return tap_done();
}
