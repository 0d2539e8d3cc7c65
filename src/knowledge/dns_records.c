/* TXT and address records for the deliverability checks. Every answer is
 * parsed with ns_parserr (bounds-checked), and every copy is cut to the
 * caller's buffers. */
#include <config.h>

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "knowledge/dns_query.h"
#include "knowledge/dns_records.h"

static int start(struct lookup_query *q, const char *name, const char *type)
{
	memset(q, 0, sizeof(*q));
	q->type = type;
	if (strlen(name) >= sizeof(q->name)) {
		dns_set_query(q, LOOKUP_FAILURE, "name too long");
		return -1;
	}
	memcpy(q->name, name, strlen(name) + 1);
	return 0;
}

/* One TXT record: a run of <length><bytes> character-strings. */
static void take_txt(const unsigned char *rd, size_t len, char *out, size_t n)
{
	size_t used = 0, i = 0;

	while (i < len) {
		size_t l = rd[i++];

		for (size_t k = 0; k < l && i < len; k++, i++) {
			unsigned char c = rd[i];

			if (used + 1 >= n)
				break;
			/* Inert text only: a record is shown as evidence. */
			out[used++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
		}
	}
	out[used] = '\0';
}

/* Asks name for type, then calls take for each answer record of that type
 * until it returns false; q->records counts the ones it accepted (-1 from
 * take: skipped). Returns q->status. */
static enum lookup_status
each_answer(struct lookup_query *q, const char *name, const char *label,
	    int type, int64_t deadline, int share,
	    int (*take)(void *ctx, const unsigned char *rd, size_t len),
	    void *ctx)
{
	unsigned char *buf;
	int len = 0, got = 0, rc;
	ns_msg msg;
	ns_rr rr;

	if (start(q, name, label) != 0)
		return q->status;
	buf = malloc(DNS_ANSWER_MAX);
	if (buf == NULL) {
		dns_set_query(q, LOOKUP_FAILURE, "out of memory");
		return q->status;
	}
	if (dns_query(q, type, deadline, share, buf, &len) != LOOKUP_FOUND ||
	    ns_initparse(buf, len, &msg) < 0) {
		if (q->status == LOOKUP_FOUND)
			dns_set_query(q, LOOKUP_FAILURE, "malformed answer");
		free(buf);
		return q->status;
	}
	for (int i = 0; i < ns_msg_count(msg, ns_s_an); i++) {
		if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
			break;
		if ((int)ns_rr_type(rr) != type || ns_rr_class(rr) != ns_c_in)
			continue;
		rc = take(ctx, ns_rr_rdata(rr), (size_t)ns_rr_rdlen(rr));
		if (rc == 0)
			break;
		got += rc > 0;
	}
	free(buf);
	q->records = got;
	if (got == 0)
		dns_set_query(q, LOOKUP_NO_RECORDS, "");
	return q->status;
}

static int take_txt_rr(void *ctx, const unsigned char *rd, size_t len)
{
	struct dns_txt *out = ctx;

	if (out->n == DNS_TXT_COUNT)
		return 0;
	take_txt(rd, len, out->text[out->n++], DNS_TXT_MAX);
	return 1;
}

enum lookup_status dns_get_txt(const char *name, int64_t deadline, int share,
			       struct dns_txt *out, struct lookup_query *q)
{
	out->n = 0;
	return each_answer(q, name, "TXT", ns_t_txt, deadline, share,
			   take_txt_rr, out);
}

struct ip_take {
	struct dns_ips *out;
	size_t want; /* 4 or 16 bytes */
};

static int take_ip_rr(void *ctx, const unsigned char *rd, size_t len)
{
	struct ip_take *t = ctx;

	if (len != t->want || t->out->n == DNS_IP_MAX)
		return -1;
	t->out->ip[t->out->n].family = t->want == 16 ? AF_INET6 : AF_INET;
	memcpy(t->out->ip[t->out->n].addr, rd, t->want);
	t->out->n++;
	return 1;
}

enum lookup_status dns_get_ips(const char *name, int type, int64_t deadline,
			       int share, struct dns_ips *out,
			       struct lookup_query *q)
{
	struct ip_take t = {out, type == ns_t_aaaa ? 16 : 4};

	return each_answer(q, name, type == ns_t_aaaa ? "AAAA" : "A", type,
			   deadline, share, take_ip_rr, &t);
}
