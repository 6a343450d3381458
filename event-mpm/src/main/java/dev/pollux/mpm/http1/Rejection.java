package dev.pollux.mpm.http1;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * A request the poller refuses before any worker sees it, queued in its place so that its error response keeps
 * the order of pipelined responses. Every rejection closes the connection afterwards.
 *
 * @param status  the error status; {@code null} for a request that gets no answer at all (HTTP/0.9)
 * @param reason  what was wrong, for the {@code dev.pollux.io} debug log
 * @param detail  text for the error page, such as the name of a field over the limit; {@code null} for none
 * @param request the refused request, for the access log; {@code null} when the bytes never formed one
 */
public record Rejection(HttpResponseStatus status, String reason, String detail, HttpRequest request) {

    /** A rejection of bytes that did not form a request. */
    public Rejection(HttpResponseStatus status, String reason) {
        this(status, reason, null, null);
    }

    /** The same rejection, naming the request it refuses. */
    public Rejection of(HttpRequest refused) {
        return new Rejection(status, reason, detail, refused);
    }

    /** Whether the client is answered; if not, the connection is only closed. */
    public boolean answered() {
        return status != null;
    }

    /**
     * The answer to a request the decoder could not decode (RFC 9112 §2.2, §3, §5): 414 for a request line over
     * {@code limit-request-line}, 400 for everything else, a header section over its bound included (httpd answers
     * its field limits 400), and none for an HTTP/0.9 request.
     */
    public static Rejection decodeFailure(Throwable cause) {
        if (cause instanceof MalformedHeadException malformed && malformed.isHttp09()) {
            return new Rejection(null, malformed.getMessage());
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, cause.getMessage());
        }
        if (cause instanceof TooLongFrameException) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, cause.getMessage(),
                    "The request's header section exceeds this server's limit.", null);
        }
        return new Rejection(HttpResponseStatus.BAD_REQUEST, String.valueOf(cause.getMessage()));
    }
}
