#!/usr/bin/env python3
"""The tables of benchmarks/http: per scenario and server, the median over the rounds of requests/s, p99, errors,
connections per request, client CPU and response bytes per request (headers included: it shows what was
compressed and what a range sent), with Pollux's requests/s divided by each peer's; then each server's cost of
compression and of HostnameLookups, as the ratio of its own two phases; and the ratio chart.

Input: the "scenario=... server=... round=... key=value ..." lines the script writes (read with report.py's
read_runs). Standard library only; the tables are formatted by report.py's markdown().
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402
from report import chart_of, fmt_int, fmt_ratio, headline, markdown, median, servers_of, tables_main  # noqa: E402

SCENARIOS = ["small-gzip-off", "small-gzip", "gzip", "gzip-static", "range", "close-log", "close-lookups"]
CHART_LABELS = {"small-gzip-off": "612 B, gzip off", "small-gzip": "612 B, gzip on", "gzip": "gzip on the fly",
                "gzip-static": "precompressed", "range": "64 KiB ranges", "close-log": "close + log",
                "close-lookups": "close + lookups"}
# A server's own cost of a feature: the scenario with it against the same load without it.
COSTS = [("compression on, 612 B below its minimum", "small-gzip", "small-gzip-off"),
         ("HostnameLookups On, a connection per request", "close-lookups", "close-log")]


def main_table(runs, servers):
    # Bytes per response as wrk counted them (headers included).
    return report.main_table(runs, servers, scenarios=SCENARIOS, rounds=True,
                             extra=[("bytes/response", lambda data: fmt_int(median(data, "bytes_per_req")))])


def costs_table(runs, servers):
    rows = []
    for label, with_it, without in COSTS:
        for server in servers:
            on, off = median(runs.get((with_it, server), []), "rps"), median(runs.get((without, server), []), "rps")
            if on and off:
                rows.append([label, server, fmt_int(off), fmt_int(on), fmt_ratio(on / off)])
    head = ["feature", "server", "req/s without", "req/s with", "with ÷ without"]
    return markdown(head, rows, text_columns=2) if rows else ""


def tables(runs):
    servers = servers_of(runs)
    parts = headline(runs, servers, main_table(runs, servers), SCENARIOS)
    costs = costs_table(runs, servers)
    if costs:
        parts.append("What a feature costs each server, its phase with it against its phase without (the same "
                     "load; medians):\n\n" + costs)
    return "\n".join(parts)


if __name__ == "__main__":
    tables_main(__doc__, tables, chart_of(SCENARIOS, CHART_LABELS))
