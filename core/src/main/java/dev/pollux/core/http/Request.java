package dev.pollux.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A complete request as the poller decoded it, handed to a worker. Valid only while the handler runs: the body
 * buffer is released as soon as the handler returns.
 */
public final class Request {

    private final FullHttpRequest message;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final boolean secure;
    private final int pathStart;
    private final int queryStart;

    /** A request that came over cleartext. */
    public Request(FullHttpRequest message, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
        this(message, remoteAddress, localAddress, false);
    }

    /** @param secure whether it came over TLS, so that absolute URLs back to this server say https */
    public Request(FullHttpRequest message, InetSocketAddress remoteAddress, InetSocketAddress localAddress,
                   boolean secure) {
        this.message = message;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.secure = secure;
        String uri = message.uri();
        this.pathStart = RequestTarget.pathStart(uri);
        this.queryStart = uri.indexOf('?', pathStart);
    }

    public HttpMethod method() {
        return message.method();
    }

    /** The request target exactly as sent. */
    public String uri() {
        return message.uri();
    }

    /** The path part of the target, still percent-encoded; {@code /} for {@code http://host}. */
    public String rawPath() {
        String uri = message.uri();
        String path = queryStart < 0 ? uri.substring(pathStart) : uri.substring(pathStart, queryStart);
        return path.isEmpty() && pathStart > 0 ? "/" : path;
    }

    /** The query part of the target without the {@code ?}, still percent-encoded; empty when there is none. */
    public String rawQuery() {
        return queryStart < 0 ? "" : message.uri().substring(queryStart + 1);
    }

    public HttpVersion protocolVersion() {
        return message.protocolVersion();
    }

    public HttpHeaders headers() {
        return message.headers();
    }

    /** The request body, at most {@code limit-request-body} bytes; released when the handler returns. */
    public ByteBuf content() {
        return message.content();
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * The same request as a GET of {@code uri} (origin-form), without body, Range or preconditions: how an error
     * document is fetched, as httpd's internal redirect does. Valid as long as this request is.
     */
    public Request internalRedirect(String uri) {
        HttpHeaders headers = message.headers().copy();
        for (CharSequence name : List.of(HttpHeaderNames.RANGE, HttpHeaderNames.IF_RANGE, HttpHeaderNames.IF_MATCH,
                HttpHeaderNames.IF_NONE_MATCH, HttpHeaderNames.IF_MODIFIED_SINCE,
                HttpHeaderNames.IF_UNMODIFIED_SINCE)) {
            headers.remove(name);
        }
        return new Request(new DefaultFullHttpRequest(message.protocolVersion(), HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE), remoteAddress, localAddress, secure);
    }

    /** Whether the request came over TLS. */
    public boolean secure() {
        return secure;
    }

    /**
     * {@code scheme://host[:port]} for URLs that lead back to this server under {@code host}, the port the request
     * came to left out when it is the scheme's default (RFC 9110 §4.2).
     */
    public String origin(String host) {
        int port = localAddress.getPort();
        boolean defaultPort = secure ? port == 443 : port == 80;
        return (secure ? "https://" : "http://") + host + (defaultPort ? "" : ":" + port);
    }
}
