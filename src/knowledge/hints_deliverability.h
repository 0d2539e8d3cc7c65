/* Rows of the hint catalogue (hints.c includes them into its table) for
 * the deliverability step: the sender domain's SPF (RFC 7208), DKIM
 * (RFC 6376) and DMARC (RFC 7489). The exact record to publish for the
 * configured relay is added by the step itself. */
{"spf-missing", N_("The sender domain publishes no SPF record"),
 N_("Receivers cannot tell that this relay may send for the domain, and "
    "since 2024 Gmail and Yahoo refuse or junk unauthenticated mail. "
    "Publish one SPF TXT record at the domain that names the relay.")},
    {"spf-invalid", N_("The sender domain's SPF record is broken"),
     N_("Receivers treat a broken SPF record as a permanent error "
	"(RFC 7208): more than one record, a syntax error, or more than 10 "
	"DNS lookups. The evidence names the problem: merge the records "
	"into one, fix the term, or replace includes by the addresses they "
	"stand for.")},
    {"spf-not-authorized",
     N_("The sender domain's SPF does not authorise this relay"),
     N_("Mail from this domain through this relay fails SPF at the "
	"receiver: add the relay to the domain's SPF record as shown "
	"below.")},
    {"dkim-missing",
     N_("The provider's DKIM keys are not published for the sender domain"),
     N_("The provider cannot sign with the sender's domain, so DKIM "
	"cannot align under DMARC. Turn DKIM on for the domain in the "
	"provider's settings and publish the records it shows.")},
    {"dmarc-missing", N_("The sender domain publishes no DMARC policy"),
     N_("Gmail and Yahoo require a DMARC record from bulk senders since "
	"2024, and many receivers treat mail without one with more "
	"suspicion. Publish one; p=none only asks for reports.")},
    {"dmarc-unaligned",
     N_("DMARC will fail: neither SPF nor DKIM aligns for this relay"),
     N_("The domain's DMARC policy tells receivers to reject or junk "
	"mail whose SPF and DKIM do not match the From domain. Authorise "
	"the relay in SPF with the provider's own return path, or turn on "
	"DKIM for the domain at the provider.")},
    {"deliverability-dns",
     N_("The sender domain's SPF, DKIM or DMARC could not be looked up"),
     N_("A DNS query failed or timed out; the evidence names it. This "
	"does not block sending, but receivers will meet the same "
	"problem: check the domain's DNS servers.")},
