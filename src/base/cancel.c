#include <config.h>

#include <stdatomic.h>
#include <stddef.h>

#include "base/cancel.h"
#include "base/clock.h"

/* Set by the UI thread, read by the check's threads. */
static atomic_bool requested;
static _Thread_local bool bound;
static _Thread_local const atomic_bool *own_stop;

void cancel_request(void)
{
	atomic_store(&requested, true);
}

/* An exchange rather than a store: when it reads a concurrent request, what
 * the requester wrote before it (the wizard's per-run flag) is visible to
 * this thread afterwards. */
void cancel_reset(void)
{
	(void)atomic_exchange(&requested, false);
}

void cancel_bind(bool on)
{
	bound = on;
}

void cancel_bind_stop(const atomic_bool *stop)
{
	own_stop = stop;
}

bool cancel_requested(void)
{
	return bound && (atomic_load(&requested) ||
			 (own_stop != NULL && atomic_load(own_stop)));
}

int cancel_slice_ms(int64_t deadline)
{
	int left;

	if (cancel_requested())
		return 0;
	left = clock_left_ms(deadline);
	return left < CANCEL_SLICE_MS ? left : CANCEL_SLICE_MS;
}
