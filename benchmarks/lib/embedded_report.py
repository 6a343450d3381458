#!/usr/bin/env python3
"""The tables of benchmarks/embedded/run: per scenario, the median MiB/s of Pollux and of Undertow over the rounds
that completed, and Pollux's divided by Undertow's; then each server's memory and threads; then every run that
failed (a stall past the time bound, a wrong status, a short body or a wrong digest), warm-ups and checks included.

Input: the "scenario=... server=... round=... key=value ..." lines the script writes (read with report.py's
read_runs). Standard library only; the tables are formatted by report.py's markdown().
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import fmt_mib, fmt_ratio, markdown, median, number, tables_main  # noqa: E402

SERVERS = ["pollux", "undertow"]
SCENARIOS = [("upload", "one upload of 256 MiB (PUT, curl -T)"),
             ("download", "one download of 1 GiB"),
             ("upload-8", "8 concurrent uploads of 64 MiB each: their bytes over the wall-clock time"),
             ("download-8", "8 concurrent downloads of 64 MiB each: their bytes over the wall-clock time")]


def measured(runs, scenario, server):
    return [run for run in runs.get((scenario, server), []) if run.get("round") != "warmup"]


def completed(data):
    return [run for run in data if run.get("ok") == "1"]


def fmt_mibs(value):
    return "n/a" if value is None else f"{value:,.0f}"


def main_table(runs):
    head = ["scenario", "Pollux MiB/s", "Undertow MiB/s", "Pollux/Undertow", "rounds completed (Pollux, Undertow)"]
    rows = []
    for scenario, _ in SCENARIOS:
        data = {server: measured(runs, scenario, server) for server in SERVERS}
        if not any(data.values()):
            continue
        speeds = {server: median(completed(data[server]), "mibs") for server in SERVERS}
        both = speeds["pollux"] and speeds["undertow"]
        rows.append([scenario, fmt_mibs(speeds["pollux"]), fmt_mibs(speeds["undertow"]),
                     fmt_ratio(speeds["pollux"] / speeds["undertow"]) if both else "n/a",
                     ", ".join(f"{len(completed(data[s]))} of {len(data[s])}" for s in SERVERS)])
    return markdown(head, rows) if rows else "No run measured anything.\n"


def memory_table(runs):
    head = ["server", "RSS after start", "RSS after the runs", "threads after start", "threads after the runs",
            "connections still open after the runs"]
    rows = []
    for server in SERVERS:
        for run in runs.get(("memory", server), []):
            rows.append([server, fmt_mib(number(run, "rss_start_kb")), fmt_mib(number(run, "rss_kb")),
                         run.get("threads_start", "n/a"), run.get("threads", "n/a"),
                         run.get("connections_left", "n/a")])
    return markdown(head, rows) if rows else ""


def failure_text(run):
    if run.get("each"):
        return (f"{run.get('completed')} of {run.get('of')} transfers complete in {run.get('wall_s')} s; each as "
                f"HTTP code:bytes:seconds:curl exit:good = {run['each']}")
    if run.get("what"):
        return f"got {run.get('got') or 'nothing'}, expected {run.get('want')} (curl exit {run.get('curl_rc')})"
    text = (f"HTTP {run.get('http')}, {run.get('bytes')} of {run.get('expected')} bytes in {run.get('time_s')} s "
            f"(curl exit {run.get('curl_rc')}")
    if run.get("digest_ok") == "0":
        text += "; the answer was not the file's digest"
    return text + ")"


def failures(runs):
    lines = []
    for (scenario, server), data in sorted(runs.items(), key=lambda item: (SERVERS.index(item[0][1])
                                                                            if item[0][1] in SERVERS else 9)):
        for run in data:
            if run.get("ok") == "0":
                name = run.get("what") or scenario
                lines.append(f"- {server} {name}, round {run.get('round', 'check')}: {failure_text(run)}")
    return lines


def tables(runs):
    parts = ["Scenarios:\n\n" + "\n".join(f"- **{name}**: {text}" for name, text in SCENARIOS) + "\n",
             main_table(runs)]
    memory = memory_table(runs)
    if memory:
        parts.append("Each server's JVM (`ps -o rss,nlwp`) once started, and a second after its last run; the "
                     "connections are those the server still had established then (a stuck request keeps one):\n\n"
                     + memory)
    failed = failures(runs)
    parts.append(("Runs that failed (time bound exceeded, wrong status, short body or wrong digest), warm-ups and "
                  "checks included:\n\n" + "\n".join(failed) + "\n") if failed else "No run failed.\n")
    return "\n".join(parts)


if __name__ == "__main__":
    tables_main(__doc__, tables)
