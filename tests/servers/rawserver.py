#!/usr/bin/python3
"""Raw-socket server with broken or hostile behaviour, for smtpwiz's tests.

Each --mode is one coroutine in MODES; add a mode by writing
`async def mode_xxx(conn)` and registering it there.  Only binds to loopback;
exits by itself after --lifetime seconds.

Usage: rawserver.py --mode MODE [TEXT] [--cert PEM --key PEM] ...
TEXT may contain a literal backslash-n to separate lines (sent as CRLF).

--mode replay plays one scripted reply per connection inside an otherwise
ordinary submission session: with --ports N it listens on N ports, and each
connection reads the script for its port from SCRIPT-DIR/PORT.json (written
by the test before it connects), so one process serves many scenarios.
"""

import argparse
import asyncio
import math
import os
import re
import signal
import ssl
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import serve_for, write_port_file  # noqa: E402

LOOPBACK = ("127.0.0.1", "::1")
CRLF = b"\r\n"
MAX_LINE = 64 * 1024  # client lines longer than this end the connection


def lines_arg(text):
    """'a\\nb' (literal backslash-n or real newlines) -> b'a\\r\\nb\\r\\n'."""
    return b"".join(l.encode("utf-8", "surrogateescape") + CRLF
                    for l in re.split(r"\\n|\n", text))


class Conn:
    """One client connection plus the server options."""

    def __init__(self, reader, writer, cfg):
        self.reader, self.writer, self.cfg = reader, writer, cfg

    async def send(self, data):
        self.writer.write(data)
        await self.writer.drain()

    async def readline(self, timeout=None):
        """Next client line without CRLF; None on EOF or timeout."""
        try:
            line = await asyncio.wait_for(self.reader.readline(), timeout)
        except asyncio.TimeoutError:
            return None
        return line.rstrip(b"\r\n") if line else None

    async def wait_eof(self):
        """Read and discard until the client goes away (or lifetime ends)."""
        while await self.reader.read(4096):
            pass

    async def wait_command(self, verb):
        """Answer 250 to everything until the client sends `verb` (e.g. EHLO);
        returns False on EOF.  Bounded by the client and the lifetime."""
        while True:
            line = await self.readline()
            if line is None:
                return False
            if line.split(b" ")[0].upper() in (verb, b"HELO" if verb == b"EHLO" else verb):
                return True
            await self.send(b"250 ok\r\n")

    async def tiny_smtp(self, host=b"raw.example", caps=()):
        """A minimal SMTP dialogue so a client can get past the interesting
        part: EHLO lists `caps`, DATA swallows the message, QUIT closes,
        everything else gets 250."""
        while True:
            line = await self.readline()
            if line is None:
                return
            verb = line.split(b" ")[0].upper()
            if verb == b"EHLO":
                out = [host] + list(caps)
                await self.send(b"".join(
                    b"250" + (b" " if i == len(out) - 1 else b"-") + c + CRLF
                    for i, c in enumerate(out)))
            elif verb == b"QUIT":
                await self.send(b"221 2.0.0 bye\r\n")
                return
            elif verb == b"DATA":
                await self.send(b"354 go ahead\r\n")
                while (line := await self.readline()) not in (None, b"."):
                    pass
                await self.send(b"250 2.0.0 Ok: queued as RAW\r\n")
            else:
                await self.send(b"250 ok\r\n")


# --- modes -------------------------------------------------------------------

async def mode_silent(c):
    await c.wait_eof()  # never say a word, keep the connection open


async def mode_greeting_text(c):
    text = c.cfg.text or "220 raw.example ESMTP"
    await c.send(lines_arg(text))
    if text[:1] in ("4", "5"):
        return  # a refusing server closes after its greeting
    await c.tiny_smtp()


async def mode_http(c):
    # HTTP servers wait for a request; answer whatever (or nothing) arrives.
    try:
        await asyncio.wait_for(c.reader.read(4096), c.cfg.http_wait)
    except asyncio.TimeoutError:
        pass
    body = b"<html><body><h1>400 Bad Request</h1></body></html>\r\n"
    await c.send(b"HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n"
                 b"Content-Type: text/html\r\nContent-Length: %d\r\n"
                 b"Connection: close\r\n\r\n%s" % (len(body), body))


async def mode_ssh(c):
    await c.send(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    # Like sshd: give up on a client whose first line is not an SSH ident.
    line = await c.readline(timeout=30)
    if line is not None and not line.startswith(b"SSH-"):
        await c.send(b"Invalid SSH identification string.\r\n")


async def mode_tls_server(c):
    # The listener itself wraps TLS (see serve()); this runs after the
    # handshake, so a plaintext/STARTTLS client never gets here.
    await c.send(b"220 tls.example ESMTP\r\n")
    await c.tiny_smtp(b"tls.example", [b"AUTH PLAIN LOGIN"])


async def mode_drip(c):
    for byte in lines_arg(c.cfg.text or "220 drip.example ESMTP"):
        await c.send(bytes([byte]))
        await asyncio.sleep(1)
    await c.tiny_smtp()


async def mode_close_mid_reply(c):
    await c.send(b"220 raw.example ESMTP\r\n")
    if await c.wait_command(b"EHLO"):
        await c.send(b"250-first line\r\n")  # ...and never the final line


async def mode_endless_multiline(c):
    await c.send(b"220 raw.example ESMTP\r\n")
    if not await c.wait_command(b"EHLO"):
        return
    chunk = b"250-x\r\n" * (64 * 1024 // 7)
    while True:  # ends when the client goes away or the lifetime is up
        await c.send(chunk)
        await asyncio.sleep(1 / 16)  # ~1 MB/s


async def mode_long_line(c):
    await c.send(b"220 raw.example ESMTP\r\n")
    await c.send(b"220-" + b"x" * (1024 * 1024))  # no CRLF, ever
    await c.wait_eof()


async def mode_binary(c):
    await c.send(b"\0\0\0\0" + bytes(range(256)) + b"\xff\xfe\x00garbage\x00\r\n")
    await c.wait_eof()


async def mode_code_change(c):
    await c.send(b"220 raw.example ESMTP\r\n")
    if await c.wait_command(b"EHLO"):
        await c.send(b"250-a\r\n550-b\r\n250 c\r\n")
        await c.tiny_smtp()


async def mode_starttls_inject(c):
    await c.send(b"220 inject.example ESMTP\r\n")
    while True:
        line = await c.readline()
        if line is None:
            return
        verb = line.split(b" ")[0].upper()
        if verb == b"EHLO":
            await c.send(b"250-inject.example\r\n250-STARTTLS\r\n250 8BITMIME\r\n")
        elif verb == b"STARTTLS":
            break
        elif verb == b"QUIT":
            return await c.send(b"221 bye\r\n")
        else:
            await c.send(b"530 5.7.0 Must issue a STARTTLS command first\r\n")
    # The injected reply rides in the same segment as the 220, i.e. before
    # the handshake; a correct client discards it.
    await c.send(b"220 2.0.0 ready\r\n250 injected\r\n")
    await c.writer.start_tls(c.cfg.ssl_context, ssl_handshake_timeout=10)
    await c.tiny_smtp(b"inject.example", [b"AUTH PLAIN LOGIN"])


async def mode_escape(c):
    await c.send(b"220 \x1b]0;pwned\x07\x1b[31mevil.example ESMTP\x1b[0m\r\n")
    await c.tiny_smtp(b"\x1b[2J\x1b]0;pwned\x07evil.example")


async def mode_ehlo_reject(c):
    # Some servers refuse a HELO name they do not like, by EHLO and HELO.
    await c.send(b"220 picky.example ESMTP\r\n")
    while True:
        line = await c.readline()
        if line is None:
            return
        verb = line.split(b" ")[0].upper()
        if verb in (b"EHLO", b"HELO"):
            await c.send(b"550 5.7.1 <" + line[5:].strip() +
                         b">: Helo command rejected: Host not found\r\n")
        elif verb == b"QUIT":
            return await c.send(b"221 2.0.0 Bye\r\n")
        else:
            await c.send(b"503 5.5.1 Error: send HELO/EHLO first\r\n")


async def mode_starttls_refuse(c):
    # STARTTLS advertised, then refused: a server whose certificate is
    # missing or broken.
    await c.send(b"220 notls.example ESMTP\r\n")
    while True:
        line = await c.readline()
        if line is None:
            return
        verb = line.split(b" ")[0].upper()
        if verb == b"EHLO":
            await c.send(b"250-notls.example\r\n250-STARTTLS\r\n"
                         b"250 AUTH PLAIN\r\n")
        elif verb == b"STARTTLS":
            await c.send(b"454 4.7.0 TLS not available due to local "
                         b"problem\r\n")
        elif verb == b"QUIT":
            return await c.send(b"221 2.0.0 Bye\r\n")
        else:
            await c.send(b"530 5.7.0 Must issue a STARTTLS command first\r\n")


# --- replay: one scripted reply at one stage of a normal session ----------

REPLAY_STAGES = ("greeting", "ehlo", "starttls", "auth", "mail", "rcpt",
                 "data", "data-end")


def replay_script(c):
    """The script for the port this connection came in on:
    {"stage", "reply" (lines joined by \\n, each with its code),
    "tls" (offer STARTTLS), "auth" (offer AUTH PLAIN and accept any login),
    "host" (the name in the greeting and EHLO), "cut" (close the
    connection instead of sending the reply's last line)}."""
    import json
    port = c.writer.get_extra_info("sockname")[1]
    with open(os.path.join(c.cfg.script_dir, f"{port}.json"), encoding="utf-8") as f:
        script = json.load(f)
    if script.get("stage") not in REPLAY_STAGES:
        raise ValueError(f"replay: bad stage {script.get('stage')!r}")
    return script


async def replay_auth_exchange(c, line):
    """Completes an AUTH PLAIN exchange (initial response or one 334);
    False when the client went away."""
    if len(line.split()) >= 3:
        return True
    await c.send(b"334 \r\n")
    return await c.readline(timeout=30) is not None


async def mode_replay(c):
    sc = replay_script(c)
    stage, host = sc["stage"], sc.get("host", "replay.example").encode()
    lines = re.split(r"\\n|\n", sc["reply"])
    if sc.get("cut"):  # the server hangs up before the reply's last line
        lines = lines[:-1]
    scripted = lines_arg("\n".join(lines))
    # RFC 5321 3.8: 421 ends the session; a reply whose last line says
    # more follows ("554-...") is one the server hung up in the middle of.
    closing = sc["reply"][:3] == "421" or sc.get("cut") or lines[-1][3:4] == "-"

    async def play():
        await c.send(scripted)
        return not closing

    if stage == "greeting":
        if not await play():
            return
    else:
        await c.send(b"220 " + host + b" ESMTP ready\r\n")
    in_tls = in_mail = rcpts = False
    while True:
        line = await c.readline(timeout=60)
        if line is None:
            return
        verb = line.split(b" ")[0].upper()
        if stage == "greeting" and verb != b"QUIT":
            await c.send(b"503 5.5.1 Error: the greeting refused the session\r\n")
        elif verb in (b"EHLO", b"HELO"):
            if stage == "ehlo":
                if not await play():
                    return
                continue
            caps = [host, b"PIPELINING", b"SIZE 52428800", b"8BITMIME",
                    b"ENHANCEDSTATUSCODES"]
            if (sc.get("tls") or stage == "starttls") and not in_tls:
                caps.append(b"STARTTLS")
            if sc.get("auth") and (in_tls or not sc.get("tls")):
                caps.append(b"AUTH PLAIN")
            if verb == b"HELO":
                caps = caps[:1]
            await c.send(b"".join(
                b"250" + (b" " if i == len(caps) - 1 else b"-") + k + CRLF
                for i, k in enumerate(caps)))
        elif verb == b"STARTTLS" and not in_tls:
            if stage == "starttls":
                if not await play():
                    return
                continue
            await c.send(b"220 2.0.0 Ready to start TLS\r\n")
            await c.writer.start_tls(c.cfg.ssl_context, ssl_handshake_timeout=10)
            in_tls = True
        elif verb == b"AUTH":
            if not await replay_auth_exchange(c, line):
                return
            if stage == "auth":
                if not await play():
                    return
            elif sc.get("auth"):
                await c.send(b"235 2.7.0 Authentication successful\r\n")
            else:
                await c.send(b"503 5.5.1 Error: authentication not enabled\r\n")
        elif verb == b"MAIL":
            if stage == "mail":
                if not await play():
                    return
                continue
            in_mail = True
            await c.send(b"250 2.1.0 Ok\r\n")
        elif verb == b"RCPT":
            if not in_mail:
                await c.send(b"503 5.5.1 Error: need MAIL command\r\n")
            elif stage == "rcpt":
                if not await play():
                    return
            else:
                rcpts = True
                await c.send(b"250 2.1.5 Ok\r\n")
        elif verb == b"DATA":
            if not rcpts:
                await c.send(b"503 5.5.1 Error: need RCPT command\r\n")
                continue
            if stage == "data":
                if not await play():
                    return
                continue
            await c.send(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            for _ in range(100000):  # the test message is a few lines
                body = await c.readline(timeout=60)
                if body is None:
                    return
                if body == b".":
                    break
            in_mail = rcpts = False
            if stage == "data-end":
                if not await play():
                    return
            else:
                await c.send(b"250 2.0.0 Ok: queued as REPLAY\r\n")
        elif verb == b"RSET":
            in_mail = rcpts = False
            await c.send(b"250 2.0.0 Ok\r\n")
        elif verb == b"NOOP":
            await c.send(b"250 2.0.0 Ok\r\n")
        elif verb == b"QUIT":
            return await c.send(b"221 2.0.0 Bye\r\n")
        else:
            await c.send(b"502 5.5.2 Error: command not recognized\r\n")


MODES = {
    "silent": mode_silent,
    "greeting-text": mode_greeting_text,
    "http": mode_http,
    "ssh": mode_ssh,
    "tls-server": mode_tls_server,
    "drip": mode_drip,
    "close-mid-reply": mode_close_mid_reply,
    "endless-multiline": mode_endless_multiline,
    "long-line": mode_long_line,
    "binary": mode_binary,
    "code-change": mode_code_change,
    "starttls-inject": mode_starttls_inject,
    "escape": mode_escape,
    "ehlo-reject": mode_ehlo_reject,
    "starttls-refuse": mode_starttls_refuse,
    "replay": mode_replay,
}
NEEDS_CERT = ("tls-server", "starttls-inject", "replay")
TAKES_TEXT = ("greeting-text", "drip")


# --- server ------------------------------------------------------------------

async def close(writer):
    # close() flushes what drain() may have left buffered (a refusal banner,
    # a half reply); abort if the client doesn't let us finish.
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), 5)
    except (asyncio.TimeoutError, ConnectionError, ssl.SSLError):
        writer.transport.abort()


class Listeners:
    """Several listening servers that close as one."""

    def __init__(self, servers):
        self.servers = servers

    def close(self):
        for s in self.servers:
            s.close()


async def serve(cfg):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Clients hanging up mid-handshake are expected here; keep the log short.
    loop.set_exception_handler(
        lambda _loop, ctx: print("rawserver:", ctx.get("exception") or ctx["message"],
                                 file=sys.stderr))
    tasks = set()
    mode = MODES[cfg.mode]

    async def client(reader, writer):
        task = asyncio.current_task()
        tasks.add(task)
        try:
            await mode(Conn(reader, writer, cfg))
            await close(writer)
        except asyncio.CancelledError:  # shutdown: don't linger
            writer.transport.abort()
            raise
        except (OSError, ValueError, ssl.SSLError, asyncio.TimeoutError,
                asyncio.LimitOverrunError, asyncio.IncompleteReadError) as e:
            # ValueError: a client line over MAX_LINE, or a bad replay
            # script.  Either way, drop it.
            print(f"rawserver: {cfg.mode}: {type(e).__name__}: {e}", file=sys.stderr)
            writer.transport.abort()
        finally:
            tasks.discard(task)

    tls_kw = {}
    if cfg.mode == "tls-server":
        tls_kw = {"ssl": cfg.ssl_context, "ssl_handshake_timeout": 10}
    servers = [await asyncio.start_server(client, cfg.host,
                                          cfg.port + i if cfg.port else 0,
                                          limit=MAX_LINE, **tls_kw)
               for i in range(cfg.ports)]
    ports = " ".join(str(s.sockets[0].getsockname()[1]) for s in servers)
    if cfg.port_file:
        write_port_file(cfg.port_file, ports)
    print(f"rawserver: {cfg.mode} on {cfg.host} port {ports}", file=sys.stderr, flush=True)

    await serve_for(Listeners(servers), stop, cfg.lifetime, tasks)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a = p.add_argument
    a("--host", default="127.0.0.1", choices=LOOPBACK)
    a("--port", type=int, default=0, help="0 = ephemeral")
    a("--port-file", help="write the bound port(s), space-separated, here once listening")
    a("--ports", type=int, default=1, help="listen on this many ports")
    a("--script-dir", help="replay mode: where PORT.json scripts are")
    a("--lifetime", type=float, default=120, help="exit after SEC seconds")
    a("--mode", nargs="+", required=True, metavar=("MODE", "TEXT"),
      help="one of: " + ", ".join(MODES) + "; greeting-text and drip take TEXT")
    a("--cert", help="PEM certificate for tls-server / starttls-inject / replay")
    a("--key", help="PEM private key for tls-server / starttls-inject / replay")
    a("--http-wait", type=float, default=10,
      help="http mode: seconds to wait for a request before answering 400")
    cfg = p.parse_args(argv)

    if len(cfg.mode) > 2 or cfg.mode[0] not in MODES:
        p.error(f"--mode: expected MODE [TEXT], MODE one of {', '.join(MODES)}")
    cfg.mode, cfg.text = cfg.mode[0], (cfg.mode[1:] or [None])[0]
    if cfg.text is not None and cfg.mode not in TAKES_TEXT:
        p.error(f"--mode {cfg.mode} takes no TEXT")
    if (cfg.mode == "replay") != (cfg.script_dir is not None):
        p.error("--script-dir goes with --mode replay, and only with it")
    if not 1 <= cfg.ports <= 64:
        p.error("--ports: 1 to 64")
    cfg.ssl_context = None
    if cfg.mode in NEEDS_CERT:
        if not (cfg.cert and cfg.key):
            p.error(f"--mode {cfg.mode} needs --cert and --key")
        cfg.ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cfg.ssl_context.load_cert_chain(cfg.cert, cfg.key)
    return cfg


def main(argv):
    cfg = parse_args(argv)
    # Hard backstop: SIGALRM's default action ends the process even if the
    # event loop wedges.
    signal.alarm(math.ceil(cfg.lifetime) + 5)
    asyncio.run(serve(cfg))


if __name__ == "__main__":
    main(sys.argv[1:])
