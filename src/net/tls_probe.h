/* A TLS handshake on a second connection to a server, in a thread of its
 * own, while the caller goes on waiting on the first: a server that stays
 * silent and completes a handshake there expects implicit TLS. */
#ifndef SMTPWIZ_TLS_PROBE_H
#define SMTPWIZ_TLS_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "net/net.h"
#include "net/tls.h"

struct tls_probe;

/* Connects to addr port and tries a handshake, all before deadline; a
 * cancel (cancel.h) ends it too. NULL when no thread could start. */
struct tls_probe *tls_probe_start(const struct net_addr *addr, int port,
				  const char *servername, const char *ca_file,
				  int64_t deadline);
/* Readable once the probe has ended: for the caller's poll(). */
int tls_probe_fd(const struct tls_probe *p);
/* Whether the probe has ended; then *ok tells whether the handshake
 * succeeded, and res is filled (the version, or why it failed). */
bool tls_probe_done(const struct tls_probe *p, bool *ok,
		    struct tls_result *res);
/* Stops the probe (within a cancel slice when it is still waiting), waits
 * for its thread, which has closed its connection, and frees it. NULL is
 * allowed. */
void tls_probe_stop(struct tls_probe *p);

#endif
