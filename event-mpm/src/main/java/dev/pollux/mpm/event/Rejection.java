package dev.pollux.mpm.event;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * A request the poller refuses before any worker sees it, queued in its place so that its error response keeps
 * the order of pipelined responses. Every rejection closes the connection afterwards.
 *
 * @param status  the error status
 * @param reason  what was wrong, for the {@code dev.pollux.io} debug log
 * @param request the refused request, for the access log; {@code null} when the bytes never formed one
 */
record Rejection(HttpResponseStatus status, String reason, HttpRequest request) {

    /** A rejection of bytes that did not form a request. */
    Rejection(HttpResponseStatus status, String reason) {
        this(status, reason, null);
    }

    /** The same rejection, naming the request it refuses. */
    Rejection of(HttpRequest refused) {
        return new Rejection(status, reason, refused);
    }

    /** The answer to a request the codec could not decode (RFC 9112 §2.2, §3, §5). */
    static Rejection decodeFailure(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, cause.getMessage());
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, cause.getMessage());
        }
        return new Rejection(HttpResponseStatus.BAD_REQUEST, String.valueOf(cause.getMessage()));
    }
}
