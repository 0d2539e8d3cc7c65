/* A no-echo password prompt on the controlling terminal (UI layer). */
#ifndef SMTPWIZ_PROMPT_H
#define SMTPWIZ_PROMPT_H

/* Asks on /dev/tty with echo off; returns a new string, or NULL when there
 * is no terminal or the user gave nothing. */
char *prompt_password(const char *question);

#endif
