package dev.pollux.core.site;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * httpd's {@code TraceEnable}: with it on, TRACE is answered with the request as received ({@code message/http},
 * RFC 9110 §9.3.8), a request with a body refused 413 as httpd's default does; with it off, 405 for every path.
 * Runs before every other handler, as httpd's core does. Immutable; worker threads.
 */
final class Trace implements Handler {

    private static final String ALLOW = "GET, HEAD, OPTIONS";

    private final boolean enabled;

    Trace(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Response handle(Request request) throws RequestException {
        if (!request.method().equals(HttpMethod.TRACE)) {
            return null;
        }
        if (!enabled) {
            throw RequestException.methodNotAllowed(ALLOW);
        }
        if (request.hasBody()) {
            throw RequestException.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "TRACE with a body");
        }
        StringBuilder echo = new StringBuilder(256).append("TRACE ").append(request.uri()).append(' ')
                .append(request.protocolVersion().text()).append("\r\n");
        for (Map.Entry<String, String> field : request.headers()) {
            echo.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
        }
        return Response.text(HttpResponseStatus.OK, "message/http", echo.append("\r\n").toString(),
                StandardCharsets.ISO_8859_1);
    }
}
