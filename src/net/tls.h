/* GnuTLS client sessions over an already connected socket: implicit TLS and
 * STARTTLS use the same call. Verification never aborts the handshake: the
 * status and the certificate summary are recorded so the `certificate` step
 * can show them, which is exactly when the user needs them. */
#ifndef SMTPWIZ_TLS_H
#define SMTPWIZ_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct tls_conn;

struct tls_cert_info {
	bool present;
	char subject[512];
	char issuer[512];
	char sans[1024];     /* comma-separated DNS names and IPs */
	char not_before[32]; /* "2026-01-31 12:00:00 UTC" */
	char not_after[32];
	int64_t not_after_s; /* not_after in seconds since the epoch; 0 when
				unknown */
	char sha256[100];    /* "AB:CD:..." */
};

struct tls_result {
	int gnutls_err;         /* 0, or the handshake/IO error code */
	char detail[256];       /* gnutls_strerror or alert text */
	int alert;              /* received alert number, -1 if none */
	char version[32];       /* "TLS1.3" */
	char cipher[128];       /* session description */
	unsigned verify_status; /* GNUTLS_CERT_* bits; 0 means trusted */
	bool verify_ran;        /* false when no certificate arrived */
	bool hostname_ok;
	bool expired, not_yet_valid, untrusted;
	char
	    verify_text[512]; /* gnutls_certificate_verification_status_print */
	struct tls_cert_info cert;
};

/* Performs the handshake on fd before deadline. servername is used for SNI
 * (omitted for IP literals) and for the host name check; ca_file NULL means
 * the system trust store. Returns a session, or NULL with res filled. */
struct tls_conn *tls_start(int fd, const char *servername, const char *ca_file,
			   int64_t deadline, struct tls_result *res);

/* Reads up to n bytes: >0 bytes read, 0 orderly close, -1 error/timeout
 * (res->gnutls_err / detail filled; timeout reported as
 * GNUTLS_E_TIMEDOUT). */
ssize_t tls_read(struct tls_conn *c, void *buf, size_t n, int64_t deadline,
		 struct tls_result *res);
/* Writes all n bytes or fails (-1). */
int tls_write(struct tls_conn *c, const void *buf, size_t n, int64_t deadline,
	      struct tls_result *res);
/* Sends close_notify (best effort) and frees the session; does not close fd. */
void tls_close(struct tls_conn *c);

#endif
