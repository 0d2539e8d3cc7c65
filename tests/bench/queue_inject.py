#!/usr/bin/python3
"""Bulk injection for `make bench-queue`: N messages into a private
Postfix's smtpd on loopback, over a few parallel SMTP connections, one
transaction after another (faster than one sendmail process per message).
Only loopback addresses are accepted."""

import argparse
import socket
import sys
import threading
import time


def reply(f):
    while True:
        line = f.readline()
        if not line:
            raise ConnectionError("connection closed")
        if line[3:4] != b"-":
            return line


def worker(port, count, errors):
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    f = s.makefile("rb")
    reply(f)
    s.sendall(b"EHLO bench.smtpwiz.test\r\n")
    reply(f)
    body = (b"From: app@smtpwiz.test\r\nTo: bob@example.net\r\n"
            b"Subject: queue benchmark\r\n\r\nhello\r\n.\r\n")
    for i in range(count):
        # MAIL, RCPT and DATA pipelined (RFC 2920), then the message.
        s.sendall(b"MAIL FROM:<app@smtpwiz.test>\r\n"
                  b"RCPT TO:<bob%d@example.net>\r\nDATA\r\n" % (i % 50))
        codes = [reply(f)[:3] for _ in range(3)]
        if codes != [b"250", b"250", b"354"]:
            errors.append(codes)
            return
        s.sendall(body)
        if reply(f)[:3] != b"250":
            errors.append("end of data")
            return
    s.sendall(b"QUIT\r\n")
    s.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--connections", type=int, default=4)
    a = p.parse_args()
    errors = []
    per = a.count // a.connections
    counts = [per] * a.connections
    counts[0] += a.count - per * a.connections
    t0 = time.monotonic()
    def run(c):
        try:
            worker(a.port, c, errors)
        except OSError as e:
            errors.append(str(e))

    threads = [threading.Thread(target=run, args=(c,)) for c in counts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print("inject: failed:", errors[:3], file=sys.stderr)
        return 1
    print("injected %d messages in %.1f s" % (a.count, time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
