#!/usr/bin/env python3
"""Turns the harness's raw run lines into the results tables (markdown) and the ratio chart (SVG).

Input: one "key=value ..." line per measured run (scenario, server, round, rps, p99_ms, ...), written by
benchmarks/lib/scenarios.sh. Every figure reported is the median over the rounds. Standard library only.
"""
import argparse
import statistics
import sys
from collections import defaultdict
from xml.sax.saxutils import escape

SCENARIOS = ["small", "10k", "large", "pipelined", "close", "crowd"]
SERVER_ORDER = ["pollux", "httpd", "nginx"]
PEERS = ["httpd", "nginx"]
COLOURS = {"httpd": "#d95f02", "nginx": "#1b9e77"}
CHART_LABELS = {"small": "612 B", "10k": "10 KiB", "large": "1 MiB", "pipelined": "612 B pipelined",
                "close": "612 B, no keep-alive", "crowd": "612 B + 5k crowd"}


def read_runs(path):
    runs = defaultdict(list)
    with open(path) as f:
        for line in f:
            fields = dict(pair.split("=", 1) for pair in line.split() if "=" in pair)
            if "scenario" in fields and "server" in fields:
                runs[(fields["scenario"], fields["server"])].append(fields)
    return runs


def number(run, key):
    """The run's field as a number, or None where it is missing, empty or not a number."""
    try:
        return float(run.get(key, ""))
    except ValueError:
        return None


def median(runs, key):
    values = [value for value in (number(run, key) for run in runs) if value is not None]
    return statistics.median(values) if values else None


def fmt_int(value):
    return "n/a" if value is None else f"{value:,.0f}"


def fmt_ms(value):
    return "n/a" if value is None else f"{value:.2f} ms"


def fmt_ratio(value):
    return "" if value is None else f"{value:.2f}×"


def fmt_seconds(value):
    return "n/a" if value is None else f"{value:.1f} s"


def fmt_mib(kib):
    return "n/a" if kib is None else f"{kib / 1024:,.1f} MiB"


def ratio(runs, scenario, peer):
    mine = median(runs.get((scenario, "pollux"), []), "rps")
    theirs = median(runs.get((scenario, peer), []), "rps")
    return mine / theirs if mine and theirs else None


def servers_of(runs):
    """The servers that ran, in the tables' order."""
    present = {server for _, server in runs}
    return [s for s in SERVER_ORDER if s in present]


def ratios_line(runs, servers, scenarios):
    """Pollux ÷ peer per scenario in one sentence, for reading at a glance (only when Pollux and a peer ran)."""
    if "pollux" not in servers:
        return ""
    parts = []
    for scenario in scenarios:
        values = [f"{fmt_ratio(ratio(runs, scenario, p))} {p}" for p in PEERS
                  if p in servers and ratio(runs, scenario, p)]
        if values:
            parts.append(f"{scenario} {', '.join(values)}")
    return ("Pollux's requests/s divided by the peer's: " + "; ".join(parts) + ".\n") if parts else ""


def headline(runs, servers, table, scenarios):
    """A tables script's first parts: its main table and, when Pollux and a peer ran, the ratios in one line."""
    line = ratios_line(runs, servers, scenarios)
    return [table, line] if line else [table]


def chart_of(scenarios, labels):
    """A tables script's chart: the ratio bars of its own scenarios, for tables_main."""
    return lambda runs, subtitle: svg_chart(runs, servers_of(runs), subtitle, scenarios, labels)


def p99_latency(scenario, data):
    """wrk's p99 of a scenario's runs, the median over the rounds."""
    return fmt_ms(median(data, "p99_ms"))


def main_table(runs, servers, scenarios=None, latency_head="p99", latency=p99_latency, rounds=False, extra=()):
    """One row per scenario and server: medians, and Pollux ÷ each peer. benchmarks/tls and benchmarks/http pass
    their own scenarios, a count of rounds, and: tls its latency column (h2load has no percentiles), http an extra
    column, (head, cell of the runs) pairs after the ratios."""
    with_pollux = "pollux" in servers
    peers = [p for p in PEERS if p in servers]
    # Connections the server accepted per request answered: about 0 where wrk keeps its connections, 1 for
    # "close" (a check that each scenario measured what it says). Client CPU: wrk's share of its one core, which
    # shows where the client, not the server, is the limit.
    head = ["scenario", "server", "req/s", latency_head, "errors", "conns/request", "client CPU"]
    head += ["rounds"] if rounds else []
    head += [f"Pollux ÷ {p}" for p in peers] if with_pollux else []
    head += [name for name, _ in extra]
    rows = []
    for scenario in scenarios or SCENARIOS:
        for server in servers:
            data = runs.get((scenario, server))
            if not data:
                continue
            conns, cpu = median(data, "conns_per_req"), median(data, "client_cpu_pct")
            row = [scenario, server, fmt_int(median(data, "rps")), latency(scenario, data),
                   fmt_int(median(data, "errors")), "n/a" if conns is None else f"{conns:.2f}",
                   "n/a" if cpu is None else f"{cpu:.0f} %"]
            row += [str(len(data))] if rounds else []
            if with_pollux:
                row += [fmt_ratio(ratio(runs, scenario, p)) if server == "pollux" else "" for p in peers]
            row += [cell(data) for _, cell in extra]
            rows.append(row)
    return markdown(head, rows, text_columns=2) if rows else "No run measured anything.\n"


def alone_rps(run):
    """The hammer's rate without the crowd: the mean of its runs before and after it (older raw files: before)."""
    rates = [rate for rate in (number(run, key) for key in ("alone_rps", "after_rps")) if rate and rate > 0]
    return sum(rates) / len(rates) if rates else None


def crowd_table(runs, servers):
    head = ["server", "hammer req/s", "alone req/s", "hammer vs alone", "hammer p99", "crowd p99", "crowd req/s",
            "crowd conns closed by server", "crowd connects failed", "crowd requests failed", "server RSS",
            "threads (processes)", "crowd client CPU"]
    rows = []
    for server in servers:
        data = runs.get(("crowd", server))
        if not data:
            continue
        pairs = [(run, alone_rps(run)) for run in data]
        alone = [{"rps": rps} for _, rps in pairs if rps]
        shares = [{"share": float(run["rps"]) / rps} for run, rps in pairs if run.get("rps") and rps]
        share = median(shares, "share")
        rows.append([server, fmt_int(median(data, "rps")), fmt_int(median(alone, "rps")),
                     "n/a" if share is None else f"{100 * share:.0f} %", fmt_ms(median(data, "p99_ms")),
                     fmt_ms(median(data, "crowd_p99_ms")), fmt_int(median(data, "crowd_rps")),
                     fmt_int(median(data, "crowd_closed")), fmt_int(median(data, "crowd_connect_failed")),
                     fmt_int(median(data, "crowd_failed")),
                     fmt_mib(median(data, "rss_kb")), threads(data), fmt_seconds(median(data, "crowd_client_cpu_s"))])
    return markdown(head, rows) if rows else ""


def idle_table(runs, servers):
    head = ["server", "connections alive / attempted", "closed by server", "failed (connect or request)",
            "RSS before", "RSS holding them",
            "KiB per connection", "threads (processes)"]
    rows = []
    for server in servers:
        data = runs.get(("idle", server))
        if not data:
            continue
        per_conn = median(data, "kib_per_conn")
        rows.append([server, f"{fmt_int(median(data, 'alive'))} / {fmt_int(median(data, 'target'))}",
                     fmt_int(median(data, "idle_closed")), fmt_int(median(data, "idle_failed")),
                     fmt_mib(median(data, "rss_before_kb")),
                     fmt_mib(median(data, "rss_kb")), "n/a" if per_conn is None else f"{per_conn:.1f}",
                     threads(data)])
    return markdown(head, rows) if rows else ""


def threads(data):
    return f"{fmt_int(median(data, 'threads'))} ({fmt_int(median(data, 'procs'))})"


def tables_main(description, tables, chart=None):
    """The command line of a tables script: RAW --tables-out FILE [--svg-out FILE --subtitle TEXT]. Reads RAW's
    runs, writes tables(runs) to FILE and prints it; with chart, writes chart(runs, subtitle) as the SVG."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("raw")
    parser.add_argument("--tables-out", required=True)
    if chart:
        parser.add_argument("--svg-out", help="SVG file for the ratio chart (written only when Pollux ran)")
        parser.add_argument("--subtitle", default="")
    args = parser.parse_args()
    runs = read_runs(args.raw)
    text = tables(runs)
    with open(args.tables_out, "w") as f:
        f.write(text)
    print(text)
    if chart and args.svg_out:
        write_chart(args.svg_out, chart(runs, args.subtitle))


def write_chart(path, svg):
    """Writes a ratio chart, or says why there is none."""
    if svg:
        with open(path, "w") as f:
            f.write(svg)
        print(f"ratio chart: {path}", file=sys.stderr)
    else:
        print("no ratio chart: it needs Pollux and at least one peer measured", file=sys.stderr)


def markdown(head, rows, text_columns=1):
    """A markdown table padded to line up in a terminal too; columns after the first text_columns are right-aligned."""
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    numeric = [i >= text_columns for i in range(len(head))]

    def line(cells):
        return "| " + " | ".join(str(c).rjust(w) if n else str(c).ljust(w)
                                 for c, w, n in zip(cells, widths, numeric)) + " |"
    rule = "|" + "|".join("-" * (w + 1) + ":" if n else ":" + "-" * (w + 1) for w, n in zip(widths, numeric)) + "|"
    return "\n".join([line(head), rule] + [line(r) for r in rows]) + "\n"


def svg_chart(runs, servers, subtitle, scenarios=None, labels=None):
    """Horizontal bars: Pollux's req/s divided by each peer's, per scenario, with the parity line at 1.
    benchmarks/tls passes its own scenarios and their labels."""
    peers = [p for p in PEERS if p in servers]
    labels = labels or CHART_LABELS
    groups = [(s, [(p, ratio(runs, s, p)) for p in peers]) for s in scenarios or SCENARIOS]
    groups = [(s, [(p, r) for p, r in bars if r]) for s, bars in groups]
    groups = [(s, bars) for s, bars in groups if bars]
    if not groups:
        return None
    top = max(r for _, bars in groups for _, r in bars)
    scale_max = max(1.5, (int(top * 1.15 / 0.5) + 1) * 0.5)
    left, right, bar_h, gap, head_h = 150, 700, 16, 14, 64
    height = head_h + sum(len(b) * bar_h + gap for _, b in groups) + 56
    x = lambda v: left + (right - left) * v / scale_max
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{height}" '
           f'viewBox="0 0 760 {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           '<text x="20" y="24" font-size="16" font-weight="bold">Pollux requests/s ÷ peer requests/s</text>',
           f'<text x="20" y="44" fill="#555555">{escape(subtitle)}</text>']
    bottom = height - 44
    tick = 0.0
    while tick <= scale_max + 1e-9:
        colour, dash = ("#333333", ' stroke-dasharray="4 3"') if tick == 1.0 else ("#dddddd", "")
        out.append(f'<line x1="{x(tick):.1f}" y1="{head_h - 6}" x2="{x(tick):.1f}" y2="{bottom}" '
                   f'stroke="{colour}"{dash}/>')
        out.append(f'<text x="{x(tick):.1f}" y="{bottom + 14}" text-anchor="middle" fill="#555555">{tick:g}×</text>')
        tick += 0.5
    y = head_h
    for scenario, bars in groups:
        out.append(f'<text x="{left - 8}" y="{y + len(bars) * bar_h / 2 + 4:.1f}" text-anchor="end">'
                   f'{escape(labels[scenario])}</text>')
        for peer, value in bars:
            out.append(f'<rect x="{left}" y="{y}" width="{x(value) - left:.1f}" height="{bar_h - 3}" '
                       f'fill="{COLOURS[peer]}"><title>{peer}: {value:.2f}×</title></rect>')
            out.append(f'<text x="{x(value) + 4:.1f}" y="{y + bar_h - 6}" fill="#333333">{value:.2f}×</text>')
            y += bar_h
        y += gap
    legend_x = left
    for peer in peers:
        out.append(f'<rect x="{legend_x}" y="{height - 20}" width="12" height="12" fill="{COLOURS[peer]}"/>')
        out.append(f'<text x="{legend_x + 18}" y="{height - 10}">vs {peer}</text>')
        legend_x += 110
    out.append(f'<text x="{legend_x + 20}" y="{height - 10}" fill="#555555">dashed line: parity (1×); '
               'right of it Pollux is faster</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw")
    parser.add_argument("--tables-out", required=True, help="markdown file for the tables")
    parser.add_argument("--svg-out", help="SVG file for the ratio chart (written only when Pollux ran)")
    parser.add_argument("--subtitle", default="")
    args = parser.parse_args()
    runs = read_runs(args.raw)
    servers = servers_of(runs)
    parts = [main_table(runs, servers)]
    crowd, idle = crowd_table(runs, servers), idle_table(runs, servers)
    if crowd:
        parts.append("Keep-alive crowd (scenario 6): the hammer is wrk -t1 -c64 on the 612 B file, run alone, "
                     "then with the crowd, then alone again, back to back; \"alone\" is the mean of the two runs "
                     "without the crowd, and \"hammer vs alone\" the median over rounds of each round's ratio. "
                     "The crowd client's CPU is its whole run's, start-up and ramp included, taken from the two "
                     "cores the server and wrk share.\n\n" + crowd)
    if idle:
        parts.append("Idle keep-alive connections (scenario 7): RSS of the server's processes before the "
                     "clients connect and while they are held; KiB per connection = RSS delta / alive.\n\n" + idle)
    text = "\n".join(parts)
    with open(args.tables_out, "w") as f:
        f.write(text)
    print(text)
    if args.svg_out:
        write_chart(args.svg_out, svg_chart(runs, servers, args.subtitle))


if __name__ == "__main__":
    main()
