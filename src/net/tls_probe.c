#include <config.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cancel.h"
#include "net/tls_probe.h"

struct tls_probe {
	pthread_t tid;
	atomic_bool stop; /* the caller no longer needs the answer */
	atomic_bool done;
	int pipe[2]; /* the thread writes one byte when done */
	struct net_addr addr;
	int port;
	char *servername, *ca_file;
	int64_t deadline;
	bool ok;
	struct tls_result res;
};

static void *probe_main(void *arg)
{
	struct tls_probe *p = arg;
	struct net_addrs one = {.n = 1};
	struct net_attempt at[1];
	struct tls_conn *t = NULL;
	size_t n = 1;
	int fd;

	/* Part of the check: its cancel ends the probe, and so does the
	 * caller's stop. */
	cancel_bind(true);
	cancel_bind_stop(&p->stop);
	one.a[0] = p->addr;
	fd = net_connect(&one, p->port, p->deadline, at, &n);
	if (fd >= 0) {
		t = tls_start(fd, p->servername, p->ca_file, p->deadline,
			      &p->res);
		if (t != NULL)
			tls_close(t);
		close(fd);
	} else {
		snprintf(p->res.detail, sizeof(p->res.detail), "connect: %s",
			 net_status_name(n > 0 ? at[0].status : NET_ERROR));
	}
	p->ok = t != NULL;
	atomic_store(&p->done, true);
	(void)!write(p->pipe[1], "", 1);
	return NULL;
}

static void probe_free(struct tls_probe *p)
{
	if (p->pipe[0] >= 0)
		close(p->pipe[0]);
	if (p->pipe[1] >= 0)
		close(p->pipe[1]);
	free(p->servername);
	free(p->ca_file);
	free(p);
}

struct tls_probe *tls_probe_start(const struct net_addr *addr, int port,
				  const char *servername, const char *ca_file,
				  int64_t deadline)
{
	struct tls_probe *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->pipe[0] = p->pipe[1] = -1;
	p->addr = *addr;
	p->port = port;
	p->deadline = deadline;
	p->servername = servername ? strdup(servername) : NULL;
	p->ca_file = ca_file ? strdup(ca_file) : NULL;
	if ((servername != NULL && p->servername == NULL) ||
	    (ca_file != NULL && p->ca_file == NULL) ||
	    pipe2(p->pipe, O_CLOEXEC) != 0 ||
	    pthread_create(&p->tid, NULL, probe_main, p) != 0) {
		probe_free(p);
		return NULL;
	}
	return p;
}

int tls_probe_fd(const struct tls_probe *p)
{
	return p->pipe[0];
}

bool tls_probe_done(const struct tls_probe *p, bool *ok, struct tls_result *res)
{
	if (!atomic_load(&p->done))
		return false;
	*ok = p->ok;
	if (res != NULL)
		*res = p->res;
	return true;
}

void tls_probe_stop(struct tls_probe *p)
{
	if (p == NULL)
		return;
	atomic_store(&p->stop, true);
	pthread_join(p->tid, NULL);
	probe_free(p);
}
