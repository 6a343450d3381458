package dev.pollux.core.http;

import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A request as a handler sees it: the head the poller decoded, and the body as a stream that the poller fills
 * while the handler reads it. Valid only while the handler runs; whatever of the body it leaves unread is
 * discarded on the poller once it returns.
 *
 * <p>Threading: built by the server and handed to one worker; its methods are for that worker's thread.
 */
public final class Request {

    private final HttpRequest message;
    private final InputStream body;
    private final Map<String, String> pathParameters;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final boolean secure;
    private final int pathStart;
    private final int queryStart;

    /**
     * A whole request in memory that came over cleartext: how a handler is tried without a server. The body is
     * read from {@code message}'s content, which stays the caller's to release.
     */
    public Request(FullHttpRequest message, InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
        this(message, new ByteBufInputStream(message.content().duplicate()), remoteAddress, localAddress, false);
    }

    /**
     * @param body   the body as it arrives; an empty stream when there is none
     * @param secure whether it came over TLS, so that absolute URLs back to this server say https
     */
    public Request(HttpRequest message, InputStream body, InetSocketAddress remoteAddress,
                   InetSocketAddress localAddress, boolean secure) {
        this(message, body, remoteAddress, localAddress, secure, Map.of());
    }

    private Request(HttpRequest message, InputStream body, InetSocketAddress remoteAddress,
                    InetSocketAddress localAddress, boolean secure, Map<String, String> pathParameters) {
        this.message = message;
        this.body = body;
        this.pathParameters = pathParameters;
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

    /**
     * The request body as it arrives, at most {@code limit-request-body} bytes; empty when there is none. A read
     * blocks until the client has sent more, within {@code request-read-timeout.body}; a client that asked for
     * {@code 100 Continue} is sent it on the first read. A timeout, a client that goes away, a body over the limit
     * or a malformed chunk fail the read with a {@link RequestBodyException} (408, 400, 413), which, let out of the
     * handler, is answered with its status. Closing it is not needed.
     */
    public InputStream body() {
        return body;
    }

    /** Whether the request announces a body: a non-zero {@code Content-Length}, or {@code Transfer-Encoding}. */
    public boolean hasBody() {
        return announcesBody(message);
    }

    /**
     * RFC 9112 §6.3: whether a request head announces a body, {@code Transfer-Encoding} or a non-zero length, as
     * Netty's decoder reads the length (a normalized {@code Content-Length}, or the eight bytes of an old
     * WebSocket handshake).
     */
    public static boolean announcesBody(HttpRequest head) {
        return head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) || HttpUtil.getContentLength(head, 0L) > 0;
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
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        return new Request(new DefaultHttpRequest(message.protocolVersion(), HttpMethod.GET, uri, headers),
                InputStream.nullInputStream(), remoteAddress, localAddress, secure);
    }

    /** The value of the {@link Router} path parameter {@code name}, decoded; {@code null} when there is none. */
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** The same request with {@code parameters} as its path parameters: how a {@link Router} hands it on. */
    public Request withPathParameters(Map<String, String> parameters) {
        return new Request(message, body, remoteAddress, localAddress, secure, Map.copyOf(parameters));
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
