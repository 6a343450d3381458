package dev.pollux.mpm.http1;

/**
 * A request head that breaks a strict syntax rule, carried as the cause of the decoder's failed result like
 * Netty's own decode failures, so that one place turns every failure into its answer. Without a stack trace:
 * a client can provoke it at will.
 */
public final class MalformedHeadException extends IllegalArgumentException {

    private final boolean http09;

    private MalformedHeadException(String reason, boolean http09) {
        super(reason);
        this.http09 = http09;
    }

    /** A head that is answered 400. */
    static MalformedHeadException badRequest(String reason) {
        return new MalformedHeadException(reason, false);
    }

    /**
     * A request line without a version: an HTTP/0.9 request, whose client could not read an HTTP/1.x answer, so it
     * gets none (httpd answers it in HTTP/0.9 by default, and 400 with {@code Require1.0}).
     */
    static MalformedHeadException http09Request() {
        return new MalformedHeadException("HTTP/0.9 request (no version in the request line)", true);
    }

    /** Whether this is an HTTP/0.9 request, closed without an answer. */
    public boolean isHttp09() {
        return http09;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
