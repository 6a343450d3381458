#!/usr/bin/env python3
"""Turns benchmarks/soak's samples into its CSV, its chart (SVG, one panel per series) and its markdown tables.

Inputs, all written by benchmarks/soak: the samples (elapsed_s,rss_kib,heap_after_gc_mib,fds,threads,direct_bytes,
connections), the hammer's wrk runs and the slow-client rounds ("key=value ..." lines) and the bad-request
client's JSON summary. For each series it reports the value at the end of the warm-up, the final value, min and
max after warm-up, and a least-squares slope; a series "grows" when the fitted rise over the time after warm-up
exceeds both 10 % of its mean there and an absolute floor (FLOORS below). Standard library only; the tables are
formatted by report.py's markdown().
"""
import argparse
import csv
import json
import os
import shlex
import statistics
import sys
from xml.sax.saxutils import escape

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import markdown, number  # noqa: E402  (benchmarks/lib/report.py)

RELATIVE = 0.10
# (key, title, unit, from the CSV row, absolute floor of a rise that counts as growth, in the unit)
SERIES = [
    ("rss", "RSS", "MiB", lambda r: kib(r, "rss_kib"), 16.0),
    ("heap", "heap after GC", "MiB", lambda r: num(r, "heap_after_gc_mib"), 8.0),
    ("fds", "open descriptors", "", lambda r: num(r, "fds"), 32.0),
    ("fds_other", "descriptors less open connections", "", lambda r: diff(r, "fds", "connections"), 8.0),
    ("threads", "threads", "", lambda r: num(r, "threads"), 4.0),
    ("direct", "Netty direct memory", "MiB", lambda r: mib(r, "direct_bytes"), 4.0),
]
HAMMER = ("hammer", "hammer req/s (its wrk run's mean)", "req/s")


def num(row, key):
    try:
        return float(row.get(key) or "")
    except ValueError:
        return None


def kib(row, key):
    v = num(row, key)
    return None if v is None else v / 1024


def mib(row, key):
    """Bytes as MiB; a negative figure (server-status's -1, unknown) counts as missing."""
    v = num(row, key)
    return None if v is None or v < 0 else v / 1048576


def diff(row, a, b):
    x, y = num(row, a), num(row, b)
    return None if x is None or y is None else x - y


def read_pairs(path):
    """One dict per line of "key=value ..." (values may be quoted)."""
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        for line in f:
            try:
                words = shlex.split(line)
            except ValueError:
                words = line.split()
            rows.append(dict(w.split("=", 1) for w in words if "=" in w))
    return rows


def hammer_rate_at(runs, t):
    for run in runs:
        start, end = number(run, "start_s"), number(run, "end_s")
        if start is not None and end is not None and start <= t <= end:
            return number(run, "rps")
    return None


def fit(points):
    """Least-squares slope (per second) and intercept of [(t, v)]."""
    n = len(points)
    mt = sum(t for t, _ in points) / n
    mv = sum(v for _, v in points) / n
    var = sum((t - mt) ** 2 for t, _ in points)
    slope = sum((t - mt) * (v - mv) for t, v in points) / var if var else 0.0
    return slope, mv - slope * mt


def analyse(points, warmup_s, floor, falling=False):
    """Stats after warm-up and the verdict; None without at least 3 points after warm-up."""
    after = [(t, v) for t, v in points if t >= warmup_s]
    if len(after) < 3:
        return None
    slope, intercept = fit(after)
    window = after[-1][0] - after[0][0]
    values = [v for _, v in after]
    mean = statistics.mean(values)
    rise = slope * window
    threshold = max(RELATIVE * abs(mean), floor)
    if falling:
        verdict = "falls" if -rise > threshold else "flat"
    else:
        verdict = "grows" if rise > threshold else "flat"
    return {"start": after[0][1], "final": after[-1][1], "min": min(values), "max": max(values), "mean": mean,
            "slope_h": slope * 3600, "rise": rise, "threshold": threshold, "verdict": verdict,
            "fit": (after[0][0], intercept + slope * after[0][0], after[-1][0], intercept + slope * after[-1][0])}


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    text = f"{v:,.1f}" if unit == "MiB" else f"{v:,.0f}"
    return f"{text} {unit}".strip() if unit and unit != "req/s" else text


def series_table(results, warmup_s, window):
    head = ["series", f"at warm-up end ({warmup_s} s)", "final", "min / max after warm-up", "mean",
            "slope per hour", f"fitted rise over {window:.0f} s", "threshold", "verdict"]
    rows = []
    for (key, title, unit), stats in results:
        if stats is None:
            rows.append([title, "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "", "no data"])
            continue
        rows.append([title, fmt(stats["start"], unit), fmt(stats["final"], unit),
                     f"{fmt(stats['min'], unit)} / {fmt(stats['max'], unit)}", fmt(stats["mean"], unit),
                     f"{stats['slope_h']:+,.1f}" if unit == "MiB" else f"{stats['slope_h']:+,.0f}",
                     f"{stats['rise']:+,.1f}" if unit == "MiB" else f"{stats['rise']:+,.0f}",
                     f"{stats['threshold']:,.1f}" if unit == "MiB" else f"{stats['threshold']:,.0f}",
                     f"**{stats['verdict']}**"])
    return markdown(head, rows)


def hammer_table(runs):
    head = ["wrk run", "from–to", "req/s", "p99", "connect err", "read err", "write err", "timeouts", "non-2xx",
            "client CPU"]
    rows = []
    for run in runs:
        p99 = number(run, "p99_ms")
        rows.append([run.get("run", "?"), f"{run.get('start_s', '?')}–{run.get('end_s', '?')} s",
                     fmt(number(run, "rps")), "n/a" if p99 is None else f"{p99:.2f} ms",
                     *(run.get(k, "n/a") for k in ("connect_errors", "read_errors", "write_errors", "timeouts",
                                                  "status_errors")),
                     f"{run['client_cpu_pct']} %" if run.get("client_cpu_pct") else "n/a"])
    return markdown(head, rows) if rows else "No wrk run finished.\n"


def slow_table(rounds):
    if not rounds:
        return "No slow-client round finished.\n"
    lengths = [number(r, "end_s") - number(r, "start_s") for r in rounds
               if number(r, "end_s") is not None and number(r, "start_s") is not None]
    connected = [v for v in (number(r, "max_connected") for r in rounds) if v is not None]
    closed = [v for v in (number(r, "closed") for r in rounds) if v is not None]
    unavailable = [v for v in (number(r, "probe_unavailable") for r in rounds) if v is not None]
    exits = {}
    for r in rounds:
        exits[r.get("exit", "?")] = exits.get(r.get("exit", "?"), 0) + 1
    head = ["rounds", "round length (min / median / max)", "connected at most (min / median)",
            "closed by the server (total)", "probe found it unavailable", "how rounds ended"]
    row = [str(len(rounds)),
           " / ".join(f"{v:.0f} s" for v in (min(lengths), statistics.median(lengths), max(lengths)))
           if lengths else "n/a",
           f"{min(connected):.0f} / {statistics.median(connected):.0f}" if connected else "n/a",
           fmt(sum(closed)) if closed else "n/a",
           f"{sum(unavailable):.0f} time(s)" if unavailable else "n/a",
           "; ".join(f"{text} ×{n}" for text, n in exits.items())]
    return markdown(head, [row])


def bad_table(path):
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return "No summary from benchmarks/lib/badrequests.py.\n", 0
    head = ["malformed request", "sent", "answered (status: count)", "server closed after answering",
            "kept open (1 s)"]
    rows = []
    for kind, d in data["kinds"].items():
        answers = d["answers"]
        rows.append([kind, str(sum(answers.values())),
                     ", ".join(f"{k}: {v}" for k, v in sorted(answers.items(), key=lambda kv: -kv[1])) or "-",
                     str(d["closed_after"]), str(d["kept_open"])])
    return markdown(head, rows), data.get("sent", 0)


def panel(out, index, x0, y0, w, h, title, unit, points, stats, total_s, warmup_s):
    """One small chart: the series, the warm-up shaded, the fit after warm-up dashed, min and max labelled."""
    out.append(f'<g transform="translate({x0},{y0})">')
    verdict = stats["verdict"] if stats else "no data"
    colour = {"flat": "#1b9e77", "grows": "#d95f02", "falls": "#d95f02"}.get(verdict, "#555555")
    out.append(f'<text x="0" y="0" font-weight="bold">{escape(title)}{" (" + unit + ")" if unit else ""}</text>')
    out.append(f'<text x="{w}" y="0" text-anchor="end" fill="{colour}" font-weight="bold">{escape(verdict)}</text>')
    top, left, ph, pw = 10, 52, h - 34, w - 56
    out.append(f'<clipPath id="plot{index}"><rect x="{left}" y="{top}" width="{pw}" height="{ph}"/></clipPath>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#cccccc"/>')
    if warmup_s > 0:
        out.append(f'<rect x="{left}" y="{top}" width="{pw * warmup_s / total_s:.1f}" height="{ph}" '
                   'fill="#eeeeee"><title>warm-up</title></rect>')
    if points:
        lo, hi = min(v for _, v in points), max(v for _, v in points)
        if hi - lo < 1e-9:
            lo, hi = lo - 1, hi + 1
        pad = (hi - lo) * 0.08
        lo, hi = lo - pad, hi + pad
        sx = lambda t: left + pw * t / total_s
        sy = lambda v: top + ph - ph * (v - lo) / (hi - lo)
        line = " ".join(f"{sx(t):.1f},{sy(v):.1f}" for t, v in points)
        out.append(f'<polyline points="{line}" fill="none" stroke="#3366aa" stroke-width="1.3" '
                   f'clip-path="url(#plot{index})"/>')
        if stats:
            t1, v1, t2, v2 = stats["fit"]
            out.append(f'<line x1="{sx(t1):.1f}" y1="{sy(v1):.1f}" x2="{sx(t2):.1f}" y2="{sy(v2):.1f}" '
                       f'stroke="{colour}" stroke-dasharray="4 3" stroke-width="1.5" clip-path="url(#plot{index})"/>')
        for v, y in ((hi - pad, top + 9), (lo + pad, top + ph - 2)):
            label = f"{v:,.1f}" if unit == "MiB" else f"{v:,.0f}"
            out.append(f'<text x="{left - 4}" y="{y}" text-anchor="end" font-size="10" fill="#555555">'
                       f'{label}</text>')
    else:
        out.append(f'<text x="{left + pw / 2}" y="{top + ph / 2}" text-anchor="middle" fill="#999999">'
                   'not available</text>')
    for t in (0, total_s / 2, total_s):
        out.append(f'<text x="{left + pw * t / total_s:.1f}" y="{top + ph + 13}" text-anchor="middle" '
                   f'font-size="10" fill="#555555">{t / 60:g} min</text>')
    out.append("</g>")


def svg(panels, total_s, warmup_s, title):
    cols, w, h, gap = 2, 345, 150, 30
    rows = (len(panels) + cols - 1) // cols
    height = 64 + rows * (h + 18) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{height}" viewBox="0 0 760 {height}" '
           'font-family="Helvetica, Arial, sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           f'<text x="20" y="24" font-size="16" font-weight="bold">{escape(title)}</text>',
           f'<text x="20" y="44" fill="#555555">grey: warm-up ({warmup_s} s), left out of the fit; dashed: '
           'least-squares fit after warm-up; verdict top right</text>']
    for i, (title_i, unit, points, stats) in enumerate(panels):
        panel(out, i, 20 + (i % cols) * (w + gap), 72 + (i // cols) * (h + 18), w, h, title_i, unit, points,
              stats, total_s, warmup_s)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--hammer", required=True)
    parser.add_argument("--slow", required=True)
    parser.add_argument("--bad", required=True)
    parser.add_argument("--warmup-s", type=int, required=True)
    parser.add_argument("--csv-out", required=True)
    parser.add_argument("--svg-out", required=True)
    parser.add_argument("--tables-out", required=True)
    parser.add_argument("--title", default="Pollux soak")
    args = parser.parse_args()

    with open(args.samples) as f:
        samples = list(csv.DictReader(f))
    runs = read_pairs(args.hammer)
    for row in samples:
        rate = hammer_rate_at(runs, float(row["elapsed_s"]))
        row["hammer_req_s"] = "" if rate is None else f"{rate:.1f}"
    columns = ["elapsed_s", "rss_kib", "heap_after_gc_mib", "fds", "threads", "direct_bytes", "hammer_req_s",
               "connections"]
    with open(args.csv_out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(samples)

    total_s = max([float(r["elapsed_s"]) for r in samples] + [1.0])
    results, panels = [], []
    for key, title, unit, get, floor in SERIES:
        points = [(float(r["elapsed_s"]), v) for r in samples if (v := get(r)) is not None]
        stats = analyse(points, args.warmup_s, floor)
        results.append(((key, title, unit), stats))
        panels.append((title, unit, points, stats))
    points = [(float(r["elapsed_s"]), v) for r in samples if (v := num(r, "hammer_req_s")) is not None]
    stats = analyse(points, args.warmup_s, 0.0, falling=True)
    results.append((HAMMER, stats))
    panels.append((HAMMER[1], "", points, stats))
    after = [float(r["elapsed_s"]) for r in samples if float(r["elapsed_s"]) >= args.warmup_s]
    window = after[-1] - after[0] if len(after) > 1 else 0

    with open(args.svg_out, "w") as f:
        f.write(svg(panels, total_s, args.warmup_s, args.title))
    bad, sent = bad_table(args.bad)
    parts = [
        f"## Series\n\n{len(samples)} samples over {total_s:.0f} s, {len(after)} of them after the warm-up. "
        f"A series **grows** when its least-squares fit after warm-up rises, over those {window:.0f} s, by more "
        f"than {RELATIVE:.0%} of its mean there and by more than an absolute floor (RSS 16 MiB, heap 8 MiB, "
        "descriptors 32, descriptors less connections 8, threads 4, direct memory 4 MiB): the threshold column. "
        "Else it is **flat**. The hammer's rate **falls** when its fit drops by more than 10 % of its mean. "
        "\"descriptors less open connections\" subtracts the connections /server-status?json counts at the same "
        "moment, so that the slow clients' coming and going (300 at a time) does not hide a leak of other "
        "descriptors. Short runs give noisy slopes: a 30-minute soak is the one to judge by.\n\n"
        + series_table(results, args.warmup_s, window),
        "## Hammer (wrk -t1 -c32, 612.html, keep-alive), per wrk run\n\n" + hammer_table(runs),
        "## Slow clients (slowloris), per round\n\n" + slow_table(read_pairs(args.slow)),
        f"## Malformed requests ({sent} sent, each on a fresh connection)\n\n" + bad,
    ]
    text = "\n".join(parts)
    with open(args.tables_out, "w") as f:
        f.write(text)
    print(text)
    print(f"soak chart: {args.svg_out}; samples: {args.csv_out}", file=sys.stderr)


if __name__ == "__main__":
    main()
