#!/usr/bin/python3
"""Scriptable, protocol-correct SMTP submission server for smtpwiz's tests.

Built on aiosmtpd's SMTP protocol class, driven by a plain asyncio server so
that implicit TLS, SIGTERM and the --lifetime limit are all handled in one
event loop.  Only binds to loopback; exits by itself after --lifetime seconds.

Replies given on the command line may span several lines, separated by a
literal backslash-n ("550 a\\n550 b"); they are sent with correct NNN-
continuation markers.
"""

import argparse
import asyncio
import collections
import hmac
import json
import logging
import math
import os
import re
import secrets
import signal
import ssl
import sys
import time
from base64 import b64decode

from aiosmtpd.smtp import DATA_SIZE_DEFAULT as SMTP_SIZE_DEFAULT, MISSING, SMTP
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import write_port_file  # noqa: E402

LOOPBACK = ("127.0.0.1", "::1")
IMPLEMENTED_MECHS = ("PLAIN", "LOGIN", "CRAM-MD5")
DEFAULT_AUTH_FAIL = "535 5.7.8 Authentication credentials invalid"
UNRECOGNIZED_MECH = "504 5.5.4 Unrecognized authentication type"


def reply(text):
    """Turn 'NNN a\\nNNN b' into a wire-ready multi-line reply (no final CRLF).

    Lines without their own code inherit the first line's code, so
    "550 first\\nsecond" also works.
    """
    lines = re.split(r"\\n|\n", text)
    code = lines[0][:3]
    out = []
    for i, line in enumerate(lines):
        m = re.match(r"(\d{3})(?:[ -]|$)(.*)", line)
        c, rest = (m.group(1), m.group(2)) if m else (code, line)
        last = i == len(lines) - 1
        out.append(c + ((" " + rest if rest else "") if last else "-" + rest))
    return "\r\n".join(out)


def reply_arg(text):
    """argparse type: validate a reply and pre-format it."""
    if not re.match(r"[2-5]\d\d(?:[ -]|$)", text):
        raise argparse.ArgumentTypeError(f"reply must start with a 3-digit code: {text!r}")
    return reply(text)


def write_atomically(path, data):
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Handler:
    """aiosmtpd handler hooks: envelope overrides and spooling."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.spooled = 0

    async def handle_MAIL(self, server, session, envelope, address, options):
        r = self.cfg.mail_reply
        if r is None or r.startswith("2"):
            envelope.mail_from = address
            envelope.mail_options.extend(options)
        return "250 2.1.0 Ok" if r is None else r

    async def handle_RCPT(self, server, session, envelope, address, options):
        r = self.cfg.rcpt_reply
        if r is None or r.startswith("2"):
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(options)
        return "250 2.1.5 Ok" if r is None else r

    async def handle_DATA(self, server, session, envelope):
        r = self.cfg.data_reply
        if r is None:
            r = "250 2.0.0 Ok: queued as " + secrets.token_hex(6).upper()
        if r.startswith("2") and self.cfg.spool:
            self.save(server, session, envelope)
        return r

    def save(self, server, session, envelope):
        """Store DIR/<n>.eml (message bytes as received, after dot-unstuffing,
        CRLF preserved) and then DIR/<n>.json, so a test that sees the .json
        knows the .eml is complete."""
        n = self.spooled + 1
        while os.path.exists(os.path.join(self.cfg.spool, f"{n}.eml")):
            n += 1  # don't clobber messages from an earlier server run
        self.spooled = n
        base = os.path.join(self.cfg.spool, str(n))
        write_atomically(base + ".eml", envelope.original_content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_user": session.auth_data if session.authenticated else None,
            "tls": server.is_tls,
        }
        write_atomically(base + ".json", (json.dumps(meta, indent=1) + "\n").encode())


class ScriptedSMTP(SMTP):
    """aiosmtpd's SMTP with our own EHLO, AUTH and DATA-command behaviour."""

    AuthLoginUsernameChallenge = "Username:"
    AuthLoginPasswordChallenge = "Password:"

    connections = set()  # live instances, so shutdown can abort them

    def __init__(self, cfg, handler, **kw):
        # aiosmtpd keeps command_size_limits at class level and grows it on
        # every EHLO; give each connection its own copy instead.
        self.command_size_limits = collections.defaultdict(lambda: self.command_size_limit)
        super().__init__(handler, **kw)
        self.cfg = cfg
        self._pending_354 = None  # --data-cmd-reply with a 3xx code
        self._tbuf = b""  # partial transcript line

    @property
    def is_tls(self):
        # Covers both STARTTLS and implicit TLS (aiosmtpd's own
        # _tls_protocol only knows about STARTTLS).
        t = self.transport
        return t is not None and t.get_extra_info("ssl_object") is not None

    # --- connection plumbing ------------------------------------------------

    def connection_made(self, transport):
        ScriptedSMTP.connections.add(self)
        super().connection_made(transport)

    def connection_lost(self, error):
        ScriptedSMTP.connections.discard(self)
        if self._tbuf:
            self._transcribe_line(self._tbuf)
            self._tbuf = b""
        super().connection_lost(error)

    def data_received(self, data):
        # Called with plaintext both before and after STARTTLS and with
        # implicit TLS, so the transcript never contains TLS records.
        if self.cfg.transcript:
            lines = (self._tbuf + data).split(b"\n")
            self._tbuf = lines.pop()
            for line in lines:
                self._transcribe_line(line)
        super().data_received(data)

    def _transcribe_line(self, line):
        if line.endswith(b"\r"):
            line = line[:-1]
        with open(self.cfg.transcript, "ab") as f:
            f.write(line + b"\n")

    async def _handle_client(self):
        if self.cfg.greeting_delay:
            await asyncio.sleep(self.cfg.greeting_delay)
        await super()._handle_client()

    async def push(self, status):
        # Always UTF-8 so scripted replies may contain any text, and swap in
        # a scripted 354 for aiosmtpd's hard-coded one.
        if isinstance(status, str):
            status = status.encode("utf-8")
        if self._pending_354 and status.startswith(b"354 "):
            status, self._pending_354 = self._pending_354.encode("utf-8"), None
        await super().push(status)

    # --- commands -----------------------------------------------------------

    async def smtp_EHLO(self, hostname):
        if self.cfg.no_ehlo:
            return await self.push("502 5.5.2 Error: command not recognized")
        if not hostname:
            return await self.push("501 Syntax: EHLO hostname")
        self._set_rset_state()
        self.session.extended_smtp = True
        self.session.host_name = hostname
        caps = [f"SIZE {self.data_size_limit}", "8BITMIME"]
        if self.tls_context and not self.is_tls:
            caps.append("STARTTLS")
        if self.cfg.auth_mechs and (self.is_tls or self.cfg.auth_plaintext_advertise):
            caps.append("AUTH " + " ".join(self.cfg.auth_mechs))
        # An extra keyword replaces a default one of the same name.
        extra_kw = {e.split()[0].upper() for e in self.cfg.ehlo_extra}
        caps = [c for c in caps if c.split()[0] not in extra_kw] + self.cfg.ehlo_extra
        # MAIL FROM grows by the SIZE= and SMTPUTF8 parameters (as aiosmtpd does).
        self.command_size_limits["MAIL"] = self.command_size_limit + 26 + 10
        lines = [self.hostname] + caps
        await self.push("\r\n".join(
            ("250 " if i == len(lines) - 1 else "250-") + l for i, l in enumerate(lines)))

    async def smtp_AUTH(self, arg):
        cfg = self.cfg
        if await self.check_helo_needed("EHLO"):
            return
        if not self.session.extended_smtp:
            return await self.push("500 Error: command 'AUTH' not recognized")
        if not cfg.auth_mechs:
            return await self.push("503 5.5.1 Error: authentication not enabled")
        if cfg.auth_require_tls and not self.is_tls:
            return await self.push(
                "538 5.7.11 Encryption required for requested authentication mechanism")
        if self.session.authenticated:
            return await self.push("503 5.5.1 Error: already authenticated")
        args = (arg or "").split()
        if not 1 <= len(args) <= 2:
            return await self.push("501 5.5.4 Syntax: AUTH mechanism [initial-response]")
        mech = args[0].upper()
        if mech not in cfg.auth_mechs:
            return await self.push(UNRECOGNIZED_MECH)
        initial = args[1] if len(args) == 2 else None
        if mech in IMPLEMENTED_MECHS:
            method = getattr(self, "mech_" + mech.replace("-", "_"))
            result = await method(initial)
            if result is None:
                return  # exchange aborted; the error reply was already sent
            user, ok = result
        elif cfg.auth_reply_always:
            user, ok = None, False  # advertised-only mechanism: answer at once
        else:
            return await self.push(UNRECOGNIZED_MECH)

        if cfg.auth_reply_always:
            status = cfg.auth_reply_always
            ok = status.startswith("2")
        else:
            status = "235 2.7.0 Authentication successful" if ok else cfg.auth_fail_reply
        if ok:
            self.session.authenticated = True
            self.session.auth_data = user
        await self.push(status)

    async def smtp_DATA(self, arg):
        r = self.cfg.data_cmd_reply
        if r and not r.startswith("3"):
            # Same preconditions aiosmtpd checks, so the scripted rejection
            # only comes where a real server could send it.
            if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
                return
            if not self.envelope.rcpt_tos:
                return await self.push("503 5.5.1 Error: need RCPT command")
            return await self.push(r)
        self._pending_354 = r
        await super().smtp_DATA(arg)

    # --- SASL mechanisms: return (user, credentials_ok) or None if the
    # exchange was aborted (and already answered). -------------------------

    async def _sasl_response(self, initial, challenge):
        if initial is None:
            data = await self.challenge_auth(challenge)
            return None if data is MISSING else data
        if initial == "=":  # RFC 4954: zero-length initial response
            return b""
        try:
            return b64decode(initial, validate=True)
        except ValueError:
            await self.push("501 5.5.2 Can't decode base64")
            return None

    def _creds_ok(self, user, password):
        cfg = self.cfg
        return (cfg.user is not None and cfg.password is not None
                and hmac.compare_digest(user, cfg.user.encode())
                and hmac.compare_digest(password, cfg.password.encode()))

    async def mech_PLAIN(self, initial):
        data = await self._sasl_response(initial, "")
        if data is None:
            return None
        parts = data.split(b"\0")
        if len(parts) != 3:
            await self.push("501 5.5.2 Can't split auth value")
            return None
        _authzid, user, password = parts
        return user.decode("utf-8", "replace"), self._creds_ok(user, password)

    async def mech_LOGIN(self, initial):
        user = await self._sasl_response(initial, self.AuthLoginUsernameChallenge)
        if user is None:
            return None
        password = await self._sasl_response(None, self.AuthLoginPasswordChallenge)
        if password is None:
            return None
        return user.decode("utf-8", "replace"), self._creds_ok(user, password)

    async def mech_CRAM_MD5(self, initial):
        if initial is not None:  # CRAM-MD5 has no initial response
            await self.push("501 5.5.4 CRAM-MD5 takes no initial response")
            return None
        challenge = f"<{secrets.randbelow(10**10)}.{int(time.time())}@{self.hostname}>".encode()
        data = await self._sasl_response(None, challenge)
        if data is None:
            return None
        user, _, digest = data.rpartition(b" ")
        pw = (self.cfg.password or "").encode()
        expected = hmac.new(pw, challenge, "md5").hexdigest().encode()
        ok = (self.cfg.password is not None and self.cfg.user is not None
              and user == self.cfg.user.encode()
              and hmac.compare_digest(expected, digest.lower()))
        return user.decode("utf-8", "replace"), ok


def yes_no(s):
    if s not in ("yes", "no"):
        raise argparse.ArgumentTypeError("expected yes or no")
    return s == "yes"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a = p.add_argument
    a("--host", default="127.0.0.1", choices=LOOPBACK)
    a("--port", type=int, default=0, help="0 = ephemeral")
    a("--port-file", help="write the bound port here once listening")
    a("--lifetime", type=float, default=120, help="exit after SEC seconds")
    a("--tls", choices=("none", "starttls", "implicit"), default="none")
    a("--cert", help="PEM certificate (chain) for starttls/implicit")
    a("--key", help="PEM private key for starttls/implicit")
    a("--require-starttls", action="store_true",
      help="refuse everything but EHLO/NOOP/QUIT/STARTTLS before STARTTLS (530)")
    a("--auth-mechs", default="PLAIN LOGIN",
      help="advertised mechanisms; those not implemented get 504; '' = no AUTH")
    a("--auth-require-tls", type=yes_no, default=True, metavar="yes|no")
    a("--auth-plaintext-advertise", type=yes_no, default=False, metavar="yes|no",
      help="list AUTH in EHLO before TLS")
    a("--user")
    a("--password")
    a("--auth-fail-reply", type=reply_arg, default=reply(DEFAULT_AUTH_FAIL))
    a("--auth-reply-always", type=reply_arg,
      help="reply to every AUTH attempt with this (a 2xx reply logs in)")
    a("--require-auth", action="store_true", help="530 for MAIL without AUTH")
    a("--mail-reply", type=reply_arg)
    a("--rcpt-reply", type=reply_arg)
    a("--data-reply", type=reply_arg, help="reply after the final dot")
    a("--data-cmd-reply", type=reply_arg, help="reply to the DATA command itself")
    a("--greeting-delay", type=float, default=0)
    a("--handshake-timeout", type=float, default=10,
      help="implicit TLS: seconds a client has for its handshake")
    a("--banner-host", default="localhost")
    a("--spool", help="save accepted messages as DIR/<n>.eml + DIR/<n>.json")
    a("--transcript", help="append every line received from clients to FILE")
    a("--ehlo-extra", default="",
      help="extra EHLO keywords, whitespace-separated; use \\n between entries "
           "to give keywords with parameters ('SIZE 100\\nPIPELINING')")
    a("--no-ehlo", action="store_true", help="reply 502 to EHLO")
    a("--verbose", action="store_true", help="aiosmtpd debug log on stderr")
    cfg = p.parse_args(argv)

    if cfg.tls != "none" and not (cfg.cert and cfg.key):
        p.error(f"--tls {cfg.tls} needs --cert and --key")
    cfg.auth_mechs = [m.upper() for m in cfg.auth_mechs.split()]
    sep = r"\\n|\n" if re.search(r"\\n|\n", cfg.ehlo_extra) else r"\s+"
    cfg.ehlo_extra = [e.strip() for e in re.split(sep, cfg.ehlo_extra) if e.strip()]
    if cfg.spool:
        os.makedirs(cfg.spool, exist_ok=True)
    return cfg


async def serve(cfg):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    ctx = None
    if cfg.tls != "none":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cfg.cert, cfg.key)
    handler = Handler(cfg)
    smtputf8 = any(e.upper() == "SMTPUTF8" for e in cfg.ehlo_extra)
    # An advertised "SIZE N" is also enforced (552 for bigger messages).
    size = [int(e.split()[1]) for e in cfg.ehlo_extra
            if re.fullmatch(r"SIZE\s+\d+", e, re.I)]

    def factory():
        return ScriptedSMTP(
            cfg, handler, hostname=cfg.banner_host, ident="ESMTP",
            tls_context=ctx if cfg.tls == "starttls" else None,
            require_starttls=cfg.require_starttls,
            auth_required=cfg.require_auth, enable_SMTPUTF8=smtputf8,
            data_size_limit=size[0] if size and size[0] else SMTP_SIZE_DEFAULT,
            loop=loop)

    tls_kw = {"ssl": ctx, "ssl_handshake_timeout": cfg.handshake_timeout} \
        if cfg.tls == "implicit" else {}
    server = await loop.create_server(factory, cfg.host, cfg.port, **tls_kw)
    port = server.sockets[0].getsockname()[1]
    if cfg.port_file:
        write_port_file(cfg.port_file, port)
    print(f"smtpserver: listening on {cfg.host} port {port}, tls={cfg.tls}",
          file=sys.stderr, flush=True)

    try:
        await asyncio.wait_for(stop.wait(), cfg.lifetime)
    except asyncio.TimeoutError:
        pass
    server.close()
    for conn in list(ScriptedSMTP.connections):
        if conn.transport is not None:
            conn.transport.abort()
    await asyncio.sleep(0)  # let the aborts run before asyncio.run cancels tasks


def main(argv):
    cfg = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if cfg.verbose else logging.ERROR,
                        format="%(name)s: %(message)s")
    # Hard backstop: even if the event loop wedges, SIGALRM's default action
    # ends the process shortly after the lifetime.
    signal.alarm(math.ceil(cfg.lifetime) + 5)
    asyncio.run(serve(cfg))


if __name__ == "__main__":
    main(sys.argv[1:])
