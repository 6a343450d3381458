package dev.pollux.mpm.event;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.HandlerProvider;
import dev.pollux.core.http.Response;
import dev.pollux.core.http.ServerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * A module handler for the tests whose servers run in JVMs of their own ({@link ChildServer}), found there, as any
 * module, through {@code META-INF/services}: {@code /test/sleep?MILLIS} holds its worker that long, then answers
 * with the process id that served it. Every other path passes on.
 */
public final class SleepHandlerProvider implements HandlerProvider {

    static final String PATH = "/test/sleep";

    @Override
    public Handler create(ServerContext context) {
        return request -> {
            if (!request.rawPath().equals(PATH)) {
                return null;
            }
            try {
                Thread.sleep(request.rawQuery().isEmpty() ? 0 : Long.parseLong(request.rawQuery()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.text(HttpResponseStatus.OK, "text/plain",
                    Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        };
    }
}
