#!/usr/bin/python3
"""Runs a command on a new pseudo-terminal (its controlling terminal),
waits until it prints PROMPT, sends it SIGNAL, and prints "echo on" or
"echo off": the terminal's ECHO flag once the process has died.

Usage: ttyecho.py PROMPT SIGNAL CMD [ARGS...]   (bounded: 20 s in all)
"""
import os
import pty
import select
import signal
import sys
import termios
import time


def main(argv):
    prompt, sig, cmd = argv[0].encode(), getattr(signal, argv[1]), argv[2:]
    pid, master = pty.fork()
    if pid == 0:
        os.execv(cmd[0], cmd)
    seen, deadline = b"", time.monotonic() + 20
    while prompt not in seen and time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
    if prompt not in seen:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print("no prompt; output was:", seen.decode(errors="replace"))
        return 2
    time.sleep(0.2)  # the prompt is written before echo goes off
    os.kill(pid, sig)
    for _ in range(100):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print("did not die")
        return 2
    lflag = termios.tcgetattr(master)[3]
    print("echo on" if lflag & termios.ECHO else "echo off")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
