package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import dev.pollux.core.scoreboard.ConnectionState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graceful restarts ({@link PolluxServer#reload}) on real sockets: what was begun finishes under the old
 * generation, what comes next is served under the new one, listeners stay open, and a reload that cannot be done
 * changes nothing.
 */
class GracefulRestartTest {

    @TempDir
    Path directory;

    private Path site(String name, String text) throws IOException {
        Path docroot = Files.createDirectories(directory.resolve(name));
        ServerFixture.site(docroot);
        Files.writeString(docroot.resolve("which.txt"), text);
        return docroot;
    }

    private static Map<String, Object> settings(Object... keysAndValues) {
        Map<String, Object> settings = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    @Test
    void keepAliveConnectionGetsItsNextResponseUnderTheNewConfiguration() throws Exception {
        Path before = site("before", "before");
        Path after = site("after", "after");
        try (ServerFixture fixture = ServerFixture.start("epoll", before, Map.of());
             RawClient client = fixture.connect()) {
            assertEquals("before", client.get("/which.txt").read().text());
            assertEquals(1, fixture.reload(settings("document-root", after.toString(), "limit-request-line", 64)));
            assertEquals("after", client.get("/which.txt").read().text(), "the same connection, the new root");
            // The new generation's limits apply to it too: its decoder was replaced between requests.
            assertEquals(414, client.get("/" + "x".repeat(100)).read().status());
            try (RawClient fresh = fixture.connect()) {
                assertEquals("after", fresh.get("/which.txt").read().text());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strict", "unsafe"})
    void requestPartlyReadBeforeTheReloadFinishesUnderTheOldGeneration(String protocolOptions) throws Exception {
        Path before = site("before", "before");
        Path after = site("after", "after");
        BlockingHandler blocking = new BlockingHandler();
        Map<String, Object> options = settings("http-protocol-options", protocolOptions);
        try (ServerFixture fixture = ServerFixture.start("epoll", before, options, blocking);
             RawClient client = fixture.connect()) {
            // The second request's line and a field arrive with the first: Netty consumes them while it waits for
            // the end of the head, so the decoder is not between requests when the first response has gone.
            client.send("GET /block HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /which.txt HTTP/1.1\r\nHost: localhost\r\n");
            blocking.awaitEntered(1);
            Map<String, Object> next = new HashMap<>(options);
            next.put("document-root", after.toString());
            fixture.reload(next);
            blocking.release();
            assertEquals("released", client.read().text());
            client.send("\r\n");
            assertEquals("before", client.read().text(), "the request begun before the reload, served as it was");
            assertEquals("after", client.get("/which.txt").read().text(), "the next one under the new generation");
        }
    }

    @Test
    void reloadsDoNotKeepIdleConnectionsOpen() throws Exception {
        Path docroot = site("docroot", "same");
        Map<String, Object> shortKeepAlive = settings("keep-alive-timeout", "1 s");
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, shortKeepAlive);
             RawClient idle = fixture.connect()) {
            assertEquals(200, idle.get("/which.txt").read().status());
            long idleSince = System.nanoTime();
            AtomicBoolean reloading = new AtomicBoolean(true);
            CompletableFuture<Void> reloads = CompletableFuture.runAsync(() -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (reloading.get() && System.nanoTime() < end) {
                    fixture.reload(shortKeepAlive);
                    sleep(200);
                }
            });
            assertTrue(idle.closedByServer());
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince);
            reloading.set(false);
            reloads.get(10, TimeUnit.SECONDS);
            assertTrue(closedAfter < 2_500, "closed " + closedAfter + " ms after its last response: each reload "
                    + "took it up under the new generation, but with the time it had already waited");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void responseInProgressCompletesByteForByteAndTheNextIsServedUnderTheNewGeneration() throws Exception {
        Path before = site("before", "before");
        Path after = site("after", "after");
        byte[] large = new byte[16 << 20];
        new Random(12).nextBytes(large);
        Files.write(before.resolve("large.bin"), large);
        try (ServerFixture fixture = ServerFixture.start("epoll", before, Map.of("send-buffer-size", "64 KiB"));
             RawClient slow = fixture.connect()) {
            slow.get("/large.bin");
            // The client reads nothing yet: the response sits in the socket buffers, the rest on the poller.
            Eventually.holds(() -> fixture.server.scoreboard().poller(0).count(ConnectionState.WRITING) == 1,
                    "response being written");
            fixture.reload(settings("document-root", after.toString()));
            RawClient.Reply reply = slow.read();
            assertEquals(200, reply.status());
            assertArrayEquals(large, reply.body());
            assertEquals("after", slow.get("/which.txt").read().text());
        }
    }

    @Test
    void connectionsOpenedDuringReloadsAreAcceptedAndAnswered() throws Exception {
        Path docroot = site("docroot", "same");
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> clients = CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    try (RawClient client = fixture.connect()) {
                        if (client.get("/which.txt").read().status() == 200) {
                            answered.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }
            });
            int port = fixture.port();
            for (int generation = 1; generation <= 10; generation++) {
                int seen = answered.get();
                assertEquals(generation, fixture.reload(Map.of()));
                Eventually.holds(() -> answered.get() > seen + 5, "connections answered after reload");
            }
            running.set(false);
            clients.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), failures, "every connection accepted and answered");
            assertEquals(port, fixture.port(), "the listener kept its socket");
        }
    }

    @Test
    void newAddressesAreBoundAndRemovedOnesClosedWhileTheirConnectionsCarryOn() throws Exception {
        Path docroot = site("docroot", "same");
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            int original = fixture.port();
            // Another address of the loopback network, on a port the OS picks: a second listener.
            fixture.reload(settings("listen", List.of("127.0.0.1:0", "127.0.0.2:0")));
            List<InetSocketAddress> both = fixture.server.addresses();
            assertEquals(original, both.get(0).getPort());
            InetSocketAddress extra = both.get(1);
            assertEquals("127.0.0.2", extra.getAddress().getHostAddress());
            try (RawClient onOriginal = fixture.connect(); RawClient onExtra = new RawClient(extra)) {
                assertEquals(200, onOriginal.get("/which.txt").read().status());
                assertEquals(200, onExtra.get("/which.txt").read().status());
                fixture.reload(settings("listen", List.of("127.0.0.2:0")));
                assertEquals(List.of(extra), fixture.server.addresses());
                assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), original).close());
                assertEquals("same", onOriginal.get("/which.txt").read().text(), "its connection carries on");
                assertEquals("same", onExtra.get("/which.txt").read().text());
            }
        }
    }

    @Test
    void reloadThatCannotBeDoneLeavesTheRunningGenerationServing() throws Exception {
        Path docroot = site("docroot", "before");
        Path after = site("after", "after");
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of());
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RawClient client = fixture.connect()) {
            IllegalStateException inUse = assertThrows(IllegalStateException.class, () -> fixture.reload(settings(
                    "document-root", after.toString(),
                    "listen", List.of("127.0.0.1:0", "127.0.0.1:" + taken.getLocalPort()))));
            assertTrue(inUse.getMessage().contains("cannot listen on /127.0.0.1:" + taken.getLocalPort()),
                    inUse.getMessage());
            ConfigException missing = assertThrows(ConfigException.class,
                    () -> fixture.reload(settings("document-root", directory.resolve("gone").toString())));
            assertTrue(missing.getMessage().contains("pollux.document-root"), missing.getMessage());
            assertEquals(0, fixture.server.scoreboard().generation());
            assertEquals(List.of(fixture.port()), ports(fixture.server));
            assertEquals("before", client.get("/which.txt").read().text());
            assertEquals(1, fixture.reload(settings("document-root", after.toString())), "a later one still works");
            assertEquals("after", client.get("/which.txt").read().text());
        }
    }

    @Test
    void statusPageShowsGenerationsAndWorkersFinishingOldRequestsAsGraceful() throws Exception {
        Path docroot = site("docroot", "same");
        BlockingHandler blocking = new BlockingHandler();
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of(), blocking);
             RawClient busy = fixture.connect(); RawClient status = fixture.connect()) {
            String first = status.get("/server-status?auto").read().text();
            assertTrue(first.contains("ParentServerConfigGeneration: 1\nParentServerMPMGeneration: 0\n"), first);
            busy.get("/block");
            blocking.awaitEntered(1);
            Thread.sleep(1100); // RestartTime has whole seconds
            fixture.reload(Map.of());
            fixture.reload(Map.of());
            String during = status.get("/server-status?auto").read().text();
            assertTrue(during.contains("ParentServerConfigGeneration: 3\nParentServerMPMGeneration: 2\n"), during);
            assertTrue(during.contains("GracefulWorkers: 1\n"), during);
            assertTrue(line(during, "Scoreboard").contains("G"), during);
            assertTrue(!line(during, "RestartTime").equals(line(first, "RestartTime")), "restart time moved");
            blocking.release();
            assertEquals("released", busy.read().text(), "the old generation's request finished");
            String afterwards = status.get("/server-status?auto").read().text();
            assertTrue(afterwards.contains("GracefulWorkers: 0\n"), afterwards);
        }
    }

    @Test
    void workerPoolMovesToTheNewSizes() throws Exception {
        Path docroot = site("docroot", "same");
        Map<String, Object> small = settings("mpm.threads-per-child", 2, "mpm.max-request-workers", 2,
                "mpm.min-spare-threads", 0, "mpm.max-spare-threads", 2);
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, small)) {
            assertEquals(2, scoreboard(fixture).length());
            fixture.reload(settings("mpm.threads-per-child", 4, "mpm.max-request-workers", 12,
                    "mpm.min-spare-threads", 8, "mpm.max-spare-threads", 12));
            Eventually.holds(() -> idleWorkers(fixture) >= 8, "spare workers started up to min-spare-threads");
            assertEquals(12, scoreboard(fixture).length());
            fixture.reload(small);
            Eventually.holds(() -> idleWorkers(fixture) <= 2, "workers retired down to max-request-workers");
            Eventually.holds(() -> scoreboard(fixture).length() == 2, "slots above the limit gone from the page");
        }
    }

    @Test
    void accessLogIsReopenedSoThatARenamedFileLosesNoLine() throws Exception {
        Path docroot = site("docroot", "same");
        Path log = directory.resolve("logs/access.log");
        Map<String, Object> logged = settings("access-log.enabled", true, "access-log.path", log.toString(),
                "max-keep-alive-requests", 0);
        ServerFixture fixture = ServerFixture.start("epoll", docroot, logged);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
            try (RawClient keepAlive = fixture.connect()) {
                while (running.get()) {
                    if (keepAlive.get("/which.txt").read().status() == 200) {
                        answered.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Eventually.holds(() -> answered.get() > 200, "requests before the rotation");
            // logrotate without copytruncate: rename, then tell the server (postrotate pollux -k graceful).
            assertTrue(openHere(log), "the access log is open");
            Files.move(log, log.resolveSibling("access.log.1"));
            fixture.reload(logged);
            int atReload = answered.get();
            Eventually.holds(() -> answered.get() > atReload + 200, "requests after the rotation");
            // Its last connection moved on: the old generation is closed, and with it the renamed file.
            Eventually.holds(() -> !openHere(log.resolveSibling("access.log.1")), "old generation's log closed");
            running.set(false);
            client.get(10, TimeUnit.SECONDS);
        } finally {
            fixture.close();
        }
        long rotated = lines(log.resolveSibling("access.log.1"));
        long fresh = lines(log);
        assertTrue(rotated > 200 && fresh > 200, rotated + " lines before, " + fresh + " after");
        assertEquals(answered.get(), rotated + fresh, "every response logged in one file or the other");
    }

    /** Whether this process holds {@code file} open (Linux: a link in /proc/self/fd). */
    private static boolean openHere(Path file) {
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private static String scoreboard(ServerFixture fixture) {
        return line(auto(fixture), "Scoreboard");
    }

    private static int idleWorkers(ServerFixture fixture) {
        return Integer.parseInt(line(auto(fixture), "IdleWorkers"));
    }

    /** The {@code ?auto} page, on a connection of its own. */
    private static String auto(ServerFixture fixture) {
        try (RawClient status = fixture.connect()) {
            return status.get("/server-status?auto").read().text();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String line(String auto, String key) {
        return auto.lines().filter(l -> l.startsWith(key + ": ")).findFirst()
                .map(l -> l.substring(key.length() + 2)).orElseThrow(() -> new AssertionError(key + " in " + auto));
    }

    private static List<Integer> ports(PolluxServer server) {
        return server.addresses().stream().map(InetSocketAddress::getPort).toList();
    }

}
