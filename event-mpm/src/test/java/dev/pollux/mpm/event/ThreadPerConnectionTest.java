package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mpm.type = worker} in one process: each connection keeps a worker thread from its accept to its close,
 * so the scoreboard shows a waiting keep-alive connection as {@code K} and no more connections are open than
 * {@code max-request-workers}; the protocols behave as under the event MPM.
 */
class ThreadPerConnectionTest {

    @TempDir
    Path docroot;

    private ServerFixture start(int workers) throws IOException {
        ServerFixture.site(docroot);
        return ServerFixture.start("epoll", docroot, Map.of("mpm.type", "worker", "mpm.threads-per-child", 1,
                "mpm.max-request-workers", workers, "mpm.min-spare-threads", 0, "mpm.max-spare-threads", 1));
    }

    @Test
    void aKeepAliveConnectionHoldsItsThreadAsK() throws Exception {
        try (ServerFixture fixture = start(4); RawClient client = new RawClient(fixture.port())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, client.get("/index.html").read().status());
            }
            Eventually.holds(() -> scoreboard(fixture).contains("K"), "the idle connection's thread waits in K");
            assertEquals("worker", fixture.server.scoreboard().mpm());
        }
    }

    @Test
    void pipelinedRequestsAndASlowHeadAreAnsweredInOrder() throws Exception {
        try (ServerFixture fixture = start(4); RawClient client = new RawClient(fixture.port())) {
            client.send("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\nGET /small.html HTTP/1.1\r\nHost: a\r\n\r\n");
            RawClient.Reply first = client.read();
            RawClient.Reply second = client.read();
            assertTrue(first.text().contains("index"), first.text());
            assertEquals(612, second.body().length);
            client.send("GET /index.html HTTP/1.1\r\nHo");
            Thread.sleep(200);
            client.send("st: a\r\n\r\n");
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void connectionsBeyondTheThreadsWaitForOneToClose() throws Exception {
        try (ServerFixture fixture = start(2);
             RawClient first = new RawClient(fixture.port());
             RawClient second = new RawClient(fixture.port())) {
            assertEquals(200, first.get("/index.html").read().status());
            assertEquals(200, second.get("/index.html").read().status());
            try (RawClient third = new RawClient(fixture.port())) {
                third.get("/index.html");
                assertTrue(third.nothingArrivesWithin(500), "two threads hold two connections: the third waits");
                first.close();
                assertEquals(200, third.read().status(), "served once a thread is free");
            }
        }
    }

    @Test
    void aRestartThatLowersTheWorkersRetiresTheThreadsAbove() throws Exception {
        ServerFixture.site(docroot);
        Map<String, Object> four = Map.of("mpm.type", "worker", "mpm.threads-per-child", 1,
                "mpm.max-request-workers", 4, "mpm.min-spare-threads", 3, "mpm.max-spare-threads", 4);
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, four)) {
            Eventually.holds(() -> scoreboard(fixture).chars().filter(c -> c == '_').count() == 3,
                    "three spare threads, in slots 0 to 2");
            fixture.reload(Map.of("mpm.type", "worker", "mpm.threads-per-child", 1, "mpm.max-request-workers", 2,
                    "mpm.min-spare-threads", 0, "mpm.max-spare-threads", 2));
            Eventually.holds(() -> scoreboard(fixture).substring(2).chars().allMatch(c -> c == '.'),
                    "the thread in slot 2 retired");
            try (RawClient client = new RawClient(fixture.port())) {
                assertEquals(200, client.get("/index.html").read().status());
            }
        }
    }

    @Test
    void aConnectionsThreadReportsItsCpuTime() throws Exception {
        try (ServerFixture fixture = start(2); RawClient client = new RawClient(fixture.port())) {
            assertEquals(200, client.get("/index.html").read().status());
            var scoreboard = fixture.server.scoreboard();
            Eventually.holds(() -> java.util.stream.IntStream.range(0, scoreboard.slotCount())
                    .anyMatch(i -> scoreboard.slot(i).cpuNanos() > 0), "the serving thread sampled its CPU");
        }
    }

    private static String scoreboard(ServerFixture fixture) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < fixture.server.scoreboard().slotCount(); i++) {
            letters.append(fixture.server.scoreboard().slot(i).state().letter());
        }
        return letters.toString();
    }
}
