#!/usr/bin/python3
"""A DNS server on loopback that answers every A query with 127.0.0.1 and
every AAAA query with ::1, each after a fixed delay, and logs when each
query arrived.  With the delay D, a resolver that sends A and AAAA together
has both answers after D; one that asks in turn needs 2 D.

UDP only, binds to a 127.0.0.0/8 address only, exits by itself after
--lifetime seconds.
"""

import argparse
import asyncio
import ipaddress
import json
import math
import signal
import struct
import sys
import time

A, AAAA = 1, 28


def question(msg):
    """(qname bytes incl. terminator, qtype, qclass, end offset) or None."""
    i = 12
    while i < len(msg):
        n = msg[i]
        if n == 0:
            end = i + 1
            if end + 4 > len(msg):
                return None
            qtype, qclass = struct.unpack("!HH", msg[end:end + 4])
            return msg[12:end], qtype, qclass, end + 4
        if n & 0xC0:
            return None
        i += 1 + n
    return None


def answer(msg):
    q = question(msg)
    if len(msg) < 12 or q is None:
        return None, None
    qname, qtype, qclass, end = q
    qid = msg[:2]
    rdata = {A: ipaddress.ip_address("127.0.0.1").packed,
             AAAA: ipaddress.ip_address("::1").packed}.get(qtype)
    ancount = 1 if rdata else 0
    head = qid + struct.pack("!HHHHH", 0x8180, 1, ancount, 0, 0)
    out = head + msg[12:end]
    if rdata:
        out += struct.pack("!HHHIH", 0xC00C, qtype, qclass, 0, len(rdata)) + rdata
    return out, qtype


class Proto(asyncio.DatagramProtocol):
    def __init__(self, cfg):
        self.cfg = cfg
        self.t0 = time.monotonic()

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        reply, qtype = answer(data)
        if reply is None:
            return
        if self.cfg.log:
            with open(self.cfg.log, "a") as f:
                f.write(json.dumps({"t_ms": round((time.monotonic() - self.t0) * 1000, 1),
                                    "qtype": {A: "A", AAAA: "AAAA"}.get(qtype, qtype)}) + "\n")
        asyncio.get_running_loop().call_later(
            self.cfg.delay_ms / 1000.0, self.transport.sendto, reply, addr)


async def serve(cfg):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    transport, _ = await loop.create_datagram_endpoint(
        lambda: Proto(cfg), local_addr=(cfg.address, cfg.port))
    if cfg.ready_file:
        open(cfg.ready_file, "w").close()
    try:
        await asyncio.wait_for(stop.wait(), cfg.lifetime)
    except asyncio.TimeoutError:
        pass
    transport.close()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--address", default="127.0.0.53")
    p.add_argument("--port", type=int, default=53)
    p.add_argument("--delay-ms", type=float, default=150)
    p.add_argument("--log", help="append one JSON line per query")
    p.add_argument("--ready-file")
    p.add_argument("--lifetime", type=float, default=120)
    cfg = p.parse_args(argv)
    if not ipaddress.ip_address(cfg.address).is_loopback:
        p.error("--address must be a loopback address")
    signal.alarm(math.ceil(cfg.lifetime) + 5)
    asyncio.run(serve(cfg))


if __name__ == "__main__":
    main(sys.argv[1:])
