#!/usr/bin/env python3
"""The tables of benchmarks/tls: per scenario and server, the median over the rounds of requests/s, latency,
errors, connections per request and client CPU, with Pollux's requests/s divided by each peer's; then what each
server negotiated with h2load; and the ratio chart (report.py's svg_chart over these scenarios).

Input: the "scenario=... server=... round=... key=value ..." lines the script writes (read with report.py's
read_runs). Standard library only; the tables are formatted by report.py's markdown().
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402
from report import chart_of, fmt_ms, headline, markdown, median, servers_of, tables_main  # noqa: E402

SCENARIOS = ["h2", "tls-small", "handshakes", "tls-large", "h2c"]
H2LOAD = {"h2", "h2c"}
CHART_LABELS = {"h2": "h2 over TLS", "tls-small": "HTTP/1.1 over TLS", "handshakes": "TLS handshakes",
                "tls-large": "1 MiB over TLS", "h2c": "h2c"}


def latency(scenario, data):
    if scenario in H2LOAD:
        mean = median(data, "mean_ms")
        return "n/a" if mean is None else f"mean {fmt_ms(mean)}"
    p99 = median(data, "p99_ms")
    return "n/a" if p99 is None else f"p99 {fmt_ms(p99)}"


def main_table(runs, servers):
    return report.main_table(runs, servers, scenarios=SCENARIOS, latency_head="latency", latency=latency,
                             rounds=True)


def negotiated_table(runs, servers):
    """TLS version, cipher suite, key exchange and application protocol h2load saw (the first round's)."""
    head = ["scenario", "server", "TLS", "cipher suite", "key exchange", "application protocol"]
    rows = []
    for scenario in ("h2", "h2c"):
        for server in servers:
            data = runs.get((scenario, server))
            if not data:
                continue
            run = data[0]
            if scenario == "h2c":
                tls = ["cleartext", "", ""]
            else:
                tls = [run.get("tls") or "none", run.get("cipher") or "none", run.get("kx") or "none"]
            rows.append([scenario, server, *tls, run.get("alpn") or "none"])
    return markdown(head, rows, text_columns=6) if rows else ""


def tables(runs):
    servers = servers_of(runs)
    parts = headline(runs, servers, main_table(runs, servers), SCENARIOS)
    negotiated = negotiated_table(runs, servers)
    if negotiated:
        parts.append("What h2load negotiated with each server (HTTP/2 must be h2 over TLS and h2c in cleartext; a "
                     "different cipher suite or key exchange changes the cost of each byte or handshake):\n\n"
                     + negotiated)
    return "\n".join(parts)


if __name__ == "__main__":
    tables_main(__doc__, tables, chart_of(SCENARIOS, CHART_LABELS))
