package dev.pollux.mpm.dns;

import java.net.InetAddress;

/**
 * httpd's {@code HostnameLookups On|Double}: client names for the access log, looked up when a connection is
 * accepted and remembered for a while. Unlike httpd, which waits for the answer while the request is logged, a
 * lookup never holds anything up: a client whose name is not known yet is logged by its IP address, as httpd logs
 * a client whose lookup failed.
 *
 * <p>{@link #lookup} and {@link #nameOf} may be called on any thread, the pollers' included: neither blocks.
 */
public interface ClientNames extends AutoCloseable {

    /**
     * Starts looking client names up as {@code mode} says: for {@code on} and {@code double}, on a thread of its
     * own ({@code pollux-dns}) after reading /etc/hosts on the calling thread; for {@code off}, not at all.
     */
    static ClientNames start(HostnameLookups mode, DnsSettings settings) {
        if (mode == HostnameLookups.OFF) {
            return NoLookups.INSTANCE;
        }
        return new ResolvingClientNames(mode == HostnameLookups.DOUBLE, settings, HostsNames.read());
    }

    /**
     * Starts a lookup of {@code address} unless a fresh answer is known or one is in flight; returns at once. The
     * name is for {@link #nameOf} once the answer arrives.
     */
    void lookup(InetAddress address);

    /** The name of {@code address} if it is known and fresh, else null (log the IP address then). */
    String nameOf(InetAddress address);

    /** Stops the lookups and their thread, waiting briefly for it. Unanswered lookups are dropped. */
    @Override
    void close();
}
