#!/usr/bin/python3
"""Strict reader of a monitoring plugin's output, by the grammar of the
Monitoring Plugins development guidelines
(https://www.monitoring-plugins.org/doc/guidelines.html, "Plugin Output" and
"Performance data"):

    SERVICE STATE - text | 'label'=value[UOM];[warn];[crit];[min];[max] ...
    long output lines (no '|': this plugin prints no perfdata there)

Reads the output on stdin; prints one JSON object (state, text, perfdata as
{label: {value, uom, warn, crit, min, max}}, long output lines) and exits 0,
or prints why it does not parse and exits 1.
"""
import json
import re
import sys

NUM = r"-?[0-9]+(?:\.[0-9]+)?"
# A range: [@][start:][end], start may be ~ (negative infinity); "10:" is
# 10..infinity. Each part optional, so "" parses as no threshold.
RANGE = rf"@?(?:(?:{NUM}|~):)?(?:{NUM})?"
# Units of measurement the guidelines define; none is allowed too.
UOM = r"(?:us|ms|s|%|B|KB|MB|TB|c)"
LABEL = r"(?:'[^'=]+'|[^'= ]+)"
ITEM = re.compile(
    rf"(?P<label>{LABEL})=(?P<value>{NUM})(?P<uom>{UOM})?"
    rf"(?:;(?P<warn>{RANGE})(?:;(?P<crit>{RANGE})"
    rf"(?:;(?P<min>{NUM})?(?:;(?P<max>{NUM})?)?)?)?)?"
)
STATUS = re.compile(r"^SMTPWIZ (OK|WARNING|CRITICAL|UNKNOWN) - ([^|]+?)(?: \| (.+))?$")


def fail(why):
    print(why)
    sys.exit(1)


def parse_perf(text):
    perf = {}
    for item in text.split(" "):
        m = ITEM.fullmatch(item)
        if m is None:
            fail(f"perfdata item does not parse: {item!r}")
        label = m["label"].strip("'")
        if label in perf:
            fail(f"perfdata label twice: {label}")
        perf[label] = {k: m[k] for k in ("value", "uom", "warn", "crit", "min", "max")}
    return perf


def main():
    lines = sys.stdin.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        fail("no output")
    m = STATUS.match(lines[0])
    if m is None:
        fail(f"status line does not parse: {lines[0]!r}")
    perf = parse_perf(m[3]) if m[3] is not None else {}
    for line in lines[1:]:
        if "|" in line:
            fail(f"'|' in the long output: {line!r}")
    print(json.dumps({"state": m[1], "text": m[2], "perf": perf, "long": lines[1:]}))


main()
