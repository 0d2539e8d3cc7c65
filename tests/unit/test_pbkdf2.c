/* SCRAM's SaltedPassword computed by smtpwiz (net/pbkdf2.c): the same bytes
 * as GNU SASL's own computation, and stopped by a deadline or a cancel
 * instead of running for as long as a server's iteration count says. */
#include <config.h>

#include <gsasl.h>
#include <string.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "net/pbkdf2.h"
#include "tap.h"

static void same_as_gsasl(Gsasl_hash hash, size_t len, unsigned long n)
{
	char want[GSASL_HASH_MAX_SIZE], ck[GSASL_HASH_MAX_SIZE],
	    sk[GSASL_HASH_MAX_SIZE], st[GSASL_HASH_MAX_SIZE];
	unsigned char got[32];
	const char salt[] = "QSXCR+Q6sek8bf92";

	gsasl_scram_secrets_from_password(hash, "pencil", (unsigned)n, salt,
					  sizeof(salt) - 1, want, ck, sk, st);
	ok(pbkdf2_hmac(len, "pencil", 6, (const unsigned char *)salt,
		       sizeof(salt) - 1, n, clock_now_ms() + 60000,
		       got) == PBKDF2_OK &&
	       memcmp(got, want, len) == 0,
	   "HMAC-SHA-%s, %lu iterations: the bytes GNU SASL computes",
	   len == 32 ? "256" : "1", n);
}

int main(void)
{
	unsigned char out[32];
	int64_t start;
	enum pbkdf2_status st;

	same_as_gsasl(GSASL_HASH_SHA256, 32, 4096);
	same_as_gsasl(GSASL_HASH_SHA1, 20, 4096);
	same_as_gsasl(GSASL_HASH_SHA256, 32, 1);
	ok(pbkdf2_hmac(16, "k", 1, (const unsigned char *)"s", 1, 10,
		       clock_now_ms() + 1000, out) == PBKDF2_ERROR,
	   "an unknown hash length is an error");

	/* 10^12 iterations would take days: the deadline ends them. */
	start = clock_now_ms();
	st = pbkdf2_hmac(32, "pencil", 6, (const unsigned char *)"salt", 4,
			 1000000000000UL, clock_now_ms() + 200, out);
	ok(st == PBKDF2_STOPPED, "a passed deadline stops the work");
	ok(clock_now_ms() - start < 10000,
	   "stopped soon after the deadline (hang guard 10 s, took %lld ms)",
	   (long long)(clock_now_ms() - start));

	/* The wizard's Esc: the cancel flag of a bound thread. */
	cancel_bind(true);
	cancel_request();
	st = pbkdf2_hmac(32, "pencil", 6, (const unsigned char *)"salt", 4,
			 1000000000000UL, clock_now_ms() + 600000, out);
	ok(st == PBKDF2_STOPPED, "a cancel stops the work");
	cancel_reset();
	return tap_done();
}
