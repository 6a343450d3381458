package dev.pollux.core.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * httpd's rules for granting keep-alive to a response, and the headers that announce the decision
 * ({@code ap_set_keepalive}). Immutable; any thread.
 */
public final class KeepAlivePolicy {

    private final HttpSettings settings;
    private final String timeoutSeconds;

    public KeepAlivePolicy(HttpSettings settings) {
        this.settings = settings;
        this.timeoutSeconds = "timeout=" + Math.max(1, settings.keepAliveTimeout().toSeconds());
    }

    /**
     * Decides whether the connection stays open after this response and sets {@code Connection} and
     * {@code Keep-Alive} on {@code responseHeaders} accordingly.
     *
     * <p>Granted only if keep-alive is on, the server is not stopping, the request did not ask to close (HTTP/1.1
     * without {@code close}, or HTTP/1.0 with {@code keep-alive}), the connection has not used up
     * {@code max-keep-alive-requests} keep-alives, and the status is not one after which httpd always closes
     * (400, 408, 411, 413, 414, 417, 500, 501, 503). {@code Keep-Alive: timeout=N, max=LEFT} is sent only to a
     * client that sent the {@code keep-alive} token; a refusal always says {@code Connection: close}.
     *
     * @param served   requests on this connection, this one included
     * @param stopping whether a graceful stop is under way
     */
    public boolean apply(HttpRequest request, int status, HttpHeaders responseHeaders, int served, boolean stopping) {
        int max = settings.maxKeepAliveRequests();
        // httpd counts the requests after the first: with max 100 a connection carries 101, and the first
        // response announces max=100.
        int left = max - (served - 1);
        boolean granted = settings.keepAlive() && !stopping && HttpUtil.isKeepAlive(request)
                && (max == 0 || left > 0) && !closesAfter(status);
        if (!granted) {
            responseHeaders.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return false;
        }
        if (request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE, true)) {
            responseHeaders.set(HttpHeaderNames.KEEP_ALIVE,
                    max == 0 ? timeoutSeconds : timeoutSeconds + ", max=" + left);
            responseHeaders.set(HttpHeaderNames.CONNECTION, "Keep-Alive");
        }
        return true;
    }

    private static boolean closesAfter(int status) {
        return switch (status) {
            case 400, 408, 411, 413, 414, 417, 500, 501, 503 -> true;
            default -> false;
        };
    }
}
