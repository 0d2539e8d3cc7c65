#!/usr/bin/python3
"""Hostile or stalling SMTP servers that tests/servers/rawserver.py lacks,
for smtpwiz's hardening tests.  Loopback only; exits by itself after
--lifetime seconds.  Same command line conventions as rawserver.py, so
tests/servers/servers.sh's srv_start can run it (with SRV_HERE pointing
here).

Modes:
  auth-stall   accepts EHLO and any AUTH (235), then never answers MAIL:
               keeps a client alive after it has used the password
  tls-close    closes in the middle of the TLS handshake (after a few
               bytes of a ServerHello)
  tls-alert    answers the ClientHello with a fatal handshake_failure alert
  tls-stall    reads the ClientHello and never answers it
  tls-garbage  answers the ClientHello with 64 KiB of random bytes
The tls-* modes act on an implicit-TLS port, or after a STARTTLS exchange
with --starttls.  auth-stall speaks STARTTLS when given --cert/--key.
"""

import argparse
import asyncio
import math
import os
import signal
import ssl
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "servers"))
from serverlib import serve_for, write_port_file  # noqa: E402

LOOPBACK = ("127.0.0.1", "::1")
# A TLS 1.2 handshake record header and the start of a ServerHello.
PARTIAL_SERVER_HELLO = b"\x16\x03\x03\x00\x4a\x02\x00\x00\x46\x03\x03"
# alert record: fatal (2), handshake_failure (40)
FATAL_ALERT = b"\x15\x03\x03\x00\x02\x02\x28"


class Conn:
    def __init__(self, reader, writer, cfg):
        self.reader, self.writer, self.cfg = reader, writer, cfg

    async def send(self, data):
        self.writer.write(data)
        await self.writer.drain()

    async def readline(self):
        line = await self.reader.readline()
        return line.rstrip(b"\r\n") if line else None

    async def wait_eof(self):
        while await self.reader.read(4096):
            pass

    async def smtp_until(self, stop, caps):
        """Plain SMTP dialogue until the client sends `stop` (a verb);
        returns False on EOF."""
        while True:
            line = await self.readline()
            if line is None:
                return False
            verb = line.split(b" ")[0].upper()
            if verb == stop:
                return True
            if verb in (b"EHLO", b"HELO"):
                out = [b"evil.example"] + caps
                await self.send(b"".join(
                    b"250" + (b" " if i == len(out) - 1 else b"-") + c + b"\r\n"
                    for i, c in enumerate(out)))
            elif verb == b"QUIT":
                await self.send(b"221 bye\r\n")
                return False
            else:
                await self.send(b"250 ok\r\n")


async def starttls_prelude(c):
    """220, EHLO offering STARTTLS, 220 to STARTTLS; False on EOF."""
    await c.send(b"220 evil.example ESMTP\r\n")
    if not await c.smtp_until(b"STARTTLS", [b"STARTTLS"]):
        return False
    await c.send(b"220 2.0.0 go ahead\r\n")
    return True


async def read_client_hello(c):
    """The first TLS record the client sends (or what arrives of it)."""
    try:
        head = await c.reader.readexactly(5)
        await c.reader.readexactly(int.from_bytes(head[3:5], "big"))
        return True
    except asyncio.IncompleteReadError:
        return False


async def tls_prelude(c):
    if c.cfg.starttls and not await starttls_prelude(c):
        return False
    return await read_client_hello(c)


async def mode_tls_close(c):
    if await tls_prelude(c):
        await c.send(PARTIAL_SERVER_HELLO)


async def mode_tls_alert(c):
    if await tls_prelude(c):
        await c.send(FATAL_ALERT)


async def mode_tls_stall(c):
    if await tls_prelude(c):
        await c.wait_eof()


async def mode_tls_garbage(c):
    if await tls_prelude(c):
        await c.send(os.urandom(64 * 1024))
        await c.wait_eof()


async def auth_exchange(c, line):
    """Accepts any AUTH: answers LOGIN's prompts, ignores the secrets."""
    words = line.split(b" ")
    mech = words[1].upper() if len(words) > 1 else b""
    if mech == b"LOGIN":
        for prompt in (b"VXNlcm5hbWU6", b"UGFzc3dvcmQ6"):
            await c.send(b"334 " + prompt + b"\r\n")
            if await c.readline() is None:
                return False
    elif len(words) < 3:
        await c.send(b"334 \r\n")
        if await c.readline() is None:
            return False
    await c.send(b"235 2.7.0 Authentication successful\r\n")
    return True


async def mode_auth_stall(c):
    caps = [b"AUTH PLAIN LOGIN"]
    if c.cfg.ssl_context:
        if not await starttls_prelude(c):
            return
        await c.writer.start_tls(c.cfg.ssl_context, ssl_handshake_timeout=10)
    else:
        await c.send(b"220 evil.example ESMTP\r\n")
    while True:
        line = await c.readline()
        if line is None:
            return
        verb = line.split(b" ")[0].upper()
        if verb in (b"EHLO", b"HELO"):
            out = [b"evil.example"] + caps
            await c.send(b"".join(
                b"250" + (b" " if i == len(out) - 1 else b"-") + w + b"\r\n"
                for i, w in enumerate(out)))
        elif verb == b"AUTH":
            if not await auth_exchange(c, line):
                return
        elif verb == b"MAIL":
            # The stall: no reply, ever.  The log line tells a test that
            # the client is past AUTH.
            print("evilserver: auth-stall: MAIL received, stalling",
                  file=sys.stderr, flush=True)
            return await c.wait_eof()
        elif verb == b"QUIT":
            return await c.send(b"221 bye\r\n")
        else:
            await c.send(b"250 ok\r\n")


MODES = {
    "auth-stall": mode_auth_stall,
    "tls-close": mode_tls_close,
    "tls-alert": mode_tls_alert,
    "tls-stall": mode_tls_stall,
    "tls-garbage": mode_tls_garbage,
}


async def serve(cfg):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.set_exception_handler(
        lambda _l, ctx: print("evilserver:", ctx.get("exception") or ctx["message"],
                              file=sys.stderr))
    tasks = set()

    async def client(reader, writer):
        task = asyncio.current_task()
        tasks.add(task)
        try:
            await MODES[cfg.mode](Conn(reader, writer, cfg))
            writer.close()
            await asyncio.wait_for(writer.wait_closed(), 5)
        except asyncio.CancelledError:
            writer.transport.abort()
            raise
        except (ConnectionError, ValueError, ssl.SSLError, asyncio.TimeoutError,
                asyncio.LimitOverrunError, asyncio.IncompleteReadError) as e:
            print(f"evilserver: {cfg.mode}: {type(e).__name__}: {e}", file=sys.stderr)
            writer.transport.abort()
        finally:
            tasks.discard(task)

    server = await asyncio.start_server(client, cfg.host, cfg.port, limit=64 * 1024)
    port = server.sockets[0].getsockname()[1]
    if cfg.port_file:
        write_port_file(cfg.port_file, port)
    print(f"evilserver: {cfg.mode} on {cfg.host} port {port}", file=sys.stderr, flush=True)
    await serve_for(server, stop, cfg.lifetime, tasks)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a = p.add_argument
    a("--host", default="127.0.0.1", choices=LOOPBACK)
    a("--port", type=int, default=0)
    a("--port-file")
    a("--lifetime", type=float, default=120)
    a("--mode", required=True, choices=sorted(MODES))
    a("--starttls", action="store_true", help="tls-* modes: after STARTTLS")
    a("--cert")
    a("--key")
    cfg = p.parse_args(argv)
    cfg.ssl_context = None
    if cfg.cert and cfg.key:
        cfg.ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cfg.ssl_context.load_cert_chain(cfg.cert, cfg.key)
    signal.alarm(math.ceil(cfg.lifetime) + 5)
    asyncio.run(serve(cfg))


if __name__ == "__main__":
    main(sys.argv[1:])
