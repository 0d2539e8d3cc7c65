/* The remediation catalogue. Cause ids are stable and never translated;
 * summaries and hints are N_() marked here and translated where they are
 * shown. A hint says what to do next, concretely: which setting, which
 * admin page, what to ask for. Provider variants replace the generic hint
 * when the provider's own fix differs (each provider's help pages, as
 * cited beside the classifier's and the presets' rows). */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include "knowledge/hints.h"
#include "base/i18n.h"

static const struct hint hints[] = {
    /* settings */
    {"settings-invalid", N_("A setting is missing or malformed"),
     N_("Correct the setting named in the evidence, with the wizard or in "
	"the configuration file, and run the check again.")},
    {"settings-warning", N_("A setting is usable but looks unusual"),
     N_("Read the warning in the evidence: such combinations are usually "
	"typos (for example port 465 without implicit TLS). Change the "
	"setting unless it is intended.")},

    /* dns */
    {"dns-not-found", N_("The server name does not exist"),
     N_("Check the spelling of the host name against the provider's "
	"documentation or the preset. The name may also lack an address "
	"of a kind this machine can use (IPv4 or IPv6).")},
    {"dns-failure", N_("The server name could not be resolved"),
     N_("The resolver returned an error or did not answer in time. Check "
	"/etc/resolv.conf and that "
	"this machine can reach its DNS servers, then try again.")},
    {"dns-loopback", N_("The server name points to this machine only"),
     N_("The name resolves only to a loopback address (127.0.0.1 or ::1), "
	"often because of an entry in /etc/hosts. That is right only for a "
	"local relay such as Proton Mail Bridge; otherwise fix /etc/hosts "
	"or the host name.")},
    {"dns-mx-host",
     N_("The server is a domain's incoming mail server (MX), not a "
	"submission server"),
     N_("This host receives mail for a domain (it is listed in the "
	"domain's MX records); it usually does not take mail to send from "
	"a program with login. Use the provider's submission server "
	"instead, on port 587 with STARTTLS or 465 with implicit TLS. If this "
	"server "
	"also accepts submission with login, as self-hosted servers often "
	"do, or you relay to it on purpose on port 25 (for example "
	"Microsoft 365 direct send), this warning does not apply.")},

    /* connect */
    {"connect-refused", N_("The server refused the connection on this port"),
     N_("Nothing listens on this port, or a firewall rejects the "
	"connection. Check the port (587 for STARTTLS, 465 for implicit "
	"TLS) and try the other submission port.")},
    {"connect-timeout", N_("The connection attempt timed out"),
     N_("Packets are dropped silently, usually by a firewall. Many cloud "
	"providers block outgoing port 25 and some also 587: try 587, 465 "
	"or 2525, or ask the hosting provider to lift the block.")},
    {"connect-unreachable", N_("There is no network route to the server"),
     N_("This machine cannot reach that address, typically an IPv6 address "
	"without IPv6 connectivity. Check the network and routing, or use "
	"a host name that has an IPv4 address.")},

    /* greeting */
    {"greeting-rejected",
     N_("The server refuses service to this machine's IP address"),
     N_("The server answered 554 instead of a greeting: it does not accept "
	"connections from this IP address. Ask the server's administrator "
	"to allow-list this IP address, or send through a server that "
	"accepts it.")},
    {"server-busy", N_("The server is busy or temporarily refused service"),
     N_("The server asked to try again later (too many connections, "
	"overload or throttling of this IP address). Wait a few minutes "
	"and run the check again; if it persists, open fewer connections "
	"at once.")},
    {"greeting-slow", N_("The server's greeting arrived late"),
     N_("Some servers delay their greeting on purpose to slow down spam "
	"software; this is not a fault. Keep the timeout at one minute or "
	"more so that mail programs do not give up.")},
    {"tls-expected", N_("The server expects implicit TLS on this port"),
     N_("The server waits for a TLS handshake before it says anything, as "
	"on port 465. Set the TLS mode to implicit TLS (tls), or use port "
	"587 with STARTTLS.")},
    {"tls-not-expected",
     N_("Implicit TLS was chosen but the server speaks plain SMTP"),
     N_("This port starts in plain text and switches to TLS with STARTTLS. "
	"Set the TLS mode to STARTTLS (starttls, usual on port 587), or use "
	"port 465 "
	"with implicit TLS.")},
    {"not-smtp", N_("The service on this port is not an SMTP server"),
     N_("The server answered like another protocol (for example HTTP or "
	"SSH). Check the host name and the port number.")},

    /* ehlo */
    {"ehlo-rejected", N_("The server refused the EHLO greeting"),
     N_("The server did not accept the name this machine gave in EHLO. Set "
	"helo_name to this machine's fully qualified domain name (with a "
	"dot, not localhost).")},

    /* tls */
    {"starttls-unavailable",
     N_("TLS was requested but the server does not offer STARTTLS"),
     N_("smtpwiz never falls back to sending in clear text. Check the port "
	"(587 usually offers STARTTLS, 465 uses implicit TLS); if the "
	"server really has no TLS, ask its administrator to enable it.")},
    {"starttls-failed", N_("The server refused the STARTTLS command"),
     N_("The server could not start TLS, which is usually a problem on the "
	"server (for example an unreadable certificate or key). Ask its "
	"administrator to check the mail server's log, or try port 465 "
	"with implicit TLS.")},
    {"tls-handshake", N_("The TLS handshake failed"),
     N_("Client and server could not agree on an encrypted connection; the "
	"evidence names the TLS error. A TLS mode that does not fit the "
	"port causes this too, and servers limited to TLS 1.0 or 1.1 must "
	"be upgraded.")},
    {"tls-not-used", N_("The server offers STARTTLS but TLS is turned off"),
     N_("The password and the messages would cross the network "
	"unencrypted. Set the TLS mode to STARTTLS (starttls).")},

    /* certificate */
    {"cert-untrusted", N_("The server's certificate is not trusted"),
     N_("The certificate is self-signed, issued by a private CA, or the "
	"server sends an incomplete chain. If you trust this server, set "
	"ca_file to its CA certificate; otherwise ask its administrator to "
	"install the full chain.")},
    {"cert-expired", N_("The server's certificate has expired"),
     N_("The server's administrator must renew the certificate. Check also "
	"that this machine's date and time are right.")},
    {"cert-not-yet-valid", N_("The server's certificate is not valid yet"),
     N_("Usually this machine's clock is wrong: check the date, time and "
	"NTP. Otherwise the server installed its new certificate too "
	"early.")},
    {"cert-hostname", N_("The certificate does not match the server name"),
     N_("Use the host name that the certificate names (see the evidence), "
	"not an IP address or an alias.")},
    {"cert-intercepted",
     N_("Something on this side intercepts encrypted connections"),
     N_("The certificate was issued by an antivirus \"mail shield\" or a "
	"TLS-inspecting firewall or proxy, not by the mail server. Turn off "
	"mail or SSL scanning in that product on this machine, or ask the "
	"network administrator to exempt the mail server.")},
    {"cert-not-verified", N_("The server's certificate is not checked"),
     N_("With tls_verify off, anyone on the network path could pose as the "
	"server and read the password. Turn tls_verify on, and set ca_file "
	"if the server uses a private CA.")},

    /* auth */
    {"auth-failed", N_("The server refused the user name or password"),
     N_("Check the user name (usually the full email address) and retype "
	"the password without stray spaces. Many providers accept only an "
	"app password here, not the normal sign-in password.")},
    {"auth-app-password", N_("The provider requires an app password"),
     N_("The normal account password is refused for mail programs. Create "
	"an app password in the account's security settings (this usually "
	"needs two-step verification) and use it as the password.")},
    {"auth-mfa", N_("Sign-in was blocked by a multi-factor or security policy"),
     N_("The account's security policy (multi-factor authentication, "
	"security defaults, conditional access) blocks password sign-in "
	"for SMTP. Ask the administrator to exempt this account for SMTP, "
	"use an app password if the provider offers one, or send through "
	"another relay.")},
    {"auth-disabled",
     N_("Password sign-in for SMTP is turned off for this account"),
     N_("The server supports SMTP login but it is disabled for this mailbox "
	"or organisation. Ask the administrator to enable authenticated "
	"SMTP for this account, or enable mail program (IMAP/POP/SMTP) "
	"access in the account's web settings.")},
    {"auth-web-login", N_("The provider wants a sign-in on the web first"),
     N_("The provider held the sign-in as suspicious (new place or a data "
	"centre IP address). Sign in to the account in a web browser, "
	"ideally from this server's network, approve the security alert, "
	"and run the check again.")},
    {"auth-locked", N_("The account is locked or disabled"),
     N_("The provider locked or disabled this account, often after many "
	"failed sign-ins. Sign in on the web or ask the administrator to "
	"unlock it, and stop retrying until then.")},
    {"auth-tls-required", N_("The server requires TLS before login or sending"),
     N_("The server accepts no password or mail over an unencrypted "
	"connection. Set the TLS mode to STARTTLS (starttls) on port 587, or "
	"to implicit TLS (tls) on "
	"port 465.")},
    {"auth-not-offered", N_("The server offers no login on this port"),
     N_("The server did not advertise AUTH here. Use the submission port "
	"(587 with STARTTLS, or 465 with implicit TLS); port 25 usually takes "
	"mail "
	"without login, and only for the server's own domains.")},
    {"auth-oauth-only", N_("The server accepts only OAuth2 sign-in"),
     N_("Password sign-in is disabled on this server: it offers only "
	"OAuth2 (XOAUTH2, OAUTHBEARER), which smtpwiz does not use by "
	"design. Ask the administrator or provider to allow password "
	"(basic) authentication for SMTP for this account, or send through "
	"a relay or mail service that accepts a password or API key.")},
    {"auth-temporary", N_("Login failed for a temporary reason"),
     N_("This is not a wrong password: the server could not check the "
	"credentials right now (a problem on its side, or throttling). "
	"Wait a few minutes and try again; do not change the password "
	"because of this.")},
    {"auth-mechanism",
     N_("The authentication mechanism is not supported by the server"),
     N_("The server refused the login mechanism that was used. Set "
	"auth_mechanism to auto, or to one that the server lists (usually "
	"PLAIN or LOGIN, offered after STARTTLS).")},
    {"auth-cleartext", N_("The password is sent without encryption"),
     N_("With no encryption (TLS mode none), anyone on the network path can "
	"read the "
	"password. Set the TLS mode to STARTTLS (starttls) or implicit TLS "
	"(tls).")},

    /* sender, recipient, message */
    {"auth-required", N_("The server requires login before sending"),
     N_("The server refused to send because the session is not logged in. "
	"Set the user name and password; if they are set, the auth step "
	"shows why the login did not succeed.")},
    {"sender-rejected", N_("This account may not send as this sender address"),
     N_("Use the address you log in with, or one of its aliases, as the "
	"sender; or ask the administrator to let this account send as "
	"that address.")},
    {"sender-unverified", N_("The sender address or domain is not verified"),
     N_("Mail services send only from addresses or domains that were "
	"verified. Verify the sender address or domain in the service's "
	"dashboard, or use one that is already verified.")},
    {"relay-denied", N_("The server will not relay mail for this client"),
     N_("The server forwards mail to other domains only for logged-in "
	"users or allowed IP addresses. Log in (set the user name and "
	"password, on the submission port), or ask the administrator to "
	"allow this machine's IP address.")},
    {"recipient-rejected", N_("The recipient address was refused"),
     N_("Check the spelling of the test recipient; the mailbox may not "
	"exist or may be full. Try another recipient to tell a bad address "
	"from a server policy.")},
    {"greylisted", N_("The server deferred the mail (greylisting)"),
     N_("The server refuses the first attempt from an unknown sender and "
	"accepts a retry a few minutes later. Run the check again in five "
	"minutes; on a submission port with login this should not happen, "
	"so check that the login works.")},
    {"blocklisted", N_("This machine's IP address is on a blocklist"),
     N_("The server refuses mail from this IP address because of a DNS "
	"blocklist or a poor reputation. Look the address up at the list "
	"the reply names (for example spamhaus.org), and send through your "
	"provider's submission server with login instead of straight to "
	"the recipient's server. If the reply mentions an open resolver, "
	"the receiving server's lookups are broken: tell its "
	"administrator.")},
    {"rate-limited", N_("A sending limit or rate limit was reached"),
     N_("The server is throttling this account or IP address (too many "
	"logins, connections, messages or recipients, or a daily quota). "
	"Stop retrying, wait, and send less; if failed logins caused it, "
	"fix the password first.")},
    {"message-rejected", N_("The server refused the test message"),
     N_("The message was refused after it was sent; the evidence gives the "
	"server's reason (size, content, policy). Ask the administrator if "
	"the reason is not clear.")},
    {"message-spam",
     N_("The message was refused as spam or for failing sender checks"),
     N_("The server's content filter or its DMARC, SPF or DKIM checks "
	"refused the message. Make sure the sender domain publishes SPF "
	"and DKIM for the service you send through, and that the sender "
	"address is in that domain.")},

    /* any step */
    {"timeout", N_("The server stopped answering"),
     N_("No reply arrived within the timeout. The network may drop "
	"packets or the server is overloaded; try again, if need be with a "
	"longer timeout.")},
    {"connection-lost", N_("The connection closed unexpectedly"),
     N_("The server, or a device in between, closed the connection. Look "
	"at the last reply in the transcript; firewalls that inspect SMTP "
	"cause this too.")},
    {"protocol-error", N_("The SMTP conversation broke down"),
     N_("One side sent something the other did not expect; the evidence "
	"shows the reply. Check that the host and port belong to a mail "
	"submission server; if the reply blames smtpwiz's command, please "
	"report it with the transcript.")},

    /* settings: the configuration file's own safety */
    {"settings-permissions",
     N_("Other users can read or change the configuration file"),
     N_("The file holds the password, or decides where it is sent: make it "
	"readable and writable by its owner only. Saving it again from the "
	"wizard also sets mode 0600.")},

/* deliverability: the sender domain's SPF, DKIM and DMARC */
#include "knowledge/hints_deliverability.h"
};

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

const struct hint *hint_lookup(const char *cause)
{
	if (cause == NULL)
		return NULL;
	size_t n;
	const struct hint *m = hint_mailer_table(&n);

	for (size_t i = 0; i < N_ELEMS(hints); i++)
		if (strcmp(hints[i].cause, cause) == 0)
			return &hints[i];
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].cause, cause) == 0)
			return &m[i];
	return NULL;
}

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

const struct hint *hint_table(size_t *n)
{
	if (n != NULL)
		*n = N_ELEMS(hints);
	return hints;
}
