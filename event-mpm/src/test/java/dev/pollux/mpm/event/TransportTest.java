package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.PollerCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransportTest {

    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");
    private static final long SETTLED_MILLIS = 200;

    @TempDir
    Path docroot;

    @Test
    void autoChoosesEpollOnLinux() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "Linux only");
        try (ServerFixture fixture = ServerFixture.start("auto", ServerFixture.site(docroot), Map.of());
             RawClient client = fixture.connect()) {
            assertEquals("epoll", fixture.server.transport());
            assertEquals(200, client.get("/").read().status());
        }
    }

    /** The transports that set TCP_NOTSENT_LOWAT: all that load here but nio. */
    static List<String> withNotSentLowWater() {
        return Transports.available().stream().filter(transport -> !transport.equals("nio")).toList();
    }

    @ParameterizedTest
    @MethodSource("withNotSentLowWater")
    void notSentLowWaterKeepsALargeResponseOutOfTheKernelUntilTheClientReads(String transport) throws Exception {
        assumeLinuxWithoutSystemLowWater();
        long queued = settledSendQueueOfStalledLargeResponse(transport, Map.of());
        assertTrue(queued < 256 * 1024, "16 KiB unsent at most, plus the window: " + queued);
    }

    @ParameterizedTest
    @MethodSource("withNotSentLowWater")
    void withoutNotSentLowWaterTheKernelTakesMegabytesAtOnce(String transport) throws Exception {
        assumeLinuxWithoutSystemLowWater();
        // The control for the test above: without the option the same response fills the queue far beyond it.
        long queued = settledSendQueueOfStalledLargeResponse(transport, Map.of("tcp-notsent-lowat", 0));
        assertTrue(queued >= 256 * 1024, "the kernel queues more than 256 KiB: " + queued);
    }

    /** Reads the send queue from /proc/net/tcp, and compares with no low-water mark set for the whole system. */
    private static void assumeLinuxWithoutSystemLowWater() throws IOException {
        assumeTrue(Files.isReadable(PROC_NET_TCP), "Linux only: reads the send queue from /proc/net/tcp");
        Path sysctl = Path.of("/proc/sys/net/ipv4/tcp_notsent_lowat");
        assumeTrue(Long.parseLong(Files.readAllLines(sysctl).get(0).trim()) > 1 << 20,
                "the system sets no low-water mark of its own");
    }

    /**
     * The send queue once it has not changed for {@value #SETTLED_MILLIS} ms: the kernel has taken what it will
     * and the poller waits for the socket to drain.
     */
    private static long settled(LongSupplier queue) {
        long[] last = {-1, System.nanoTime()};
        Eventually.holds(() -> {
            long now = queue.getAsLong();
            if (now != last[0]) {
                last[0] = now;
                last[1] = System.nanoTime();
                return false;
            }
            return now > 0 && System.nanoTime() - last[1] >= TimeUnit.MILLISECONDS.toNanos(SETTLED_MILLIS);
        }, "the send queue settles");
        return last[0];
    }

    /**
     * Requests a 4 MiB file on a connection that reads none of it and returns the server socket's settled send
     * queue: bytes the kernel holds for it, not yet acknowledged.
     */
    private long settledSendQueueOfStalledLargeResponse(String transport, Map<String, Object> settings)
            throws Exception {
        ServerFixture.site(docroot);
        Files.write(docroot.resolve("large.bin"), new byte[4 << 20]);
        try (ServerFixture fixture = ServerFixture.start(transport, docroot, settings);
             RawClient stalled = fixture.connect()) {
            stalled.get("/large.bin");
            PollerCounters poller = fixture.server.scoreboard().poller(0);
            Eventually.holds(() -> poller.count(ConnectionState.WRITING) == 1, "response stalled in write completion");
            return settled(() -> serverSendQueue(fixture.port(), stalled.localPort()));
        }
    }

    /**
     * The tx_queue column of the server side of a loopback connection, from /proc/net/tcp or, for the JDK's and
     * Netty's dual-stack sockets, /proc/net/tcp6.
     */
    private static long serverSendQueue(int serverPort, int clientPort) {
        String local = String.format(":%04X", serverPort);
        String remote = String.format(":%04X", clientPort);
        for (Path table : List.of(PROC_NET_TCP, PROC_NET_TCP.resolveSibling("tcp6"))) {
            for (String line : readLines(table)) {
                String[] columns = line.trim().split("\\s+");
                if (columns[1].endsWith(local) && columns[2].endsWith(remote)) {
                    return Long.parseLong(columns[4].substring(0, columns[4].indexOf(':')), 16);
                }
            }
        }
        throw new AssertionError("no server socket " + serverPort + " <- " + clientPort + " in /proc/net/tcp*");
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void nioIsUsedWhenAskedFor() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("nio", ServerFixture.site(docroot), Map.of())) {
            assertEquals("nio", fixture.server.transport());
        }
    }
}
