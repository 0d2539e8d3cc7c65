#!/usr/bin/python3
"""A TCP proxy on loopback that adds a fixed one-way delay in each direction,
so a loopback server looks like a far-away one, and counts the round trips
each connection needed.

Every chunk read from one side is written to the other DELAY ms after it
arrived; order is kept per direction.  Opening the connection counts as the
client's first message: the upstream connection is made DELAY ms after the
accept, so a greeting reaches the client one round trip after its connect.
(The TCP handshake to the proxy itself cannot be delayed from user space:
connect() returns at once.  Round trips counted here therefore exclude it.)

Round trips ("turns") are counted from the order in which data arrives at the
proxy from the two sides: each change from client-to-server to
server-to-client is one turn, i.e. one time the client had to hear from the
server before it went on.  When a connection ends, one JSON line goes to
--stats: turns, bytes each way, writes each way, duration.

Binds to 127.0.0.1 only; connects only to 127.0.0.1; exits by itself after
--lifetime seconds.
"""

import argparse
import asyncio
import json
import math
import os
import signal
import sys
import time

CHUNK = 65536


class Conn:
    """Bookkeeping for one proxied connection."""

    def __init__(self, seq):
        self.seq = seq
        self.t0 = time.monotonic()
        self.last = "c"  # the open is the client's first message
        self.turns = 0
        self.bytes = {"c": 0, "s": 0}
        self.chunks = {"c": 0, "s": 0}
        self.timeline = [(0.0, "c", 0)]

    def saw(self, side, n):
        if side == "s" and self.last == "c":
            self.turns += 1
        self.last = side
        self.bytes[side] += n
        self.chunks[side] += 1
        self.timeline.append((round((time.monotonic() - self.t0) * 1000, 1), side, n))

    def record(self, extra):
        d = {
            "seq": self.seq,
            "turns": self.turns,
            "bytes_c2s": self.bytes["c"],
            "bytes_s2c": self.bytes["s"],
            "chunks_c2s": self.chunks["c"],
            "chunks_s2c": self.chunks["s"],
            "duration_ms": round((time.monotonic() - self.t0) * 1000, 1),
        }
        d.update(extra)
        return d


async def pump(reader, writer_fut, conn, side, delay):
    """Copies reader to the writer that writer_fut yields, each chunk DELAY s
    after it was read; end of file (or an error) is passed on as end of
    file, DELAY s later too."""
    queue = asyncio.Queue()

    async def deliver():
        writer = await writer_fut
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    task = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            conn.saw(side, len(data))
            queue.put_nowait((time.monotonic() + delay, data))
    except (ConnectionError, OSError):
        pass
    queue.put_nowait((time.monotonic() + delay, None))
    try:
        await task
    except (ConnectionError, OSError):
        pass


async def handle(cfg, counter, c_reader, c_writer):
    counter[0] += 1
    conn = Conn(counter[0])
    delay = cfg.delay_ms / 1000.0
    upstream = asyncio.get_running_loop().create_future()
    client = asyncio.get_running_loop().create_future()
    client.set_result(c_writer)
    s_writer = None
    err = None
    # The client's bytes are read (and timed) from the start and delivered
    # once the upstream connection exists, one delay after the accept.
    c2s = asyncio.create_task(pump(c_reader, upstream, conn, "c", delay))
    try:
        await asyncio.sleep(delay)
        s_reader, s_writer = await asyncio.open_connection(
            "127.0.0.1", cfg.upstream_port)
        upstream.set_result(s_writer)
        await pump(s_reader, client, conn, "s", delay)
        await c2s
    except (ConnectionError, OSError) as e:
        err = str(e)
        c2s.cancel()
    finally:
        for w in (c_writer, s_writer):
            if w is not None:
                w.close()
        extra = {"error": err} if err else {}
        if cfg.timeline:
            extra["timeline"] = conn.timeline
        if cfg.stats:
            with open(cfg.stats, "a") as f:
                f.write(json.dumps(conn.record(extra)) + "\n")


async def serve(cfg):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    counter = [0]
    server = await asyncio.start_server(
        lambda r, w: handle(cfg, counter, r, w), "127.0.0.1", cfg.port)
    port = server.sockets[0].getsockname()[1]
    if cfg.port_file:
        tmp = f"{cfg.port_file}.tmp.{os.getpid()}"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, cfg.port_file)
    try:
        await asyncio.wait_for(stop.wait(), cfg.lifetime)
    except asyncio.TimeoutError:
        pass
    server.close()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0, help="0 = ephemeral")
    p.add_argument("--port-file", help="write the bound port here once listening")
    p.add_argument("--upstream-port", type=int, required=True)
    p.add_argument("--delay-ms", type=float, default=50, help="one-way delay")
    p.add_argument("--stats", help="append one JSON line per connection")
    p.add_argument("--timeline", action="store_true",
                   help="add each chunk (ms, side, bytes) to the stats")
    p.add_argument("--lifetime", type=float, default=600)
    cfg = p.parse_args(argv)
    signal.alarm(math.ceil(cfg.lifetime) + 5)  # backstop if the loop wedges
    asyncio.run(serve(cfg))


if __name__ == "__main__":
    main(sys.argv[1:])
