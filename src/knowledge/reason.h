/* Classifies why a mailer could not deliver, from the reason it recorded
 * (Postfix's delay_reason, Exim's message log, msmtp's log line): the
 * server's reply inside it goes through diagnose_reply at the stage the
 * mailer names; the mailer's own words (connect, DNS, TLS, SASL) go
 * through a table here. */
#ifndef SMTPWIZ_REASON_H
#define SMTPWIZ_REASON_H

#include <stddef.h>

#include "knowledge/diagnose.h"

void diagnose_mailer_reason(const char *text, struct diagnosis *d);

/* The reason without the words a mailer adds when it repeats it for mail
 * it did not try ("delivery temporarily suspended: "): mail stuck for one
 * reason groups together. */
const char *mailer_reason_core(const char *text);

/* Every cause the mailer table can return, NULL past the end. */
const char *diagnose_reason_cause_at(size_t i);

#endif
