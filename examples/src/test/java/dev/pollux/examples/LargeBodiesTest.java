package dev.pollux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.mpm.event.PolluxServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that bodies stream: this module's tests run with a 64 MiB heap (surefire's argLine), which holds the
 * server and the client, and a 200 MiB upload and a 1 GiB download go through it with the right digests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LargeBodiesTest {

    private static final long UPLOAD = 200L << 20;
    private static final long DOWNLOAD = 1L << 30;

    @TempDir
    Path uploads;

    @Test
    void theHeapIsSmallerThanTheBodies() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 64L << 20,
                "run with -Xmx64m: " + Runtime.getRuntime().maxMemory());
    }

    @Test
    void a200MiBUploadIsStoredWithItsDigest() throws Exception {
        try (PolluxServer server = Examples.start(uploads)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(Examples.uri(server, "/upload"))
                            .POST(HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> new Pattern(UPLOAD)), UPLOAD))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"sha256\":\"" + digest(new Pattern(UPLOAD)) + "\",\"bytes\":"
                    + UPLOAD), response.body());
        }
    }

    @Test
    void aGibibyteDownloadArrivesWhole() throws Exception {
        try (PolluxServer server = Examples.start(uploads)) {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(Examples.uri(server, "/download/" + DOWNLOAD)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (InputStream body = response.body()) {
                assertEquals(digest(new Pattern(DOWNLOAD)), digest(body));
            }
        }
    }

    private static String digest(InputStream in) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha256.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** {@code length} bytes of the download's pattern, byte {@code i} being {@code i % 251}, made as read. */
    private static final class Pattern extends InputStream {
        private final long length;
        private long position;

        Pattern(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            return position < length ? (int) (position++ % Download.PERIOD) : -1;
        }

        @Override
        public int read(byte[] into, int offset, int count) throws IOException {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                into[offset + i] = (byte) (position++ % Download.PERIOD);
            }
            return n;
        }
    }
}
