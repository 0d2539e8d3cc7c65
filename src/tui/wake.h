/* The self-pipe that wakes the UI loop: signal handlers, the engine thread
 * and the resolver thread write a byte; the loop polls the read end next
 * to the keyboard, so nothing ever blocks the keyboard. */
#ifndef SMTPWIZ_TUI_WAKE_H
#define SMTPWIZ_TUI_WAKE_H

int wake_init(void);
void wake_close(void);
int wake_fd(void);
/* Async-signal-safe and thread-safe. */
void wake_post(void);
void wake_drain(void);

#endif
