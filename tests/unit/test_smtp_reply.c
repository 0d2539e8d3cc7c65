/* Reply parser, EHLO capability parser and the sanitiser that keeps server
 * text inert. */
#include <config.h>

#include <string.h>

#include "net/smtp.h"
#include "tap.h"
#include "base/text.h"

static enum smtp_parse feed_all(struct smtp_reply *r, const char *const *lines,
				int n)
{
	enum smtp_parse p = SMTP_PARSE_MORE;
	char why[256];
	int i;

	smtp_reply_init(r);
	for (i = 0; i < n && p == SMTP_PARSE_MORE; i++)
		p = smtp_reply_feed(r, lines[i], strlen(lines[i]), why,
				    sizeof(why));
	return p;
}

static void test_single_and_multi(void)
{
	const char *one[] = {"220 mx.example.com ESMTP Postfix"};
	const char *gmail[] = {
	    "535-5.7.8 Username and Password not accepted. For more "
	    "information, go to",
	    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials "
	    "a1-20020a - gsmtp"};
	const char *wrapped[] = {"534-5.7.14 <https://accounts.google.com/x> "
				 "Please log",
				 "534-5.7.14 in via your web browser and",
				 "534 5.7.14 then try again. - gsmtp"};
	struct smtp_reply r;

	ok(feed_all(&r, one, 1) == SMTP_PARSE_DONE && r.code == 220 &&
	       r.nlines == 1,
	   "single-line reply");
	tap_is_str(r.text, "mx.example.com ESMTP Postfix", "single-line text");
	tap_is_str(r.enh, "", "no enhanced code");
	ok(feed_all(&r, gmail, 2) == SMTP_PARSE_DONE && r.code == 535,
	   "two-line reply completes on the last line");
	tap_is_str(r.enh, "5.7.8", "enhanced code parsed");
	ok(strstr(r.text, "not accepted. For more information, go to "
			  "https://support") != NULL,
	   "lines joined with one space, repeated codes dropped");
	ok(strstr(r.raw, "535-5.7.8") == r.raw && strchr(r.raw, '\n'),
	   "raw keeps the lines as received");
	ok(feed_all(&r, wrapped, 3) == SMTP_PARSE_DONE &&
	       strstr(r.text, "Please log in via your web browser") != NULL,
	   "a phrase wrapped across lines can be matched");
}

static void test_malformed(void)
{
	struct smtp_reply r;
	char why[256];
	const char *change[] = {"250-a", "550-b"};
	const char bin[] = "25\0 x";

	smtp_reply_init(&r);
	ok(smtp_reply_feed(&r, "hello", 5, why, sizeof(why)) ==
	       SMTP_PARSE_ERROR,
	   "text without a code is an error");
	ok(strstr(why, "three-digit") != NULL, "the reason says why");
	smtp_reply_init(&r);
	ok(smtp_reply_feed(&r, "2500 x", 6, why, sizeof(why)) ==
	       SMTP_PARSE_ERROR,
	   "four digits are an error");
	smtp_reply_init(&r);
	ok(smtp_reply_feed(&r, "999 x", 5, why, sizeof(why)) ==
	       SMTP_PARSE_ERROR,
	   "code 999 is an error");
	ok(feed_all(&r, change, 2) == SMTP_PARSE_ERROR,
	   "a code that changes inside a reply is an error");
	smtp_reply_init(&r);
	ok(smtp_reply_feed(&r, bin, sizeof(bin) - 1, why, sizeof(why)) ==
	       SMTP_PARSE_ERROR,
	   "NUL bytes are an error");
	smtp_reply_init(&r);
	ok(smtp_reply_feed(&r, "250", 3, why, sizeof(why)) == SMTP_PARSE_DONE,
	   "a bare code is a complete reply");
}

static void test_too_many_lines(void)
{
	enum smtp_parse p = SMTP_PARSE_MORE;
	struct smtp_reply r;
	char why[256];
	int i;

	smtp_reply_init(&r);
	for (i = 0; i < 10000 && p == SMTP_PARSE_MORE; i++)
		p = smtp_reply_feed(&r, "250-x", 5, why, sizeof(why));
	ok(p == SMTP_PARSE_ERROR && i == SMTP_REPLY_MAX_LINES + 1,
	   "an endless multi-line reply stops at %d lines",
	   SMTP_REPLY_MAX_LINES);
}

static void test_long_text_bounded(void)
{
	static char line[SMTP_LINE_MAX + 1];
	enum smtp_parse p = SMTP_PARSE_MORE;
	struct smtp_reply r;
	char why[256];
	int i;

	memset(line, 'a', SMTP_LINE_MAX);
	memcpy(line, "250-", 4);
	smtp_reply_init(&r);
	for (i = 0; i < 50 && p == SMTP_PARSE_MORE; i++)
		p = smtp_reply_feed(&r, line, SMTP_LINE_MAX, why, sizeof(why));
	ok(p == SMTP_PARSE_MORE && strlen(r.text) < sizeof(r.text) &&
	       strlen(r.raw) < sizeof(r.raw),
	   "long replies are truncated, not overflowed");
}

static void test_ehlo(void)
{
	const char *lines[] = {"250-smtp.example.com Hello [127.0.0.1]",
			       "250-SIZE 35882577",
			       "250-8BITMIME",
			       "250-AUTH LOGIN PLAIN XOAUTH2",
			       "250-AUTH=LOGIN PLAIN",
			       "250-enhancedstatuscodes",
			       "250-PIPELINING",
			       "250-CHUNKING",
			       "250 SMTPUTF8"};
	const char *starttls[] = {"250-x", "250-STARTTLS", "250 AUTH"};
	struct smtp_reply r;
	struct smtp_caps c;

	feed_all(&r, lines, 9);
	smtp_parse_ehlo(&r, &c);
	ok(c.esmtp && !c.starttls && c.pipelining && c.eightbitmime &&
	       c.smtputf8 && c.enhanced && c.chunking,
	   "keywords recognised, case-insensitively");
	ok(c.has_size && c.size == 35882577, "SIZE value parsed");
	ok(c.auth, "AUTH offered");
	tap_is_str(c.auth_mechs, "LOGIN PLAIN XOAUTH2",
		   "mechanisms listed once, AUTH= duplicates merged");
	ok(smtp_caps_has_mech(&c, "plain") && !smtp_caps_has_mech(&c, "PLAI"),
	   "mechanism lookup is exact and case-insensitive");
	feed_all(&r, starttls, 3);
	smtp_parse_ehlo(&r, &c);
	ok(c.starttls && c.auth && c.auth_mechs[0] == '\0',
	   "STARTTLS and an empty AUTH line");
	r.code = 502;
	smtp_parse_ehlo(&r, &c);
	ok(!c.esmtp && !c.starttls, "a refused EHLO has no capabilities");
}

static void test_sanitize(void)
{
	char out[256];

	text_sanitize(out, sizeof(out), "\x1b]0;pwned\x07\x1b[31mred", 18);
	ok(strchr(out, 0x1b) == NULL && strchr(out, 0x07) == NULL,
	   "escape sequences made inert");
	tap_is_str(out, "\\x1B]0;pwned\\x07\\x1B[31mred",
		   "control bytes shown as \\xNN");
	text_sanitize(out, sizeof(out), "gr\xc3\xbc\xc3\x9f \xe2\x82\xac", 10);
	tap_is_str(out, "gr\xc3\xbc\xc3\x9f \xe2\x82\xac", "valid UTF-8 kept");
	text_sanitize(out, sizeof(out),
		      "\xc2\x9b"
		      "2J",
		      4);
	tap_is_str(out, "\\xC2\\x9B2J", "C1 control (CSI) made inert");
	text_sanitize(out, sizeof(out), "a\xff\xc0\x80z", 5);
	tap_is_str(out, "a\\xFF\\xC0\\x80z", "invalid and overlong UTF-8");
	text_sanitize(out, sizeof(out), "a\0b", 3);
	tap_is_str(out, "a\\x00b", "NUL byte shown");
	text_sanitize(out, 8, "0123456789", 10);
	ok(strlen(out) == 7, "output bounded by the buffer");
	text_sanitize(out, 6, "\x01\x02\x03", 3);
	ok(strlen(out) == 4, "never a half escape at the bound");
}

int main(void)
{
	test_single_and_multi();
	test_malformed();
	test_too_many_lines();
	test_long_text_bounded();
	test_ehlo();
	test_sanitize();
	return tap_done();
}
