/* One DNS question through the thread-safe res_n* interface, with a private
 * resolver state per query (the wizard's worker and the engine never share
 * one) and a time budget taken from a deadline. glibc only knows whole
 * seconds per server and attempt: the time left is turned into one attempt
 * with a per-server timeout that keeps the worst case within the share (at
 * least one second). */
#include <config.h>

#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "knowledge/dns_query.h"

/* glibc waits retrans seconds for the first server and (retrans << i) /
 * nscount for the i-th: all servers together take up to about nscount+1
 * times retrans. */
static void set_budget(res_state rs, int ms)
{
	int servers = rs->nscount > 1 ? rs->nscount + 1 : 1;
	int secs = ms / 1000 / servers;

	rs->retrans = secs < 1 ? 1 : secs;
	rs->retry = 1;
}

void dns_set_query(struct lookup_query *q, enum lookup_status st,
		   const char *detail)
{
	q->status = st;
	snprintf(q->detail, sizeof(q->detail), "%s", detail);
}

/* timed_out: the query used up its time. glibc reports a refusal and a
 * silent server alike (TRY_AGAIN, often ETIMEDOUT), so the clock decides. */
static enum lookup_status query_failed(struct lookup_query *q, int herr,
				       int err, bool timed_out)
{
	switch (herr) {
	case HOST_NOT_FOUND:
		dns_set_query(q, LOOKUP_NXDOMAIN, "NXDOMAIN");
		break;
	case NO_DATA:
		dns_set_query(q, LOOKUP_NO_RECORDS, "");
		break;
	case TRY_AGAIN:
		if (err == ECONNREFUSED)
			dns_set_query(q, LOOKUP_FAILURE,
				      "no DNS server listens");
		else if (timed_out)
			dns_set_query(q, LOOKUP_TIMEOUT, "no answer in time");
		else
			dns_set_query(q, LOOKUP_FAILURE,
				      "server failure or query refused");
		break;
	default:
		dns_set_query(q, LOOKUP_FAILURE, "query refused or failed");
		break;
	}
	return q->status;
}

/* Asks for one record type; on success *len is the answer's length in buf
 * (ANSWER_MAX bytes). share: how many queries the time left is for. */
enum lookup_status dns_query(struct lookup_query *q, int type, int64_t deadline,
			     int share, unsigned char *buf, int *len)
{
	struct __res_state rs;
	int left = clock_left_ms(deadline), n, herr, err;
	int64_t start, budget_ms;

	if (left <= 0) {
		dns_set_query(q, LOOKUP_SKIPPED, "deadline passed");
		return q->status;
	}
	memset(&rs, 0, sizeof(rs));
	if (res_ninit(&rs) != 0) {
		dns_set_query(q, LOOKUP_FAILURE,
			      "no usable resolver configuration");
		return q->status;
	}
	set_budget(&rs, left / (share > 0 ? share : 1));
	budget_ms = (int64_t)rs.retrans * 1000;
	start = clock_now_ms();
	errno = 0;
	n = res_nquery(&rs, q->name, ns_c_in, type, buf, ANSWER_MAX);
	herr = rs.res_h_errno;
	err = errno;
	res_nclose(&rs);
	if (n < 0)
		return query_failed(q, herr, err,
				    clock_now_ms() - start >= budget_ms - 50);
	/* A longer answer than the buffer is reported with its full length
	 * but copied only in part. */
	*len = n < ANSWER_MAX ? n : ANSWER_MAX;
	dns_set_query(q, LOOKUP_FOUND, "");
	return LOOKUP_FOUND;
}
