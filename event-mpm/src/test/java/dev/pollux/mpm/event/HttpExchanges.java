package dev.pollux.mpm.event;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One request with {@link HttpClient} (which follows no redirects) to a fixture, the body read as bytes. */
final class HttpExchanges {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private HttpExchanges() {
    }

    /** {@code headers} as name, value, name, value ... */
    static HttpResponse<byte[]> send(ServerFixture fixture, String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET. */
    static HttpResponse<byte[]> get(ServerFixture fixture, String path, String... headers)
            throws IOException, InterruptedException {
        return send(fixture, "GET", path, headers);
    }

    /** The first value of a response header, or {@code null}. */
    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
