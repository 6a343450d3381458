package dev.pollux.mpm.event;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.UnixChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parent's listening sockets, which its children accept on. The parent binds them and never accepts (reading
 * stays off); each child receives their descriptors and polls them itself, so a connection waits in one kernel
 * queue for whichever child is free to take it, and keeps waiting there while a child is replaced. Not
 * thread-safe: the parent's control thread only.
 */
public final class SharedListeners implements AutoCloseable {

    private final Transport.Loaded transport;
    private final EventLoopGroup group;
    private final Map<ListenAddress, Channel> bound = new LinkedHashMap<>();

    private SharedListeners(Transport.Loaded transport, EventLoopGroup group) {
        this.transport = transport;
        this.group = group;
    }

    /**
     * Binds {@code mpm}'s addresses on {@code group}.
     *
     * @throws IllegalStateException naming the address that cannot be bound; {@link PolluxServer#check} saw to
     *                               it that the transport can share its sockets
     */
    public static SharedListeners bind(MpmSettings mpm, Transport.Loaded transport, EventLoopGroup group) {
        SharedListeners listeners = new SharedListeners(transport, group);
        try {
            listeners.descriptors(mpm);
        } catch (RuntimeException e) {
            listeners.close();
            throw e;
        }
        return listeners;
    }

    /**
     * The descriptors of {@code mpm}'s listeners, in the order {@code listen} then {@code ssl.listen} name them,
     * binding those not bound yet (a graceful restart's new addresses).
     *
     * @throws IllegalStateException naming an address that cannot be bound; those bound before it stay
     */
    public List<Integer> descriptors(MpmSettings mpm) {
        List<Integer> descriptors = new ArrayList<>();
        for (ListenAddress address : ListenAddress.of(mpm)) {
            Channel listener = bound.get(address);
            if (listener == null) {
                listener = bind(address, mpm);
                bound.put(address, listener);
            }
            descriptors.add(((UnixChannel) listener).fd().intValue());
        }
        return descriptors;
    }

    /** Closes the parent's copy of every listener {@code mpm} no longer names; children keep theirs till they go. */
    public void retainOnly(MpmSettings mpm) {
        List<ListenAddress> wanted = ListenAddress.of(mpm);
        bound.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close().syncUninterruptibly();
            return true;
        });
    }

    private Channel bind(ListenAddress address, MpmSettings mpm) {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                .option(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInboundHandlerAdapter());
        if (mpm.notSentLowWater() > 0) {
            transport.notSentLowWater().ifPresent(option -> bootstrap.option(option, mpm.notSentLowWater()));
        }
        return address.bind(bootstrap, transport, mpm);
    }

    /** The bound cleartext addresses, in order (the port the OS chose for port 0 among them). */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        bound.forEach((address, listener) -> {
            if (!address.tls()) {
                addresses.add((InetSocketAddress) listener.localAddress());
            }
        });
        return addresses;
    }

    /** Closes the parent's copies: the sockets stay open in the children that hold them. */
    @Override
    public void close() {
        bound.values().forEach(listener -> listener.close().syncUninterruptibly());
        bound.clear();
    }
}
