package dev.pollux.mpm.event;

import dev.pollux.mpm.dns.ClientNames;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * A connection's two addresses as the access log and the scoreboard print them, worked out on first use, off the
 * accept path, and the client's name where {@code hostname-lookups} finds one. Any thread: a race only formats the
 * same immutable string twice.
 */
final class PeerAddresses {

    private final Channel channel;
    private final ClientNames names;
    private String clientIp;
    private String clientName;
    private Boolean secure;

    /** Starts looking the client's name up, if {@code names} does lookups; that never blocks. */
    PeerAddresses(Channel channel, ClientNames names) {
        this.channel = channel;
        this.names = names;
        InetSocketAddress remote = remote();
        if (remote != null) {
            names.lookup(remote.getAddress());
        }
    }

    /** The client's address; null only if the channel was closed before Netty first read it. */
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

    /**
     * The client's host name if its lookup has answered by now, else its IP address: httpd's {@code %h} and the
     * status page's Client. A name once found stays the connection's, as httpd keeps it per connection.
     */
    String remoteHost() {
        String name = clientName;
        if (name == null) {
            name = names.nameOf(remote().getAddress());
            if (name == null) {
                return clientIp();
            }
            clientName = name;
        }
        return name;
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
