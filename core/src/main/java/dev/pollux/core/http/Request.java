package dev.pollux.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;

/**
 * A complete request as the poller decoded it, handed to a worker. Valid only while the handler runs: the body
 * buffer is released as soon as the handler returns.
 */
public final class Request {

    private final FullHttpRequest message;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final int pathStart;
    private final int queryStart;

    public Request(FullHttpRequest message, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
        this.message = message;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
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
}
