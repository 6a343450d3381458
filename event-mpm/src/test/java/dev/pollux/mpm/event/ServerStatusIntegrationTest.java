package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pollux.core.Version;
import dev.pollux.core.scoreboard.ConnectionState;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /server-status} served by a real server, read as the tools that watch httpd read it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerStatusIntegrationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path docroot;

    private static Map<String, String> auto(RawClient client) throws IOException {
        RawClient.Reply reply = client.get("/server-status?auto").read();
        assertEquals(200, reply.status());
        assertEquals("text/plain; charset=ISO-8859-1", reply.header("Content-Type"));
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : reply.text().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    @Test
    void scoreboardFollowsARequestThroughTheWorker() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        try (ServerFixture fixture = ServerFixture.start("epoll", ServerFixture.site(docroot), Map.of(), handler);
             RawClient blocked = fixture.connect(); RawClient watcher = fixture.connect()) {
            blocked.get("/block");
            handler.awaitEntered(1);
            Map<String, String> during = auto(watcher);
            assertEquals("2", during.get("BusyWorkers"), "the blocked request and the status request");
            assertTrue(during.get("Scoreboard").chars().filter(c -> c == 'W').count() >= 2, during.get("Scoreboard"));
            handler.release();
            assertEquals("released", blocked.read().text());
            Eventually.holds(() -> fixture.server.scoreboard().poller(0).count(ConnectionState.KEEPALIVE) == 2,
                    "both connections back in keep-alive");
            Eventually.holds(() -> fixture.server.scoreboard().totals().busyWorkers() == 0,
                    "a worker marks its slot idle after it hands the response to the poller, so a moment later");
            Map<String, String> after = auto(watcher);
            assertEquals("1", after.get("BusyWorkers"), "only the status request itself");
            assertEquals("1", after.get("ConnsAsyncKeepAlive"), "the released connection waits in keep-alive");
            assertEquals("2", after.get("ConnsTotal"));
            assertTrue(fixture.server.scoreboard().totals().idleWorkers() > 0);
            Eventually.holds(() -> fixture.server.scoreboard().totals().busyWorkers() == 0,
                    "the status request's worker ends idle too");
        }
    }

    @Test
    void totalsCountTheRequestsSent() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", ServerFixture.site(docroot), Map.of());
             RawClient client = fixture.connect()) {
            for (int i = 0; i < 10; i++) {
                assertEquals(612, client.get("/small.html").read().body().length);
            }
            Map<String, String> status = auto(client);
            assertEquals("10", status.get("Total Accesses"));
            assertEquals("5", status.get("Total kBytes"), "6120 bytes of bodies, in whole KiB as httpd floors them");
            assertEquals("event", status.get("ServerMPM"));
            assertTrue(status.get("ServerVersion").matches("Pollux/\\d+\\.\\d+\\.\\d+ .*"), status.get("ServerVersion"));
            assertEquals("11", auto(client).get("Total Accesses"), "the first status request now counts too");
        }
    }

    @Test
    void refusesClientsOutsideTheAllowList() throws Exception {
        Map<String, Object> settings = Map.of("status.allow", List.of("127.0.0.1/32"));
        try (ServerFixture fixture = ServerFixture.start("epoll", ServerFixture.site(docroot), settings);
             RawClient outsider = new RawClient(fixture.port(), InetAddress.getByName("127.0.0.2"));
             RawClient insider = fixture.connect()) {
            assertEquals(403, outsider.get("/server-status?auto").read().status());
            assertEquals(200, insider.get("/server-status/?auto").read().status());
        }
    }

    @Test
    void apacheExporterReadsThePageUnchanged() throws Exception {
        String exporter = "/usr/bin/prometheus-apache-exporter";
        assumeTrue(new File(exporter).canExecute(), "prometheus-apache-exporter is installed by .ci/run");
        try (ServerFixture fixture = ServerFixture.start("epoll", ServerFixture.site(docroot), Map.of());
             RawClient client = fixture.connect()) {
            client.get("/small.html").read();
            int port = ServerFixture.freePort();
            Process process = new ProcessBuilder(exporter,
                    "--scrape_uri=http://127.0.0.1:" + fixture.port() + "/server-status/?auto",
                    "--telemetry.address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String metrics = scrape(port);
                assertTrue(metrics.contains("\napache_up 1\n"), metrics);
                assertTrue(!metrics.matches("(?s).*\napache_exporter_scrape_failures_total [1-9].*"), metrics);
                assertTrue(metrics.contains("\napache_info{mpm=\"event\",version=\"" + Version.SERVER_TOKEN
                        + " (Unix)\"} 1\n"), metrics);
                assertTrue(metrics.contains("\napache_workers{state=\"busy\"} 1\n"), metrics);
                assertTrue(metrics.contains("\napache_workers{state=\"idle\"} 3\n"), metrics);
                // The test's connection and the exporter's own.
                assertTrue(metrics.contains("\napache_connections{state=\"total\"} 2\n"), metrics);
                assertTrue(metrics.contains("\napache_scoreboard{state=\"open_slot\"} 4\n"), metrics);
                assertTrue(metrics.contains("\napache_accesses_total 1\n"), metrics);
            } finally {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The exporter's metrics once it has started and scraped Pollux. */
    private static String scrape(int port) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException notYetListening) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("exporter never answered", notYetListening);
                }
                Thread.onSpinWait();
            }
        }
    }

}
