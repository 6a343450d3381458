#!/usr/bin/env python3
"""The tables of benchmarks/reload: per server, reload method and round, what wrk received while the server was
told to reload ten times, once a second, and how the one-second rate moved; then the medians over the rounds.

Input: the "scenario=reload server=... method=... round=... key=value ..." lines the script writes, with the
client's per-second series "series=EPOCH:COUNT:NON2XX,...". Standard library only; tables by report.py's markdown().
"""
import os
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import SERVER_ORDER, markdown, number, tables_main  # noqa: E402  (benchmarks/lib/report.py)


def series(run):
    """{epoch second: responses} from the run's series field."""
    counts = {}
    for part in run.get("series", "").split(","):
        if part.count(":") == 2:
            second, count, _ = part.split(":")
            counts[int(second)] = int(count)
    return counts


def rates(run):
    """(before, lowest during, mean during) in responses per second, or None when the series is too short."""
    counts = series(run)
    if not counts:
        return None
    first, last = min(counts), max(counts)
    reload_start = int(number(run, "first_reload_ms") // 1000)
    reload_end = int(number(run, "last_reload_end_ms") // 1000)
    # Whole seconds only: the first and last seconds of the run are partial.
    before = [counts.get(s, 0) for s in range(first + 1, reload_start)]
    during = [counts.get(s, 0) for s in range(max(reload_start, first + 1), min(reload_end, last - 1) + 1)]
    if not before or not during:
        return None
    return statistics.mean(before), min(during), statistics.mean(during)


def errors(run):
    keys = ("connect_errors", "read_errors", "write_errors", "timeouts", "status_errors")
    values = [number(run, k) for k in keys]
    return None if None in values else sum(values)


def durations(run):
    return [int(d) for d in run.get("reload_ms", "").split(",") if d]


def tables(runs):
    head = ["server", "reload by", "round", "requests", "errors", "resets", "refused", "reloads ok / failed",
            "before (req/s)", "lowest during", "mean during", "dip", "reload took (median / max ms)"]
    rows, summary = [], []
    for server in SERVER_ORDER:
        by_method = {}
        for run in runs.get(("reload", server), []):
            by_method.setdefault(run.get("method", "?"), []).append(run)
        for method, method_runs in by_method.items():
            kept = []
            for run in sorted(method_runs, key=lambda r: int(r.get("round", 0))):
                if run.get("failed"):
                    rows.append([server, method, run.get("round"), "failed: " + run["failed"]] + [""] * 9)
                    continue
                r = rates(run)
                took = durations(run)
                err = errors(run)
                flag = "" if err == 0 else " (!)"
                rows.append([server, method, run.get("round"), f"{number(run, 'requests'):,.0f}",
                             ("n/a" if err is None else f"{err:,.0f}") + flag,
                             f"{number(run, 'resets'):,.0f}", f"{number(run, 'refused'):,.0f}",
                             f"{run.get('reloads_ok')} / {run.get('reloads_failed')}",
                             *(["n/a"] * 4 if r is None else
                               [f"{r[0]:,.0f}", f"{r[1]:,.0f}", f"{r[2]:,.0f}", f"{1 - r[1] / r[0]:.0%}"]),
                             f"{statistics.median(took):,.0f} / {max(took):,.0f}" if took else "n/a"])
                if r is not None:
                    kept.append((run, r, err, took))
            if kept:
                med = lambda values: statistics.median(values)  # noqa: E731
                summary.append([server, method, str(len(kept)),
                                f"{sum(e or 0 for _, _, e, _ in kept):,.0f}",
                                f"{sum(number(k[0], 'resets') for k in kept):,.0f}",
                                f"{med([k[1][0] for k in kept]):,.0f}", f"{med([k[1][1] for k in kept]):,.0f}",
                                f"{med([k[1][2] for k in kept]):,.0f}",
                                f"{med([1 - k[1][1] / k[1][0] for k in kept]):.0%}",
                                f"{med([1 - k[1][2] / k[1][0] for k in kept]):.0%}",
                                f"{med([t for k in kept for t in k[3]]):,.0f}"])
    summary_head = ["server", "reload by", "rounds", "errors (sum)", "resets (sum)", "before (req/s)",
                    "lowest during", "mean during", "dip (lowest)", "dip (mean)", "reload took (median ms)"]
    text = "## Medians over the rounds\n\n" + markdown(summary_head, summary, text_columns=2)
    text += "\n## Every run\n\n" + markdown(head, rows, text_columns=2)
    return text


if __name__ == "__main__":
    tables_main(__doc__, tables)
