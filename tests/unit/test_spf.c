/* The SPF parser and evaluator, and the DMARC parser, on records served
 * from a table (no DNS): every mechanism, the limits of RFC 7208 section
 * 4.6.4, the errors, and the several-address verdict. */
#include <config.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "knowledge/dmarc.h"
#include "knowledge/senders.h"
#include "knowledge/spf.h"
#include "tap.h"

struct rr {
	const char *name, *type, *data;
};

static const struct rr *zone;
static int queries;

static enum lookup_status t_txt(void *ctx, const char *name,
				struct dns_txt *out)
{
	out->n = 0;
	queries++;
	if (strcmp(name, "fail.test") == 0)
		return LOOKUP_TIMEOUT;
	for (const struct rr *r = zone; r->name; r++)
		if (strcmp(r->type, "TXT") == 0 && strcmp(r->name, name) == 0 &&
		    out->n < DNS_TXT_COUNT)
			snprintf(out->text[out->n++], DNS_TXT_MAX, "%s",
				 r->data);
	return out->n ? LOOKUP_FOUND : LOOKUP_NXDOMAIN;
}

static enum lookup_status t_ips(void *ctx, const char *name, int family,
				struct dns_ips *out)
{
	const char *type = family == AF_INET6 ? "AAAA" : "A";

	for (const struct rr *r = zone; r->name; r++)
		if (strcmp(r->type, type) == 0 && strcmp(r->name, name) == 0 &&
		    out->n < DNS_IP_MAX) {
			out->ip[out->n].family = family;
			inet_pton(family, r->data, out->ip[out->n].addr);
			out->n++;
		}
	return LOOKUP_FOUND;
}

static enum lookup_status t_mx(void *ctx, const char *name,
			       char (*names)[LOOKUP_NAME_MAX], size_t *n)
{
	*n = 0;
	for (const struct rr *r = zone; r->name; r++)
		if (strcmp(r->type, "MX") == 0 && strcmp(r->name, name) == 0 &&
		    *n < SPF_MAX_MX)
			snprintf(names[(*n)++], LOOKUP_NAME_MAX, "%s", r->data);
	return LOOKUP_FOUND;
}

static const struct spf_dns dns = {t_txt, t_ips, t_mx, NULL};

static const struct rr records[] = {
    {"good.test", "TXT", "v=spf1 include:_spf.google.com ~all"},
    {"good.test", "TXT", "google-site-verification=x"},
    {"_spf.google.com", "TXT", "v=spf1 ip4:192.0.2.0/24 ~all"},
    {"ipv.test", "TXT", "v=spf1 ip4:192.0.2.1 ip6:2001:db8::/32 -all"},
    {"a.test", "TXT", "v=spf1 a mx:mail.a.test/24 -all"},
    {"a.test", "A", "198.51.100.7"},
    {"mail.a.test", "MX", "mx1.a.test"},
    {"mx1.a.test", "A", "203.0.113.9"},
    {"redir.test", "TXT", "v=spf1 redirect=ipv.test"},
    {"redir2.test", "TXT", "v=spf1 -all redirect=ipv.test"},
    {"two.test", "TXT", "v=spf1 -all"},
    {"two.test", "TXT", "v=spf1 ~all"},
    {"syntax.test", "TXT", "v=spf1 ip4:1.2.3.4/33 -all"},
    {"unknown.test", "TXT", "v=spf1 foo:bar -all"},
    {"noinc.test", "TXT", "v=spf1 include:nothing.test -all"},
    {"void.test", "TXT", "v=spf1 a:v1.test a:v2.test a:v3.test -all"},
    {"macro.test", "TXT", "v=spf1 exists:%{i}.spf.macro.test -all"},
    {"loop.test", "TXT", "v=spf1 include:loop.test -all"},
    {"temp.test", "TXT", "v=spf1 include:fail.test -all"},
    {"dup.test", "TXT", "v=spf1 redirect=a.test redirect=b.test"},
    {"case.test", "TXT", "V=SPF1 IP4:192.0.2.1 -ALL"},
    {NULL, NULL, NULL},
};

static struct dns_ips relay(const char *a, const char *b)
{
	struct dns_ips r = {0};

	if (a != NULL) {
		r.ip[r.n].family = strchr(a, ':') ? AF_INET6 : AF_INET;
		inet_pton(r.ip[r.n].family, a, r.ip[r.n].addr);
		r.n++;
	}
	if (b != NULL) {
		r.ip[r.n].family = strchr(b, ':') ? AF_INET6 : AF_INET;
		inet_pton(r.ip[r.n].family, b, r.ip[r.n].addr);
		r.n++;
	}
	return r;
}

static void eval(const char *domain, const struct dns_ips *r,
		 const char *include, struct spf_eval *e)
{
	memset(e, 0, sizeof(*e));
	e->relay = r;
	e->include = include;
	e->dns = &dns;
	queries = 0;
	spf_evaluate(domain, e);
}

static void expect(const char *domain, const char *ip, enum spf_result want,
		   const char *what)
{
	struct dns_ips r = relay(ip, NULL);
	struct spf_eval *e = calloc(1, sizeof(*e));

	eval(domain, &r, NULL, e);
	if (!ok(e->result == want, "%s: %s for %s is %s", what, domain, ip,
		spf_result_name(want)))
		printf("#   got %s (%s)\n", spf_result_name(e->result),
		       e->error);
	free(e);
}

static void test_parse(void)
{
	struct spf_term t[SPF_MAX_TERMS];
	char why[256];
	size_t n;

	ok(spf_parse("v=spf1 +a -mx:x.test/24//64 ~all", t, SPF_MAX_TERMS, &n,
		     why, sizeof(why)) == 0 &&
	       n == 3,
	   "parse: three terms");
	ok(t[1].kind == SPF_MX && t[1].qualifier == '-' && t[1].cidr4 == 24 &&
	       t[1].cidr6 == 64 && strcmp(t[1].arg, "x.test") == 0,
	   "parse: mx with domain and both prefixes");
	ok(spf_parse("v=spf1 a/24 -all", t, SPF_MAX_TERMS, &n, why,
		     sizeof(why)) == 0 &&
	       t[0].cidr4 == 24 && t[0].arg[0] == '\0',
	   "parse: a/24 is the current domain");
	ok(spf_parse("v=spf10 -all", t, SPF_MAX_TERMS, &n, why, sizeof(why)) !=
	       0,
	   "parse: v=spf10 is not a record");
	ok(spf_parse("v=spf1 include: -all", t, SPF_MAX_TERMS, &n, why,
		     sizeof(why)) != 0 &&
	       strstr(why, "needs a domain") != NULL,
	   "parse: include without a domain says why (%s)", why);
	ok(spf_parse("v=spf1 ip6:2001:db8::/129", t, SPF_MAX_TERMS, &n, why,
		     sizeof(why)) != 0,
	   "parse: an ip6 prefix over 128 is refused");
	ok(spf_parse("v=spf1 exp=explain.test unknown=x -all", t, SPF_MAX_TERMS,
		     &n, why, sizeof(why)) == 0 &&
	       n == 3 && t[1].kind == SPF_UNKNOWN_MODIFIER,
	   "parse: unknown modifiers are ignored (RFC 7208 6)");
	ok(spf_parse("v=spf1 all:x", t, SPF_MAX_TERMS, &n, why, sizeof(why)) !=
	       0,
	   "parse: all takes nothing");
	ok(spf_is_record("v=spf1") && spf_is_record("V=SPF1 -all") &&
	       !spf_is_record("v=spf1x") && !spf_is_record("spf1"),
	   "spf_is_record");
}

static void test_limits(void)
{
	static const char *const many[] = {
	    "v=spf1 include:i1.t include:i2.t include:i3.t include:i4.t "
	    "include:i5.t include:i6.t include:i7.t include:i8.t "
	    "include:i9.t include:i10.t include:i11.t -all",
	};
	struct rr big[16];
	struct dns_ips r = relay("192.0.2.1", NULL);
	struct spf_eval *e = calloc(1, sizeof(*e));
	char names[11][16];

	big[0] = (struct rr){"many.test", "TXT", many[0]};
	for (int i = 0; i < 11; i++) {
		snprintf(names[i], sizeof(names[i]), "i%d.t", i + 1);
		big[i + 1] = (struct rr){names[i], "TXT", "v=spf1 ~all"};
	}
	big[12] = (struct rr){NULL, NULL, NULL};
	zone = big;
	eval("many.test", &r, NULL, e);
	ok(e->result == SPF_PERMERROR &&
	       strstr(e->error, "10 DNS lookups") != NULL,
	   "11 includes: permerror, over the 10-lookup limit (%s)", e->error);
	ok(queries <= 12, "and the walk stopped at the limit (%d queries)",
	   queries);
	zone = records;
	eval("loop.test", &r, NULL, e);
	ok(e->result == SPF_PERMERROR,
	   "an include of itself ends at the lookup limit, not in a loop");
	eval("void.test", &r, NULL, e);
	ok(e->result == SPF_PERMERROR &&
	       strstr(e->error, "found nothing") != NULL,
	   "three void lookups: permerror (%s)", e->error);
	free(e);
}

static void test_eval(void)
{
	struct spf_eval *e = calloc(1, sizeof(*e));
	struct dns_ips r;

	zone = records;
	expect("ipv.test", "192.0.2.1", SPF_PASS, "ip4");
	expect("ipv.test", "192.0.2.2", SPF_FAIL, "ip4 miss, -all");
	expect("ipv.test", "2001:db8:1::5", SPF_PASS, "ip6 prefix");
	expect("a.test", "198.51.100.7", SPF_PASS, "a");
	expect("a.test", "203.0.113.200", SPF_PASS, "mx with /24");
	expect("a.test", "203.0.114.1", SPF_FAIL, "mx miss");
	expect("good.test", "192.0.2.77", SPF_PASS, "include passes");
	expect("good.test", "198.51.100.1", SPF_SOFTFAIL,
	       "include misses, ~all");
	expect("redir.test", "192.0.2.1", SPF_PASS, "redirect");
	expect("redir2.test", "192.0.2.1", SPF_FAIL, "redirect after all");
	expect("two.test", "192.0.2.1", SPF_PERMERROR, "two records");
	expect("syntax.test", "192.0.2.1", SPF_PERMERROR, "bad prefix");
	expect("unknown.test", "192.0.2.1", SPF_PERMERROR, "unknown mechanism");
	expect("noinc.test", "192.0.2.1", SPF_PERMERROR, "include of nothing");
	expect("temp.test", "192.0.2.1", SPF_TEMPERROR, "DNS failure");
	expect("dup.test", "192.0.2.1", SPF_PERMERROR, "two redirects");
	expect("case.test", "192.0.2.1", SPF_PASS, "upper case");
	expect("none.test", "192.0.2.1", SPF_NONE, "no record");

	r = relay("192.0.2.1", "192.0.2.9");
	eval("ipv.test", &r, NULL, e);
	ok(e->result == SPF_FAIL && e->ip_result[0] == SPF_PASS &&
	       e->ip_result[1] == SPF_FAIL,
	   "two addresses: each judged, the worst is the verdict");
	eval("macro.test", &r, NULL, e);
	ok(e->approximate && e->result == SPF_FAIL,
	   "a macro is not guessed: approximate, and no match");
	eval("good.test", NULL, "_spf.google.com", e);
	ok(e->include_found && e->records == 1 &&
	       strcmp(e->record, "v=spf1 include:_spf.google.com ~all") == 0,
	   "the provider's include is found, other TXT records ignored");
	ok(strstr(e->chain, "_spf.google.com: v=spf1 ip4:192.0.2.0/24 ~all") !=
	       NULL,
	   "the chain shows the included record");
	eval("good.test", NULL, "sendgrid.net", e);
	ok(!e->include_found, "another provider's include is not found");
	free(e);
}

static void test_dmarc(void)
{
	struct dmarc_record r;
	char why[160], org[256];

	ok(dmarc_parse("v=DMARC1; p=reject; sp=none; adkim=s; pct=50", &r, why,
		       sizeof(why)) == 0 &&
	       r.p == DMARC_REJECT && r.sp == DMARC_NONE && r.strict_dkim &&
	       !r.strict_spf && r.pct == 50,
	   "dmarc: every tag");
	ok(dmarc_parse("v=DMARC1;p=quarantine", &r, why, sizeof(why)) == 0 &&
	       r.sp == DMARC_QUARANTINE,
	   "dmarc: sp defaults to p");
	ok(dmarc_parse("v=DMARC1; rua=mailto:a@b.test", &r, why, sizeof(why)) ==
		   0 &&
	       r.p == DMARC_NONE,
	   "dmarc: no p but rua means none (RFC 7489 6.6.3)");
	ok(dmarc_parse("v=DMARC1; p=block", &r, why, sizeof(why)) != 0 &&
	       strstr(why, "block") != NULL,
	   "dmarc: a bad policy says which (%s)", why);
	ok(dmarc_parse("v=spf1 -all", &r, why, sizeof(why)) != 0,
	   "dmarc: not a DMARC record");
	ok(dmarc_org_domain("a.b.example.co.uk", org, sizeof(org)) == 0 &&
	       strcmp(org, "example.co.uk") == 0,
	   "organisational domain under co.uk (%s)", org);
	ok(dmarc_org_domain("Mail.Example.COM", org, sizeof(org)) == 0 &&
	       strcmp(org, "example.com") == 0,
	   "organisational domain, lowercased (%s)", org);
}

static void test_senders(void)
{
	char inc[256];
	size_t n;
	const struct sender_auth *t = sender_auth_table(&n);
	int sourced = 0;

	for (size_t i = 0; i < n; i++)
		sourced += strncmp(t[i].setup_page, "https://", 8) == 0;
	ok(sourced == (int)n, "every sender row names its page (%d of %zu)",
	   sourced, n);
	ok(sender_auth_include(sender_auth_for("zoho"), "smtp.zoho.eu", inc,
			       sizeof(inc)) &&
	       strcmp(inc, "zoho.eu") == 0,
	   "zoho: the include follows the data centre (%s)", inc);
	ok(sender_auth_include(sender_auth_for("google"), "smtp.gmail.com", inc,
			       sizeof(inc)) &&
	       strcmp(inc, "_spf.google.com") == 0,
	   "google: _spf.google.com");
	ok(sender_auth_for("nobody") == NULL, "an unknown provider has no row");
}

int main(void)
{
	test_parse();
	test_limits();
	test_eval();
	test_dmarc();
	test_senders();
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}
