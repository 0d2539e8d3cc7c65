/* Shared by the validator files and nobody else: results, ASCII classes,
 * IP literals and DNS names. Private to config/. */
#ifndef SMTPWIZ_VALIDATE_IMPL_H
#define SMTPWIZ_VALIDATE_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "config/validate.h"

#define DNS_MAX     253  /* RFC 1035, without the trailing dot */
#define LABEL_MAX   63   /* RFC 1035 */
#define LOCAL_MAX   64   /* RFC 5321 4.5.3.1.1 */
#define ADDR_MAX    254  /* RFC 5321 path limit minus the angle brackets */
#define INPUT_MAX   1024 /* longer input is never a name: spare libidn2 */
#define LITERAL_MAX 64   /* longest text an IPv6 literal can need, plus slack */
#define TIMEOUT_MAX 300
#define TIMEOUT_LOW 5

struct vresult vr_ok(void);

struct vresult vr_msg(enum vstatus status, const char *msg);

__attribute__((format(printf, 2, 3))) struct vresult
vr_fmt(enum vstatus status, const char *fmt, ...);

bool v_is_digit(unsigned char c);

bool v_is_alpha(unsigned char c);

bool v_is_ctl(unsigned char c);

unsigned char v_to_lower(unsigned char c);

int v_ascii_casecmp(const char *a, const char *b);

bool v_ascii_prefix(const char *s, const char *prefix);

bool v_is_empty(const char *s);

bool v_has_ctl(const char *s);

bool v_has_non_ascii(const char *s, size_t len);

bool v_all_digits(const char *s, size_t len);

size_t v_utf8_seq(const unsigned char *s);

bool v_utf8_valid(const char *s, size_t len);

bool v_ip_text(int af, const char *s, size_t len);

bool v_is_ipv4(const char *s);

bool v_is_ipv6(const char *s, size_t len);

bool v_only_digits_and_dots(const char *s, size_t len);

bool v_address_literal_ok(const char *lit);

struct vresult v_check_label(const char *label, size_t len, const char *what);

struct vresult v_check_dns(const char *name, const char *what, size_t *labels);

bool v_needs_idna(const char *name);

struct vresult v_check_idna(const char *name, const char *what, size_t *labels);

struct vresult v_check_name(const char *name, const char *what, size_t *labels);

bool v_is_localhost(const char *name);

/* Which of the two is to blame goes to *key ("username" or "password"). */
struct vresult v_check_credentials(const char *username, const char *password,
				   const char **key);

#endif
