package dev.pollux.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AccessLogTest {

    private static final LogFormat URI_ONLY = LogFormat.parse("%U");

    @TempDir
    Path dir;

    private static AccessLogSettings enabled(Path path) {
        return new AccessLogSettings(true, path, URI_ONLY);
    }

    private static List<String> lines(Path path) throws IOException {
        return Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(AccessLogWriter.THREAD_NAME))
                .count();
    }

    @Test
    void everyEntryLoggedFromManyThreadsBeforeCloseIsWritten() throws Exception {
        Path path = dir.resolve("access.log");
        int threads = 4;
        int perThread = 5_000;
        AccessLog log = AccessLog.open(enabled(path));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = "/t" + t + "/";
            Thread producer = new Thread(() -> {
                await(start);
                for (int i = 0; i < perThread; i++) {
                    log.log(TestEntries.get(prefix + i));
                }
            });
            producer.start();
            producers.add(producer);
        }
        start.countDown();
        for (Thread producer : producers) {
            producer.join();
        }
        log.close();

        List<String> lines = lines(path);
        assertEquals(threads * perThread, lines.size());
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expected.add("/t" + t + "/" + i);
            }
        }
        assertEquals(expected, new HashSet<>(lines));
    }

    @Test
    void entryReachesTheFileWithinTwoSecondsWithoutClose() throws Exception {
        Path path = dir.resolve("access.log");
        try (AccessLog log = AccessLog.open(enabled(path))) {
            log.log(TestEntries.get("/soon"));
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!lines(path).equals(List.of("/soon")) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertEquals(List.of("/soon"), lines(path));
        }
    }

    @Test
    void disabledLogCreatesNoFileAndStartsNoThread() {
        Path path = dir.resolve("logs").resolve("access.log");
        long before = writerThreads();
        AccessLog log = AccessLog.open(new AccessLogSettings(false, path, URI_ONLY));
        log.log(TestEntries.get("/ignored"));
        assertEquals(before, writerThreads());
        log.close();
        assertFalse(Files.exists(path.getParent()));
    }

    @Test
    void createsParentDirectoriesAndAppendsToAnExistingFile() throws Exception {
        Path path = dir.resolve("var").resolve("logs").resolve("access.log");
        try (AccessLog log = AccessLog.open(enabled(path))) {
            log.log(TestEntries.get("/first"));
        }
        try (AccessLog log = AccessLog.open(enabled(path))) {
            log.log(TestEntries.get("/second"));
        }
        assertEquals(List.of("/first", "/second"), lines(path));
    }

    @Test
    void closeStopsTheWriterThreadAndLaterEntriesAreDropped() throws Exception {
        Path path = dir.resolve("access.log");
        long before = writerThreads();
        AccessLog log = AccessLog.open(enabled(path));
        assertEquals(before + 1, writerThreads());
        log.log(TestEntries.get("/kept"));
        log.close();
        assertEquals(before, writerThreads());
        log.log(TestEntries.get("/dropped"));
        log.close();
        assertEquals(List.of("/kept"), lines(path));
    }

    @Test
    void closeWritesEverythingEvenWhenTheCallerIsInterrupted() throws Exception {
        Path path = dir.resolve("access.log");
        AccessLog log = AccessLog.open(enabled(path));
        log.log(TestEntries.get("/before-interrupt"));
        Thread.currentThread().interrupt();
        log.close();
        assertTrue(Thread.interrupted(), "close keeps the caller's interrupt");
        assertEquals(List.of("/before-interrupt"), lines(path));
    }

    @Test
    void writesUtf8LiteralsFromTheFormat() throws Exception {
        Path path = dir.resolve("access.log");
        LogFormat format = LogFormat.parse("\u00bb %U \u20ac");
        try (AccessLog log = AccessLog.open(new AccessLogSettings(true, path, format))) {
            log.log(TestEntries.get("/caf\u00e9"));
        }
        assertEquals(List.of("\u00bb /caf\\xe9 \u20ac"), lines(path));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
