package dev.pollux.core.http;

/**
 * Produces the response to a request. Handlers run on worker threads and may block (disk, databases, user
 * code); they never run on a poller.
 *
 * <p>A handler returns {@code null} when the request is not its to answer, so that the next handler in the
 * chain may try. It signals an HTTP error by throwing {@link RequestException}; any other exception becomes a
 * 500 whose body says nothing about the cause.
 */
@FunctionalInterface
public interface Handler extends AutoCloseable {

    /**
     * Answers {@code request}, or returns {@code null} to pass it on.
     *
     * @throws RequestException for an error response with a given status
     * @throws Exception        for a failure, answered 500
     */
    Response handle(Request request) throws Exception;

    /** Releases what the handler holds (threads, files) when its server stops; by default nothing. */
    @Override
    default void close() {
    }
}
