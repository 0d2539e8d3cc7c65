/* The preset table and its matching. Every provider fact lives in the
 * table below; the comment above each row (or macro family) cites the
 * public page each fact comes from, the provider's own where one was found,
 * and names the facts no public source was found for. Adding a provider or
 * a region is one row and its sources.
 *
 * Port choice: implicit TLS on 465 where the provider offers it (RFC 8314
 * asks clients to prefer it), else STARTTLS on 587; the notes name the
 * other ports. */
#include <config.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "knowledge/providers.h"

#define NOTE_APP_PASSWORD_GOOGLE                                               \
	N_("Use an app password, not the account password: turn on 2-Step "    \
	   "Verification, then create one under Google Account > Security > "  \
	   "App passwords.")
#define NOTE_ZOHO_REGION                                                       \
	N_("The host must match the data centre of your account (zoho.com, "   \
	   "zoho.eu, zoho.in, zoho.com.au, zoho.jp, zohocloud.ca).")
#define NOTE_ZOHO_APP_PASSWORD                                                 \
	N_("With two-factor authentication on, use an app-specific password "  \
	   "from Zoho's account security settings.")
#define NOTE_ZOHO_SENDER                                                       \
	N_("Send from the login address or one of its aliases, or Zoho "       \
	   "refuses the message (553 Relaying disallowed).")
#define NOTE_GMX_ENABLE                                                        \
	N_("Turn on POP3/IMAP access (which includes SMTP) in the web mail "   \
	   "settings first; it is off by default and is turned off again "     \
	   "after long non-use.")
#define NOTE_MAILGUN                                                           \
	N_("Use the sending domain's SMTP credentials (for example "           \
	   "postmaster@your-domain) from its domain settings, not the "        \
	   "dashboard password.")
#define NOTE_MAILGUN_REGION                                                    \
	N_("US and EU accounts are separate: use the host of your account's "  \
	   "region. A sandbox domain sends only to authorised recipients.")

/* A personal Zoho account of one region: smtp.zoho.REGION. */
#define ZOHO(id_, name_, host_, domains_)                                      \
	{                                                                      \
		.id = id_, .name = name_, .provider = "zoho", .host = host_,   \
		.port = 465, .tls = SW_TLS_IMPLICIT, .domains = domains_,      \
		.notes = {NOTE_ZOHO_REGION, NOTE_ZOHO_APP_PASSWORD,            \
			  N_("Custom-domain accounts on paid plans use "       \
			     "smtppro.zoho.<region> instead."),                \
			  NOTE_ZOHO_SENDER},                                   \
	}

/* A custom domain hosted at Zoho (found by its MX): smtppro.zoho.REGION. */
#define ZOHO_PRO(id_, name_, host_, mx_)                                       \
	{                                                                      \
		.id = id_, .name = name_, .provider = "zoho", .host = host_,   \
		.port = 465, .tls = SW_TLS_IMPLICIT, .mx = mx_,                \
		.notes = {N_("For custom-domain accounts on paid plans; "      \
			     "personal accounts use smtp.zoho.<region>."),     \
			  NOTE_ZOHO_REGION, NOTE_ZOHO_APP_PASSWORD,            \
			  NOTE_ZOHO_SENDER},                                   \
	}

/* Amazon SES has one SMTP endpoint per region; credentials and verified
 * identities belong to one region. Regions: the SMTP regions of AWS's own
 * credential-conversion example. */
#define SES(region_)                                                           \
	{                                                                      \
		.id = "ses-" region_, .name = "Amazon SES (" region_ ")",      \
		.provider = "ses",                                             \
		.host = "email-smtp." region_ ".amazonaws.com", .port = 465,   \
		.tls = SW_TLS_IMPLICIT, .user = PRESET_USER_ISSUED,            \
		.user_word = "SMTP credential",                                \
		.user_text = N_("the SMTP user name created in the SES "       \
				"console for this region"),                    \
		.hosts = "email-smtp.*.amazonaws.com",                         \
		.mx = "inbound-smtp." region_ ".amazonaws.com",                \
		.notes = {N_("User name and password are SES SMTP "            \
			     "credentials created in the SES console for "     \
			     "this region, not IAM access keys or the "        \
			     "console password."),                             \
			  N_("Verify the sender address or domain in this "    \
			     "region; in the sandbox, every recipient too."),  \
			  N_("Also 587 or 2587 with starttls, and 2465 with "  \
			     "tls; EC2 throttles port 25.")},                  \
	}

/* Fields left out are NULL, and the user name is the full address. */
static const struct preset presets[] = {
    /* Mailbox providers */
    /* Host, 465 implicit TLS, 587 STARTTLS, full address:
     * https://developers.google.com/workspace/gmail/imap/imap-smtp
     * https://support.google.com/mail/answer/7126229
     * App passwords: https://support.google.com/accounts/answer/185833
     * Cloud sign-in hold: https://support.google.com/mail/answer/78754 */
    {.id = "gmail",
     .name = "Gmail",
     .provider = "google",
     .host = "smtp.gmail.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .domains = "gmail.com googlemail.com",
     .notes = {NOTE_APP_PASSWORD_GOOGLE,
	       N_("Google may hold sign-ins from cloud servers as suspicious "
		  "(5.7.14): sign in once in a browser from the server's "
		  "network, or send through a mail service."),
	       N_("Port 587 with starttls works too.")}},
    /* Same SMTP server and app passwords as Gmail (above); MX values:
     * https://support.google.com/a/answer/174125
     * Relay as the alternative: https://support.google.com/a/answer/176600
     * No Google page found as of 2026-12 that says an admin can turn app
     * passwords off (185833 names work accounts as a reason they are
     * missing). */
    {.id = "google-workspace",
     .name = "Google Workspace",
     .provider = "google",
     .host = "smtp.gmail.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .mx = "google.com googlemail.com",
     .notes = {NOTE_APP_PASSWORD_GOOGLE,
	       N_("An administrator may have disabled app passwords; the "
		  "organisation's SMTP relay (smtp-relay.gmail.com) is the "
		  "alternative."),
	       N_("Port 587 with starttls works too.")}},
    /* smtp-relay.gmail.com, ports 25/465/587:
     * https://support.google.com/a/answer/176600
     * Admin setup, IP or SMTP AUTH:
     * https://support.google.com/a/answer/2956491
     * EHLO name and sender in the domains:
     * https://support.google.com/a/answer/6140680 */
    {.id = "google-relay",
     .name = "Google Workspace SMTP relay",
     .provider = "google",
     .host = "smtp-relay.gmail.com",
     .port = 587,
     .tls = SW_TLS_STARTTLS,
     .notes = {N_("An administrator sets up the relay in Admin console > "
		  "Gmail > SMTP relay: allow this server's public IP "
		  "address, or require SMTP authentication there (then log "
		  "in with the full address and an app password)."),
	       N_("The EHLO name and the sender address must be in one of "
		  "the Workspace domains.")}},
    /* smtp.office365.com, 587 (or 25) STARTTLS, host not IP, limits:
     * https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365
     * SMTP AUTH switch:
     * https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission
     * Basic auth after December 2026 (MC786329, updated 2026-01-27):
     * https://techcommunity.microsoft.com/t5/exchange-team-blog/exchange-online-to-retire-basic-auth-for-client-submission-smtp/ba-p/4114750
     * MX: no public source found for "mx.microsoft" as of 2026-12. */
    {.id = "microsoft365",
     .name = "Microsoft 365",
     .provider = "microsoft",
     .host = "smtp.office365.com",
     .port = 587,
     .tls = SW_TLS_STARTTLS,
     .mx = "mail.protection.outlook.com mx.microsoft",
     .notes = {N_("An administrator must enable Authenticated SMTP for the "
		  "mailbox (often off), and security defaults or MFA "
		  "policies must not block it."),
	       N_("Send from the mailbox's own address unless it has Send As "
		  "permission; limits: 30 messages a minute, 10,000 "
		  "recipients a day."),
	       N_("Microsoft plans to turn password (basic) authentication "
		  "for SMTP off by default after December 2026; a connector "
		  "relay or a mail service is the lasting alternative."),
	       N_("No port 465; always use the host name, never an IP "
		  "address.")}},
    /* smtp-mail.outlook.com, 587 STARTTLS:
     * https://support.microsoft.com/en-us/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040
     * Password sign-in ended September 2024:
     * https://support.microsoft.com/en-us/office/modern-authentication-methods-now-needed-to-continue-syncing-outlook-email-in-non-microsoft-email-apps-c5d65390-9676-4763-b41f-d7986499a90d
     * No public source found for the MX name or the spam note as of
     * 2026-12. */
    {.id = "outlook",
     .name = "Outlook.com",
     .provider = "microsoft",
     .host = "smtp-mail.outlook.com",
     .port = 587,
     .tls = SW_TLS_STARTTLS,
     .domains = "outlook.com hotmail.com live.com msn.com windowslive.com "
		"hotmail.co.uk hotmail.fr hotmail.de hotmail.it hotmail.es "
		"outlook.fr outlook.de outlook.it outlook.es live.co.uk "
		"live.fr live.de live.it",
     .mx = "olc.protection.outlook.com",
     .notes = {N_("Microsoft turned off password sign-in for Outlook.com "
		  "accounts in September 2024: only OAuth2 works, which "
		  "smtpwiz does not use. Expect \"basic authentication is "
		  "disabled\"."),
	       N_("Consumer accounts that send automated mail are often "
		  "flagged as spam; a mail service is more reliable.")}},
    /* smtp.mail.yahoo.com, 465 SSL or 587 STARTTLS, full address:
     * https://help.yahoo.com/kb/SLN4075.html
     * App passwords: https://help.yahoo.com/kb/SLN15241.html
     * No Yahoo page found for the (#AUTH005) text or the own-address rule
     * as of 2026-12. */
    {.id = "yahoo",
     .name = "Yahoo Mail",
     .provider = "yahoo",
     .host = "smtp.mail.yahoo.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .domains = "yahoo.com ymail.com rocketmail.com yahoo.co.uk yahoo.fr "
		"yahoo.de yahoo.it yahoo.es yahoo.ca yahoo.com.au "
		"yahoo.co.in yahoo.com.br",
     .notes = {N_("Use an app password (Account security > App password): "
		  "the account password is refused with (#AUTH005)."),
	       N_("Send from the account's own address."),
	       N_("Port 587 with starttls works too.")}},
    /* smtp.aol.com, 465 SSL, full address:
     * https://help.aol.com/articles/how-do-i-use-other-email-applications-to-send-and-receive-my-aol-mail
     * App passwords:
     * https://help.aol.com/articles/Create-and-manage-app-password
     * No public source found for port 587 as of 2026-12. */
    {.id = "aol",
     .name = "AOL Mail",
     .provider = "aol",
     .host = "smtp.aol.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .domains = "aol.com aim.com aol.co.uk aol.de aol.fr",
     .notes = {N_("Use an app password (Account security > App password), "
		  "not the account password; AOL runs on Yahoo's platform."),
	       N_("Port 587 with starttls works too.")}},
    /* smtp.mail.me.com, 587 STARTTLS, full address, app-specific
     * password: https://support.apple.com/en-us/102525
     * App-specific passwords: https://support.apple.com/en-us/102654
     * No public source found for the MX name as of 2026-12. */
    {.id = "icloud",
     .name = "iCloud Mail",
     .provider = "icloud",
     .host = "smtp.mail.me.com",
     .port = 587,
     .tls = SW_TLS_STARTTLS,
     .domains = "icloud.com me.com mac.com",
     .mx = "mail.icloud.com",
     .notes = {N_("Needs an app-specific password: sign in at "
		  "appleid.apple.com (two-factor authentication on) and "
		  "create one under Sign-In and Security."),
	       N_("The user name is the full iCloud address, also for custom "
		  "domains.")}},
    /* smtp.fastmail.com, 465 SSL (587 STARTTLS), full address, app
     * password only:
     * https://www.fastmail.help/hc/en-us/articles/1500000278342-Server-names-and-ports
     * https://www.fastmail.help/hc/en-us/articles/1500000279921
     * No public source found for the Basic-plan note, the messagingengine
     * host or MX names as of 2026-12. */
    {.id = "fastmail",
     .name = "Fastmail",
     .provider = "fastmail",
     .host = "smtp.fastmail.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .domains = "fastmail.com fastmail.fm fastmail.net fastmail.org "
		"fastmail.us fastmail.to fastmail.de fastmail.co.uk "
		"fastmail.com.au fastmail.uk",
     .hosts = "smtp.messagingengine.com",
     .mx = "in*-smtp.messagingengine.com",
     .notes = {N_("Only app passwords work for SMTP, even without two-step "
		  "verification: create one in Settings > Privacy & "
		  "Security."),
	       N_("The Basic plan has no SMTP access."),
	       N_("Port 587 with starttls works too.")}},
    /* smtp.zoho.<region> (personal), smtppro.zoho.<region> (paid
     * organisations), 465 SSL or 587 TLS, full address, sender must be
     * the address or an alias, app-specific password with 2FA:
     * https://www.zoho.com/mail/help/zoho-smtp.html
     * MX names:
     * https://www.zoho.com/mail/help/adminconsole/configure-email-delivery.html
     * No Zoho page found for the exact "553 Relaying disallowed" text as
     * of 2026-12. */
    ZOHO("zoho", "Zoho Mail", "smtp.zoho.com", "zoho.com zohomail.com"),
    ZOHO("zoho-eu", "Zoho Mail (EU)", "smtp.zoho.eu", "zoho.eu zohomail.eu"),
    ZOHO("zoho-in", "Zoho Mail (India)", "smtp.zoho.in", "zoho.in zohomail.in"),
    ZOHO("zoho-au", "Zoho Mail (Australia)", "smtp.zoho.com.au",
	 "zohomail.com.au"),
    ZOHO("zoho-jp", "Zoho Mail (Japan)", "smtp.zoho.jp", "zoho.jp zohomail.jp"),
    /* No smtppro host is documented for Canada: custom domains found by
     * their MX get the regional host. */
    /* No public source found for smtp.zohocloud.ca or its MX names as of
     * 2026-12 (port and notes as for the other Zoho regions). */
    {.id = "zoho-ca",
     .name = "Zoho Mail (Canada)",
     .provider = "zoho",
     .host = "smtp.zohocloud.ca",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .domains = "zohocloud.ca zohomail.ca",
     .mx = "mx.zohocloud.ca mx*.zohocloud.ca",
     .notes = {NOTE_ZOHO_REGION, NOTE_ZOHO_APP_PASSWORD, NOTE_ZOHO_SENDER}},
    ZOHO_PRO("zoho-pro", "Zoho Mail, custom domain", "smtppro.zoho.com",
	     "mx.zoho.com mx*.zoho.com"),
    ZOHO_PRO("zoho-pro-eu", "Zoho Mail, custom domain (EU)", "smtppro.zoho.eu",
	     "mx.zoho.eu mx*.zoho.eu"),
    ZOHO_PRO("zoho-pro-in", "Zoho Mail, custom domain (India)",
	     "smtppro.zoho.in", "mx.zoho.in mx*.zoho.in"),
    ZOHO_PRO("zoho-pro-au", "Zoho Mail, custom domain (Australia)",
	     "smtppro.zoho.com.au", "mx.zoho.com.au mx*.zoho.com.au"),
    ZOHO_PRO("zoho-pro-jp", "Zoho Mail, custom domain (Japan)",
	     "smtppro.zoho.jp", "mx.zoho.jp mx*.zoho.jp"),
    /* mail.gmx.net, 465 SSL or 587 STARTTLS, full address:
     * https://hilfe.gmx.net/pop-imap/imap/imap-serverdaten.html
     * Turning access on: https://hilfe.gmx.net/pop-imap/einschalten.html
     * No public source found for "turned off after long non-use" as of
     * 2026-12. */
    {.id = "gmx",
     .name = "GMX",
     .provider = "gmx",
     .host = "mail.gmx.net",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .domains = "gmx.net gmx.de gmx.at gmx.ch",
     .notes = {NOTE_GMX_ENABLE, N_("Port 587 with starttls works too.")}},
    /* mail.gmx.com, 465 SSL or 587 STARTTLS: no GMX page found as of
     * 2026-12; Thunderbird's ISPDB lists it:
     * https://github.com/thunderbird/autoconfig/blob/master/ispdb/gmx.com.xml
     */
    {.id = "gmx-com",
     .name = "GMX (international)",
     .provider = "gmx",
     .host = "mail.gmx.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .domains = "gmx.com gmx.us gmx.co.uk gmx.fr gmx.es",
     .notes = {NOTE_GMX_ENABLE, N_("Port 587 with starttls works too.")}},
    /* smtp.web.de: https://hilfe.web.de/pop-imap/imap/imap-serverdaten.html
     * Turning access on: https://hilfe.web.de/pop-imap/einschalten.html
     * 465 SSL, 587 STARTTLS and the local part as user name: only
     * Thunderbird's ISPDB found as of 2026-12:
     * https://github.com/thunderbird/autoconfig/blob/master/ispdb/web.de.xml */
    {.id = "webde",
     .name = "WEB.DE",
     .provider = "gmx",
     .host = "smtp.web.de",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .user = PRESET_USER_LOCAL_PART,
     .domains = "web.de",
     .notes = {NOTE_GMX_ENABLE, N_("Port 587 with starttls works too.")}},
    /* Bridge on localhost with a self-signed certificate:
     * https://proton.me/support/macos-certificate-warning
     * Paid plans: https://proton.me/mail/bridge
     * No public source found for port 1025 as of 2026-12 (Bridge shows it). */
    {.id = "proton-bridge",
     .name = "Proton Mail (Bridge)",
     .provider = "proton",
     .host = "127.0.0.1",
     .port = 1025,
     .tls = SW_TLS_STARTTLS,
     .domains = "proton.me protonmail.com protonmail.ch pm.me",
     .notes = {N_("Proton Mail Bridge (paid plans) must run on this "
		  "machine: use the user name and password that Bridge "
		  "shows, not the account password."),
	       N_("Use the SMTP port that Bridge shows (commonly 1025); "
		  "Bridge has a self-signed certificate: export it from "
		  "Bridge and set ca_file to it."),
	       N_("Without Bridge, custom-domain addresses on business plans "
		  "can use an SMTP token with smtp.protonmail.ch port 587.")}},
    /* smtp.protonmail.ch, 587 STARTTLS, SMTP token, plans:
     * https://proton.me/support/smtp-submission
     * MX names: https://proton.me/support/custom-domain */
    {.id = "proton-smtp",
     .name = "Proton Mail (SMTP token)",
     .provider = "proton",
     .host = "smtp.protonmail.ch",
     .port = 587,
     .tls = SW_TLS_STARTTLS,
     .mx = "mail.protonmail.ch mailsec.protonmail.ch",
     .notes = {N_("The password is an SMTP token created in the Proton web "
		  "settings; tokens exist only for custom-domain addresses "
		  "on business, family and visionary plans."),
	       N_("Otherwise run Proton Mail Bridge on this machine and send "
		  "through it.")}},

    /* Sending services */
    /* SMTP endpoint, STARTTLS 25/587/2587, TLS wrapper 465/2465, EC2
     * port 25 throttle:
     * https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html
     * Per-region SMTP credentials, region list (SMTP_REGIONS):
     * https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html
     * Sandbox:
     * https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
     * MX:
     * https://docs.aws.amazon.com/ses/latest/dg/receiving-email-mx-record.html
     */
    SES("us-east-1"),
    SES("us-east-2"),
    SES("us-west-2"),
    SES("ca-central-1"),
    SES("sa-east-1"),
    SES("eu-west-1"),
    SES("eu-west-2"),
    SES("eu-central-1"),
    SES("eu-south-1"),
    SES("eu-north-1"),
    SES("ap-south-1"),
    SES("ap-northeast-1"),
    SES("ap-northeast-2"),
    SES("ap-southeast-1"),
    SES("ap-southeast-2"),
    SES("us-gov-west-1"),
    SES("us-gov-east-1"),
    /* smtp.sendgrid.net, user apikey, 465 SSL, 25/587/2525 STARTTLS:
     * https://www.twilio.com/docs/sendgrid/for-developers/sending-email/integrating-with-the-smtp-api
     * Sender identity:
     * https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sender-identity
     * MX:
     * https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook
     */
    {.id = "sendgrid",
     .name = "SendGrid",
     .provider = "sendgrid",
     .host = "smtp.sendgrid.net",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .user = PRESET_USER_FIXED,
     .user_word = "apikey",
     .user_text = N_("the word apikey"),
     .mx = "mx.sendgrid.net",
     .notes = {N_("The user name is literally apikey; the password is an "
		  "API key with Mail Send permission, copied without spaces "
		  "or line breaks."),
	       N_("The sender must be a verified Sender Identity or in an "
		  "authenticated domain."),
	       N_("Also 587, 25 and 2525 with starttls.")}},
    /* 465 TLS, 25/587/2525 STARTTLS, per-domain SMTP credentials:
     * https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/send-smtp
     * No Mailgun page found for the MX names as of 2026-12. */
    {.id = "mailgun",
     .name = "Mailgun (US)",
     .provider = "mailgun",
     .host = "smtp.mailgun.org",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .user = PRESET_USER_ISSUED,
     .user_word = "SMTP credential",
     .user_text = N_("the domain's SMTP login, for example "
		     "postmaster@your-domain"),
     .mx = "mxa.mailgun.org mxb.mailgun.org",
     .notes = {NOTE_MAILGUN, NOTE_MAILGUN_REGION,
	       N_("Also 587 and 2525 with starttls.")}},
    /* smtp.eu.mailgun.org: Google Cloud's Mailgun guide,
     * https://cloud.google.com/compute/docs/tutorials/sending-mail/using-mailgun
     * (rest as the US row). */
    {.id = "mailgun-eu",
     .name = "Mailgun (EU)",
     .provider = "mailgun",
     .host = "smtp.eu.mailgun.org",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .user = PRESET_USER_ISSUED,
     .user_word = "SMTP credential",
     .user_text = N_("the domain's SMTP login, for example "
		     "postmaster@your-domain"),
     .mx = "mxa.eu.mailgun.org mxb.eu.mailgun.org",
     .notes = {NOTE_MAILGUN, NOTE_MAILGUN_REGION,
	       N_("Also 587 and 2525 with starttls.")}},
    /* Hosts, 25/2525/587 STARTTLS only, Server API Token as user and
     * password:
     * https://postmarkapp.com/support/article/811-what-are-the-smtp-details-api-tokens-i-should-be-using
     * No Postmark page found for the inbound MX name as of 2026-12. */
    {.id = "postmark",
     .name = "Postmark",
     .provider = "postmark",
     .host = "smtp.postmarkapp.com",
     .port = 587,
     .tls = SW_TLS_STARTTLS,
     .user = PRESET_USER_ISSUED,
     .user_word = "server API token",
     .user_text = N_("the Server API Token (also the password)"),
     .hosts = "smtp-broadcasts.postmarkapp.com",
     .mx = "inbound.postmarkapp.com",
     .notes = {N_("User name and password are both the Server API Token "
		  "(or an SMTP token pair) from the server's API Tokens "
		  "page."),
	       N_("No implicit-TLS port: use 587 or 2525 with starttls."),
	       N_("The sender signature or domain must be verified; "
		  "broadcast mail goes through "
		  "smtp-broadcasts.postmarkapp.com.")}},
    /* in-v3.mailjet.com, 587 STARTTLS, API key and secret key: Mailjet's
     * own gem, https://rubydoc.info/gems/mailjet/Mailjet/Mailer ; also
     * https://cloud.google.com/compute/docs/tutorials/sending-mail/using-mailjet
     * No public source found for in.mailjet.com as of 2026-12. */
    {.id = "mailjet",
     .name = "Mailjet",
     .provider = "mailjet",
     .host = "in-v3.mailjet.com",
     .port = 587,
     .tls = SW_TLS_STARTTLS,
     .user = PRESET_USER_ISSUED,
     .user_word = "API key",
     .user_text = N_("the API key (the password is the secret key)"),
     .hosts = "in.mailjet.com",
     .notes = {N_("The user name is the API key and the password the "
		  "secret key."),
	       N_("The sender address or domain must be validated in "
		  "Mailjet.")}},
    /* smtp-relay.brevo.com, 465 SSL, 587/2525, SMTP key not API key:
     * https://developers.brevo.com/docs/smtp-integration
     * No public source found for smtp-relay.sendinblue.com as of 2026-12. */
    {.id = "brevo",
     .name = "Brevo",
     .provider = "brevo",
     .host = "smtp-relay.brevo.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .user = PRESET_USER_ISSUED,
     .user_word = "SMTP credential",
     .user_text = N_("the SMTP login shown in Settings > SMTP & API"),
     .hosts = "smtp-relay.sendinblue.com",
     .notes = {N_("The password is an SMTP key created in Settings > SMTP & "
		  "API, not the API key or the account password."),
	       N_("Also 587 or 2525 with starttls.")}},
    /* mail.smtp2go.com, 465/8465/443 SSL, 25/2525/8025/587/80 STARTTLS,
     * SMTP users, verified senders, regional hosts:
     * https://developers.smtp2go.com/docs/smtp-relay */
    {.id = "smtp2go",
     .name = "SMTP2GO",
     .provider = "smtp2go",
     .host = "mail.smtp2go.com",
     .port = 465,
     .tls = SW_TLS_IMPLICIT,
     .user = PRESET_USER_ISSUED,
     .user_word = "SMTP credential",
     .user_text = N_("an SMTP user created in the SMTP2GO dashboard"),
     .hosts = "mail-*.smtp2go.com",
     .notes = {N_("Use an SMTP user created in the SMTP2GO dashboard and its "
		  "password, not the dashboard login."),
	       N_("Senders must be verified. Regional hosts: mail-us, "
		  "mail-eu, mail-au .smtp2go.com; also 2525, 8025 and 587 "
		  "with starttls.")}},
};

#define N_PRESETS (sizeof(presets) / sizeof(presets[0]))

/* ---- names ------------------------------------------------------------
 * Own ASCII case folding: matching must not change with the locale. */

static char fold(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Copies a DNS name into buf lowercased, without a trailing dot. Returns
 * false when it does not fit or is empty. */
static bool normalise(const char *name, char *buf, size_t n)
{
	size_t len = name ? strlen(name) : 0;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || len >= n)
		return false;
	for (size_t i = 0; i < len; i++)
		buf[i] = fold(name[i]);
	buf[len] = '\0';
	return true;
}

/* Calls fn on each space-separated word of list until it returns true. */
static bool any_word(const char *list, const char *name,
		     bool (*fn)(const char *w, size_t wlen, const char *name))
{
	const char *p = list;

	while (p != NULL && *p != '\0') {
		size_t wlen = strcspn(p, " ");

		if (wlen > 0 && fn(p, wlen, name))
			return true;
		p += wlen;
		p += strspn(p, " ");
	}
	return false;
}

static bool word_equals(const char *w, size_t wlen, const char *name)
{
	return strlen(name) == wlen && strncmp(w, name, wlen) == 0;
}

/* One '*' in w stands for at least one character. */
static bool word_glob(const char *w, size_t wlen, const char *name)
{
	const char *star = memchr(w, '*', wlen);
	size_t len = strlen(name), pre, post;

	if (star == NULL)
		return word_equals(w, wlen, name);
	pre = (size_t)(star - w);
	post = wlen - pre - 1;
	return len > pre + post && strncmp(name, w, pre) == 0 &&
	       strncmp(name + len - post, star + 1, post) == 0;
}

/* name is w or a subdomain of w; with a '*' in w, a glob. */
static bool word_suffix(const char *w, size_t wlen, const char *name)
{
	size_t len = strlen(name);

	if (memchr(w, '*', wlen) != NULL)
		return word_glob(w, wlen, name);

	if (len == wlen)
		return strncmp(w, name, wlen) == 0;
	return len > wlen && name[len - wlen - 1] == '.' &&
	       strncmp(name + len - wlen, w, wlen) == 0;
}

/* The longest word of list that matches name by fn, or 0. */
static size_t longest_word(const char *list, const char *name,
			   bool (*fn)(const char *w, size_t wlen,
				      const char *name))
{
	const char *p = list;
	size_t best = 0;

	while (p != NULL && *p != '\0') {
		size_t wlen = strcspn(p, " ");

		if (wlen > best && fn(p, wlen, name))
			best = wlen;
		p += wlen;
		p += strspn(p, " ");
	}
	return best;
}

/* The preset whose list (picked by field) has the longest match. Ties go
 * to the earlier row. */
static const struct preset *
best_match(const char *name, const char *(*field)(const struct preset *),
	   bool (*fn)(const char *w, size_t wlen, const char *name))
{
	const struct preset *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < N_PRESETS; i++) {
		size_t l = longest_word(field(&presets[i]), name, fn);

		if (l > best_len) {
			best_len = l;
			best = &presets[i];
		}
	}
	return best;
}

static const char *field_hosts(const struct preset *p)
{
	return p->hosts;
}

static const char *field_mx(const struct preset *p)
{
	return p->mx;
}

/* ---- API --------------------------------------------------------------- */

const struct preset *providers_table(size_t *n)
{
	if (n != NULL)
		*n = N_PRESETS;
	return presets;
}

const struct preset *providers_by_id(const char *id)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < N_PRESETS; i++)
		if (strcmp(presets[i].id, id) == 0)
			return &presets[i];
	return NULL;
}

const struct preset *providers_match_address(const char *addr)
{
	const char *at;
	char domain[256];

	if (addr == NULL)
		return NULL;
	at = strrchr(addr, '@');
	if (!normalise(at ? at + 1 : addr, domain, sizeof(domain)))
		return NULL;
	for (size_t i = 0; i < N_PRESETS; i++)
		if (any_word(presets[i].domains, domain, word_equals))
			return &presets[i];
	return NULL;
}

static bool is_ip_literal(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 ||
	       inet_pton(AF_INET6, s, buf) == 1;
}

const struct preset *providers_match_host(const char *host)
{
	char name[256];

	if (!normalise(host, name, sizeof(name)))
		return NULL;
	/* Many local relays listen on loopback: an address says nothing
	 * about the provider (Proton's Bridge preset has one). */
	if (is_ip_literal(name))
		return NULL;
	for (size_t i = 0; i < N_PRESETS; i++)
		if (strcmp(presets[i].host, name) == 0)
			return &presets[i];
	return best_match(name, field_hosts, word_glob);
}

const struct preset *providers_match_mx(const char *mx_host)
{
	char name[256];

	if (!normalise(mx_host, name, sizeof(name)))
		return NULL;
	return best_match(name, field_mx, word_suffix);
}

const char *preset_user_hint(const struct preset *p)
{
	if (p == NULL)
		return "full address";
	switch (p->user) {
	case PRESET_USER_LOCAL_PART:
		return "local part";
	case PRESET_USER_FIXED:
	case PRESET_USER_ISSUED:
		return p->user_word;
	case PRESET_USER_ADDRESS:
		break;
	}
	return "full address";
}

const char *preset_user_label(const struct preset *p)
{
	if (p != NULL && p->user_text != NULL)
		return _(p->user_text);
	if (p != NULL && p->user == PRESET_USER_LOCAL_PART)
		return _("the part of your address before the @");
	return _("your full email address");
}

size_t preset_username(const struct preset *p, const char *addr, char *buf,
		       size_t n)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;
	enum preset_user u = p ? p->user : PRESET_USER_ADDRESS;
	int len = 0;

	if (n == 0)
		return 0;
	buf[0] = '\0';
	if (u == PRESET_USER_FIXED)
		len = snprintf(buf, n, "%s", p->user_word);
	else if (u == PRESET_USER_ADDRESS && at != NULL && at != addr)
		len = snprintf(buf, n, "%s", addr);
	else if (u == PRESET_USER_LOCAL_PART && at != NULL && at != addr)
		len = snprintf(buf, n, "%.*s", (int)(at - addr), addr);
	if (len < 0 || (size_t)len >= n) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)len;
}
