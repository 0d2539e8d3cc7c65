/* PBKDF2 with HMAC (RFC 8018 5.2) for one output block, as SCRAM's Hi()
 * (RFC 5802 2.2) needs it, computed in slices so that a deadline or a
 * cancel ends it: a server chooses the iteration count, and no computation
 * of the engine may outlive the timeout or the user's Esc. */
#ifndef SMTPWIZ_PBKDF2_H
#define SMTPWIZ_PBKDF2_H

#include <stddef.h>
#include <stdint.h>

enum pbkdf2_status {
	PBKDF2_OK,
	PBKDF2_STOPPED, /* the deadline passed or the run was cancelled */
	PBKDF2_ERROR,   /* an unknown hash, or the crypto library failed */
};

/* hash_len is 20 (HMAC-SHA-1) or 32 (HMAC-SHA-256); out gets hash_len
 * bytes. Gives up at deadline (clock_now_ms() time) or on a cancel. */
enum pbkdf2_status pbkdf2_hmac(size_t hash_len, const char *key, size_t key_len,
			       const unsigned char *salt, size_t salt_len,
			       unsigned long iterations, int64_t deadline,
			       unsigned char *out);

#endif
