/* Monotonic milliseconds: every timeout in smtpwiz is an absolute deadline on
 * this clock, so a server that drips bytes cannot stretch it. */
#ifndef SMTPWIZ_CLOCK_H
#define SMTPWIZ_CLOCK_H

#include <stdint.h>

int64_t clock_now_ms(void);
/* Milliseconds left until deadline, clamped to [0, INT32_MAX] for poll(). */
int clock_left_ms(int64_t deadline);

#endif
