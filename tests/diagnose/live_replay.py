#!/usr/bin/python3
"""Replays every row of the diagnosis corpus live: for each row, the
replay server (tests/servers/rawserver.py --mode replay) plays an ordinary
submission session that answers the row's reply at the row's stage, and
`smtpwiz --check --json` runs against the provider's real host name (mapped
to loopback by the caller's private /etc/hosts). Prints one TAP line per
row: sure rows must get the expected cause at the expected step; unclear
rows are reported as SKIP with what smtpwiz said.

  live_replay.py hosts CORPUS...      the host names the rows need
  live_replay.py run --smtpwiz BIN --ca-file CA --password-file PW
                 --script-dir DIR --ports "P1 P2 ..." CORPUS...

A session plays exactly the context the row states: authed=yes logs in
first, anything else does not (no AUTH offered, no user configured);
tls=no stays in clear text (the server offers AUTH there), anything else
does STARTTLS first;
rcpt=foreign sends to another domain than the sender's, anything else to
the sender's own domain.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import threading
import time

COLUMNS = ("id", "origin", "host", "stage", "context", "reply", "cause",
           "certainty", "source", "note")
# The step whose failure a reply at each stage must cause.
STEP_OF_STAGE = {"greeting": "greeting", "ehlo": "ehlo", "starttls": "tls",
                 "auth": "auth", "mail": "sender", "rcpt": "recipient",
                 "data": "message", "data-end": "message"}
# Rows of server software name no host: any name that is not a provider's.
DEFAULT_HOST = "mail.example.net"
SENDER = "alice@example.com"
RCPT = {"foreign": "bob@example.org", "local": "bob@example.com"}
RUN_LIMIT = 60  # seconds one smtpwiz run may take before it is killed
BUDGET = 400  # seconds for the whole corpus; rows left then are failures


class CorpusError(Exception):
    pass


def read_corpus(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        header = None
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                if tuple(cols) != COLUMNS:
                    raise CorpusError(f"{path}:{n}: unexpected header {cols}")
                continue
            if len(cols) != len(COLUMNS):
                raise CorpusError(f"{path}:{n}: {len(cols)} columns, want {len(COLUMNS)}")
            row = dict(zip(COLUMNS, cols))
            row["where"] = f"{os.path.basename(path)}:{n}"
            row["ctx"] = parse_context(row["context"])
            rows.append(row)
    return rows


def parse_context(text):
    ctx = {}
    if text.strip() in ("", "-"):
        return ctx
    for item in text.split(","):
        key, _, value = item.strip().partition("=")
        ctx[key] = value
    return ctx


def host_of(row):
    return row["host"] if row["host"] not in ("", "-") else DEFAULT_HOST


def session_of(row, password_file):
    """The replay script and the smtpwiz arguments for one row."""
    ctx, stage = row["ctx"], row["stage"]
    authed = ctx.get("authed") == "yes" or stage == "auth"
    tls = ctx.get("tls") != "no"
    script = {"stage": stage, "reply": row["reply"], "host": host_of(row),
              "tls": tls and stage != "starttls", "auth": authed}
    args = ["--host", host_of(row), "--tls",
            "starttls" if tls or stage == "starttls" else "none",
            "--from", SENDER,
            "--to", RCPT["foreign" if ctx.get("rcpt") == "foreign" else "local"]]
    if authed:
        args += ["--user", SENDER, "--password-file", password_file]
    if stage in ("data", "data-end"):
        args.append("--send-test")
    return script, args


def wire_reply(reply):
    """The row's reply as the replay server sends it, and a note when it
    differs: a source that gives only the enhanced status code (as
    Microsoft's NDR list does) has no reply code to send, so its class
    supplies a generic one (5.x.x: 550, 4.x.x: 450). A last line that
    continues ('550-...') is sent as it is, and the server then hangs up:
    that is what such a source shows."""
    lines = reply.split("\\n")
    added = None
    for i, line in enumerate(lines):
        m = re.match(r"([245])\.\d{1,3}\.\d{1,3}( |$)", line)
        if m and not re.match(r"\d{3}[ -]", line):
            added = m.group(1) + "50"
            last = i == len(lines) - 1
            lines[i] = added + (" " if last else "-") + line
    note = f"the source gives no reply code: sent with {added}" if added else None
    return "\\n".join(lines), note


def malformed(reply):
    """Why the reply cannot be a server's reply on the wire, or None."""
    lines = reply.split("\\n")
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        if len(line) < 3 or not line[:3].isdigit() or line[:3] != lines[0][:3]:
            return f"line {i + 1} has no reply code (or another one)"
        if len(line) > 3 and line[3] not in (" " if last else "-", "-"):
            return f"line {i + 1}: '{line[3]}' after the code, want '-' or ' '"
    return None


class Replayer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.deadline = time.monotonic() + BUDGET
        self.free = list(cfg.ports.split())
        self.lock = threading.Lock()

    def port(self):
        with self.lock:
            return self.free.pop()

    def release(self, port):
        with self.lock:
            self.free.append(port)

    def run(self, row):
        if time.monotonic() > self.deadline:
            return {"error": f"not run: the whole replay took over {BUDGET} s"}
        wire, note = wire_reply(row["reply"])
        bad = malformed(wire)
        if bad:
            return {"error": f"the row's reply is malformed: {bad}"}
        script, args = session_of(row, self.cfg.password_file)
        script["reply"] = wire
        port = self.port()
        try:
            path = os.path.join(self.cfg.script_dir, f"{port}.json")
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                json.dump(script, f)
            os.replace(path + ".tmp", path)
            cmd = [self.cfg.smtpwiz, "--check", "--json", "--port", port,
                   "--timeout", "10", "--ca-file", self.cfg.ca_file] + args
            try:
                p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                                   capture_output=True, timeout=RUN_LIMIT)
            except subprocess.TimeoutExpired:
                return {"error": f"smtpwiz ran longer than {RUN_LIMIT} s"}
        finally:
            self.release(port)
        res = judge(wire, p)
        res["note"] = note
        return res


def judge(wire, p):
    out = p.stdout.decode("utf-8", "replace")
    res = {"out": out, "err": p.stderr.decode("utf-8", "replace"),
           "rc": p.returncode}
    try:
        doc = json.loads(out)
    except ValueError:
        res["error"] = "no JSON document on stdout"
        return res
    failed = [s for s in doc.get("steps", []) if s.get("status") == "fail"]
    if not failed:
        res["error"] = "no step failed"
        return res
    res["step"], res["cause"] = failed[0]["id"], failed[0].get("cause")
    res["basis"] = failed[0].get("basis")
    # The reply must have reached the step whole: else the session, not
    # the classifier, decided.
    evidence = "\n".join(failed[0].get("evidence", []))
    if wire.replace("\\n", "\n") not in evidence:
        res["error"] = (f"{res['step']}: {res['cause']}, but the row's reply "
                        "is not the step's evidence")
    return res


def tap_line(n, row, res):
    want_step = STEP_OF_STAGE[row["stage"]]
    got = res.get("error") or f"{res['step']}: {res['cause']}"
    if "error" not in res and res.get("basis"):
        got += f" [{res['basis']}]"
    right = "error" not in res and res["step"] == want_step and \
        res["cause"] == row["cause"]
    desc = f"{row['id']} ({row['origin']}, {row['stage']}): {row['cause']}"
    if res.get("note"):
        desc += f" ({res['note']})"
    if row["certainty"] != "sure":
        return right, f"ok {n} - {desc} # SKIP unclear row; smtpwiz said {got}"
    if right:
        return right, f"ok {n} - {desc} [{res.get('basis')}]"
    return right, f"not ok {n} - {desc}; smtpwiz said {got}"


def comment(text):
    return "".join(f"#   {l}\n" for l in text.rstrip("\n").split("\n"))


def report_failure(row, res):
    sys.stdout.write(comment(
        f"row {row['where']}: stage {row['stage']}, context {row['context']}, "
        f"want {STEP_OF_STAGE[row['stage']]}: {row['cause']}\n"
        f"reply: {row['reply']}"))
    if "rc" in res:
        sys.stdout.write(comment(f"smtpwiz exit status {res['rc']}; it printed:"))
        sys.stdout.write(comment(condensed(res["out"]) or "(nothing)"))
        if res["err"]:
            sys.stdout.write(comment("and on stderr:\n" + res["err"]))


def condensed(out):
    """smtpwiz's JSON report, one line per step, evidence and transcript
    line (the raw text when it is not JSON)."""
    try:
        doc = json.loads(out)
    except ValueError:
        return out
    lines = []
    for s in doc.get("steps", []):
        lines.append(f"{s.get('id')}: {s.get('status')} {s.get('cause') or ''} "
                     f"- {s.get('summary')}")
        if s.get("status") in ("fail", "warn"):
            lines += [f"    evidence: {e}" for e in s.get("evidence", [])]
            lines.append(f"    hint: {s.get('hint')}")
            for k, v in s.items():
                if k not in ("id", "status", "cause", "summary", "hint",
                             "evidence", "elapsed_ms"):
                    lines.append(f"    {k}: {json.dumps(v)}")
    lines += [f"  {t.get('dir')}: {t.get('line')}" for t in doc.get("transcript", [])]
    return "\n".join(lines)


def run(cfg):
    rows = read_corpus(cfg.corpus)
    ids = [r["id"] for r in rows]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise CorpusError("duplicate ids: " + " ".join(dup))
    rep = Replayer(cfg)
    with concurrent.futures.ThreadPoolExecutor(len(rep.free)) as pool:
        results = list(pool.map(rep.run, rows))
    sure = right_sure = unclear_right = 0
    bases = collections.Counter()
    for n, (row, res) in enumerate(zip(rows, results), 1):
        right, line = tap_line(n, row, res)
        print(line)
        if row["certainty"] == "sure":
            sure += 1
            right_sure += right
            bases[res.get("basis")] += right
            if not right:
                report_failure(row, res)
        else:
            unclear_right += right
    print(f"1..{len(rows)}")
    print("# sure rows right, by how the cause was reached: " +
          ", ".join(f"{b}: {k}" for b, k in bases.most_common()))
    print(f"# sure rows right: {right_sure}/{sure}; unclear rows as "
          f"expected: {unclear_right}/{len(rows) - sure}")


def hosts(cfg):
    for h in sorted({host_of(r) for r in read_corpus(cfg.corpus)}):
        print(h)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("hosts")
    h.add_argument("corpus", nargs="+")
    r = sub.add_parser("run")
    r.add_argument("--smtpwiz", required=True)
    r.add_argument("--ca-file", required=True)
    r.add_argument("--password-file", required=True)
    r.add_argument("--script-dir", required=True)
    r.add_argument("--ports", required=True, help="space-separated")
    r.add_argument("corpus", nargs="+")
    cfg = p.parse_args(argv)
    try:
        (hosts if cfg.cmd == "hosts" else run)(cfg)
    except CorpusError as e:
        print(f"Bail out! corpus: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
