package dev.pollux.mpm.event;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
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

    /**
     * Binds a listener here with {@code bootstrap}'s handlers and {@code mpm}'s backlog, the transport's channel
     * and {@code SO_REUSEADDR}: a server's own, or a parent's for its children.
     *
     * @throws IllegalStateException naming the address, when it cannot be bound
     */
    Channel bind(ServerBootstrap bootstrap, Transport.Loaded transport, MpmSettings mpm) {
        ChannelFuture bound = bootstrap.channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, mpm.listenBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + this + ": " + bound.cause().getMessage(),
                    bound.cause());
        }
        return bound.channel();
    }

    @Override
    public String toString() {
        return tls ? address + " (TLS)" : address.toString();
    }
}
