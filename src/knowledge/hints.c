/* The remediation catalogue. Cause ids are stable and never translated;
 * summaries and hints are N_() marked here and translated where they are
 * shown. A hint says what to do next, concretely: which setting, which
 * admin page, what to ask for. The provider variants are in
 * hints_provider.c. */
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
    {"cert-expiring", N_("The server's certificate expires soon"),
     N_("Mail programs will refuse this server once the certificate has "
	"expired. If you run the server, renew the certificate now (for "
	"example with certbot renew) and reload the mail server; otherwise "
	"tell the provider. The warning period is cert_warn_days in the "
	"configuration file or --cert-warn-days.")},
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
    {"sender-rejected", N_("The server refused the sender address"),
     N_("The server does not accept this sender address from this login. "
	"Most often an account may send only as its own address or its "
	"aliases: use the address you log in with as the sender, or ask "
	"the administrator to let this account send as that address (on a "
	"sending service, verify the address or its domain). The server's "
	"words in the evidence give its reason.")},
    {"sender-unverified", N_("The server could not verify the sender address"),
     N_("The server checked the sender address and could not confirm it: "
	"its domain has no mail records in DNS, or the domain's mail server "
	"said the address does not exist. Send from a real address whose "
	"domain receives mail (not localhost or an internal host name); on "
	"a sending service, also verify it in the dashboard.")},
    {"relay-denied", N_("The server will not relay mail for this client"),
     N_("The server forwards mail to other domains only for logged-in "
	"users or allowed IP addresses. Log in (set the user name and "
	"password, on the submission port), or ask the administrator to "
	"allow this machine's IP address.")},
    {"recipient-rejected", N_("The recipient address was refused"),
     N_("The server refused the test recipient without a reason smtpwiz "
	"recognises: its words are the first line of the evidence. Check "
	"the address, try a recipient in another domain, and ask the "
	"recipient's administrator whether a policy blocks it.")},
    {"recipient-unknown", N_("The recipient address does not exist"),
     N_("The receiving server does not know this mailbox. Check the "
	"spelling of the test recipient, or use an address you know "
	"exists; the sender's settings are not at fault.")},
    {"mailbox-full", N_("The recipient's mailbox is full"),
     N_("The recipient's mailbox is over its storage quota, which no "
	"setting here can change. Use another test recipient, or ask its "
	"owner to free space.")},
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
    {"message-spam", N_("The message was refused as spam or harmful content"),
     N_("The server's content filter judged the message to be spam, a "
	"virus or phishing. The test message is plain, so the filter "
	"probably judged the sender: check the account's and the sending "
	"domain's standing with the provider, and that the domain "
	"publishes SPF and DKIM for the service you send through.")},
    {"message-too-large", N_("The message is larger than the server accepts"),
     N_("The server refused the message for its size. The test message "
	"is small, so this server's limit is unusually low: compare the "
	"SIZE it advertises after EHLO, and send large files as links "
	"rather than attachments.")},
    {"spf-dkim-dmarc",
     N_("The sender domain failed its SPF, DKIM or DMARC check"),
     N_("The receiving server checked the sender's domain and the check "
	"failed. Publish an SPF record that includes the server you send "
	"through, sign with DKIM for the sender's domain (the service's "
	"documentation gives the DNS records), and send from an address in "
	"that domain; a DMARC policy of reject makes any failure fatal.")},
    {"ip-reputation", N_("The provider distrusts this machine's IP address"),
     N_("The provider's own reputation system deferred or refused mail "
	"from this IP address; this is not a public blocklist. Send through "
	"your provider's submission server with login rather than straight "
	"to the recipient's server, and for a mail server of your own "
	"follow the provider's postmaster pages to request mitigation.")},
    {"account-suspended", N_("The provider suspended or blocked this account"),
     N_("The account itself may not send (suspended, disabled, banned for "
	"abuse, or still in a sandbox); the password is not the problem. "
	"Sign in to the provider's web site or dashboard to see why, and "
	"contact its support.")},

    /* any step */
    {"server-error", N_("The server had an internal problem"),
     N_("The server failed while handling the command; these settings "
	"did not cause it. Try again later; if it persists, tell the "
	"server's administrator, quoting its words from the evidence.")},
    {"server-timeout", N_("The server ended the session for its own timeout"),
     N_("The server gave up waiting for the client. smtpwiz answers at "
	"once, so something in between slowed the exchange (a proxy, an "
	"inspecting firewall, a very slow link), or the server's limit is "
	"very short. Run the check again, if need be from another "
	"network.")},
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

const struct hint *hint_table(size_t *n)
{
	if (n != NULL)
		*n = N_ELEMS(hints);
	return hints;
}
