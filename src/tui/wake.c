#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "tui/wake.h"

/* Threads that outlive tui_run (a resolver still waiting on DNS) may post
 * after wake_close: -1 makes that a harmless failed write. */
static volatile int fds[2] = {-1, -1};

int wake_init(void)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	fds[0] = p[0];
	fds[1] = p[1];
	return 0;
}

void wake_close(void)
{
	int r = fds[0], w = fds[1];

	fds[0] = fds[1] = -1;
	if (r >= 0)
		close(r);
	if (w >= 0)
		close(w);
}

int wake_fd(void)
{
	return fds[0];
}

void wake_post(void)
{
	int saved = errno, fd = fds[1];
	char c = 1;

	/* A full pipe already guarantees a wake-up: EAGAIN is fine. */
	if (fd >= 0 && write(fd, &c, 1) < 0)
		errno = saved;
	errno = saved;
}

void wake_drain(void)
{
	char buf[256];

	while (fds[0] >= 0 && read(fds[0], buf, sizeof(buf)) > 0)
		continue;
}
