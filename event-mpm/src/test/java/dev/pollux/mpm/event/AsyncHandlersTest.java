package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import dev.pollux.core.scoreboard.ConnectionState;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers that answer later: their workers go back to the pool while the requests wait, counted suspended; the
 * answers arrive in order with what was pipelined behind them, failures become error pages, and graceful stop
 * waits for them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AsyncHandlersTest {

    @TempDir
    Path docroot;

    /** The answers the handler promised, in the order the workers took the requests up. */
    private final List<CompletableFuture<Response>> promised = new CopyOnWriteArrayList<>();
    /** The same, by the query of the request each answers. */
    private final Map<String, CompletableFuture<Response>> byQuery = new ConcurrentHashMap<>();

    /** {@code /later}: a response that comes when the test completes the promise. */
    private final Handler later = request -> {
        if (!request.rawPath().equals("/later")) {
            return null;
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        byQuery.put(request.rawQuery(), answer);
        promised.add(answer);
        return Response.later(answer);
    };

    @BeforeEach
    void site() throws Exception {
        ServerFixture.site(docroot);
    }

    private static Response text(String text) {
        return Response.text(HttpResponseStatus.OK, "text/plain", text, StandardCharsets.US_ASCII);
    }

    private static long suspended(ServerFixture fixture) {
        return fixture.server.scoreboard().poller(0).count(ConnectionState.SUSPENDED);
    }

    @Test
    void moreRequestsWaitThanThereAreWorkersAndTheServerStillAnswers() throws Exception {
        // At most 8 workers (the fixture's max-request-workers): 12 waiting requests would hold them all.
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, Map.of("mpm.pollers", 1), later)) {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) {
                    clients.add(fixture.connect().get("/later?" + i));
                }
                Eventually.holds(() -> promised.size() == 12 && suspended(fixture) == 12,
                        "twelve requests suspended, their workers released");
                assertEquals(200, fixture.connect().get("/small.html").read().status(),
                        "a worker is free for the next request");
                for (int i = 0; i < 12; i++) {
                    byQuery.get(String.valueOf(i)).complete(text("answer " + i));
                }
                for (int i = 0; i < 12; i++) {
                    assertEquals("answer " + i, clients.get(i).read().text());
                }
                assertEquals(0, suspended(fixture));
            } finally {
                for (RawClient client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void aPipelinedRequestIsAnsweredAfterTheLaterOneAndFailuresAreErrorPages() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, Map.of(), later);
             RawClient client = fixture.connect()) {
            client.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /later HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /small.html HTTP/1.1\r\nHost: x\r\n\r\n");
            Eventually.holds(() -> promised.size() == 1, "the first request is taken up");
            assertTrue(client.nothingArrivesWithin(200), "nothing before the first answer");
            promised.get(0).completeExceptionally(RequestException.of(HttpResponseStatus.CONFLICT, "busy"));
            assertEquals(409, client.read().status());
            Eventually.holds(() -> promised.size() == 2, "the second request is taken up after the first answer");
            promised.get(1).complete(text("second"));
            assertEquals("second", client.read().text());
            assertEquals(612, client.read().body().length, "then the request pipelined behind them");
        }
    }

    @Test
    void aStageThatFailsIsA500ThatDoesNotShowTheCause() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("auto", docroot, Map.of(), later);
             RawClient client = fixture.connect()) {
            client.get("/later");
            Eventually.holds(() -> promised.size() == 1, "the request is taken up");
            promised.get(0).completeExceptionally(new IllegalStateException("the backend broke"));
            RawClient.Reply failed = client.read();
            assertEquals(500, failed.status());
            assertFalse(failed.text().contains("backend"), "the cause is not shown");
            assertEquals("close", failed.header("Connection"), "as after any 500");
        }
    }

    @Test
    void gracefulStopWaitsForALaterAnswer() throws Exception {
        ServerFixture fixture = ServerFixture.start("auto", docroot, Map.of("graceful-shutdown-timeout", "10 s"),
                later);
        Thread stopper = new Thread(fixture::close);
        try (RawClient client = fixture.connect()) {
            client.get("/later");
            Eventually.holds(() -> suspended(fixture) == 1, "the request is suspended");
            stopper.start();
            Thread.sleep(300);
            assertTrue(stopper.isAlive(), "the stop waits for the answer");
            promised.get(0).complete(text("in time"));
            RawClient.Reply reply = client.read();
            assertEquals("in time", reply.text());
            assertEquals("close", reply.header("Connection"));
            assertTrue(client.closedByServer());
        }
        stopper.join(5_000);
        assertFalse(stopper.isAlive(), "the stop ends once the answered connection has closed");
    }
}
