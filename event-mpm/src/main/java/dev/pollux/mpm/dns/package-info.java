/**
 * httpd's {@code HostnameLookups}: client names for the access log. {@link dev.pollux.mpm.dns.HostnameLookups}
 * and {@link dev.pollux.mpm.dns.DnsSettings} are read from the configuration once per generation, on the thread
 * that starts it; {@link dev.pollux.mpm.dns.ClientNames} then answers from /etc/hosts (read at start) or from PTR
 * queries that Netty's resolver sends on a single event loop of its own, {@code pollux-dns}, and remembers each
 * answer, name or none, for its TTL. Its {@code lookup} and {@code nameOf} may be called on any thread and never
 * block, so the pollers start a lookup as they accept a connection and the access log asks for the name later;
 * the cache is written on {@code pollux-dns} only.
 */
package dev.pollux.mpm.dns;
