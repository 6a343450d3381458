package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.PollerCounters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The connection life cycle on every transport that loads here: keep-alive, pipelining, half-close, lingering. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionLifecycleTest {

    @TempDir
    Path docroot;

    private ServerFixture start(String transport, Map<String, Object> settings) throws IOException {
        return ServerFixture.start(transport, ServerFixture.site(docroot), settings, Refusals.ECHO);
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void reusesKeepAliveConnection(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            for (int i = 0; i < 3; i++) {
                RawClient.Reply reply = client.get("/small.html").read();
                assertEquals(200, reply.status());
                assertEquals(612, reply.body().length);
                assertNull(reply.header("Connection"));
            }
            assertEquals(1, fixture.server.scoreboard().poller(0).accepted());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void closesAfterMaxKeepAliveRequests(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of("max-keep-alive-requests", 3));
             RawClient client = fixture.connect()) {
            // httpd's counting: max-keep-alive-requests 3 allows the first request plus three keep-alives.
            for (int left = 3; left > 0; left--) {
                RawClient.Reply reply = client.get("/small.html", "Connection: keep-alive").read();
                assertEquals("timeout=5, max=" + left, reply.header("Keep-Alive"));
            }
            RawClient.Reply last = client.get("/small.html", "Connection: keep-alive").read();
            assertEquals(200, last.status());
            assertEquals("close", last.header("Connection"));
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void closesIdleConnectionAfterKeepAliveTimeout(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of("keep-alive-timeout", "300 ms"));
             RawClient client = fixture.connect()) {
            assertEquals(200, client.get("/small.html").read().status());
            long start = System.nanoTime();
            assertTrue(client.closedByServer());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 250, "closed after " + waited + " ms, before the keep-alive timeout");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void answersPipelinedRequestsInOrder(String transport) throws IOException {
        for (int i = 0; i < 8; i++) {
            Files.writeString(docroot.resolve("p" + i + ".txt"), "body " + i);
        }
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                String method = i == 3 ? "HEAD" : "GET";
                burst.append(method).append(" /p").append(i).append(".txt HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            client.send(burst.toString());
            for (int i = 0; i < 8; i++) {
                RawClient.Reply reply = client.read(i == 3);
                assertEquals(200, reply.status());
                assertEquals(i == 3 ? "" : "body " + i, reply.text());
                assertEquals(String.valueOf(("body " + i).length()), reply.header("Content-Length"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void continuesAnExpectingClientWhenItsHandlerReadsThenAnswersItsRequest(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, client.read().status());
            RawClient.Reply reply = client.send("hello").read();
            assertEquals(200, reply.status());
            assertTrue(reply.text().contains("body=5"), reply.text());
            assertEquals(200, client.get("/small.html").read().status(), "the connection is still usable");
        }
    }

    /** A request the blocking handler holds, and pipelined behind it a POST expecting 100-continue for 5 bytes. */
    private static final String BLOCKED_THEN_EXPECTING = "GET /block HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";

    /** What a test does once its requests are sent, the first held in the handler until it releases it. */
    @FunctionalInterface
    private interface WhileBlocked {
        void run(RawClient client, BlockingHandler handler) throws Exception;
    }

    private void withFirstRequestBlocked(String transport, String requests, WhileBlocked steps) throws Exception {
        BlockingHandler handler = new BlockingHandler();
        try (ServerFixture fixture = ServerFixture.start(transport, ServerFixture.site(docroot), Map.of(), handler,
                Refusals.ECHO);
             RawClient client = fixture.connect()) {
            client.send(requests);
            steps.run(client, handler);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void sends100ContinueOnlyAfterTheResponseToTheRequestPipelinedBeforeIt(String transport) throws Exception {
        withFirstRequestBlocked(transport, BLOCKED_THEN_EXPECTING, (client, handler) -> {
            handler.awaitEntered(1);
            assertTrue(client.nothingArrivesWithin(300), "no 100 Continue ahead of the response still in a worker");
            handler.release();
            assertEquals("released", client.read().text());
            assertEquals(100, client.read().status());
            assertEquals(200, client.send("hello").read().status());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void answersInsteadOfAskingForABodyAfterTheClientShutItsSide(String transport) throws Exception {
        withFirstRequestBlocked(transport, BLOCKED_THEN_EXPECTING, (client, handler) -> {
            client.shutdownOutput();
            handler.awaitEntered(1);
            handler.release();
            assertEquals("released", client.read().text());
            RawClient.Reply reply = client.read();
            // The half-close reaches the poller long before the release. Only if it were later than the handler's
            // first read would a 100 go out, and the read fail as soon as the poller sees the end.
            if (reply.status() == 100) {
                reply = client.read();
            }
            assertEquals(400, reply.status(), "the body cannot come: the read fails");
            assertEquals("close", reply.header("Connection"));
            assertTrue(client.closedByServer());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void doesNotAskForABodyTheClientSentWithoutWaiting(String transport) throws Exception {
        withFirstRequestBlocked(transport, BLOCKED_THEN_EXPECTING + "hello", (client, handler) -> {
            handler.awaitEntered(1);
            handler.release();
            assertEquals("released", client.read().text());
            assertEquals(200, client.read().status(), "the final response, no 100 Continue before it");
        });
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void stopsAtAPipelinedRequestThatAsksToClose(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            client.send("GET /small.html HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /small.html HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(612, client.read().body().length);
            RawClient.Reply last = client.read();
            assertEquals("<h1>index</h1>\n", last.text());
            assertEquals("close", last.header("Connection"));
            assertArrayEquals(new byte[0], client.readToEnd(), "nothing answered after the close");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void answersClientThatHalfClosedAfterItsRequest(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            client.get("/small.html").get("/index.html");
            client.shutdownOutput();
            assertEquals(612, client.read().body().length);
            assertEquals("<h1>index</h1>\n", client.read().text());
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void lingeringCloseDeliversWholeResponseDespiteLateInput(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            client.get("/small.html", "Connection: close");
            PollerCounters poller = fixture.server.scoreboard().poller(0);
            Eventually.holds(() -> poller.count(ConnectionState.CLOSING) == 1, "response written, lingering");
            // Bytes that reach the server after its response, before the client read it: a plain close would
            // answer them with a reset, which on many systems discards the unread response at the client.
            client.send("junk after the last request\r\n".repeat(2000));
            RawClient.Reply reply = client.read();
            assertEquals("close", reply.header("Connection"));
            assertEquals(612, reply.body().length);
            assertArrayEquals(new byte[0], client.readToEnd(), "a clean end of stream, not a reset");
            client.shutdownOutput();
            Eventually.holds(() -> poller.open() == 0, "closed once the client finished");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void closesSilentClientAfterHeaderReadTimeout(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of("request-read-timeout.header", "300 ms"));
             RawClient client = fixture.connect()) {
            assertArrayEquals(new byte[0], client.readToEnd());
            Eventually.holds(() -> fixture.server.scoreboard().poller(0).open() == 0, "connection counted closed");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void answers408ToPartialHeadAfterHeaderReadTimeout(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of("request-read-timeout.header", "300 ms"));
             RawClient client = fixture.connect()) {
            client.send("GET /small.html HTTP/1.1\r\nHost: loc");
            RawClient.Reply reply = client.read();
            assertEquals(408, reply.status());
            assertEquals("close", reply.header("Connection"));
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void acceptsARequestWithExactlyLimitRequestFields(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            // Host and 99 more: the default limit of 100, counted as sent (nothing added for a bodiless GET).
            RawClient.Reply reply = client.get("/small.html", Collections.nCopies(99, "X-F: v").toArray(String[]::new))
                    .read();
            assertEquals(200, reply.status());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void answersMalformedRequestsWithTheirStatusAndCloses(String transport) throws IOException {
        record Case(String request, int status) {
        }
        Case[] cases = {
            new Case("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            new Case("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(9000) + "\r\n\r\n", 400),
            new Case("GET / HTTP/1.1\r\nHost: x\r\n" + "X-F: v\r\n".repeat(101) + "\r\n", 400),
            new Case("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2147483648\r\n\r\n" + "z".repeat(1000), 413),
            new Case("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 501),
            new Case("GET / HTTP/1.1\nHost: x\n\n", 400),
            new Case("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            new Case("\u0001\u0002garbage\r\n\r\n", 400),
            new Case("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
            new Case("GET /docs?\u0001 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            new Case("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        };
        try (ServerFixture fixture = start(transport, Map.of())) {
            for (Case c : cases) {
                try (RawClient client = fixture.connect()) {
                    RawClient.Reply reply = client.send(c.request().getBytes(StandardCharsets.ISO_8859_1)).read();
                    assertEquals(c.status(), reply.status(), c.request().substring(0, Math.min(20, c.request().length())));
                    assertEquals("close", reply.header("Connection"));
                    assertTrue(reply.text().startsWith("<!DOCTYPE html>"), reply.text());
                    assertTrue(client.closedByServer());
                }
            }
        }
    }
}
