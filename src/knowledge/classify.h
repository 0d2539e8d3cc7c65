/* The reply classifier's evidence beyond the reply itself: the session
 * context (stage, TLS, login, whose recipient, which provider) and how a
 * cause was reached. diagnose_reply_ctx() in diagnose.h takes these. */
#ifndef SMTPWIZ_CLASSIFY_H
#define SMTPWIZ_CLASSIFY_H

/* A fact about the session: known true, known false, or not known. */
enum diag_fact {
	DF_UNKNOWN,
	DF_NO,
	DF_YES,
};

/* Whether the recipient belongs to the server (or the sender's own
 * domain), or to another domain the server would have to relay to. */
enum diag_rcpt {
	DR_UNKNOWN,
	DR_LOCAL,
	DR_FOREIGN,
};

/* How the cause was reached, strongest first. The names are the JSON
 * `basis` values (never translated). */
enum diag_basis {
	DB_TEXT,     /* a known wording of the server's text */
	DB_ENHANCED, /* the RFC 3463 enhanced status code */
	DB_CODE,     /* the basic reply code at this stage (RFC 5321, 4954) */
	DB_CONTEXT,  /* the session context decided or overruled */
	DB_FALLBACK, /* nothing specific: the generic cause of the step */
};

struct diag_context {
	enum diag_fact tls;    /* TLS was up when the reply came */
	enum diag_fact authed; /* AUTH had succeeded before the reply */
	enum diag_rcpt rcpt;
	const char *provider; /* from the host name or banner, or NULL */
};

/* "text", "enhanced-code", "reply-code", "context", "fallback". */
const char *diag_basis_name(enum diag_basis b);

/* The recipient's standing from the addresses and the server's name:
 * local when its domain is the sender's domain or the server's host name
 * lies inside it, foreign when both domains are known and differ,
 * unknown otherwise. Any argument may be NULL. */
enum diag_rcpt diag_rcpt_locality(const char *host, const char *sender,
				  const char *recipient);

#endif
