package dev.pollux.mpm.event;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * A connection's two addresses as the access log and the scoreboard print them, worked out on first use, off the
 * accept path. Any thread: a race only formats the same immutable string twice.
 */
final class PeerAddresses {

    private final Channel channel;
    private String clientIp;
    private Boolean secure;

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

    /** The client's host name if known, else its IP address. */
    String remoteHost() {
        return clientIp();
    }

    /** Whether the connection speaks TLS. */
    boolean secure() {
        Boolean tls = secure;
        if (tls == null) {
            tls = channel.pipeline().get(SslHandler.class) != null;
            secure = tls;
        }
        return tls;
    }
}
