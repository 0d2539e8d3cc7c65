#!/usr/bin/python3
"""A "filtered" port on loopback: connects to it time out instead of being
refused, like a firewall silently dropping SYNs.

Trick: listen with backlog 0 and never accept.  Once our own non-blocking
connects have filled the accept queue, Linux drops further SYNs, so a client
sits in SYN_SENT until its own timeout.  We check that before publishing the
port.  Exits by itself after --lifetime seconds.
"""

import argparse
import ipaddress
import math
import os
import signal
import socket
import sys
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import write_port_file  # noqa: E402

MAX_FILLERS = 16


def connect_times_out(family, host, port, timeout=0.5):
    probe = socket.socket(family, socket.SOCK_STREAM)
    probe.settimeout(timeout)
    try:
        probe.connect((host, port))
        return False
    except socket.timeout:
        return True
    except OSError:  # refused/reset would not look "filtered" to a client
        return False
    finally:
        probe.close()


def loopback(text):
    if not ipaddress.ip_address(text).is_loopback:
        raise argparse.ArgumentTypeError(f"{text} is not a loopback address")
    return text


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1", type=loopback,
                   help="any address of 127.0.0.0/8, or ::1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--lifetime", type=float, default=120)
    cfg = p.parse_args(argv)
    signal.alarm(math.ceil(cfg.lifetime) + 5)  # backstop, see the sleep below

    family = socket.AF_INET6 if ":" in cfg.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind((cfg.host, cfg.port))
    listener.listen(0)
    port = listener.getsockname()[1]

    # Kept referenced (never closed) so the queue stays full.
    fillers = []
    while True:
        if len(fillers) >= MAX_FILLERS:
            sys.exit(f"filtered: accept queue of port {port} never filled up")
        s = socket.socket(family, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((cfg.host, port))
        fillers.append(s)
        time.sleep(0.05)  # let the handshake land in the queue
        if len(fillers) >= 2 and connect_times_out(family, cfg.host, port):
            break

    if cfg.port_file:
        write_port_file(cfg.port_file, port)
    print(f"filtered: port {port} ({len(fillers)} fillers)", file=sys.stderr, flush=True)

    # Default SIGTERM action ends us; otherwise sleep out the lifetime.
    time.sleep(cfg.lifetime)


if __name__ == "__main__":
    main(sys.argv[1:])
