#!/usr/bin/python3
"""Kernel-level delay for the benchmark: a TUN device whose packets come
back to the same host DELAY ms later with source and destination swapped.

Run inside a private network namespace (unshare -rn) only: it rewires the
namespace's loopback routes.  A client that connects to the "far" address
127.77.0.2 port P reaches a server listening on 127.0.0.1 port P, and every
packet of the connection -- SYN, data and ACK alike, each way -- crosses the
TUN device once, DELAY ms late.  Unlike a user-space proxy this delays the
TCP handshake and the acknowledgements, so Nagle's algorithm and delayed
ACKs behave as on a real long link.  Swapping the two addresses leaves the
IP and TCP checksums valid (ones' complement sums commute).

Everything stays inside the namespace; only 127.0.0.0/8 addresses are used.
Counts round trips per connection like latency_proxy.py, from the order of
messages: data, SYN, SYN-ACK and the ACK that completes the handshake (a
greeting may follow it).  One JSON line per connection goes to --stats when
it ends (both FINs, or a reset).
"""

import argparse
import collections
import fcntl
import json
import math
import os
import selectors
import signal
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
FIN, SYN, RST, ACK = 0x01, 0x02, 0x04, 0x10
NEAR, FAR = "127.0.0.1", "127.77.0.2"


def sh(*cmd):
    subprocess.run(cmd, check=True)


def private_namespace():
    """True in a fresh network namespace: nothing but the loopback device.
    The routes changed below must never be the machine's own."""
    r = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True,
                       check=True)
    names = [l.split(":")[1].strip().split("@")[0] for l in r.stdout.splitlines()]
    return names == ["lo"]


def setup(name):
    if not private_namespace():
        sys.exit("tun_delay: refusing to run outside a fresh network namespace "
                 "(use unshare -rn)")
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    sh("ip", "link", "set", "lo", "up")
    sh("ip", "link", "set", name, "up")
    for conf in ("all", "default", name, "lo"):
        with open(f"/proc/sys/net/ipv4/conf/{conf}/route_localnet", "w") as f:
            f.write("1\n")
        with open(f"/proc/sys/net/ipv4/conf/{conf}/rp_filter", "w") as f:
            f.write("0\n")
    # 127.0.0.0/8 is all local by default; keep only 127.0.0.1 local so
    # that FAR is routed out through the TUN device.
    sh("ip", "route", "replace", "local", NEAR + "/32", "dev", "lo", "table", "local")
    sh("ip", "route", "del", "local", "127.0.0.0/8", "dev", "lo", "table", "local")
    sh("ip", "route", "add", FAR + "/32", "dev", name, "src", NEAR)
    return fd


class Flow:
    """Round-trip bookkeeping of one connection, keyed by the client port."""

    def __init__(self, port):
        self.port = port
        self.last = None
        self.turns = 0
        self.messages = {"c": 0, "s": 0}
        self.segments = {"c": 0, "s": 0}
        self.fins = set()
        self.done = False

    def saw(self, side, payload, flags):
        self.segments[side] += 1
        # A message: data, a SYN, or the ACK that completes the handshake
        # (the server may speak as soon as it arrives).
        completes = side == "c" and self.messages["c"] == 1 and self.last == "s"
        if payload or flags & SYN or completes:
            if side == "s" and self.last == "c":
                self.turns += 1
            self.last = side
            self.messages[side] += 1
        if flags & FIN:
            self.fins.add(side)
        if flags & RST or len(self.fins) == 2:
            self.done = True

    def record(self):
        return {"client_port": self.port[0], "server_port": self.port[1],
                "turns": self.turns,
                "segments_c2s": self.segments["c"],
                "segments_s2c": self.segments["s"]}


def parse(pkt, ports):
    """((client port, server port), side, payload bytes, flags) of a TCP/IPv4
    packet to or from one of the server ports; None for anything else."""
    if len(pkt) < 40 or pkt[0] >> 4 != 4 or pkt[9] != 6:
        return None
    ihl = (pkt[0] & 15) * 4
    total = struct.unpack("!H", pkt[2:4])[0]
    sport, dport = struct.unpack("!HH", pkt[ihl:ihl + 4])
    payload = total - ihl - (pkt[ihl + 12] >> 4) * 4
    flags = pkt[ihl + 13]
    if dport in ports:
        return (sport, dport), "c", payload, flags
    if sport in ports:
        return (dport, sport), "s", payload, flags
    return None


class Counter:
    def __init__(self, ports, stats):
        self.ports, self.stats, self.flows = ports, stats, {}

    def packet(self, pkt):
        p = parse(pkt, self.ports)
        if p is None:
            return
        key, side, payload, flags = p
        if side == "c" and flags & SYN and not flags & ACK:
            self.flows[key] = Flow(key)
        fl = self.flows.get(key)
        if fl is None:
            return
        fl.saw(side, payload, flags)
        if fl.done:
            self.write(fl)
            del self.flows[key]

    def write(self, fl):
        if self.stats:
            with open(self.stats, "a") as f:
                f.write(json.dumps(fl.record()) + "\n")

    def flush(self):
        for fl in self.flows.values():
            self.write(fl)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dev", default="swbench0")
    p.add_argument("--delay-ms", type=float, default=50)
    p.add_argument("--port", type=int, action="append", required=True,
                   help="a server port whose connections are counted (repeatable)")
    p.add_argument("--stats", help="append one JSON line per connection at exit")
    p.add_argument("--ready-file", help="created once the device is up")
    p.add_argument("--lifetime", type=float, default=600)
    cfg = p.parse_args(argv)
    signal.alarm(math.ceil(cfg.lifetime) + 5)

    fd = setup(cfg.dev)
    os.set_blocking(fd, False)
    delay = cfg.delay_ms / 1000.0
    queue = collections.deque()  # one delay for all: FIFO is due order
    counter = Counter(set(cfg.port), cfg.stats)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    if cfg.ready_file:
        open(cfg.ready_file, "w").close()
    sel = selectors.DefaultSelector()
    sel.register(fd, selectors.EVENT_READ)
    end = time.monotonic() + cfg.lifetime
    while not stop and time.monotonic() < end:
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            os.write(fd, queue.popleft()[1])
        timeout = queue[0][0] - now if queue else 0.5
        if not sel.select(max(timeout, 0)):
            continue
        while True:
            try:
                pkt = bytearray(os.read(fd, 65536))
            except BlockingIOError:
                break
            counter.packet(pkt)
            pkt[12:16], pkt[16:20] = pkt[16:20], pkt[12:16]
            queue.append((time.monotonic() + delay, bytes(pkt)))
    counter.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
