#!/usr/bin/python3
"""memscan.py [--where] PID NEEDLE...: counts each NEEDLE (given as text) in
the writable memory of process PID (heap, stacks, anonymous and data
mappings), and prints "COUNT NEEDLE" per needle; with --where, also where
each match is and the bytes around it, for a test's diagnostics.  Needs the right to read
/proc/PID/mem: root, since smtpwiz makes itself non-dumpable.  Exit status
2 when the memory cannot be read."""

import re
import sys


def regions(pid):
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            fields = line.split()
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            perms = fields[1]
            name = fields[5] if len(fields) > 5 else "(anonymous)"
            # Huge regions are a sanitizer's shadow memory, not data.
            if ("r" in perms and "w" in perms and not name.startswith("[vvar")
                    and hi - lo <= 256 << 20):
                yield lo, hi, name


def main(argv):
    where = argv[:1] == ["--where"]
    if where:
        argv = argv[1:]
    pid, needles = argv[0], [n.encode() for n in argv[1:]]
    counts = [0] * len(needles)
    try:
        mem = open(f"/proc/{pid}/mem", "rb", buffering=0)
    except OSError as e:
        print(f"memscan: {e}", file=sys.stderr)
        return 2
    with mem:
        for lo, hi, name in regions(pid):
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except OSError:
                continue
            for i, n in enumerate(needles):
                for m in re.finditer(re.escape(n), data):
                    counts[i] += 1
                    if where:
                        around = data[max(0, m.start() - 64):m.end() + 32]
                        print(f"at {lo + m.start():#x} in {name}: {around!r}",
                              file=sys.stderr)
    for c, n in zip(counts, argv[1:]):
        print(c, n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
