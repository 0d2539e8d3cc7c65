#include <config.h>

#include <fcntl.h>
#include <signal.h>
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
	if (write(fd, question, strlen(question)) < 0 ||
	    tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		close(fd);
		return NULL;
	}
	if (read_line(fd, buf, sizeof(buf)) > 0)
		pw = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		pw = pw; /* the newline is cosmetic */
	close(fd);
	return pw;
}
