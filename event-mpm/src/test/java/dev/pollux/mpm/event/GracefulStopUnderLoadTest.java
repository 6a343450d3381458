package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGTERM while keep-alive clients send requests as fast as they are answered and reconnect whenever a connection
 * ends, as wrk does: every response the server sent arrives whole, no client sees a reset, and each learns of the
 * stop from {@code Connection: close} on a response or from a clean end of its idle connection, then finds the
 * listener gone (connection refused). The listeners close before any response says {@code Connection: close}, so
 * no reconnection can wait in a backlog that the kernel resets.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulStopUnderLoadTest {

    private static final int CLIENTS = 16;
    private static final int REQUESTS_BEFORE_STOP = 2_000;

    @TempDir
    Path directory;

    /** What one client saw. */
    private static final class Tally {
        final AtomicInteger responses = new AtomicInteger();
        final AtomicInteger closedByStop = new AtomicInteger();
        final AtomicInteger cleanEnds = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        /** Resets of connections that had no answer yet: queued in the listen backlog as the listener closed. */
        final AtomicInteger resetUnserved = new AtomicInteger();
        /** What the first reset said and where the client was, for the failure message. */
        final AtomicReference<String> firstReset = new AtomicReference<>();
        final AtomicInteger truncated = new AtomicInteger();
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void answersWhatItReadAndResetsNothing(String transport) throws Exception {
        Path accessLog = directory.resolve("access.log");
        Tally tally = new Tally();
        CountDownLatch loaded = new CountDownLatch(REQUESTS_BEFORE_STOP);
        try (ChildServer server = ChildServer.start(directory, transport, Map.of("access-log.enabled", "on",
                "access-log.path", accessLog.toString(), "max-keep-alive-requests", "0"))) {
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Thread client = new Thread(() -> requestUntilRefused(server.port(), tally, loaded), "client-" + i);
                client.start();
                clients.add(client);
            }
            assertTrue(loaded.await(30, TimeUnit.SECONDS), "clients never got going: " + tally.responses);
            server.terminate();
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(30));
            }
            server.awaitExit(30);
        }
        assertEquals(0, tally.resets.get(), "served connections reset, the first: " + tally.firstReset.get());
        assertEquals(0, tally.truncated.get(), "responses cut short");
        assertTrue(tally.closedByStop.get() + tally.cleanEnds.get() + tally.resetUnserved.get() >= CLIENTS,
                "every client saw the stop");
        // Everything the server answered (its access log, flushed at stop) arrived whole at a client.
        assertEquals(tally.responses.get(), Files.readAllLines(accessLog).size());
    }

    /** Keep-alive requests, one at a time, reconnecting whenever a connection ends, until the listener refuses. */
    private static void requestUntilRefused(int port, Tally tally, CountDownLatch loaded) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            int answered = 0;
            try (RawClient client = new RawClient(port)) {
                while (exchange(client, tally)) {
                    answered++;
                    loaded.countDown();
                }
            } catch (ConnectException refused) {
                return;
            } catch (SocketException e) {
                if (answered == 0) {
                    // The kernel completed the handshake into the listen backlog and reset the connection when
                    // the listener closed: the server never accepted it (httpd's listeners do the same at a stop).
                    // Only the access log's count below can tell this from an accepted connection lost.
                    tally.resetUnserved.incrementAndGet();
                    return;
                }
                tally.resets.incrementAndGet();
                tally.firstReset.compareAndSet(null, e + " at " + e.getStackTrace()[0]);
            } catch (IOException e) {
                tally.truncated.incrementAndGet();
            }
        }
    }

    /** One request and its response; whether the connection stays open for another. */
    private static boolean exchange(RawClient client, Tally tally) throws IOException {
        RawClient.Reply reply;
        try {
            reply = client.get("/small.html").read();
        } catch (IOException e) {
            if ("connection closed before a response".equals(e.getMessage())) {
                // The server closed the idle connection as the request was on its way: it never read it.
                tally.cleanEnds.incrementAndGet();
                return false;
            }
            throw e;
        }
        if (reply.status() != 200 || reply.body().length != 612) {
            tally.truncated.incrementAndGet();
            return false;
        }
        tally.responses.incrementAndGet();
        if ("close".equals(reply.header("Connection"))) {
            tally.closedByStop.incrementAndGet();
            return false;
        }
        return true;
    }
}
