#!/usr/bin/env python3
"""A slowloris client for benchmarks/soak when slowhttptest is not installed; behaves like `slowhttptest -H`.

Opens --connections connections at --rate a second, each sending a request line and one header, then one more
header line every --interval seconds, never the blank line that ends the head. A connection the server closes
(after a 408, say) is not reopened; the run ends after --duration seconds or when the server has closed every
connection. Prints one line:

    RESULT opened=N max_connected=N closed=N connect_failed=N answered=N seconds=S

(answered = connections that got any bytes from the server before it closed them). Standard library only.
"""
import argparse
import selectors
import socket
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", default="127.0.0.1:18080", help="host:port")
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--rate", type=int, default=100, help="connections opened per second")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between header lines")
    parser.add_argument("--duration", type=float, required=True)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    opened = closed = connect_failed = answered = max_connected = 0
    live = {}  # socket -> [next send time, got bytes]
    seq = 0
    while True:
        now = time.monotonic()
        if now - start >= args.duration:
            break
        if opened + connect_failed < min(args.connections, int((now - start) * args.rate) + 1):
            try:
                sock = socket.create_connection((host, int(port)), timeout=2)
                sock.sendall(f"GET /612.html?slow={opened} HTTP/1.1\r\nHost: {host}\r\n".encode())
                sock.setblocking(False)
                sel.register(sock, selectors.EVENT_READ)
                live[sock] = [now + args.interval, False]
                opened += 1
            except OSError:
                connect_failed += 1
            continue
        if opened + connect_failed >= args.connections and not live:
            break
        max_connected = max(max_connected, len(live))
        for key, _ in sel.select(timeout=0.05):
            sock = key.fileobj
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if data:
                live[sock][1] = True
                continue
            answered += live[sock][1]
            closed += 1
            sel.unregister(sock)
            sock.close()
            del live[sock]
        now = time.monotonic()
        for sock, state in list(live.items()):
            if state[0] <= now:
                seq += 1
                try:
                    sock.send(f"X-Slow-{seq % 1000}: {seq}\r\n".encode())
                except OSError:
                    pass
                state[0] = now + args.interval
    for sock in live:
        sock.close()
    print(f"RESULT opened={opened} max_connected={max_connected} closed={closed} connect_failed={connect_failed}"
          f" answered={answered} seconds={time.monotonic() - start:.1f}", flush=True)


if __name__ == "__main__":
    main()
