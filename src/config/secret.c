#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "config/secret.h"

#define SECRET_FILE_MAX 1024

void secret_protect_process(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static char *first_line(char *buf, size_t len)
{
	char *nl = memchr(buf, '\n', len);

	if (nl != NULL)
		len = (size_t)(nl - buf);
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	return strndup(buf, len);
}

/* A FIFO (or --password-file <(cmd)) may never be written to: the wait
 * has a bound, like every other wait of smtpwiz. */
#define SECRET_FIFO_WAIT_MS 10000

/* Reads at most n bytes of fd, waiting at most SECRET_FIFO_WAIT_MS in all;
 * returns the count, or -1 with errno (ETIMEDOUT when nothing more came). */
static ssize_t read_bounded(int fd, char *buf, size_t n)
{
	int64_t deadline = clock_now_ms() + SECRET_FIFO_WAIT_MS;
	struct pollfd p = {.fd = fd, .events = POLLIN};
	size_t len = 0;
	ssize_t got;

	while (len < n) {
		got = read(fd, buf + len, n - len);
		if (got > 0) {
			len += (size_t)got;
			continue;
		}
		if (got == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -1;
		if (clock_left_ms(deadline) == 0 ||
		    poll(&p, 1, (int)clock_left_ms(deadline)) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	return (ssize_t)len;
}

char *secret_read_file(const char *path, struct sw_error *err, bool *exposed)
{
	char buf[SECRET_FILE_MAX + 1];
	struct stat st;
	ssize_t got;
	size_t len = 0, line;
	char *pw;
	int fd;

	*exposed = false;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0) {
		sw_error_set(err, _("%s: cannot read the password file: %s"),
			     path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		sw_error_set(err,
			     _("%s: the password file is a directory, not a "
			       "file"),
			     path);
		return NULL;
	}
	/* A regular file that others may read holds the password for them
	 * too: the caller warns as for a configuration file. */
	*exposed = S_ISREG(st.st_mode) && (st.st_mode & 0044) != 0;
	got = read_bounded(fd, buf, sizeof(buf));
	close(fd);
	if (got < 0) {
		if (errno == ETIMEDOUT)
			sw_error_set(err,
				     _("%s: no password arrived within %d "
				       "seconds"),
				     path, SECRET_FIFO_WAIT_MS / 1000);
		else
			sw_error_set(err,
				     _("%s: cannot read the password file: %s"),
				     path, strerror(errno));
		return NULL;
	}
	len = (size_t)got;
	if (len > SECRET_FILE_MAX &&
	    memchr(buf, '\n', SECRET_FILE_MAX) == NULL) {
		explicit_bzero(buf, sizeof(buf));
		sw_error_set(err,
			     _("%s: the password file's first line is "
			       "longer than %d bytes"),
			     path, SECRET_FILE_MAX);
		return NULL;
	}
	line = memchr(buf, '\n', len)
		   ? (size_t)((char *)memchr(buf, '\n', len) - buf)
		   : len;
	/* A NUL would silently cut the password short. */
	if (memchr(buf, '\0', line) != NULL) {
		explicit_bzero(buf, sizeof(buf));
		sw_error_set(err,
			     _("%s: the password file contains a NUL byte: "
			       "is it a text file?"),
			     path);
		return NULL;
	}
	pw = first_line(buf, len);
	explicit_bzero(buf, sizeof(buf));
	if (pw == NULL)
		sw_error_set(err, _("out of memory"));
	return pw;
}

char *secret_take_env(void)
{
	char *v = getenv("SMTPWIZ_PASSWORD");
	char *copy;

	if (v == NULL)
		return NULL;
	copy = strdup(v);
	explicit_bzero(v, strlen(v));
	unsetenv("SMTPWIZ_PASSWORD");
	return copy;
}
