#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "config/ca_file.h"

/* RFC 7468 2: the PEM label GnuTLS looks for in a trust file. */
static const char pem_begin[] = "-----BEGIN CERTIFICATE-----";

static struct vresult fail(const char *msg)
{
	struct vresult r = {.status = V_ERROR};

	snprintf(r.msg, sizeof(r.msg), "%s", msg);
	return r;
}

static struct vresult check_content(int fd, off_t size)
{
	char *buf = malloc((size_t)size + 1);
	size_t len = 0;
	ssize_t got;
	bool pem;

	if (buf == NULL)
		return fail(_("out of memory"));
	while (len < (size_t)size) {
		got = read(fd, buf + len, (size_t)size - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	buf[len] = '\0';
	pem = memmem(buf, len, pem_begin, sizeof(pem_begin) - 1) != NULL;
	free(buf);
	if (!pem)
		return fail(_("the CA file holds no PEM certificate (no "
			      "\"-----BEGIN CERTIFICATE-----\" line)"));
	return (struct vresult){.status = V_OK};
}

struct vresult ca_file_check(const char *path)
{
	struct vresult r = {.status = V_OK};
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0) {
		r.status = V_ERROR;
		snprintf(r.msg, sizeof(r.msg), _("cannot read the CA file: %s"),
			 strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		r = fail(_("the CA file is a directory; give a PEM file of "
			   "CA certificates"));
	} else if (!S_ISREG(st.st_mode)) {
		r = fail(_("the CA file is not a regular file (a FIFO or a "
			   "device); give a PEM file of CA certificates"));
	} else if (st.st_size == 0) {
		r = fail(_("the CA file is empty"));
	} else if (st.st_size > CA_FILE_MAX) {
		r.status = V_ERROR;
		snprintf(r.msg, sizeof(r.msg),
			 _("the CA file is larger than %ld MiB: not a CA "
			   "bundle"),
			 CA_FILE_MAX / (1024 * 1024));
	} else {
		r = check_content(fd, st.st_size);
	}
	if (fd >= 0)
		close(fd);
	return r;
}
