package dev.pollux.core.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * The short HTML bodies of error responses: the status and one sentence, never a cause or a stack trace.
 */
public final class ErrorPages {

    private ErrorPages() {
    }

    /** A fresh response for {@code status} with its error page as the body. */
    public static Response response(HttpResponseStatus status) {
        return response(status, null);
    }

    /**
     * The same with {@code detail}, text the client may see (a header field's name, as httpd names it), escaped
     * on the page after the explanation; {@code null} for none.
     */
    public static Response response(HttpResponseStatus status, String detail) {
        String page = "<!DOCTYPE html>\n<html><head><title>" + status.code() + ' ' + status.reasonPhrase()
                + "</title></head>\n<body><h1>" + status.reasonPhrase() + "</h1>\n<p>" + explanation(status)
                + (detail == null ? "" : "<br>\n" + HtmlEscaper.escape(detail)) + "</p></body></html>\n";
        return Response.text(status, "text/html", page, StandardCharsets.ISO_8859_1);
    }

    private static String explanation(HttpResponseStatus status) {
        return switch (status.code()) {
            case 400 -> "Your browser sent a request that this server could not understand.";
            case 403 -> "You don't have permission to access this resource.";
            case 404 -> "The requested URL was not found on this server.";
            case 405 -> "The requested method is not allowed for this URL.";
            case 408 -> "The server timed out waiting for the request.";
            case 413 -> "The request body is larger than this server accepts.";
            case 414 -> "The requested URL's length exceeds the capacity limit for this server.";
            case 431 -> "The request's header fields are larger than this server accepts.";
            case 501 -> "The request method is not implemented by this server.";
            case 503 -> "The server is temporarily unable to service your request. Please try again later.";
            default -> "The server could not complete your request.";
        };
    }
}
