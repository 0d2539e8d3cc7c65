#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "mailer/run.h"

bool run_on_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];
	struct stat sb;

	if (path == NULL || path[0] == '\0')
		path = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
	while (*path != '\0') {
		size_t len = strcspn(path, ":");

		if (len > 0 && len < sizeof(buf) - strlen(name) - 2) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, path,
				 name);
			if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode) &&
			    access(buf, X_OK) == 0)
				return true;
		}
		path += len;
		if (*path == ':')
			path++;
	}
	return false;
}

/* The child: stdin from in (or /dev/null), stdout and stderr onto the
 * pipes. */
static void child(const char *const *argv, int in, int out, int err)
{
	int null = in >= 0 ? in : open("/dev/null", O_RDONLY);

	if (null >= 0)
		dup2(null, STDIN_FILENO);
	dup2(out, STDOUT_FILENO);
	dup2(err, STDERR_FILENO);
	/* The tools print messages for people: the C locale keeps them
	 * parseable (postconf's "line N"). */
	setenv("LC_ALL", "C", 1);
	execvp(argv[0], (char *const *)argv);
	_exit(127);
}

static int spawn(const char *const *argv, int in, pid_t *pid, int *out,
		 int *err, struct sw_error *e)
{
	int po[2], pe[2] = {-1, -1};

	if (pipe2(po, O_CLOEXEC) != 0 ||
	    (err != NULL && pipe2(pe, O_CLOEXEC) != 0)) {
		sw_error_set(e, _("cannot run %s: %s"), argv[0],
			     strerror(errno));
		return -1;
	}
	if (err == NULL) {
		/* Streamed: its messages arrive among its output lines. */
		pe[1] = dup(po[1]);
		pe[0] = -1;
	}
	*pid = fork();
	if (*pid < 0) {
		sw_error_set(e, _("cannot run %s: %s"), argv[0],
			     strerror(errno));
		close(po[0]);
		close(po[1]);
		if (pe[0] >= 0)
			close(pe[0]);
		if (pe[1] >= 0)
			close(pe[1]);
		return -1;
	}
	if (*pid == 0)
		child(argv, in, po[1], pe[1]);
	close(po[1]);
	if (pe[1] >= 0)
		close(pe[1]);
	*out = po[0];
	if (err != NULL)
		*err = pe[0];
	return 0;
}

static int reap(pid_t pid, int64_t deadline)
{
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st)
					     : 128 + WTERMSIG(st);
		if (r < 0 && errno != EINTR)
			return -1;
		if (clock_now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(5000);
	}
}

static void keep(char *buf, size_t *len, const char *data, size_t n,
		 bool *truncated)
{
	size_t room = RUN_OUT_MAX - *len;

	if (n > room) {
		n = room;
		*truncated = true;
	}
	memcpy(buf + *len, data, n);
	*len += n;
	buf[*len] = '\0';
}

int run_capture(const char *const *argv, int timeout_ms, struct run_output *o,
		struct sw_error *err)
{
	return run_capture_input(argv, NULL, timeout_ms, o, err);
}

/* The input is an unlinked temporary file, not a pipe: a child that never
 * reads its stdin cannot block the writer. */
static int input_fd(const char *input, struct sw_error *err)
{
	FILE *f;
	int fd;

	if (input == NULL)
		return -1;
	f = tmpfile();
	if (f == NULL || fputs(input, f) == EOF || fflush(f) != 0) {
		sw_error_set(err, _("cannot write a temporary file: %s"),
			     strerror(errno));
		if (f != NULL)
			fclose(f);
		return -2;
	}
	rewind(f);
	fd = dup(fileno(f));
	fclose(f);
	return fd;
}

int run_capture_input(const char *const *argv, const char *input,
		      int timeout_ms, struct run_output *o,
		      struct sw_error *err)
{
	int64_t deadline = clock_now_ms() + timeout_ms;
	struct pollfd fds[2];
	size_t lens[2] = {0, 0};
	char chunk[4096];
	pid_t pid;
	int nopen = 2, fo, fe, in;

	memset(o, 0, sizeof(*o));
	o->out = calloc(1, RUN_OUT_MAX + 1);
	o->err = calloc(1, RUN_OUT_MAX + 1);
	if (o->out == NULL || o->err == NULL) {
		run_output_free(o);
		sw_error_set(err, "%s", _("out of memory"));
		return -1;
	}
	in = input_fd(input, err);
	if (in == -2 || spawn(argv, in, &pid, &fo, &fe, err) != 0) {
		if (in >= 0)
			close(in);
		run_output_free(o);
		return -1;
	}
	if (in >= 0)
		close(in);
	fds[0] = (struct pollfd){.fd = fo, .events = POLLIN};
	fds[1] = (struct pollfd){.fd = fe, .events = POLLIN};
	while (nopen > 0) {
		int64_t left = deadline - clock_now_ms();

		if (left <= 0 || poll(fds, 2, (int)left) < 0) {
			if (left > 0 && errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				keep(i == 0 ? o->out : o->err, &lens[i], chunk,
				     (size_t)n, &o->truncated);
				continue;
			}
			close(fds[i].fd);
			fds[i].fd = -1;
			nopen--;
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	o->status = reap(pid, deadline);
	return 0;
}

void run_output_free(struct run_output *o)
{
	free(o->out);
	free(o->err);
	o->out = o->err = NULL;
}

int run_stream(const char *const *argv, pid_t *pid, int *fd,
	       struct sw_error *err)
{
	return spawn(argv, -1, pid, fd, NULL, err);
}

int run_finish(pid_t pid, int fd, int timeout_ms)
{
	if (fd >= 0)
		close(fd);
	return reap(pid, clock_now_ms() + timeout_ms);
}
