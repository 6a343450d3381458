#!/usr/bin/env python3
"""The tables and chart of benchmarks/mpm/run: per server and MPM (a row), the hammer's rate alone and beside the
keep-alive crowd, what the crowd's client saw, and the server's processes, threads and memory before and with the
crowd; medians over the rounds. Rows that were not measured are listed with the reason.

Input: the "scenario=mpm server=ROW round=R key=value ..." lines the script writes (read with report.py's
read_runs), and its notes file, one "ROW<TAB>ROUND<TAB>reason" line per row and round that was not measured.
Standard library only; tables by report.py's markdown(), the chart hand-written SVG.
"""
import argparse
import os
import sys
from xml.sax.saxutils import escape

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import fmt_int, fmt_mib, markdown, median, number, read_runs  # noqa: E402

LABELS = {"httpd-event": "httpd event", "httpd-worker": "httpd worker", "httpd-prefork": "httpd prefork",
          "pollux-event": "Pollux event", "pollux-worker": "Pollux worker", "pollux-prefork": "Pollux prefork"}
# Per server: the strong colour (beside the crowd, RSS) and the light one (alone, PSS).
COLOURS = {"httpd": ("#d95f02", "#fdb97d"), "pollux": ("#5e3c99", "#b2abd2")}


def derived(run):
    """The run with the figures computed from its raw fields: crowd connections waiting and not connected, the
    hammer's ratio, memory per served crowd connection."""
    run = dict(run)
    crowd, opened, alive = number(run, "crowd"), number(run, "crowd_open"), number(run, "crowd_alive")
    if None not in (crowd, opened, alive):
        run["waiting"] = opened - alive
        run["unconnected"] = crowd - opened
    alone, beside = number(run, "alone_rps"), number(run, "with_rps")
    if alone and beside is not None:
        run["beside_share"] = beside / alone
    for kind in ("rss", "pss"):
        before, held = number(run, f"before_{kind}_kb"), number(run, f"crowd_{kind}_kb")
        if None not in (before, held) and alive:
            run[f"{kind}_kib_per_conn"] = (held - before) / alive
    # wrk's p99 of a run that answered nothing is 0: no latency at all, not a fast one.
    for side in ("alone", "with"):
        if number(run, f"{side}_requests") == 0:
            run[f"{side}_p99_ms"] = ""
    return run


def fmt_ms(value):
    return "n/a" if value is None else f"{value:,.2f} ms"


def fmt_kib(value):
    return "n/a" if value is None else f"{value:,.1f}"


def stats_cell(data, what):
    values = [median(data, f"{stage}_{what}") for stage in ("start", "before", "crowd", "peak")]
    return " / ".join(fmt_int(v) for v in values)


def gather(runs, rows):
    return {row: [derived(run) for run in runs.get(("mpm", row), [])] for row in rows}


def read_notes(path):
    notes = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t", 2)
                if len(parts) == 3:
                    notes.setdefault(parts[0], []).append((parts[1], parts[2]))
    return notes


def tables(data, notes, rows, crowd):
    measured = [row for row in rows if data[row]]
    parts = []
    head = ["row", "alone req/s", "alone p99", "beside the crowd req/s", "beside p99", "beside ÷ alone",
            "hammer conns in service", "errors alone", "errors beside", "rounds"]
    body = []
    for row in rows:
        d = data[row]
        if not d:
            body.append([LABELS[row], "not measured"] + [""] * (len(head) - 2))
            continue
        share = median(d, "beside_share")
        # A round whose hammer outlasted (or nearly) the crowd's window did not run beside the crowd throughout.
        short = sum(1 for run in d if (number(run, "window_left_ms") or 0) < 500)
        flag = f" (!{short})" if short else ""
        body.append([LABELS[row], fmt_int(median(d, "alone_rps")), fmt_ms(median(d, "alone_p99_ms")),
                     fmt_int(median(d, "with_rps")) + flag, fmt_ms(median(d, "with_p99_ms")),
                     "n/a" if share is None else f"{100 * share:.0f} %", fmt_int(median(d, "in_service")),
                     fmt_int(median(d, "alone_errors")),
                     fmt_int(median(d, "with_errors")), str(len(d))])
    parts.append("### The hammer, alone and beside the crowd\n\n"
                 "`wrk -t1 -c64` on 612.html. errors = wrk's connect, read, write, timeout and non-2xx counts; no "
                 "p99 where wrk got no response at all. *hammer conns in service*: of wrk's 64 connections, "
                 "those the server had accepted half-way through the run beside the crowd (the rest waited in "
                 "the listen backlog; wrk's rate and p99 are those of the few that got in). (!k): in k rounds the hammer's run ended less than 0.5 s "
                 "before the crowd's window, so the crowd may not have been there for all of it.\n\n"
                 + markdown(head, body))

    head = ["row", "served", "waiting", "not connected", "crowd responses/s", "crowd p99", "closed by server",
            "connects failed", "timed out", "late ticks", "crowd client CPU"]
    body = []
    for row in measured:
        d = data[row]
        cpu = median(d, "crowd_client_cpu_s")
        body.append([LABELS[row], fmt_int(median(d, "crowd_alive")), fmt_int(median(d, "waiting")),
                     fmt_int(median(d, "unconnected")), fmt_int(median(d, "crowd_rps")),
                     fmt_ms(median(d, "crowd_p99_ms")), fmt_int(median(d, "crowd_server_closed")),
                     fmt_int(median(d, "crowd_connect_failed")), fmt_int(median(d, "crowd_timeouts")),
                     fmt_int(median(d, "crowd_late")), "n/a" if cpu is None else f"{cpu:.1f} s"])
    if body:
        parts.append(f"### The crowd: {crowd:,} keep-alive clients, one request every 3 s each\n\n"
                     "What the crowd's client counted. At the end of its window (from 2 s before the hammer's run "
                     "beside it to 4 s after): *served* = connections open and answered during the window; *waiting* = "
                     "connected (perhaps only into the listen backlog) but not answered in the window; *not "
                     "connected* = connecting, or closed and waiting for their next tick to reconnect. Over the "
                     "window: responses a second and their p99, connections the server closed or reset, connects "
                     "that failed or took more than 10 s, requests unanswered after 10 s (the client then "
                     "reconnects), and *late ticks*, when a request fell due while the last one was still "
                     "unanswered. The client's CPU is its whole run's, ramp included.\n\n" + markdown(head, body))

    head = ["row", "processes", "threads", "scoreboard", "RSS before", "RSS with the crowd", "KiB per served connection (RSS)",
            "PSS before", "PSS with the crowd", "KiB per served connection (PSS)"]
    body = []
    for row in measured:
        d = data[row]
        scoreboard = median(d, "scoreboard")
        body.append([LABELS[row], stats_cell(d, "procs"), stats_cell(d, "threads"),
                     "" if scoreboard is None else fmt_int(scoreboard), fmt_mib(median(d, "before_rss_kb")), fmt_mib(median(d, "crowd_rss_kb")),
                     fmt_kib(median(d, "rss_kib_per_conn")), fmt_mib(median(d, "before_pss_kb")),
                     fmt_mib(median(d, "crowd_pss_kb")), fmt_kib(median(d, "pss_kib_per_conn"))])
    if body:
        parts.append("### Processes, threads and memory of the server\n\n"
                     "Summed over the server's process tree (its first process, every descendant and every "
                     "process of its session). scoreboard (Pollux): the slots of /server-status?auto's scoreboard, one "
                     "per request worker it was configured with. processes and threads: after start / before the crowd (after the "
                     "warm-up and the hammer alone) / with the crowd settled / with the crowd and the hammer. RSS "
                     "is VmRSS summed over the processes, which counts shared pages once per process; PSS divides "
                     "them among the processes that share them. *Before* is the server idle after the hammer "
                     "alone, so every server has the processes and threads its 64 connections made it start; "
                     "per served connection = (with the crowd − before) / crowd connections served.\n\n"
                     + markdown(head, body))

    missing = [(row, reasons) for row, reasons in ((r, notes.get(r, [])) for r in rows) if reasons]
    if missing:
        lines = []
        for row, reasons in missing:
            for round_, reason in reasons:
                lines.append(f"- {LABELS[row]}, round {round_}: not measured: {reason}")
        parts.append("### Not measured\n\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)


def nice_max(value):
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten at or above value."""
    if not value or value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def tick_fmt(value):
    return f"{value:,.0f}" if value >= 10 or value == 0 else f"{value:g}"


def panel(out, y, title, rows, data, bars, scale_max, unit_fmt, notes_text):
    """One chart panel of horizontal bars, rows down the side; bars is [(key, shade 0|1, legend)]. Returns its
    bottom."""
    left, right, bar_h, gap = 150, 660, 13, 10
    out.append(f'<text x="20" y="{y + 14}" font-size="13" font-weight="bold">{escape(title)}</text>')
    top = y + 26
    height = len(rows) * (len(bars) * bar_h + gap)
    x = lambda v: left + (right - left) * min(v, scale_max) / scale_max  # noqa: E731
    for i in range(5):
        tick = scale_max * i / 4
        out.append(f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" y2="{top + height}" '
                   f'stroke="#dddddd"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{top + height + 13}" text-anchor="middle" '
                   f'fill="#555555">{escape(tick_fmt(tick))}</text>')
    cy = top
    for row in rows:
        server = row.split("-")[0]
        block = len(bars) * bar_h
        out.append(f'<text x="{left - 8}" y="{cy + block / 2 + 4:.1f}" text-anchor="end">'
                   f'{escape(LABELS[row])}</text>')
        if not data[row]:
            out.append(f'<text x="{left + 4}" y="{cy + block / 2 + 4:.1f}" fill="#999999">not measured'
                       f'{escape(notes_text(row))}</text>')
        else:
            for k, (key, shade, legend) in enumerate(bars):
                value = median(data[row], key)
                by = cy + k * bar_h
                if value is None:
                    out.append(f'<text x="{left + 4}" y="{by + bar_h - 3}" fill="#999999">n/a</text>')
                    continue
                width = max(x(max(value, 0)) - left, 0.5)
                out.append(f'<rect x="{left}" y="{by}" width="{width:.1f}" height="{bar_h - 2}" '
                           f'fill="{COLOURS[server][shade]}"><title>{escape(LABELS[row])}, {escape(legend)}: '
                           f'{escape(unit_fmt(value))}</title></rect>')
                out.append(f'<text x="{left + width + 4:.1f}" y="{by + bar_h - 3}" fill="#333333" '
                           f'font-size="11">{escape(unit_fmt(value))}</text>')
        cy += block + gap
    legend_x = left
    for key, shade, legend in bars:
        for s, server in enumerate(("httpd", "pollux")):
            out.append(f'<rect x="{legend_x + s * 14}" y="{top + height + 22}" width="12" height="10" '
                       f'fill="{COLOURS[server][shade]}"/>')
        out.append(f'<text x="{legend_x + 32}" y="{top + height + 31}" font-size="11">{escape(legend)}</text>')
        legend_x += 40 + 6.2 * len(legend)
    return top + height + 44


def svg_chart(data, rows, crowd, subtitle, subtitle2, notes):
    if not any(data[row] for row in rows):
        return None

    def notes_text(row):
        return " (why: in the results file)" if notes.get(row) else ""

    def top_of(keys):
        values = [median(data[row], key) for row in rows for key in keys if data[row]]
        return nice_max(max([v for v in values if v is not None] or [1]) * 1.1)

    out = []
    y = 70
    y = panel(out, y, "Hammer requests/s (wrk -t1 -c64, 612 B)", rows, data,
              [("alone_rps", 1, "alone"), ("with_rps", 0, f"beside the crowd of {crowd:,}")],
              top_of(["alone_rps", "with_rps"]), lambda v: f"{v:,.0f}", notes_text)
    y = panel(out, y + 6, f"Crowd connections served (of {crowd:,})", rows, data,
              [("crowd_alive", 0, "open and answered in the window")], crowd, lambda v: f"{v:,.0f}", notes_text)
    y = panel(out, y + 6, "Memory per served crowd connection, KiB ((with − before) / served)", rows, data,
              [("rss_kib_per_conn", 0, "RSS"), ("pss_kib_per_conn", 1, "PSS")],
              top_of(["rss_kib_per_conn", "pss_kib_per_conn"]), lambda v: f"{v:,.1f}", notes_text)
    height = int(y + 10)
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{height}" viewBox="0 0 760 {height}" '
            'font-family="Helvetica, Arial, sans-serif" font-size="12">',
            '<rect width="100%" height="100%" fill="#ffffff"/>',
            '<text x="20" y="24" font-size="16" font-weight="bold">The keep-alive crowd under three MPMs: '
            'httpd and Pollux</text>',
            f'<text x="20" y="42" fill="#555555">{escape(subtitle)}</text>',
            f'<text x="20" y="56" fill="#555555">{escape(subtitle2)}</text>']
    return "\n".join(head + out + ["</svg>"]) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw")
    parser.add_argument("--notes")
    parser.add_argument("--rows", required=True, help="comma-separated rows, in the tables' order")
    parser.add_argument("--crowd", type=int, required=True)
    parser.add_argument("--tables-out", required=True)
    parser.add_argument("--svg-out")
    parser.add_argument("--subtitle", default="")
    parser.add_argument("--subtitle2", default="")
    args = parser.parse_args()
    order = [row for row in LABELS if row in args.rows.split(",")]
    data = gather(read_runs(args.raw), order)
    notes = read_notes(args.notes)
    text = tables(data, notes, order, args.crowd)
    with open(args.tables_out, "w") as f:
        f.write(text)
    print(text)
    if args.svg_out:
        svg = svg_chart(data, order, args.crowd, args.subtitle, args.subtitle2, notes)
        if svg:
            with open(args.svg_out, "w") as f:
                f.write(svg)
            print(f"chart: {args.svg_out}", file=sys.stderr)
        else:
            print("no chart: no row was measured", file=sys.stderr)


if __name__ == "__main__":
    main()
