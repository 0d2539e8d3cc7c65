/* Provider-specific variants of the hints: they replace the generic hint
 * when the provider's own fix differs (each provider's help pages, as
 * cited beside the classifier's and the presets' rows). */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include "base/i18n.h"
#include "knowledge/hints.h"

struct provider_hint {
	const char *cause;
	const char *provider;
	const char *hint; /* N_() marked */
};

static const struct provider_hint provider_hints[] = {
    /* Google: the app password procedure answers both the 535
     * BadCredentials and the 534 5.7.9 replies. */
    {"auth-failed", "google",
     N_("Use the full Gmail or Workspace address as user name and an app "
	"password, not the account password: turn on 2-Step Verification "
	"in Google Account > Security, then create the app password under "
	"Security > App passwords. A Workspace administrator may have "
	"disabled app passwords.")},
    {"auth-app-password", "google",
     N_("Use the full Gmail or Workspace address as user name and an app "
	"password, not the account password: turn on 2-Step Verification "
	"in Google Account > Security, then create the app password under "
	"Security > App passwords. A Workspace administrator may have "
	"disabled app passwords.")},
    {"auth-web-login", "google",
     N_("Google held the sign-in as suspicious. Sign in to Gmail in a web "
	"browser, ideally from this server's network, approve the security "
	"alert, and use an app password. Google often blocks sign-ins from "
	"cloud servers; a relay or transactional mail service is more "
	"reliable there.")},
    {"relay-denied", "google",
     N_("For smtp-relay.gmail.com a Workspace administrator must add this "
	"server's public IP address in Admin console > Gmail > SMTP relay "
	"(or require SMTP authentication there). The EHLO name and the "
	"sender address must belong to one of the Workspace domains.")},
    {"rate-limited", "google",
     N_("Google limits login attempts and daily sending per user and per "
	"Workspace relay. Stop retrying, wait (up to 24 hours for a daily "
	"limit), and move bulk mail to a transactional mail service.")},
    {"blocklisted", "google",
     N_("Gmail's receiving servers do not take mail straight from this IP "
	"address. Send through smtp.gmail.com (587 with STARTTLS or 465 "
	"with implicit TLS) with login, or through your provider's submission "
	"server.")},
    {"auth-mechanism", "google",
     N_("Google no longer accepts this mechanism. Set auth_mechanism to "
	"auto (PLAIN or LOGIN) and use an app password.")},

    /* Microsoft 365 / Exchange */
    {"auth-failed", "microsoft",
     N_("The user name is the full mailbox address (UPN). If the password "
	"works in Outlook on the web, check next whether Authenticated "
	"SMTP is enabled for the mailbox, then MFA and security "
	"defaults.")},
    {"auth-disabled", "microsoft",
     N_("An administrator enables Authenticated SMTP for this mailbox in "
	"the Microsoft 365 admin center (Users > the user > Mail > Manage "
	"email apps) or with Set-CASMailbox -Identity <mailbox> "
	"-SmtpClientAuthenticationDisabled $false; the mailbox setting "
	"overrides the organisation's. Also check that no authentication "
	"policy blocks basic authentication for SMTP.")},
    {"auth-mfa", "microsoft",
     N_("Security defaults or a Conditional Access policy in Microsoft "
	"Entra ID block password (basic) SMTP AUTH. An administrator must "
	"turn security defaults off and exempt this account in Conditional "
	"Access, or you send through a connector relay, direct send or a "
	"transactional mail service.")},
    {"auth-oauth-only", "microsoft",
     N_("Microsoft has retired password (basic) authentication for SMTP "
	"for this organisation or account type; only OAuth2 works, which "
	"smtpwiz does not do. Send through a connector relay, direct send "
	"or a transactional mail service.")},
    {"auth-required", "microsoft",
     N_("smtp.office365.com needs a successful login before MAIL FROM: "
	"set the user name and password. Devices that cannot log in must "
	"use direct send or a connector (port 25 to "
	"<tenant>.mail.protection.outlook.com).")},
    {"sender-rejected", "microsoft",
     N_("Exchange lets a mailbox send only as itself. Send from the login "
	"mailbox's address, or have an administrator grant this account "
	"Send As permission on the sender address; programs that send as "
	"many addresses need a connector relay.")},
    {"relay-denied", "microsoft",
     N_("For an Exchange Online connector relay, this IP address or "
	"certificate must match an inbound connector. On Exchange Server, "
	"log in, or ask the administrator for a receive connector that "
	"allows relay from this IP address.")},
    {"auth-mechanism", "microsoft",
     N_("Exchange offers AUTH LOGIN only after STARTTLS, and on-premises "
	"servers may offer only NTLM: use STARTTLS and auth_mechanism "
	"auto, or ask the administrator to enable basic authentication on "
	"the receive connector.")},
    {"blocklisted", "microsoft",
     N_("Microsoft does not accept traffic from this IP address (low "
	"reputation, common with new tenants). Contact Microsoft "
	"support.")},
    {"message-spam", "microsoft",
     N_("Microsoft blocked sending for this organisation after outbound "
	"spam or because the sender domain is not added to the tenant. An "
	"administrator must clean up, verify the domains and open a "
	"support ticket. A single mailbox blocked for outbound spam (bad "
	"outbound sender) is released in the Microsoft Defender portal "
	"under Restricted entities, once the account is secured.")},
    {"rate-limited", "microsoft",
     N_("Microsoft 365 allows each mailbox 30 messages a minute, 10,000 "
	"recipients a day and only a few connections at a time. Send one "
	"message at a time, wait up to 24 hours after the daily limit, and "
	"use a mail service for volume.")},
    {"tls-handshake", "microsoft",
     N_("Microsoft 365 accepts only TLS 1.2 or later. smtpwiz offers "
	"nothing older, so a device in between (a proxy or an antivirus "
	"mail shield) negotiated for it: exempt the mail server from "
	"inspection.")},
    {"message-spam", "outlook",
     N_("Outlook.com flagged this account for sending spam and wants a "
	"human check: sign in to Outlook.com in a web browser and complete "
	"the verification. Consumer accounts suit automated mail poorly; "
	"use a mail service.")},
    {"cert-hostname", "microsoft",
     N_("Use the host name smtp.office365.com, never an IP address: the "
	"certificate and the routing depend on it.")},

    /* Yahoo, AOL: one platform, one procedure */
    {"auth-failed", "yahoo",
     N_("Yahoo and AOL refuse the account password for mail programs, "
	"even on the first try. Create an app password under Account info "
	"> Account security > App password, and use it with the full "
	"address as user name.")},
    {"auth-app-password", "yahoo",
     N_("Yahoo and AOL refuse the account password for mail programs, "
	"even on the first try. Create an app password under Account info "
	"> Account security > App password, and use it with the full "
	"address as user name.")},
    {"auth-failed", "aol",
     N_("Yahoo and AOL refuse the account password for mail programs, "
	"even on the first try. Create an app password under Account info "
	"> Account security > App password, and use it with the full "
	"address as user name.")},
    {"auth-app-password", "aol",
     N_("Yahoo and AOL refuse the account password for mail programs, "
	"even on the first try. Create an app password under Account info "
	"> Account security > App password, and use it with the full "
	"address as user name.")},
    {"sender-rejected", "yahoo",
     N_("Yahoo refuses messages whose sender differs from the account's "
	"own address: use that address as the sender.")},

    /* iCloud, Fastmail, Zoho, GMX, Proton */
    {"auth-failed", "icloud",
     N_("iCloud Mail needs an app-specific password: sign in at "
	"appleid.apple.com (two-factor authentication must be on), create "
	"one under Sign-In and Security > App-Specific Passwords, and use "
	"the full iCloud address as user name.")},
    {"auth-app-password", "icloud",
     N_("iCloud Mail needs an app-specific password: sign in at "
	"appleid.apple.com (two-factor authentication must be on), create "
	"one under Sign-In and Security > App-Specific Passwords, and use "
	"the full iCloud address as user name.")},
    {"auth-failed", "fastmail",
     N_("Fastmail accepts only app passwords for SMTP, even without "
	"two-step verification: create one in Settings > Privacy & "
	"Security. The Basic plan has no SMTP access.")},
    {"auth-app-password", "fastmail",
     N_("Fastmail accepts only app passwords for SMTP, even without "
	"two-step verification: create one in Settings > Privacy & "
	"Security. The Basic plan has no SMTP access.")},
    {"auth-failed", "zoho",
     N_("Use the Zoho host of your account's region (smtp.zoho.com, .eu, "
	".in, .com.au, .jp; paid domain accounts use smtppro.zoho.<region>) "
	"and the full address. With two-factor authentication on, create "
	"an app-specific password in Zoho's account security settings.")},
    {"sender-rejected", "zoho",
     N_("Zoho sends only from the login address or one of its aliases. "
	"This also happens with the wrong host: paid domain accounts use "
	"smtppro.zoho.<region>.")},
    {"auth-failed", "gmx",
     N_("GMX and WEB.DE turn POP3/IMAP/SMTP access off by default, and "
	"again after long non-use: enable it in the web mail settings, "
	"then use the account password.")},
    {"auth-disabled", "gmx",
     N_("GMX and WEB.DE turn POP3/IMAP/SMTP access off by default, and "
	"again after long non-use: enable it in the web mail settings, "
	"then use the account password.")},
    {"auth-failed", "proton",
     N_("Proton Mail works through Proton Mail Bridge on this machine: use "
	"the user name and the password that Bridge shows, not the account "
	"password. Direct SMTP submission needs an SMTP token, available "
	"only for custom domain addresses on business plans.")},
    {"cert-untrusted", "proton",
     N_("Proton Mail Bridge uses its own self-signed certificate: export "
	"it from Bridge and set ca_file to it.")},
    {"connect-refused", "proton",
     N_("Proton Mail Bridge must be running on this machine: start it and "
	"use the SMTP port it shows (commonly 1025).")},

    /* Transactional services */
    {"auth-failed", "sendgrid",
     N_("For SendGrid the user name is literally apikey and the password "
	"is an API key with Mail Send permission. Copy the key without "
	"spaces or line breaks; a deleted or revoked key must be replaced "
	"by a new one.")},
    {"sender-unverified", "sendgrid",
     N_("SendGrid sends only from a verified Single Sender or an "
	"authenticated domain: verify the sender address or domain under "
	"Settings > Sender Authentication.")},
    {"auth-failed", "ses",
     N_("Amazon SES needs SMTP credentials created in the SES console for "
	"this region: IAM access keys and the console password do not "
	"work, nor do credentials of another region. Watch for stray "
	"spaces when copying them.")},
    {"sender-unverified", "ses",
     N_("Verify the sender address or domain in the SES console of this "
	"region. While the account is in the sandbox every recipient must "
	"be verified too; request production access to lift that.")},
    {"auth-failed", "mailgun",
     N_("Mailgun uses per-domain SMTP credentials (for example "
	"postmaster@your-domain) from the domain's settings, not the "
	"dashboard password. US and EU accounts use different hosts: "
	"smtp.mailgun.org and smtp.eu.mailgun.org.")},
    {"relay-denied", "mailgun",
     N_("Use the SMTP credentials of the sending domain and the host of "
	"its region (smtp.mailgun.org or smtp.eu.mailgun.org). A sandbox "
	"domain sends only to authorised recipients: add the recipient "
	"there, or add your own domain.")},
    {"auth-failed", "postmark",
     N_("Postmark uses a Server API token as both user name and password "
	"(or an SMTP token pair), from the server's API Tokens page.")},
    {"sender-unverified", "postmark",
     N_("Add and confirm a sender signature, or verify the sender domain, "
	"in Postmark.")},
    {"connect-timeout", "postmark",
     N_("Postmark has no implicit TLS port: use 587 (or 2525) with "
	"STARTTLS.")},
    {"auth-failed", "brevo",
     N_("Brevo needs the SMTP login shown in Settings > SMTP & API and an "
	"SMTP key created there; the account password and API keys do not "
	"work.")},
    {"auth-failed", "mailjet",
     N_("Mailjet uses the API key as user name and the secret key as "
	"password.")},
    {"sender-unverified", "mailjet",
     N_("Validate the sender address or domain in Mailjet first.")},
    {"auth-failed", "smtp2go",
     N_("Use an SMTP user created in the SMTP2GO dashboard and its "
	"password, not the dashboard login.")},
    {"sender-unverified", "smtp2go",
     N_("Verify the sender address or domain in SMTP2GO first.")},
    {"rate-limited", "socketlabs",
     N_("SocketLabs blocks an IP address for a while after many errors: "
	"fix the error shown earlier, then retry after some minutes.")},

    /* A sender identity not verified with the service is a refusal of
     * the sender: the same procedure as for sender-unverified. */
    {"sender-rejected", "ses",
     N_("Verify the sender address or domain in the SES console of this "
	"region. While the account is in the sandbox every recipient must "
	"be verified too; request production access to lift that.")},
    {"sender-rejected", "sendgrid",
     N_("SendGrid sends only from a verified Single Sender or an "
	"authenticated domain: verify the sender address or domain under "
	"Settings > Sender Authentication.")},
    {"sender-rejected", "postmark",
     N_("Add and confirm a sender signature, or verify the sender domain, "
	"in Postmark.")},
    {"sender-rejected", "mailjet",
     N_("Validate the sender address or domain in Mailjet first.")},
    {"sender-rejected", "smtp2go",
     N_("Verify the sender address or domain in SMTP2GO first.")},
    {"ip-reputation", "microsoft",
     N_("Microsoft does not accept traffic from this IP address (low "
	"reputation, common with new tenants). Contact Microsoft "
	"support.")},
    {"account-suspended", "microsoft",
     N_("Microsoft blocked sending for this mailbox or organisation after "
	"outbound spam. A mailbox on the restricted entities list is "
	"released in the Microsoft Defender portal once the account is "
	"secured; a tenant-wide block needs a support ticket.")},

    /* Server software, when no provider is known */
    {"relay-denied", "postfix",
     N_("Log in on the submission port (587 or 465). If that already "
	"happens, the administrator checks that smtpd_relay_restrictions "
	"contains permit_sasl_authenticated.")},
    {"auth-not-offered", "postfix",
     N_("This Postfix listener has no login enabled (typically port 25): "
	"use the submission port, 587 with STARTTLS or 465 with implicit "
	"TLS.")},
    {"greylisted", "postfix",
     N_("Retry in about five minutes. The administrator can place the "
	"greylisting policy after permit_sasl_authenticated so that "
	"logged-in clients are never greylisted.")},
    {"auth-tls-required", "exim",
     N_("Exim offers AUTH only after STARTTLS by default: set the TLS mode "
	"to STARTTLS (or implicit TLS on port 465).")},
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

const char *hint_provider(const char *cause, const char *provider)
{
	if (cause == NULL || provider == NULL)
		return NULL;
	for (size_t i = 0; i < N_ELEMS(provider_hints); i++)
		if (strcmp(provider_hints[i].cause, cause) == 0 &&
		    strcmp(provider_hints[i].provider, provider) == 0)
			return provider_hints[i].hint;
	return NULL;
}
