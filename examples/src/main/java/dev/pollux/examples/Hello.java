package dev.pollux.examples;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** {@code GET /hello}: the smallest handler there is. Runs on a worker; stateless. */
public final class Hello implements Handler {

    @Override
    public Response handle(Request request) {
        return Response.text(HttpResponseStatus.OK, "text/plain", "Hello from Pollux\n", StandardCharsets.UTF_8);
    }
}
