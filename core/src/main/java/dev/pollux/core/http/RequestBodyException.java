package dev.pollux.core.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * Reading a request body failed for a reason that has an HTTP answer: 408 when the client sent too slowly, 413
 * when the body passed {@code limit-request-body}, 400 when it was malformed or the client went away part way. An
 * {@link IOException}, so that stream-reading code passes it on unchanged; a handler that lets it out is answered
 * with its status (and the connection closed), as if it had thrown {@link RequestException}.
 */
public final class RequestBodyException extends IOException {

    private final HttpResponseStatus status;

    public RequestBodyException(HttpResponseStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The same failure as the error the handler chain answers. */
    public RequestException toRequestException() {
        return RequestException.of(status, getMessage());
    }
}
