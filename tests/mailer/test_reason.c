/* The pure parts of the mailer support: reasons as Postfix, Exim and msmtp
 * write them (copied from real runs of each), relayhost's forms, the
 * grouping of a queue, and every mailer cause's hint and man entry. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/hints.h"
#include "knowledge/reason.h"
#include "mailer/postfix.h"
#include "mailer/queue.h"
#include "../unit/tap.h"

static void reason(const char *text, const char *want)
{
	struct diagnosis d;

	diagnose_mailer_reason(text, &d);
	ok(strcmp(d.cause, want) == 0, "%s -> %s (got %s)", text, want,
	   d.cause);
}

static void relay(const char *value, const char *host, long port, int bracketed,
		  int table)
{
	struct pf_relay r = {.port = 0};

	ok(pf_parse_relay(value, &r) == 0 && strcmp(r.host, host) == 0 &&
	       r.port == port && r.bracketed == bracketed && r.table == table,
	   "relayhost '%s': host %s port %ld (got %s %ld)", value, host, port,
	   r.host, r.port);
}

static char *read_man(void)
{
	const char *src = getenv("SRCDIR");
	static char buf[1 << 20];
	char path[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/man/smtpwiz.1", src ? src : ".");
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int documented(const char *man, const char *cause)
{
	char want[128];
	size_t o = (size_t)snprintf(want, sizeof(want), "\n.B ");

	for (const char *c = cause; *c && o + 3 < sizeof(want); c++) {
		if (*c == '-')
			want[o++] = '\\';
		want[o++] = *c;
	}
	want[o++] = '\n';
	want[o] = '\0';
	return man != NULL && strstr(man, want) != NULL;
}

static void queue_grouping(void)
{
	struct queue_summary q;

	memset(&q, 0, sizeof(q));
	queue_add(&q, QS_DEFERRED,
		  "host a[1.2.3.4] said: 550 5.1.1 <bob@x.example>: Recipient "
		  "address rejected (in reply to RCPT TO command)",
		  100);
	queue_add(&q, QS_DEFERRED,
		  "host a[1.2.3.4] said: 550 5.1.1 <carol@x.example>: "
		  "Recipient address rejected (in reply to RCPT TO command)",
		  50);
	queue_add(&q, QS_DEFERRED,
		  "connect to a[1.2.3.4]:25: Connection refused", 70);
	for (int i = 0; i < QUEUE_GROUPS_MAX + 10; i++) {
		char r[64];

		snprintf(r, sizeof(r), "reason number %d", i);
		queue_add(&q, QS_HOLD, r, 10);
	}
	queue_sort(&q);
	ok(q.n == QUEUE_GROUPS_MAX + 1, "groups bounded: %zu", q.n);
	ok(q.capped, "the bound is reported");
	ok(q.groups[0].count >= 2, "sorted by count");
	for (size_t i = 0; i < q.n; i++)
		if (q.groups[i].cause &&
		    strcmp(q.groups[i].cause, "recipient-rejected") == 0)
			ok(q.groups[i].count == 2 && q.groups[i].oldest == 50,
			   "two addresses, one reason, the oldest kept");
	queue_summary_free(&q);
}

int main(void)
{
	const char *man = read_man();
	const struct hint *h;
	const char *c;
	size_t n;

	/* Postfix 3.7, from postqueue -j (delay_reason). */
	reason("host 127.0.0.1[127.0.0.1] said: 451 4.7.1 Greylisted, please "
	       "try again later (in reply to RCPT TO command)",
	       "greylisted");
	reason("delivery temporarily suspended: host 127.0.0.1[127.0.0.1] "
	       "refused to talk to me: 421 4.3.2 Service temporarily "
	       "unavailable, try again later",
	       "server-busy");
	reason("connect to 127.0.0.1[127.0.0.1]:40193: Connection refused",
	       "connect-refused");
	reason("SASL authentication failed; server 127.0.0.1[127.0.0.1] said: "
	       "535 5.7.8 Authentication credentials invalid",
	       "auth-failed");
	reason("SASL authentication failed; cannot authenticate to server "
	       "127.0.0.1[127.0.0.1]: no mechanism available",
	       "mailer-sasl-no-mechanism");
	reason("conversation with 127.0.0.1[127.0.0.1] timed out while "
	       "receiving the initial server greeting",
	       "timeout");
	reason("Host or domain name not found. Name service error for "
	       "name=smtp.example type=A: Host not found",
	       "dns-not-found");
	reason("host 127.0.0.1[127.0.0.1] said: 554 5.7.1 <bob@example.net>: "
	       "Relay access denied (in reply to RCPT TO command)",
	       "relay-denied");
	/* Exim 4.96, from a message log. */
	reason("H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server "
	       "after RCPT TO:<bob@example.net>: 451 4.7.1 Greylisted, please "
	       "try again later",
	       "greylisted");
	reason("H=127.0.0.1 [127.0.0.1] Connection refused", "connect-refused");
	/* msmtp 1.8, from its logfile. */
	reason("smtpmsg='535 5.7.8 Authentication credentials invalid' "
	       "errormsg='authentication failed (method PLAIN)' "
	       "exitcode=EX_NOPERM",
	       "auth-failed");
	reason("something nobody has seen", "mailer-deferred");

	relay("[smtp.example.com]:587", "smtp.example.com", 587, 1, 0);
	relay("smtp.example.com:587", "smtp.example.com", 587, 0, 0);
	relay("[smtp.example.com]", "smtp.example.com", 0, 1, 0);
	relay("smtp.example.com", "smtp.example.com", 0, 0, 0);
	relay("[smtp.example.com]:submission", "smtp.example.com", 587, 1, 0);
	relay(" [a.example]:465, [b.example]:465", "a.example", 465, 1, 0);
	relay("hash:/etc/postfix/relay", "hash:/etc/postfix/relay", 0, 0, 1);
	{
		struct pf_relay r;

		ok(pf_parse_relay("", &r) == -1, "an empty relayhost");
		ok(pf_parse_relay("[h]:99999", &r) == 0 && r.bad_port,
		   "a port out of range");
	}
	queue_grouping();

	h = hint_mailer_table(&n);
	for (size_t i = 0; i < n; i++)
		ok(documented(man, h[i].cause), "%s is in smtpwiz(1)",
		   h[i].cause);
	for (size_t i = 0; (c = diagnose_reason_cause_at(i)) != NULL; i++)
		ok(hint_lookup(c) != NULL, "reason cause %s has a hint", c);
	return tap_done();
}
