package dev.pollux.mpm.event;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An address to listen on as the configuration names it, and whether its connections begin with TLS.
 *
 * @param address from {@code listen} or {@code ssl.listen}
 * @param tls     from {@code ssl.listen}
 */
record ListenAddress(InetSocketAddress address, boolean tls) {

    /** {@code listen}'s addresses, then {@code ssl.listen}'s. */
    static List<ListenAddress> of(MpmSettings mpm) {
        List<ListenAddress> all = new ArrayList<>();
        mpm.listen().forEach(address -> all.add(new ListenAddress(address, false)));
        mpm.sslListen().forEach(address -> all.add(new ListenAddress(address, true)));
        return all;
    }

    @Override
    public String toString() {
        return tls ? address + " (TLS)" : address.toString();
    }
}
