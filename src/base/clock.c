#include <config.h>

#include <limits.h>
#include <time.h>

#include "base/clock.h"

int64_t clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int clock_left_ms(int64_t deadline)
{
	int64_t left = deadline - clock_now_ms();

	if (left < 0)
		return 0;
	if (left > INT_MAX)
		return INT_MAX;
	return (int)left;
}
