/* Reading TXT and address records, bounded, for the deliverability checks
 * (SPF, DMARC, DKIM). */
#ifndef SMTPWIZ_DNS_RECORDS_H
#define SMTPWIZ_DNS_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "knowledge/lookup.h"

/* RFC 7208 section 3.4 caps an SPF answer at 512 bytes in practice; DKIM
 * keys are longer (a 4096-bit RSA key is about 750 characters). */
#define DNS_TXT_MAX   2048
#define DNS_TXT_COUNT 8
#define DNS_IP_MAX    16

struct dns_txt {
	size_t n;
	char text[DNS_TXT_COUNT][DNS_TXT_MAX]; /* character-strings joined */
};

struct dns_ip {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
};

struct dns_ips {
	size_t n;
	struct dns_ip ip[DNS_IP_MAX];
};

/* The TXT records of name (ASCII), each record's strings joined without a
 * separator (RFC 7208 section 3.3). Control characters are kept out: the
 * caller gets only printable text. Returns q->status. */
enum lookup_status dns_get_txt(const char *name, int64_t deadline, int share,
			       struct dns_txt *out, struct lookup_query *q);

/* The A (type 1) or AAAA (type 28) addresses of name, appended to out.
 * Returns q->status. */
enum lookup_status dns_get_ips(const char *name, int type, int64_t deadline,
			       int share, struct dns_ips *out,
			       struct lookup_query *q);

#endif
