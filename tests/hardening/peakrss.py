#!/usr/bin/python3
"""peakrss.py OUTFILE CMD [ARG...]: runs CMD with this process's stdin,
stdout and stderr, writes its peak resident set size in KiB (what
/usr/bin/time -f %M prints: ru_maxrss from wait4) to OUTFILE, and exits
with CMD's status (128+N when killed by signal N)."""

import os
import sys


def main(argv):
    out, cmd = argv[0], argv[1:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    with open(out, "w") as f:
        f.write(f"{usage.ru_maxrss}\n")
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
