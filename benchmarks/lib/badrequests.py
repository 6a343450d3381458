#!/usr/bin/env python3
"""Malformed requests for benchmarks/soak: a few a second, each on a fresh connection, and how they were answered.

Cycles through the kinds below, sends one, reads the status line of the answer and then waits briefly for the
server to close the connection (a server that rejects a request should answer it and close). At the end (the
duration is over, or SIGTERM/SIGINT) it writes a JSON summary:

    {"sent": N, "kinds": {KIND: {"answers": {"400": n, "no answer (closed)": n, ...},
                                 "closed_after": n, "kept_open": n}}}

Answers that are not a status code: "no answer (closed)" (EOF before any byte), "reset" (ECONNRESET before a
status line), "timeout" (nothing within --timeout s), "connect failed", "garbage" (bytes that are not a status
line). Standard library only.
"""
import argparse
import json
import signal
import socket
import sys
import threading
import time
from collections import Counter, defaultdict

HOST = b"Host: 127.0.0.1\r\n"
KINDS = {
    # RFC 9112 section 3: the request line's parts are separated by single SP; a tab is malformed.
    "tab in request line": b"GET\t/612.html HTTP/1.1\r\n" + HOST + b"\r\n",
    # RFC 9112 section 3.2: more than one Host field must be answered 400.
    "two Host headers": b"GET /612.html HTTP/1.1\r\n" + HOST + b"Host: example.com\r\n\r\n",
    # RFC 9112 section 5.2: obs-fold outside message/http is rejected with 400 (or replaced by SP).
    "obs-fold": b"GET /612.html HTTP/1.1\r\n" + HOST + b"X-Folded: first\r\n  second\r\n\r\n",
    # RFC 9112 section 7.1: chunk-size is hex digits; "zz" is not.
    "bad chunk size": b"POST /612.html HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n"
                      b"zz\r\nhello\r\n0\r\n\r\n",
    # 32 KiB in one field, four times httpd's LimitRequestFieldSize (8190): 431 or 400.
    "huge header": b"GET /612.html HTTP/1.1\r\n" + HOST + b"X-Huge: " + b"h" * 32768 + b"\r\n\r\n",
}


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.answers = defaultdict(Counter)
        self.closed_after = Counter()
        self.kept_open = Counter()

    def record(self, kind, answer, closed):
        with self.lock:
            self.answers[kind][answer] += 1
            if closed is True:
                self.closed_after[kind] += 1
            elif closed is False:
                self.kept_open[kind] += 1

    def summary(self):
        with self.lock:
            return {"sent": self.sent,
                    "kinds": {kind: {"answers": dict(self.answers[kind]), "closed_after": self.closed_after[kind],
                                     "kept_open": self.kept_open[kind]} for kind in KINDS}}


def probe(host, port, kind, payload, timeout, tally):
    """One connection: send, read the status line, then wait up to 1 s for the server's close."""
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError:
        tally.record(kind, "connect failed", None)
        return
    answer, closed, data = None, None, b""
    try:
        try:
            sock.sendall(payload)
        except OSError:
            pass  # the server may answer and close before reading all of it: its answer is what counts
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                answer, closed = ("no answer (closed)" if not data else "garbage"), None
                break
            data += chunk
        if answer is None:
            words = data.split(b"\r\n", 1)[0].split()
            ok = len(words) >= 2 and words[0].startswith(b"HTTP/") and words[1].isdigit()
            answer = words[1].decode() if ok else "garbage"
            sock.settimeout(1.0)
            try:
                while sock.recv(65536):
                    pass
                closed = True
            except socket.timeout:
                closed = False
            except ConnectionResetError:
                closed = True
    except socket.timeout:
        answer = "timeout"
    except ConnectionResetError:
        answer = "reset"
    except OSError as e:
        answer = f"error {e.errno}"
    finally:
        sock.close()
    tally.record(kind, answer, closed)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", default="127.0.0.1:18080", help="host:port")
    parser.add_argument("--rate", type=float, default=5.0, help="requests per second (default 5)")
    parser.add_argument("--duration", type=float, required=True, help="seconds to run")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for an answer (default 5)")
    parser.add_argument("--out", required=True, help="JSON summary file")
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    tally = Tally()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    kinds = list(KINDS.items())
    slots = threading.BoundedSemaphore(32)  # at most 32 probes in flight, should the server stop answering
    threads = []
    deadline = time.monotonic() + args.duration
    next_at = time.monotonic()
    i = 0
    while not stop.is_set() and time.monotonic() < deadline:
        if slots.acquire(timeout=0.2):
            kind, payload = kinds[i % len(kinds)]
            i += 1
            with tally.lock:
                tally.sent += 1

            def run(kind=kind, payload=payload):
                try:
                    probe(host, int(port), kind, payload, args.timeout, tally)
                finally:
                    slots.release()
            t = threading.Thread(target=run, daemon=True)
            t.start()
            threads.append(t)
            threads = [t for t in threads if t.is_alive()]
            next_at += 1.0 / args.rate
            stop.wait(max(0.0, next_at - time.monotonic()))
    for t in threads:
        t.join(args.timeout + 2)
    with open(args.out, "w") as f:
        json.dump(tally.summary(), f, indent=1)
    print(f"RESULT sent={tally.sent}", file=sys.stderr)


if __name__ == "__main__":
    main()
