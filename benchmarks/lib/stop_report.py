#!/usr/bin/env python3
"""The table of benchmarks/stop-under-load: per server and round, what wrk received while the server was stopped
gracefully, what the server's access log says it sent, and the difference.

Input: the "scenario=stop server=... round=... key=value ..." lines the script writes (read with report.py's
read_runs). Standard library only; the table is formatted by report.py's markdown().
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import SERVER_ORDER, markdown, number, tables_main  # noqa: E402  (benchmarks/lib/report.py)


def count(run, key):
    value = number(run, key)
    return "n/a" if value is None else f"{value:,.0f}"


def aborts(run):
    parts = [number(run, k) for k in ("abort_unread", "abort_late", "abort_linger0")]
    return "n/a" if None in parts else " / ".join(f"{v:,.0f}" for v in parts)


def tables(runs):
    head = ["server", "round", "wrk completed", "read errors", "write errors", "refused connects (kernel)",
            "connect errors", "timeouts", "non-2xx", "server logged", "logged − completed", "resets",
            "resets sent by a close", "stop took", "how it ended"]
    rows = []
    totals = {}
    for server in SERVER_ORDER:
        for run in sorted(runs.get(("stop", server), []), key=lambda r: int(r.get("round", 0))):
            if run.get("failed"):
                rows.append([server, run["round"], "did not start", *[""] * (len(head) - 3)])
                continue
            completed, logged = number(run, "requests"), number(run, "logged")
            gap = None if completed is None or logged is None else logged - completed
            writes, refused = number(run, "write_errors"), number(run, "refused")
            other_writes = None if writes is None or refused is None else max(0.0, writes - refused)
            stop = number(run, "stop_s")
            how = run.get("exit", "?")
            how = {"exited": "exited, status 0", "killed": "still running after 30 s: killed"}.get(
                how, how.replace("exit_status_", "exited, status "))
            if number(run, "warnings"):
                how += f"; {run['warnings']} WARN/ERROR log line(s)"
            rows.append([server, run["round"], count(run, "requests"), count(run, "read_errors"),
                         count(run, "write_errors"), count(run, "refused"),
                         count(run, "connect_errors"), count(run, "timeouts"), count(run, "status_errors"),
                         count(run, "logged"), "n/a" if gap is None else f"{gap:+,.0f}", count(run, "resets"),
                         aborts(run), "n/a" if stop is None else f"{stop:.2f} s", how])
            t = totals.setdefault(server, {"rounds": 0, "read": 0, "gap": 0, "other": 0, "stop": []})
            t["rounds"] += 1
            t["read"] += number(run, "read_errors") or 0
            t["gap"] += gap or 0
            t["other"] += (other_writes or 0) + sum(number(run, k) or 0 for k in ("timeouts", "status_errors"))
            if stop is not None:
                t["stop"].append(stop)
    text = ["One row per server and round.\n\n"
            "- **wrk completed**: responses wrk received complete (its request count).\n"
            "- **read errors**: truncated or reset responses, and also every keep-alive connection the server "
            "closed between two responses, whether or not wrk had sent its next request on it (wrk counts an end "
            "of stream with no response as a read error). A graceful stop that closes the keep-alive connections "
            "therefore shows up to one per connection (64), more if the server accepted reconnects before its "
            "listener closed.\n"
            "- **write errors** and **refused connects**: wrk's reconnects once the listener is closed, expected, "
            "not a fault. wrk connects without blocking, so over loopback a refused connect shows as a *write* "
            "error, not a connect error; beside it is the kernel's count of refused connects over the run "
            "(AttemptFails, /proc/net/snmp), up to one per connection (64) higher because wrk's last attempt on "
            "each connection is refused but not yet counted when its run ends. Write errors beyond the refused "
            "connects would be real ones: the summary below counts them.\n"
            "- **server logged**: the access-log lines of the measured run (its URL carries the round's marker, "
            "so start-up checks and the warm-up are not counted). **logged − completed**: responses the server "
            "logged but wrk did not receive complete; 0 is a clean stop.\n"
            "- **resets**: connections reset while established over the run (EstabResets, /proc/net/snmp; over "
            "loopback both ends of a connection count, so a reset connection counts 2). They include connections "
            "that had completed their handshake but were still in the listener's accept queue when the server "
            "closed it: Linux resets those, and wrk sees a read error.\n"
            "- **resets sent by a close**: connections closed with a reset instead of a FIN, as unread / late / "
            "SO_LINGER 0: TCPAbortOnClose (received bytes unread: a server closing a keep-alive connection that "
            "holds a request it has not read), TCPAbortOnData (bytes arriving after the close), TCPAbortOnLinger "
            "(/proc/net/netstat). A lingering close avoids the first two.\n"
            "- **stop took**: from the signal to the server's exit; the JVM's status after SIGTERM is 143.\n\n"
            "The kernel's counters are the whole machine's: other loopback traffic during the run (a test suite, "
            "say) adds to them.\n",
            markdown(head, rows, text_columns=2)]
    if totals:
        text.append("\nOver all rounds:\n")
        for server, t in totals.items():
            stops = ", ".join(f"{v:.2f}" for v in t["stop"]) or "n/a"
            text.append(f"- {server}: {t['rounds']} round(s), {t['read']:,.0f} read error(s), "
                        f"{t['gap']:+,.0f} response(s) logged but not received complete, "
                        f"{t['other']:,.0f} write errors beyond the refused connects, timeouts and non-2xx; "
                        f"stops took {stops} s.")
    out = "\n".join(text) + "\n"
    return out


if __name__ == "__main__":
    tables_main(__doc__, tables)
