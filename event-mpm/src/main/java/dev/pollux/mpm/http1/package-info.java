/**
 * HTTP/1.1 on the wire (RFC 9112): the request decoder a connection's pipeline starts with, and the strict syntax
 * rules of a request head that {@code http-protocol-options = strict} enforces on top of Netty's decoder.
 * Everything here runs on the poller that owns the connection and never blocks; the syntax rules are pure
 * functions, safe on any thread.
 */
package dev.pollux.mpm.http1;
