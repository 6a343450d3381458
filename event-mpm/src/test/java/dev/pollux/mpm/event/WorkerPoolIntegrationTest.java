package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Response;
import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.PollerCounters;
import dev.pollux.core.scoreboard.WorkerState;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Workers are held only by handlers: slow clients, idle connections and saturation stay on the poller. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolIntegrationTest {

    @TempDir
    Path docroot;

    /** A pool of exactly {@code workers} threads, with room for {@code queued} waiting requests. */
    private static Map<String, Object> pool(int workers, double queueFactor) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("mpm.start-servers", 1);
        settings.put("mpm.threads-per-child", workers);
        settings.put("mpm.max-request-workers", workers);
        settings.put("mpm.min-spare-threads", 0);
        settings.put("mpm.max-spare-threads", workers);
        settings.put("mpm.async-request-worker-factor", queueFactor);
        return settings;
    }

    @Test
    void slowReaderOfLargeFileDoesNotHoldTheOnlyWorker() throws Exception {
        ServerFixture.site(docroot);
        long size = 64L << 20;
        try (var file = new java.io.RandomAccessFile(docroot.resolve("large.bin").toFile(), "rw")) {
            file.setLength(size);
        }
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, pool(1, 2));
             RawClient slow = fixture.connect()) {
            slow.get("/large.bin");
            PollerCounters poller = fixture.server.scoreboard().poller(0);
            Eventually.holds(() -> poller.count(ConnectionState.WRITING) == 1, "response parked in write completion");
            Eventually.holds(() -> fixture.server.scoreboard().slot(0).state() == WorkerState.READY,
                    "the worker is free again");
            try (RawClient other = fixture.connect()) {
                assertEquals(612, other.get("/small.html").read().body().length);
            }
            RawClient.Reply large = slow.read();
            assertEquals(size, large.body().length);
        }
    }

    @Test
    void closesAResponseThatStallsPastTheTimeout() throws Exception {
        ServerFixture.site(docroot);
        try (var file = new java.io.RandomAccessFile(docroot.resolve("large.bin").toFile(), "rw")) {
            file.setLength(64L << 20);
        }
        Map<String, Object> settings = new HashMap<>(pool(1, 2));
        settings.put("timeout", "1 s");
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings);
             RawClient stalled = fixture.connect()) {
            stalled.get("/large.bin");
            PollerCounters poller = fixture.server.scoreboard().poller(0);
            Eventually.holds(() -> poller.count(ConnectionState.WRITING) == 1, "response stalled in write completion");
            Eventually.holds(() -> poller.open() == 0, "closed once the write made no progress for the timeout");
        }
    }

    @Test
    void keepsAResponseThatTheClientReadsSlowlyButSteadily() throws Exception {
        ServerFixture.site(docroot);
        byte[] body = new byte[256 * 1024];
        Arrays.fill(body, (byte) 'p');
        Map<String, Object> settings = new HashMap<>(pool(1, 2));
        settings.put("timeout", "1 s");
        settings.put("send-buffer-size", "4 KiB");
        Handler generated = request -> request.rawPath().equals("/generated")
                ? Response.bytes(HttpResponseStatus.OK,
                        "application/octet-stream", body)
                : null;
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings, generated);
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.port()));
            socket.getOutputStream().write("GET /generated HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            long total = 0;
            long start = System.nanoTime();
            int read;
            // The client under test is slow on purpose: 8 KiB every 150 ms, about 5 s for the whole response, far
            // beyond the 1 s timeout, which must count from the last progress, not from the start of the write.
            while ((read = in.read(chunk)) > 0) {
                total += read;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
            }
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) >= 2, "the read really was slow");
            assertTrue(total > body.length, "the whole response arrived: " + total + " bytes");
        }
    }

    @Test
    void thousandIdleConnectionsWithTwoWorkersStillGetServed() throws Exception {
        ServerFixture.site(docroot);
        Map<String, Object> settings = pool(2, 2);
        settings.put("keep-alive-timeout", "60 s");
        List<RawClient> clients = new ArrayList<>();
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            try {
                for (int i = 0; i < 1000; i++) {
                    RawClient client = fixture.connect();
                    clients.add(client);
                    assertEquals(200, client.get("/small.html").read().status());
                }
                PollerCounters poller = fixture.server.scoreboard().poller(0);
                Eventually.holds(() -> poller.count(ConnectionState.KEEPALIVE) == 1000, "1000 idle connections");
                assertEquals(2, fixture.server.scoreboard().totals().idleWorkers());
                for (int i : new int[] {0, 499, 999}) {
                    assertEquals(200, clients.get(i).get("/index.html").read().status());
                }
                try (RawClient fresh = fixture.connect()) {
                    assertEquals(200, fresh.get("/small.html").read().status());
                }
            } finally {
                for (RawClient client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void saturationPausesAcceptingAndAnswers503WhenTheQueueIsFull() throws Exception {
        ServerFixture.site(docroot);
        BlockingHandler handler = new BlockingHandler();
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, pool(1, 2), handler);
             RawClient c1 = fixture.connect(); RawClient c2 = fixture.connect();
             RawClient c3 = fixture.connect(); RawClient c4 = fixture.connect()) {
            PollerCounters poller = fixture.server.scoreboard().poller(0);
            Eventually.holds(() -> poller.accepted() == 4, "four connections accepted");
            c1.get("/block");
            handler.awaitEntered(1);
            c2.get("/block");
            c3.get("/block");
            Eventually.holds(() -> !fixture.server.scoreboard().accepting(), "accepting paused");
            RawClient.Reply refused = c4.get("/block").read();
            assertEquals(503, refused.status());
            assertEquals("close", refused.header("Connection"));
            assertTrue(c4.closedByServer());
            try (RawClient late = fixture.connect()) {
                late.get("/small.html");
                assertTrue(late.nothingArrivesWithin(300), "served while accepting was paused");
                assertEquals(4, poller.accepted());
                handler.release();
                for (RawClient client : List.of(c1, c2, c3)) {
                    assertEquals("released", client.read().text());
                }
                assertEquals(612, late.read().body().length);
            }
            assertTrue(fixture.server.scoreboard().accepting());
        }
    }

    @Test
    void stopsAcceptingAtMaxConnectionsUntilOneCloses() throws Exception {
        ServerFixture.site(docroot);
        Map<String, Object> settings = new HashMap<>(pool(2, 2));
        settings.put("mpm.max-connections", 2);
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings);
             RawClient second = fixture.connect()) {
            PollerCounters poller = fixture.server.scoreboard().poller(0);
            RawClient first = fixture.connect();
            assertEquals(200, first.get("/small.html").read().status());
            assertEquals(200, second.get("/small.html").read().status());
            Eventually.holds(() -> !fixture.server.scoreboard().accepting(), "accepting stopped at the limit");
            try (RawClient third = fixture.connect()) {
                third.get("/small.html");
                assertTrue(third.nothingArrivesWithin(300), "served beyond max-connections");
                assertEquals(2, poller.accepted());
                first.close();
                assertEquals(612, third.read().body().length);
            }
            assertEquals(3, poller.accepted());
        }
    }

    @Test
    void immediateStopCutsAGracefulStopShort() throws Exception {
        ServerFixture.site(docroot);
        BlockingHandler handler = new BlockingHandler();
        Map<String, Object> settings = new HashMap<>(pool(2, 2));
        settings.put("graceful-shutdown-timeout", "30 s");
        ServerFixture fixture = ServerFixture.start("epoll", docroot, settings, handler);
        try (RawClient busy = fixture.connect()) {
            busy.get("/block");
            handler.awaitEntered(1);
            CompletableFuture<Void> graceful = CompletableFuture.runAsync(fixture::close);
            Eventually.holds(() -> fixture.server.scoreboard().stopping(), "graceful stop begun");
            long start = System.nanoTime();
            fixture.server.stop(Duration.ZERO);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 5_000, "SIGINT's stop waited " + took + " ms for a 30 s graceful stop");
            graceful.get(5, TimeUnit.SECONDS);
            assertThrows(IOException.class, busy::read, "the request in progress is cut off, unanswered");
        } finally {
            handler.release();
        }
    }

    @Test
    void gracefulStopFinishesInFlightRequestAndClosesIdleConnections() throws Exception {
        ServerFixture.site(docroot);
        BlockingHandler handler = new BlockingHandler();
        ServerFixture fixture = ServerFixture.start("epoll", docroot, pool(2, 2), handler);
        try (RawClient busy = fixture.connect(); RawClient idle = fixture.connect()) {
            assertEquals(200, idle.get("/small.html").read().status());
            busy.get("/block");
            handler.awaitEntered(1);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(fixture::close);
            Eventually.holds(() -> fixture.server.scoreboard().stopping(), "stop begun");
            assertTrue(idle.closedByServer(), "idle keep-alive connection closed at once");
            Eventually.holds(() -> refusesConnections(fixture.port()), "listener closed");
            assertFalse(stopped.isDone());
            handler.release();
            RawClient.Reply reply = busy.read();
            assertEquals("released", reply.text());
            assertEquals("close", reply.header("Connection"));
            assertTrue(busy.closedByServer());
            stopped.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void spareThreadsGrowToTheMinimumAndShrinkToTheMaximum() throws Exception {
        ServerFixture.site(docroot);
        Map<String, Object> growing = new HashMap<>(pool(2, 2));
        growing.putAll(Map.of("mpm.max-request-workers", 8, "mpm.min-spare-threads", 6, "mpm.max-spare-threads", 8));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, growing)) {
            assertEquals(2, liveWorkers(fixture), "a process starts threads-per-child workers");
            Eventually.holds(() -> liveWorkers(fixture) >= 6, "spawned up to min-spare-threads");
            Map<String, Object> shrinking = new HashMap<>(pool(2, 2));
            shrinking.putAll(Map.of("mpm.max-request-workers", 8, "mpm.max-spare-threads", 2));
            fixture.reload(shrinking);
            Eventually.holds(() -> liveWorkers(fixture) == 2, "retired down to max-spare-threads");
            try (RawClient client = fixture.connect()) {
                assertEquals(200, client.get("/small.html").read().status());
            }
        }
    }

    private static long liveWorkers(ServerFixture fixture) {
        var scoreboard = fixture.server.scoreboard();
        return java.util.stream.IntStream.range(0, scoreboard.slotCount())
                .filter(i -> scoreboard.slot(i).state() != WorkerState.DEAD).count();
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void workersAreNamedAndPollerIsNamed() throws Exception {
        ServerFixture.site(docroot);
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, pool(2, 2));
             RawClient client = fixture.connect()) {
            assertEquals(200, client.get("/").read().status());
            List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
            assertTrue(names.contains("pollux-poller-1"), names.toString());
            assertTrue(names.stream().anyMatch(name -> name.startsWith("pollux-worker-")), names.toString());
        }
    }
}
