"""Time to verdict when the server is silent (issue 14), for bench.py.

Three cases, each in a private network namespace (unshare -rn) where the
submission ports are ours, every tool with its default timeouts:

  starttls-on-465   STARTTLS chosen for an implicit-TLS server (aiosmtpd over
                    TLS, tests/servers/smtpserver.py --tls implicit) on 465;
  dropped-587       587 silently dropped (tests/servers/filtered.py) while
                    465 answers (implicit TLS) and 25 and 2525 are closed;
  greeting-delay    a server that says nothing for GREETING_DELAY s, then
                    greets (postscreen / greet_pause style), on 587.

smtpwiz (--check --send-test), swaks and msmtp start together for each
repetition (the waits are silence, not work) and each is timed from its own
start until it exits, or killed at CAP seconds.  The report gives the median
per tool and what the tool said last: smtpwiz's cause id, the others' last
line of output.  Only 127.0.0.1 inside the namespace is contacted.
"""

import json
import os
import statistics
import subprocess
import time

PY = "/usr/bin/python3"
CAP = 40.0
GREETING_DELAY = 5
CASES = ("starttls-on-465", "dropped-587", "greeting-delay")
TITLES = {
    "starttls-on-465": "STARTTLS chosen, implicit-TLS server on 465",
    "dropped-587": "587 dropped; 465 open, 25 and 2525 closed",
    "greeting-delay": f"greeting delayed {GREETING_DELAY} s (postscreen-like)",
}


def last_words(tool, out, rc):
    """smtpwiz: the first failing or warning step's cause; else the last
    non-empty line of output, shortened."""
    if tool == "smtpwiz":
        try:
            d = json.loads(out)
        except ValueError:
            return "no JSON report"
        bad = [s for s in d["steps"] if s["status"] in ("fail", "warn")]
        fail = [s for s in bad if s["status"] == "fail"]
        s = (fail or bad or [None])[0]
        return f"{s['id']}: {s['cause']}" if s else "pass"
    text = out.decode(errors="replace") if isinstance(out, bytes) else out
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    if rc == 0:
        return "sent (exit 0)"
    line = " ".join(lines[-1].split()) if lines else f"(nothing; exit {rc})"
    return line if len(line) <= 60 else line[:57] + "..."


def race(b, tools, port):
    """Starts the tools together against 127.0.0.1:port; returns
    {tool: (ms or None when killed at CAP, last words)}."""
    running = {}
    for tool in tools:
        argv, env, stdin = b.command(tool, "starttls", "127.0.0.1", port)
        if tool == "smtpwiz":
            argv = argv + ["--json"]
            # the default timeout, whatever bench.py passes elsewhere
            i = argv.index("--timeout")
            del argv[i:i + 2]
        inp = open(stdin, "rb") if stdin else subprocess.DEVNULL
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=inp, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env)
        running[tool] = (p, t0, inp)
    res = {}
    for tool, (p, t0, inp) in running.items():
        try:
            out, _ = p.communicate(timeout=max(0.1, t0 + CAP - time.monotonic()))
            res[tool] = ((time.monotonic() - t0) * 1000,
                         last_words(tool, out, p.returncode))
        except subprocess.TimeoutExpired:
            p.kill()
            out, _ = p.communicate()
            res[tool] = (None, f"still waiting after {CAP:.0f} s, killed")
        if inp is not subprocess.DEVNULL:
            inp.close()
    return res


def smtpserver(b, read_port, port, *extra):
    pf = b.fresh("silence.port")
    p = b.procs.start(
        [PY, os.path.join(b.cfg.srcdir, "tests/servers/smtpserver.py"),
         "--host", "127.0.0.1", "--port", str(port), "--port-file", pf,
         "--lifetime", str(b.cfg.lifetime),
         "--cert", os.path.join(b.certs, "server.pem"),
         "--key", os.path.join(b.certs, "server-key.pem"),
         "--user", "alice@example.com", "--password", b.password,
         "--ehlo-extra", "PIPELINING ENHANCEDSTATUSCODES"] + list(extra),
        pf + ".log")
    return read_port(pf, p)


def child(b, tools, reps, out, read_port, filtered_port):
    """Inside `unshare -rn`: runs every case reps times; writes
    {case: {tool: [[ms or null, words], ...]}} to out.  read_port and
    filtered_port are bench.py's."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
    res = {c: {t: [] for t in tools} for c in CASES}
    for case in CASES:
        if case == "starttls-on-465":
            # Postfix waits 300 s for a handshake (smtpd_starttls_timeout):
            # the clients' own timeouts decide, not the test server's.
            port = smtpserver(b, read_port, 465, "--tls", "implicit",
                              "--handshake-timeout", str(CAP + 20))
        elif case == "dropped-587":
            smtpserver(b, read_port, 465, "--tls", "implicit")
            port = filtered_port(b, 587)
        else:
            port = smtpserver(b, read_port, 587, "--tls", "starttls", "--greeting-delay",
                              str(GREETING_DELAY))
        for _ in range(reps):
            for tool, r in race(b, tools, port).items():
                res[case][tool].append(list(r))
        b.procs.stop_all()
    with open(out, "w") as f:
        json.dump(res, f)


def measure(b, tools, reps):
    """Runs child() in a namespace; returns the report's lines."""
    out = os.path.join(b.work, "silence.json")
    argv = ["unshare", "-rn", PY, os.path.join(os.path.dirname(__file__), "bench.py"),
            "--silence-child", out, "--workdir", b.work, "--srcdir", b.cfg.srcdir,
            "--smtpwiz", b.cfg.smtpwiz, "--reps", str(reps),
            "--password-file", b.pwfile, "--tools", ",".join(tools)]
    r = subprocess.run(argv, capture_output=True,
                       timeout=120 + len(CASES) * reps * (CAP + 10))
    if r.returncode != 0 or not os.path.exists(out):
        raise RuntimeError("the namespace run failed: " +
                           r.stderr.decode(errors="replace").strip()[-500:])
    with open(out) as f:
        return table(json.load(f), tools, reps)


def table(res, tools, reps):
    rows = [f"  {'case':44} {'tool':8} {'median':>9}  what it said last",
            f"  {'-' * 44} {'-' * 8} {'-' * 9}  {'-' * 30}"]
    for case in CASES:
        for tool in tools:
            runs = res.get(case, {}).get(tool, [])
            if not runs:
                continue
            # a killed run counts as endless
            m = statistics.median(ms if ms is not None else float("inf")
                                  for ms, _ in runs)
            cell = f"{m / 1000:7.2f} s" if m != float("inf") \
                else f"> {CAP:.0f} s".rjust(9)
            rows.append(f"  {TITLES[case]:44} {tool:8} {cell}  {runs[-1][1]}")
    rows.append(f"  (median of {reps} runs; tools started together; default "
                f"timeouts: smtpwiz 15 s, swaks 30 s, msmtp none; killed at "
                f"{CAP:.0f} s)")
    return rows
