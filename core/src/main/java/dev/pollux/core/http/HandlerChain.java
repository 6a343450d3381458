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
}
