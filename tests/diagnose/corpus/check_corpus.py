#!/usr/bin/env python3
"""Validate the diagnosis corpus: every *.tsv file in this folder.

Usage: check_corpus.py [DIR]   (DIR defaults to the folder of this script)

Prints one "file:line: message" per problem and exits 1 if there is any,
so a broken row is found before the classifier is scored against it.
"""

import os
import sys

HEADER = ["id", "origin", "host", "stage", "context", "reply", "cause",
          "certainty", "source", "note"]

STAGES = {"greeting", "ehlo", "starttls", "auth", "mail", "rcpt", "data",
          "data-end"}

# Kept in step with the cause list of the corpus format; a cause id outside
# it would silently never match what the classifier can answer.
CAUSES = {
    "auth-failed", "auth-app-password", "auth-web-login", "auth-mfa",
    "auth-disabled", "auth-locked", "auth-mechanism", "auth-required",
    "auth-tls-required", "auth-temporary", "auth-oauth-only",
    "relay-denied", "sender-rejected", "sender-unverified",
    "recipient-rejected", "message-rejected", "message-spam",
    "rate-limited", "greylisted", "blocklisted", "server-busy",
    "greeting-rejected", "ehlo-rejected", "starttls-failed",
    "protocol-error", "connection-lost",
    "message-too-large", "mailbox-full", "recipient-unknown",
    "spf-dkim-dmarc", "ip-reputation", "server-error",
    "account-suspended", "server-timeout",
}

CERTAINTIES = {"sure", "unclear"}

CONTEXT_KEYS = {
    "authed": {"yes", "no"},
    "tls": {"yes", "no"},
    "rcpt": {"local", "foreign"},
}


def check_context(value):
    """Return a problem text for a bad context field, or None."""
    if value == "-":
        return None
    seen = set()
    for item in value.split(","):
        key, sep, val = item.partition("=")
        if not sep or key not in CONTEXT_KEYS:
            return "context item %r is not one of %s" % (
                item, ", ".join("%s=..." % k for k in sorted(CONTEXT_KEYS)))
        if val not in CONTEXT_KEYS[key]:
            return "context %s=%r: allowed %s" % (
                key, val, "|".join(sorted(CONTEXT_KEYS[key])))
        if key in seen:
            return "context key %s given twice" % key
        seen.add(key)
    return None


def starts_with_code(line):
    """True when the line opens with a reply code or, where the source
    quotes no reply code, an enhanced status code (5.7.1)."""
    head = line.split(" ", 1)[0].split("-", 1)[0]
    if len(head) == 3 and head.isdigit():
        return True
    parts = head.split(".")
    return len(parts) == 3 and all(p.isdigit() for p in parts)


def check_row(fields):
    """Yield problem texts for one data row (already split on tabs)."""
    if len(fields) != len(HEADER):
        yield "expected %d tab-separated columns, found %d" % (
            len(HEADER), len(fields))
        return
    row = dict(zip(HEADER, fields))
    for name in HEADER:
        if row[name] == "" or row[name] != row[name].strip():
            yield "column %s is empty or has surrounding blanks" % name
    origin = row["origin"]
    if origin != origin.lower() or " " in origin:
        yield "origin %r must be lowercase without spaces" % origin
    if row["stage"] not in STAGES:
        yield "stage %r is not one of %s" % (
            row["stage"], ", ".join(sorted(STAGES)))
    problem = check_context(row["context"])
    if problem:
        yield problem
    if row["cause"] not in CAUSES:
        yield "unknown cause id %r" % row["cause"]
    if row["certainty"] not in CERTAINTIES:
        yield "certainty %r must be sure or unclear" % row["certainty"]
    if row["certainty"] == "unclear" and row["note"] == "-":
        yield "unclear row needs a note saying why"
    source = row["source"]
    if not source.startswith("https://") or " " in source:
        yield "source must be one https:// URL without spaces"
    reply = row["reply"]
    for number, line in enumerate(reply.split("\\n"), 1):
        if not starts_with_code(line):
            yield "reply line %d starts with neither a reply code nor an " \
                "enhanced status code" % number


def check_file(path, ids):
    """Return the problems of one TSV file; ids maps id -> first place."""
    problems = []
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            lines = handle.read().split("\n")
    except (OSError, UnicodeDecodeError) as err:
        return ["%s:0: cannot read: %s" % (name, err)]
    if lines and lines[-1] == "":
        lines.pop()
    header_seen = False
    for number, line in enumerate(lines, 1):
        where = "%s:%d" % (name, number)
        if line.endswith("\r"):
            problems.append("%s: carriage return at end of line" % where)
            line = line[:-1]
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if fields != HEADER:
                problems.append("%s: header must be: %s" % (
                    where, " ".join(HEADER)))
            continue
        for problem in check_row(fields):
            problems.append("%s: %s" % (where, problem))
        row_id = fields[0]
        if row_id in ids:
            problems.append("%s: id %s already used at %s" % (
                where, row_id, ids[row_id]))
        else:
            ids[row_id] = where
    if not header_seen:
        problems.append("%s:1: no header line" % name)
    return problems


def main(argv):
    folder = argv[1] if len(argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    files = sorted(f for f in os.listdir(folder) if f.endswith(".tsv"))
    if not files:
        print("%s: no *.tsv files" % folder)
        return 1
    ids = {}
    problems = []
    for name in files:
        problems.extend(check_file(os.path.join(folder, name), ids))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
