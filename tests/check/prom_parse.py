#!/usr/bin/python3
"""Parses Prometheus text exposition format on stdin with the official
Python client's parser (python3-prometheus-client) and prints one JSON list
of samples: [{"name", "labels", "value", "type"}]. Exits 1, printing the
parser's complaint, when the text does not parse."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

text = sys.stdin.read()
try:
    samples = [
        {"name": s.name, "labels": s.labels, "value": s.value, "type": fam.type}
        for fam in text_string_to_metric_families(text)
        for s in fam.samples
    ]
except Exception as e:  # the parser raises ValueError and others
    print(f"does not parse: {e}")
    sys.exit(1)
print(json.dumps(samples))
