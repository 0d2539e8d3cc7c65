#include <config.h>

#include <gnutls/crypto.h>
#include <string.h>

#include "base/cancel.h"
#include "base/clock.h"
#include "net/pbkdf2.h"

/* Iterations between looks at the clock and the cancel flag: a few
 * milliseconds of work on a slow machine. */
#define SLICE 4096

enum pbkdf2_status pbkdf2_hmac(size_t hash_len, const char *key, size_t key_len,
			       const unsigned char *salt, size_t salt_len,
			       unsigned long iterations, int64_t deadline,
			       unsigned char *out)
{
	static const unsigned char block1[4] = {0, 0, 0, 1};
	gnutls_mac_algorithm_t alg = hash_len == 32   ? GNUTLS_MAC_SHA256
				     : hash_len == 20 ? GNUTLS_MAC_SHA1
						      : GNUTLS_MAC_UNKNOWN;
	enum pbkdf2_status st = PBKDF2_OK;
	unsigned char u[32];
	gnutls_hmac_hd_t h;
	unsigned long i;
	size_t j;

	if (alg == GNUTLS_MAC_UNKNOWN || iterations == 0 ||
	    gnutls_hmac_init(&h, alg, key, key_len) < 0)
		return PBKDF2_ERROR;
	/* U1 = HMAC(P, S || INT(1)); Ui = HMAC(P, Ui-1); out = U1 ^ ... ^ Uc.
	 * gnutls_hmac_output() resets the state and keeps the key. */
	if (gnutls_hmac(h, salt, salt_len) < 0 ||
	    gnutls_hmac(h, block1, sizeof(block1)) < 0)
		st = PBKDF2_ERROR;
	gnutls_hmac_output(h, u);
	memcpy(out, u, hash_len);
	for (i = 1; st == PBKDF2_OK && i < iterations; i++) {
		if (i % SLICE == 0 &&
		    (cancel_requested() || clock_left_ms(deadline) == 0)) {
			st = PBKDF2_STOPPED;
			break;
		}
		if (gnutls_hmac(h, u, hash_len) < 0) {
			st = PBKDF2_ERROR;
			break;
		}
		gnutls_hmac_output(h, u);
		for (j = 0; j < hash_len; j++)
			out[j] ^= u[j];
	}
	gnutls_hmac_deinit(h, NULL);
	explicit_bzero(u, sizeof(u));
	if (st != PBKDF2_OK)
		explicit_bzero(out, hash_len);
	return st;
}
