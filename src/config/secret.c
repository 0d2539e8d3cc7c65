#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

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

char *secret_read_file(const char *path, struct sw_error *err)
{
	char buf[SECRET_FILE_MAX + 1];
	ssize_t got;
	size_t len = 0;
	char *pw;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		sw_error_set(err, _("%s: cannot read the password file: %s"),
			     path, strerror(errno));
		return NULL;
	}
	while (len < sizeof(buf)) {
		got = read(fd, buf + len, sizeof(buf) - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	if (len > SECRET_FILE_MAX &&
	    memchr(buf, '\n', SECRET_FILE_MAX) == NULL) {
		explicit_bzero(buf, sizeof(buf));
		sw_error_set(err,
			     _("%s: the password file's first line is "
			       "longer than %d bytes"),
			     path, SECRET_FILE_MAX);
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
