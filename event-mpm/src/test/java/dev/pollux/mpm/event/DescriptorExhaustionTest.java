package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Running out of file descriptors while accepting (EMFILE), in a server JVM of its own started under a low
 * {@code ulimit -n}, its descriptors then taken by idle connections: the poller pauses accepting instead of
 * spinning on the error, logs it once, and serves the connections that waited in the backlog once the idle ones
 * close.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DescriptorExhaustionTest {

    private static final Pattern ACCEPT_FAILURES = Pattern.compile("\"accept_failures_total\":(\\d+)");
    private static final String REPORT = "Cannot accept connections";
    /** The server's {@code ulimit -n}: room for its start and a couple of hundred connections. */
    private static final int LIMIT = 256;

    @TempDir
    Path directory;

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void backsOffWhileDescriptorsRunOutAndRecovers(String transport) throws Exception {
        List<RawClient> idle = new ArrayList<>();
        List<RawClient> waiting = new ArrayList<>();
        // The idle connections must outlive the test: their keep-alive timeout would free descriptors early.
        try (ChildServer server = ChildServer.start(directory, transport, Map.of("keep-alive-timeout", "1 h"), LIMIT);
             RawClient status = server.connect()) {
            assertEquals(200, status.get("/small.html").read().status());
            // Idle keep-alive connections take every descriptor but three.
            for (int left = server.descriptorsLeft(LIMIT); left > 3; left--) {
                RawClient client = server.connect();
                idle.add(client);
                assertEquals(200, client.get("/small.html").read().status());
            }
            long exhausted = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                waiting.add(server.connect().get("/small.html"));
            }
            server.awaitLine(line -> line.contains(REPORT), 30);
            // Beyond the three descriptors left, connections wait in the backlog, unanswered.
            assertTrue(waiting.get(waiting.size() - 1).nothingArrivesWithin(2_500), "answered while exhausted");
            closeAll(idle);
            for (RawClient client : waiting) {
                assertEquals(200, client.read().status());
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - exhausted) + 1;
            long failures = acceptFailures(status);
            // One attempt a second while exhausted, not a poller spinning on the error thousands of times.
            assertTrue(failures >= 1 && failures <= seconds + 2, failures + " failures in " + seconds + " s");
            assertEquals(1, server.lines().stream().filter(line -> line.contains(REPORT)).count(), "logged once");
        } finally {
            closeAll(idle);
            closeAll(waiting);
        }
    }

    private static void closeAll(List<RawClient> clients) throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        clients.clear();
    }

    private static long acceptFailures(RawClient client) throws IOException {
        String json = new String(client.get("/server-status?json").read().body(), StandardCharsets.UTF_8);
        Matcher failures = ACCEPT_FAILURES.matcher(json);
        assertTrue(failures.find(), json);
        return Long.parseLong(failures.group(1));
    }
}
