package dev.pollux.mpm.event;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * A connection's two addresses as the access log and the scoreboard print them, worked out on first use, off the
 * accept path. Any thread: a race only formats the same immutable string twice.
 */
final class PeerAddresses {

    private final Channel channel;
    private String clientIp;
    private String vhost;

    PeerAddresses(Channel channel) {
        this.channel = channel;
    }

    InetSocketAddress remote() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    InetSocketAddress local() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The client's IP address as text. */
    String clientIp() {
        String ip = clientIp;
        if (ip == null) {
            ip = remote().getAddress().getHostAddress();
            clientIp = ip;
        }
        return ip;
    }

    /** {@code host:port} the client connected to. */
    String vhost() {
        String name = vhost;
        if (name == null) {
            InetSocketAddress local = local();
            name = local.getAddress().getHostAddress() + ':' + local.getPort();
            vhost = name;
        }
        return name;
    }
}
