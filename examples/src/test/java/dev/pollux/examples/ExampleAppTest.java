package dev.pollux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.mpm.event.PolluxServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each example through a real client, with the router, the status page and static files beside them. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExampleAppTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path uploads;

    private PolluxServer server;

    @BeforeEach
    void start() {
        server = Examples.start(uploads);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(Examples.uri(server, path));
    }

    @Test
    void helloAnswersText() throws Exception {
        HttpResponse<String> response = send(request("/hello"));
        assertEquals(200, response.statusCode());
        assertEquals("Hello from Pollux\n", response.body());
        assertEquals("text/plain; charset=UTF-8", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void greetingAnswersJsonWithTheNameEscaped() throws Exception {
        HttpResponse<String> response = send(request("/api/greeting?name=%22Ada%22"));
        assertEquals(200, response.statusCode());
        assertEquals("{\"greeting\":\"Hello, \\\"Ada\\\"!\"}", response.body());
        assertEquals("application/json; charset=UTF-8", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(400, send(request("/api/greeting?name=" + "x".repeat(101))).statusCode());
    }

    @Test
    void uploadStoresTheBodyAndAnswersItsDigest() throws Exception {
        byte[] body = "the quick brown fox".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = send(request("/upload").PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(201, response.statusCode());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertTrue(response.body().contains("\"sha256\":\"" + digest + "\",\"bytes\":" + body.length),
                response.body());
        try (var files = Files.list(uploads)) {
            Path stored = files.findFirst().orElseThrow();
            assertTrue(response.body().contains(stored.getFileName().toString()));
            assertEquals(body.length, Files.size(stored));
        }
    }

    @Test
    void downloadStreamsTheSizeAskedForWithItsLength() throws Exception {
        HttpResponse<byte[]> response = client.send(request("/download/100000").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("100000", response.headers().firstValue("content-length").orElseThrow());
        byte[] body = response.body();
        assertEquals(100_000, body.length);
        for (int i = 0; i < body.length; i++) {
            assertEquals((byte) (i % Download.PERIOD), body[i], "byte " + i);
        }
        assertEquals(400, send(request("/download/lots")).statusCode());
    }

    @Test
    void theRouterAnswersOtherMethods405AndLeavesOtherPathsToStaticFilesAndStatus() throws Exception {
        HttpResponse<String> delete = send(request("/hello").DELETE());
        assertEquals(405, delete.statusCode());
        assertEquals("GET, HEAD", delete.headers().firstValue("allow").orElseThrow());
        assertEquals(200, send(request("/")).statusCode(), "conf/htdocs' index");
        HttpResponse<String> status = send(request("/server-status?auto"));
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("ServerMPM: event"), status.body());
        assertEquals(404, send(request("/nothing-here")).statusCode());
    }
}
