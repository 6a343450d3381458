package dev.pollux.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AccessLogWriterTest {

    /** A file that fails every write until {@link #repair()}, and signals the first failure and the close. */
    private static final class BrokenThenRepairedStream extends OutputStream {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final CountDownLatch failed = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile boolean broken = true;

        void repair() {
            broken = false;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (broken) {
                failed.countDown();
                throw new IOException("No space left on device");
            }
            written.write(b, off, len);
        }

        @Override
        public void close() {
            closed.countDown();
        }

        synchronized String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    /** Headers whose lookup fails, standing in for a bug in a handler's header implementation. */
    private static final class ThrowingHeaders extends DefaultHttpHeaders {
        @Override
        public List<String> getAll(CharSequence name) {
            throw new IllegalStateException("broken headers");
        }
    }

    @Test
    void survivesWriteErrorsAndCarriesOnOnceTheFileRecovers() throws Exception {
        BrokenThenRepairedStream file = new BrokenThenRepairedStream();
        AccessLogWriter writer = AccessLogWriter.start(file, LogFormat.parse("%U"), "test.log");
        writer.offer(TestEntries.get("/during-outage"));
        assertTrue(file.failed.await(5, TimeUnit.SECONDS), "the writer tried to flush");

        file.repair();
        writer.offer(TestEntries.get("/after-outage"));
        writer.stop();

        assertEquals(0, file.closed.getCount(), "stop closes the file");
        assertTrue(file.text().endsWith("/after-outage\n"), file.text());
    }

    @Test
    void aFailingFormatCostsOneLineNotTheThread() throws Exception {
        BrokenThenRepairedStream file = new BrokenThenRepairedStream();
        file.repair();
        AccessLogWriter writer = AccessLogWriter.start(file, LogFormat.parse("%{X}i"), "test.log");
        AccessLogEntry poisoned = TestEntries.entry("GET", "/", new ThrowingHeaders(), new ThrowingHeaders());
        writer.offer(poisoned);
        writer.offer(TestEntries.get("/fine"));
        writer.stop();
        assertEquals("-\n", file.text());
    }
}
