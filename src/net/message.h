/* The RFC 5322 test message. */
#ifndef SMTPWIZ_MESSAGE_H
#define SMTPWIZ_MESSAGE_H

#include <stddef.h>

#include "config/settings.h"

/* Returns the message, CRLF line ends, dot-stuffed and terminated by
 * "\r\n.\r\n", ready to send after a 354; NULL when out of memory. The
 * password never appears in it. */
char *message_compose(const struct settings *s, const char *helo, size_t *len);

#endif
