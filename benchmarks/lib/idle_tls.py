#!/usr/bin/env python3
"""Holds N idle connections to a server, each having sent one request and read its answer, until killed.

  idle_tls.py MODE HOST PORT N
  MODE: tls-h1 (TLS, HTTP/1.1 keep-alive), tls-h2 (TLS with ALPN h2), h2c (cleartext HTTP/2, prior knowledge),
        plain (cleartext HTTP/1.1 keep-alive)

Prints "held K" once every connection is up (K of N answered), then sleeps; benchmarks/tls measures the server's
memory around it. Certificates are not verified: this is load, not a client.
"""
import socket
import ssl
import sys
import time

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"
SETTINGS_ACK = b"\x00\x00\x00\x04\x01\x00\x00\x00\x00"


def h2_get(scheme_https):
    # HPACK, static table only: :method GET (2), :scheme http (6) or https (7), :path / (4), :authority "localhost"
    block = bytes([0x82, 0x87 if scheme_https else 0x86, 0x84, 0x41, 9]) + b"localhost"
    header = len(block).to_bytes(3, "big") + bytes([0x01, 0x05]) + (1).to_bytes(4, "big")
    return header + block


def read_until(sock, predicate, limit=1 << 20):
    data = b""
    while not predicate(data) and len(data) < limit:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    return data


def h2_stream_ended(data):
    # Walk the frames: done when a frame of stream 1 carries END_STREAM.
    offset = 0
    while offset + 9 <= len(data):
        length = int.from_bytes(data[offset:offset + 3], "big")
        kind, flags = data[offset + 3], data[offset + 4]
        stream = int.from_bytes(data[offset + 5:offset + 9], "big") & 0x7FFFFFFF
        if offset + 9 + length > len(data):
            return False
        if stream == 1 and kind in (0, 1) and flags & 1:
            return True
        offset += 9 + length
    return False


def http1_done(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return True


def connect(mode, host, port, context):
    sock = socket.create_connection((host, port), timeout=30)
    if mode.startswith("tls"):
        sock = context.wrap_socket(sock, server_hostname="localhost")
    if mode in ("tls-h2", "h2c"):
        if mode == "tls-h2" and sock.selected_alpn_protocol() != "h2":
            raise RuntimeError("ALPN chose " + str(sock.selected_alpn_protocol()))
        sock.sendall(PREFACE + SETTINGS + SETTINGS_ACK + h2_get(mode == "tls-h2"))
        return read_until(sock, h2_stream_ended) is not None, sock
    sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    return read_until(sock, http1_done) is not None, sock


def main():
    mode, host, port, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2"] if mode == "tls-h2" else ["http/1.1"])
    held, answered = [], 0
    for _ in range(count):
        ok, sock = connect(mode, host, port, context)
        answered += ok
        held.append(sock)
    print("held", answered, flush=True)
    time.sleep(3600)


if __name__ == "__main__":
    main()
