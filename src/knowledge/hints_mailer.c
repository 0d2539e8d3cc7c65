/* The remediation catalogue for the system mailers' own configuration
 * (the `mailer` step) and for their queues. Each hint names the setting
 * to change. Sources: Postfix's postconf(5) and SASL_README
 * (https://www.postfix.org/postconf.5.html,
 * https://www.postfix.org/SASL_README.html), Debian's exim4-config
 * README.Debian, msmtp(1) (https://marlam.de/msmtp/msmtp.html). */
#include <config.h>

#include <stddef.h>

#include "base/i18n.h"
#include "knowledge/hints.h"

static const struct hint mailer_hints[] = {
    {"mailer-config-invalid", N_("The mailer cannot read its configuration"),
     N_("Fix the line named in the evidence: until then the mailer uses "
	"none of the settings in that file (Postfix: postconf -n shows "
	"the error; msmtp: msmtp --pretend).")},
    {"mailer-unknown-parameter", N_("The mailer ignores an unknown setting"),
     N_("A misspelt parameter name is silently ignored, so the setting "
	"you meant is still at its default. Correct the name (postconf -d "
	"lists every parameter) or remove the line.")},
    {"mailer-unreadable",
     N_("Part of the mailer's configuration could not "
	"be read"),
     N_("The evidence names the file and why. Run smtpwiz as root (sudo) "
	"to include it; nothing was changed.")},
    {"mailer-stopped", N_("The mailer is installed but not running"),
     N_("Mail handed to sendmail waits in the queue until it runs. Start "
	"it (systemctl start postfix, or postfix start) and check its log "
	"for why it stopped.")},
    {"mailer-other-routes", N_("Some mail may take another route"),
     N_("sender_dependent_relayhost_maps, transport_maps or a list of "
	"relays send some mail elsewhere; smtpwiz tests only the relay "
	"shown. Test the others with --host and --port.")},
    {"mailer-no-relayhost", N_("The mailer relays through no server"),
     N_("Set the relay: Postfix relayhost = [smtp.example.com]:587; Exim "
	"dc_eximconfig_configtype='smarthost' and "
	"dc_smarthost='smtp.example.com::587' (then update-exim4.conf); "
	"msmtp host in the account.")},
    {"mailer-relayhost-table", N_("relayhost names a lookup table"),
     N_("relayhost takes one destination such as [smtp.example.com]:587. "
	"Per-sender relays go in sender_dependent_relayhost_maps, "
	"per-domain ones in transport_maps.")},
    {"mailer-relayhost-port", N_("relayhost has an invalid port"),
     N_("Write the port as a number after the closing bracket: "
	"relayhost = [smtp.example.com]:587.")},
    {"mailer-relayhost-mx", N_("relayhost is written without brackets"),
     N_("Without [brackets] Postfix looks up the name's MX records and "
	"delivers to the domain's incoming server instead of the "
	"submission host. Write relayhost = [smtp.example.com]:587 and use "
	"the same form as the key in the sasl_passwd file.")},
    {"mailer-465-no-wrappermode", N_("Port 465 without wrapper mode"),
     N_("Port 465 is implicit TLS: set smtp_tls_wrappermode = yes and "
	"smtp_tls_security_level = encrypt, or use port 587 with STARTTLS. "
	"Without it Postfix waits for a greeting that never comes and "
	"the mail is deferred with a timeout.")},
    {"mailer-wrappermode-level", N_("Wrapper mode with a weak TLS level"),
     N_("smtp_tls_wrappermode = yes requires smtp_tls_security_level = "
	"encrypt (or stronger); with 'may' or 'none' Postfix does not use "
	"wrapper mode.")},
    {"mailer-wrappermode-port", N_("Wrapper mode on a STARTTLS port"),
     N_("smtp_tls_wrappermode = yes starts TLS at once, which port 587 "
	"and 25 do not expect. Use port 465 with wrapper mode, or turn "
	"smtp_tls_wrappermode off for STARTTLS.")},
    {"mailer-tls-level-low", N_("The relay's TLS is not enforced"),
     N_("Set smtp_tls_security_level = encrypt so that Postfix never "
	"logs in or sends without TLS (with 'may' a missing or stripped "
	"STARTTLS sends the password in clear text).")},
    {"mailer-sasl-not-postmapped", N_("The password file was not postmapped"),
     N_("Postfix reads the .db file, not the text file. Run postmap on "
	"the file named in the evidence (postmap "
	"hash:/etc/postfix/sasl_passwd) after every change.")},
    {"mailer-password-readable", N_("Other users can read the relay password"),
     N_("Make the file that holds the relay password readable by its "
	"owner only (chmod 600), and for Postfix its .db file too.")},
    {"mailer-sasl-key-mismatch",
     N_("The password entry's key does not match relayhost"),
     N_("The key in smtp_sasl_password_maps must be written exactly as "
	"relayhost, brackets and port included ([smtp.example.com]:587 "
	"user:password), then postmap the file.")},
    {"mailer-sasl-no-entry", N_("No password is stored for the relay"),
     N_("Add a line 'relayhost-as-written user:password' to the file of "
	"smtp_sasl_password_maps and run postmap on it.")},
    {"mailer-sasl-no-map", N_("SASL is on but no password map is set"),
     N_("Set smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd and "
	"create that file (mode 600), then postmap it.")},
    {"mailer-sasl-disabled", N_("A relay password is stored but SASL is off"),
     N_("Set smtp_sasl_auth_enable = yes, or Postfix never logs in and "
	"the provider refuses the mail (relay denied or authentication "
	"required).")},
    {"mailer-sasl-per-sender", N_("Per-sender passwords are ignored"),
     N_("Entries keyed by sender address are used only with "
	"smtp_sender_dependent_authentication = yes (and, usually, "
	"sender_dependent_relayhost_maps).")},
    {"mailer-sasl-noplaintext", N_("The SASL policy forbids PLAIN and LOGIN"),
     N_("Set smtp_sasl_security_options = noanonymous and "
	"smtp_sasl_tls_security_options = noanonymous; Postfix's default "
	"(noplaintext) excludes the mechanisms providers offer, and mail "
	"is deferred with \"no mechanism available\".")},
    {"mailer-sasl-no-mechanism", N_("Postfix has no SASL mechanism to log in"),
     N_("Install the Cyrus SASL plug-ins (apt-get install libsasl2-modules) "
	"and check that smtp_sasl_security_options and "
	"smtp_sasl_mechanism_filter allow PLAIN or LOGIN, then reload "
	"Postfix.")},
    {"mailer-exim-smarthost-port",
     N_("dc_smarthost has one colon before the "
	"port"),
     N_("In Exim's lists one colon separates hosts: write "
	"dc_smarthost='smtp.example.com::587' (two colons), then run "
	"update-exim4.conf and restart Exim.")},
    {"mailer-exim-passwd-host",
     N_("passwd.client has no entry for the smarthost"),
     N_("The first field of /etc/exim4/passwd.client must match the "
	"smarthost's name as dc_smarthost gives it (a wildcard such as "
	"*.example.com works; if the name is a CNAME, its target's name). "
	"No update-exim4.conf is needed for this file.")},
    {"mailer-msmtp-tls-off", N_("The msmtp account has TLS off"),
     N_("Add 'tls on' to the account (and 'tls_starttls off' for port "
	"465); msmtp's default is no TLS.")},
    {"mailer-msmtp-465-starttls", N_("msmtp uses STARTTLS on port 465"),
     N_("Port 465 is implicit TLS: set 'tls_starttls off' in the account, "
	"or use port 587.")},
    {"mailer-msmtp-starttls-port", N_("msmtp uses implicit TLS on port 587"),
     N_("Port 587 expects STARTTLS: set 'tls_starttls on', or use port "
	"465 for implicit TLS.")},
    {"mailer-msmtp-certcheck-off", N_("msmtp does not check the certificate"),
     N_("Remove 'tls_certcheck off' and set tls_trust_file (or leave "
	"it at 'system'), so nobody on the path can read the password.")},
    {"mailer-msmtp-no-user", N_("msmtp authenticates without a user"),
     N_("Set 'user' in the account, or 'auth off' if the server needs no "
	"login.")},
    {"mailer-msmtp-passwordeval", N_("The password comes from a command"),
     N_("smtpwiz does not run passwordeval on its own. Give "
	"--run-passwordeval to run it and test with its password.")},
    {"mailer-deferred", N_("The mailer could not deliver"),
     N_("Read the mailer's reason in the evidence; run smtpwiz --check "
	"--from-mailer to test the relay the mailer uses.")},
    /* The `delivery` step after --apply (issue 19). */
    {"delivery-pending", N_("The mailer has not delivered the test yet"),
     N_("No outcome within the time limit. Postfix: postqueue -p shows "
	"whether the message waits (a stopped Postfix, a slow relay); its "
	"log line with the queue id in the evidence tells the rest.")},
    {"delivery-refused", N_("The sendmail interface did not take the message"),
     N_("The mailer's own sendmail command refused the message before "
	"any relay was tried: its words are in the evidence (a stopped "
	"or broken mailer, a full disk, a sender it does not accept).")},
    {"delivery-unfollowed", N_("The message could not be followed"),
     N_("The mailer took the message but smtpwiz can read neither its "
	"log file nor the systemd journal. Run smtpwiz as root (or in the "
	"systemd-journal group), or follow it yourself: postqueue -p and "
	"the mail log (journalctl SYSLOG_FACILITY=2 where no syslog "
	"daemon writes a file).")},
};

const struct hint *hint_mailer_table(size_t *n)
{
	if (n != NULL)
		*n = sizeof(mailer_hints) / sizeof(mailer_hints[0]);
	return mailer_hints;
}
