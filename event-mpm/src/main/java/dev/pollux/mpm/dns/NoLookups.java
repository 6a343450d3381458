package dev.pollux.mpm.dns;

import java.net.InetAddress;

/** {@code hostname-lookups = off}: no thread, no query, no name. */
enum NoLookups implements ClientNames {
    INSTANCE;

    @Override
    public void lookup(InetAddress address) {
        // Nothing to look up: the access log shows the client's IP address.
    }

    @Override
    public String nameOf(InetAddress address) {
        return null;
    }

    @Override
    public void close() {
        // No thread was started.
    }
}
