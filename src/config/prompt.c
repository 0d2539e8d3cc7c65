#include <config.h>

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "config/prompt.h"

static ssize_t read_line(int fd, char *buf, size_t n)
{
	size_t len = 0;
	char c;

	while (len + 1 < n && read(fd, &c, 1) == 1 && c != '\n')
		buf[len++] = c;
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return (ssize_t)len;
}

/* Killed while echo is off (SIGTERM from a service manager, SIGHUP when
 * the SSH session drops, Ctrl-C), the terminal would stay mute: the
 * handler puts the saved modes back, then dies of the same signal. */
static const int fatal[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
#define N_FATAL (sizeof(fatal) / sizeof(fatal[0]))
static volatile sig_atomic_t saved_fd = -1;
static struct termios saved_modes;
static struct sigaction old_actions[N_FATAL];

static void restore_and_die(int sig)
{
	if (saved_fd >= 0)
		tcsetattr(saved_fd, TCSANOW, &saved_modes);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_terminal(int fd, const struct termios *modes, bool on)
{
	struct sigaction sa;
	size_t i;

	if (on) {
		saved_modes = *modes;
		saved_fd = fd;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = restore_and_die;
		sigemptyset(&sa.sa_mask);
		for (i = 0; i < N_FATAL; i++)
			sigaction(fatal[i], &sa, &old_actions[i]);
	} else {
		for (i = 0; i < N_FATAL; i++)
			sigaction(fatal[i], &old_actions[i], NULL);
		saved_fd = -1;
	}
}

char *prompt_password(const char *question)
{
	struct termios old, quiet;
	char buf[1024];
	char *pw = NULL;
	int fd;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return NULL;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	guard_terminal(fd, &old, true);
	if (write(fd, question, strlen(question)) < 0 ||
	    tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		guard_terminal(fd, &old, false);
		close(fd);
		return NULL;
	}
	if (read_line(fd, buf, sizeof(buf)) > 0)
		pw = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	tcsetattr(fd, TCSAFLUSH, &old);
	guard_terminal(fd, &old, false);
	if (write(fd, "\n", 1) < 0)
		pw = pw; /* the newline is cosmetic */
	close(fd);
	return pw;
}
