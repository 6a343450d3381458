package dev.pollux.core.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An error that carries its response status. The worker's one catch ladder turns it into a short HTML error
 * page, and the keep-alive rules decide whether the connection survives it (400, 408, 413, 414 ... close it); no
 * stack trace reaches the client.
 */
public final class RequestException extends Exception {

    private final HttpResponseStatus status;
    private final String allow;

    private RequestException(HttpResponseStatus status, String reason, String allow) {
        super(reason, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    /** 400: the request is malformed, or names a path that is not allowed. */
    public static RequestException badRequest(String reason) {
        return new RequestException(HttpResponseStatus.BAD_REQUEST, reason, null);
    }

    /** 403: the resource exists but may not be served. */
    public static RequestException forbidden(String reason) {
        return new RequestException(HttpResponseStatus.FORBIDDEN, reason, null);
    }

    /** 404. */
    public static RequestException notFound() {
        return new RequestException(HttpResponseStatus.NOT_FOUND, "not found", null);
    }

    /** 405, with the {@code Allow} header RFC 9110 §15.5.6 requires. */
    public static RequestException methodNotAllowed(String allow) {
        return new RequestException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed", allow);
    }

    /** Any other status. */
    public static RequestException of(HttpResponseStatus status, String reason) {
        return new RequestException(status, reason, null);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The error page for this exception. */
    public Response toResponse() {
        Response response = ErrorPages.response(status);
        if (allow != null) {
            response.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        return response;
    }
}
