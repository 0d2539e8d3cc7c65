/* One DNS question with a deadline (see dns_query.c), shared by the
 * submission lookup (SRV, MX) and the deliverability checks (TXT, A, AAAA,
 * MX). */
#ifndef SMTPWIZ_DNS_QUERY_H
#define SMTPWIZ_DNS_QUERY_H

#include <stdint.h>

#include "knowledge/lookup.h"

/* Bytes of an answer kept: far more than any SRV, MX or SPF answer. */
#define DNS_ANSWER_MAX 16384
#define ANSWER_MAX     DNS_ANSWER_MAX

/* Sets q's outcome. */
void dns_set_query(struct lookup_query *q, enum lookup_status st,
		   const char *detail);

/* Asks q->name for one record type; on success *len is the answer's length
 * in buf (DNS_ANSWER_MAX bytes). share: how many queries the time left is
 * for. */
enum lookup_status dns_query(struct lookup_query *q, int type, int64_t deadline,
			     int share, unsigned char *buf, int *len);

#endif
