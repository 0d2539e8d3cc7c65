/* The CA file (ca_file, --ca-file) as smtpwiz will load it: checked with
 * the same care as the configuration file before GnuTLS reads it, so that
 * a FIFO cannot hang the check, /dev/zero cannot eat memory and a
 * directory is not reported as a TLS failure. */
#ifndef SMTPWIZ_CA_FILE_H
#define SMTPWIZ_CA_FILE_H

#include "config/validate.h"

/* Bigger than any CA bundle (Debian's whole ca-certificates.crt is about
 * 220 KiB). */
#define CA_FILE_MAX (4L * 1024 * 1024)

/* V_OK, or V_ERROR with a message saying what is wrong with the file:
 * missing or unreadable, a directory or other non-file, empty, too large,
 * or holding no PEM certificate. Never blocks. */
struct vresult ca_file_check(const char *path);

#endif
