package dev.pollux.mpm.event;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * A request the poller refuses before any worker sees it, queued in its place so that its error response keeps
 * the order of pipelined responses. Every rejection closes the connection afterwards.
 *
 * @param status the error status
 * @param reason what was wrong, for the {@code dev.pollux.io} debug log
 */
record Rejection(HttpResponseStatus status, String reason) {

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
