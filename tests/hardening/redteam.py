#!/usr/bin/python3
"""Red-team SMTP server for smtpwiz's tests (issue 13): replies that carry
terminal escapes, echo the client's credentials, ask for absurd SCRAM work,
or are legal but long.  Plain TCP on loopback only; exits by itself after
--lifetime seconds.

Usage: redteam.py --mode MODE [--arg TEXT] --port 0 --port-file FILE
"""

import argparse
import asyncio
import base64
import hashlib
import hmac
import math
import os
import signal
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "servers"))
from serverlib import serve_for, write_port_file  # noqa: E402

LOOPBACK = ("127.0.0.1", "::1")
CRLF = b"\r\n"
ESC, BEL = b"\x1b", b"\x07"
# The payload: a window title, a screen clear, a fake red line.
TITLE_CLEAR = (ESC + b"]2;PWNED" + BEL + ESC + b"[2J" + ESC + b"[31mFAKE")
# OSC 52: write "pwned" into the terminal's clipboard.
OSC52 = ESC + b"]52;c;" + base64.b64encode(b"pwned") + BEL
# U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, a C1 CSI.
BIDI = "\u202emoc.elpmaxe\u2066".encode() + b"\xc2\x9b31m"


def multi(code, lines):
    return b"".join(code + (b" " if i == len(lines) - 1 else b"-") + l + CRLF
                    for i, l in enumerate(lines))


class Session:
    def __init__(self, reader, writer, cfg):
        self.r, self.w, self.cfg = reader, writer, cfg

    async def send(self, data):
        self.w.write(data)
        await self.w.drain()

    async def line(self):
        try:
            data = await asyncio.wait_for(self.r.readline(), 30)
        except asyncio.TimeoutError:
            return None
        return data.rstrip(b"\r\n") if data else None

    def caps(self):
        m = self.cfg.mode
        if m == "long-ehlo":
            # Legal but long: 60 lines of 100 bytes (6 KiB) before the
            # keywords that matter, and an AUTH line with 30 mechanisms
            # before the two smtpwiz can use.
            fill = [b"X-FILLER-%02d " % i + b"f" * 88 for i in range(60)]
            many = b" ".join(b"X-MECH-%02d-" % i + b"m" * 20 for i in range(30))
            return fill + [b"AUTH XOAUTH2 " + many + b" PLAIN LOGIN",
                           b"PIPELINING"]
        if m in ("scram-iter", "scram-echo", "scram-ok"):
            return [b"AUTH SCRAM-SHA-256"]
        if m == "cram-echo":
            return [b"AUTH CRAM-MD5"]
        if m == "login-echo":
            return [b"AUTH LOGIN"]
        return [b"AUTH PLAIN LOGIN"]

    async def auth(self, words):
        m = self.cfg.mode
        if m == "plain-echo":
            await self.send(b"535 5.7.8 Authentication failed: " +
                            b" ".join(words) + CRLF)
        elif m == "clear-echo":
            blob = base64.b64decode(words[2]) if len(words) > 2 else b""
            await self.send(b"535 5.7.8 Wrong password " +
                            blob.split(b"\0")[-1] + CRLF)
        elif m == "login-echo":
            await self.send(b"334 VXNlcm5hbWU6" + CRLF)
            await self.line()
            await self.send(b"334 UGFzc3dvcmQ6" + CRLF)
            pw = await self.line() or b""
            await self.send(b"500 5.3.3 Unrecognized command '" + pw + b"'"
                            + CRLF)
        elif m == "cram-echo":
            await self.send(b"334 " + base64.b64encode(
                b"<1896.697170952@postoffice.example.net>") + CRLF)
            resp = await self.line() or b""
            await self.send(b"535 5.7.8 Bad response " + resp + CRLF)
        elif m == "scram-ok":
            await self.scram_verify(words)
        elif m in ("scram-iter", "scram-echo"):
            first = base64.b64decode(words[2]) if len(words) > 2 else b""
            nonce = first.split(b"r=", 1)[-1].split(b",")[0]
            sf = (b"r=" + nonce + b"srvnonce,s=" + base64.b64encode(b"salt") +
                  b",i=" + self.cfg.arg.encode())
            await self.send(b"334 " + base64.b64encode(sf) + CRLF)
            final = await self.line()
            if final is None:
                return
            await self.send(b"535 5.7.8 Authentication failed: " + final
                            + CRLF)
        else:
            await self.send(b"235 2.7.0 ok" + CRLF)

    async def scram_verify(self, words):
        """A real SCRAM-SHA-256 server (RFC 5802 3, RFC 7677): checks the
        client's proof against --password and proves itself in turn."""
        first = base64.b64decode(words[2]).decode() if len(words) > 2 else ""
        bare = first.split(",", 2)[2]
        nonce = bare.split("r=", 1)[1].split(",")[0] + "srvnonce"
        salt, iters = b"redteam-salt", int(self.cfg.arg)
        sf = f"r={nonce},s={base64.b64encode(salt).decode()},i={iters}"
        await self.send(b"334 " + base64.b64encode(sf.encode()) + CRLF)
        final = base64.b64decode(await self.line() or b"").decode()
        without, proof = final.rsplit(",p=", 1)
        auth = f"{bare},{sf},{without}".encode()
        salted = hashlib.pbkdf2_hmac("sha256", self.cfg.password.encode(),
                                     salt, iters)
        ckey = hmac.digest(salted, b"Client Key", "sha256")
        sig = hmac.digest(hashlib.sha256(ckey).digest(), auth, "sha256")
        want = bytes(a ^ b for a, b in zip(ckey, sig))
        if base64.b64decode(proof) != want:
            await self.send(b"535 5.7.8 SCRAM proof does not match" + CRLF)
            return
        skey = hmac.digest(salted, b"Server Key", "sha256")
        v = base64.b64encode(hmac.digest(skey, auth, "sha256"))
        await self.send(b"334 " + base64.b64encode(b"v=" + v) + CRLF)
        await self.line()
        await self.send(b"235 2.7.0 SCRAM ok" + CRLF)

    async def run(self):
        m = self.cfg.mode
        await self.send(b"220 redteam.example ESMTP" + CRLF)
        while True:
            line = await self.line()
            if line is None:
                return
            if self.cfg.log:
                with open(self.cfg.log, "ab") as f:
                    f.write(line + b"\n")
            words = line.split(b" ")
            verb = words[0].upper()
            if verb in (b"EHLO", b"HELO"):
                if m == "long-line":
                    await self.send(b"250-LONGSTART" + b"L" * 3000 + CRLF)
                    return
                await self.send(multi(b"250", [b"redteam.example"] +
                                      self.caps()))
            elif verb == b"AUTH":
                await self.auth(words)
            elif verb == b"DATA":
                await self.send(b"354 go ahead" + CRLF)
                while (l := await self.line()) not in (None, b"."):
                    pass
                tail = {"data-escape": TITLE_CLEAR, "data-osc52": OSC52,
                        "data-bidi": BIDI}.get(m, b"RT1")
                await self.send(b"250 2.0.0 Ok: queued as " + tail + CRLF)
            elif verb == b"QUIT":
                await self.send(b"221 2.0.0 bye" + CRLF)
                return
            else:
                await self.send(b"250 2.1.0 ok" + CRLF)


async def serve(cfg):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    tasks = set()

    async def client(reader, writer):
        task = asyncio.current_task()
        tasks.add(task)
        try:
            await Session(reader, writer, cfg).run()
        except (ConnectionError, ValueError):
            pass
        finally:
            writer.close()
            tasks.discard(task)

    server = await asyncio.start_server(client, cfg.host, cfg.port,
                                        limit=64 * 1024)
    if cfg.port_file:
        write_port_file(cfg.port_file, server.sockets[0].getsockname()[1])
    await serve_for(server, stop, cfg.lifetime, tasks)


MODES = ("data-escape", "data-osc52", "data-bidi", "plain-echo",
         "clear-echo", "login-echo", "cram-echo", "scram-iter", "scram-echo",
         "long-ehlo", "long-line", "scram-ok")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a = p.add_argument
    a("--host", default="127.0.0.1", choices=LOOPBACK)
    a("--port", type=int, default=0)
    a("--port-file")
    a("--lifetime", type=float, default=120)
    a("--mode", required=True, choices=MODES)
    a("--arg", default="4096", help="scram-*: the iteration count")
    a("--log", help="append every line received to this file")
    a("--password", default="", help="scram-ok: the account's password")
    cfg = p.parse_args(argv)
    signal.alarm(math.ceil(cfg.lifetime) + 5)
    asyncio.run(serve(cfg))


if __name__ == "__main__":
    main(sys.argv[1:])
