#!/usr/bin/python3
"""smtpwiz benchmark (measures and prints; never passes or fails).

A complete submission -- connect, TLS, AUTH PLAIN, MAIL, RCPT, DATA, the
message, QUIT -- by smtpwiz --check --send-test, swaks and msmtp, side by side
(the tools take turns, repetition after repetition), against the scripted
aiosmtpd server (tests/servers/smtpserver.py) on 127.0.0.1, over

  link A  a user-space latency proxy (latency_proxy.py) adding a fixed delay
          each way and counting round trips ("turns") per connection;
  link B  (when user and network namespaces and /dev/net/tun are available)
          a TUN device in a private network namespace (tun_delay.py) that
          delays every packet, TCP handshake and ACKs included,

for STARTTLS (587-style) and implicit TLS (465-style).  Then, for smtpwiz
alone: the filtered-port verdict time, parallel A/AAAA lookups, Happy
Eyeballs, start-up time to the wizard's first screen and peak memory.

Only 127.0.0.0/8 and ::1 are contacted; every process started is stopped by
PID at exit; every wait is bounded.  Run it with `make bench`.
"""

import argparse
import atexit
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import silence

PY = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))
USER, FROM, TO = "alice@example.com", "alice@example.com", "bob@example.net"
TOOLS = ("smtpwiz", "swaks", "msmtp")
MODES = ("starttls", "implicit")
FAR = "127.77.0.2"  # tun_delay.py's far end, inside the namespace only

# The fewest round trips each exchange allows on a real link; see
# MINIMUM_TEXT.  The user-space proxy cannot delay the TCP handshake.
MINIMUM = {"starttls": 9, "implicit": 7}

MINIMUM_TEXT = """\
Theoretical minimum (round trips on a real link; TLS 1.3, server with
PIPELINING, AUTH PLAIN with an initial response):
  STARTTLS (587-style)                     implicit TLS (465-style)
  1 TCP handshake (SYN / SYN-ACK)          1 TCP handshake
  1 greeting (220 after the handshake)     1 TLS 1.3 handshake (ClientHello /
  1 EHLO                                     ServerHello..Finished)
  1 STARTTLS (220)                         1 greeting (sent once the server
  1 TLS 1.3 handshake                        has the client's Finished)
  1 EHLO again (sent with the client's     1 EHLO
    Finished, TLS 1.3 allows it)           1 AUTH PLAIN <initial response>
  1 AUTH PLAIN <initial response>          1 MAIL+RCPT+DATA pipelined
  1 MAIL+RCPT+DATA pipelined (RFC 2920)    1 message+final dot+QUIT pipelined
  1 message+final dot+QUIT pipelined         (250 and 221 come back together)
  = 9                                      = 7
Through the user-space proxy (link A) the TCP handshake with the proxy is
local, so the same exchanges take 8 and 6 there.  Not counted as possible:
pipelining AUTH PLAIN with MAIL (RFC 4954 section 4 allows it): after a failed
sign-in the envelope would go out unauthenticated, and a diagnosis must not
send it; TLS 0-RTT needs an earlier session with the same server.
"RT by time" = (median wall time - median local time) / round
trip, where local time is the same tool talking to the server directly;
"turns" = round trips counted on the wire by the proxy or TUN device (each
time the client had to hear from the server before going on)."""


# --- processes ---------------------------------------------------------------

class Procs:
    """Background processes, stopped by PID at exit (TERM, then KILL)."""

    def __init__(self):
        self.procs = []
        atexit.register(self.stop_all)

    def start(self, argv, log, **kw):
        f = open(log, "ab")
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=f,
                             stderr=subprocess.STDOUT, **kw)
        f.close()
        self.procs.append(p)
        return p

    def stop(self, p):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(2)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(2)

    def stop_all(self):
        for p in self.procs:
            self.stop(p)
        self.procs = []


def wait_for(pred, timeout, step=0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return None


def read_port(path, proc, timeout=10):
    def ready():
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[1]} exited with status {proc.returncode}")
        try:
            with open(path) as f:
                s = f.read().strip()
            return int(s) if s else None
        except FileNotFoundError:
            return None
    port = wait_for(ready, timeout)
    if port is None:
        raise RuntimeError(f"{proc.args[1]} did not publish its port")
    return port


def lines(path):
    try:
        with open(path) as f:
            return [json.loads(l) for l in f if l.strip()]
    except FileNotFoundError:
        return []


# --- set-up --------------------------------------------------------------------

class Bench:
    def __init__(self, cfg):
        self.cfg = cfg
        self.procs = Procs()
        self.work = cfg.workdir
        self.certs = os.path.join(self.work, "certs")
        if cfg.password_file:  # the namespace child: the parent's account
            self.pwfile = cfg.password_file
            with open(self.pwfile) as f:
                self.password = f.read().strip()
        else:
            self.password = secrets.token_urlsafe(12)
            self.pwfile = os.path.join(self.work, "pw")
            fd = os.open(self.pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(fd, "w") as f:
                f.write(self.password + "\n")
        self.msgfile = os.path.join(self.work, "message.eml")
        with open(self.msgfile, "w") as f:
            f.write(f"From: {FROM}\r\nTo: {TO}\r\nSubject: benchmark\r\n\r\n"
                    "A benchmark message.\r\n")
        self.env = dict(os.environ, LC_ALL="C.UTF-8",
                        XDG_CONFIG_HOME=os.path.join(self.work, "xdg"),
                        HOME=self.work)
        for v in ("SMTPWIZ_CONFIG", "SMTPWIZ_PASSWORD", "NO_COLOR"):
            self.env.pop(v, None)
        self.seq = 0
        self.problems = 0  # failed runs: their logs stay in the work directory

    def log(self, name):
        return os.path.join(self.work, name + ".log")

    def fresh(self, name):
        """A file name no other process of this run uses."""
        self.seq += 1
        return os.path.join(self.work, f"{name}.{os.getpid()}.{self.seq}")

    def server(self, mode, cert="server"):
        pf = self.fresh("server.port")
        p = self.procs.start(
            [PY, os.path.join(self.cfg.srcdir, "tests/servers/smtpserver.py"),
             "--host", "127.0.0.1", "--port", "0", "--port-file", pf,
             "--lifetime", str(self.cfg.lifetime),
             "--tls", mode, "--cert", os.path.join(self.certs, cert + ".pem"),
             "--key", os.path.join(self.certs, cert + "-key.pem"),
             "--user", USER, "--password", self.password,
             "--ehlo-extra", "PIPELINING ENHANCEDSTATUSCODES"],
            pf + ".log")
        return read_port(pf, p)

    def proxy(self, upstream, delay_ms, stats):
        pf = self.fresh("proxy.port")
        p = self.procs.start(
            [PY, os.path.join(HERE, "latency_proxy.py"), "--port-file", pf,
             "--upstream-port", str(upstream), "--delay-ms", str(delay_ms),
             "--stats", stats, "--lifetime", str(self.cfg.lifetime)],
            pf + ".log")
        return read_port(pf, p)

    # --- the three clients ---------------------------------------------------

    def command(self, tool, mode, host, port):
        """(argv, env, stdin file) for one complete submission."""
        ca = os.path.join(self.certs, "ca.pem")
        if tool == "smtpwiz":
            return ([self.cfg.smtpwiz, "--check", "--send-test", "--host", host,
                     "--port", str(port),
                     "--tls", "starttls" if mode == "starttls" else "tls",
                     "--user", USER, "--password-file", self.pwfile,
                     "--from", FROM, "--to", TO, "--ca-file", ca,
                     "--timeout", "15"], self.env, None)
        if tool == "swaks":
            # Best effort for swaks too: --pipeline, AUTH PLAIN (initial
            # response), verification against the test CA.  The password goes
            # through swaks' environment, not its command line.
            env = dict(self.env, SWAKS_OPT_auth_password=self.password)
            return (["swaks", "--server", host, "--port", str(port),
                     "--tls" if mode == "starttls" else "--tls-on-connect",
                     "--tls-verify", "--tls-ca-path", ca,
                     "--auth", "PLAIN", "--auth-user", USER,
                     "--from", FROM, "--to", TO, "--pipeline",
                     "--helo", "bench.example"], env, None)
        conf = os.path.join(self.work, f"msmtprc-{mode}-{port}")
        with open(os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(f"account bench\nhost {host}\nport {port}\n"
                    f"tls on\ntls_starttls {'on' if mode == 'starttls' else 'off'}\n"
                    f"tls_trust_file {ca}\nauth plain\nuser {USER}\n"
                    f"passwordeval cat {self.pwfile}\nfrom {FROM}\n"
                    "syslog off\ndomain bench.example\n")
        return (["msmtp", "-C", conf, "-a", "bench", TO], self.env, self.msgfile)

    def run_tool(self, tool, mode, host, port):
        argv, env, stdin = self.command(tool, mode, host, port)
        inp = open(stdin, "rb") if stdin else subprocess.DEVNULL
        t0 = time.monotonic()
        try:
            r = subprocess.run(argv, stdin=inp, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=env, timeout=60)
            rc, out = r.returncode, r.stdout
        except subprocess.TimeoutExpired as e:
            rc, out = "timeout", e.stdout or b""
        ms = (time.monotonic() - t0) * 1000
        if stdin:
            inp.close()
        if rc != 0:
            self.problems += 1
            with open(self.log(f"failed-{tool}-{mode}"), "ab") as f:
                f.write(b"$ " + " ".join(argv).encode() + b"\n" + out + b"\n")
        return ms, rc


def available(tool, cfg):
    return os.access(cfg.smtpwiz, os.X_OK) if tool == "smtpwiz" else shutil.which(tool)


# --- link A: the user-space proxy ---------------------------------------------

def measure_links(b, tools):
    """Returns {(mode, tool): {...}} for link A, and the local baselines."""
    cfg = b.cfg
    res = {}
    for mode in MODES:
        sport = b.server(mode)
        stats = b.fresh(f"stats-{mode}.jsonl")
        pport = b.proxy(sport, cfg.delay_ms, stats)
        for tool in tools:
            res[(mode, tool)] = {"wall": [], "local": [], "turns": [], "fail": 0,
                                 "chunks": []}
        for _ in range(cfg.reps):
            for tool in tools:
                r = res[(mode, tool)]
                ms, rc = b.run_tool(tool, mode, "127.0.0.1", sport)
                r["local"].append(ms)
                n0 = len(lines(stats))
                ms, rc = b.run_tool(tool, mode, "127.0.0.1", pport)
                new = wait_for(lambda: lines(stats)[n0:] or None, 5)
                if rc != 0 or not new:
                    r["fail"] += 1
                    continue
                r["wall"].append(ms)
                r["turns"].append(sum(d["turns"] for d in new))
                r["chunks"].append(new[-1]["chunks_c2s"])
        if "smtpwiz" in tools:
            res[("steps", mode)] = step_breakdown(b, mode, pport)
    return res


def step_breakdown(b, mode, port):
    """Round trips per checklist step of one smtpwiz run through the proxy,
    from the steps' elapsed_ms in the JSON report."""
    argv, env, _ = b.command("smtpwiz", mode, "127.0.0.1", port)
    r = subprocess.run(argv + ["--json"], stdin=subprocess.DEVNULL,
                       capture_output=True, env=env, timeout=60)
    try:
        d = json.loads(r.stdout)
    except ValueError:
        return f"  {mode}: no JSON report (exit {r.returncode})"
    rtt = 2 * b.cfg.delay_ms
    parts = [f"{s['id']} {s['elapsed_ms'] / rtt:.1f}" for s in d["steps"]
             if s.get("elapsed_ms", 0) >= rtt / 2]
    tls = step(d, "tls").get("summary", "")
    return f"  {mode:9} " + ", ".join(parts) + f"  ({tls})"


# --- link B: TUN in a private network namespace -------------------------------

def kernel_link_possible():
    if not os.path.exists("/dev/net/tun") or not shutil.which("unshare") \
            or not shutil.which("ip"):
        return "needs /dev/net/tun, unshare and ip"
    r = subprocess.run(["unshare", "-rn", "ip", "tuntap", "add", "dev", "swprobe0",
                        "mode", "tun"], capture_output=True, timeout=10)
    if r.returncode != 0:
        return "cannot create a TUN device in a user+network namespace: " + \
            r.stderr.decode(errors="replace").strip()
    return None


def make_far_cert(b):
    """A certificate for the far address, signed by the test CA."""
    tmpl = os.path.join(b.certs, "far.tmpl")
    with open(tmpl, "w") as f:
        f.write(f'cn = "far"\nip_address = "{FAR}"\nexpiration_days = 30\n'
                "signing_key\ntls_www_server\n")
    key, crt = os.path.join(b.certs, "far-key.pem"), os.path.join(b.certs, "far.pem")
    subprocess.run(["certtool", "--generate-privkey", "--key-type", "ecdsa",
                    "--curve", "secp256r1", "--outfile", key],
                   check=True, capture_output=True, timeout=30)
    subprocess.run(["certtool", "--generate-certificate", "--load-privkey", key,
                    "--load-ca-certificate", os.path.join(b.certs, "ca.pem"),
                    "--load-ca-privkey", os.path.join(b.certs, "ca-key.pem"),
                    "--template", tmpl, "--outfile", crt],
                   check=True, capture_output=True, timeout=30)


def kernel_child(b, tools, out):
    """Runs inside `unshare -rn`: servers on 127.0.0.1, tun_delay.py, tools
    connecting to FAR.  Writes the results as JSON to out."""
    cfg = b.cfg
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
    ports = {mode: b.server(mode, cert="far") for mode in MODES}
    stats = b.fresh("stats-tun.jsonl")
    ready = b.fresh("tun.ready")
    argv = [PY, os.path.join(HERE, "tun_delay.py"), "--delay-ms", str(cfg.delay_ms),
            "--stats", stats, "--ready-file", ready, "--lifetime", str(cfg.lifetime)]
    for p in ports.values():
        argv += ["--port", str(p)]
    tun = b.procs.start(argv, b.log("tun_delay"))
    if not wait_for(lambda: os.path.exists(ready) or tun.poll() is not None, 10) \
            or tun.poll() is not None:
        raise RuntimeError("tun_delay.py did not start; see " + b.log("tun_delay"))
    res = {}
    for mode in MODES:
        for tool in tools:
            res[f"{mode} {tool}"] = {"wall": [], "turns": [], "fail": 0}
        for _ in range(cfg.reps):
            for tool in tools:
                r = res[f"{mode} {tool}"]
                n0 = len(lines(stats))
                ms, rc = b.run_tool(tool, mode, FAR, ports[mode])
                new = wait_for(lambda: lines(stats)[n0:] or None, 5)
                if rc != 0 or not new:
                    r["fail"] += 1
                    continue
                r["wall"].append(ms)
                r["turns"].append(sum(d["turns"] for d in new))
    with open(out, "w") as f:
        json.dump(res, f)


def measure_kernel_link(b, tools):
    why = kernel_link_possible()
    if why:
        return None, why
    make_far_cert(b)
    out = os.path.join(b.work, "kernel.json")
    argv = ["unshare", "-rn", PY, os.path.abspath(__file__), "--kernel-child", out,
            "--workdir", b.work, "--srcdir", b.cfg.srcdir, "--smtpwiz", b.cfg.smtpwiz,
            "--reps", str(b.cfg.reps), "--delay-ms", str(b.cfg.delay_ms),
            "--password-file", b.pwfile, "--tools", ",".join(tools)]
    r = subprocess.run(argv, capture_output=True,
                       timeout=120 + 20 * b.cfg.reps * len(tools))
    if r.returncode != 0 or not os.path.exists(out):
        return None, "the namespace run failed: " + \
            r.stderr.decode(errors="replace").strip()[-500:]
    with open(out) as f:
        raw = json.load(f)
    return {tuple(k.split(" ", 1)): v for k, v in raw.items()}, None


# --- smtpwiz alone --------------------------------------------------------------

def smtpwiz_json(b, argv, netns_exec=None, timeout=60):
    full = (netns_exec or []) + [b.cfg.smtpwiz, "--check", "--json"] + argv
    t0 = time.monotonic()
    r = subprocess.run(full, stdin=subprocess.DEVNULL, capture_output=True,
                       env=b.env, timeout=timeout)
    ms = (time.monotonic() - t0) * 1000
    try:
        return ms, json.loads(r.stdout)
    except ValueError:
        return ms, None


def step(d, sid):
    return next((s for s in d["steps"] if s["id"] == sid), {}) if d else {}


def filtered_port(b, port=0, host="127.0.0.1"):
    pf = b.fresh("filtered.port")
    p = b.procs.start([PY, os.path.join(b.cfg.srcdir, "tests/servers/filtered.py"),
                       "--host", host, "--port", str(port), "--port-file", pf,
                       "--lifetime", str(b.cfg.lifetime)], pf + ".log")
    return read_port(pf, p, timeout=15)


def verdict_line(b, label, port, t, hint=False):
    ms, d = smtpwiz_json(b, ["--host", "127.0.0.1", "--port", str(port),
                             "--tls", "starttls", "--timeout", str(t)])
    c = step(d, "connect")
    others = [e for e in c.get("evidence", []) if e.startswith("other ports")]
    return (f"  {label}, --timeout {t}: verdict after {ms:.0f} ms (limit "
            f"{t * 1000 + 1000}), connect {c.get('status')} / {c.get('cause')}; "
            f"{others[0] if others else 'no probe results'}"
            + (f"; hint: {c.get('hint')}" if hint else ""))


def measure_filtered(b):
    port = filtered_port(b)
    out = [verdict_line(b, "one port dropped", port, t) for t in (3, 5)]
    b.procs.stop_all()
    why = kernel_link_possible()
    if why:
        return out + [f"  whole host dropped: not measured ({why})"]
    res = os.path.join(b.work, "filtered-ns.json")
    argv = ["unshare", "-rn", PY, os.path.abspath(__file__), "--filtered-child", res,
            "--workdir", b.work, "--srcdir", b.cfg.srcdir, "--smtpwiz", b.cfg.smtpwiz,
            "--password-file", b.pwfile]
    r = subprocess.run(argv, capture_output=True, timeout=120)
    if r.returncode != 0 or not os.path.exists(res):
        return out + ["  whole host dropped: the namespace run failed: " +
                      r.stderr.decode(errors="replace").strip()[-300:]]
    with open(res) as f:
        return out + json.load(f)


def filtered_child(b, out):
    """Inside `unshare -rn`, where the submission ports are ours: 587 and
    every other submission port dropped; then 587 dropped, 465 answering."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
    for port in (25, 465, 587, 2525):
        filtered_port(b, port)
    lines_ = [verdict_line(b, "587 and 25, 465, 2525 all dropped (own network "
                           "namespace)", 587, t) for t in (3, 5)]
    b.procs.stop_all()
    filtered_port(b, 587)
    pf = b.fresh("server465.port")
    p = b.procs.start(
        [PY, os.path.join(b.cfg.srcdir, "tests/servers/smtpserver.py"), "--host",
         "127.0.0.1", "--port", "465", "--port-file", pf, "--lifetime", "60",
         "--tls", "implicit", "--cert", os.path.join(b.certs, "server.pem"),
         "--key", os.path.join(b.certs, "server-key.pem")], pf + ".log")
    read_port(pf, p)
    lines_.append(verdict_line(b, "587 dropped, 465 answering", 587, 3, hint=True))
    with open(out, "w") as f:
        json.dump(lines_, f)


def in_mount_ns(resolv):
    return ["unshare", "-m", "sh", "-c",
            'mount --bind "$0" /etc/resolv.conf && exec "$@"', resolv]


def measure_resolver_and_eyeballs(b):
    """A and AAAA from a DNS server answering after 150 ms each; then Happy
    Eyeballs with ::1 silently dropping and 127.0.0.1 answering."""
    if os.geteuid() != 0 or subprocess.run(["unshare", "-m", "true"],
                                           capture_output=True).returncode != 0:
        return ["  not measured: needs root and mount namespaces"]
    out = []
    addr, delay = "127.0.0.153", 150
    ready, qlog = b.fresh("dns.ready"), b.fresh("dns.jsonl")
    dns = b.procs.start([PY, os.path.join(HERE, "slow_dns.py"), "--address", addr,
                         "--delay-ms", str(delay), "--log", qlog, "--ready-file", ready,
                         "--lifetime", str(b.cfg.lifetime)], b.log("slow_dns"))
    if not wait_for(lambda: os.path.exists(ready) or dns.poll() is not None, 10) \
            or dns.poll() is not None:
        return ["  not measured: slow_dns.py could not listen on " + addr]
    resolv = os.path.join(b.work, "resolv.conf")
    with open(resolv, "w") as f:
        f.write(f"nameserver {addr}\noptions timeout:2 attempts:1\n")
    sport = b.server("starttls")
    pf = b.fresh("filtered6.port")
    f6 = b.procs.start([PY, os.path.join(b.cfg.srcdir, "tests/servers/filtered.py"),
                        "--host", "::1", "--port", str(sport), "--port-file", pf,
                        "--lifetime", str(b.cfg.lifetime)], b.log("filtered6"))
    try:
        read_port(pf, f6, timeout=15)
        he = True
    except RuntimeError:
        he = False
    ms, d = smtpwiz_json(b, ["--host", "he.smtpwiz.test", "--port", str(sport),
                             "--tls", "starttls",
                             "--ca-file", os.path.join(b.certs, "ca.pem"),
                             "--timeout", "5"], netns_exec=in_mount_ns(resolv))
    q = lines(qlog)
    gap = abs(q[1]["t_ms"] - q[0]["t_ms"]) if len(q) >= 2 else None
    dstep = step(d, "dns")
    out.append(f"  A+AAAA, each answered after {delay} ms: dns step "
               f"{dstep.get('elapsed_ms')} ms ({', '.join(x['qtype'] for x in q)} "
               f"queries {f'{gap:.1f}' if gap is not None else '?'} ms apart; "
               f"in turn would take {2 * delay} ms); "
               f"{'; '.join(dstep.get('evidence', []))}")
    c = step(d, "connect")
    if he:
        out.append(f"  Happy Eyeballs, ::1 dropping SYNs, 127.0.0.1 answering: connect "
                   f"{c.get('status')} in {c.get('elapsed_ms')} ms "
                   f"({'; '.join(c.get('evidence', []))})")
    else:
        out.append("  Happy Eyeballs: not measured (no filtered port on ::1)")
    return out


def measure_startup(b):
    out = []
    walls = []
    for _ in range(10):
        t0 = time.monotonic()
        subprocess.run([b.cfg.smtpwiz, "--version"], capture_output=True, env=b.env,
                       timeout=10)
        walls.append((time.monotonic() - t0) * 1000)
    out.append(f"  smtpwiz --version: median {statistics.median(walls):.1f} ms")
    if not shutil.which("tmux"):
        return out + ["  first screen: not measured (no tmux)"]
    sock = f"smtpwiz-bench-{os.getpid()}"
    tm = ["tmux", "-L", sock, "-f", "/dev/null"]
    conf = os.path.join(b.work, "wizard.conf")
    env = dict(b.env, TERM="xterm-256color")
    try:
        # A session that keeps the tmux server up, so each measurement only
        # pays for a new session (a blank screen) and its program.
        subprocess.run(tm + ["new-session", "-d", "-s", "keep", "sleep 900"], env=env,
                       check=True, timeout=10)
        n = [0]

        def first_screen(cmd, text):
            n[0] += 1
            name = f"m{n[0]}"
            t0 = time.monotonic()
            subprocess.run(tm + ["new-session", "-d", "-x", "100", "-y", "30", "-s",
                                 name, cmd], env=env, check=True, timeout=10)

            def shown():
                r = subprocess.run(tm + ["capture-pane", "-p", "-t", name],
                                   capture_output=True, timeout=10)
                return r.stdout.decode(errors="replace")
            screen = wait_for(lambda: (lambda t: t if text in t else None)(shown()),
                              10, step=0.002)
            ms = (time.monotonic() - t0) * 1000
            last = shown()
            subprocess.run(tm + ["kill-session", "-t", name], capture_output=True,
                           timeout=10)
            return (ms, None) if screen else (None, last)

        base = [first_screen("printf 'Ready\\n'; sleep 600", "Ready")[0]
                for _ in range(10)]
        wiz = [first_screen(f"{b.cfg.smtpwiz} --config {conf}; sleep 600",
                            "Welcome. This wizard")
               for _ in range(10)]
        if None in base or any(w[0] is None for w in wiz):
            bad = next((w[1] for w in wiz if w[0] is None), "")
            out.append("  first screen: the welcome text was not on screen within 10 s; the "
                       f"screen began: {bad.strip().splitlines()[:3]}")
        else:
            bw = statistics.median(base)
            ww = statistics.median([w[0] for w in wiz])
            out.append(f"  first screen (new tmux session until 'Welcome. This wizard' shows): median "
                       f"{ww:.0f} ms; a shell's printf measured the same way: "
                       f"{bw:.0f} ms; difference (the wizard's own start-up, within "
                       f"the polling noise of a few ms): {ww - bw:+.0f} ms")
    finally:
        subprocess.run(tm + ["kill-server"], capture_output=True, timeout=10)
    return out


def measure_rss(b):
    if not os.path.exists("/usr/bin/time"):
        return ["  peak RSS: not measured (no /usr/bin/time)"]
    out = []
    for mode in MODES:
        port = b.server(mode)
        argv, env, _ = b.command("smtpwiz", mode, "127.0.0.1", port)
        rf = os.path.join(b.work, f"rss-{mode}")
        r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rf] + argv,
                           capture_output=True, env=env, timeout=60)
        with open(rf) as f:
            kb = f.read().strip().splitlines()[-1]
        out.append(f"  peak RSS of --check --send-test ({mode}): {kb} KiB "
                   f"(exit {r.returncode})")
    return out


# --- report ----------------------------------------------------------------------

def med(xs):
    return statistics.median(xs) if xs else None


def table(res, tools, rtt, minimum_shift, local):
    rows = [f"{'mode':9} {'tool':8} {'median ms':>9} {'local ms':>8} "
            f"{'RT by time':>12} {'turns':>5} {'minimum':>7} {'extra':>5}  runs"]
    for mode in MODES:
        for tool in tools:
            r = res.get((mode, tool))
            if r is None:
                continue
            minimum = MINIMUM[mode] - minimum_shift
            w, t = med(r["wall"]), med(r["turns"])
            loc = med(local.get((mode, tool), []))
            if w is None:
                rows.append(f"{mode:9} {tool:8} {'failed':>9}  (every run failed; "
                            f"see the failed-{tool}-{mode}.log in the work directory)")
                continue
            rt = (w - loc) / rtt if loc is not None else w / rtt
            rows.append(f"{mode:9} {tool:8} {w:9.0f} {loc if loc is not None else 0:8.0f} "
                        f"{rt:12.1f} {t:5.0f} {minimum:7d} {t - minimum:+5.0f}  "
                        f"{len(r['wall'])}" + (f" ({r['fail']} failed)" if r["fail"] else ""))
    return rows


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--smtpwiz", required=True)
    p.add_argument("--srcdir", required=True)
    p.add_argument("--out", help="also write the report to this file")
    p.add_argument("--reps", type=int, default=int(os.environ.get("BENCH_REPS", 5)))
    p.add_argument("--delay-ms", type=float,
                   default=float(os.environ.get("BENCH_DELAY_MS", 50)))
    p.add_argument("--tools", default=",".join(TOOLS))
    p.add_argument("--workdir")
    p.add_argument("--lifetime", type=float, default=900)
    p.add_argument("--no-kernel-link", action="store_true")
    p.add_argument("--only", choices=("all", "silence"), default="all",
                   help="silence: only the time to verdict on a silent server")
    p.add_argument("--kernel-child", help=argparse.SUPPRESS)
    p.add_argument("--filtered-child", help=argparse.SUPPRESS)
    p.add_argument("--silence-child", help=argparse.SUPPRESS)
    p.add_argument("--silence-reps", type=int,
                   default=int(os.environ.get("BENCH_SILENCE_REPS", 3)))
    p.add_argument("--password-file", help=argparse.SUPPRESS)
    cfg = p.parse_args(argv)
    cfg.smtpwiz = os.path.abspath(cfg.smtpwiz)
    cfg.srcdir = os.path.abspath(cfg.srcdir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wanted = [t for t in cfg.tools.split(",") if t]

    if cfg.kernel_child:
        kernel_child(Bench(cfg), wanted, cfg.kernel_child)
        return 0
    if cfg.filtered_child:
        filtered_child(Bench(cfg), cfg.filtered_child)
        return 0
    if cfg.silence_child:
        silence.child(Bench(cfg), wanted, cfg.reps, cfg.silence_child,
                      read_port, filtered_port)
        return 0

    own = cfg.workdir is None
    if own:
        cfg.workdir = tempfile.mkdtemp(prefix="smtpwiz-bench.")
    os.makedirs(cfg.workdir, exist_ok=True)
    # Long enough for every repetition; servers and proxies exit by
    # themselves after it even if this script is killed.
    cfg.lifetime = max(cfg.lifetime, 300 + 30 * cfg.reps * len(wanted))
    keep = True  # the logs of failed runs are worth a look
    try:
        b = Bench(cfg)
        report = run(b, cfg, wanted)
        keep = b.problems > 0
    finally:
        if own and not keep:
            shutil.rmtree(cfg.workdir, ignore_errors=True)
        elif own:
            print(f"\nwork directory kept for its logs: {cfg.workdir}")
    if cfg.out:
        with open(cfg.out, "w") as f:
            f.write("\n".join(report) + "\n")
        print(f"\nwritten to {cfg.out}")
    return 0


def section(report, lines_):
    print("\n".join(lines_), flush=True)
    report += lines_


def run(b, cfg, wanted):
    subprocess.run(["sh", os.path.join(cfg.srcdir, "tests/certs/mkcerts.sh"), b.certs],
                   check=True, capture_output=True, timeout=60)
    tools = [t for t in wanted if available(t, cfg)]
    missing = [t for t in wanted if t not in tools]
    rtt = 2 * cfg.delay_ms
    report = []
    head = [f"smtpwiz benchmark, {time.strftime('%Y-%m-%d %H:%M:%S')}"]
    if cfg.only == "all":
        head += [f"complete submission (connect, TLS, AUTH PLAIN, MAIL, RCPT, "
                 f"DATA, message, QUIT); one-way delay {cfg.delay_ms:g} ms "
                 f"(round trip {rtt:g} ms); {cfg.reps} repetitions, medians; "
                 "tools take turns"]
    if missing:
        head.append("not installed, left out: " + ", ".join(missing) +
                    " (Debian packages: apt-get install " + " ".join(missing) + ")")
    section(report, head)
    if cfg.only == "silence":
        return report + measure_silence(b, cfg, tools)

    res = measure_links(b, tools)
    local = {k: v["local"] for k, v in res.items() if k[0] != "steps"}
    sec = ["", "Link A: user-space latency proxy (the TCP handshake with the proxy "
           "is local: minimum 8 / 6)"] + table(res, tools, rtt, 1, local)
    if ("steps", "starttls") in res:
        sec += ["", "smtpwiz round trips per step on link A (steps' elapsed time / "
                "round trip; steps under half a round trip left out):"]
        sec += [res[("steps", m)] for m in MODES]
    section(report, sec)
    b.procs.stop_all()

    kres, why = (None, "--no-kernel-link") if cfg.no_kernel_link \
        else measure_kernel_link(b, tools)
    b.problems += sum(r["fail"] for r in (kres or {}).values())
    b.problems += bool(why and why.startswith("the namespace run failed"))
    sec = ["", "Link B: every packet delayed in the kernel path (TUN device in a "
           "private network namespace; TCP handshake, ACKs and Nagle's algorithm "
           "as on a real link: minimum 9 / 7)"]
    sec += table(kres, tools, rtt, 0, local) if kres else [f"  not measured: {why}"]
    section(report, sec)
    section(report, ["", MINIMUM_TEXT])

    for title, fn in (("smtpwiz: filtered port (tests/servers/filtered.py)",
                       measure_filtered),
                      ("smtpwiz: resolver and Happy Eyeballs",
                       measure_resolver_and_eyeballs),
                      ("smtpwiz: start-up", measure_startup),
                      ("smtpwiz: memory", measure_rss)):
        try:
            sec = ["", title] + fn(b)
        except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as e:
            b.problems += 1
            sec = ["", title, f"  not measured: {e}"]
        b.procs.stop_all()
        section(report, sec)
    return report + measure_silence(b, cfg, tools)


def measure_silence(b, cfg, tools):
    title = ("Time to verdict on a silent server (tests/bench/silence.py; own "
             "network namespace)")
    why = kernel_link_possible()
    try:
        if why:
            raise RuntimeError(why)
        sec = ["", title] + silence.measure(b, tools, cfg.silence_reps)
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as e:
        b.problems += 1
        sec = ["", title, f"  not measured: {e}"]
    b.procs.stop_all()
    print("\n".join(sec), flush=True)
    return sec


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
