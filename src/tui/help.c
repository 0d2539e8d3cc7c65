/* F1: what the current screen is for, what to type, and the keys (with
 * the letter aliases for terminals whose F-keys do not come through). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "tui/app.h"

static const char *const screen_help[SCR_COUNT] = {
    [SCR_WELCOME] = N_("This wizard writes the settings smtpwiz uses to send "
		       "mail, then tests them. Nothing is written until you "
		       "choose Save on the last screen."),
    [SCR_EMAIL] = N_("Your email address (optional), e.g. jane@example.com, "
		     "lets the wizard propose the server settings. "
		     "Well-known providers (Gmail, Outlook.com, Yahoo, "
		     "iCloud, Fastmail, ...) are recognised at once, without "
		     "any network access. For other domains, once you stop "
		     "typing, DNS is asked for the domain's submission server "
		     "(SRV records _submissions._tcp and _submission._tcp) "
		     "and for its MX records, which show a provider that "
		     "hosts the domain's mail.\n\nEnter in the field, or "
		     "Use these settings, fills in the host, port, security "
		     "mode, user name and sender; values you entered "
		     "yourself are only replaced after asking. Every value "
		     "stays editable on the following screens. Next goes on "
		     "without the suggestion; with the field empty, you enter "
		     "everything by hand."),
    [SCR_SERVER] =
	N_("Host name: the SMTP submission server of your "
	   "provider, as a name (smtp.example.com) or an IP "
	   "address; IPv6 goes in brackets, [2001:db8::1]. Do not "
	   "type smtp:// or a port here. As soon as you stop "
	   "typing, the name is looked up and its addresses are "
	   "shown.\n\nPort: 587 for STARTTLS (most providers), 465 "
	   "for implicit TLS (also called \"SSL/TLS\"). Port 25 is for mail "
	   "between servers and is often blocked."),
    [SCR_SECURITY] = N_("STARTTLS connects in clear and switches to "
			"encryption before signing in; implicit TLS "
			"(SMTPS) encrypts from the first byte. Use what "
			"your provider documents; None only for a relay on "
			"a network you trust.\n\nCertificate verification "
			"proves you talk to the real server; keep it on. A "
			"CA file (PEM) is only needed for a private "
			"certificate authority, e.g. a company relay."),
    [SCR_SIGNIN] = N_("The user name is often the full e-mail address. If "
		      "your account has two-step verification (2FA/MFA), the "
		      "provider usually requires an app password, created "
		      "in the account's security settings, instead of your "
		      "normal password.\n\nTick No authentication only for "
		      "a relay that accepts mail from this machine without "
		      "a password. The password is stored in the settings "
		      "file, which only you can read."),
    [SCR_ADDRESSES] = N_("Sender: the From address of the mail this "
			 "machine sends; most providers accept only the "
			 "address of the account you sign in with (or its "
			 "aliases).\n\nTest recipient: where the test "
			 "message goes. Optional; without it the test "
			 "stops after signing in and checking the sender."),
    [SCR_SUMMARY] = N_("Save writes the settings file (mode 0600), keeping "
		       "the previous one as a .bak file beside it. Test runs "
		       "the checklist with the values shown, saved or not. "
		       "Back returns to change a value."),
    [SCR_TEST] = N_("Each line is one step of the test. A failed (X) or "
		    "warned (!) step is highlighted; select it with the "
		    "arrows to see the evidence and what to do below, or "
		    "press Enter for all of it.\n\nFix goes to the field "
		    "that most likely causes the failure; change it, then "
		    "come back and run the test again. View log shows the "
		    "whole conversation with the server, passwords "
		    "removed; it can be searched and saved. Esc stops a "
		    "running test."),
};

static const char keys_help[] =
    N_("Keys\n"
       "  Tab, Shift-Tab, Up, Down   move between fields and buttons\n"
       "  Enter                      go on (or press the focused button)\n"
       "  Esc                        go back; stops a running test\n"
       "  Space                      select an option, tick a box\n"
       "  F1, Alt-h, ?               this help\n"
       "  F2, Ctrl-T, Alt-p          show or hide the password\n"
       "  F10, Ctrl-Q, Alt-q, q      quit; asks first if changes are "
       "not saved\n"
       "  Ctrl-C                     abort at once; nothing is written\n"
       "  Ctrl-L                     redraw the screen\n"
       "  Ctrl-Z                     suspend (fg brings it back)\n"
       "Letters (? and q, and l, f, r on the test screen) are commands "
       "only outside text fields.\n"
       "\n"
       "In a text field\n"
       "  Left, Right, Home, End     move (also Ctrl-B, Ctrl-F, Ctrl-A, "
       "Ctrl-E)\n"
       "  Backspace, Delete          delete a character\n"
       "  Ctrl-U, Ctrl-K             delete to the start, to the end\n"
       "  Ctrl-W                     delete the word before the cursor\n"
       "\n"
       "In the log viewer\n"
       "  Up, Down, PgUp, PgDn, Home, End   scroll\n"
       "  /, n, N                    search, next match, previous match\n"
       "  s                          save the log to a file\n"
       "  Esc                        close");

void help_open(struct app *a)
{
	const char *title =
	    a->screen == SCR_TEST ? _("Test") : _(screen_def(a->screen)->title);
	char head[256], notes[4096];
	char *text;

	snprintf(head, sizeof(head), _("Help: %s"), title);
	wizard_notes_help(a, notes, sizeof(notes));
	if (asprintf(&text, "%s\n\n%s%s%s", _(screen_help[a->screen]), notes,
		     notes[0] != '\0' ? "\n\n" : "", _(keys_help)) < 0)
		return;
	pager_open_text(a, head, text);
	free(text);
}
