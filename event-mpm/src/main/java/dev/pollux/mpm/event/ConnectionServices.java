package dev.pollux.mpm.event;

import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.log.AccessLog;
import dev.pollux.core.log.AccessLogEntry;
import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;

/**
 * What every connection of the server shares: settings, the worker pool, the access log and the scoreboard,
 * plus the checks a poller makes on a decoded request before any worker sees it. Immutable; the methods are
 * called on poller threads and never block.
 */
final class ConnectionServices {

    /** RFC 9110 §9 methods and PATCH; anything else is answered 501, as httpd does for unknown methods. */
    private static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.CONNECT, HttpMethod.OPTIONS, HttpMethod.TRACE,
            HttpMethod.PATCH);

    private final HttpSettings http;
    private final WorkerPool workers;
    private final RequestProcessor processor;
    private final AccessLog accessLog;
    private final Scoreboard scoreboard;
    private final String serverName;

    ConnectionServices(HttpSettings http, WorkerPool workers, RequestProcessor processor, AccessLog accessLog,
                       Scoreboard scoreboard, String serverName) {
        this.http = http;
        this.workers = workers;
        this.processor = processor;
        this.accessLog = accessLog;
        this.scoreboard = scoreboard;
        this.serverName = serverName;
    }

    HttpSettings http() {
        return http;
    }

    WorkerPool workers() {
        return workers;
    }

    boolean stopping() {
        return scoreboard.stopping();
    }

    /**
     * The request itself if it may go to a worker, else the {@link Rejection} that answers it (the request is then
     * released): decode failures, an HTTP/1.1 request without exactly one {@code Host} (RFC 9112 §3.2), too many
     * or too long header fields (httpd's LimitRequestFields and
     * LimitRequestFieldSize; 431 per RFC 6585), and unknown methods.
     */
    Object admit(FullHttpRequest request) {
        Rejection rejection = rejectionOf(request);
        if (rejection == null) {
            return request;
        }
        request.release();
        return request.decoderResult().isFailure() ? rejection : rejection.of(request);
    }

    private Rejection rejectionOf(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Rejection.decodeFailure(request.decoderResult().cause());
        }
        if (hasControlCharacter(request.uri())) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "control character in the request target");
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 request without exactly one Host");
        }
        int fields = http.limitRequestFields();
        if (fields > 0 && request.headers().size() > fields) {
            return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "more than " + fields + " fields");
        }
        for (Map.Entry<String, String> field : request.headers()) {
            if (field.getKey().length() + 2 + field.getValue().length() > http.limitRequestFieldSize()) {
                return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "field " + field.getKey() + " longer than limit-request-field-size");
            }
        }
        if (!KNOWN_METHODS.contains(request.method())) {
            return new Rejection(HttpResponseStatus.NOT_IMPLEMENTED, "unknown method");
        }
        return null;
    }

    /** RFC 9112 §3.2: a request target is visible ASCII; a control byte there is malformed. */
    private static boolean hasControlCharacter(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** An error the poller answers itself, closing afterwards; {@code request} may be {@code null}. */
    PreparedResponse errorResponse(HttpResponseStatus status, HttpRequest request) {
        return processor.error(status, Exchange.now(request));
    }

    /** Queues the access-log line of a written response; never blocks. */
    void logAccess(Connection connection, PreparedResponse response) {
        if (!accessLog.enabled()) {
            return;
        }
        Exchange exchange = response.exchange();
        HttpRequest request = exchange.request();
        InetSocketAddress local = (InetSocketAddress) connection.context().channel().localAddress();
        accessLog.log(new AccessLogEntry(connection.clientIp(), local.getPort(), serverName,
                exchange.arrivalMillis(),
                request == null ? "-" : request.method().name(),
                request == null ? "-" : request.uri(),
                request == null ? "-" : request.protocolVersion().text(),
                request == null ? EmptyHttpHeaders.INSTANCE : request.headers(),
                response.status().code(), response.headers(), response.bodyBytes(),
                (System.nanoTime() - exchange.arrivalNanos()) / 1000));
    }
}
