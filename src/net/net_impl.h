/* Shared between net.c, resolve.c, connect.c and probe.c only. */
#ifndef SMTPWIZ_NET_IMPL_H
#define SMTPWIZ_NET_IMPL_H

#include <netdb.h>

#include "net/net.h"

/* net.c: fill res and return st. */
enum net_status net_set_result(struct net_result *res, enum net_status st,
			       int sys_errno, int gai_code, const char *detail);
/* net.c: a getaddrinfo error code as a result. */
enum net_status net_gai_result(struct net_result *res, int rc);
/* net.c: the usable, de-duplicated addresses of a getaddrinfo answer. */
enum net_status net_fill_addrs(const struct addrinfo *ai, struct net_addrs *out,
			       struct net_result *res);

/* connect.c: what a failed connect's errno means. */
enum net_status net_errno_status(int family, int err);
/* connect.c: a non-blocking connect begun; 0, or -1 with errno. */
int net_start_connect(const struct net_addr *a, int port, int *fdp);
/* connect.c: the pending error of a finished non-blocking connect. */
int net_connect_error(int fd);

#endif
