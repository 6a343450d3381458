package dev.pollux.core.http;

import java.util.List;

/** Handlers tried in order; the first that answers wins, and a request nobody answers is a 404. */
public final class HandlerChain implements Handler {

    private final List<Handler> handlers;

    public HandlerChain(List<Handler> handlers) {
        this.handlers = List.copyOf(handlers);
    }

    @Override
    public Response handle(Request request) throws Exception {
        for (Handler handler : handlers) {
            Response response = handler.handle(request);
            if (response != null) {
                return response;
            }
        }
        throw RequestException.notFound();
    }

    /** Closes every handler, in order; one that fails to close does not keep the others open. */
    @Override
    public void close() {
        closeAll(handlers);
    }

    /** Closes each of {@code handlers}, in order, all of them even when one fails; then throws the first failure. */
    public static void closeAll(List<Handler> handlers) {
        RuntimeException failure = null;
        for (Handler handler : handlers) {
            try {
                handler.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
