package dev.pollux.examples;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /api/greeting?name=Ada}: a JSON endpoint, {@code {"greeting":"Hello, Ada!"}}; a name longer than 100
 * characters is a 400. Runs on a worker; stateless.
 */
public final class Greeting implements Handler {

    @Override
    public Response handle(Request request) throws RequestException {
        List<String> names = new QueryStringDecoder(request.rawQuery(), StandardCharsets.UTF_8, false)
                .parameters().getOrDefault("name", List.of("world"));
        String name = names.get(0);
        if (name.length() > 100) {
            throw RequestException.badRequest("name longer than 100 characters");
        }
        return Response.text(HttpResponseStatus.OK, "application/json",
                "{\"greeting\":" + Json.string("Hello, " + name + "!") + "}", StandardCharsets.UTF_8);
    }
}
