package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 in cleartext ({@code h2c}): upgraded from HTTP/1.1 for {@code java.net.http.HttpClient}, and frame by
 * frame with prior knowledge from a raw socket: requests and
 * responses, the HTTP/1 rules on header blocks with HTTP/2's error codes, the rapid-reset and CONTINUATION-flood
 * bounds, the keep-alive timeout of an idle connection and GOAWAY at a graceful stop.
 */
class Http2IntegrationTest {

    private static final Map<String, Object> H2C = Map.of("protocols", List.of("h2c", "http/1.1"));

    @TempDir
    Path docroot;

    @BeforeEach
    void site() throws Exception {
        ServerFixture.site(docroot);
    }

    @Test
    void priorKnowledgeSpeaksHttp2AndHttp1StillWorks() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, H2C);
             RawH2Client client = new RawH2Client(fixture.port())) {
            client.get(1, "/small.html");
            client.get(3, "/missing");
            client.flush();
            RawH2Client.Response small = client.response(1);
            assertEquals(200, small.status());
            assertEquals(612, small.body().length);
            assertEquals("612", small.headers().get("content-length").toString());
            assertEquals(404, client.response(3).status());
            assertEquals(200, fixture.connect().get("/small.html").read().status(), "HTTP/1 beside it");
        }
    }

    @Test
    void upgradeToH2cTurnsTheConnectionIntoHttp2() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, H2C)) {
            // HttpClient asks for h2c with Upgrade on its first request to an http:// URI.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            URI uri = URI.create("http://127.0.0.1:" + fixture.port() + "/small.html");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_2, response.version(), "request " + i);
                assertEquals(612, response.body().length());
            }
            assertEquals(1, fixture.server.scoreboard().poller(0).accepted(), "one connection, upgraded");
        }
    }

    @Test
    void withoutH2cThePrefaceIsNotHttp() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, Map.of());
             RawClient client = fixture.connect()) {
            client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            int status = client.read().status();
            assertTrue(status == 400 || status == 505, "refused as HTTP/1: " + status);
        }
    }

    @Test
    void aForbiddenFieldResetsOnlyItsStream() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, H2C);
             RawH2Client client = new RawH2Client(fixture.port())) {
            String[][] forbidden = {{"connection", "keep-alive"}, {"te", "gzip"}, {"Upper-Case", "x"}};
            for (int i = 0; i < forbidden.length; i++) {
                int stream = 1 + 2 * i;
                client.get(stream, "/small.html", forbidden[i][0], forbidden[i][1]);
                client.flush();
                RawH2Client.Frame reset = client.await(RawH2Client.RST_STREAM);
                assertNotNull(reset, forbidden[i][0] + ": a stream error, not a connection error");
                assertEquals(stream, reset.stream());
                assertEquals(RawH2Client.PROTOCOL_ERROR, reset.errorCode(), forbidden[i][0]);
            }
            client.get(7, "/small.html");
            client.flush();
            assertEquals(200, client.response(7).status());
        }
    }

    @Test
    void theHttp1RulesApplyToHeaderBlocks() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot,
                Map.of("protocols", List.of("h2c", "http/1.1"), "limit-request-fields", 5));
             RawH2Client client = new RawH2Client(fixture.port())) {
            client.get(1, "/small.html", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5", "f", "6");
            client.get(3, "/small.html");
            client.flush();
            assertEquals(400, client.response(1).status(), "too many fields: 400, as for HTTP/1 and in httpd");
            assertEquals(200, client.response(3).status(), "the connection carries on");
        }
    }

    @Test
    void rapidResetEndsTheConnection() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        try (ServerFixture fixture = ServerFixture.start("auto", docroot,
                Map.of("protocols", List.of("h2c", "http/1.1"), "h2.max-resets", 20), handler);
             RawH2Client client = new RawH2Client(fixture.port())) {
            // One reset past the limit and nothing more: the server reads all of it before it closes, so that the
            // close is a FIN after GOAWAY rather than a reset that would discard the GOAWAY on its way.
            // Each stream's handler holds it (or it waits for a worker) when it is reset, so that every reset
            // meets an open stream: one the server had answered and closed would not count.
            for (int stream = 1; stream <= 2 * 21; stream += 2) {
                client.frame(RawH2Client.HEADERS, RawH2Client.END_HEADERS, stream, client.getBlock("/block"));
                client.reset(stream);
            }
            client.flush();
            assertCalmedAndClosed(client);
        } finally {
            handler.release();
        }
    }

    @Test
    void aContinuationFloodEndsTheConnection() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, H2C);
             RawH2Client client = new RawH2Client(fixture.port())) {
            byte[] block = client.getBlock("/small.html", "x-padding", "p".repeat(200));
            client.frame(RawH2Client.HEADERS, RawH2Client.END_STREAM, 1, Arrays.copyOfRange(block, 0, 1));
            // Netty allows 16 small CONTINUATION frames in a row: the 17th is the flood (and the last byte sent).
            for (int i = 1; i <= 17; i++) {
                client.frame(RawH2Client.CONTINUATION, 0, 1, Arrays.copyOfRange(block, i, i + 1));
            }
            client.flush();
            assertCalmedAndClosed(client);
        }
    }

    /** A flood's answer: GOAWAY ENHANCE_YOUR_CALM, then the end of the connection. */
    private static void assertCalmedAndClosed(RawH2Client client) throws Exception {
        RawH2Client.Frame goAway = client.await(RawH2Client.GOAWAY);
        assertNotNull(goAway, "GOAWAY before the close");
        assertEquals(RawH2Client.ENHANCE_YOUR_CALM, goAway.errorCode());
        assertTrue(client.closedByServer());
    }

    @Test
    void anIdleConnectionMeetsTheKeepAliveTimeout() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot,
                Map.of("protocols", List.of("h2c", "http/1.1"), "keep-alive-timeout", "1 s"));
             RawH2Client client = new RawH2Client(fixture.port())) {
            client.get(1, "/small.html");
            client.flush();
            assertEquals(200, client.response(1).status());
            long start = System.nanoTime();
            assertNotNull(client.await(RawH2Client.GOAWAY), "GOAWAY when the keep-alive timeout passes");
            assertTrue(client.closedByServer());
            assertTrue(System.nanoTime() - start > 500_000_000L, "not before the timeout");
        }
    }

    @Test
    void aConnectionsStreamsBeyondItsShareOfTheWorkersWaitOnThePoller() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        try (ServerFixture fixture = ServerFixture.start("auto", docroot,
                Map.of("protocols", List.of("h2c", "http/1.1"), "h2.max-streams-in-workers", 2), handler);
             RawH2Client client = new RawH2Client(fixture.port())) {
            for (int stream = 1; stream <= 7; stream += 2) {
                client.get(stream, "/block");
            }
            client.flush();
            handler.awaitEntered(2);
            assertTrue(!handler.entersWithin(300), "two streams in workers, two waiting");
            handler.release();
            for (int stream = 1; stream <= 7; stream += 2) {
                RawH2Client.Response response = client.response(stream);
                assertEquals(200, response.status(), "stream " + stream + " answered, none refused");
                assertEquals("released", new String(response.body()));
            }
        }
    }

    @Test
    void aGracefulStopSendsGoAwayAndFinishesOpenStreams() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        ServerFixture fixture = ServerFixture.start("auto", docroot, H2C, handler);
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            client.get(1, "/block");
            client.flush();
            handler.awaitEntered(1);
            Thread stopper = new Thread(fixture::close, "stopper");
            stopper.start();
            RawH2Client.Frame goAway = client.await(RawH2Client.GOAWAY);
            assertNotNull(goAway, "GOAWAY at the stop");
            handler.release();
            RawH2Client.Response blocked = client.response(1);
            assertEquals(200, blocked.status());
            assertEquals("released", new String(blocked.body()));
            assertTrue(client.closedByServer());
            stopper.join(10_000);
        } finally {
            handler.release();
            fixture.close();
        }
    }
}
