/* Stopping a running check from another thread (the wizard's Esc) within a
 * fraction of a second, whatever the engine is waiting for.
 *
 * One flag for the whole process: only one check runs at a time (the
 * wizard starts a run only once the previous one has been reaped, --check
 * runs one), so the flag needs no owner. It is honoured only by threads
 * that bound themselves with cancel_bind(): the check's own thread and its
 * probe thread. The wizard's other background lookups (the host field's
 * resolution, the email address's autodetection) go through the same
 * waits and must not stop for a flag left over from a cancelled run.
 *
 * Every wait of the engine (net.c, conn.c, tls.c) sleeps at most
 * CANCEL_SLICE_MS at a time and, once the flag is up, gives up exactly as
 * if its deadline had passed, so the code above it needs no new path. */
#ifndef SMTPWIZ_CANCEL_H
#define SMTPWIZ_CANCEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define CANCEL_SLICE_MS 100

/* Safe from any thread. */
void cancel_request(void);
void cancel_reset(void);
/* Whether the calling thread's waits honour the flag. */
void cancel_bind(bool on);
/* The calling thread's waits also end when *stop becomes true (NULL: no
 * such flag). A helper thread whose work the check no longer needs (the
 * greeting's TLS probe once the server has greeted) is stopped this way,
 * without stopping the check. */
void cancel_bind_stop(const atomic_bool *stop);
/* The flag (or the thread's own stop flag) is up and the calling thread is
 * bound. */
bool cancel_requested(void);
/* How long a wait for deadline may sleep before looking at the flag again:
 * 0 when cancelled, else the time left, at most CANCEL_SLICE_MS. */
int cancel_slice_ms(int64_t deadline);

#endif
